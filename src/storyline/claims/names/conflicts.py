"""Names that disagree across a story's articles: a minority spelling of an entity
(:func:`name_conflicts`) and different people named as the holder of one role (:func:`role_conflicts`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from ...contract import Conflict, ConflictValue
from .entities import Entity
from .extract import TITLES, NameMention, fold, typo_close

MINORITY_RATIO = 5
#: Endings of demonyms and adjectives ("American", "Islamic", "Pakistani"): two such words a letter apart are
#: different words, so a single-word entity ending so is never a misspelling of another.
_ADJECTIVAL = re.compile(r"(?:an|ese|ish|ic|ist|ite|i)s?$")


def transliterations(a: str, b: str) -> bool:
    """Two romanisations of one name, not a misspelling: spellings that differ only in how the i-sound and
    the glide are written ("Zelenskiy" / "Zelenskyy" / "Zelensky", "Sergei" / "Sergey", "Dmitri" / "Dmitry",
    "Yanukovych" / "Yanukovich"). Outlets follow their own transliteration style; a typo ("Houtchins",
    "Hutchhins") changes other letters."""
    def key(w: str) -> str:  # y and j as i; a doubled i-sound only at the end ("-iy", "-yy", "-ii")
        return re.sub(r"i+$", "i", re.sub(r"[yj]", "i", w.lower()))

    return a != b and key(a) == key(b)


def name_conflicts(entities: list[Entity], independence: dict[str, str] | None = None) -> list[Conflict]:
    """Likely misspellings: a spelling used by one source (or independence group) against the majority.

    For a person the surname is compared, for an organisation or place the whole name; variants that
    differ only in case, accents, possessive or dots are the same spelling. A variant is flagged when it is
    a typo away from the most used spelling, is backed by a single group and the majority by two or more
    (or by at most a fifth as many groups as the majority, :data:`MINORITY_RATIO`). Two romanisations of one
    name (:func:`transliterations`, "Zelenskiy" / "Zelenskyy") are house styles, not misspellings.

    Args:
        entities: output of :func:`group_entities`.
        independence: article id → independence group (copies of one original share a group);
            by default every article is its own group.

    Returns:
        Name conflicts whose values carry the forms each spelling appears in; the first value is the likely
        correct one (``likely_correct`` is set only when two or more groups back it).
    """
    groups = independence or {}
    out: list[Conflict] = []
    for ent in entities:
        person = ent.kind in ("person", "unknown")
        given = {fold(m.normalized).split()[0] for m in ent.mentions if " " in m.normalized}
        spell: dict[str, list[NameMention]] = defaultdict(list)
        for m in ent.mentions:
            f = fold(m.normalized)
            if f and not (person and f in given):  # a lone first name says nothing about the surname
                spell[f.split()[-1] if person else f].append(m)
        if len(spell) < 2:
            continue
        multi = any(" " in m.normalized for m in ent.mentions)

        def support(key: str, spell: dict[str, list[NameMention]] = spell) -> tuple[int, int, int]:
            arts = {m.article_id for m in spell[key]}
            return len({groups.get(a, a) for a in arts}), len(arts), len(spell[key])

        top = max(sorted(spell), key=support)
        for var in sorted(spell):
            close = typo_close(var, top) if " " not in var else (
                len(var.split()) == len(top.split())
                and sum(x != y for x, y in zip(var.split(), top.split(), strict=True)) == 1
                and all(typo_close(x, y) for x, y in zip(var.split(), top.split(), strict=True) if x != y))
            if var == top or not close or all(x == y or transliterations(x, y)
                                              for x, y in zip(var.split(), top.split(), strict=False)):
                continue
            if not multi and _ADJECTIVAL.search(var) and _ADJECTIVAL.search(top):
                continue  # "American" / "Mexican", "Islamic" / "Islamist": related words, not a typo
            (gv, av, nv), (gt, at, _) = support(var), support(top)
            # One source against two or more; or, in a widely covered story, a small minority of sources
            # (at most a fifth of the majority's): several outlets copying a wrong spelling from one another.
            if gv != 1 and gt < MINORITY_RATIO * gv:
                continue
            if len({m.article_id for m in spell[var] + spell[top]}) < 2:
                continue  # one article writing a name two ways disagrees with no other source
            values = [_value(spell[top]), _value(spell[var])]
            # One source against one: the spellings disagree, but neither is known to be the right one.
            out.append(Conflict("name", values[0].value, values,
                                likely_correct=values[0].value if gt >= 2 else None,
                                reason=(f"'{values[1].value}' ({nv} mention(s) in {av} article(s), {gv} source(s)) "
                                        f"is a typo away from '{values[0].value}' used by {gt} independent "
                                        f"source(s) in {at} article(s)")))
    return out + _split_spellings(entities, groups, out)


def _surname_given(ent: Entity) -> tuple[str, str | None]:
    toks = [t for t in fold(ent.canonical).split() if t]
    sur = toks[-1] if toks else ""
    given = next((t for t in reversed(toks[:-1]) if t not in TITLES and len(t) > 1), None)
    return sur, given


def _split_spellings(entities: list[Entity], groups: Mapping[str, str], found: list[Conflict]) -> list[Conflict]:
    """Misspelt surnames the grouping kept apart: an article spelling "Trummp" throughout forms an entity of
    its own, so its spelling never meets the right one inside one entity. Two person entities whose surnames
    are a typo apart and whose given names agree (or one has none), used by different articles, are one name
    written two ways."""
    about = {c.about for c in found}
    people = [e for e in entities if e.kind in ("person", "unknown") and not any(x.kind in ("org", "place")
                                                                                  for x in e.mentions)]
    by_sur: dict[str, list[Entity]] = defaultdict(list)
    for e in people:
        sur, _ = _surname_given(e)
        if len(sur) >= 4 and sur.isalpha():
            by_sur[sur].append(e)
    out: list[Conflict] = []
    surs = sorted(by_sur)
    by_first: dict[str, list[str]] = defaultdict(list)  # a typo rarely hits the first letter: compare within
    for sur in surs:
        by_first[sur[0]].append(sur)
    pairs = [(a, b) for bucket in by_first.values() for i, a in enumerate(bucket) for b in bucket[i + 1:]
             if abs(len(a) - len(b)) <= 2 and typo_close(a, b) and not transliterations(a, b)]
    for a, b in pairs:
        ea, eb = by_sur[a], by_sur[b]
        ga = {g for e in ea if (g := _surname_given(e)[1])}
        gb = {g for e in eb if (g := _surname_given(e)[1])}
        if ga and gb and not ga & gb:
            continue  # Mary Cheney and Liz Chenney may be misspelt, but Tom and Ted Harkin are two people
        arts_a = {m.article_id for e in ea for m in e.mentions if fold(m.normalized).endswith(a)}
        arts_b = {m.article_id for e in eb for m in e.mentions if fold(m.normalized).endswith(b)}
        if not arts_a or not arts_b or arts_a == arts_b:
            continue
        na = len({groups.get(x, x) for x in arts_a})
        nb = len({groups.get(x, x) for x in arts_b})
        top, var = ((ea, a), (eb, b)) if (na, len(arts_a)) >= (nb, len(arts_b)) else ((eb, b), (ea, a))
        values = [_value([m for e in top[0] for m in e.mentions if fold(m.normalized).endswith(top[1])]),
                  _value([m for e in var[0] for m in e.mentions if fold(m.normalized).endswith(var[1])])]
        if values[0].value in about or values[1].value in about:
            continue
        gt, gv = max(na, nb), min(na, nb)
        out.append(Conflict("name", values[0].value, values,
                            likely_correct=values[0].value if gt >= 2 and gv == 1 else None,
                            reason=(f"'{values[1].value}' and '{values[0].value}' are a typo apart; "
                                    f"{gt} independent source(s) against {gv}")))
    return out


def _value(ms: list[NameMention]) -> ConflictValue:
    full = Counter(m.normalized for m in ms if len(m.normalized.split()) > 1)
    value = (full or Counter(m.normalized for m in ms)).most_common(1)[0][0]
    forms = sorted({f"{m.title} {m.normalized}".strip() for m in ms})
    return ConflictValue(value, sorted({m.article_id for m in ms}), forms=forms)


# --- who holds a role -------------------------------------------------------------------------------------

#: Role nouns that name one person in a story ("the driver", "the station manager"); a role phrase must end in one.
ROLE_HEADS = frozenset(
    "driver captain pilot skipper director manager chief cinematographer supervisor spokesman spokeswoman "
    "spokesperson secretary minister mayor leader chairman chairwoman chair president coach editor judge "
    "prosecutor inspector engineer commander founder owner headteacher principal organiser organizer governor "
    "sheriff producer conductor surgeon coroner treasurer landlord architect curator superintendent".split())
_NOT_CURRENT = frozenset("former ex then acting interim new late previous deputy assistant another".split())
_ROLE_BEFORE = re.compile(r"\b[Tt]he[ \t]+((?:[a-z][\w’'\-]*[ \t]+){0,3}?[a-z][\w’'\-]*),?[ \t]+$")
_ROLE_AFTER = re.compile(r"^[ \t]*,[ \t]+the[ \t]+((?:[a-z][\w’'\-]*[ \t]+){0,3}?[a-z][\w’'\-]*)[ \t]*[,.;]")


def _role_of(text: str, m: NameMention) -> str | None:
    """The role an article gives a person at this mention: "the driver, Tomas Brecken" / "Brecken, the driver,"."""
    found = _ROLE_BEFORE.search(text, max(0, m.start - 60), m.start) or _ROLE_AFTER.match(text[m.end:m.end + 80])
    if not found:
        return None
    words = found.group(1).split()
    if words[-1] not in ROLE_HEADS or _NOT_CURRENT & set(words):
        return None
    return " ".join(words)


def role_conflicts(entities: list[Entity], texts: dict[str, str], independence: dict[str, str] | None = None
                   ) -> list[Conflict]:
    """Different people named as the holder of one role ("the driver, Tomas Brecken" / "the driver, Ivo Darr").

    Only definite roles count ("the driver", not "a driver" or "the former driver"), and two people are in
    conflict only when no article mentions both: an article naming both shows the role is not unique (two
    drivers in a crash), and they are not rival answers.

    Args:
        entities: output of :func:`group_entities`.
        texts: article id → text (the mentions' spans index it).
        independence: article id → independence group, to order the values.

    Returns:
        Entity conflicts about "the <role>", the value given by most independent sources first.
    """
    groups = independence or {}
    holders: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    by_key = {e.key: e for e in entities}
    for e in entities:
        if e.kind != "person":
            continue
        for m in e.mentions:
            text = texts.get(m.article_id)
            role = _role_of(text, m) if text is not None else None
            if role:
                holders[role][e.key].add(m.article_id)
    out: list[Conflict] = []
    for role, who in sorted(holders.items()):
        if len(who) < 2:
            continue
        present = {k: {a for arts in by_key[k].forms.values() for a in arts} for k in who}
        keys = sorted(who)
        if any(present[a] & present[b] for i, a in enumerate(keys) for b in keys[i + 1:]):
            continue
        ranked = sorted(keys, key=lambda k: (-len({groups.get(a, a) for a in who[k]}), -len(who[k]), k))
        values = [ConflictValue(by_key[k].canonical, sorted(who[k])) for k in ranked]
        out.append(Conflict("entity", f"the {role}", values,
                            reason=f"{len(ranked)} different people named as the {role}, and no article names two "
                                   "of them"))
    return out
