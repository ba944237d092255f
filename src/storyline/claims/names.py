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
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from ..model import Article

__all__ = ["Entity", "NameMention", "extract_names", "group_entities", "name_conflicts", "role_conflicts", "typo_close"]


def _ws(s: str) -> frozenset[str]:
    return frozenset(s.split())


TITLES = _ws("""mr mrs ms miss mx dr prof sir dame lord lady rev fr sen senator rep gov governor gen general col
    colonel capt captain lt sgt sergeant det detective insp inspector supt superintendent cllr councillor president
    mayor judge justice officer minister secretary chancellor king queen prince princess pope bishop archbishop
    professor commissioner constable premier sheriff ambassador councillor-elect mayor-elect president-elect mp mep
    msp""")
# Words that may precede a core title inside one title ("Chief Fire Officer", "Prime Minister").
TITLE_MODS = _ws("""chief deputy assistant acting interim former vice fire police prime foreign home health executive
    medical senior attorney district state federal head supreme high local""")
ROLES = _ws("""actor actress producer director cinematographer supervisor driver engineer owner spokesman spokeswoman
    spokesperson candidate councillor lawyer attorney judge officer minister president chairman chairwoman founder
    manager coach player singer writer author reporter journalist photographer teacher headteacher doctor nurse
    witness survivor victim wife husband son daughter mother father brother sister friend colleague widow star host
    anchor analyst professor scientist economist mayor senator governor secretary chief boss leader student pastor
    priest inspector detective sergeant superintendent commissioner executive ceo designer architect pilot
    firefighter paramedic surgeon farmer constable campaigner activist rapper comedian filmmaker passenger lineworker
    worker resident prosecutor""")
ORG_SUFFIX = _ws("""inc corp corporation co ltd llc plc company council department university college school institute
    foundation news times post gazette herald tribune journal chronicle ledger courier wire radio tv television press
    agency authority board bureau commission committee party alliance union association federation society police
    service services rescue ministry office court hospital clinic church bank group trust club league army navy
    force forces guard network studios productions magazine airlines railways café cafe museum directorate chemicals
    industries holdings systems technologies pharmaceuticals motors foods laboratories partners media""")
ORG_PREFIX = _ws("radio university department ministry bank")
PLACE_SUFFIX = _ws("""street st road rd avenue ave lane row quay square park bridge lake mountains hill hills valley
    bay beach island islands county city town village ranch creek canyon forest desert coast harbour harbor airport
    station steps hall guildhall heights falls springs gardens green estate drive boulevard terrace crescent north
    south east west mall plaza""")
PLACE_PREFIX = _ws("river lake mount mt port fort cape loch isle")
PLACES = _ws("""alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
    illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
    missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia
    washington wisconsin wyoming england scotland wales ireland britain canada mexico france germany italy spain
    china japan india russia ukraine australia london paris berlin""")
_TWO_WORD_PLACES = {"new mexico", "new york", "new jersey", "new hampshire", "north carolina", "south carolina",
                    "north dakota", "south dakota", "west virginia", "rhode island", "new zealand"}
COMMON = _ws("""a an the this that these those his her their its our my your we he she they it i you in on at by for
    from with as after before when while if but and or so then there here what who which where why how all some
    many most several both each every no not just only also still even about over under during since until although
    though because however meanwhile yet now today tonight yesterday tomorrow one two three four five six seven
    eight nine ten speaking according asked unfortunately instead later earlier last next first such other another
    more less much few any none neither either nor once despite among between against without within like unlike
    well yes oh please thanks dear whether whatever whoever said says told added our us them him me""")
CALENDAR = _ws("""monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december may jan feb mar apr jun jul aug sep sept oct nov dec christmas easter""")
SAY_VERBS = _ws("""said says told tells added adds wrote writes asked questioned explained noted insisted recalled
    replied stated claimed responded admitted warned""")
_ABBREV = _ws("mr mrs ms dr st prof sen rep gov gen lt col capt sgt rev fr jr sr mt ft supt insp det cllr")
_PARTICLES = _ws("de da di du van von der den la le al bin y")
_OF_HEADS = _ws("""university department bank ministry board office institute college school museum church bay gulf isle
    republic kingdom city duke duchess earl chamber court house society association federation union commission
    committee centre center secretary minister""")

_TOKEN = re.compile(r"[^\W\d_][\w]*(?:['’\-][\w]+)*")
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_START_PREV = set(".!?\n:;“”\"‘(—•|")
_AGENT = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman)$")
_CONTRACTION = re.compile(r"['’](?:m|t|ll|re|ve|d)$", re.IGNORECASE)  # "I'm", "Can't"
_WEEKDAYS = _ws("monday tuesday wednesday thursday friday saturday sunday")
_MONTHS = CALENDAR - _WEEKDAYS - {"christmas", "easter"}
_AGE = re.compile(r"\s*,\s*\d{1,3}\s*,")
_AFTER_COMMA_WHO = re.compile(r"\s*,\s*who\b")


@dataclass(slots=True)
class NameMention:
    """One occurrence of a name in an article (``start``/``end`` index the article text).

    ``normalized`` is the name without title or possessive, with all-caps words title-cased;
    ``title`` keeps an honorific or title that preceded it ("Mayor", "Ms").
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: str  # person | org | place | unknown
    normalized: str
    title: str = ""


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


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Comparison key of a name: accents, case, apostrophe style, dots and possessives removed."""
    s = unicodedata.normalize("NFKD", name.translate(_APOS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold().replace(".", "").replace("-", " ")
    return re.sub(r"'s?\b", "", s).strip()


#: Word endings that make related words of one stem ("democrat|s" / "democrat|ic"); the empty ending too.
_ENDINGS = frozenset("s es ic ics ical ian ians an ans ish ism isms ist ists ite ites ese er ers ed ing al ally "
                     "y ies".split()) | {""}


@lru_cache(maxsize=65536)
def typo_close(a: str, b: str) -> bool:
    """True when two different folded words look like one word mistyped (not merely related)."""
    if a == b or min(len(a), len(b)) < 4 or a.startswith(b) or b.startswith(a):
        return False  # Robert/Roberts, Hutchins/Hutchinson: extensions are usually different names
    k = len(os.path.commonprefix((a, b)))
    if k >= 4 and a[k:] in _ENDINGS and b[k:] in _ENDINGS:
        return False  # Democrats/Democratic, Texans/Texas: one word with two endings, not a typo
    limit = 1 if max(len(a), len(b)) < 8 else 2
    return DamerauLevenshtein.distance(a, b) <= limit and fuzz.ratio(a, b) >= 80


def _is_cap(tok: str) -> bool:
    return tok[0].isupper()


def _strip_possessive(tok: str) -> str:
    if len(tok) > 2 and tok[-2] in "'’" and tok[-1] in "sS":
        return tok[:-2]
    return tok


def _word_kind(words: list[str]) -> str | None:
    low = [fold(w) for w in words]
    heads = {w for w, nxt in zip(low, low[1:], strict=False) if nxt in ("of", "for")}  # "Museum of Rail"
    if low[-1] in ORG_SUFFIX or low[0] in ORG_PREFIX or heads & ORG_SUFFIX:
        return "org"
    if (low[-1] in PLACE_SUFFIX or low[0] in PLACE_PREFIX or " ".join(low) in _TWO_WORD_PLACES
            or (len(low) == 1 and low[0] in PLACES)):
        return "place"
    return None


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t'\"“‘’”*-–":
        if text[i] in "“‘" or (text[i] in "'\"" and (i == 0 or text[i - 1] in " \n")):
            return True  # a quotation starts a sentence of its own
        i -= 1
    if text[max(0, i - 3):i + 1] in ("a.m.", "p.m."):
        return True  # "under control by 6 p.m. Fire chief …": a time ends the sentence more often than not
    if i < 0 or text[i] in _START_PREV:
        if i >= 0 and text[i] == ".":
            m = re.search(r"(\w+)\.$", text[max(0, i - 12):i + 1])
            return not (m and (m.group(1).lower() in _ABBREV or len(m.group(1)) == 1))
        return True
    return False


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Headline-style lines ("Alec Baldwin Shares Letter From …"), where capitals carry no signal."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().rstrip()[-1:] in ".!?\"”’":
            continue  # a sentence, not a headline
        words = [w for w in _TOKEN.findall(m.group()) if len(w) > 3]
        if len(words) >= 4 and sum(_is_cap(w) for w in words) >= 0.75 * len(words):
            spans.append((m.start(), m.end()))
    return spans


def _runs(text: str, toks: list[re.Match[str]]) -> list[list[int]]:
    """Indices of maximal runs of capitalised tokens, joined by spaces, dots after abbreviations, particles."""
    runs: list[list[int]] = []
    i, n = 0, len(toks)
    while i < n:
        if not _is_cap(toks[i].group()):
            i += 1
            continue
        run = [i]
        j = i
        while j + 1 < n:
            gap = text[toks[j].end():toks[j + 1].start()]
            cur, nxt = toks[j].group(), toks[j + 1].group()
            suffix_next = fold(nxt) in ORG_SUFFIX | PLACE_SUFFIX
            ok_gap = (gap == " " or (gap == ". " and (cur.lower() in _ABBREV or len(cur) == 1))
                      or (gap in ("' ", "’ ") and cur.endswith("s") and suffix_next))  # "Seafarers' Hall"
            if not ok_gap or (cur[-2:-1] in ("'", "’") and not suffix_next):
                break
            if fold(nxt) in _WEEKDAYS or (fold(nxt) in _MONTHS and re.match(r"\.? \d", text[toks[j + 1].end():])):
                break  # "Instagram Thursday", "Santa Fe Oct. 21": dates are not part of names
            if _is_cap(nxt):
                run.append(j + 1)
                j += 1
                continue
            low = nxt.lower()
            joinable = (low in _PARTICLES or (low in ("of", "for") and fold(cur) in _OF_HEADS)
                        or (low in ("and", "&") and any(fold(t.group()) in ORG_SUFFIX for t in toks[j + 2:j + 5])))
            if (joinable and j + 2 < n and text[toks[j + 1].end():toks[j + 2].start()] == " "
                    and _is_cap(toks[j + 2].group())):
                run.extend((j + 1, j + 2))
                j += 2
                continue
            break
        runs.append(run)
        i = j + 1
    return runs


def _context_kind(text: str, toks: list[re.Match[str]], first: int, last: int) -> str | None:
    """Person/place evidence from the words around a run (roles, ages, said-verbs, "in X", "X, Texas")."""
    before = text[max(0, toks[first].start() - 40):toks[first].start()]
    prev = re.findall(r"[\w’'-]+|,", before.lower())
    if prev and (prev[-1] in ROLES or (len(prev) > 1 and prev[-1] == "," and prev[-2] in ROLES)):
        return "person"
    after = text[toks[last].end():toks[last].end() + 60]
    after = re.sub(r"^['’]s?", "", after)
    if _AGE.match(after) or _AFTER_COMMA_WHO.match(after):
        return "person"
    nxt = re.match(r"\s+(\w+)", after)
    if nxt and nxt.group(1).lower() in SAY_VERBS:
        return "person"
    appos = re.match(r"\s*,([^,.]{0,60}),", after)
    if appos and any(w in ROLES for w in re.findall(r"\w+", appos.group(1).lower())):
        return "person"
    if prev and prev[-1] in ("in", "near", "outside"):
        return "place"
    place_after = re.match(r",\s+([A-Z][\w]+(?: [A-Z][\w]+)?)", after)
    if place_after and (fold(place_after.group(1)) in PLACES or fold(place_after.group(1)) in _TWO_WORD_PLACES):
        return "place"
    return None


def _vouched(toks: list[re.Match[str]], runs: list[list[int]], initial: list[bool], headlines: list[tuple[int, int]],
             lower_vocab: set[str]) -> set[str]:
    """Words whose capital means something: seen mid-sentence alone, or in a person-like run of names.

    They vouch for the same word at a sentence start ("Baldwin held the gun"); the last word of an
    organisation ("Wendshire Police") does not vouch for "Police have set up …".
    """
    out: set[str] = set()
    for run in runs:
        if any(s <= toks[run[0]].start() < e for s, e in headlines):
            continue
        words = [fold(_strip_possessive(toks[k].group())) for k in run if not toks[k].group().isupper()]
        if not words or (initial[run[0]] and (len(words) == 1 or words[0] in COMMON or words[0] in lower_vocab)):
            continue
        if len(words) == 1 or _word_kind(words) is None:
            job = initial[run[0]] and (_AGENT.search(words[0]) or words[0] in ROLES or words[0] in TITLES)
            out.update(words[1:] if job else words)  # "Prosecutor Neil Farrant told …": a job, not a name
    return out


def _strip_title(words: list[str], initial: bool, lower_vocab: set[str]) -> tuple[int, bool, bool]:
    """Where the name starts in a run, and whether a title or a capitalised role word preceded it."""
    title_end = -1
    for k, w in enumerate(words[:-1]):
        if fold(w) in TITLES or fold(w.split("-")[0]) in TITLES and "-" in w:
            title_end = k
        elif fold(w) not in TITLE_MODS:
            break
    if title_end >= 0 and _word_kind(words[title_end + 1:]) is None:
        return title_end + 1, True, False
    if initial and (fold(words[0]) in ROLES or fold(words[0]) in COMMON or words[0].lower() in lower_vocab):
        return 1, False, fold(words[0]) in ROLES  # "Actor Alec Baldwin", "The Ostler Bridge"
    return 0, False, False


def extract_names(article: Article) -> list[NameMention]:
    """Find the names of people, organisations and places in one article.

    Args:
        article: the article; offsets of the mentions index ``article.text``.

    Returns:
        Mentions in text order. ``kind`` is a best guess from the name and its context
        (``unknown`` when nothing points either way); entity-level kinds come from :func:`group_entities`.
    """
    text = article.text
    toks = list(_TOKEN.finditer(text))
    lower_vocab = {t.group() for t in toks if t.group()[0].islower()}
    initial = [t.group()[0].isupper() and _sentence_initial(text, t.start()) for t in toks]
    headlines = _title_case_lines(text)
    runs = _runs(text, toks)
    vouched = _vouched(toks, runs, initial, headlines, lower_vocab)
    out: list[NameMention] = []
    for run in runs:
        words = [toks[k].group() for k in run]
        first, has_title, role = _strip_title(words, initial[run[0]], lower_vocab)
        if (first == 0 and initial[run[0]] and len(run) >= 3 and _AGENT.search(words[0])
                and fold(words[0]) not in vouched and _word_kind(words) is None):
            first, role = 1, True  # "Lineworker Dana Ferabee, 29, said": a job at the start of a sentence
        idx = run[first:]
        while idx and toks[idx[-1]].group().lower() in _PARTICLES | {"of", "and", "&", "for"}:
            idx.pop()
        if not idx:
            continue
        folded = [fold(_strip_possessive(toks[k].group())) for k in idx]
        start = toks[run[0]].start() if has_title else toks[idx[0]].start()
        in_headline = any(s <= start < e for s, e in headlines)
        dateline = bool(re.match(r"[A-Z][A-Z ]+,", text[start:start + 40])) and (
            start == 0 or text[start - 1] == "\n")
        if len(idx) == 1:
            w = toks[idx[0]].group()
            if (folded[0] in COMMON | CALENDAR | TITLES or len(w) < 2 or _CONTRACTION.search(w)):
                continue
            if ((initial[idx[0]] or in_headline) and not (has_title or role or dateline)
                    and folded[0] not in vouched):
                continue
        elif in_headline and not has_title:  # headline capitals: keep the known-name prefix only
            keep = next((k for k, f in enumerate(folded) if f not in vouched), len(folded))
            idx, folded = idx[:keep], folded[:keep]
            if not idx:
                continue
        caps = [(w := _strip_possessive(toks[k].group())).isupper() and len(w) > 3 for k in idx]
        if any(caps) and all(caps) and not dateline and not all(f in vouched for f in folded):
            continue  # lone shouting words ("PEOPLE", "IMAGE") are rarely names
        parts: list[str] = []
        for n, k in enumerate(idx):
            w = _strip_possessive(toks[k].group()) if n == len(idx) - 1 else toks[k].group()
            parts.append(w.capitalize() if caps[n] else w)
            if n < len(idx) - 1:
                parts.append(text[toks[k].end():toks[idx[n + 1]].start()].replace(".", ""))
        end = toks[idx[-1]].start() + len(_strip_possessive(toks[idx[-1]].group()))
        normalized = "".join(parts).translate(_APOS)
        name_words = normalized.split()
        kind = "person" if (has_title or role) else _word_kind(name_words) or _context_kind(text, toks, idx[0], idx[-1])
        if kind is None and (dateline or (re.match(r"\s*—", text[end:end + 3])
                                          and re.search(r"(?:^|\n)[A-Z ]+,\s*$", text[:start]))):
            kind = "place"  # dateline "VELMOUTH, Wendshire —"
        title = " ".join(words[:first]).replace(".", "") if has_title else ""
        out.append(NameMention(article.id, start, end, text[start:end], kind or "unknown", normalized, title))
    return out


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
                if typo_close(wa, wb) and (kinds[a] is None) == (kinds[b] is None) and (
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
                    near_surnames[w] = [s for s in surname if typo_close(w, s)]
                near = {find(r) for s in near_surnames[w] for r in surname[s]}
                roots = near if len(near) == 1 else set()
        if len(roots) > 1:
            roots = roots & {find(r) for r in in_article.get(m.article_id, ())}
        assigned[pos] = roots.pop() if len(roots) == 1 else "=" + w
    singles = sorted({k for k in assigned.values() if k.startswith("=") and len(k) > 6})
    by_len: dict[int, list[str]] = defaultdict(list)
    for k in singles:
        by_len[len(k)].append(k)
    for k in singles:  # lone words a typo apart ("Kelderby"/"Keldersby"); lengths differ by at most two
        for other in (o for n in range(len(k), len(k) + 3) for o in by_len.get(n, ()) if o > k or n > len(k)):
            if typo_close(k[1:], other[1:]):
                union(k, other)
    clusters: dict[str, list[NameMention]] = defaultdict(list)
    for pos, m in enumerate(mentions):
        clusters[find(assigned[pos])].append(m)
    entities = [_make_entity(ms) for ms in clusters.values()]
    entities.sort(key=lambda e: (-len(e.mentions), e.key))
    return entities


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


#: A spelling used by several sources is still flagged when the majority has this many times more sources.
MINORITY_RATIO = 5
#: Endings of demonyms and adjectives ("American", "Islamic", "Pakistani"): two such words a letter apart are
#: different words, so a single-word entity ending so is never a misspelling of another.
_ADJECTIVAL = re.compile(r"(?:an|ese|ish|ic|ist|ite|i)s?$")


def name_conflicts(entities: list[Entity], independence: dict[str, str] | None = None) -> list[dict]:
    """Likely misspellings: a spelling used by one source (or independence group) against the majority.

    For a person the surname is compared, for an organisation or place the whole name; variants that
    differ only in case, accents, possessive or dots are the same spelling. A variant is flagged when it is
    a typo away from the most used spelling, is backed by a single group and the majority by two or more
    (or by at most a fifth as many groups as the majority, :data:`MINORITY_RATIO`).

    Args:
        entities: output of :func:`group_entities`.
        independence: article id → independence group (copies of one original share a group);
            by default every article is its own group.

    Returns:
        Conflicts ``{"kind": "name", "about", "values": [{"value", "articles", "forms"}], "likely_correct",
        "reason"}``; the first value is the likely correct one.
    """
    groups = independence or {}
    out: list[dict] = []
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
            if var == top or not close:
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
            out.append({"kind": "name", "about": values[0]["value"], "values": values,
                        "likely_correct": values[0]["value"] if gt >= 2 else None,
                        "reason": (f"'{values[1]['value']}' ({nv} mention(s) in {av} article(s), {gv} source(s)) is a "
                                   f"typo away from '{values[0]['value']}' used by {gt} independent source(s) "
                                   f"in {at} article(s)")})
    return out + _split_spellings(entities, groups, out)


def _surname_given(ent: Entity) -> tuple[str, str | None]:
    toks = [t for t in fold(ent.canonical).split() if t]
    sur = toks[-1] if toks else ""
    given = next((t for t in reversed(toks[:-1]) if t not in TITLES and len(t) > 1), None)
    return sur, given


def _split_spellings(entities: list[Entity], groups: Mapping[str, str], found: list[dict]) -> list[dict]:
    """Misspelt surnames the grouping kept apart: an article spelling "Trummp" throughout forms an entity of
    its own, so its spelling never meets the right one inside one entity. Two person entities whose surnames
    are a typo apart and whose given names agree (or one has none), used by different articles, are one name
    written two ways."""
    about = {str(c["about"]) for c in found}
    people = [e for e in entities if e.kind in ("person", "unknown") and not any(x.kind in ("org", "place")
                                                                                  for x in e.mentions)]
    by_sur: dict[str, list[Entity]] = defaultdict(list)
    for e in people:
        sur, _ = _surname_given(e)
        if len(sur) >= 4 and sur.isalpha():
            by_sur[sur].append(e)
    out: list[dict] = []
    surs = sorted(by_sur)
    by_first: dict[str, list[str]] = defaultdict(list)  # a typo rarely hits the first letter: compare within
    for sur in surs:
        by_first[sur[0]].append(sur)
    pairs = [(a, b) for bucket in by_first.values() for i, a in enumerate(bucket) for b in bucket[i + 1:]
             if abs(len(a) - len(b)) <= 2 and typo_close(a, b)]
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
        if values[0]["value"] in about or values[1]["value"] in about:
            continue
        gt, gv = max(na, nb), min(na, nb)
        out.append({"kind": "name", "about": values[0]["value"], "values": values,
                    "likely_correct": values[0]["value"] if gt >= 2 and gv == 1 else None,
                    "reason": (f"'{values[1]['value']}' and '{values[0]['value']}' are a typo apart; "
                               f"{gt} independent source(s) against {gv}")})
    return out


def _value(ms: list[NameMention]) -> dict:
    full = Counter(m.normalized for m in ms if len(m.normalized.split()) > 1)
    value = (full or Counter(m.normalized for m in ms)).most_common(1)[0][0]
    forms = sorted({f"{m.title} {m.normalized}".strip() for m in ms})
    return {"value": value, "articles": sorted({m.article_id for m in ms}), "forms": forms}


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
                   ) -> list[dict]:
    """Different people named as the holder of one role ("the driver, Tomas Brecken" / "the driver, Ivo Darr").

    Only definite roles count ("the driver", not "a driver" or "the former driver"), and two people are in
    conflict only when no article mentions both: an article naming both shows the role is not unique (two
    drivers in a crash), and they are not rival answers.

    Args:
        entities: output of :func:`group_entities`.
        texts: article id → text (the mentions' spans index it).
        independence: article id → independence group, to order the values.

    Returns:
        Conflicts ``{"kind": "entity", "about": "the <role>", "values": [{"value", "articles"}]}``, the value
        given by most independent sources first.
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
    out: list[dict] = []
    for role, who in sorted(holders.items()):
        if len(who) < 2:
            continue
        present = {k: {a for arts in by_key[k].forms.values() for a in arts} for k in who}
        keys = sorted(who)
        if any(present[a] & present[b] for i, a in enumerate(keys) for b in keys[i + 1:]):
            continue
        ranked = sorted(keys, key=lambda k: (-len({groups.get(a, a) for a in who[k]}), -len(who[k]), k))
        out.append({"kind": "entity", "about": f"the {role}",
                    "values": [{"value": by_key[k].canonical, "articles": sorted(who[k])} for k in ranked],
                    "reason": f"{len(ranked)} different people named as the {role}, and no article names two of them"})
    return out
