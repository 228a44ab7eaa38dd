"""Chart images: PNG and SVG drawn by Kaleido in the installed Chromium, same bytes each time."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
import xml.etree.ElementTree as ET

import pytest

import claimstats.export.images as images
from claimstats.datasets import demo_report
from claimstats.errors import ConfigError
from claimstats.export.browser import BrowserError, find_browser
from claimstats.export.images import export_charts, render_charts

needs_drawing = pytest.mark.skipif(
    importlib.util.find_spec("kaleido") is None or find_browser() is None,
    reason="needs Kaleido (pip install 'claimstats[images]') and Chromium (apt-get install chromium)",
)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report():
    return demo_report(lang="en")


@pytest.fixture(scope="module")
def drawn(report):
    return render_charts(report, ["png", "svg"])


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_drawing
def test_every_chart_in_every_format_with_fixed_names(drawn):
    assert list(drawn) == [
        "chart-timeline.png",
        "chart-timeline.svg",
        "chart-loss.png",
        "chart-loss.svg",
        "chart-control.png",
        "chart-control.svg",
        "chart-placebo.png",
        "chart-placebo.svg",
        "chart-cumulative.png",
        "chart-cumulative.svg",
    ]


@needs_drawing
def test_png_is_the_chart_height_at_twice_the_pixels(drawn):
    # 1000 CSS pixels wide at scale 2; the timeline is 220 high, the others 380
    assert _png_size(drawn["chart-timeline.png"]) == (2000, 440)
    assert _png_size(drawn["chart-loss.png"]) == (2000, 760)


@needs_drawing
def test_svg_holds_the_chart_text_and_no_random_ids(drawn):
    svg = drawn["chart-cumulative.svg"].decode()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("1000", "380")
    texts = {"".join(node.itertext()) for node in root.iter(f"{SVG}text")}
    assert "Cumulative loss" in texts
    assert "Local time (UTC+8)" in texts
    assert 'id="defs-cumulative"' in svg
    assert 'clip-path="url(#clipcumulativexyplot)"' in svg
    assert not re.search(r"(defs-|clip|trace)[0-9a-f]{6}", svg)


@needs_drawing
def test_every_svg_names_its_ids_after_its_chart(drawn):
    # Plotly draws one random id into each SVG (defs, clip paths, legend) and the trace
    # classes carry the traces' uids: in every chart, all of them are the chart's name.
    for file, data in drawn.items():
        if file.endswith(".svg"):
            chart = file.removeprefix("chart-").removesuffix(".svg")
            svg = data.decode()
            ids = re.findall(r'(?:\bid="|url\(#)([^")]+)', svg)
            assert {f"defs-{chart}", f"topdefs-{chart}", f"clip{chart}xyplot"} <= set(ids)
            assert all(chart in i for i in ids), (file, ids)
            classes = " ".join(re.findall(r'class="([^"]*)"', svg)).split()
            uids = {c for c in classes if c.startswith("trace")} - {"trace", "traces"}
            assert all(uid.startswith(f"trace{chart}") for uid in uids), (file, uids)
            assert not re.search(r"(defs-|clip|legend|trace)[0-9a-f]{6}", svg), file


@needs_drawing
def test_same_report_gives_the_same_image_bytes(report, drawn, monkeypatch):
    # A fresh call, in a new browser, formats in the other order: the same bytes. Drawn
    # for one chart, the loss chart (the most traces, and a legend), since each chart
    # costs the browser time; every chart's SVG ids are checked in the test above.
    figures = images.report_figures
    monkeypatch.setattr(images, "report_figures", lambda shown: {"loss": figures(shown)["loss"]})
    again = render_charts(report, ["svg", "png"])
    assert list(again) == ["chart-loss.svg", "chart-loss.png"]
    assert again == {name: drawn[name] for name in again}


def test_export_writes_each_file_into_a_new_folder(report, drawn, tmp_path, monkeypatch):
    asked = {}

    def fake_render(report, formats, **options):
        asked.update(formats=formats, **options)
        return drawn

    monkeypatch.setattr(images, "render_charts", fake_render)
    folder = tmp_path / "charts" / "claim"
    paths = export_charts(report, folder, ["png", "svg"], width=800)
    assert asked == {"formats": ["png", "svg"], "width": 800}
    assert [p.name for p in paths] == list(drawn)
    assert sorted(p.name for p in folder.iterdir()) == sorted(drawn)
    assert all(p.read_bytes() == drawn[p.name] for p in paths)


@needs_drawing
def test_a_browser_that_fails_is_a_browser_error(report):
    with pytest.raises(BrowserError, match="could not draw the charts"):
        render_charts(report, ["svg"], browser="/bin/false", timeout=10)


def test_unknown_format_is_a_config_error(report):
    with pytest.raises(ConfigError, match=re.escape("give one or more of ['png', 'svg'")):
        render_charts(report, ["png", "bmp"])
    with pytest.raises(ConfigError, match="give one or more"):
        render_charts(report, [])


def test_missing_kaleido_says_what_to_install(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "kaleido", None)
    with pytest.raises(ConfigError, match=re.escape("pip install 'claimstats[images]'")):
        render_charts(report)


def test_missing_browser_says_to_install_chromium(report, monkeypatch):
    monkeypatch.setattr(images, "find_browser", lambda browser=None: None)
    monkeypatch.setitem(sys.modules, "kaleido", object())
    with pytest.raises(ConfigError, match="apt-get install chromium"):
        render_charts(report)


def test_a_browser_that_is_not_there_is_a_config_error(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "kaleido", object())
    with pytest.raises(ConfigError, match="not an executable"):
        render_charts(report, browser="/nonexistent/chromium")


def test_random_svg_ids_become_the_chart_name():
    svg = (
        b'<svg><defs id="defs-0ae845"><clipPath id="clip0ae845xyplot"/></defs>'
        b'<g clip-path="url(#clip0ae845xyplot)"/><defs id="topdefs-0ae845"/>'
        b'<text>clip0ae845 in a label stays</text><path d="M0ae845"/></svg>'
    )
    assert images._fixed_svg(svg, "loss") == (
        b'<svg><defs id="defs-loss"><clipPath id="cliplossxyplot"/></defs>'
        b'<g clip-path="url(#cliplossxyplot)"/><defs id="topdefs-loss"/>'
        b'<text>clip0ae845 in a label stays</text><path d="M0ae845"/></svg>'
    )


def _fake_draw(failures: list[str]):
    """A _draw that fails with each of ``failures`` in turn, then draws tiny images."""
    calls = []

    async def draw(kaleido, jobs, browser, options):
        calls.append(browser)
        if len(calls) <= len(failures):
            raise RuntimeError(failures[len(calls) - 1])
        return [b"<svg/>" if fmt == "svg" else b"png" for _name, fmt, _figure in jobs]

    return draw, calls


def test_a_page_that_was_not_ready_is_drawn_again_once(report, monkeypatch):
    monkeypatch.setattr(images, "_kaleido", lambda: object())
    monkeypatch.setattr(images, "_browser", lambda browser: "/usr/bin/chromium")
    draw, calls = _fake_draw(["ReferenceError: kaleido_scopes is not defined"])
    monkeypatch.setattr(images, "_draw", draw)
    drawn = render_charts(report, ["png"])
    assert len(calls) == 2
    assert set(drawn.values()) == {b"png"}
    # Twice not ready, or any other failure: a BrowserError, no endless retries.
    draw, calls = _fake_draw(["kaleido_scopes is not defined"] * 2)
    monkeypatch.setattr(images, "_draw", draw)
    with pytest.raises(BrowserError, match="kaleido_scopes is not defined"):
        render_charts(report, ["png"])
    assert len(calls) == 2
    draw, calls = _fake_draw(["the browser crashed"])
    monkeypatch.setattr(images, "_draw", draw)
    with pytest.raises(BrowserError, match="the browser crashed"):
        render_charts(report, ["png"])
    assert len(calls) == 1
