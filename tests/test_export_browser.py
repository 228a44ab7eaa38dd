"""The impact report in a real browser, and the helpers that run the browser.

Headless Chromium opens the report with every host name unresolvable. A small client of
the Chrome DevTools protocol, spoken over ``--remote-debugging-pipe`` (no dependency),
records every console message, uncaught exception, browser log entry, request and child
frame or worker of the page; the checks are shown to fail on pages that break the rules.
Chromium's own ``--enable-logging=stderr`` was not enough: it prints console messages
without their level and says nothing of a request that never resolved.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

import claimstats as cs
from claimstats.datasets import DEMO_AS_OF
from claimstats.errors import ConfigError
from claimstats.export import browser as browser_module
from claimstats.export.browser import (
    SAFE_FLAGS,
    BrowserError,
    browser_command,
    find_browser,
    run_browser,
)
from claimstats.report.context import report_context

BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (install Debian's chromium: apt-get install chromium; .ci/run does)",
)

HOSTILE_DESCRIPTION = """<img src=x onerror="document.title='pwned'">"""
HOSTILE_CLAIMANT = "Flowers <script>window.pwned=1</script> Ltd"
HOSTILE_CUSTOMER = "<script>window.pwned=2</script>"
HOSTILE_CHANNEL = "web<script>window.pwned=3</script>"
HOSTILE_EXPENSE = "<svg onload=\"document.title='pwned'\"></svg>courier"
SECTIONS = (
    "summary", "statement", "timeline", "loss", "charts", "policy", "sla", "evidence", "method",
)  # fmt: skip
CHARTS = (
    "chart-timeline",
    "chart-loss",
    "chart-control",
    "chart-placebo",
    "chart-cumulative",
)
TIMEOUT = 60.0
_BAD_CONSOLE_CALLS = {"error", "warning", "assert"}

# Run in the child between fork and exec: the pipe ends become fds 3 and 4, where
# --remote-debugging-pipe expects them (a separate interpreter, so no preexec_fn).
_TRAMPOLINE = (
    "import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); os.dup2(w, 4); "
    "os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])"
)
_CHARTS_DRAWN = """new Promise(resolve => {
  const start = Date.now();
  const drawn = () => document.readyState === "complete" && [...document.querySelectorAll(
    "div.plotly-graph-div")].every(div => div.querySelector(".main-svg"));
  (function poll() {
    if (drawn() || Date.now() - start > 20000) resolve(drawn()); else setTimeout(poll, 50);
  })();
})"""
_FACTS = """({
  title: document.title,
  lang: document.documentElement.lang,
  pwned: "pwned" in window,
  sections: [...document.querySelectorAll("section[id]")].map(section => section.id),
  headings: [...document.querySelectorAll("h2")].map(h => h.textContent),
  charts: Object.fromEntries([...document.querySelectorAll("div.plotly-graph-div")].map(div =>
    [div.id, {svg: div.querySelectorAll(".main-svg").length,
              traces: div.querySelectorAll("g.trace").length}])),
  elements: [...new Set([...document.querySelectorAll("main *")].map(e => e.localName))],
  handlers: document.querySelectorAll("[onerror], [onload]").length,
  scripts: document.scripts.length,
  text: document.querySelector("main") ? document.querySelector("main").innerText : "",
})"""

# How the page fits the window: what sticks out of it (but for what scrolls in a box of
# its own), each table's box, and per chart its title, toolbar (modebar) and text labels
# (ticks, axis titles, legend, bar texts), each label's box against the others'.
_LAYOUT = """(() => {
  const width = window.innerWidth;
  const box = element => element.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const inside = element => box(element).left >= -0.5 && box(element).right <= width + 0.5;
  const scroller = element => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return up;
    }
    return null;
  };
  const name = element => element.localName + (element.id ? "#" + element.id : "")
    + (typeof element.className === "string" && element.className
       ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  // not plotly's measuring box, put out of sight above and left of the page
  const shown = [...document.querySelectorAll("body *")].filter(
    e => box(e).width > 0 && box(e).right > 0 && box(e).bottom > 0);
  const boxes = [...document.querySelectorAll(".table-scroll")];
  return {
    width,
    page_width: document.documentElement.scrollWidth,
    // sticking out of the window, or its content out of its box (a long word)
    wide: shown.filter(e => !scroller(e) && (!inside(e) || e instanceof HTMLElement
      && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible"
      && !["html", "body"].includes(e.localName))).map(name),
    tables: [...document.querySelectorAll("table")].filter(
      t => !inside(t) && !(scroller(t) && inside(scroller(t)))).map(t => t.textContent.slice(0, 40)),
    scrolling: boxes.filter(b => b.scrollWidth > b.clientWidth).length,
    charts: Object.fromEntries([...document.querySelectorAll("div.plotly-graph-div")].map(div => {
      const chart = box(div);
      const title = document.getElementById(div.id + "-title") || div.querySelector(".gtitle");
      const toolbar = div.querySelector(".modebar");
      const labels = [...div.querySelectorAll(".main-svg text")]
        .filter(t => t.textContent.trim() && box(t).width > 0)
        .map(t => ({text: t.textContent, box: box(t)}));
      const overlaps = [];
      labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
        if (meet(a.box, b.box)) overlaps.push([a.text, b.text]);
      }));
      return [div.id, {
        inside: inside(div),
        title: title ? title.textContent : "",
        toolbar: Boolean(toolbar),
        under_toolbar: Boolean(title && toolbar && meet(box(title), box(toolbar))),
        labels: labels.length,
        overlaps,
        cut: labels.filter(l => l.box.left < chart.left - 1 || l.box.right > chart.right + 1)
          .map(l => l.text),
      }];
    })),
  };
})()"""
_SCROLL_BOXES = """[...document.querySelectorAll(".table-scroll")].map(
  box => getComputedStyle(box).overflowX)"""
# plotly redraws a chart (config responsive) a little after the window changes size
_CHARTS_FIT = """new Promise(resolve => {
  const start = Date.now();
  const fit = () => [...document.querySelectorAll("div.plotly-graph-div")].every(div =>
    Math.abs(div.querySelector(".main-svg").getBoundingClientRect().width
             - div.getBoundingClientRect().width) < 1);
  (function poll() {
    if (fit() || Date.now() - start > 10000) resolve(fit()); else setTimeout(poll, 50);
  })();
})"""


def _above_9(fd: int) -> int:
    """``fd`` moved to 10 or above, so that the trampoline's dup2 to 3 and 4 cannot clobber it."""
    import fcntl  # POSIX only, like the pipe itself

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class DevTools:
    """One headless Chromium and the DevTools protocol over its pipe; events are kept."""

    def __init__(self, browser: str, profile: Path) -> None:
        commands_in, self._commands = map(_above_9, os.pipe())
        self._replies, replies_out = map(_above_9, os.pipe())
        command = browser_command(browser, "--remote-debugging-pipe", user_data_dir=profile)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(commands_in), str(replies_out), *command],
            pass_fds=(commands_in, replies_out),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(commands_in)
        os.close(replies_out)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict] = []

    def _receive(self, deadline: float) -> dict | None:
        while b"\0" not in self._buffer:
            wait = max(0.0, deadline - time.monotonic())
            if not select.select([self._replies], [], [], wait)[0]:
                return None
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                msg = f"the browser closed the pipe (exit status {self.process.poll()})"
                raise BrowserError(msg)
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def read(self, until=lambda message: False, timeout: float = TIMEOUT) -> dict | None:
        """Keep messages until one satisfies ``until`` (returned) or ``timeout`` s pass."""
        deadline = time.monotonic() + timeout
        while (message := self._receive(deadline)) is not None:
            self.events.append(message)
            if until(message):
                return message
        return None

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        reply = self.read(until=lambda m: m.get("id") == message["id"])
        if reply is None or "error" in reply:
            problem = reply["error"] if reply else f"no answer within {TIMEOUT:g} s"
            msg = f"{method}: {problem}"
            raise BrowserError(msg)
        return reply["result"]

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)


def _window(devtools: DevTools, session: str, width: int) -> None:
    """The tab's window ``width`` CSS px wide, its scrollbars overlaid as on a phone."""
    window = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    devtools.send("Emulation.setDeviceMetricsOverride", session, **window)
    devtools.send("Emulation.setScrollbarsHidden", session, hidden=True)


def visit(devtools: DevTools, url: str, widths: tuple[int, ...] = ()) -> dict:
    """Open ``url`` in a new tab, wait for the charts, and say what the page did.

    With ``widths``, the page opens in a window of the first width (in CSS px) and is
    then widened to each next one; the result has the page's ``layouts`` by width (when
    the charts have been redrawn to fit), and the overflow of its table boxes when
    ``printed``.
    """
    target = devtools.send("Target.createTarget", url="about:blank")["targetId"]
    session = devtools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        devtools.send(f"{domain}.enable", session)
    if widths:
        _window(devtools, session, widths[0])
    auto_attach = {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True}
    devtools.send("Target.setAutoAttach", session, **auto_attach)
    devtools.send("Page.navigate", session, url=url)
    loaded = {"method": "Page.loadEventFired", "sessionId": session}
    if devtools.read(until=lambda m: loaded.items() <= m.items()) is None:
        msg = f"{url} did not load within {TIMEOUT:g} s"
        raise BrowserError(msg)
    evaluate = {"awaitPromise": True, "returnByValue": True}
    drawn = devtools.send("Runtime.evaluate", session, expression=_CHARTS_DRAWN, **evaluate)
    devtools.read(timeout=0.3)  # late messages, requests of timers and promises
    facts = devtools.send("Runtime.evaluate", session, expression=_FACTS, **evaluate)
    fits = {}
    if widths:
        layouts = {}
        for width in widths:
            if width != widths[0]:
                _window(devtools, session, width)
                fitted = devtools.send(
                    "Runtime.evaluate", session, expression=_CHARTS_FIT, **evaluate
                )
                assert fitted["result"]["value"] is True, (
                    f"the charts were not redrawn at {width} px"
                )
            layout = devtools.send("Runtime.evaluate", session, expression=_LAYOUT, **evaluate)
            layouts[width] = layout["result"]["value"]
        devtools.send("Emulation.setEmulatedMedia", session, media="print")
        boxes = devtools.send("Runtime.evaluate", session, expression=_SCROLL_BOXES, **evaluate)
        fits = {"layouts": layouts, "printed": boxes["result"]["value"]}
    devtools.send("Target.closeTarget", targetId=target)
    problems, requests, children = [], [], []
    for event in (e for e in devtools.events if e.get("sessionId") == session and "method" in e):
        method, params = event["method"], event["params"]
        entry = params.get("entry", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in _BAD_CONSOLE_CALLS:
            text = " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            problems.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            problems.append(f"uncaught: {details.get('exception', {}).get('description', details)}")
        elif method == "Log.entryAdded" and entry["level"] in {"error", "warning"}:
            problems.append(f"{entry['source']} {entry['level']}: {entry['text']}")
        elif method == "Network.requestWillBeSent" and params["request"]["url"] != url:
            requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            requests.append(params["url"])
        elif method == "Target.attachedToTarget":
            children.append(params["targetInfo"]["type"])
    result = {"problems": problems, "requests": requests, "children": children}
    return {"drawn": drawn["result"]["value"], **facts["result"]["value"], **result, **fits}


def _sample_analysis(claim):
    chosen = {"channel": "whatsapp", "control": "website", "margin": 0.4, "as_of": DEMO_AS_OF}
    return cs.analyze_claim(claim.orders, claim.outages, tz=claim.tz, **chosen)


@pytest.fixture(scope="module")
def devtools(tmp_path_factory):
    if BROWSER is None:
        pytest.skip("no Chromium found (install Debian's chromium: apt-get install chromium)")
    client = DevTools(BROWSER, tmp_path_factory.mktemp("profile"))
    yield client
    client.close()


@pytest.fixture(scope="module")
def visits(devtools, reports):
    """Each language's report opened once: in a phone's window, 390 px wide, then widened
    to a desktop's, 1280 px (its charts redrawn to fit, as ``responsive`` has them)."""
    return {
        lang: visit(devtools, path.as_uri(), widths=(390, 1280))
        for lang, (_, path) in reports.items()
    }


@pytest.fixture(scope="module")
def reports(claim, tmp_path_factory):
    """The sample's report in each language, and the paths where they were written."""
    folder = tmp_path_factory.mktemp("reports")
    analysis = _sample_analysis(claim)  # one analysis, a report of it in each language
    built = {lang: cs.build_report(analysis, {"lang": lang}) for lang in ("en", "zh")}
    return {
        lang: (report, report.to_html(folder / f"{lang}.html")) for lang, report in built.items()
    }


def _page(tmp_path: Path, body: str) -> str:
    path = tmp_path / "page.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")
    return path.as_uri()


# --- the helpers ---------------------------------------------------------------------


def test_find_browser_resolves_an_explicit_command_to_its_path():
    assert find_browser(sys.executable) == os.path.abspath(sys.executable)
    assert find_browser("sh") == shutil.which("sh")
    assert BROWSER is None or Path(BROWSER).is_absolute()


def test_find_browser_rejects_a_browser_that_is_not_there(tmp_path):
    with pytest.raises(ConfigError, match=r"'.*nowhere' is not an executable.*install Chromium"):
        find_browser(tmp_path / "nowhere")


def test_browser_command_puts_the_safe_flags_before_the_callers(monkeypatch):
    monkeypatch.setattr(browser_module.os, "geteuid", lambda: 1000)
    command = browser_command(
        "/usr/bin/chromium", "--dump-dom", "file:///r.html", user_data_dir="/p"
    )
    assert command == [
        "/usr/bin/chromium",
        *SAFE_FLAGS,
        "--user-data-dir=/p",
        "--dump-dom",
        "file:///r.html",
    ]
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in SAFE_FLAGS
    assert {"--headless", "--disable-gpu", "--disable-background-networking"} <= set(SAFE_FLAGS)
    assert "--no-sandbox" not in command


def test_browser_command_drops_the_sandbox_only_as_root(monkeypatch):
    monkeypatch.setattr(browser_module.os, "geteuid", lambda: 0)
    command = browser_command("chromium", "--user-data-dir=/p", "about:blank")
    assert command[-3:] == ["--no-sandbox", "--user-data-dir=/p", "about:blank"]


def test_browser_command_needs_a_profile_folder():
    with pytest.raises(ConfigError, match="needs a profile folder of its own; pass user_data_dir="):
        browser_command("chromium", "about:blank")


def _fake_browser(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "chromium"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path


def test_run_browser_stops_a_browser_that_hangs(tmp_path):
    hanging = _fake_browser(tmp_path, "sleep 30")
    started = time.monotonic()
    with pytest.raises(BrowserError, match=r"did not finish within 0.5 s; try a longer timeout"):
        run_browser(hanging, "about:blank", timeout=0.5)
    assert time.monotonic() - started < 5


def test_run_browser_reports_a_failure_with_the_end_of_stderr(tmp_path):
    failing = _fake_browser(tmp_path, 'echo "one\ntwo\nthree\nfour: no display" >&2; exit 3')
    with pytest.raises(BrowserError, match=r"status 3: two \| three \| four: no display$"):
        run_browser(failing, "about:blank")


def test_run_browser_passes_a_fresh_profile_and_the_callers_arguments(tmp_path):
    echo = _fake_browser(tmp_path, 'for a in "$@"; do echo "$a"; done')
    arguments = run_browser(echo, "--dump-dom", "about:blank").stdout.decode().splitlines()
    assert arguments[-2:] == ["--dump-dom", "about:blank"]
    (profile,) = [a.removeprefix("--user-data-dir=") for a in arguments if "user-data-dir" in a]
    assert not Path(profile).exists()  # removed afterwards


# --- the checks catch what they are meant to catch ------------------------------------


@needs_browser
def test_the_check_catches_console_errors_and_exceptions(devtools, tmp_path):
    page = _page(
        tmp_path,
        "<script>console.error('deliberate'); console.log('fine');"
        "console.assert(1 === 2, 'false'); undefined_function();</script>",
    )
    problems = visit(devtools, page)["problems"]
    assert problems[:2] == ["console.error: deliberate", "console.assert: false"]
    assert problems[2].startswith("uncaught: ReferenceError: undefined_function is not defined")
    assert len(problems) == 3


@needs_browser
@pytest.mark.parametrize(
    ("body", "url"),
    [
        ('<script src="https://cdn.example.com/x.js"></script>', "https://cdn.example.com/x.js"),
        (
            '<link rel="stylesheet" href="https://fonts.example.com/a.css">',
            "https://fonts.example.com/a.css",
        ),
        ("<script>fetch('https://api.example.com/ping')</script>", "https://api.example.com/ping"),
        ("<script>new WebSocket('wss://ws.example.com/')</script>", "wss://ws.example.com/"),
        # an address needs no name resolution; loopback, so nothing leaves the machine
        ('<img src="http://127.0.0.1:9/pixel.gif">', "http://127.0.0.1:9/pixel.gif"),
    ],
    ids=["script", "stylesheet", "fetch", "websocket", "ip-address"],
)
def test_the_check_catches_every_request_that_leaves_the_page(devtools, tmp_path, body, url):
    seen = visit(devtools, _page(tmp_path, body))
    assert seen["requests"] == [url]


@needs_browser
def test_the_check_sees_injected_markup_run(devtools, tmp_path):
    seen = visit(devtools, _page(tmp_path, HOSTILE_DESCRIPTION + HOSTILE_CLAIMANT))
    assert seen["pwned"] is True
    assert seen["title"] == "pwned"
    assert seen["handlers"] == 1
    assert seen["requests"] == [(tmp_path / "x").as_uri()]


@needs_browser
def test_the_check_sees_frames_of_the_page(devtools, tmp_path):
    seen = visit(devtools, _page(tmp_path, "<iframe src='https://frame.example.com/'></iframe>"))
    assert seen["requests"] == ["https://frame.example.com/"]
    assert seen["children"] == ["iframe"]


@needs_browser
def test_the_check_sees_what_is_too_wide_cut_or_covered(devtools, tmp_path):
    chart = (
        '<div class="plotly-graph-div" id="chart-x" style="position:relative;width:300px">'
        '<div class="modebar" style="position:absolute;top:0;right:0;width:300px;height:20px">'
        '</div><svg class="main-svg" width="300" height="100"><text class="gtitle" x="5" y="15">'
        'Title</text><text x="10" y="60">one</text><text x="14" y="62">two</text>'
        '<text x="280" y="90">cut off</text></svg></div>'
    )
    body = (
        '<table style="width:600px"><tr><td>wide</td></tr></table>'
        '<div class="table-scroll" style="overflow-x:auto">'
        '<table style="width:900px"><tr><td>scrolls</td></tr></table></div>'
        f"<p>{'x' * 200}</p>{chart}"
    )
    seen = visit(devtools, _page(tmp_path, body), widths=(390,))
    layout = seen["layouts"][390]
    assert layout["width"] == 390
    assert layout["page_width"] > 390
    assert layout["tables"] == ["wide"]  # the one in a box of its own scrolls there
    assert layout["scrolling"] == 1
    assert {"table", "p"} <= set(layout["wide"])
    assert layout["charts"]["chart-x"] == {
        "inside": True,
        "title": "Title",
        "toolbar": True,
        "under_toolbar": True,
        "labels": 4,
        "overlaps": [["one", "two"]],
        "cut": ["cut off"],
    }
    assert seen["printed"] == ["auto"]


# --- the report ---------------------------------------------------------------------


@needs_browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_opens_offline_with_every_section_and_chart(reports, visits, lang):
    report, _ = reports[lang]
    seen = visits[lang]
    context = report_context(report)
    assert seen["problems"] == []
    assert seen["requests"] == []
    assert seen["children"] == []
    assert seen["drawn"] is True
    assert seen["lang"] == ("zh-CN" if lang == "zh" else "en")
    assert seen["title"] == f"{context['title']} · {context['subtitle']}"
    assert seen["sections"] == list(SECTIONS)
    labels = context["labels"]
    assert seen["headings"] == [labels[s] for s in SECTIONS if s != "statement"]
    assert list(seen["charts"]) == list(CHARTS)
    for chart, drawn in seen["charts"].items():
        assert drawn["svg"] >= 1, chart
        assert drawn["traces"] >= 1, chart
    assert seen["scripts"] == 1 + len(CHARTS)  # plotly.js once, one call per chart


@needs_browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_fits_a_phone_and_a_desktop_screen_and_prints_whole(visits, lang, width):
    seen = visits[lang]
    layout = seen["layouts"][width]
    assert seen["problems"] == []
    assert layout["width"] == width
    assert layout["page_width"] <= width  # the page never scrolls sideways
    assert layout["wide"] == []  # nothing sticks out but inside a box that scrolls
    assert layout["tables"] == []  # each table fits, or scrolls in a box that fits
    # on a phone the wide tables (timeline, loss, SLA, evidence) scroll in their boxes
    assert layout["scrolling"] >= (4 if width == 390 else 0)
    assert list(layout["charts"]) == list(CHARTS)
    for name, chart in layout["charts"].items():
        assert chart["inside"], name
        assert chart["title"], name
        assert chart["toolbar"], name
        assert not chart["under_toolbar"], name  # the toolbar covers no title
        assert chart["labels"] >= 5, name
        assert chart["overlaps"] == [], name  # no tick, legend or bar label on another
        assert chart["cut"] == [], name  # nor one cut off at the chart's edge
    # printed, a table's box shows the whole table: nothing scrolls on paper
    assert seen["printed"]
    assert set(seen["printed"]) == {"visible"}


def _png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct (filtered) rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        chunks[kind] = chunks.get(kind, b"") + body
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) in {(8, 2), (8, 6)}
    stride = 1 + width * (3 if colour == 2 else 4)
    pixels = zlib.decompress(chunks[b"IDAT"])
    assert len(pixels) == stride * height
    return width, height, len({pixels[i : i + stride] for i in range(0, len(pixels), stride)})


@needs_browser
def test_screenshot_of_the_report_shows_a_full_page(reports, tmp_path):
    shot = tmp_path / "report.png"
    _, path = reports["zh"]
    run_browser(
        BROWSER,
        f"--screenshot={shot}",
        "--window-size=1280,1600",
        "--hide-scrollbars",
        path.as_uri(),
    )
    width, height, distinct_rows = _png_facts(shot.read_bytes())
    assert (width, height) == (1280, 1600)
    assert distinct_rows > 300  # text, tables and a chart; a blank page has a handful
    assert shot.stat().st_size > 50_000


@needs_browser
def test_hostile_strings_are_shown_as_text_and_never_run(devtools, claim, tmp_path):
    orders = claim.orders.assign(
        customer=HOSTILE_CUSTOMER,
        channel=claim.orders["channel"].replace({"website": HOSTILE_CHANNEL}),
    )
    outages = claim.outages.assign(description=HOSTILE_DESCRIPTION)
    report = cs.build_report(
        cs.analyze_claim(
            orders,
            outages,
            tz=claim.tz,
            channel="whatsapp",
            control=HOSTILE_CHANNEL,
            margin=0.4,
            as_of=DEMO_AS_OF,
            documents=cs.ClaimDocuments(
                expenses=[
                    {"amount": 300, "description": HOSTILE_EXPENSE, "evidence": HOSTILE_CLAIMANT}
                ]
            ),
        ),
        {"claimant": HOSTILE_CLAIMANT, "lang": "en", "include_orders": True, "mask": False},
    )
    path = report.to_html(tmp_path / "hostile.html")
    seen = visit(devtools, path.as_uri())
    assert seen["pwned"] is False
    assert "pwned" not in seen["title"]
    assert seen["title"].startswith("Service interruption impact report")
    hostile = (HOSTILE_DESCRIPTION, HOSTILE_CLAIMANT, HOSTILE_CHANNEL, HOSTILE_EXPENSE)
    for shown in (*hostile, HOSTILE_CUSTOMER):
        assert shown in seen["text"], shown
    assert seen["handlers"] == 0
    assert not {"img", "iframe", "object", "embed"} & set(seen["elements"])
    assert seen["scripts"] == 1 + len(CHARTS)
    assert seen["sections"] == [*SECTIONS[:5], "expenses", *SECTIONS[5:], "orders"]
    assert seen["problems"] == []
    assert seen["requests"] == []
    assert seen["drawn"] is True
