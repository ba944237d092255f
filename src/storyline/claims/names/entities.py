"""Group the name mentions of a story into entities (:func:`group_entities`): full name, surname,
title + surname, an unambiguous first name and near-identical spellings of one person, organisation or place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from .extract import NameMention, _word_kind, fold, typo_close


@dataclass(slots=True)
class Entity:
    """The surface forms of one person, organisation or place across a story.

    ``forms`` maps a display form (title + normalised name) to the ids of the articles using it.
    """

    key: str
    canonical: str
    kind: str
    forms: dict[str, list[str]] = field(default_factory=dict)
    mentions: list[NameMention] = field(default_factory=list)


def _person_like(m: NameMention) -> bool:
    return m.kind in ("person", "unknown") and _word_kind(m.normalized.split()) is None


def _entity_kind(ms: list[NameMention]) -> str:
    # A name's own suffix ("… Council") outweighs context; a title or role outweighs "in X".
    votes = Counter(m.kind for m in ms if m.kind != "unknown")
    for m in ms:
        if len(m.normalized.split()) > 1 and (k := _word_kind(m.normalized.split())):
            votes[k] += 3
        if m.title:
            votes["person"] += 3
    return votes.most_common(1)[0][0] if votes else "unknown"


def group_entities(mentions_by_article: dict[str, list[NameMention]]) -> list[Entity]:
    """Group name mentions of a story into entities.

    Full names are joined when identical after folding or when only the surname differs by a typo
    (same first names). A lone surname or title + surname joins the one full name with that surname
    (the one in the same article when several share it), a lone first name joins the only full name
    with that first name, and a lone near-spelling of a known surname joins that person.

    Args:
        mentions_by_article: article id → mentions from :func:`extract_names`.

    Returns:
        Entities, most mentioned first.
    """
    mentions = [m for ms in mentions_by_article.values() for m in ms]
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    multi = sorted({fold(m.normalized) for m in mentions if len(m.normalized.split()) > 1})
    kinds = {k: _word_kind(k.split()) for k in multi}
    # Names equal but for one mistyped word: a person's surname, or any word of six letters or more
    # (a short first name that differs is more often another person: Mario/Maria Lopez).
    by_shape: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for k in multi:
        words = k.split()
        for i in range(len(words)):
            by_shape[(len(words), i, " ".join(words[:i] + words[i + 1:]))].append(k)
    for (n, i, _), group in by_shape.items():
        for x, a in enumerate(group):
            for b in group[x + 1:]:
                wa, wb = a.split()[i], b.split()[i]
                if abs(len(wa) - len(wb)) <= 2 and typo_close(wa, wb) and (kinds[a] is None) == (kinds[b] is None) and (
                        (kinds[a] is None and i == n - 1) or min(len(wa), len(wb)) >= 6):
                    union(a, b)
    person_full = [m for m in mentions if len(m.normalized.split()) > 1 and _person_like(m)]
    surname: dict[str, set[str]] = defaultdict(set)
    given: dict[str, set[str]] = defaultdict(set)
    in_article: dict[str, set[str]] = defaultdict(set)
    for m in person_full:
        words = fold(m.normalized).split()
        root = find(" ".join(words))
        surname[words[-1]].add(root)
        given[words[0]].add(root)
        in_article[m.article_id].add(root)
    assigned: dict[int, str] = {}
    near_surnames: dict[str, list[str]] = {}
    surnames: list[str] | None = None
    for pos, m in enumerate(mentions):
        words = fold(m.normalized).split()
        if len(words) > 1:
            assigned[pos] = find(" ".join(words))
            continue
        w = words[0] if words else ""
        roots = {find(r) for r in surname.get(w, ())}
        if not roots and w not in surname and _person_like(m):
            roots = {find(r) for r in given.get(w, ())}
            if not roots and len(w) >= 5:
                if w not in near_surnames:
                    # (a typo is at most two edits: surnames two letters longer or shorter cannot be one;
                    # typo_close needs a ratio of 80: the others are left out in C first)
                    if surnames is None:
                        surnames = list(surname)
                    ratio = process.cdist([w], surnames, scorer=fuzz.ratio, score_cutoff=79, dtype=np.uint8)[0]
                    near_surnames[w] = [s for s, r in zip(surnames, ratio, strict=True)
                                        if r and abs(len(s) - len(w)) <= 2 and typo_close(w, s)]
                near = {find(r) for s in near_surnames[w] for r in surname[s]}
                roots = near if len(near) == 1 else set()
        if len(roots) > 1:
            roots = roots & {find(r) for r in in_article.get(m.article_id, ())}
        assigned[pos] = roots.pop() if len(roots) == 1 else "=" + w
    singles = sorted({k for k in assigned.values() if k.startswith("=") and len(k) > 6})
    by_len: dict[int, list[str]] = defaultdict(list)
    for k in singles:
        by_len[len(k)].append(k)
    close = _maybe_typos([k[1:] for k in singles])
    for k in singles:  # lone words a typo apart ("Kelderby"/"Keldersby"); lengths differ by at most two
        near = close.get(k[1:], set())
        for other in (o for n in range(len(k), len(k) + 3) for o in by_len.get(n, ()) if o > k or n > len(k)):
            if other[1:] in near and typo_close(k[1:], other[1:]):
                union(k, other)
    clusters: dict[str, list[NameMention]] = defaultdict(list)
    for pos, m in enumerate(mentions):
        clusters[find(assigned[pos])].append(m)
    entities = [_make_entity(ms) for ms in clusters.values()]
    entities.sort(key=lambda e: (-len(e.mentions), e.key))
    return entities


def _maybe_typos(words: list[str]) -> dict[str, set[str]]:
    """For each of ``words``, the others :func:`~.extract.typo_close` may accept: those with a
    :func:`rapidfuzz.fuzz.ratio` of 79 or more (it needs 80), all pairs scored at once in C."""
    if len(words) < 2:
        return {}
    scores = process.cdist(words, words, scorer=fuzz.ratio, score_cutoff=79, dtype=np.uint8)
    out: dict[str, set[str]] = {}
    for i, j in zip(*np.nonzero(scores), strict=True):
        if i != j:
            out.setdefault(words[i], set()).add(words[j])
    return out


def _make_entity(ms: list[NameMention]) -> Entity:
    kind = _entity_kind(ms)
    full = Counter(m.normalized for m in ms if len(m.normalized.split()) > 1)
    if kind == "person" and full:
        top_surname = Counter(fold(m.normalized).split()[-1] for m in ms).most_common(1)[0][0]
        best = [f for f, _ in full.most_common() if fold(f).split()[-1] == top_surname]
        canonical = best[0] if best else full.most_common(1)[0][0]
    else:
        canonical = (full or Counter(m.normalized for m in ms)).most_common(1)[0][0]
    forms: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        forms[f"{m.title} {m.normalized}".strip()].add(m.article_id)
    return Entity(f"{kind}:{fold(canonical)}", canonical, kind,
                  {f: sorted(a) for f, a in sorted(forms.items())}, sorted(ms, key=lambda m: (m.article_id, m.start)))
