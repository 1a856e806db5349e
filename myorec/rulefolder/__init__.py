"""Rule folders on disk: where the rules in use are, reading and checking them, their cases, copies to edit.

A rule folder is a whole rule set (``benefits.toml``, rule files, optional
``cases.toml`` and ``activities.toml``); the rule-set model itself is
:mod:`myorec.core.ruleset`.
"""
