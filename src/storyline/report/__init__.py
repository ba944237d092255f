"""Report stage: report.json (the ``storyline.report/1`` contract), index and story pages.

* :mod:`.build` — the report data, its JSON, and the (streaming) writer of a report folder.
* :mod:`.html` — the HTML views (index, story page), rendered from ``templates/*.html``.
* :mod:`.markdown` — the Markdown story page, rendered from ``templates/story.md``.
* :mod:`.views` — what the views share: :class:`~.views.Links` (the only thing the static report and the
  web app render differently), the template loader, ``safe_url`` and small helpers.
* ``templates/`` — the Jinja2 templates, the one stylesheet and the page script (inlined into each page).
"""
