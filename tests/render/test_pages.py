"""The HTML pages: escaped, valid HTML5, deterministic, and showing what the report shows.

Pages are parsed back (html5lib, strictly) and read as a document tree, so
each assertion is about what a browser would show, not about a substring.
The whole pages are pinned by golden files: through the CLI in
tests/cli/test_golden.py, and here for what the CLI cannot pin (a week in
progress, which depends on today).
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myorec.core.engine import Engine
from myorec.core.metrics import compute_metrics
from myorec.core.report import VIGOROUS_CAUTION, build_report
from myorec.core.ruleset import Benefit, Rule, RuleSet, When
from myorec.core.sessions import Profile, Session
from myorec.core.trend import TrendRow, weekly_trend
from myorec.core.week import Week
from myorec.render import pages
from myorec.render.pages.charts import ChartWeek, minutes_bars, resistance_dots, score_lines
from myorec.render.pages.markup import text
from myorec.render.pages.trend import trend_page
from myorec.render.pages.week import how_decided, week_page
from myorec.render.report import CONFIDENCE_NOTE, DISCLAIMER, HELD_BACK_NOTE
from myorec.render.trend import NO_SESSIONS_NOTE
from tests.cli.test_golden import GOLDEN, check_golden
from tests.helpers import parse_html5

SVG = "{http://www.w3.org/2000/svg}"
MONDAY = dt.date(2026, 11, 16)
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & "quoted"'


def classes(element: Any) -> set[str]:
    return set(element.get("class", "").split())


def having(tree: Any, tag: str, css_class: str) -> list[Any]:
    """Every ``tag`` element (an SVG one as ``svg:rect``) with ``css_class`` among its classes."""
    name = SVG + tag.removeprefix("svg:") if tag.startswith("svg:") else tag
    return [element for element in tree.iter(name) if css_class in classes(element)]


def words(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def logged(minutes: int, kind: str = "aerobic", offset: int = 0, **extra: Any) -> Session:
    return Session.model_validate(
        {"kind": kind, "minutes": minutes, "date": MONDAY + dt.timedelta(days=offset), **extra}
    )


#: A week as someone logs it: names, an intensity, an RPE, a default, a balance session.
SESSIONS = (
    logged(40, offset=0, intensity="moderate", name="brisk walk"),
    logged(45, "resistance", offset=1, rpe=7, name="gym: full body"),
    logged(30, offset=2, rpe=8, name="tempo run", impact=True),
    logged(20, "mobility", offset=3, focus="balance", name="balance class"),
    logged(20, offset=4),
)


def week_of(*sessions: Session, age: int | None = 58) -> Week:
    return Week(tuple(sessions), Profile(age=age), "2026-W47")


def page_of(engine: Engine, week: Week, today: dt.date | None = None) -> tuple[str, Any]:
    page = week_page(build_report(engine, week, today), week)
    return page, parse_html5(page)


def hostile_rules(rule_set: RuleSet) -> RuleSet:
    """The shipped rules with a hostile string in every text a user's rule folder gives a page."""
    benefits = [
        benefit.model_copy(update={"name": f"{benefit.name} {HOSTILE}", "myokines": [HOSTILE]})
        for benefit in rule_set.benefits
    ]
    rules = [
        rule.model_copy(update={"id": f"{rule.id}{HOSTILE}", "advice": f"{HOSTILE} {{gap}}"})
        for rule in rule_set.rules
    ]
    return RuleSet(benefits, rules)


# -- escaping --------------------------------------------------------------------------


def test_a_hostile_session_name_and_rule_folder_render_as_text(default_engine):
    engine = Engine(hostile_rules(default_engine.rule_set))
    week = week_of(*SESSIONS, logged(30, offset=5, name=HOSTILE))
    for page in (
        week_page(build_report(engine, week), week),
        trend_page(trend_rows(engine, weeks=3), engine.rule_set.benefits, ["high"] * 7),
    ):
        tree = parse_html5(page)
        assert list(tree.iter("script")) == []
        assert list(tree.iter("img")) == []
        assert all(not name.startswith("on") for element in tree.iter() for name in element.attrib)
        assert HOSTILE in "".join(tree.itertext())
        assert "<script" not in page.lower()


def test_only_the_markup_module_turns_computed_strings_into_markup():
    """Elsewhere ``Html(...)`` may wrap a literal (a space), never a value: values go through text()."""
    for path in Path(pages.__file__).parent.glob("*.py"):
        if path.name == "markup.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Html":
                assert all(isinstance(arg, ast.Constant) for arg in node.args), f"{path.name}:{node.lineno}"


def expected_text(name: str) -> str:
    """What a page shows of a name, as ``log list`` does: what a terminal could act on as ``?``."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "?" for ch in name)


@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40))
def test_any_session_name_gives_valid_html5_that_shows_it(default_engine, name):
    week = week_of(logged(30, name=name))
    _, tree = page_of(default_engine, week)
    (shown,) = having(tree, "span", "name")
    assert "".join(shown.itertext()) == expected_text(name)


def test_text_escapes_markup_and_quotes():
    assert text('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert text("tab\tline\nnul\x00esc\x1b[31m del\x7f") == "tab\tline\nnul?esc?[31m del?"


def test_the_page_asks_for_nothing_outside_itself(default_engine):
    _page, tree = page_of(default_engine, week_of(*SESSIONS))
    (policy,) = [meta for meta in tree.iter("meta") if meta.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy.get("content")
    assert "script-src" not in policy.get("content")
    assert list(tree.iter("script")) == []
    assert list(tree.iter("link")) == []
    (style,) = tree.iter("style")
    assert "@import" not in style.text
    assert "@font-face" not in style.text
    assert all(url.startswith("url(#") for url in _urls(style.text)), "only the page's own patterns"
    assert not [e for e in tree.iter() if {"src", "href"} & set(e.attrib)], "no element loads anything"


def _urls(css: str) -> Iterator[str]:
    index = css.find("url(")
    while index != -1:
        yield css[index : index + 6]
        index = css.find("url(", index + 1)


# -- the week --------------------------------------------------------------------------


def test_each_session_shows_name_kind_minutes_intensity_and_how_it_was_decided(default_engine):
    _, tree = page_of(default_engine, week_of(*SESSIONS))
    shown = [words(item) for item in having(tree, "li", "session")]
    assert shown == [
        "brisk walk aerobic · 40 min ●●○ moderate (as logged)",
        "gym: full body resistance · 45 min ●●● vigorous (from RPE 7)",
        "tempo run aerobic · 30 min ●●● vigorous (from RPE 8) impact",
        "balance class mobility · 20 min ●●○ moderate (the default) balance",
        "Aerobic 20 min ●●○ moderate (the default)",
    ]
    days = [words(day.find("h3")) for day in having(tree, "li", "day")]
    assert days == [
        f"{day} {date} Nov"
        for day, date in zip(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), range(16, 23), strict=True)
    ]
    assert [words(day) for day in having(tree, "li", "day")][5:] == [
        "Sat 21 Nov no session",
        "Sun 22 Nov no session",
    ]


@pytest.mark.parametrize(
    ("session", "words_"),
    [
        (logged(30, intensity="light"), "as logged"),
        (logged(30, rpe=5.5), "from RPE 5.5"),
        (logged(30), "the default"),
    ],
)
def test_how_decided(session, words_):
    assert how_decided(session) == words_


def test_a_template_week_names_weekdays_without_dates(default_engine):
    week = Week((Session(kind="aerobic", minutes=30, day="wed"),), Profile(), None)
    page, tree = page_of(default_engine, week, dt.date(2026, 11, 18))
    assert [words(day.find("h3")) for day in having(tree, "li", "day")] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert words(tree.find(".//h1")) == "Template week"
    assert "in progress" not in page
    assert not having(tree, "li", "to-come")


def test_a_week_in_progress_marks_today_and_the_days_to_come(default_engine):
    _, tree = page_of(default_engine, week_of(*SESSIONS[:3]), today=MONDAY + dt.timedelta(days=2))
    assert words(having(tree, "p", "summary")[0]) == "3 sessions · in progress: Mon–Wed so far"
    states = [" ".join(sorted(classes(day) - {"day"})) for day in having(tree, "li", "day")]
    assert states == ["", "", "today", *["to-come"] * 4]
    assert (
        next(words(day) for day in having(tree, "li", "to-come")) == "Thu 19 Nov to come nothing logged yet"
    )


@pytest.mark.parametrize(("days", "expected"), [(1, "Mon so far"), (7, "Mon–Sun so far")])
def test_the_first_and_last_day_of_a_week_in_progress(default_engine, days, expected):
    _, tree = page_of(default_engine, week_of(*SESSIONS), today=MONDAY + dt.timedelta(days=days - 1))
    assert words(having(tree, "p", "summary")[0]).endswith(expected)


def test_a_week_gone_by_or_to_come_is_not_in_progress(default_engine):
    for today in (MONDAY - dt.timedelta(days=1), MONDAY + dt.timedelta(days=7)):
        page, _ = page_of(default_engine, week_of(*SESSIONS), today)
        assert "in progress" not in page
        assert "to come" not in page


def test_each_benefit_has_its_score_bar_level_confidence_myokines_drivers_and_next_step(default_engine):
    week = week_of(*SESSIONS)
    report = build_report(default_engine, week)
    tree = parse_html5(week_page(report, week))
    cards = having(tree, "article", "benefit")
    assert len(cards) == len(report.benefits) == 7
    for card, result in zip(cards, report.benefits, strict=True):
        (bar,) = having(card, "svg:svg", "score-bar")
        assert bar[0].tag == SVG + "title"
        assert bar[0].text.startswith(
            f"{result.benefit.name}: score {result.score} of 100, level {result.level}"
        )
        bands = [
            sorted(classes(rect) - {"band", "band-capped"})
            for rect in bar.iter(SVG + "rect")
            if "band" in classes(rect)
        ]
        assert [band[0] for band in bands] == ["band-low", "band-moderate", "band-strong"]
        assert [words(label) for label in having(bar, "svg:text", "band-label")] == [
            "low",
            "moderate",
            "strong",
        ]
        (fill,) = having(bar, "svg:rect", "score-fill")
        assert float(fill.get("width")) == pytest.approx(result.score * 2.96, abs=0.06)
        assert words(having(card, "span", "level")[0]) == result.level
        assert words(having(card, "span", "badge")[0]) == f"{result.confidence} confidence"
        details = {words(pair.find("dt")): words(pair.find("dd")) for pair in card.find(".//dl")}
        assert details["Myokines"] == (", ".join(result.myokines) or "none named")
        assert details["Next step"] == (result.advice[0] if result.advice else "nothing left to gain")
    heart = cards[4]
    drivers = [words(item) for item in heart.find(".//dl").iter("li")]
    assert drivers == ["aerobic-dose 41/70", "strength 17/20"]


def test_a_benefit_of_low_confidence_has_its_strong_band_hatched_and_says_so(default_engine):
    _, tree = page_of(default_engine, week_of(*SESSIONS))
    appetite = having(tree, "article", "benefit")[5]
    assert words(appetite.find("h3")) == "Brain-gut axis and appetite"
    assert having(appetite, "svg:rect", "band-capped")
    assert words(having(appetite, "p", "note")[0]) == "At low confidence a benefit is never strong (hatched)."
    assert not having(having(tree, "article", "benefit")[4], "svg:rect", "band-capped")


def test_the_next_steps_show_their_gains_and_cautions(default_engine):
    week = week_of(*SESSIONS)
    report = build_report(default_engine, week)
    tree = parse_html5(week_page(report, week))
    steps = having(tree, "ol", "steps")[0].findall("li")
    assert len(steps) == len(report.next_steps) > 0
    for item, step in zip(steps, report.next_steps, strict=True):
        assert words(having(item, "p", "change")[0]).lower() == step.change.lower()
        assert words(having(item, "p", "gain")[0]).startswith(
            f"+{round(step.gain, 1):g} gain · {step.raw_gain} score points: "
        )
        cautions = [words(p) for p in having(item, "p", "caution")]
        assert cautions == ([f"Caution: {step.caution}"] if step.caution else [])
    assert any(step.caution == VIGOROUS_CAUTION for step in report.next_steps)


def test_the_legend_explains_the_evidence_used_and_keeps_the_disclaimer(default_engine):
    _, tree = page_of(default_engine, week_of(*SESSIONS, age=None))
    footer = words(tree.find(".//footer"))
    assert "Levels: 0 none, 1-39 low, 40-74 moderate, 75-100 strong" in footer
    assert "G guideline or consensus statement" in footer
    assert "H-acute human acute study" in footer
    assert "A animal" not in footer
    assert CONFIDENCE_NOTE in footer
    assert "Age unknown" in footer
    assert words(having(tree, "p", "disclaimer")[0]) == DISCLAIMER


def test_the_benefit_table_holds_what_the_bars_draw(default_engine):
    week = week_of(*SESSIONS)
    report = build_report(default_engine, week)
    tree = parse_html5(week_page(report, week))
    (table,) = tree.iter("table")
    rows = [[words(cell) for cell in row] for row in table.iter("tr")]
    assert rows[0] == ["Benefit", "Score", "Level", "Confidence", "Evidence"]
    assert [row[:3] for row in rows[1:]] == [[r.benefit.name, str(r.score), r.level] for r in report.benefits]


def test_an_empty_week_shows_seven_days_without_a_session_and_holds_vigorous_steps_back(default_engine):
    _, tree = page_of(default_engine, week_of())
    assert [words(day) for day in having(tree, "p", "rest")] == ["no session"] * 7
    assert having(tree, "ol", "steps")
    assert words(having(tree, "section", "next-steps")[0]).endswith(HELD_BACK_NOTE)


def test_a_week_no_step_would_improve_says_so():
    when = When.model_validate({"all": [{"metric": "active_days", "at_least": 1}]})
    rule = Rule(id="x.any", benefit="x", points=1, evidence="e", evidence_level="G", when=when)
    engine = Engine(RuleSet([Benefit(id="x", name="X")], [rule]))
    _, tree = page_of(engine, week_of(*SESSIONS))
    section = having(tree, "section", "next-steps")[0]
    assert not having(section, "ol", "steps")
    assert words(section) == "Next steps None of the single-session changes would add points."


# -- the trend -------------------------------------------------------------------------


#: A trend's weeks take more and more of these: the sixth holds a second resistance day.
TREND_SESSIONS = (*SESSIONS, logged(30, "resistance", offset=5, name="gym: legs"))


def trend_rows(
    engine: Engine, weeks: int = 8, last: dt.date = MONDAY, today: dt.date | None = None
) -> list[TrendRow]:
    """``weeks`` weeks up to the week of ``last``, holding 1, 2, ... 6 of TREND_SESSIONS, then 1 again."""
    first = last - dt.timedelta(weeks=weeks - 1)
    sessions = [
        session.model_copy(update={"date": session.date - (last - first) + dt.timedelta(weeks=week)})
        for week in range(weeks)
        for session in TREND_SESSIONS[: 1 + week % len(TREND_SESSIONS)]
    ]
    first_logged = min(session.date for session in sessions if session.date is not None)
    return weekly_trend(engine, sessions, Profile(age=58), first, weeks, today, first_logged)


def trend_of(engine: Engine, rows: list[TrendRow]) -> tuple[str, Any]:
    confidences = engine.confidences(compute_metrics((), Profile(age=58)))
    page = trend_page(rows, engine.rule_set.benefits, confidences)
    return page, parse_html5(page)


def test_the_trend_has_a_chart_per_benefit_then_minutes_and_resistance_days(default_engine):
    rows = trend_rows(default_engine)
    _, tree = trend_of(default_engine, rows)
    multiples = having(tree, "figure", "multiple")
    assert [words(figure.find("h3")) for figure in multiples] == [
        b.name for b in default_engine.rule_set.benefits
    ]
    for index, figure in enumerate(multiples):
        (chart,) = having(figure, "svg:svg", "score-lines")
        points = having(chart, "svg:circle", "point")
        assert [round(100 - (float(p.get("cy")) - 6) / 0.94) for p in points] == [
            row.scores[index] for row in rows
        ]
    (bars,) = having(tree, "svg:svg", "minutes-bars")
    assert [words(t) for t in having(bars, "svg:text", "reference-label")] == ["WHO 150", "WHO 300"]
    assert [words(r[0]) for r in having(bars, "svg:rect", "bar")] == [
        f"{row.week}: {row.moderate_equivalent_min} min" for row in rows
    ]
    (dots,) = having(tree, "svg:svg", "resistance-dots")
    assert [words(t) for t in having(dots, "svg:text", "reference-label")] == ["WHO 2 days"]
    met = ["met" in classes(dot) for dot in having(dots, "svg:circle", "dot")]
    assert met == [row.resistance_days >= 2 for row in rows]
    assert True in met
    assert False in met


def test_the_week_in_progress_is_drawn_as_such(default_engine):
    rows = trend_rows(default_engine, today=MONDAY + dt.timedelta(days=1))
    _, tree = trend_of(default_engine, rows)
    for chart in having(tree, "svg:svg", "chart"):
        marked = [e for e in chart.iter() if "so-far" in classes(e)]
        if "score-lines" in classes(chart):
            assert [e.tag for e in marked] == [SVG + "path", SVG + "circle"]
            assert marked[1] is having(chart, "svg:circle", "point")[-1]
        elif "minutes-bars" in classes(chart) or "resistance-dots" in classes(chart):
            assert len(marked) == 1
            assert marked[0] is chart.findall(f".//{SVG}{marked[0].tag[len(SVG) :]}")[-1]
    assert "2026-W47 is in progress" in words(having(tree, "p", "summary")[0])
    (table,) = tree.iter("table")
    assert words(list(table.iter("tr"))[-1][0]) == "2026-W47 (so far)"


def test_a_one_week_trend_of_an_empty_log_draws_no_data_and_says_nothing_was_logged(default_engine):
    rows = weekly_trend(default_engine, [], Profile(age=58), MONDAY, 1)
    _, tree = trend_of(default_engine, rows)
    assert words(tree.find(".//h1")) == "Trend, 2026-W47"
    assert words(having(tree, "p", "note")[0]) == NO_SESSIONS_NOTE
    for chart in having(tree, "svg:svg", "chart"):
        assert [e for e in chart.iter() if {"point", "bar", "dot"} & classes(e)] == []
        assert having(chart, "svg:rect", "no-data")
    _, logged = trend_of(default_engine, trend_rows(default_engine, weeks=1))
    assert not having(logged, "p", "note")


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [(0, "0 60 120 180 240 300 360"), (361, "0 120 240 360 480"), (10_080, "0 3000 6000 9000 12000")],
)
def test_the_minutes_axis_keeps_a_few_round_ticks(highest, ticks):
    tree = parse_html5(f"<!DOCTYPE html><title>t</title>{minutes_bars([ChartWeek('2026-W47')], [highest])}")
    assert " ".join(words(label) for label in having(tree, "svg:text", "tick")[:-1]) == ticks


def test_weeks_without_data_are_hatched_and_have_no_point():
    weeks = [ChartWeek("2026-W44", no_data=True), ChartWeek("2026-W45", no_data=True), ChartWeek("2026-W46")]
    for chart in (
        score_lines("Heart", weeks, [0, 0, 40], capped=False),
        minutes_bars(weeks, [0, 0, 90]),
        resistance_dots(weeks, [0, 0, 1]),
    ):
        tree = parse_html5(f"<!DOCTYPE html><title>t</title>{chart}")
        (band,) = having(tree, "svg:rect", "no-data")
        assert [words(label) for label in having(tree, "svg:text", "no-data-label")] == ["no data"]
        assert len([e for e in tree.iter() if {"point", "bar", "dot"} & classes(e)]) == 1
        assert float(band.get("width")) > 0


def test_a_52_week_trend_page_is_under_200_kb(default_engine):
    page, _ = trend_of(default_engine, trend_rows(default_engine, weeks=52, today=MONDAY))
    assert len(page.encode()) < 200_000


def test_a_ten_year_trend_draws_its_lines_without_a_point_a_week(default_engine):
    rows = trend_rows(default_engine, weeks=520, today=MONDAY)
    page, tree = trend_of(default_engine, rows)
    for chart in having(tree, "svg:svg", "score-lines"):
        assert [classes(point) for point in having(chart, "svg:circle", "point")] == [{"point", "so-far"}]
        solid, so_far = having(chart, "svg:path", "line")
        assert solid.get("d").count("M") == 1  # one run of 519 weeks
        assert solid.get("d").count("L") == 518
        assert so_far.get("d").count("M") == 1
    assert len(page.encode()) < 400_000


def test_every_chart_has_a_title_and_every_page_a_data_table(default_engine):
    _week_html, week_tree = page_of(default_engine, week_of(*SESSIONS))
    _trend_html, trend_tree = trend_of(default_engine, trend_rows(default_engine))
    for tree in (week_tree, trend_tree):
        charts = having(tree, "svg:svg", "chart")
        assert charts
        for chart in charts:
            assert chart.get("role") == "img"
            assert chart[0].tag == SVG + "title"
            assert chart[0].text
        (details,) = having(tree, "details", "data")
        assert details.find(".//table") is not None


def test_pages_are_deterministic(default_engine):
    week = week_of(*SESSIONS)
    rows = trend_rows(default_engine)
    assert page_of(default_engine, week)[0] == page_of(default_engine, week)[0]
    assert trend_of(default_engine, rows)[0] == trend_of(default_engine, rows)[0]


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


#: The golden pages of tests/golden/pages/, which only these tests write.
PAGES = ("week-in-progress.html", "trend-in-progress.html")


def test_a_week_in_progress_matches_its_golden_page(default_engine, update_golden):
    page, _ = page_of(default_engine, week_of(*SESSIONS[:3]), today=MONDAY + dt.timedelta(days=2))
    check_golden(GOLDEN / "pages" / PAGES[0], page.encode(), update_golden)


def test_a_trend_with_a_week_in_progress_matches_its_golden_page(default_engine, update_golden):
    page, _ = trend_of(default_engine, trend_rows(default_engine, today=MONDAY + dt.timedelta(days=2)))
    check_golden(GOLDEN / "pages" / PAGES[1], page.encode(), update_golden)


def test_every_golden_page_has_a_test():
    assert sorted(path.name for path in (GOLDEN / "pages").iterdir()) == sorted(PAGES)
