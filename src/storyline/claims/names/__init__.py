"""Names of people, organisations and places, grouped into entities, with likely misspellings.

No statistical NER model is available, so mentions come from runs of capitalised words and the words
around them: honorifics and titles ("Mayor", "Dr."), role nouns ("cinematographer X"), organisation and
place suffixes ("… Council", "… Road"), place cues ("in X", datelines). Sentence-initial common words are
dropped because capitalisation there says nothing. :func:`group_entities` joins the surface forms of one
entity across a story (full name, surname, title + surname, an unambiguous first name, near-identical
spellings) and :func:`name_conflicts` reports a spelling used by one source (or a small minority of
sources) against the majority; words that differ only in their ending (Democrats / Democratic) and
demonyms (American / Mexican) are not misspellings. :func:`role_conflicts` reports different people named
as the holder of one role ("the headteacher, X" / "the headteacher, Y").

Modules: :mod:`.extract` (mentions in one article, spelling helpers), :mod:`.entities` (mentions grouped
into entities across a story), :mod:`.conflicts` (minority spellings, role holders).
"""

from .conflicts import name_conflicts, role_conflicts
from .entities import Entity, group_entities
from .extract import NameMention, extract_names, fold, typo_close

__all__ = ["Entity", "NameMention", "extract_names", "fold", "group_entities", "name_conflicts", "role_conflicts",
           "typo_close"]
