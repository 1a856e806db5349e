"""The charts, drawn by hand in SVG: a score bar with its level bands, and week-by-week charts.

Hand-written SVG is a few kilobytes per chart and costs no import at start-up;
a charting library would bring megabytes (Plotly's JavaScript) or a slow
import (matplotlib) for a bar, a line and some dots. Every chart has a
``<title>`` (its accessible name) and is drawn with classes that
``templates/page.css`` colours, so dark mode and print restyle it. Nothing is
told by colour alone: bands and lines are labelled, the week in progress is
dashed and hollow, weeks without data are hatched and say so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from myorec.core.engine import CAPPED_CONFIDENCES, CAPPED_LEVEL, LEVELS, level_bands
from myorec.render.pages.markup import Html, element, join, lines, number, shape, text
from myorec.render.report import DISCLAIMER


def _bands() -> tuple[tuple[str, int, int], ...]:
    """Each drawn level band, lowest first: (level, from, to) on the 0-100 scale.

    ``none`` is the single score 0, so the lowest band is drawn from 0.
    """
    drawn = [(floor, name) for floor, name in reversed(LEVELS) if floor > 0]
    ceilings = [floor for floor, _ in drawn[1:]] + [100]
    return tuple(
        (name, 0 if index == 0 else floor, ceiling)
        for index, ((floor, name), ceiling) in enumerate(zip(drawn, ceilings, strict=True))
    )


BANDS = _bands()
#: The top level, which a benefit of low confidence never reaches.
STRONG = LEVELS[0][1]
#: The label a week in progress carries in charts and tables.
SO_FAR = "so far"
NO_DATA = "no data"


def patterns() -> Html:
    """The hatches the charts share (one hidden SVG per page: ``url(#id)`` works across SVGs)."""

    def hatch(name: str, angle: int) -> Html:
        return element(
            "pattern",
            shape("rect", width=6, height=6, class_="hatch-ground"),
            shape("line", x1=0, y1=0, x2=0, y2=6, class_="hatch-line"),
            id=name,
            width=6,
            height=6,
            patternUnits="userSpaceOnUse",
            patternTransform=f"rotate({angle})",
        )

    return element(
        "svg",
        element("defs", hatch("hatch-so-far", 45), hatch("hatch-no-data", -45)),
        class_="defs",
        width=0,
        height=0,
        aria_hidden="true",
        focusable="false",
    )


def _svg(title: str, width: int, height: int, *body: Html, class_: str) -> Html:
    return element(
        "svg",
        lines((element("title", text(title)), *body)),
        viewBox=f"0 0 {width} {height}",
        class_=f"chart {class_}",
        role="img",
    )


def _label(x: float, y: float, words: str, class_: str, anchor: str = "middle") -> Html:
    return element("text", text(words), x=float(x), y=float(y), class_=class_, text_anchor=anchor)


# -- the score bar of one benefit -----------------------------------------------------

BAR_WIDTH, BAR_HEIGHT = 300, 40
_BAR_LEFT, _BAR_RIGHT = 2.0, 298.0


def score_bar(name: str, score: int, level: str, capped: bool) -> Html:
    """A horizontal bar, 0-100, over the level bands, each band named under it.

    ``capped``: the benefit's confidence keeps it from ``strong``; that band is
    hatched and the title says why.
    """
    scale = (_BAR_RIGHT - _BAR_LEFT) / 100
    parts = []
    for band, low, high in BANDS:
        cap = capped and band == STRONG
        parts.append(
            shape(
                "rect",
                x=_BAR_LEFT + low * scale,
                y=2,
                width=(high - low) * scale,
                height=20,
                class_=f"band band-{band}" + (" band-capped" if cap else ""),
            )
        )
        parts.append(_label(_BAR_LEFT + (low + high) / 2 * scale, 35, band, "band-label"))
    end = _BAR_LEFT + score * scale
    parts.append(shape("rect", x=_BAR_LEFT, y=7, width=end - _BAR_LEFT, height=10, class_="score-fill"))
    parts.append(shape("line", x1=end, y1=0, x2=end, y2=24, class_="score-mark"))
    title = f"{name}: score {score} of 100, level {level}"
    if capped:
        title += " (at this confidence a benefit is never shown as strong)"
    return _svg(title, BAR_WIDTH, BAR_HEIGHT, *parts, class_="score-bar")


# -- charts over weeks ----------------------------------------------------------------


class ChartWeek(NamedTuple):
    """One week on a chart's axis: its label, and whether it is in progress or has no data."""

    label: str
    in_progress: bool = False
    no_data: bool = False


class _Axis:
    """Weeks laid out from ``left`` to ``right``, a point per week, labelled below."""

    def __init__(self, weeks: Sequence[ChartWeek], left: float, right: float, max_labels: int) -> None:
        self.weeks = weeks
        self.left, self.right = left, right
        self.step = (right - left) / (len(weeks) - 1) if len(weeks) > 1 else 0.0
        self.every = max(1, math.ceil(len(weeks) / max_labels))

    def x(self, index: int) -> float:
        return (self.left + self.right) / 2 if len(self.weeks) == 1 else self.left + index * self.step

    def labels(self, y: float) -> Html:
        """Every ``every``-th week's number (``W47``), counted back from the last week."""
        last = len(self.weeks) - 1
        shown = [index for index in range(last, -1, -self.every)]
        return lines(
            _label(self.x(index), y, self.weeks[index].label.split("-")[-1], "tick")
            for index in reversed(shown)
        )

    def no_data(self, top: float, bottom: float) -> Html:
        """A hatched, labelled band over each run of weeks without data."""
        parts = []
        half = self.step / 2 if self.step else 8.0
        index = 0
        while index < len(self.weeks):
            if not self.weeks[index].no_data:
                index += 1
                continue
            start = index
            while index < len(self.weeks) and self.weeks[index].no_data:
                index += 1
            x0 = max(self.left - 4, self.x(start) - half)
            x1 = min(self.right + 4, self.x(index - 1) + half)
            parts.append(shape("rect", x=x0, y=top, width=x1 - x0, height=bottom - top, class_="no-data"))
            if x1 - x0 >= 36:
                parts.append(_label((x0 + x1) / 2, (top + bottom) / 2, NO_DATA, "no-data-label"))
        return lines(parts)


def _point_title(week: ChartWeek, value: str) -> Html:
    return element("title", text(f"{week.label}: {value}" + (f" ({SO_FAR})" if week.in_progress else "")))


LINE_WIDTH, LINE_HEIGHT = 300, 124
#: The most weeks a score chart draws a point for.
MAX_POINTS = 104
_LINE_LEFT, _LINE_RIGHT, _LINE_TOP, _LINE_BOTTOM = 28.0, 292.0, 6.0, 100.0


def score_lines(name: str, weeks: Sequence[ChartWeek], scores: Sequence[int], capped: bool) -> Html:
    """One benefit's score week by week, over its level bands; the week in progress dashed and hollow."""
    axis = _Axis(weeks, _LINE_LEFT, _LINE_RIGHT, max_labels=6)

    def y(score: float) -> float:
        return _LINE_BOTTOM - score * (_LINE_BOTTOM - _LINE_TOP) / 100

    parts = []
    for band, low, high in BANDS:
        cap = capped and band == STRONG
        parts.append(
            shape(
                "rect",
                x=_LINE_LEFT - 4,
                y=y(high),
                width=_LINE_RIGHT - _LINE_LEFT + 8,
                height=y(low) - y(high),
                class_=f"band band-{band}" + (" band-capped" if cap else ""),
            )
        )
    for tick in (0, *(low for _, low, _ in BANDS[1:]), 100):
        parts.append(_label(_LINE_LEFT - 7, y(tick) + 3, str(tick), "tick", "end"))
    parts.append(axis.no_data(_LINE_TOP, _LINE_BOTTOM))
    # Each band's name, inside it on the left, drawn over the hatching but under the line.
    parts += [
        _label(_LINE_LEFT, y((low + high) / 2) + 3, band, "band-name", "start") for band, low, high in BANDS
    ]
    parts.append(axis.labels(LINE_HEIGHT - 10))
    known = [index for index, week in enumerate(weeks) if not week.no_data]

    def path(indices: Sequence[int]) -> str:
        return "M" + "L".join(f"{number(axis.x(index))} {number(y(scores[index]))}" for index in indices)

    # Runs of consecutive weeks, each one path (so that its corners join); a gap of no data breaks
    # the line, and the step into the week in progress is a path of its own, dashed.
    runs: list[list[int]] = []
    for index in known:
        if runs and runs[-1][-1] == index - 1 and not weeks[index].in_progress:
            runs[-1].append(index)
        else:
            runs.append([index])
    solid = "".join(path(run) for run in runs if len(run) > 1)
    if solid:
        parts.append(shape("path", d=solid, class_="line"))
    so_far = "".join(
        path((index - 1, index)) for index in known if weeks[index].in_progress and index - 1 in known
    )
    if so_far:
        parts.append(shape("path", d=so_far, class_="line so-far"))
    radius = 3.0 if len(weeks) <= 13 else 2.0
    # Past two years a point per week is a blur (and most of the page's size): the line, and its last point.
    for index in known if len(weeks) <= MAX_POINTS else known[-1:]:
        week = weeks[index]
        parts.append(
            element(
                "circle",
                _point_title(week, str(scores[index])),
                cx=axis.x(index),
                cy=y(scores[index]),
                r=radius,
                class_="point so-far" if week.in_progress else "point",
            )
        )
    if known:
        last = known[-1]
        words = f"{scores[last]} {SO_FAR}" if weeks[last].in_progress else str(scores[last])
        parts.append(_label(axis.x(last), y(scores[last]) - 6, words, "value", "end"))
    title = f"{name}: score by week, {_span(weeks)}"
    if known:
        title += f", {scores[known[-1]]} in {weeks[known[-1]].label}"
        title += f" ({SO_FAR})" if weeks[known[-1]].in_progress else ""
    return _svg(title, LINE_WIDTH, LINE_HEIGHT, *parts, class_="score-lines")


def _span(weeks: Sequence[ChartWeek]) -> str:
    return weeks[0].label if len(weeks) == 1 else f"{weeks[0].label} to {weeks[-1].label}"


WIDE_WIDTH = 480
#: The plot's left and right ends; the right margin holds the reference lines' labels.
_WIDE_LEFT, _WIDE_RIGHT = 34.0, 400.0


def _frame(axis: _Axis, y: Callable[[float], float], ticks: range, top: float, bottom: float) -> list[Html]:
    """What a wide chart draws first: its baseline, its value ticks and the bands of weeks without data."""
    parts = [shape("line", x1=_WIDE_LEFT - 6, y1=bottom, x2=_WIDE_RIGHT + 10, y2=bottom, class_="axis")]
    parts += [_label(_WIDE_LEFT - 10, y(tick) + 3, str(tick), "tick", "end") for tick in ticks]
    parts.append(axis.no_data(top, bottom))
    return parts


def _series_title(what: str, weeks: Sequence[ChartWeek], values: Sequence[int], against: str) -> str:
    """A wide chart's title: what it draws, against which target, and every week's value."""
    listed = ", ".join(
        f"{week.label} {NO_DATA if week.no_data else value}"
        for week, value in zip(weeks, values, strict=True)
    )
    return f"{what} by week, {_span(weeks)}, against {against}: {listed}"


def _reference(y: float, words: str, class_: str) -> Html:
    """A labelled horizontal line across a wide chart (WHO's targets)."""
    return lines(
        (
            shape("line", x1=_WIDE_LEFT - 6, y1=y, x2=_WIDE_RIGHT + 10, y2=y, class_=f"reference {class_}"),
            _label(_WIDE_RIGHT + 12, y + 3, words, "reference-label", "start"),
        )
    )


#: WHO 2020's weekly aerobic range for adults, in moderate-equivalent minutes.
WHO_MINUTES = (150, 300)
MINUTES_HEIGHT = 170
#: The minutes axis's tick steps, shortest first: an hour, two, five, and so on to a week of days.
_MINUTE_STEPS = (60, 120, 300, 600, 1200, 3000)
_MIN_TOP, _MIN_BOTTOM = 8.0, 140.0


def minutes_bars(weeks: Sequence[ChartWeek], minutes: Sequence[int]) -> Html:
    """Moderate-equivalent minutes per week as bars, against WHO's 150 and 300."""
    axis = _Axis(weeks, _WIDE_LEFT + 12, _WIDE_RIGHT - 12, max_labels=10)
    known = [minutes[index] for index, week in enumerate(weeks) if not week.no_data]
    highest = max(360, *known) if known else 360
    # Ticks every hour, or a longer round step, so that there are at most 7 of them.
    step = next(step for step in _MINUTE_STEPS if highest / step <= 6 or step == _MINUTE_STEPS[-1])
    top = math.ceil(highest / step) * step

    def y(value: float) -> float:
        return _MIN_BOTTOM - value * (_MIN_BOTTOM - _MIN_TOP) / top

    parts = _frame(axis, y, range(0, top + 1, step), _MIN_TOP, _MIN_BOTTOM)
    width = min(24.0, axis.step * 0.7) if axis.step else 24.0
    for index, week in enumerate(weeks):
        if week.no_data:
            continue
        value = minutes[index]
        parts.append(
            element(
                "rect",
                _point_title(week, f"{value} min"),
                x=axis.x(index) - width / 2,
                y=y(value),
                width=width,
                height=_MIN_BOTTOM - y(value),
                class_="bar so-far" if week.in_progress else "bar",
            )
        )
        if len(weeks) <= 12 or week.in_progress:
            words = f"{value} {SO_FAR}" if week.in_progress else str(value)
            parts.append(_label(axis.x(index), y(value) - 4, words, "value"))
    low, high = WHO_MINUTES
    parts.append(_reference(y(low), f"WHO {low}", "who-low"))
    parts.append(_reference(y(high), f"WHO {high}", "who-high"))
    parts.append(axis.labels(MINUTES_HEIGHT - 12))
    title = _series_title("Moderate-equivalent minutes", weeks, minutes, f"WHO's {low} and {high} minutes")
    return _svg(title, WIDE_WIDTH, MINUTES_HEIGHT, *parts, class_="minutes-bars")


#: WHO 2020's muscle-strengthening target for adults, in days a week.
WHO_RESISTANCE_DAYS = 2
DAYS_HEIGHT = 120
_DAYS_TOP, _DAYS_BOTTOM = 10.0, 90.0


def resistance_dots(weeks: Sequence[ChartWeek], days: Sequence[int]) -> Html:
    """Resistance days per week as dots against WHO's 2 days: filled when the target is met, else hollow."""
    axis = _Axis(weeks, _WIDE_LEFT + 12, _WIDE_RIGHT - 12, max_labels=10)
    top = max(4, *days) if days else 4

    def y(value: float) -> float:
        return _DAYS_BOTTOM - value * (_DAYS_BOTTOM - _DAYS_TOP) / top

    parts = _frame(axis, y, range(top + 1), _DAYS_TOP, _DAYS_BOTTOM)
    parts.append(_reference(y(WHO_RESISTANCE_DAYS), f"WHO {WHO_RESISTANCE_DAYS} days", "who-low"))
    radius = 5.0 if len(weeks) <= 13 else 3.0
    for index, week in enumerate(weeks):
        if week.no_data:
            continue
        met = "met" if days[index] >= WHO_RESISTANCE_DAYS else "short"
        parts.append(
            element(
                "circle",
                _point_title(week, f"{days[index]} resistance days"),
                cx=axis.x(index),
                cy=y(days[index]),
                r=radius,
                class_=f"dot {met}" + (" so-far" if week.in_progress else ""),
            )
        )
        if week.in_progress:
            parts.append(_label(axis.x(index), y(days[index]) - radius - 4, SO_FAR, "value"))
    parts.append(axis.labels(DAYS_HEIGHT - 12))
    title = _series_title("Resistance days", weeks, days, f"WHO's {WHO_RESISTANCE_DAYS} days")
    return _svg(title, WIDE_WIDTH, DAYS_HEIGHT, *parts, class_="resistance-dots")


# -- what every page says about its charts --------------------------------------------


def data_table(summary: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Html:
    """A table in a closed ``<details>``: open it to read (or copy) the numbers a chart draws."""
    head = element("tr", join(element("th", text(header), scope="col") for header in headers))
    body = lines(
        element(
            "tr",
            element("th", text(row[0]), scope="row"),
            join(element("td", text(cell)) for cell in row[1:]),
        )
        for row in rows
    )
    table = element("table", element("thead", head), element("tbody", body))
    return element(
        "details",
        element("summary", text(summary)),
        element("div", table, class_="table-scroll"),
        class_="data",
    )


def levels_note() -> Html:
    """The level bands the charts draw, and the cap a benefit of low confidence has."""
    return element(
        "p",
        text(
            f"Levels: {level_bands()}; at {' or '.join(sorted(CAPPED_CONFIDENCES))} confidence "
            f"at most {CAPPED_LEVEL} (its {STRONG} band is hatched)."
        ),
    )


def disclaimer() -> Html:
    return element("p", element("strong", text(DISCLAIMER)), class_="disclaimer")
