"""Date expressions, resolved against the publication date, and the events they date.

Absolute ("Oct. 21", "October 14, 2025", "2021-12-09", "on the 14th") and relative expressions ("on
Thursday", "last week", "yesterday", "two days after the collapse", "a week ago") are found with regular
expressions and resolved by calendar rules, so every resolution can be shown and checked ("Thursday →
2021-12-09 (the Thursday on/before publication 2021-12-10)"). A bare weekday or a year-less date is taken
on/before the publication date unless its clause speaks of the future ("will", "is due to"). Each mention
gets a short event label from its clause (a head noun such as "shooting" or subject + verb such as "span
collapsed"), which :func:`timeline` and :func:`date_conflicts` use to merge and compare mentions across
articles.

Modules, in the order of the work:

* :mod:`.patterns`: the expressions searched for, :class:`DateMention`, sentence spans;
* :mod:`.resolve`: calendar rules from a matched expression to a date and the reason for it;
* :mod:`.labels`: the event label of a mention, from the words of its clause;
* :mod:`.extract`: :func:`extract_dates` for one article;
* :mod:`.timeline`: across a story's articles, :func:`timeline` and :func:`date_conflicts`.
"""

from .extract import extract_dates
from .labels import event_label
from .patterns import DateMention, sentence_spans
from .timeline import date_conflicts, in_context_event, is_event, timeline

__all__ = ["DateMention", "date_conflicts", "event_label", "extract_dates", "in_context_event", "is_event",
           "sentence_spans", "timeline"]
