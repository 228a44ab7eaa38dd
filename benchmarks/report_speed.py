"""How long a single claim's report takes, from the command line and stage by stage.

The sample claim (``sample_data/``: 15,220 orders on two channels, three outages) is
reported as a user does it, ``claimstats report`` in a new process each time: the HTML
alone, then with the JSON and the xlsx schedule. The goal is the HTML under 3 s on 2
cores, sensitivity table included. A last fresh process times each stage once, first use
included (imports, the first estimate, the first chart), so the table shows where the
time goes. Run ``python benchmarks/report_speed.py [--repeat N]``; the machine is shared
and noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_SETTINGS = [
    "--orders", "sample_data/orders.csv", "--outages", "sample_data/outages.csv",
    "--tz", "Asia/Shanghai", "--channel", "whatsapp", "--control", "website",
    "--margin", "0.4", "--as-of", "2026-08-10T10:00:00+08:00",
]  # fmt: skip

_STAGES = textwrap.dedent(
    """
    import json, sys, time
    start = time.perf_counter()
    marks = {}
    def mark(name):
        global start
        marks[name] = time.perf_counter() - start
        start = time.perf_counter()
    import claimstats as cs
    from claimstats.report import build_report
    mark("import claimstats")
    orders = cs.read_orders("sample_data/orders.csv", tz="Asia/Shanghai")
    outages = cs.read_outages("sample_data/outages.csv", tz="Asia/Shanghai")
    mark("read the files")
    settings = dict(tz="Asia/Shanghai", channel="whatsapp", control="website", margin=0.4,
                    as_of="2026-08-10T10:00+08:00")
    cs.analyze_claim(orders, outages, estimator={"sensitivity": False}, **settings)
    mark("analysis (first, without sensitivity)")
    analysis = cs.analyze_claim(orders, outages, **settings)
    mark("analysis (again, with sensitivity)")
    report = build_report(analysis)
    report.to_html(sys.argv[1] + "/s.html")
    mark("HTML (first)")
    report.to_json(sys.argv[1] + "/s.json")
    mark("JSON")
    from claimstats.report import write_loss_schedule
    write_loss_schedule(report, sys.argv[1] + "/s.xlsx")
    mark("xlsx (first)")
    print(json.dumps(marks))
    """
)


def _command(folder: str, extra: list[str]) -> float:
    """Seconds one ``claimstats report`` takes in a new process."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "claimstats", "report", *_SETTINGS, "--force",
         "--out", f"{folder}/r.html", *extra],
        cwd=_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        runs = {
            "claimstats report (HTML)": [],
            "claimstats report (HTML, JSON, xlsx)": [],
        }
        both = ["--json", f"{folder}/r.json", "--xlsx", f"{folder}/r.xlsx"]
        _command(folder, [])  # warm the disk cache
        for _ in range(args.repeat):
            runs["claimstats report (HTML)"].append(_command(folder, []))
            runs["claimstats report (HTML, JSON, xlsx)"].append(_command(folder, both))
        done = subprocess.run(
            [sys.executable, "-c", _STAGES, folder],
            cwd=_ROOT, check=False, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            sys.exit(done.stderr)
        stages = json.loads(done.stdout)
    print(f"sample claim, {args.repeat} runs each, a new process per run\n")
    print(f"{'command':<40}{'best s':>9}{'median s':>10}")
    for label, times in runs.items():
        print(f"{label:<40}{min(times):>9.2f}{statistics.median(times):>10.2f}")
    print(f"\n{'stage, in one new process':<40}{'s':>9}")
    for stage, seconds in stages.items():
        print(f"{stage:<40}{seconds:>9.2f}")
    median = statistics.median(runs["claimstats report (HTML)"])
    goal = "PASS" if median < 3 else "MISS"
    print(f"\ngoal: a single claim's HTML report under 3 s on 2 cores: {goal} ({median:.2f} s)")


if __name__ == "__main__":
    main()
