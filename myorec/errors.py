"""The exception hierarchy: every error a user can cause is a MyorecError.

``str(error)`` is the complete one-line message the user sees; the click layer
prints it and exits 1. This module imports nothing from myorec so that every
other module can use it without import cycles.
"""

from __future__ import annotations


class MyorecError(Exception):
    """Base of all user-fixable errors (bad input, files, database)."""


class InputError(MyorecError):
    """A session, routine or imported file holds invalid data."""


class RuleSetError(MyorecError):
    """A rule set cannot be loaded: the message is its lone error, or counts those listed before it."""


class StoreError(MyorecError):
    """The activity log database cannot be opened, migrated or written."""


class NotFoundError(MyorecError):
    """A requested entry, benefit or week does not exist."""
