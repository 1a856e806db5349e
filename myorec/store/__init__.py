"""The activity log: one SQLite file of logged sessions and the profile, and the only user of sqlite3."""

from myorec.store.log import ImportCounts, Store, log_files, open_store

__all__ = ["ImportCounts", "Store", "log_files", "open_store"]
