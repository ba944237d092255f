"""Name mentions in one article (:func:`extract_names`), from runs of capitalised words and their cues,
and the spelling helpers used to compare them (:func:`fold`, :func:`typo_close`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from ...model import Article
from ...text.lexicon import MONTH_WORDS, TITLES, WEEKDAY_WORDS
from ...text.lexicon import word_set as _ws

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
CALENDAR = WEEKDAY_WORDS | MONTH_WORDS | {"christmas", "easter"}
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
            if fold(nxt) in WEEKDAY_WORDS or (fold(nxt) in MONTH_WORDS
                                              and re.match(r"\.? \d", text[toks[j + 1].end():])):
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


# (compiled once: these run for every run of capitalised words)
_CTX_WORDS = re.compile(r"[\w’'-]+|,")
_LEADING_POSSESSIVE = re.compile(r"^['’]s?")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_APPOSITION = re.compile(r"\s*,([^,.]{0,60}),")
_PLACE_AFTER = re.compile(r",\s+([A-Z][\w]+(?: [A-Z][\w]+)?)")
_DATELINE = re.compile(r"[A-Z][A-Z ]+,")
_DASH_AFTER = re.compile(r"\s*—")


def _context_kind(text: str, toks: list[re.Match[str]], first: int, last: int) -> str | None:
    """Person/place evidence from the words around a run (roles, ages, said-verbs, "in X", "X, Texas")."""
    before = text[max(0, toks[first].start() - 40):toks[first].start()]
    prev = _CTX_WORDS.findall(before.lower())
    if prev and (prev[-1] in ROLES or (len(prev) > 1 and prev[-1] == "," and prev[-2] in ROLES)):
        return "person"
    after = text[toks[last].end():toks[last].end() + 60]
    after = _LEADING_POSSESSIVE.sub("", after)
    if _AGE.match(after) or _AFTER_COMMA_WHO.match(after):
        return "person"
    nxt = _NEXT_WORD.match(after)
    if nxt and nxt.group(1).lower() in SAY_VERBS:
        return "person"
    appos = _APPOSITION.match(after)
    if appos and any(w in ROLES for w in re.findall(r"\w+", appos.group(1).lower())):
        return "person"
    if prev and prev[-1] in ("in", "near", "outside"):
        return "place"
    place_after = _PLACE_AFTER.match(after)
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
        dateline = bool(_DATELINE.match(text[start:start + 40])) and (
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
        if kind is None and (dateline or (_DASH_AFTER.match(text[end:end + 3])
                                          and re.search(r"(?:^|\n)[A-Z ]+,\s*$", text[:start]))):
            kind = "place"  # dateline "VELMOUTH, Wendshire —"
        title = " ".join(words[:first]).replace(".", "") if has_title else ""
        out.append(NameMention(article.id, start, end, text[start:end], kind or "unknown", normalized, title))
    return out
