"""Name corrections in summary sentences: the spelling most independent sources use, with a note."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..contract import Conflict, Correction, SummarySentence


def correct_misspellings(summary: list[SummarySentence], conflicts: Sequence[Conflict]) -> list[SummarySentence]:
    """Write a name the way most independent sources spell it, saying so, in summary sentences that
    were taken from an article using a minority spelling ("Ingrid Falconer [spelt “Falconner” by 1 source]").

    The sentence's citations were verified on its original wording; only the name changes, and the
    sentence records the change under ``corrected``.
    """
    from rapidfuzz import fuzz

    fixes: dict[str, tuple[re.Pattern[str], str, int]] = {}  # wrong token -> (pattern, right token, sources)
    for c in conflicts:
        right = c.likely_correct if isinstance(c.likely_correct, str) else ""
        if c.kind != "name" or not right:
            continue
        for v in c.values:
            if v.value == right:
                continue
            for form in sorted({v.value, *(v.forms or [])}):
                for bad in form.split():
                    # the token of the right spelling this one is a typo of ("Falconner" -> "Falconer");
                    # titles and first names in other forms ("Mayor", "Ms") match none and stay
                    good = max(right.split(), key=lambda t: fuzz.ratio(bad, t))
                    if bad != good and bad not in fixes and fuzz.ratio(bad, good) >= 75:
                        pattern = re.compile(rf"(?<![\w-]){re.escape(bad)}(?![\w-])")
                        fixes[bad] = (pattern, good, len(v.articles))
    for sentence in summary:
        text = sentence.text
        for bad, (pattern, good, n) in fixes.items():
            first = pattern.search(text)
            if first is None:
                continue
            note = f" [spelt “{bad}” by {n} source{'s' if n != 1 else ''}]"
            text = text[:first.start()] + good + note + pattern.sub(good, text[first.end():])
            if sentence.corrected is None:
                sentence.corrected = []
            sentence.corrected.append(Correction(bad, good))
        sentence.text = text
    return summary
