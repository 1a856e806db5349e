"""The rule set and the metric definitions compiled to SQL, for scoring a cohort in a query engine.

Pure: rule set and input columns in, SQL text out; nothing here imports or
runs an engine (``myorec.app.cohort`` does). The query does the Python
engine's arithmetic in the same order, so a cohort's scores are the scores
``myorec report`` gives each of its weeks, to the last bit: a property test
holds the two equal row by row. :mod:`.dialect` holds the few places where
engines spell standard SQL differently, :mod:`.inputs` what an input file
may hold and how a bad row is told, :mod:`.scoring` the rules as
expressions, and :mod:`.query` the queries built from them.
"""
