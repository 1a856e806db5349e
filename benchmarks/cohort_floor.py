"""The cohort's floor: DuckDB reading the same Parquet file and writing it back, scoring nothing.

``python cohort_floor.py IN.parquet OUT.parquet`` copies every row and column
with the memory limit ``myorec cohort`` sets, in a fresh interpreter as the
command runs in one. ``myorec cohort`` of the same file is measured as a ratio
to this: what it adds (checks, aggregation, the rules, the wider output) is
what the ratio shows. ``python cohort_floor.py --make KIND ROWS OUT.parquet``
writes the benchmark's inputs.
"""

import sys

import duckdb

#: As myorec.app.cohort.DUCKDB_MEMORY, so that both run within the same memory.
MEMORY = "512MB"

#: Synthetic sessions: 40 a person over 80 days (about 3.3 per ISO week), every kind, intensity
#: given, from RPE or neither, a tenth mobility with a focus, some impact, ages 18 to 87.
SESSIONS = """
SELECT 'p' || (i // 40)::VARCHAR AS person_id,
       DATE '2024-01-01' + CAST((i % 40) * 2 + hash(i) % 2 AS INTEGER) AS date,
       ['aerobic', 'aerobic', 'resistance', 'mobility'][1 + (hash(i * 3) % 4)::INTEGER] AS kind,
       (10 + hash(i * 7) % 80)::BIGINT AS minutes,
       CASE WHEN hash(i * 11) % 3 = 0 THEN NULL
            ELSE ['light', 'moderate', 'vigorous'][1 + (hash(i * 13) % 3)::INTEGER] END AS intensity,
       CASE WHEN hash(i * 11) % 3 = 0 AND hash(i * 17) % 2 = 0 THEN (hash(i * 19) % 11)::DOUBLE END AS rpe,
       CASE WHEN hash(i * 3) % 4 = 3 AND hash(i * 29) % 3 = 0 THEN 'balance' END AS focus,
       hash(i * 23) % 5 = 0 AS impact,
       (18 + (i // 40) % 70)::BIGINT AS age
FROM range({rows}) t(i)
"""

#: Synthetic person-weeks: every metric within its bounds, ages 5 to 120 or unknown.
WEEKS = """
SELECT 'p' || (i // 10)::VARCHAR AS person_id,
       (2020 + (i % 10) // 5)::VARCHAR || '-W' || lpad((1 + i % 52)::VARCHAR, 2, '0') AS week,
       {metrics},
       CASE WHEN i % 7 = 0 THEN NULL ELSE (5 + (i // 10) % 116)::BIGINT END AS age
FROM range({rows}) t(i)
"""


def make(kind: str, rows: int, out: str) -> None:
    from myorec.core.metrics import METRICS

    if kind == "sessions":
        query = SESSIONS.format(rows=rows)
    else:
        columns = []
        for number, (name, info) in enumerate(METRICS.items()):
            if info.from_profile:
                continue
            high = int(info.ceiling) if info.ceiling is not None else 12
            value = f"hash(i * {number + 3}) % {min(high, 900) + 1}"
            columns.append(f"({value})::BIGINT AS {name}" if info.whole else f"({value}) / 10.0 AS {name}")
        query = WEEKS.format(rows=rows, metrics=",\n       ".join(columns))
    duckdb.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)")


def main(source: str, target: str) -> None:
    con = duckdb.connect(config={"memory_limit": MEMORY})
    con.execute(f"COPY (SELECT * FROM read_parquet('{source}')) TO '{target}' (FORMAT parquet)")


if __name__ == "__main__":
    if sys.argv[1] == "--make":
        make(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main(sys.argv[1], sys.argv[2])
