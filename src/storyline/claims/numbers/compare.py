"""Compare numbers across a story's articles: compatibility of intervals, slots that mean the same
thing, and the values that cannot all be true (:func:`number_conflicts`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ...contract import Conflict, ConflictValue
from ...disjoint import DisjointSet
from ...text.lexicon import NUMBER_CONTEXT_STOPWORDS as _STOP
from .extract import INF, NumberFact
from .vocab import _EVENT_DESC, _GENERIC, _NUMBER_WORDS, _REFERENT, _UNITS, _VAGUE, _lemma


def compatible(a: NumberFact, b: NumberFact) -> bool:
    """Whether two facts can both be true: their intervals overlap (open ends respected).

    Facts in different units of one dimension are compared after conversion ("90 minutes" fits "1.5 hours").
    """
    fa, fb = _scale(a), _scale(b)
    if fa is None or fb is None:
        return True  # units that cannot be compared do not contradict each other
    lo = max(a.low * fa, b.low * fb)
    hi = min(a.high * fa, b.high * fb)
    if lo < hi:
        return True
    if lo > hi:
        return False
    lo_open = (a.low_open if a.low * fa == lo else False) or (b.low_open if b.low * fb == lo else False)
    hi_open = (a.high_open if a.high * fa == hi else False) or (b.high_open if b.high * fb == hi else False)
    return not (lo_open or hi_open)


def _scale(f: NumberFact) -> float | None:
    if f.kind != "measure" or f.unit is None:
        return 1.0
    for key, (unit, factor) in _UNITS.items():
        if unit == f.unit and key == f.unit:
            return factor
    return None


def _display(f: NumberFact) -> str:
    if f.high - f.low > 0 and f.high == INF and f.qualifier == "" or (f.value == f.low and f.high > 10 * f.value):
        word = next((w for w, (lo, _hi) in _VAGUE.items() if lo == f.low), None)
        if word:
            return word
    v = f.value
    num = f"{v:,.0f}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")
    if f.kind == "money":
        for scale, name in ((1e9, "billion"), (1e6, "million")):
            if v >= scale:
                num = f"{v / scale:g} {name}"
                break
        num = f"{f.unit} {num}"
    elif f.kind == "percent":
        num += "%"
    elif f.kind == "measure" and f.unit:
        num += f" {f.unit}{'' if v == 1 else 's'}"
    return f"{f.qualifier} {num}".strip()


def _describe(slot: str) -> str:
    noun, _, rest = slot.partition("|")
    verb, _, holder = rest.partition("|")
    if noun in ("age", "percent", "money"):
        return f"{noun} ({verb})" if verb else noun
    plural = {"person": "people", "man": "men", "woman": "women", "child": "children"}.get(
        noun, noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else
        noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s"))
    desc = f"{plural} {_EVENT_DESC.get(verb, verb.replace('of-', 'of '))}".strip()
    return f"{desc} ({holder})" if holder else desc


def _merge_slots(facts: list[NumberFact]) -> dict[str, list[NumberFact]]:
    """Group facts by slot, letting thinly described slots join the one specific slot they must mean.

    "25 cast and crew members" (no verb) joins ``member|sign`` when that is the only event counted in
    members; "more than 20 people" signing joins ``member|sign`` when that is the only signing slot.
    """
    by_slot: dict[str, list[NumberFact]] = defaultdict(list)
    for f in facts:
        if f.slot:
            by_slot[f.slot].append(f)
    events: dict[str, list[str]] = defaultdict(list)
    verbs: dict[str, list[str]] = defaultdict(list)
    for slot in by_slot:
        noun, _, verb = slot.partition("|")
        if verb in _EVENT_DESC:
            events[noun].append(slot)
            if noun not in _GENERIC:
                verbs[verb].append(slot)
    for slot in list(by_slot):
        noun, _, verb = slot.partition("|")
        target = None
        if not verb and noun in _REFERENT and len(events.get(noun, [])) == 1:
            target = events[noun][0]
        elif noun in _GENERIC and verb in _EVENT_DESC and len(verbs.get(verb, [])) == 1:
            target = verbs[verb][0]
        if target and target != slot:
            by_slot[target].extend(by_slot.pop(slot))
    # "a 12-city tour" / "a 12-city trek": a compound's head noun is how an outlet names the counted thing,
    # so one story's compounds of one counted noun are one slot (the head most articles use names it), unless
    # an article gives two figures in them ("a three-game streak" and "a 10-game stretch": several things)
    heads: dict[str, list[str]] = defaultdict(list)
    for slot, group in by_slot.items():
        if group and all(f.compound for f in group):
            heads[group[0].counted or ""].append(slot)
    for same in heads.values():
        if len(same) > 1 and not torn_articles([f for slot in same for f in by_slot[slot]]):
            target = max(same, key=lambda k: (len({f.article_id for f in by_slot[k]}), k))
            for slot in same:
                if slot != target:
                    by_slot[target].extend(by_slot.pop(slot))
    return by_slot


#: Largest ratio between two values that are rival reports of one number, by kind: further apart they are
#: more often two different things (two funds, two events) than a disagreement. Money and measures, whose
#: slots are loose ("money (fund)"), need closer values than counts.
MAX_RIVAL_RATIO = {"count": 4.0, "age": 4.0, "percent": 4.0, "money": 1.5, "measure": 1.5}


def _rival(a: tuple[NumberFact, list[str]], b: tuple[NumberFact, list[str]]) -> bool:
    """Two values that cannot both be true, given by two different articles, and close enough to be rivals."""
    (fa, arts_a), (fb, arts_b) = a, b
    if compatible(fa, fb) or not any(x != y for x in arts_a for y in arts_b):
        return False  # one article giving two values is not a disagreement between sources
    return _close(fa, fb)


def _close(fa: NumberFact, fb: NumberFact) -> bool:
    lo, hi = sorted((abs(fa.value), abs(fb.value)))
    return hi <= MAX_RIVAL_RATIO.get(fa.kind, 4.0) * max(lo, 1e-9)


def comparable_slot(slot: str) -> bool:
    """Whether values of a slot can contradict each other: a slot with an event or governing verb, or a noun
    counted once per event ("passengers"); "two cars" and "three cars" may well be different cars, and
    "905 votes" and "4,812 votes" are a majority and a candidate's count."""
    noun, _, verb = slot.partition("|")
    return bool(verb) or noun in _REFERENT


def torn_articles(group: Sequence[NumberFact]) -> set[str]:
    """Articles that give two different numbers for one slot: to them these are two facts, not one.

    "a 15% tariff … a 25% tariff" in one report, or three candidates' vote counts, are different things the
    slot rules could not tell apart; such an article neither backs nor contradicts a value of the slot. The
    same number with another qualifier ("20 members" and "over 20 members") is one figure told loosely.
    """
    values: dict[str, set[float]] = defaultdict(set)
    for f in group:
        values[f.article_id].add(round(f.value, 6))
    return {a for a, vs in values.items() if len(vs) > 1}


def number_stances(fact: NumberFact, group: Sequence[NumberFact], torn: Collection[str] = ()
                   ) -> tuple[list[str], list[str]]:
    """Articles backing a value of a slot, and articles contradicting it, by the one rule of conflicts.

    An article stating the value itself backs it and never contradicts it. Otherwise an article speaks
    through its precise figures when it has any ("20 members" over its own "over 20 members"): it backs
    the value when they are compatible with it and contradicts it when none is, provided it is another
    article, the figures are close enough to be rival reports (:data:`MAX_RIVAL_RATIO`) and it is not torn
    (giving several different numbers for the slot).
    """
    by_article: dict[str, list[NumberFact]] = defaultdict(list)
    for g in group:
        by_article[g.article_id].append(g)
    shown = _display(fact)
    support, against = [], []
    for a, fs in sorted(by_article.items()):
        if any(_display(g) == shown for g in fs):
            support.append(a)
            continue
        precise = [g for g in fs if not g.qualifier] or fs
        if any(compatible(fact, g) for g in precise):
            support.append(a)
        elif a not in torn and a != fact.article_id and all(_close(fact, g) for g in precise):
            against.append(a)
    return support, against


_CTX_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


_DIGIT = re.compile(r"\d")


def _window(text: str, f: NumberFact, width: int) -> tuple[int, int]:
    """Where a number's own words lie: ``width`` characters each side within its sentence, stopping at the
    next number on either side ("makes 300 horsepower and 400 lb-ft of torque": "torque" is the other
    number's, and a spec-sheet phrase shared by two cars says nothing about which figure is which)."""
    lo, hi = max(f.sentence[0], f.start - width), min(f.sentence[1], f.end + width)
    prev = [m.end() for m in _DIGIT.finditer(text, lo, f.start)]
    nxt = _DIGIT.search(text, f.end, hi)
    return (prev[-1] if prev else lo), (nxt.start() if nxt else hi)


def _context(text: str, f: NumberFact, span: int = 7) -> set[str]:
    """Content words around a number in its sentence (the counted noun and number words left out)."""
    lo, hi = _window(text, f, 80)
    before = _CTX_WORD.findall(text, lo, f.start)[-span:]
    after = _CTX_WORD.findall(text, f.end, hi)[:span]
    return {_lemma(w) for w in before + after
            if w.lower() not in _STOP and w.lower() not in _NUMBER_WORDS and _lemma(w) != f.counted and len(w) > 2}


def _near(text: str, f: NumberFact) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The three words just before a number and the three just after it, lower-cased."""
    lo, hi = _window(text, f, 50)
    before = tuple(w.lower() for w in _CTX_WORD.findall(text, lo, f.start)[-3:])
    after = tuple(w.lower() for w in _CTX_WORD.findall(text, f.end, hi)[:3])
    return (before if len(before) == 3 else ("",)), (after if len(after) == 3 else ("",))


def _twins(group: Sequence[NumberFact], texts: Mapping[str, str]) -> list[list[NumberFact]]:
    """Facts of a loose slot ("28 people", "14 companies") that two articles tell in the same words around
    them ("28 people in close contact with the hunter"): the same three words just before or just after the
    number, or a count of people, and two more content words nearby."""
    ctx = [_context(texts[f.article_id], f) if f.article_id in texts else set() for f in group]
    linked = DisjointSet(len(group))
    near = [_near(texts.get(f.article_id, ""), f) for f in group]
    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            if group[i].article_id != group[j].article_id and len(ctx[i] & ctx[j]) >= 2 and (
                    near[i][0] == near[j][0] or near[i][1] == near[j][1] or group[i].counted in _GENERIC):
                linked.union(i, j)
    comps = [[group[i] for i in members] for members in linked.groups()]
    return [c for c in comps if len({f.article_id for f in c}) > 1]


def _sentence_words(text: str, f: NumberFact) -> set[str]:
    """Content words of a number's sentence (the counted noun and number words left out)."""
    return {_lemma(w) for w in _CTX_WORD.findall(text, f.sentence[0], f.sentence[1])
            if w.lower() not in _STOP and w.lower() not in _NUMBER_WORDS and _lemma(w) != f.counted and len(w) > 2}


#: Content words two articles' sentences must share (and at least 40% of the shorter one's) for counts of one
#: noun in different slots to be one figure told in other words ("the rule the council passed in May was
#: adopted by 12 other towns" / "the council passed the rule in May, and 12 other towns have such rules").
SAME_SENTENCE_WORDS = 4


def _retold(slots: Mapping[str, Sequence[NumberFact]], texts: Mapping[str, str], every: Sequence[NumberFact]
            ) -> list[tuple[str, list[NumberFact]]]:
    """Counts of one noun that two articles file under different slots (one names the verb, the other does
    not, or names another) but tell in sentences sharing :data:`SAME_SENTENCE_WORDS` content words: the
    slot rules split one figure that another outlet worded differently. Each group is named by its members'
    most specific slot. A sentence with two counts (``every``: all facts) is left out: which figure pairs is
    unclear.
    """
    facts = [(slot, f) for slot, group in slots.items() for f in group
             if f.kind == "count" and f.counted and f.article_id in texts]
    per_sentence: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
    for f in every:
        if f.kind == "count":
            per_sentence[(f.article_id, f.sentence)] += 1
    # a sentence with two counts ("the five firms join nine others") pairs with no one figure of another's
    facts = [(slot, f) for slot, f in facts if per_sentence[(f.article_id, f.sentence)] == 1]
    words = [_sentence_words(texts[f.article_id], f) for _, f in facts]
    sets = DisjointSet(len(facts))
    linked = False
    for i, (si, fi) in enumerate(facts):
        for j in range(i + 1, len(facts)):
            sj, fj = facts[j]
            shared = len(words[i] & words[j])
            if si != sj and fi.counted == fj.counted and fi.article_id != fj.article_id \
                    and shared >= SAME_SENTENCE_WORDS and shared >= 0.4 * min(len(words[i]), len(words[j])):
                sets.union(i, j)
                linked = True
    if not linked:
        return []
    out = []
    for members in sets.groups():
        if len({facts[i][1].article_id for i in members}) < 2 or len({facts[i][0] for i in members}) < 2:
            continue
        name = max((facts[i][0] for i in members), key=lambda k: (k.count("|"), k))
        out.append((name, [facts[i][1] for i in members]))
    return out


def number_conflicts(facts_by_article: Mapping[str, Sequence[NumberFact]],
                     kinds: Sequence[str] = ("count", "money", "measure", "age", "percent"),
                     texts: Mapping[str, str] | None = None) -> list[Conflict]:
    """Slots where different articles give values that cannot all be true.

    Args:
        facts_by_article: the number facts of each article of one story.
        kinds: fact kinds to compare (years are left to date checking).

    Returns:
        Number conflicts with their ``slot``, values (most reported first) and ``pairs``, the indices of
        values that exclude each other. Compatible values (23 and "more than 20") never make a conflict by
        themselves, and an article giving several different numbers for one slot (:func:`torn_articles`) is
        left out of it: within one article they are different facts.
        With ``texts``, counts of a loose slot ("28 people") are compared where two articles tell them in
        the same surrounding words (:func:`_twins`).
    """
    facts = [f for fs in facts_by_article.values() for f in fs if f.kind in kinds and f.slot]
    out: list[Conflict] = []
    slots: list[tuple[str, Sequence[NumberFact]]] = []
    merged = _merge_slots(facts)
    for slot, group in sorted(merged.items()):
        if comparable_slot(slot):
            slots.append((slot, group))
        elif texts and "|" not in slot:
            slots += [(slot, twins) for twins in _twins(group, texts)]
    if texts:
        slots += _retold(merged, texts, [f for fs in facts_by_article.values() for f in fs])
    for slot, members in slots:
        torn = torn_articles(members)
        values: dict[str, tuple[NumberFact, list[str]]] = {}
        for f in members:
            if f.article_id in torn:
                continue
            key = _display(f)
            arts = values.setdefault(key, (f, []))[1]
            if f.article_id not in arts:
                arts.append(f.article_id)
        keys = sorted(values, key=lambda k: (-len(values[k][1]), values[k][0].value))
        pairs = [[i, j] for i in range(len(keys)) for j in range(i + 1, len(keys))
                 if _rival(values[keys[i]], values[keys[j]])]
        if pairs:
            out.append(Conflict("number", _describe(slot), [ConflictValue(k, values[k][1]) for k in keys],
                                slot=slot, pairs=pairs))
    return out
