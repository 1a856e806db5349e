"""``myorec cohort``: score every person-week of a file in a query engine, DuckDB or Spark.

The rule set is compiled to SQL (:mod:`myorec.core.sql`); this module reads
the input's columns, hands the engine the file as ``cohort_input``, runs the
query into the output and, when bad rows are skipped, the bad-row listing
into the rejects file. Both are written to temporary names and renamed only
when the run is complete, so a failed run writes nothing. DuckDB (``pip
install "myorec[cohort]"``) runs in this process with bounded memory,
spilling to a temporary folder; PySpark runs the same query on a Spark
session, local unless Spark's own configuration names a cluster. Neither is
imported until a run asks for it.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from myorec.app.files import staged
from myorec.core.sql.dialect import DUCKDB, SPARK, Dialect
from myorec.core.sql.inputs import InputKind, ValueType, check_columns, input_kind
from myorec.core.sql.query import BAD_ROW, INPUT, NUMBERED, rejects_query, scoring_query
from myorec.core.text import shown
from myorec.errors import InputError, MyorecError

if TYPE_CHECKING:
    from myorec.core.ruleset import RuleSet

#: File formats by extension, for the input, the output and the rejects.
FORMATS = {".csv": "csv", ".parquet": "parquet"}
ENGINES = ("duckdb", "spark")
#: DuckDB's memory limit: past it, aggregation and sorting spill to disk, so a run's memory stays
#: bounded (about this much more than Python's own) however large the input.
DUCKDB_MEMORY = "512MB"
#: How long a run goes before it reports progress, in seconds: short runs show no bar.
PROGRESS_AFTER = 2.0

#: Reports a run's progress as a fraction, 0 to 1.
Progress = Callable[[float], None]


class MissingEngineError(MyorecError):
    """The engine chosen is not installed; the message says which package to install."""


class CohortSummary(NamedTuple):
    kind: InputKind
    #: Rows of the input that were scored (sessions, or person-weeks).
    scored: int
    #: Person-weeks written to the output.
    weeks: int
    #: Bad rows written to the rejects file (0 without one).
    rejected: int


def data_format(path: Path) -> str:
    """``csv`` or ``parquet``, from the file's extension."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"unknown file type {shown(path.suffix) if path.suffix else '(no extension)'}; "
            "name a .csv or .parquet file",
            file=str(path),
        )
    return found


class _Engine(Protocol):
    dialect: Dialect

    def parquet_columns(self, path: Path) -> dict[str, str]:
        """The Parquet file's columns: name -> the engine's name of its type."""

    def value_type(self, type_name: str) -> ValueType | None:
        """What a column of the engine's type holds, or None for types myorec cannot read."""

    def define(self, path: Path, form: str, names: Mapping[str, str]) -> None:
        """``cohort_input``: the file, its column ``raw`` named ``names[raw]``."""

    def number_rows(self) -> None:
        """``cohort_rows``: ``cohort_input`` with ``_row``, each row's number in the file (from 1)."""

    def write(self, query: str, path: Path, form: str, progress: Progress | None) -> int:
        """The query's rows into the file at ``path``; how many there were."""

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        """The query's rows (a few: the first bad row)."""

    def count(self) -> int:
        """The rows of ``cohort_input``."""


def input_columns(path: Path, form: str, engine: _Engine) -> tuple[list[str], list[ValueType]]:
    """The input's column names as written, and what each holds."""
    if form == "csv":
        return _csv_header(path), []
    columns = engine.parquet_columns(path)
    types = []
    for name, type_name in columns.items():
        found = engine.value_type(type_name)
        if found is None:
            raise InputError(
                f"holds {type_name} values; myorec reads text, numbers, true/false and dates",
                file=str(path),
                field=name,
                field_noun="column",
            )
        types.append(found)
    return list(columns), types


def _csv_header(path: Path) -> list[str]:
    from myorec.formats.importers.common import csv_rows, header_names, text_lines

    try:
        with path.open("rb") as stream:
            first = next(csv_rows(text_lines(stream, str(path))), None)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    except MyorecError as exc:
        raise exc.located(file=str(path)) from None
    if first is None:
        raise InputError("empty file; expected a header line naming the columns", file=str(path))
    return header_names(first[1])


def compile_cohort(
    rule_set: RuleSet,
    source: Path,
    *,
    kind: InputKind | None = None,
    engine: str = "duckdb",
    skip_bad: bool = False,
) -> str:
    """The scoring query for this input, as the engine would run it (``--sql``)."""
    with _open_engine(engine) as runner:
        found, types = _prepare(source, kind, runner)
        return scoring_query(rule_set, found, types, runner.dialect, skip_bad=skip_bad)


def _prepare(source: Path, kind: InputKind | None, runner: _Engine) -> tuple[InputKind, dict[str, ValueType]]:
    """The input's kind and its columns' types under their myorec names; the engine's ``cohort_input``."""
    if not source.is_file():
        problem = "not a file" if source.exists() else "file not found"
        raise InputError(problem, file=str(source))
    form = data_format(source)
    names, types = input_columns(source, form, runner)
    try:
        found = input_kind(names, kind)
        canonical = check_columns(found, names)
    except MyorecError as exc:
        raise exc.located(file=str(source)) from None
    typed = dict(zip(canonical, types or [ValueType.TEXT] * len(canonical), strict=True))
    runner.define(source, form, dict(zip(names, canonical, strict=True)))
    return found, typed


def score_cohort(
    rule_set: RuleSet,
    source: Path,
    output: Path,
    *,
    kind: InputKind | None = None,
    engine: str = "duckdb",
    rejects: Path | None = None,
    progress: Progress | None = None,
) -> CohortSummary:
    """Score every person-week of ``source`` into ``output``; bad rows into ``rejects``, or an error.

    Without ``rejects`` the first bad row is an :class:`InputError` naming
    the file, the row and the column, and nothing is written.
    """
    out_form = data_format(output)
    rejects_form = data_format(rejects) if rejects is not None else None
    named = [output, *([rejects] if rejects is not None else [])]
    for path in named:
        if path.resolve() == source.resolve():
            raise InputError("is the input file; write the results to another file", file=str(path))
    if rejects is not None and rejects.resolve() == output.resolve():
        raise InputError("is also the output; give the rejects their own file", file=str(rejects))
    for path in named:
        if not path.resolve().parent.is_dir():
            raise InputError("is in a folder that does not exist", file=str(path))
    with _open_engine(engine) as runner:
        found, types = _prepare(source, kind, runner)
        dialect = runner.dialect
        query = scoring_query(rule_set, found, types, dialect, skip_bad=rejects is not None)
        try:
            with staged(named, "write the results to another file", "cohort") as partials:
                try:
                    weeks = runner.write(query, partials[0], out_form, progress)
                except _BadRow:
                    runner.number_rows()
                    first = rejects_query(found, types, dialect, first=True)
                    raise _first_bad_row(runner, first, source) from None
                rejected = 0
                if rejects_form is not None:
                    runner.number_rows()
                    rejected = runner.write(
                        rejects_query(found, types, dialect), partials[1], rejects_form, None
                    )
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", file=str(output)) from None
        scored = runner.count() - rejected if found is InputKind.SESSIONS else weeks
    return CohortSummary(found, scored, weeks, rejected)


def _first_bad_row(runner: _Engine, query: str, source: Path) -> InputError:
    found = runner.rows(query)
    if not found:  # the engine stopped at a bad row that the listing cannot find: a bug
        return InputError("a row breaks a check, but which could not be told", file=str(source))
    number, *_, column, reason = found[0]
    return InputError(
        reason, file=str(source), item=f"row {number}", field=column, field_noun="column" if column else None
    )


class _BadRow(Exception):
    """The scoring query stopped at a bad row (the engine's error carried :data:`BAD_ROW`)."""


@contextmanager
def _open_engine(name: str) -> Iterator[_Engine]:
    if name == "duckdb":
        duck = _DuckDB()
        try:
            yield duck
        finally:
            duck.close()
    elif name == "spark":
        yield _Spark()
    else:
        raise InputError(f"unknown engine {shown(name)}; choose one of {', '.join(ENGINES)}")


# -- DuckDB ------------------------------------------------------------------------------

#: DuckDB's types by what their values are, as myorec checks them.
_DUCKDB_TYPES = {
    ValueType.TEXT: ("VARCHAR", "ENUM"),
    ValueType.INTEGER: (
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
    ),
    ValueType.FLOAT: ("FLOAT", "DOUBLE", "DECIMAL"),
    ValueType.BOOLEAN: ("BOOLEAN",),
    ValueType.DATE: ("DATE",),
    ValueType.TIMESTAMP: (
        "TIMESTAMP",
        "TIMESTAMP_S",
        "TIMESTAMP_MS",
        "TIMESTAMP_NS",
        "TIMESTAMP WITH TIME ZONE",
    ),
}
_CSV_ERROR = re.compile(r"CSV Error on Line: (\d+)")
_COLUMNS_FOUND = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


class _DuckDB:
    """DuckDB in this process: all cores, at most :data:`DUCKDB_MEMORY`, spilling to a temporary folder."""

    dialect = DUCKDB

    def __init__(self) -> None:
        try:
            import duckdb
        except ImportError:
            raise MissingEngineError(
                'DuckDB is not installed; install it with: pip install "myorec[cohort]"'
            ) from None
        self.duckdb = duckdb
        self.spill = tempfile.mkdtemp(prefix="myorec-cohort-")
        self.form = "csv"
        self.con = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY, "temp_directory": self.spill})
        # Progress is tracked for query_progress(), never drawn by DuckDB itself.
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")
        self.source: str | None = None

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.spill, ignore_errors=True)

    def value_type(self, type_name: str) -> ValueType | None:
        base = type_name.split("(")[0].strip().upper()
        for value_type, names in _DUCKDB_TYPES.items():
            if base in names:
                return value_type
        return None

    def parquet_columns(self, path: Path) -> dict[str, str]:
        self.source = str(path)
        described = self._run(f"DESCRIBE SELECT * FROM read_parquet({self._path(path)})").fetchall()
        return {row[0]: row[1] for row in described}

    @staticmethod
    def _path(path: Path) -> str:
        return DUCKDB.text(str(path))

    def define(self, path: Path, form: str, names: Mapping[str, str]) -> None:
        self.source, self.form = str(path), form
        quote = DUCKDB.identifier
        if form == "csv":
            columns = "{" + ", ".join(f"{DUCKDB.text(name)}: 'VARCHAR'" for name in names.values()) + "}"
            reader = (
                f"read_csv({self._path(path)}, header = true, auto_detect = false, columns = {columns}, "
                "delim = ',', quote = '\"', escape = '\"', strict_mode = true)"
            )
            self.con.execute(f"CREATE VIEW {INPUT} AS SELECT * FROM {reader}")
            self.con.execute(
                f"CREATE VIEW {NUMBERED}_source AS SELECT row_number() OVER () AS _row, * FROM {INPUT}"
            )
        else:
            renamed = ", ".join(f"{quote(raw)} AS {quote(name)}" for raw, name in names.items())
            reader = f"read_parquet({self._path(path)}, file_row_number = true)"
            self.con.execute(f"CREATE VIEW {INPUT} AS SELECT {renamed} FROM {reader}")
            numbered = f"SELECT file_row_number + 1 AS _row, {renamed} FROM {reader}"
            self.con.execute(f"CREATE VIEW {NUMBERED}_source AS {numbered}")

    def number_rows(self) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {NUMBERED} AS SELECT * FROM {NUMBERED}_source")

    def _run(self, sql: str) -> Any:
        try:
            return self.con.execute(sql)
        except self.duckdb.Error as exc:
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> Exception:
        message = str(exc)
        if BAD_ROW in message:
            return _BadRow()
        line = _CSV_ERROR.search(message)
        if line is not None:
            counts = _COLUMNS_FOUND.search(message)
            if counts is not None:
                reason = f"{counts[2]} fields, but the header has {counts[1]} columns"
            elif "unterminated quote" in message:
                reason = "a quoted field is never closed (is the file cut short?)"
            else:
                reason = (
                    "not valid CSV: " + message.splitlines()[-1].strip()
                    if message.strip()
                    else "not valid CSV"
                )
            return InputError(reason, file=self.source, line=int(line[1]))
        first = message.splitlines()[0] if message else type(exc).__name__
        return InputError(f"cannot be read: {first}", file=self.source)

    def write(self, query: str, path: Path, form: str, progress: Progress | None) -> int:
        options = "FORMAT parquet" if form == "parquet" else "FORMAT csv, HEADER true"
        copy = f"COPY ({query}) TO {self._path(path)} ({options})"
        with _watching(self.con.query_progress, progress):
            result = self._run(copy).fetchone()
        return int(result[0]) if result else 0

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return list(self._run(query).fetchall())

    def count(self) -> int:
        result = self._run(f"SELECT count(*) FROM {INPUT}").fetchone()
        return int(result[0]) if result else 0


@contextmanager
def _watching(percent: Callable[[], float], progress: Progress | None) -> Iterator[None]:
    """Report ``percent()`` (-1 when unknown) to ``progress`` while the block runs, after a moment."""
    if progress is None:
        yield
        return
    done = threading.Event()

    def poll() -> None:
        if done.wait(PROGRESS_AFTER):
            return
        best = 0.0
        while not done.wait(0.2):
            try:
                value = percent()
            except Exception:  # the engine is finishing: nothing more to report
                return
            if value > best:
                best = value
                progress(min(best, 100.0) / 100.0)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


# -- Spark -------------------------------------------------------------------------------

_SPARK_TYPES = {
    ValueType.TEXT: ("StringType", "VarcharType", "CharType"),
    ValueType.INTEGER: ("ByteType", "ShortType", "IntegerType", "LongType"),
    ValueType.FLOAT: ("FloatType", "DoubleType", "DecimalType"),
    ValueType.BOOLEAN: ("BooleanType",),
    ValueType.DATE: ("DateType",),
    ValueType.TIMESTAMP: ("TimestampType", "TimestampNTZType"),
}


class _Spark:
    """The same queries on a Spark session: local mode unless Spark's configuration names a master.

    Spark writes a folder of part files; the query's rows are gathered into
    one part (``coalesce(1)``), which becomes the output file. Row numbers
    come from each partition's position in the file and the rows before it.
    """

    dialect = SPARK

    def __init__(self) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise MissingEngineError(
                'PySpark is not installed; install it with: pip install "myorec[spark]" '
                "(it needs Java 17 or later)"
            ) from None
        builder: Any = SparkSession.builder
        self.spark = (
            builder.appName("myorec cohort")
            .config("spark.ui.enabled", "false")
            # Spark's own progress bar (its stages, on stderr) on a terminal only, as DuckDB's run has.
            .config("spark.ui.showConsoleProgress", "true" if sys.stderr.isatty() else "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        context = self.spark.sparkContext
        if context.master.startswith("local"):
            # Spark's default of 200 shuffle partitions suits a cluster; on one machine, one per core.
            self.spark.conf.set("spark.sql.shuffle.partitions", str(max(1, context.defaultParallelism)))
        self.source: str | None = None
        self.frame: Any = None

    def value_type(self, type_name: str) -> ValueType | None:
        for value_type, names in _SPARK_TYPES.items():
            if type_name in names:
                return value_type
        return None

    def parquet_columns(self, path: Path) -> dict[str, str]:
        self.source = str(path)
        schema = self._guard(lambda: self.spark.read.parquet(str(path)).schema)
        return {field.name: type(field.dataType).__name__ for field in schema.fields}

    def define(self, path: Path, form: str, names: Mapping[str, str]) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        self.source = str(path)
        if form == "csv":
            schema = StructType([StructField(name, StringType()) for name in names.values()])
            frame = self.spark.read.csv(
                str(path),
                header=True,
                schema=schema,
                mode="FAILFAST",
                quote='"',
                escape='"',
                enforceSchema=True,
            )
        else:
            frame = self.spark.read.parquet(str(path)).select(
                *[F.col(f"`{raw}`").alias(name) for raw, name in names.items()]
            )
        self.frame = frame
        frame.createOrReplaceTempView(INPUT)

    def number_rows(self) -> None:
        from pyspark.sql import functions as F

        # monotonically_increasing_id is the partition's index above bit 33 and the row's place in it
        # below; a file's partitions are its consecutive parts, in order.
        marked = self.frame.withColumn("_mid", F.monotonically_increasing_id()).withColumn(
            "_part", F.shiftright("_mid", 33)
        )
        sizes = sorted(self._guard(lambda: marked.groupBy("_part").count().collect()))
        offsets, before = [], 0
        for part, size in sizes:
            offsets.append((part, before))
            before += size
        table = self.spark.createDataFrame(offsets or [(0, 0)], "_part long, _before long")
        numbered = (
            marked.join(F.broadcast(table), "_part")
            .withColumn("_row", F.col("_before") + F.col("_mid") - F.shiftleft("_part", 33) + 1)
            .drop("_mid", "_part", "_before")
        )
        numbered.createOrReplaceTempView(NUMBERED)

    def _guard(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except Exception as exc:
            if type(exc).__module__.startswith(("pyspark", "py4j")):
                message = str(exc)
                if BAD_ROW in message:
                    raise _BadRow() from None
                first = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
                if "Malformed" in message:
                    raise InputError(f"not valid CSV: {first}", file=self.source) from None
                raise InputError(f"cannot be read: {first}", file=self.source) from None
            raise

    def write(self, query: str, path: Path, form: str, progress: Progress | None) -> int:
        # Spark skips files and folders whose names start with a dot, as the partial file's does.
        folder = Path(tempfile.mkdtemp(dir=path.parent, prefix="myorec-spark-"))
        try:
            frame = self._guard(lambda: self.spark.sql(query)).coalesce(1)
            writer = frame.write.mode("overwrite")
            target = str(folder / "rows")
            if form == "csv":
                self._guard(lambda: writer.csv(target, header=True, quote='"', escape='"', emptyValue=""))
            else:
                self._guard(lambda: writer.parquet(target))
            parts = sorted((folder / "rows").glob("part-*"))
            if len(parts) != 1:
                raise InputError(f"Spark wrote {len(parts)} files, not one", file=str(path))
            reader = self.spark.read
            written = (
                reader.parquet(str(parts[0])) if form == "parquet" else reader.csv(str(parts[0]), header=True)
            )
            count = int(self._guard(written.count))
            shutil.move(str(parts[0]), path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return count

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._guard(lambda: self.spark.sql(query).collect())]

    def count(self) -> int:
        return int(self._guard(self.frame.count))
