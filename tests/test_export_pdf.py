"""The PDF report: printed by headless Chromium, charts drawn, A4 pages, written atomically."""

from __future__ import annotations

import re
import zlib
from importlib import resources

import pytest

import claimstats.export.pdf as pdf_module
from claimstats.datasets import demo_report
from claimstats.errors import ConfigError
from claimstats.export.browser import BrowserError, find_browser
from claimstats.export.pdf import PAGE_WIDTH_PX, write_pdf

needs_browser = pytest.mark.skipif(
    find_browser() is None, reason="needs Chromium or Chrome (apt-get install chromium)"
)


# --- a small reader of the PDFs Chromium writes: pages, and the text of each page ---------
def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(?m)^(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    start = re.search(rb"stream\r?\n", body).end()
    data = body[start : start + int(re.search(rb"/Length (\d+)", body).group(1))]
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _to_unicode(cmap: bytes) -> dict[str, str]:
    """Glyph code (4 hex digits) -> text, from a ToUnicode CMap."""
    decode = lambda h: bytes.fromhex(h.decode()).decode("utf-16-be")  # noqa: E731
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[src.decode().upper()] = decode(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[f"{code:04X}"] = chr(first + offset)
    return mapping


def _pages(pdf: bytes) -> list[str]:
    """The text of each page, in drawing order, without spaces."""
    objects = _objects(pdf)
    ref = lambda body, key: int(re.search(rb"/" + key + rb"\s+(\d+) 0 R", body).group(1))  # noqa: E731
    texts = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page(?![s\w])", body):
            continue
        fonts = {}
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        for name, number in re.findall(rb"/([\w.+-]+)\s+(\d+) 0 R", font_dict.group(1)):
            font = objects[int(number)]
            fonts[name] = _to_unicode(_stream(objects[ref(font, b"ToUnicode")]))
        content = _stream(objects[ref(body, b"Contents")])
        chars, cmap = [], {}
        for match in re.finditer(rb"/([\w.+-]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>", content):
            if match.group(1):
                cmap = fonts.get(match.group(1), {})
                continue
            hexa = match.group(2).decode().upper()
            chars += [cmap.get(hexa[i : i + 4], "") for i in range(0, len(hexa), 4)]
        texts.append("".join("".join(chars).split()))
    return texts


def _fake_print(browser, *flags, timeout):
    """Stands in for the browser: writes a tiny 'PDF' where it was asked to print."""
    target = next(f for f in flags if f.startswith("--print-to-pdf=")).split("=", 1)[1]
    with open(target, "wb") as stream:
        stream.write(b"%PDF-1.4 fake")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    report = demo_report(lang="en")
    page = report.to_html(folder / "report.html")
    path = write_pdf(page, folder / "report.pdf")
    return report, path, path.read_bytes()


@needs_browser
def test_the_demo_report_prints_to_a_pdf_of_a4_pages(printed):
    _, path, data = printed
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", data)
    assert len(pages) >= 4
    boxes = {
        tuple(round(float(v)) for v in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)
    }
    assert boxes == {(0, 0, 595, 842)}  # A4 in points
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html", "report.pdf"]


@needs_browser
def test_the_pdf_shows_the_numbers_and_the_drawn_charts(printed):
    report, _, data = printed
    pages = _pages(data)
    text = "".join(pages)
    assert "Serviceinterruptionimpactreport" in text
    assert f"{report.loss.net_lost_revenue:,.2f}" == "39,741.30"
    assert "Netdirectloss(revenue)CN¥39,741.30" in text  # the demo's claim, in the summary
    # the charts' titles are headings of the page; their axes, legends and labels are
    # drawn by plotly.js: present only if the scripts ran before printing
    assert "Cumulativeloss" in text
    assert "whatsappordersperhour:actualandexpected" in text
    assert "Interruptionsonatimeline" in text
    assert "Localtime(UTC+8)" in text
    assert "Normalvariation" in text
    assert "#127h15min" in text


@needs_browser
def test_every_page_is_numbered_n_of_total(printed):
    pages = _pages(printed[2])
    assert [page[: len(f"{n}/{len(pages)}")] for n, page in enumerate(pages, 1)] == [
        f"{n}/{len(pages)}" for n in range(1, len(pages) + 1)
    ]


def test_an_existing_pdf_is_replaced_whole(tmp_path, monkeypatch):
    html = tmp_path / "report.html"
    html.write_text("<p>x</p>", encoding="utf-8")
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(pdf_module, "find_browser", lambda browser=None: "/usr/bin/chromium")
    monkeypatch.setattr(pdf_module, "run_browser", _fake_print)
    write_pdf(html, target)
    assert target.read_bytes() == b"%PDF-1.4 fake"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.pdf"]


@needs_browser
def test_a_failing_browser_leaves_no_file(printed, tmp_path):
    html = printed[1].with_name("report.html")
    with pytest.raises(BrowserError):
        write_pdf(html, tmp_path / "report.pdf", browser="/bin/false")
    assert list(tmp_path.iterdir()) == []


def test_the_page_is_printed_at_the_page_width_after_its_scripts(tmp_path, monkeypatch):
    html = tmp_path / "report.html"
    html.write_text("<p>x</p>", encoding="utf-8")
    calls = []

    def fake_run(browser, *flags, timeout):
        calls.append((browser, flags, timeout))
        _fake_print(browser, *flags, timeout=timeout)

    monkeypatch.setattr(pdf_module, "find_browser", lambda browser=None: "/usr/bin/chromium")
    monkeypatch.setattr(pdf_module, "run_browser", fake_run)
    path = write_pdf(html, tmp_path / "out.pdf", timeout=30, budget=5)
    assert path.read_bytes() == b"%PDF-1.4 fake"
    ((browser, flags, timeout),) = calls
    assert (browser, timeout) == ("/usr/bin/chromium", 30)
    assert flags[-1] == html.resolve().as_uri()
    assert "--virtual-time-budget=5000" in flags
    assert f"--window-size={PAGE_WIDTH_PX + 56},1200" in flags
    assert PAGE_WIDTH_PX == 703  # 186 mm at 96 px per inch


def test_window_width_follows_the_margins_in_the_css():
    css = (resources.files("claimstats.report") / "templates" / "report.css").read_text("utf-8")
    page = re.search(r"@page \{[^@]*margin: (\d+)mm (\d+)mm", css)
    assert page is not None
    assert int(page.group(2)) == 12  # left and right margins of PAGE_WIDTH_PX
    assert re.search(r"^main \{[^}]*padding: \d+px 28px", css, re.M)  # _SCREEN_PADDING_PX
    assert "size: A4" in css


def test_output_that_is_not_a_pdf_is_an_error(tmp_path, monkeypatch):
    html = tmp_path / "report.html"
    html.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setattr(pdf_module, "find_browser", lambda browser=None: "/usr/bin/chromium")
    monkeypatch.setattr(pdf_module, "run_browser", lambda *args, timeout: None)
    with pytest.raises(BrowserError, match="printed no PDF"):
        write_pdf(html, tmp_path / "out.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_missing_browser_says_to_install_chromium(tmp_path, monkeypatch):
    html = tmp_path / "report.html"
    html.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setattr(pdf_module, "find_browser", lambda browser=None: None)
    with pytest.raises(ConfigError, match="apt-get install chromium"):
        write_pdf(html, tmp_path / "out.pdf")


def test_missing_html_or_folder_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        write_pdf(tmp_path / "nothing.html", tmp_path / "out.pdf")
    html = tmp_path / "report.html"
    html.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(ConfigError, match="does not exist"):
        write_pdf(html, tmp_path / "missing" / "out.pdf")
    with pytest.raises(ConfigError, match="not an executable"):
        write_pdf(html, tmp_path / "out.pdf", browser="/nonexistent/chromium")
