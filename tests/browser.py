"""Headless Chromium, driven over the DevTools protocol on a pipe: the browser tests' renderer.

Chromium's ``--remote-debugging-pipe`` reads protocol messages (JSON, each
ended by a NUL byte) on its file descriptor 3 and answers on 4. A hundred
lines of client need no package and open no port: Playwright's Python package
(a 53 MB wheel with its own Node.js driver) would do the same few calls through
one more process, and Selenium through ChromeDriver, with console messages and
network requests only through its logging extensions. The calls used here
(navigate, evaluate, screenshot, print to PDF, device metrics, emulated media)
are the protocol's stable ones.

The flags are the ones known to work on this project's machines: without the
background-networking ones Chromium reaches for Google's hosts at every start.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
#: How long one protocol call may take, in seconds (a cold start of Chromium takes about one).
TIMEOUT = 60.0


def chromium() -> str | None:
    """The Chromium to test with: ``chromium`` on PATH (Debian's package), or None."""
    return shutil.which("chromium")


class BrowserError(Exception):
    pass


class Chromium:
    """One headless Chromium with a new empty profile, ended (and its profile removed) on close."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="myorec-chromium-")
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  # closed by close()
        # Our ends anywhere; Chromium's ends must land on its descriptors 3 and 4.
        to_browser, self._writer = (self._above(fd) for fd in os.pipe())
        self._reader, from_browser = (self._above(fd) for fd in os.pipe())
        argv = [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        self.pid = os.posix_spawn(
            executable,
            argv,
            dict(os.environ),
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, self._stderr.fileno(), 2),
                (os.POSIX_SPAWN_DUP2, to_browser, 3),
                (os.POSIX_SPAWN_DUP2, from_browser, 4),
            ],
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        #: Events not yet claimed, by session id ("" for the browser's own).
        self.events: dict[str, list[dict[str, Any]]] = {}

    @staticmethod
    def _above(fd: int) -> int:
        """The descriptor moved above 4 (close-on-exec), so that no dup2 onto 3 or 4 clobbers another."""
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved

    def call(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._writer, data) :]
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self.events.setdefault(answer.get("sessionId", ""), []).append(answer)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The next event ``method`` of ``session``, from those kept or those still to come."""
        deadline = time.monotonic() + TIMEOUT
        kept = self.events.setdefault(session, [])
        seen = 0
        while True:
            for event in kept[seen:]:
                if event.get("method") == method:
                    return event
            seen = len(kept)
            event = self._receive(deadline)
            self.events.setdefault(event.get("sessionId", ""), []).append(event)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._reader], [], [], left)[0]:
                raise BrowserError(f"no answer from Chromium in {TIMEOUT:.0f} s{self._log()}")
            chunk = os.read(self._reader, 1 << 16)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe{self._log()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _log(self) -> str:
        self._stderr.seek(0)
        text = self._stderr.read().decode(errors="replace").strip()
        return f"; it said:\n{text[-2000:]}" if text else ""

    def close(self) -> None:
        with suppress(BrowserError, OSError):
            self.call("Browser.close")
        for _ in range(100):
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                break
            time.sleep(0.05)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self._reader)
        os.close(self._writer)
        self._stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Loaded(NamedTuple):
    """A page after its load event, and what it did while loading."""

    session: str
    #: Console messages of level error or warning, uncaught exceptions and failed loads.
    problems: list[str]
    #: Every URL the page requested, the page's own included.
    requests: list[str]


class Tab:
    """One page of a :class:`Chromium`, at a viewport size and a colour scheme."""

    def __init__(self, browser: Chromium, width: int, height: int, dark: bool = False) -> None:
        self.browser = browser
        self.target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = browser.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        scheme = "dark" if dark else "light"
        self.call(
            "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
        )

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})
        self.browser.events.pop(self.session, None)

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.call(method, params, self.session)

    def load(self, path: Path) -> Loaded:
        self.browser.events[self.session] = []
        self.call("Page.navigate", {"url": path.resolve().as_uri()})
        self.browser.wait_for("Page.loadEventFired", self.session)
        self.evaluate("1")  # a round trip, so that every event of the load has arrived
        problems, requests = [], []
        for event in self.browser.events[self.session]:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
                problems.append(
                    " ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"])
                )
            elif method == "Runtime.exceptionThrown":
                problems.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                problems.append(params["entry"]["text"])
        return Loaded(self.session, problems, requests)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression: the test's probe (the page has no script of its own)."""
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self, full_page: bool = False) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", params)["data"])

    def pdf(self) -> bytes:
        """The page printed as the page's own CSS asks (``@page``), backgrounds included."""
        answer = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
        return base64.b64decode(answer["data"])


@contextmanager
def running(executable: str) -> Iterator[Chromium]:
    browser = Chromium(executable)
    try:
        yield browser
    finally:
        browser.close()


# -- reading what the browser made ----------------------------------------------------


class Image(NamedTuple):
    width: int
    height: int
    #: Every pixel's colour, left to right and top to bottom, as ``bytes`` of (r, g, b).
    pixels: list[bytes]


def read_png(data: bytes) -> Image:
    """A PNG as Chromium writes a screenshot (8-bit RGB or RGBA, not interlaced), decoded."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0), f"unexpected PNG depth {depth} or interlacing"
    assert colour in (2, 6), f"unexpected PNG colour type {colour}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    pixels: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels)
        pixels += [bytes(line[x : x + 3]) for x in range(0, stride, channels)]
        previous = line
    return Image(width, height, pixels)


def _unfilter(kind: int, line: bytearray, previous: bytearray, channels: int) -> bytearray:
    """One row of a PNG with its filter undone (PNG specification, section 9)."""
    if kind == 2:  # up: the commonest in screenshots, so done without a per-byte loop
        return bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
    for i in range(len(line)) if kind else ():
        left = line[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + previous[i]) // 2) & 0xFF
        elif kind == 4:
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            estimate = left + up - corner
            pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
    return line


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF from Chromium has: its page objects (``/Type /Page``, not ``/Pages``)."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    return sum(1 for index in _find_all(data, b"/Type /Page") if data[index + 11 : index + 12] != b"s")


def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    index = data.find(needle)
    while index != -1:
        yield index
        index = data.find(needle, index + 1)
