"""Report stage: report.json (the ``storyline.report/1`` contract), index and story pages.

* :mod:`.build` — the report data, its JSON and Markdown, and the (streaming) writer.
* :mod:`.html` — the HTML views.
"""
