"""Direct quotations and their speakers, found with rules (no parser model: fast and predictable).

Marks: straight and curly double quotes, single-quote quotations (``‘…’`` and ``'…'``) told apart from
apostrophes (don't, Hutchins’, ’90s), quotes inside quotes, a quote split by its attribution
(``"…," he said, "…"`` is one quote with two parts) and the newspaper convention for quotes running over
several paragraphs (no closing mark at a paragraph end, an opening mark at the start of the next one).
Messy text is expected: a mark used the wrong way round is read by position, a stray closing mark pairs
with a later one, and an opening mark never closed stops at the paragraph end (at most ~80 words) and is
marked ``unclosed`` instead of swallowing the article.

Speakers come from attribution verbs on either side of the quote (``X said``, ``said X``, ``according to
X``, ``X told reporters: "…"``), descriptions ("the letter", "the crew members") and pronouns resolved to
the nearest fitting earlier speaker or named person. Names are reduced to a canonical form (titles
dropped, a surname expanded to the full name used earlier in the article). One to three quoted words are
scare quotes, not statements.

Modules: :mod:`.marks` (quotation marks into quoted segments, :class:`Quote`), :mod:`.speakers`
(attribution rules and speaker names), :mod:`.extract` (:func:`extract_quotes`).
"""

from .extract import extract_quotes
from .marks import Quote
from .speakers import speaker_kind

__all__ = ["Quote", "extract_quotes", "speaker_kind"]
