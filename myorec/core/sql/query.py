"""The cohort's queries: one that scores every person-week of an input, one that lists its bad rows.

Both read a relation the engine adapter names ``cohort_input`` (the file's
columns under their myorec names); the bad-row listing reads ``cohort_rows``,
the same with ``_row``, the row's number in the file (1 for the first under
the header). Scoring is one query, in layers of ``WITH``: parse and check each
row, aggregate sessions into person-weeks (sessions input), then each rule's
``applies`` and progress, the benefits' sums, scores, confidences and levels.

A bad row either stops the query (its checks end in the dialect's ``fail``
with :data:`BAD_ROW`, and the adapter then asks the listing which row it was),
or, skipping bad rows, is left out.
"""

from __future__ import annotations

from collections.abc import Mapping

from myorec.core.intensity import DEFAULT_INTENSITY, RPE_BANDS, RPE_TOP, Intensity
from myorec.core.metrics import MET_VALUES, METRIC_NAMES, PROFILE_METRICS
from myorec.core.ruleset import RuleSet
from myorec.core.sessions import Focus, Kind
from myorec.core.sql.dialect import Dialect, number
from myorec.core.sql.inputs import (
    PERSON,
    WEEK,
    WEEK_METRICS,
    InputKind,
    RowSql,
    ValueType,
    quoted,
    row_sql,
    week_label,
)
from myorec.core.sql.scoring import (
    applies,
    benefit_sums,
    confidence,
    doubles,
    earned,
    level,
    rule_progress,
    score,
)

#: The message a bad row stops a strict run with: the adapter recognises it and names the row.
BAD_ROW = "myorec: a row of the input breaks a check"
#: The relations the adapter defines: the input's columns, and the same with ``_row``.
INPUT, NUMBERED = "cohort_input", "cohort_rows"
#: The bad-row listing's columns besides the input's.
ROW, COLUMN, REASON = "row", "column", "reason"


def output_columns(rule_set: RuleSet) -> list[str]:
    """``person_id``, ``week``, every metric, then each benefit's score, level and confidence."""
    columns = [PERSON, WEEK, *METRIC_NAMES]
    for benefit in rule_set.benefits:
        columns += [f"{benefit.id}_score", f"{benefit.id}_level", f"{benefit.id}_confidence"]
    return columns


def _cte(name: str, columns: list[str], source: str, *tail: str) -> str:
    """One ``WITH`` entry: ``name AS (SELECT columns FROM source tail...)``, laid out one column a line."""
    listed = ",\n    ".join(columns)
    rest = "".join(f"\n  {line}" for line in tail)
    return f"{name} AS (\n  SELECT\n    {listed}\n  FROM {source}{rest}\n)"


def _named(columns: Mapping[str, str]) -> list[str]:
    return [f"{sql} AS {name}" for name, sql in columns.items()]


def _layers(layers: list[list[tuple[str, str]]], source: str, prefix: str) -> tuple[list[str], str]:
    """``WITH`` entries that add values to ``source`` layer by layer, and the last one's name."""
    entries, previous = [], source
    for depth, layer in enumerate(layers):
        name = f"{prefix}{depth}"
        entries.append(_cte(name, ["*", *_named(dict(layer))], previous))
        previous = name
    return entries, previous


def _broken(row: RowSql) -> str:
    return "(" + "\n    OR ".join(check.broken for check in row.checks) + ")"


def _keep(condition: str, skip_bad: bool, dialect: Dialect) -> str:
    """A WHERE condition: rows where ``condition`` (a problem) is false; or a failure at the first true."""
    if skip_bad:
        return f"NOT {condition}"
    return f"CASE WHEN {condition} THEN {dialect.fail.format(dialect.text(BAD_ROW))} ELSE TRUE END"


def _eq(column: str, word: str, dialect: Dialect) -> str:
    return f"{column} = {dialect.text(word)}"


def _session_weeks(row: RowSql, parsed: str, skip_bad: bool, dialect: Dialect) -> list[str]:
    """Sessions to person-weeks: every metric of :func:`myorec.core.metrics.compute_metrics`, exactly.

    A ``*_days`` metric counts the distinct days of a week as the set bits of
    a mask: each session sets its weekday's bit (``dialect.day_bit``), and the
    masks of a person-week are OR-ed, so one aggregation does what
    ``compute_metrics``' sets of days do. MET minutes are summed as whole tenths
    (every MET value has one decimal), which is the sum ``round(met, 1)`` gives.
    """
    v = row.values
    text = dialect.text
    eff_cases = " ".join(f"WHEN _rpe < {number(bound)} THEN {text(band.value)}" for bound, band in RPE_BANDS)
    eff = (
        f"CASE WHEN _intensity IS NOT NULL THEN _intensity WHEN _rpe IS NOT NULL THEN "
        f"CASE {eff_cases} ELSE {text(RPE_TOP.value)} END ELSE {text(DEFAULT_INTENSITY.value)} END"
    )
    met_cases = []
    for kind, values in MET_VALUES.items():
        for intensity, met in values.items():
            tenths = round(met * 10)
            assert abs(met * 10 - tenths) < 1e-9, "MET values have one decimal"
            met_cases.append(
                f"WHEN {_eq('_kind', kind, dialect)} AND {_eq('_eff', intensity, dialect)} THEN {tenths}"
            )
    aerobic, resistance, mobility = (
        _eq("_kind", kind, dialect) for kind in (Kind.AEROBIC, Kind.RESISTANCE, Kind.MOBILITY)
    )
    hard = f"_eff <> {text(Intensity.LIGHT.value)}"

    def total(condition: str, value: str = "_minutes") -> str:
        return f"SUM(CASE WHEN {condition} THEN {value} ELSE 0 END)"

    def longest(condition: str) -> str:
        return f"MAX(CASE WHEN {condition} THEN _minutes ELSE 0 END)"

    def days(condition: str) -> str:
        return f"BIT_OR(CASE WHEN {condition} THEN _bit ELSE 0 END)"

    sums = {
        "_light": total(f"{aerobic} AND {_eq('_eff', Intensity.LIGHT, dialect)}"),
        "_moderate": total(f"{aerobic} AND {_eq('_eff', Intensity.MODERATE, dialect)}"),
        "_vigorous": total(f"{aerobic} AND {_eq('_eff', Intensity.VIGOROUS, dialect)}"),
        "_aerobic_sessions": total(aerobic, "1"),
        "_aerobic_days": days(aerobic),
        "_longest": longest(aerobic),
        "_resistance_sessions": total(f"{resistance} AND {hard}", "1"),
        "_resistance_days": days(f"{resistance} AND {hard}"),
        "_resistance_min": total(f"{resistance} AND {hard}"),
        "_mobility_sessions": total(mobility, "1"),
        "_mobility_days": days(mobility),
        "_mobility_min": total(mobility),
        "_active_days": "BIT_OR(_bit)",
        "_total": "SUM(_minutes)",
        # Any resistance session makes a multicomponent day; resistance_* count it from moderate up.
        "_multi_days": days(f"{resistance} OR ({mobility} AND {_eq('_focus', Focus.BALANCE, dialect)})"),
        "_longest_mvpa": longest(f"{aerobic} AND {hard}"),
        "_vigorous_days": days(f"{aerobic} AND {_eq('_eff', Intensity.VIGOROUS, dialect)}"),
        "_impact_days": days(f"_impact AND {hard}"),
        "_met_tenths": f"SUM(CASE {' '.join(met_cases)} END * _minutes)",
        "_age_low": "MIN(_age)",
        "_age_high": "MAX(_age)",
    }
    metrics = {
        "aerobic_light_min": "_light",
        "aerobic_moderate_min": "_moderate",
        "aerobic_vigorous_min": "_vigorous",
        "moderate_equivalent_min": "_moderate + 2 * _vigorous",
        "aerobic_sessions": "_aerobic_sessions",
        "aerobic_days": "bit_count(_aerobic_days)",
        "longest_aerobic_min": "_longest",
        "resistance_sessions": "_resistance_sessions",
        "resistance_days": "bit_count(_resistance_days)",
        "resistance_min": "_resistance_min",
        "mobility_sessions": "_mobility_sessions",
        "mobility_days": "bit_count(_mobility_days)",
        "mobility_min": "_mobility_min",
        "active_days": "bit_count(_active_days)",
        "exercise_days": "bit_count(_aerobic_days | _resistance_days)",
        "total_min": "_total",
        "multicomponent_days": "bit_count(_multi_days)",
        "mvpa_min": "_moderate + _vigorous",
        "longest_mvpa_min": "_longest_mvpa",
        "vigorous_days": "bit_count(_vigorous_days)",
        "impact_days": "bit_count(_impact_days)",
        "strength_or_impact_days": "bit_count(_resistance_days | _impact_days)",
    }
    columns = {
        "person_id": v[PERSON],
        "_date": v["date"],
        "_kind": v["kind"],
        "_minutes": v["minutes"],
        "_intensity": v["intensity"],
        "_rpe": v["rpe"],
        "_focus": v["focus"],
        "_impact": v["impact"],
        "_age": v["age"],
    }
    finals = {name: f"CAST({sql} AS BIGINT)" for name, sql in metrics.items()}
    finals["met_minutes"] = "CAST(_met_tenths AS DOUBLE) / 1e1"
    finals["age"] = "CAST(_age_high AS BIGINT)"
    assert set(finals) == set(METRIC_NAMES), "every metric has its SQL"
    weeks = {
        "person_id": "person_id",
        dialect.identifier(WEEK): week_label(dialect, "_year", "_week"),
        **{dialect.identifier(name): finals[name] for name in METRIC_NAMES},
    }
    per_session = {
        "_eff": eff,
        "_bit": dialect.day_bit.format("_date"),
        "_year": dialect.iso_year.format("_date"),
        "_week": dialect.iso_week.format("_date"),
    }
    mixed_ages = "COALESCE(_age_low <> _age_high, FALSE)"
    return [
        _cte("_checked", _named(columns), parsed, f"WHERE {_keep(_broken(row), skip_bad, dialect)}"),
        _cte("_sessions", ["*", *_named(per_session)], "_checked"),
        _cte(
            "_grouped",
            ["person_id", "_year", "_week", *_named(sums)],
            "_sessions",
            "GROUP BY person_id, _year, _week",
        ),
        _cte("_weeks", _named(weeks), "_grouped", f"WHERE {_keep(mixed_ages, skip_bad, dialect)}"),
    ]


def _given_weeks(row: RowSql, parsed: str, skip_bad: bool, dialect: Dialect) -> list[str]:
    v = row.values
    columns = {"person_id": v[PERSON], dialect.identifier(WEEK): v[WEEK]}
    for metric in (*WEEK_METRICS, *PROFILE_METRICS):
        columns[dialect.identifier(metric)] = v[metric]
    return [_cte("_weeks", _named(columns), parsed, f"WHERE {_keep(_broken(row), skip_bad, dialect)}")]


def scoring_query(
    rule_set: RuleSet,
    kind: InputKind,
    types: Mapping[str, ValueType],
    dialect: Dialect,
    *,
    skip_bad: bool = False,
) -> str:
    """The one query that scores every person-week of ``cohort_input``, in :func:`output_columns` order.

    Person-weeks made from sessions come out ordered by person and week;
    given person-weeks, in the input's order.
    """
    row = row_sql(kind, types, dialect)
    entries, parsed = _layers(row.layers, INPUT, "_parsed")
    if kind is InputKind.SESSIONS:
        entries += _session_weeks(row, parsed, skip_bad, dialect)
    else:
        entries += _given_weeks(row, parsed, skip_bad, dialect)
    # A rule's applies and progress columns, one per distinct expression: rules for the same ages,
    # or on the same curve of the same metric, share theirs (the shipped rules have few of each).
    shared: dict[str, str] = {}
    earned_cols: dict[str, str] = {}
    applying: dict[str, str] = {}
    for i, rule in enumerate(rule_set.rules):
        applies_column = shared.setdefault(applies(rule.applies, dialect), f"_a{i}")
        progress_column = shared.setdefault(rule_progress(rule, dialect), f"_p{i}")
        earned_cols[f"_e{i}"] = earned(rule, progress_column, applies_column)
        applying[rule.id] = applies_column
    per_rule = {name: sql for sql, name in shared.items()}
    index = {rule.id: i for i, rule in enumerate(rule_set.rules)}
    sums: dict[str, str] = {}
    scores: dict[str, str] = {}
    finals: dict[str, str] = {}
    for j, benefit in enumerate(rule_set.benefits):
        benefit_sql = benefit_sums(rule_set, index, applying, benefit.id)
        sums |= {f"_earned{j}": benefit_sql.earned, f"_total{j}": benefit_sql.total}
        sums[f"_weighted{j}"] = benefit_sql.weighted
        scores[f"_score{j}"] = score(f"_earned{j}", f"_total{j}")
        scores[f"_confidence{j}"] = confidence(f"_weighted{j}", f"_total{j}", dialect)
        finals[dialect.identifier(f"{benefit.id}_score")] = f"_score{j}"
        finals[dialect.identifier(f"{benefit.id}_level")] = level(f"_score{j}", f"_confidence{j}", dialect)
        finals[dialect.identifier(f"{benefit.id}_confidence")] = f"_confidence{j}"
    source = "_weeks"
    for name, columns in (
        ("_doubles", doubles(rule_set, dialect)),
        ("_rules", per_rule),
        ("_earned", earned_cols),
        ("_sums", sums),
        ("_scores", scores),
    ):
        entries.append(_cte(name, ["*", *_named(columns)], source))
        source = name
    head = [dialect.identifier(name) for name in (PERSON, WEEK, *METRIC_NAMES)]
    order = [f"ORDER BY {head[0]}, {head[1]}"] if kind is InputKind.SESSIONS else []
    return _query(entries, [*head, *_named(finals)], source, *order)


def _query(entries: list[str], columns: list[str], source: str, *tail: str) -> str:
    listed = ",\n  ".join(columns)
    rest = "".join(f"\n{line}" for line in tail)
    return "WITH\n" + ",\n".join(entries) + f"\nSELECT\n  {listed}\nFROM {source}{rest}\n"


def rejects_query(
    kind: InputKind, types: Mapping[str, ValueType], dialect: Dialect, *, first: bool = False
) -> str:
    """Every bad row of ``cohort_rows``: its number, its columns as given, the column at fault and why.

    Sessions of one person-week that give different ages are bad rows too
    (a person-week has one profile, as a report does). ``first`` lists only the
    first bad row, which is what a run without --skip-bad-rows names.
    """
    row = row_sql(kind, types, dialect)
    entries, parsed = _layers(row.layers, NUMBERED, "_parsed")
    entries.append(_cte("_broken", ["*"], parsed, f"WHERE {_broken(row)}"))
    quoting, quoted_rows = _layers(row.quoting, "_broken", "_quoting")
    entries += quoting
    inputs = [dialect.identifier(column) for column in types]
    column_case = " ".join(
        f"WHEN {check.broken} THEN {'NULL' if check.column is None else dialect.text(check.column)}"
        for check in row.checks
    )
    reason_case = " ".join(f"WHEN {check.broken} THEN {check.reason}" for check in row.checks)
    bad = {
        "_column": f"CAST(CASE {column_case} END AS {dialect.text_type})",
        "_reason": f"CASE {reason_case} END",
    }
    entries.append(_cte("_bad", ["_row", *inputs, *_named(bad)], quoted_rows))
    union = "SELECT * FROM _bad"
    if kind is InputKind.SESSIONS and any(column in types for column in PROFILE_METRICS):
        entries += _mixed_ages(row, parsed, inputs, dialect)
        union += " UNION ALL SELECT * FROM _conflicts"
    entries.append(f"_all AS ({union})")
    ident = dialect.identifier
    columns = [f"_row AS {ident(ROW)}", *inputs, f"_column AS {ident(COLUMN)}", f"_reason AS {ident(REASON)}"]
    return _query(entries, columns, "_all", "ORDER BY _row", *(["LIMIT 1"] if first else []))


def _mixed_ages(row: RowSql, parsed: str, inputs: list[str], dialect: Dialect) -> list[str]:
    """The good rows of person-weeks whose sessions give different ages, as bad rows."""
    v = row.values
    good = {
        "_person": v[PERSON],
        "_year": dialect.iso_year.format(v["date"]),
        "_week": dialect.iso_week.format(v["date"]),
        "_age": v["age"],
    }
    person = quoted(dialect, dialect.to_text("_mixed._person"))
    reason = " || ".join(
        (
            dialect.text("must be the same on every session of a person-week (person "),
            person,
            "', '",
            week_label(dialect, "_mixed._year", "_mixed._week"),
            "' has '",
            dialect.to_text("_mixed._low"),
            "' and '",
            dialect.to_text("_mixed._high"),
            "')'",
        )
    )
    keys = " AND ".join(f"_good.{key} = _mixed.{key}" for key in ("_person", "_year", "_week"))
    return [
        _cte("_good", ["_row", *inputs, *_named(good)], parsed, f"WHERE NOT {_broken(row)}"),
        _cte(
            "_mixed",
            ["_person", "_year", "_week", "MIN(_age) AS _low", "MAX(_age) AS _high"],
            "_good",
            "GROUP BY _person, _year, _week",
            "HAVING MIN(_age) <> MAX(_age)",
        ),
        _cte(
            "_conflicts",
            [
                "_good._row",
                *(f"_good.{name}" for name in inputs),
                f"{dialect.text(PROFILE_METRICS[0])} AS _column",
                f"{reason} AS _reason",
            ],
            f"_good JOIN _mixed ON {keys}",
        ),
    ]
