"""``myorec cohort``: score every person-week of a file of sessions or person-weeks, in a query engine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from myorec.cli.options import OneOf, load_rules, rules_in_use, rules_option


class _LazyBar:
    """A progress bar on a terminal, drawn from the first report on (runs of a few seconds report none)."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.shown = 0

    def __call__(self, fraction: float) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=100, label="Scoring", file=sys.stderr)
            self.bar.__enter__()
        step = int(fraction * 100) - self.shown
        if step > 0:
            self.bar.update(step)
            self.shown += step

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OUTPUT",
    help="Where to write one row per person-week: a .csv or .parquet file.",
)
@rules_option
@click.option(
    "--input-kind",
    type=OneOf(["sessions", "weeks"]),
    help="What INPUT holds: sessions, or person-weeks of metrics (default: what its columns say).",
)
@click.option("--sql", "show_sql", is_flag=True, help="Print the compiled query instead of running it.")
@click.option(
    "--engine",
    type=OneOf(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Query engine: DuckDB in this process, or Spark (PySpark) for inputs beyond one machine.",
)
@click.option(
    "--skip-bad-rows",
    "rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="REJECTS",
    help="Score the good rows; write the bad ones, with the reason, to this .csv or .parquet file.",
)
def cohort(
    input_path: Path,
    output: Path | None,
    rules_dir: Path | None,
    input_kind: str | None,
    show_sql: bool,
    engine: str,
    rejects: Path | None,
) -> None:
    """Score every person-week of a cohort file at once, into a table.

    INPUT is a CSV or Parquet file of sessions (person_id, date, kind,
    minutes, and optionally intensity, rpe, focus, impact, age) or of
    person-weeks (person_id, week as YYYY-Www, every metric, optionally age).
    The scores are those `myorec report` gives each week. Needs DuckDB:
    pip install "myorec[cohort]".

    \b
    Examples:
      myorec cohort sessions.parquet -o scores.parquet
      myorec cohort weeks.csv -o scores.csv --skip-bad-rows rejects.csv
      myorec cohort sessions.csv --sql
      myorec cohort sessions.parquet -o scores.parquet --engine spark
    """
    if output is None and not show_sql:
        raise click.UsageError("give the output file with -o OUTPUT (or --sql to print the query)")
    from myorec.app.cohort import compile_cohort, score_cohort
    from myorec.core.sql.inputs import InputKind, UnknownInputKindError

    rule_set = load_rules(rules_in_use(rules_dir))
    kind = InputKind(input_kind) if input_kind is not None else None
    try:
        if show_sql:
            click.echo(
                compile_cohort(rule_set, input_path, kind=kind, engine=engine, skip_bad=rejects is not None)
            )
            return
        assert output is not None
        bar = _LazyBar() if sys.stderr.isatty() else None
        try:
            summary = score_cohort(
                rule_set, input_path, output, kind=kind, engine=engine, rejects=rejects, progress=bar
            )
            if bar is not None:
                bar(1.0)  # the engine's last report may come just short of the end
        finally:
            if bar is not None:
                bar.close()
    except UnknownInputKindError as exc:
        exc.reason += "; say which with --input-kind sessions or --input-kind weeks"
        raise
    from myorec.core.text import counted

    weeks = counted(summary.weeks, "person-week")
    if summary.kind is InputKind.SESSIONS:
        click.echo(f"Scored {counted(summary.scored, 'session')} into {weeks}: {output}")
    else:
        click.echo(f"Scored {weeks}: {output}")
    if rejects is not None:
        click.echo(f"Skipped {counted(summary.rejected, 'bad row')}: {rejects}")
