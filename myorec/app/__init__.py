"""The application layer: what commands do, as plain functions without click.

"The week this command asks for", "the rule set in use", "open the log",
"import a file", "export the log", "edit an entry": each is a function here
that a command calls after parsing its options, and a planner, an HTML report
or a cohort command can call as well.
"""
