"""The pages in a real browser: headless Chromium opens the files as a person would.

Pages are made through the CLI from a log (one session is named with a
``<script>``), plus a week in progress from the renderer (the CLI's week in
progress depends on today). Chromium comes from Debian's ``chromium`` package,
which .ci/run installs; where there is none, these tests skip and say so.
``--update-screenshots`` rewrites the README's screenshot from this renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from myorec.cli import cli
from myorec.core.report import build_report
from myorec.render.pages.week import week_page
from tests.browser import Chromium, Tab, chromium, pdf_pages, read_png, running
from tests.cli.test_golden import LOGGED
from tests.helpers import REPO
from tests.render.test_pages import MONDAY, SESSIONS, week_of

SCREENSHOTS = REPO / "docs" / "screenshots"
INJECTED = (
    "<script>window.pwned = 1; document.title = 'pwned'</script><img src=x onerror=\"window.pwned = 2\">"
)
WIDTH, HEIGHT = 1024, 768
PHONE = 390
SCREENSHOT = (900, 1000)
#: The pages and how many benefits each draws a chart for.
PAGES = ("week", "week-in-progress", "trend", "trend-52")


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    executable = chromium()
    if executable is None:
        pytest.skip(
            "no Chromium here: install Debian's 'chromium' package (.ci/run does) for the browser tests"
        )
    with running(executable) as started:
        yield started


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, default_engine: Any) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    runner = CliRunner()
    env: dict[str, str | None] = dict.fromkeys(("MYOREC_DB", "MYOREC_RULES", "MYOREC_DEBUG"))

    def run(*args: str, log: str = str(folder / "log.db")) -> None:
        result = runner.invoke(cli, ["--db", log, *args], env=env)
        assert result.exit_code == 0, result.output

    run("profile", "set", "--age", "58")
    for session in SESSIONS:
        assert session.date is not None
        for weeks_back in range(8):
            date = session.date - dt.timedelta(weeks=weeks_back)
            extra = ["--rpe", str(session.rpe)] if session.rpe is not None else []
            extra += ["--intensity", session.intensity.value] if session.intensity else []
            extra += ["--focus", session.focus.value] if session.focus else []
            extra += ["--impact"] if session.impact else []
            extra += ["--name", session.name] if session.name else []
            run("log", "add", session.kind.value, str(session.minutes), "--date", date.isoformat(), *extra)
    run("log", "add", "aerobic", "25", "--date", "2026-11-21", "--name", INJECTED)
    files = {name: folder / f"{name}.html" for name in PAGES}
    run("report", "--week", "2026-W47", "--html", str(files["week"]))
    run("trend", "--weeks", "8", "--until", "2026-W47", "--html", str(files["trend"]))
    run("trend", "--weeks", "52", "--until", "2026-W47", "--html", str(files["trend-52"]))
    today = MONDAY + dt.timedelta(days=2)
    week = week_of(*SESSIONS[:3])
    files["week-in-progress"].write_text(week_page(build_report(default_engine, week, today), week))
    # The README's pictures: the golden files' eight weeks, as someone getting back into exercise logs them.
    readme = str(folder / "readme.db")
    run("profile", "set", "--age", "58", log=readme)
    for entry in LOGGED:
        run("log", "add", *entry, log=readme)
    for name, args in (("week", ("report", "--week")), ("trend", ("trend", "--weeks", "8", "--until"))):
        files[f"readme-{name}"] = folder / f"readme-{name}.html"
        run(*args, "2026-W47", "--html", str(files[f"readme-{name}"]), log=readme)
    return files


@pytest.mark.parametrize("name", PAGES)
def test_a_page_loads_with_no_console_errors_and_no_network_requests(browser, pages, name):
    with Tab(browser, WIDTH, HEIGHT) as tab:
        loaded = tab.load(pages[name])
    assert loaded.problems == []
    assert loaded.requests == [pages[name].resolve().as_uri()]


@pytest.mark.parametrize(
    ("name", "dark"),
    [
        *(pytest.param(name, False, id=name) for name in PAGES),
        pytest.param("week", True, id="week-dark"),
        pytest.param("trend", True, id="trend-dark"),
    ],
)
def test_the_screenshot_is_not_blank_and_has_the_expected_size(browser, pages, name, dark):
    with Tab(browser, WIDTH, HEIGHT, dark=dark) as tab:
        tab.load(pages[name])
        image = read_png(tab.screenshot())
    assert (image.width, image.height) == (WIDTH, HEIGHT)
    background = image.pixels[0]
    assert (sum(background) < 3 * 64) == dark, (
        f"background {tuple(background)} in a {'dark' if dark else 'light'} page"
    )
    drawn = sum(1 for pixel in image.pixels if pixel != background)
    assert drawn > 0.05 * len(image.pixels), (
        f"only {drawn} of {len(image.pixels)} pixels differ from the background"
    )
    assert len(set(image.pixels)) > 50, "a page of text and charts has more than a few colours"


def test_each_benefit_has_its_svg_chart_drawn(browser, pages):
    charts = """[...document.querySelectorAll('article.benefit')].map(card => {
        const svg = card.querySelector('svg.score-bar');
        return svg && [svg.querySelector(':scope > title').textContent,
                       svg.querySelectorAll('rect.band').length, svg.getBoundingClientRect().width];
    })"""
    for name in ("week", "week-in-progress"):
        with Tab(browser, WIDTH, HEIGHT) as tab:
            tab.load(pages[name])
            found = tab.evaluate(charts)
        assert len(found) == 7
        for title, bands, width in found:
            assert ": score " in title
            assert bands == 3
            assert width > 200


def test_the_trend_draws_a_chart_per_benefit_and_the_two_activity_charts(browser, pages):
    for name in ("trend", "trend-52"):
        with Tab(browser, WIDTH, HEIGHT) as tab:
            tab.load(pages[name])
            bars = tab.evaluate("document.querySelectorAll('svg.minutes-bars rect.bar').length")
            dots = tab.evaluate("document.querySelectorAll('svg.resistance-dots circle.dot').length")
            widths = tab.evaluate(
                """['figure.multiple svg.score-lines', 'svg.minutes-bars', 'svg.resistance-dots'].map(
                selector => [...document.querySelectorAll(selector)].map(
                    svg => svg.getBoundingClientRect().width))"""
            )
        assert [len(found) for found in widths] == [7, 1, 1]
        assert all(width > 200 for found in widths for width in found)
        # The log begins within the last 8 weeks: the 52-week page draws the weeks before it as "no data".
        assert bars == dots == 8


def test_an_injected_script_in_a_session_name_did_not_run(browser, pages):
    with Tab(browser, WIDTH, HEIGHT) as tab:
        tab.load(pages["week"])
        found = tab.evaluate(
            """[typeof window.pwned, document.title, document.scripts.length, document.images.length,
                [...document.querySelectorAll('li.session .name')].map(name => name.textContent)]"""
        )
    assert found[:4] == ["undefined", "myorec · Week 2026-W47", 0, 0]
    assert INJECTED in found[4]


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_shows_the_page_without_sideways_scrolling(browser, pages, name):
    with Tab(browser, PHONE, 844) as tab:
        tab.load(pages[name])
        width = tab.evaluate("document.documentElement.scrollWidth")
        narrowest = tab.evaluate(
            "Math.min(...[...document.querySelectorAll('svg.chart')].map("
            "svg => svg.getBoundingClientRect().width))"
        )
        smallest = tab.evaluate(
            "Math.min(...[...document.querySelectorAll('svg.chart text')].map("
            "text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a))"
        )
    assert width <= PHONE
    assert narrowest > 250, "charts use the phone's width"
    assert smallest >= 8, f"a chart's words drawn {smallest:.1f} px high"


@pytest.mark.parametrize("name", [*PAGES, "readme-week", "readme-trend"])
def test_a_page_prints_on_one_a4_page(browser, pages, name):
    with Tab(browser, WIDTH, HEIGHT) as tab:
        tab.load(pages[name])
        pdf = tab.pdf()
    assert pdf_pages(pdf) == 1
    assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"/MediaBox [0 0 595" in pdf, "an A4 page"


@pytest.mark.parametrize("name", ["week", "trend"])
def test_the_readme_screenshots_come_from_this_renderer(browser, pages, request, name):
    """With --update-screenshots the README's pictures are taken again; else they must exist at their size."""
    path = SCREENSHOTS / f"{name}.png"
    if request.config.getoption("--update-screenshots"):
        with Tab(browser, *SCREENSHOT) as tab:
            tab.load(pages[f"readme-{name}"])
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            path.write_bytes(tab.screenshot())
    image = read_png(path.read_bytes())
    assert (image.width, image.height) == SCREENSHOT
