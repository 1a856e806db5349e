"""A week's report: metrics, benefit results and ranked next steps.

Pure: it takes sessions already read (from a routine or the log) and a rule
engine, and returns plain data for the renderers. Next steps are found by
re-scoring the week with one candidate session added, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from myorec.core.calendar import DAYS, LATEST_DATE, Day, days_elapsed, in_progress, parse_iso_week
from myorec.core.engine import BenefitResult, Engine
from myorec.core.intensity import HeartRates, Intensity
from myorec.core.metrics import Metrics, compute_metrics, day_key
from myorec.core.ruleset import CONFIDENCE_WEIGHT
from myorec.core.sessions import MAX_MINUTES, Focus, Kind, Profile, Session
from myorec.core.week import Week

#: What a next step adds, as ``rules test`` cases name it (``expect_first_step``).
STEP_TYPES: tuple[str, ...] = (
    "aerobic",
    "light",
    "vigorous",
    "impact",
    "resistance",
    "mobility",
    "balance",
    "longer",
)


class Candidate(NamedTuple):
    """One single-session change next steps try."""

    type: str
    kind: Kind
    minutes: int
    intensity: Intensity
    label: str
    focus: Focus | None = None
    impact: bool = False


#: The sessions next steps try adding: each is one session a person could add this week.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate("aerobic", Kind.AEROBIC, 30, Intensity.MODERATE, "a 30-minute moderate aerobic session"),
    Candidate("light", Kind.AEROBIC, 30, Intensity.LIGHT, "a 30-minute easy walk"),
    Candidate("vigorous", Kind.AEROBIC, 20, Intensity.VIGOROUS, "a 20-minute vigorous aerobic session"),
    Candidate(
        "impact",
        Kind.AEROBIC,
        30,
        Intensity.MODERATE,
        "a 30-minute run, racquet or other impact session",
        impact=True,
    ),
    Candidate("resistance", Kind.RESISTANCE, 30, Intensity.MODERATE, "a 30-minute resistance session"),
    Candidate("mobility", Kind.MOBILITY, 20, Intensity.MODERATE, "a 20-minute mobility session"),
    Candidate("balance", Kind.MOBILITY, 20, Intensity.MODERATE, "a 20-minute balance session", Focus.BALANCE),
)
#: How much longer a "longer" step makes one of the week's sessions.
LONGER_BY = 15

#: Below this many moderate-equivalent minutes, with no vigorous minutes, a week is an inactive
#: one: its steps are light to moderate (ACSM pre-participation screening, Riebe et al. 2015;
#: ADA, Colberg et al. 2016), never vigorous.
INACTIVE_BELOW = 60
#: From this age, with fewer multicomponent days than WHO's target, balance or strength comes
#: first (WHO 2020, for people 65 and older: 3 days a week).
OLDER_FROM, MULTICOMPONENT_TARGET = 65, 3
#: Shown with every impact step: jumping and running load joints and bones as well as muscle.
IMPACT_CAUTION = (
    "Build up impact work gradually; with osteoporosis, joint problems or a recent fall, "
    "ask a doctor or physiotherapist which kinds suit you."
)
#: Shown with every vigorous step, in the table and JSON.
VIGOROUS_CAUTION = (
    "If you are not used to vigorous exercise, build up to it over a few weeks; with heart disease, "
    "or symptoms such as chest pain or breathlessness, ask a doctor first."
)


class NextStep(NamedTuple):
    change: str
    #: The confidence-weighted sum of score changes: each benefit's change times its confidence's weight.
    gain: float
    #: The plain sum of score changes.
    raw_gain: int
    #: benefit id -> score change, only benefits that change.
    effects: dict[str, int]
    #: What kind of change it is (one of :data:`STEP_TYPES`).
    type: str
    #: A safety note the step must be shown with (every vigorous step has one).
    caution: str | None = None


class WeekReport(NamedTuple):
    week: str | None
    metrics: Metrics
    benefits: list[BenefitResult]
    next_steps: list[NextStep]
    session_count: int
    #: The week is an inactive one (see :data:`INACTIVE_BELOW`): its steps are light to moderate.
    inactive: bool = False
    #: The week holds today: its next steps go on the days still to come (today included).
    in_progress: bool = False
    #: Days of the week begun by today: 2 on a Tuesday, 7 for a week gone by, 0 for one to come;
    #: None for a template week, which is on no calendar.
    days_elapsed: int | None = None


def week_days(monday: dt.date | None, today: dt.date | None = None) -> list[Day | dt.date]:
    """The days a candidate can go on: weekday names, or the dates of an ISO week.

    In the week that holds ``today``, only the days still to come (today
    included): a step for a day already gone is no step at all. Never a date
    past the last one a session may have: the ISO week of 2999-12-31 ends in 3000.
    """
    if monday is None:
        return list(DAYS)
    week = (monday + dt.timedelta(days=offset) for offset in range(7))
    dates = [date for date in week if date <= LATEST_DATE]
    to_come = [date for date in dates if today is None or date >= today]
    return [*(to_come or dates)]


def _place(kind: Kind, sessions: Sequence[Session], days: list[Day | dt.date]) -> Day | dt.date:
    """The least-used day for this kind: fewest minutes of the kind, then overall, then earliest."""

    def load(day: Day | dt.date) -> tuple[int, int]:
        key = day.isoformat() if isinstance(day, dt.date) else day.value
        same = sum(s.minutes for s in sessions if day_key(s) == key and s.kind is kind)
        every = sum(s.minutes for s in sessions if day_key(s) == key)
        return same, every

    return min(days, key=load)


def _day_label(day: Day | dt.date) -> str:
    if isinstance(day, dt.date):
        return f"{day.strftime('%a')} {day.isoformat()}"
    return day.value.capitalize()


def _session_day_label(session: Session) -> str:
    return _day_label(session.date if session.date is not None else session.day or Day.MON)


def _caution(vigorous: bool, impact: bool) -> str | None:
    """The caution a step must be shown with: vigorous work's, else impact work's, else none."""
    if vigorous:
        return VIGOROUS_CAUTION
    return IMPACT_CAUTION if impact else None


def _longest_of_each_sort(sessions: Sequence[Session], heart: HeartRates) -> list[tuple[int, Session]]:
    """The sessions worth making longer: the longest of each kind, intensity and impact, in calendar order.

    One of each sort keeps next steps linear in the week's length (a week from
    a busy log may hold thousands of sessions); the earliest of equally long
    ones, so that the same week gives the same steps however it was read.
    """
    longest: dict[tuple[Kind, Intensity, bool], tuple[int, Session]] = {}
    for index, session in sorted(
        enumerate(sessions), key=lambda item: (_calendar_position(item[1]), item[0])
    ):
        if session.kind is Kind.MOBILITY or session.minutes + LONGER_BY > MAX_MINUTES:
            continue
        sort = (session.kind, session.decide(heart).intensity, session.impact)
        if sort not in longest or session.minutes > longest[sort][1].minutes:
            longest[sort] = (index, session)
    return sorted(longest.values(), key=lambda item: (_calendar_position(item[1]), item[0]))


def _calendar_position(session: Session) -> int:
    """Where a session's day falls in its week: its date's ordinal, or its weekday's place."""
    if session.date is not None:
        return session.date.toordinal()
    return DAYS.index(session.day) if session.day is not None else 0


def inactive(metrics: Metrics) -> bool:
    """A week too light to add vigorous work to straight away (see :data:`INACTIVE_BELOW`)."""
    return (metrics["moderate_equivalent_min"] or 0) < INACTIVE_BELOW and not metrics["aerobic_vigorous_min"]


def _changes(
    sessions: Sequence[Session], days: list[Day | dt.date], cautious: bool, heart: HeartRates
) -> list[tuple[str, str, list[Session], str | None]]:
    """Each change to try: (type, description, the week with it, the caution it needs).

    A ``cautious`` (inactive) week tries no vigorous session and no impact
    session: an inactive person starts light to moderate, and running or jumping
    from nothing is how beginners get hurt. A session made longer keeps how its
    intensity is decided: with heart-rate samples, its added minutes split as
    its others do.
    """
    changes = []
    for candidate in CANDIDATES:
        vigorous = candidate.intensity is Intensity.VIGOROUS
        if cautious and (vigorous or candidate.impact):
            continue
        day = _place(candidate.kind, sessions, days)
        extra = Session(
            kind=candidate.kind,
            minutes=candidate.minutes,
            intensity=candidate.intensity,
            focus=candidate.focus,
            impact=candidate.impact,
            day=day if isinstance(day, Day) else None,
            date=day if isinstance(day, dt.date) else None,
        )
        caution = _caution(vigorous, candidate.impact)
        change = f"add {candidate.label} on {_day_label(day)}"
        changes.append((candidate.type, change, [*sessions, extra], caution))
    for index, session in _longest_of_each_sort(sessions, heart):
        longer = session.model_copy(update={"minutes": session.minutes + LONGER_BY})
        decision = session.decide(heart)
        sort = f"{decision.intensity.value}{' impact' if session.impact else ''} {session.kind.value}"
        when = _session_day_label(session)
        change = f"make the {session.minutes}-minute {sort} session on {when} {LONGER_BY} minutes longer"
        caution = _caution(bool(decision.minutes_at(Intensity.VIGOROUS)), session.impact)
        changes.append(("longer", change, [*sessions[:index], longer, *sessions[index + 1 :]], caution))
    return changes


def plan_next_steps(
    engine: Engine,
    sessions: Sequence[Session],
    profile: Profile,
    days: list[Day | dt.date],
    base_scores: list[int],
) -> list[NextStep]:
    """Try each change on its best day; keep those that add points, best first, safest first.

    Steps are ranked by their confidence-weighted gain. An inactive week gets
    no vigorous or impact step; from 65, while
    balance-and-strength days are short of WHO's target, the best balance or
    resistance step comes first. Of the "longer" steps only the best is kept:
    one is advice, a list of them is noise.
    """
    ids = engine.benefit_ids
    metrics = compute_metrics(sessions, profile)
    weights = [CONFIDENCE_WEIGHT[confidence] for confidence in engine.confidences(metrics)]
    older = profile.age is not None and profile.age >= OLDER_FROM
    steps = []
    for step_type, change, week, caution in _changes(sessions, days, inactive(metrics), profile.heart_rates):
        scores = engine.scores(compute_metrics(week, profile))
        deltas = [new - old for new, old in zip(scores, base_scores, strict=True)]
        raw = sum(deltas)
        if raw <= 0:
            continue
        effects = {bid: delta for bid, delta in zip(ids, deltas, strict=True) if delta}
        gain = round(sum(weight * delta for weight, delta in zip(weights, deltas, strict=True)), 2)
        steps.append(NextStep(change, gain, raw, effects, step_type, caution))
    steps.sort(key=lambda step: (-step.gain, -step.raw_gain))
    longer = [step for step in steps if step.type == "longer"]
    steps = [step for step in steps if step.type != "longer" or step is longer[0]]
    if older and (metrics["multicomponent_days"] or 0) < MULTICOMPONENT_TARGET:
        first = next((step for step in steps if step.type in ("balance", "resistance")), None)
        if first is not None:
            steps.remove(first)
            steps.insert(0, first)
    return steps


def build_report(engine: Engine, week: Week, today: dt.date | None = None) -> WeekReport:
    """Everything a report shows for one week (``today`` keeps next steps off the days gone by)."""
    metrics = compute_metrics(week.sessions, week.profile)
    benefits = engine.evaluate(metrics)
    base = [result.score for result in benefits]
    monday = parse_iso_week(week.label)[0] if week.label else None
    steps = plan_next_steps(engine, week.sessions, week.profile, week_days(monday, today), base)
    calendar = (
        (in_progress(monday, today), days_elapsed(monday, today))
        if monday is not None and today is not None
        else (False, None)
    )
    return WeekReport(week.label, metrics, benefits, steps, len(week.sessions), inactive(metrics), *calendar)
