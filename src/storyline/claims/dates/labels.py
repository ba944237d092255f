"""Short event labels for date mentions ("span collapsed", "shooting"), from the words of their clause.

A small rule-based reading of English clauses: which word is a verb, the subject noun phrase before it, event
nouns ("lawsuit", "election") near the date; and the comparison of two labels (:func:`_same_event`) used to
merge mentions of one happening.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ...text.lexicon import CLAUSE_STOPWORDS as STOP
from ...text.lexicon import PREPOSITIONS as PREPS
from ...text.lexicon import WEEKDAY_WORDS
from ...text.lexicon import word_set as _ws
from .patterns import _CLAUSE, _THAT, NUMBERS

AUX = _ws("is are was were be been being has have had do does did will would shall could can may might must 's")
_SUBORDINATORS = _ws("after before since until as than about")  # also prepositions, but may open a clause
_MODALS = _ws("will would shall could can may might must to")
_TO_HEADS = _ws("""due expected set going plans plan planned scheduled promised agreed decided voted tried hopes hoped
    wants wanted able began started continue continued needs needed asked""")
_BE = _ws("is are was were be been being")
REPORTING = _ws("said says say told tells added adds wrote writes stated claimed noted explained insisted asked "
                "questioned according")
IRREGULAR = _ws("""went came fell gave took made held left led met ran saw sent set shot spent stood told said won
    wrote began begun broke brought built bought caught chose cut drew drove fought found got grew hit hung hurt
    kept knew laid lost paid put quit rang rose sank sat shut sold spoke struck swore sworn taken thought threw
    woke wore became done gone seen known given fallen written spoken chosen driven risen shown flew flown blew
    torn beat beaten ate eaten hid hidden read""")
_PRESENT_VERBS = _ws("starts begins opens closes ends resumes arrives runs comes leaves meets")
_NOT_VERBS = _ws("hundred speed seed need indeed feed breed greed shed bed red wed")
EVENT_NOUNS = _ws("""collapse shooting lawsuit suit interview letter election by-election poll polls vote referendum
    meeting conference hearing trial arrest attack crash fire explosion blast storm earthquake flood accident
    incident tragedy death funeral memorial vigil protest strike result announcement statement report reports
    inspection ceremony launch release opening closure visit speech debate count rescue resignation ruling verdict
    sentencing deal agreement summit match concert festival wedding birth murder killing raid evacuation outbreak
    shutdown walkout rally briefing broadcast premiere derailment injury appeal complaint complaints charges
    settlement""")
BUILT = _ws("""bridge crossing road building tower station school church hospital stadium dam tunnel line railway canal
    museum library hall theatre theater house factory plant mill pier port airport market mall""")
_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\w,.:]*")


def clause(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The clause of ``sent`` holding ``[start, end)``, joined with the next one when it is only the date."""
    cuts = sorted({sent[0], sent[1], *(m.start() for m in _CLAUSE.finditer(text, sent[0], sent[1])
                                        if not start <= m.start() < end)}
                  | {m.start() for m in _THAT.finditer(text, sent[0], sent[1])  # "said on Monday that power would …"
                     if REPORTING & set(_WORD.findall(text, max(sent[0], m.start() - 40), m.start())[-4:])})
    i = max(0, bisect.bisect_right(cuts, start) - 1)
    lo, hi = cuts[i], cuts[min(i + 1, len(cuts) - 1)]
    rest = _WORD.findall(text[lo:start] + " " + text[end:hi])
    if len(rest) < 3 and not any(_verb(rest, k) for k in range(len(rest))):  # "On Monday, the council will vote"
        if i + 2 < len(cuts):
            hi = cuts[i + 2]
        elif i > 0:
            lo = cuts[i - 1]
    return lo, hi


def _verb(words: list[str], i: int) -> bool:
    w = words[i]
    if not w[0].islower() or w in STOP or w in AUX:
        return False
    p = words[i - 1].lower() if i else ""
    p2 = words[i - 2].lower() if i > 1 else ""
    if (p in _MODALS and p != "to") or (p == "be" and p2 in _MODALS) or (p == "to" and p2 in _TO_HEADS):
        return True
    if w in IRREGULAR or w in _PRESENT_VERBS or (w.endswith("ing") and p in _BE) or p in ("has", "have", "had"):
        return True
    return w.endswith("ed") and len(w) > 4 and w not in _NOT_VERBS and p not in ("the", "a", "an")


def _np(words: list[str], i: int, stop: int) -> str | None:
    """Head of the first noun phrase in ``words[i:stop]``: a proper name (up to three words) or a noun."""
    while i < stop and (words[i].lower() in STOP | AUX | NUMBERS.keys() or words[i][0].isdigit()
                        or words[i].endswith("ly")):
        i += 1
    j = i
    while j < stop and words[j].lower() not in STOP and words[j].lower() not in AUX and not _verb(words, j):
        if j > i and words[j][0].isupper() != words[i][0].isupper():
            break
        j += 1
    return _head(words[i:j])


#: Time words that sit between a subject and its verb ("the clerk working Monday who saw it"): never
#: the subject of an event label.
_WHEN = WEEKDAY_WORDS | _ws("today tonight yesterday tomorrow morning afternoon evening night")


def _head(np: list[str]) -> str | None:
    while len(np) > 1 and np[-1].endswith("ing") and np[-1][0].islower() and np[-1] not in EVENT_NOUNS | BUILT:
        np = np[:-1]  # "the clerk working": a participle after its noun, the noun is the head ("meeting" is one)
    if not np:
        return None
    name = np[0][0].isupper()
    out = " ".join(np) if name and len(np) <= 3 else np[-1]
    return re.sub(r"['’]s$", "", out if name else out.lower())


def _subject(words: list[str], v: int, lead: int) -> str | None:
    """The noun phrase just before the verb at ``v``; "" for a pronoun; ``None`` when the clause has none.

    When that phrase sits in a prepositional phrase ("a section of the bridge in the town of Velmouth gave
    way") the clause's first noun phrase is the subject instead.
    """
    for _ in range(3):  # "the fire that crippled the ferry broke out": skip an object and its relative clause
        k = v - 1
        while k >= lead and (words[k].lower() in AUX | _MODALS | _TO_HEADS | _WHEN | {"not", "also", "still", "then",
                                                                                     "that", "which", "who"}
                             or words[k].endswith("ly") or words[k][0].isdigit()):
            k -= 1
        if k < lead or words[k].lower() in STOP:
            return "" if k >= lead and words[k].lower() in ("he", "she", "it", "they", "we", "i", "you") else None
        j = k
        while j > lead and words[j - 1].lower() not in STOP | AUX and not _verb(words, j - 1):
            j -= 1
        d = j
        while j < k and words[j][0].isupper() != words[k][0].isupper() and words[k][0].isupper():
            j += 1  # "the ferry Gull Spirit": the name is the head
        while d > lead and words[d - 1].lower() in ("the", "a", "an", "its", "his", "her", "their", "this", "that"):
            d -= 1
        if d > lead and _verb(words, d - 1) and words[d - 1].lower() not in REPORTING:
            v = d - 1
            continue
        if d > lead and words[d - 1].lower() in PREPS - _SUBORDINATORS | {"and", "or"}:
            return _np(words, lead, v)
        return _head(words[j:k + 1])
    return None


def event_label(text: str, span: tuple[int, int], start: int, end: int, sentence: tuple[int, int] | None = None
                ) -> str | None:
    """A short label for the event a date expression dates, from its clause ``span``.

    Tried in order: a noun the date modifies ("the Oct. 21 shooting", "Tuesday's collapse"); an event noun
    near the date, with a participle or verb next to it ("lawsuit filed", "letter posted"), unless a verb is
    clearly nearer; the verb nearest the date with its subject ("Hutchins killed", "span collapsed"), or its
    object when the subject is a pronoun ("cracks reported"). ``None`` when nothing fits.
    """
    before = _WORD.findall(text, span[0], start)
    words = before + _WORD.findall(text, end, span[1])
    at = len(before)  # the date sits between words[at - 1] and words[at]
    low = [w.lower() for w in words]
    mod = re.match(r"['’]s\s+|\s+", text[end:end + 3])
    if mod and at < len(words) and words[at][0].islower() and low[at] not in STOP and not _verb(words, at):
        det = [w for w in low[max(0, at - 3):at] if w in ("the", "a", "an", "its", "his", "her", "their")]
        if mod.group().startswith(("'", "’")) or det:  # "Tuesday's collapse", "the Oct. 21 shooting"
            nxt = at + 1 < len(words) and words[at + 1][0].islower() and low[at + 1] not in STOP and not _verb(
                words, at + 1)
            return low[at + 1] if nxt else low[at]
    dist = sorted(range(len(words)), key=lambda k: (abs(k - at + 0.5), k))
    nouns = [k for k in dist if (low[k] in EVENT_NOUNS or (low[k][-1] == "s" and low[k][:-1] in EVENT_NOUNS))
             and abs(k - at + 0.5) <= 12 and (words[k][0].islower() or k == 0)]
    verbs = [k for k in dist if _verb(words, k)]
    verbs = [k for k in verbs if low[k] not in REPORTING][:1] or verbs[:1]
    if nouns and not (abs(nouns[0] - at + 0.5) <= 8 and (not verbs or abs(nouns[0] - at + 0.5) <= abs(
            verbs[0] - at + 0.5) + 2)):
        nouns = [k for k in nouns if verbs and 0 < k - verbs[0] <= 5]  # "named in a lawsuit": the noun says more
    if nouns:
        k = nouns[0]
        noun = f"{low[k - 1]} {low[k]}" if k and low[k - 1] in ("press", "news") else low[k]
        if k + 1 < len(words) and low[k + 1].endswith("ed") and _verb(words, k + 1):
            return f"{noun} {low[k + 1]}"
        if k + 1 < len(words) and low[k + 1] in ("date", "dates"):
            # "announced the election date Wednesday": the day the date was set, not the election's
            verb = next((low[v] for v in verbs if low[v] not in REPORTING), None)
            return f"{noun} date {verb}" if verb else f"{noun} date"
        d = k - 1
        while d >= 0 and low[d] not in STOP and not _verb(words, d):
            d -= 1
        while d >= 0 and low[d] in ("the", "a", "an", "its", "his", "her", "their", "this", "that"):
            d -= 1
        prior = [v for v in range(max(0, k - 6), k) if _verb(words, v) and low[v] not in REPORTING]
        in_pp = d >= 0 and low[d] in PREPS  # "in an interview": not the object of the verb before it
        return f"{noun} {low[prior[-1]]}" if prior and not in_pp else noun
    if not verbs:
        return None
    v = verbs[0]
    lead = max([k + 1 for k in range(v) if low[k] in REPORTING or (low[k] == "that" and k and low[k - 1] in REPORTING)],
               default=0)
    subject = _subject(words, v, lead)
    if subject == "":
        subject = _np(words, v + 1, min(len(words), v + 5))
    elif subject is None and sentence and sentence[0] < span[0]:  # "The bridge, which opened in 1964"
        head = _WORD.findall(text, sentence[0], span[0])
        subject = _np(head, 0, len(head))
    particle = v + 1 < len(words) and (low[v + 1] in ("way", "up", "down", "off", "out", "away")
                                       or (low[v] == "sworn" and low[v + 1] == "in"))
    verb = f"{low[v]} {low[v + 1]}" if particle else low[v]
    return f"{subject} {verb}" if subject else verb


_INCIDENT = _ws("""collapse collapsed fell fall gave-way crash crashed shooting shot killed killing death died accident
    incident tragedy explosion exploded blast attack derailment""")
# One-off happenings whose dates are compared across articles: word → event class.
_CLASSES = {w: cls for cls, words in {
    "collapse": "collapse collapsed fell gave-way", "shooting": "shooting shot", "death": "killed death died",
    "crash": "crash crashed", "election": "election by-election poll polls", "lawsuit": "lawsuit",
    "arrest": "arrest arrested", "resignation": "resigned resignation", "explosion": "explosion exploded",
    "opening": "opened opening", "birth": "born birth", "fire": "fire blaze", "verdict": "verdict",
    "funeral": "funeral"}.items() for w in words.split()}


_SAME_THING = {"factory": "plant", "works": "plant", "crossing": "bridge", "span": "bridge"}


def _stem(w: str) -> str:
    for suf in ("ing", "ied", "ies", "ed", "es", "s", "e"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[:-len(suf)] + ("y" if suf in ("ied", "ies") else "")
    return w


@lru_cache(maxsize=16384)
def _words(label: str) -> tuple[str, ...]:
    return tuple(label.lower().replace("gave way", "gave-way").split())


@lru_cache(maxsize=16384)
def _stems(label: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _words(label) if w not in STOP and w not in REPORTING)


@lru_cache(maxsize=16384)
def _incident(label: str) -> bool:
    return not _INCIDENT.isdisjoint(_words(label))


def _same_event(a: str, b: str) -> bool:
    """Labels of one happening: a shared word stem, or both naming an incident ("collapse", "fell")."""
    return not _stems(a).isdisjoint(_stems(b)) or (_incident(a) and _incident(b))
