# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make demo   the impact report of the bundled sample claim, in reports/
#   make test   the whole test suite, notebooks included
#   make report the claim notebook (02) run on the sample and exported to HTML, in reports/
# The virtualenv is made once; it is reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check

DEMO_ARGS := --orders sample_data/orders.csv --outages sample_data/outages.csv \
	--tz Asia/Shanghai --channel whatsapp --control website --margin 0.4 \
	--as-of 2026-08-10T10:00:00+08:00

.PHONY: demo test report clean

demo: $(VENV)/.notebooks
	@mkdir -p reports
	$(BIN)/claimstats report $(DEMO_ARGS) --out reports/impact_report.html --json reports/impact_report.json \
		--xlsx reports/impact_loss_schedule.xlsx --force

# Notebook 02 run on the sample claim (papermill) into reports/claim_report.ipynb, with the
# impact report it writes, then the analysis as a page without code: reports/claim_report.html.
# Other parameters: make report REPORT_PARAMS="-p orders_path my.csv -p lang en -p margin 0.3".
# The page needs no network: plotly.js is embedded once by the notebook; the <script src> tags
# that nbconvert (require.js, MathJax) and plotly (MathJax) point at CDNs are taken out, and
# the page is refused if one is left. Files are made in reports/.report-tmp and moved into
# reports/ only when all steps succeeded, so a failed run leaves the last good ones.
REPORT_PARAMS ?=

report: $(VENV)/.notebooks
	@mkdir -p reports
	@rm -rf reports/.report-tmp && mkdir reports/.report-tmp
	$(BIN)/papermill --no-progress-bar notebooks/02_claim_report.ipynb reports/.report-tmp/claim_report.ipynb \
		-p output_path reports/impact_report_notebook.html $(REPORT_PARAMS)
	$(BIN)/jupyter nbconvert --to html --no-input --output-dir reports/.report-tmp \
		--output claim_report_online reports/.report-tmp/claim_report.ipynb
	sed -E 's#<script src="https?://[^"]*"> ?</script>##g' reports/.report-tmp/claim_report_online.html \
		> reports/.report-tmp/claim_report.html
	@! grep -Eq '<script src="https?://' reports/.report-tmp/claim_report.html || \
		{ echo "make report: the page still loads a script from the network; nothing written" >&2; exit 1; }
	mv reports/.report-tmp/claim_report.ipynb reports/.report-tmp/claim_report.html reports/
	@rm -rf reports/.report-tmp

# Python may keep compiled modules for the next run, even where the machine says not to
# (PYTHONDONTWRITEBYTECODE): each run would otherwise compile every module anew.
test: $(VENV)/.dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "claimstats needs Python 3.11 or newer; run make PYTHON=python3.12 (or another 3.11+)")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.notebooks: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e ".[notebooks]"
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e ".[notebooks,dev]"
	@touch $@ $(VENV)/.notebooks

clean:
	rm -rf $(VENV) reports build *.egg-info
