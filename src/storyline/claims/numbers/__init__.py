"""Numbers in news text: value, qualifier interval, unit, what is counted, and a slot to compare them by.

Extraction is rule-based and fast (regular expressions over the article; no parser model). Numbers that
belong to dates, times, phone numbers, addresses, scores, ordinals, decades and names ("Route 66") are
skipped; years, ages, money, percentages and measures are typed so that they never pass for counts.

Qualifiers become intervals: "more than 20" is ``(20, ∞)``, "at least 20" ``[20, ∞)``, "about 20"
``[18, 22]`` (±10 %, at least ±1), "nearly 20" ``[18, 20)``, "up to 20" ``[0, 20]``; round figures of a
thousand or more and amounts with "million"/"bn" carry half a unit of their last digit.

The **slot** says what a number is about so that articles can be compared: the lemma of the counted noun
and the normalised verb that governs it — "signed by 20 cast and crew members" and "co-signed by 25 crew
members" both give ``member|sign``; "14 injured", "injuring fourteen people" and "41 people were hurt" give
``person|injure``. :func:`number_conflicts` reports a slot whose values cannot all be true together.

Modules: :mod:`.vocab` (number words, qualifiers, units, exclusion patterns), :mod:`.extract`
(:func:`extract_numbers`, :class:`NumberFact`), :mod:`.compare` (compatibility, slots, conflicts).
"""

# The private helpers are re-exported for storyline.crosscheck, which builds claims from number slots.
from .compare import (
    MAX_RIVAL_RATIO,
    _describe,
    _display,
    _merge_slots,
    comparable_slot,
    compatible,
    number_conflicts,
    number_stances,
    torn_articles,
)
from .extract import NumberFact, extract_numbers
from .vocab import words_to_number

__all__ = ["MAX_RIVAL_RATIO", "NumberFact", "comparable_slot", "compatible", "extract_numbers", "number_conflicts",
           "number_stances", "torn_articles", "words_to_number",
           "_describe", "_display", "_merge_slots"]  # the last three: for crosscheck (see above)
