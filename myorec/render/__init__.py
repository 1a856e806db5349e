"""Rendering: reports, logs, trends and rule sets as terminal text (tabulate) or JSON-ready data.

Pure functions returning strings or plain data; printing is the CLI's job.
"""
