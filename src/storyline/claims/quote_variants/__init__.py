"""Quote variants: the renderings of one statement across a story's articles, and how faithful each is.

Quotes meet when the shorter one's word bigrams are mostly found in the longer one (containment, so a
partial quote meets the full one) or, for reworded quotes, when a fair share of bigrams is shared and the
longest common word subsequence covers most of the shorter quote (rapidfuzz ``LCSseq``). Words are compared
casefolded, with contractions expanded and numbers as digits ("ten thousand" = "10,000"). Linked quotes are
grouped with union-find (at most :data:`MAX_GROUP` wordings, so loose chains stop growing).

In a group, the canonical wording is the fullest one (never a part of another wording) backed by the most
independent sources (articles that copy one another count once), then the earliest, then one not found
only in copies. Every other wording gets a fidelity class against it (or, when it shares little with it,
against the closest better-ranked wording — two parts of one long quote):

* ``exact``: the same words and punctuation;
* ``punctuation``: only case, punctuation, contractions or number format differ ("didn't" / "did not");
* ``truncation``: one wording is a contiguous part of the other;
* ``substitution``: words changed, inserted or dropped (listed as ``[old, new]`` pairs), at most 40 %;
* ``paraphrase_in_quotes``: more changed than that, but still the same statement.

A changed wording is a **misquote** when (a) it appears in a copy of an article that carries the reference
wording (the copy garbled the quote), or (b) it is a light edit (at most two changes, 20 % of the words)
and more independent sources — at least two, paraphrases not counted — print the original words at the
changed place. Heavier rewordings from independent outlets are variants, not misquotes: they are usually
the outlet’s own rendering of the remark. The same words (eight or more) given to differently named people
are a **misattribution**.

Modules: :mod:`.wording` (two wordings compared word by word), :mod:`.group` (:func:`group_quotes`:
statements, canonical wording, fidelity, misquotes), :mod:`.conflicts` (:func:`quote_conflicts`,
:func:`confirm_misattributions`).
"""

from .conflicts import confirm_misattributions, quote_conflicts
from .group import QuoteGroup, QuoteVariant, group_quotes

__all__ = ["QuoteGroup", "QuoteVariant", "confirm_misattributions", "group_quotes", "quote_conflicts"]
