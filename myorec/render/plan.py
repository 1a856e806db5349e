"""``myorec plan`` as text and as JSON-ready data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from myorec.core.calendar import DAYS
from myorec.core.intensity import HeartRates, Intensity
from myorec.core.metrics import compute_metrics
from myorec.core.plan import NONE, ROUTINE, THIS_WEEK, Plan, weekday_position
from myorec.core.plan_search import CLOSEST, MOST_POINTS
from myorec.core.report import IMPACT_CAUTION, MULTICOMPONENT_TARGET, OLDER_FROM, VIGOROUS_CAUTION
from myorec.core.sessions import Kind, Session
from myorec.core.text import counted
from myorec.render.tables import Layout, render_table

DAY_HEADERS = ("Day", "Planned", "Minutes")
#: The benefit names' width where the table must fit a narrow terminal.
NAME_WIDTH = 16
BENEFIT_HEADERS = ("Benefit", "Score", "Level", "Confidence", "Target")
#: Said under a plan from an inactive week, as next steps say it under a report.
HELD_BACK_NOTE = (
    "Vigorous and impact sessions are left out of the plan until a week has 60 moderate-equivalent "
    "minutes or some vigorous ones: build up with light to moderate activity first."
)
#: Said under every plan: how to keep it, or where it was kept.
KEEP_NOTE = "Keep the plan as a routine with -o FILE; 'myorec report --routine FILE' scores it the same."
KEPT_NOTE = "The plan is kept as a routine in {file}; 'myorec report --routine {file}' scores it the same."
#: Said under an older person's plan short of WHO's balance-and-strength days, as next steps put them first.
OLDER_NOTE = (
    "From 65, WHO advises balance and strength work on {target} days a week (it lowers the risk of "
    "falls); this week has {days}: add a balance or resistance session on the days that lack one."
)


def session_text(session: Session, heart: HeartRates | None = None) -> str:
    """``30 min moderate aerobic (impact)``, ``15 min resistance``, ``20 min balance``.

    ``heart``: the profile's heart rates, which decide a logged session's intensity from its pulse.
    """
    intensity = session.decide(heart).intensity
    if session.kind is Kind.MOBILITY:
        sort = (session.focus.value if session.focus is not None else "mobility").replace("_", "-")
    elif session.kind is Kind.RESISTANCE:
        sort = "resistance" if intensity is Intensity.MODERATE else f"{intensity.value} resistance"
    else:
        sort = f"{intensity.value} aerobic"
    return f"{session.minutes} min {sort}{' (impact)' if session.impact else ''}"


def _day_label(plan: Plan, position: int) -> str:
    name = DAYS[position].value.capitalize()
    if plan.start.monday is None:
        return name
    return f"{name} {(plan.start.monday + dt.timedelta(days=position)).isoformat()}"


def day_rows(plan: Plan) -> list[list[Any]]:
    """One row per day the plan may use or already has sessions on: what it adds, and its minutes."""
    positions = sorted(
        {DAYS.index(day) for day in plan.days} | {weekday_position(s) for s in plan.start.week.sessions}
    )
    rows: list[list[Any]] = []
    for position in positions:
        planned = [s for s in plan.sessions if weekday_position(s) == position]
        done = [s for s in plan.start.week.sessions if weekday_position(s) == position]
        heart = plan.start.week.profile.heart_rates
        cells = [", ".join(session_text(s) for s in planned)] if planned else []
        if done:
            cells.append(f"done: {', '.join(session_text(s, heart) for s in done)}")
        rows.append([_day_label(plan, position), "; ".join(cells) or "rest", sum(s.minutes for s in planned)])
    return rows


def cautions(plan: Plan) -> list[str]:
    """The cautions next steps show with the same work: vigorous sessions', then impact sessions'."""
    heart = plan.week.profile.heart_rates
    vigorous = any(s.decide(heart).minutes_at(Intensity.VIGOROUS) for s in plan.sessions)
    impact = any(s.impact for s in plan.sessions)
    return [text for text, needed in ((VIGOROUS_CAUTION, vigorous), (IMPACT_CAUTION, impact)) if needed]


def older_note(plan: Plan) -> str | None:
    """From 65, a planned week short of WHO's balance-and-strength days says so.

    The targets alone may not ask for them, and next steps put them first at that age.
    """
    age = plan.week.profile.age
    if age is None or age < OLDER_FROM:
        return None
    days = int(compute_metrics(plan.week.sessions, plan.week.profile)["multicomponent_days"] or 0)
    if days >= MULTICOMPONENT_TARGET:
        return None
    return OLDER_NOTE.format(target=MULTICOMPONENT_TARGET, days=counted(days, "such day"))


def heading(plan: Plan) -> str:
    days = ", ".join(day.value for day in plan.days) or "no day"
    if plan.mode == MOST_POINTS:
        goal = "the best week within the budget"
    elif plan.mode == CLOSEST:
        goal = "the targets are out of reach; the week closest to them, in the fewest minutes"
    else:
        goal = "the fewest minutes that reach the targets"
    return f"Plan for {days}: {goal}."


def starting_text(plan: Plan) -> str:
    start = plan.start
    if start.source == NONE:
        return "Starting point: none (a template week)."
    minutes = sum(s.minutes for s in start.week.sessions)
    done = f"{counted(len(start.week.sessions), 'session')}, {minutes} minutes"
    if start.source == THIS_WEEK:
        return f"Starting point: this week ({start.week.label}) as logged, {done}; planned from today on."
    return f"Starting point: the routine {start.file} ({done})."


def _change(change: int) -> str:
    return f"{change:+d}"


def benefit_rows(plan: Plan) -> list[list[Any]]:
    unmet = {s.benefit for s in plan.unmet}
    rows: list[list[Any]] = []
    for b in plan.benefits:
        target = "-" if b.target is None else f"{b.target} ({'not met' if b.id in unmet else 'met'})"
        rows.append([b.name, f"{b.score} ({_change(b.change)})", b.level, b.confidence, target])
    return rows


def render_plan(plan: Plan, layout: Layout, kept_in: str | None = None) -> str:
    """The plan: a row per day, the total, the benefits it reaches, what falls short and why.

    A data style (CSV, TSV, HTML) gives the day table alone. ``kept_in``: the
    routine file the plan was written to.
    """
    if layout.data_only:
        return render_table(day_rows(plan), DAY_HEADERS, layout)
    lines = [*layout.fill(heading(plan)), *layout.fill(starting_text(plan)), ""]
    total = [["Total", counted(len(plan.sessions), "session"), plan.total_minutes]]
    lines.append(
        render_table([*day_rows(plan), *total], DAY_HEADERS, layout, colalign=("left", "left", "right"))
    )
    lines.append("")
    benefits = render_table(benefit_rows(plan), BENEFIT_HEADERS, layout)
    if layout.wraps and not layout.fits(benefits):
        # Too wide for the terminal: the names take two lines (tabulate wraps them at spaces).
        benefits = render_table(benefit_rows(plan), BENEFIT_HEADERS, layout, maxcolwidths=[NAME_WIDTH])
    lines.append(benefits)
    if plan.unmet:
        lines += ["", "Falls short:"]
        names = {b.id: b.name for b in plan.benefits}
        for shortfall in plan.unmet:
            by = "" if shortfall.short_by is None else f", {counted(shortfall.short_by, 'point')} short"
            text = (
                f"{names[shortfall.benefit]}: {shortfall.level} ({shortfall.score}) "
                f"for a target of {shortfall.target}{by}: {shortfall.why}."
            )
            lines += layout.fill(text, indent="    ", first="  - ")
    lines.append("")
    if plan.cautious:
        lines += layout.fill(HELD_BACK_NOTE)
    for caution in cautions(plan):
        lines += layout.fill(caution, indent="         ", first="Caution: ")
    older = older_note(plan)
    if older is not None:
        lines += layout.fill(older)
    lines += layout.fill(KEEP_NOTE if kept_in is None else KEPT_NOTE.format(file=kept_in))
    return "\n".join(lines)


def session_to_dict(session: Session, heart: HeartRates | None = None) -> dict[str, Any]:
    return {
        "day": DAYS[weekday_position(session)].value,
        "date": session.date.isoformat() if session.date is not None else None,
        "kind": session.kind.value,
        "minutes": session.minutes,
        "intensity": session.decide(heart).intensity.value,
        "focus": session.focus.value if session.focus is not None else None,
        "impact": session.impact,
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """``plan --json``: exactly the keys the issue pins, each as the table shows it."""
    start = plan.start
    return {
        "sessions": [session_to_dict(s) for s in plan.sessions],
        "total_minutes": plan.total_minutes,
        "benefits": [
            {"id": b.id, "score": b.score, "level": b.level, "confidence": b.confidence, "change": b.change}
            for b in plan.benefits
        ],
        "unmet": [
            {
                "benefit": s.benefit,
                "target": s.target,
                "level": s.level,
                "score": s.score,
                "short_by": s.short_by,
                "why": s.why,
            }
            for s in plan.unmet
        ],
        "starting_point": {
            "source": start.source,
            "week": start.week.label,
            "file": start.file if start.source == ROUTINE else None,
            "sessions": [session_to_dict(s, start.week.profile.heart_rates) for s in start.week.sessions],
            "total_minutes": sum(s.minutes for s in start.week.sessions),
        },
    }
