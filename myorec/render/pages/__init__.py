"""Self-contained HTML pages: the week and the trend, with inline CSS and hand-drawn SVG charts.

No JavaScript, no external requests, no fonts to fetch: one file that opens
offline or as an e-mail attachment. Templates are package data (``templates/``)
filled with :class:`string.Template`; every value that reaches them has been
escaped by :mod:`myorec.render.pages.markup`.
"""
