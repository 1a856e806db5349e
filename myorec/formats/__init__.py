"""File formats: TOML documents, routine files, the activity mapping, and the importers of the log.

Everything that turns bytes from a user's file into validated core values
lives here, and nothing else reads file contents.
"""
