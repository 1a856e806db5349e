"""The import's floor: the same CSV rows loaded into a log-like table with nothing else.

``python import_floor.py ROWS.csv NEW.db`` reads the file with :mod:`csv` and
inserts every row with one ``executemany`` in one transaction, into a table
with the columns and date index of myorec's ``entry`` table, in WAL mode as
myorec's log is. It checks nothing, converts nothing and skips nothing, so
``log import`` of the same file is measured as a ratio to this.
"""

import csv
import sqlite3
import sys

SCHEMA = (
    "CREATE TABLE entry (id INTEGER PRIMARY KEY AUTOINCREMENT, date TEXT NOT NULL, kind TEXT NOT NULL,"
    " minutes INTEGER NOT NULL, intensity TEXT, rpe REAL, name TEXT, source_id TEXT, focus TEXT)",
    "CREATE INDEX entry_date ON entry (date)",
)


def main(csv_path: str, db_path: str) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in SCHEMA:
        conn.execute(statement)
    with open(csv_path, encoding="utf-8", newline="") as rows:
        reader = csv.reader(rows)
        columns = next(reader)
        insert = f"INSERT INTO entry ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.execute("BEGIN")
        conn.executemany(insert, reader)
        conn.execute("COMMIT")
    conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
