"""The pure core: sessions, the calendar, metrics, the rule-set model, the engine and what it builds.

Nothing here does I/O, reads the clock or knows about files, the log or the
command line; every other layer stands on it.
"""
