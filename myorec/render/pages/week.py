"""The week as a page: its sessions day by day, a score bar per benefit, the next steps, the legend.

It shows what the text report shows, in the same words (the notes come from
:mod:`myorec.render.report`), for people who would rather look than read a
table, and for sharing with a coach or a doctor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from myorec.core.calendar import DAYS, parse_iso_week
from myorec.core.engine import CAPPED_CONFIDENCES, CAPPED_LEVEL, BenefitResult, level_for
from myorec.core.intensity import HeartRates, IntensitySource
from myorec.core.metrics import day_key
from myorec.core.report import NextStep, WeekReport
from myorec.core.ruleset import EVIDENCE_MEANING
from myorec.core.sessions import Session
from myorec.core.text import counted, format_number
from myorec.core.week import Week
from myorec.render.pages.charts import STRONG, data_table, disclaimer, levels_note, patterns, score_bar
from myorec.render.pages.markup import Html, definitions, element, fill, join, lines, page, text
from myorec.render.report import (
    AGE_UNKNOWN_NOTE,
    CONFIDENCE_NOTE,
    HELD_BACK_NOTE,
    KEY_METRICS,
    NO_STEPS_NOTE,
    drivers,
    evidence_span,
    evidence_used,
)

#: How many pips an intensity fills, out of three: a second cue beside the word.
_PIPS = {"light": 1, "moderate": 2, "vigorous": 3}


def week_page(report: WeekReport, week: Week) -> str:
    """The whole page for one week; a week in progress marks today and the days still to come."""
    monday = parse_iso_week(week.label)[0] if week.label else None
    elapsed = report.days_elapsed if report.in_progress else None
    title = f"Week {report.week}" if report.week else "Template week"
    summary = [counted(report.session_count, "session")]
    if elapsed is not None:
        summary.append(f"in progress: {_so_far(elapsed)}")
    body = fill(
        "week.html",
        {
            "patterns": patterns(),
            "heading": text(title),
            "summary": text(" · ".join(summary)),
            "metrics": _metrics(report),
            "days": _days(week.sessions, monday, elapsed, week.profile.heart_rates),
            "benefits": lines(_benefit(result) for result in report.benefits),
            "table": _benefit_table(report.benefits),
            "steps": _steps(report),
            "legend": _legend(report),
        },
    )
    return page(f"myorec · {title}", body)


def _so_far(elapsed: int) -> str:
    first, last = DAYS[0].value.capitalize(), DAYS[elapsed - 1].value.capitalize()
    return f"{first} so far" if elapsed == 1 else f"{first}–{last} so far"


def _metrics(report: WeekReport) -> Html:
    shown = [(label, report.metrics.get(name)) for name, label in KEY_METRICS]
    pairs = [
        (label, text(format_number(value))) for label, value in shown if value is not None or label != "age"
    ]
    return definitions(pairs, class_="metrics")


# -- the day strip --------------------------------------------------------------------


def how_decided(session: Session, heart: HeartRates | None = None) -> str:
    """How the session's intensity was decided, in a few words: as logged, from its RPE or heart rate..."""
    decision = session.decide(heart)
    if decision.source is IntensitySource.GIVEN:
        return "as logged"
    if decision.source is IntensitySource.RPE and session.rpe is not None:
        return f"from RPE {format_number(session.rpe)}"
    if decision.source is IntensitySource.DEFAULT:
        return "the default"
    return f"from {decision.figures(session.rpe)}"


def _session(session: Session, heart: HeartRates) -> Html:
    kind, intensity = session.kind.value, session.decide(heart).intensity.value
    pips = _PIPS[intensity]
    tags = [session.focus.value.replace("_", "-")] if session.focus is not None else []
    if session.impact:
        tags.append("impact")
    parts = [
        element("span", text(session.name or session.kind.value.capitalize()), class_="name"),
        element(
            "span",
            text(f"{kind} · {session.minutes} min" if session.name else f"{session.minutes} min"),
            class_="what",
        ),
        element(
            "span",
            element("span", text("●" * pips + "○" * (3 - pips)), class_="pips", aria_hidden="true"),
            text(f" {intensity} "),
            element("span", text(f"({how_decided(session, heart)})"), class_="how"),
            class_=f"intensity intensity-{intensity}",
        ),
    ]
    if tags:
        parts.append(element("span", text(", ".join(tags)), class_="tags"))
    return element("li", lines(parts), class_=f"session kind-{session.kind.value}")


def _days(
    sessions: Sequence[Session], monday: dt.date | None, elapsed: int | None, heart: HeartRates
) -> Html:
    """Seven days, Monday first, with their sessions; a week in progress marks today and the days to come."""
    by_day: dict[str, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(day_key(session), []).append(session)
    items = []
    for offset, day in enumerate(DAYS):
        date = monday + dt.timedelta(days=offset) if monday is not None else None
        key = date.isoformat() if date is not None else day.value
        heading = [element("span", text(day.value.capitalize()), class_="weekday")]
        if date is not None:
            heading.append(
                element("time", text(f"{date.day} {date.strftime('%b')}"), datetime=date.isoformat())
            )
        state = None
        if elapsed is not None:
            state = "today" if offset == elapsed - 1 else "to come" if offset >= elapsed else None
        if state:
            heading.append(element("span", text(state), class_="state"))
        logged = by_day.get(key, [])
        content = (
            element("ul", lines(_session(session, heart) for session in logged), class_="sessions")
            if logged
            else element(
                "p", text("nothing logged yet" if state == "to come" else "no session"), class_="rest"
            )
        )
        classes = "day" + (" to-come" if state == "to come" else "") + (" today" if state == "today" else "")
        items.append(element("li", lines((element("h3", join(heading, Html(" "))), content)), class_=classes))
    return element("ol", lines(items), class_="days")


# -- the benefits ---------------------------------------------------------------------


def _capped(result: BenefitResult) -> bool:
    return result.confidence in CAPPED_CONFIDENCES


def _benefit(result: BenefitResult) -> Html:
    """One benefit's card: score, level and confidence, its bar, myokines, drivers and next step."""
    name = result.benefit.name
    score = element(
        "p",
        element("span", text(result.score), class_="score-number"),
        element("span", text("/100"), class_="out-of"),
        Html(" "),
        element("span", text(result.level), class_=f"level level-{result.level.replace(' ', '-')}"),
        Html(" "),
        element(
            "span",
            text(f"{result.confidence} confidence"),
            class_=f"badge confidence-{result.confidence.replace(' ', '-')}",
        ),
        class_="score",
    )
    parts = [element("h3", text(name)), score, score_bar(name, result.score, result.level, _capped(result))]
    if _capped(result):
        note = f"At {result.confidence} confidence a benefit is never {STRONG} (hatched)."
        if level_for(result.score) != result.level:
            note = f"Shown as {CAPPED_LEVEL}: {note[0].lower()}{note[1:]}"
        parts.append(element("p", text(note), class_="note"))
    driven = drivers(result)
    details = [
        ("Myokines", text(", ".join(result.myokines) or "none named")),
        ("Evidence", text(evidence_span(result))),
        (
            "What drove it",
            element("ul", join(element("li", text(part)) for part in driven))
            if driven
            else text("nothing yet"),
        ),
        ("Next step", text(result.advice[0] if result.advice else "nothing left to gain")),
    ]
    parts.append(definitions(details, class_="details"))
    return element("article", lines(parts), class_="benefit")


def _benefit_table(benefits: Sequence[BenefitResult]) -> Html:
    """The score bars' data, as a table: the charts' alternative for a screen reader or a copy."""
    headers = ("Benefit", "Score", "Level", "Confidence", "Evidence")
    rows = [
        (result.benefit.name, str(result.score), result.level, result.confidence, evidence_span(result))
        for result in benefits
    ]
    return data_table("The benefits as a table", headers, rows)


# -- next steps and the legend --------------------------------------------------------


def _steps(report: WeekReport) -> Html:
    names = {result.benefit.id: result.benefit.name for result in report.benefits}
    parts = []
    if report.next_steps:
        parts.append(
            element(
                "p",
                text("Each adds score points; the gain weighs them by each benefit's confidence."),
                class_="intro",
            )
        )
        parts.append(element("ol", lines(_step(step, names) for step in report.next_steps), class_="steps"))
    else:
        parts.append(element("p", text(NO_STEPS_NOTE.capitalize())))
    if report.inactive:
        parts.append(element("p", text(HELD_BACK_NOTE), class_="note"))
    return lines(parts)


def _step(step: NextStep, names: dict[str, str]) -> Html:
    effects = ", ".join(f"{names.get(bid, bid)} +{delta}" for bid, delta in step.effects.items())
    parts = [
        element("p", text(step.change[:1].upper() + step.change[1:]), class_="change"),
        element(
            "p",
            element("strong", text(f"+{format_number(round(step.gain, 1))}")),
            text(f" gain · {counted(step.raw_gain, 'score point')}: {effects}"),
            class_="gain",
        ),
    ]
    if step.caution:
        parts.append(
            element("p", element("strong", text("Caution:")), text(f" {step.caution}"), class_="caution")
        )
    return element("li", lines(parts))


def _legend(report: WeekReport) -> Html:
    parts = [element("h2", text("How to read this")), levels_note()]
    used = evidence_used(report.benefits)
    if used:
        meanings = [(code, text(EVIDENCE_MEANING[code])) for code in used]
        parts.append(definitions(meanings, class_="evidence", aria_label="Evidence levels"))
    parts.append(element("p", text(CONFIDENCE_NOTE)))
    if report.metrics.get("age") is None:
        parts.append(element("p", text(AGE_UNKNOWN_NOTE)))
    parts.append(disclaimer())
    return lines(parts)
