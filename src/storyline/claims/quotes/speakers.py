"""Who is quoted: attribution verbs on either side of a quote ("X said", "said X", "according to X"),
descriptions ("the letter", "the crew members"), pronouns resolved to an earlier speaker, and the
canonical form of a speaker's name.
"""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import dataclass
from functools import lru_cache

from ...text.lexicon import DESCRIPTION_STOPWORDS
from ...text.lexicon import SPEAKER_TITLES as _TITLES
from ...text.normalize import paragraphs
from ..names.extract import _word_kind
from .marks import _ABBREV, _TERMINAL

# --- speakers -----------------------------------------------------------------------------------------

_SPEECH = (
    "say said says saying tell told tells telling write wrote writes writing add added adds adding state stated "
    "states stating note noted notes noting ask asked asks asking explain explained explains explaining continue "
    "continued continues continuing reply replied replies replying respond responded responds responding answered "
    "questioned recall recalled recalls recalling insist insisted insists insisting argue argued argues arguing "
    "claim claimed claims claiming declare declared declares announce announced announces admit admitted admits "
    "acknowledge acknowledged acknowledges warn warned warns warning read reads conclude concluded concludes "
    "remarked observed shouted testified tweeted confirm confirmed confirms commented quipped joked suggest suggested "
    "suggests stressed emphasised emphasized conceded maintained maintains urged pleaded promised vowed predicted "
    "complained whispered cried screamed yelled mention mentioned mentions mentioning revealed reveals repeated "
    "clarifying clarified recounted recounts described describes called calls"
)
_VERB = r"(?:according\s+to|" + "|".join(sorted(set(_SPEECH.split()), key=len, reverse=True)) + r")"
_VERB_RE = re.compile(rf"\b{_VERB}\b")
# Verbs that can come before their speaker ("said X"); "told X" names the listener, not the speaker.
_VS_VERB = r"(?:said|says|added|adds|wrote|writes|read|reads|continued|continues|stated|states|explained|replied|" \
           r"responded|recalled|insisted|declared|noted|asked|according\s+to)"
_STOPW = "(?:" + "|".join(sorted(DESCRIPTION_STOPWORDS)) + ")"  # order is irrelevant: used in a lookahead
_TOK = r"(?:(?:Dr|Mr|Mrs|Ms|Mx|St|Prof|Rev|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Det|Supt)\.|[A-Z]\.|[A-Z][\w’'\-]*)"
_FIRST = (r"(?<![\w’'])(?=[A-Z])(?!(?:The|A|An|This|That|These|Those|His|Her|Their|Its|Our|In|On|At|But|And|It|He|"
          r"She|They|We|I|If|As)\b)")
_NAME = rf"{_FIRST}{_TOK}(?:[ \t]+(?:(?:de|van|von|der|den|du|da|di|del|la|le|bin|al|ibn)[ \t]+)?{_TOK}){{0,5}}"
_DET = r"(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur)"
_DW = rf"(?!(?i:{_STOPW})\b)[\w’'/\-]+"
_DESC = rf"{_DET}[ \t]+(?:{_DW}[ \t]+){{0,4}}?{_DW}"
_DESC_LONG = rf"{_DET}[ \t]+(?:{_DW}[ \t]+){{0,4}}{_DW}"  # greedy: when no verb follows to end it
_PRON = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b"
_NP = rf"(?:{_PRON}|{_NAME}|{_DESC})"
_ADV = r"(?:(?:also|then|later|simply|further|again|once|\w+ly)[ \t]+)?"
_TAIL_SV = re.compile(rf"[ \t]*[,—–-]?[ \t]*(?P<spk>{_NP})[ \t]+{_ADV}(?P<verb>{_VERB})\b")
_TAIL_VS = re.compile(rf"[ \t]*[,—–-]?[ \t]*(?P<verb>{_VS_VERB})[ \t]+(?:(?:[a-z][\w’'\-]*[ \t]+){{1,3}}(?={_NAME}))?"
                      rf"(?P<spk>{_PRON}|{_NAME}|{_DESC_LONG})")
# `"…," Marta Quill, the union's general secretary, said` / `"…," Ada Linnell, 52, said`: a name, an
# appositive between commas (no sentence punctuation, no quotation marks), then the verb.
_TAIL_APPOS = re.compile(rf"[ \t]*[,—–-]?[ \t]*(?P<spk>{_NAME})[ \t]*,[ \t]*[^,.;:!?\"“”\n]{{1,70}}?,[ \t]*{_ADV}"
                         rf"(?P<verb>{_VERB})\b")
_CORE = r"(?:said|says|told|tells|wrote|writes|added|adds|stated|states|noted|explained|explains|claims|claimed|" \
        r"read|reads|continued|continues|concluded|insisted|declared|responded|replied)"
_CORE_RE = re.compile(rf"\b{_CORE}\b")
_NP_BEFORE_VERB = re.compile(rf"(?P<spk>{_NAME}|{_DESC})(?:[ \t]+(?:for|of|at|from|with)[ \t]+(?:the[ \t]+)?{_NAME})?"
                             rf"[ \t]+{_ADV}$")  # "A spokesman for the Environment Agency said"
_THING_RE = re.compile(rf"\b(?=[TtAaHhIiO]){_DET}[ \t]+(?:[\w’'\-]+[ \t]+){{0,2}}?(?:letter|statement|report|"
                       r"document|memo|post|notice|petition|lawsuit|ruling|complaint|announcement|release|study|"
                       r"survey)\b")
_DET_RE = re.compile(rf"\b{_DET}[ \t]")
_POSSESSIVE_GAP = re.compile(r"(?<=[’'])\s+|(?<=[’']s)\s+")
_ORG_APPOS = re.compile(r"\b(?:company|firm|operator|trust|council|union|group|charity|agency|board|club|party|"
                        r"authority|department|ministry|airline|network|association|federation|organisation|"
                        r"organization|coalition|campaign|business|retailer|bank|insurer|carrier)[’']?s?\s*,?\s*$")
_SPEECH_NEXT = re.compile(rf"[ \t]+{_ADV}{_CORE}\b")
_NAME_RE = re.compile(_NAME)
_NAME_END = re.compile(rf"{_NAME}$")
_PREP_CUT = re.compile(r"\s+(?:on|in|at|of|from|for|with|about|during|after|before|to|by|issued|given|released)\s.*$")
_LEAD_PP = re.compile(r"^(?:In|On|At|After|Before|During|Speaking|Taking|Writing|From|Since|Following|Later|"
                      r"Earlier|Then|But|And|Meanwhile|However|Still|[A-Z][a-z]+ing)\b[^,]{0,80},\s*")
_LEAD_STOP = {"The", "A", "An", "In", "On", "At", "But", "And", "When", "While", "After", "Before", "Speaking",
              "Then", "So", "If", "As", "Still", "Just", "Although", "However", "Meanwhile", "Asked", "Taking",
              "Writing", "During", "Since", "Even", "Yet", "Both", "It", "He", "She", "They", "We", "I", "This"}
_ORG = frozenset(
    "council county city hospital police board bridge river road street lane row hall party alliance news gazette "
    "post wire ledger courier times press radio online ranch creek service services rescue university school "
    "college church company inc ltd corp group department ministry agency court station quay harbour market café "
    "cafe safety instagram facebook twitter morning america abc bbc cnn nbc cbs people guildhall office club union "
    "association committee commission institute foundation trust bank airport park square avenue centre center "
    "museum theatre studios productions pictures film festival team government parliament senate house army navy "
    "force reuters ap associated daily evening chronicle journal herald tribune mail telegraph guardian observer "
    "magazine network channel tv fm weekly pulse infrastructure fire monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october november december "
    "christmas easter".split())
_THINGS = frozenset(
    "letter statement report document note post email memo filing lawsuit complaint ruling study survey message "
    "tweet announcement release article paper newspaper website site notice sign petition letter-writers "
    "council hospital police company agency court government board authority ministry department".split())
_GROUPS = frozenset("crew staff team cast police family government council committee group company union board "
                    "department party management panel jury coalition authority undersigned".split())
# A name after these is not who a later "he"/"she" refers to: an object, or a relative in apposition
# ("his wife, Huma Abedin": the article is about him).
_OBJ_BEFORE = re.compile(r"(?:\b(?:told|to|by|with|asked|interviewed|thanked|congratulated|of|from|for|about|"
                         r"called|named|against|beat|defeated|met|and)|’s|'s|\b(?:his|her|their)\s+(?:wife|husband|"
                         r"son|daughter|mother|father|brother|sister|partner|girlfriend|boyfriend|fiancée?|widow|"
                         r"widower|aide|lawyer|attorney|spokesman|spokeswoman)\s*,)\s*$", re.I)


@dataclass(slots=True)
class _Attr:
    speaker: str | None = None
    span: tuple[int, int] | None = None
    verb: str | None = None
    strong: bool = False
    kind: str = ""


_DEPARTMENTS = frozenset("State Defense Defence Justice Health Education Energy Interior Labor Labour Transportation "
                         "Transport Treasury Commerce Agriculture Homeland Veterans Housing".split())


_POSSESSIVE_END = re.compile(r"[’']s?$")


def _clean_name(name: str) -> list[str]:
    toks = name.split()
    out: list[str] = []
    for t in toks:
        if out and t.endswith(".") and not _ABBREV.search(" " + t):
            out.append(t[:-1])
            break
        out.append(t)
    while out and (out[0] in _LEAD_STOP or out[0] in ("the", "a", "an")):
        out.pop(0)
    if out:
        out[-1] = _POSSESSIVE_END.sub("", out[-1])
    while len(out) > 1 and (out[0].lower() in _TITLES or (out[0] in _DEPARTMENTS and len(out) > 2)):
        out.pop(0)  # "(Secretary of) State Hillary Clinton"
    # "NAACP President Benjamin Todd Jealous", "Bank of England Governor Andrew Bailey": the name follows the
    # last title word.
    titled = [i for i, t in enumerate(out[:-1]) if t.lower().strip(".") in _TITLES and out[i + 1][:1].isupper()]
    if titled:
        out = out[titled[-1] + 1:]
    return [t for t in out if t]


def _np_kind(np: str) -> str:
    """person / group / thing for a description, from its head noun."""
    head = np.split()[-1].lower()
    if head in _THINGS or head.endswith("statement"):
        return "thing"
    if head in _GROUPS or (head.endswith("s") and not head.endswith(("ss", "us", "is"))):
        return "group"
    return "person"


class _Speakers:
    """Attribution state for one article: names known so far, speaker mentions, earlier quote speakers."""

    def __init__(self, text: str, masked: str) -> None:
        self.text, self.masked = text, masked
        self.paras = paragraphs(text, line_breaks=True)
        heads = [(s, e) for s, e in self.paras if _headline(text[s:e])]
        raw: list[tuple[int, list[str], bool]] = []
        for m in _NAME_RE.finditer(masked):
            pos = m.start()
            # A possessive ends a name: "ABC News' George Stephanopoulos" is two.
            group = m.group()
            for piece in (_POSSESSIVE_GAP.split(group) if "’" in group or "'" in group else (group,)):
                toks = _clean_name(piece)
                if toks:
                    raw.append((pos, toks, any(hs <= pos < he for hs, he in heads)))
                pos += len(piece) + 1
        self.surnames: dict[str, str | None] = {}
        self.firsts: dict[str, str | None] = {}
        for _pos, toks, in_head in raw:
            if len(toks) >= 2 and not in_head and not _is_org(toks):
                full = " ".join(toks)
                for table, key in ((self.surnames, toks[-1]), (self.firsts, toks[0])):
                    old = table.get(key, full)
                    table[key] = full if old == full else None  # two people share it: ambiguous
        # (position, canonical, kind, is_object), kept sorted by position
        self.mentions: list[tuple[int, str, str, bool]] = []
        for pos, toks, in_head in raw:
            name = self._canonical(toks)
            if name is None or (in_head and name not in self.surnames.values()):
                continue  # a title-case headline line names only people the body names
            if _word_kind(toks) == "place":
                continue  # "Fort Lauderdale", "California": a later "he" is not a place
            obj = bool(_OBJ_BEFORE.search(masked[max(0, pos - 16):pos]))
            org = _is_org(toks) or bool(_ORG_APPOS.search(masked, max(0, pos - 40), pos))
            self.mentions.append((pos, name, "org" if org else "person", obj))
            if not org and toks[-1].endswith("s") and not toks[-1].endswith("ss") and _SPEECH_NEXT.match(
                    masked, pos + len(" ".join(toks))):
                self.mentions.append((pos, name, "group", obj))  # "Fenmoor Voices said …": "they" may mean it
        for v in _CORE_RE.finditer(masked):  # "the letter read", "the crew members said" (cheaper verb-first)
            lo = max(0, v.start() - 60)
            np = _NP_BEFORE_VERB.search(masked, lo, v.start())
            if np and _DET_RE.match(np.group("spk") + " "):
                desc = _desc(np.group("spk"))
                self.mentions.append((np.start(), desc, _np_kind(desc), False))
        for m in _THING_RE.finditer(masked):
            self.mentions.append((m.start(), _desc(m.group()), "thing", False))
        self.mentions.sort()
        self.last_in_para: dict[int, _Attr] = {}

    def _canonical(self, toks: list[str]) -> str | None:
        if not toks:  # a "name" that cleaning left empty (a role followed by titles or stopwords only)
            return None
        if len(toks) == 1:
            return self.surnames.get(toks[0]) or self.firsts.get(toks[0]) or None
        if not _is_org(toks):
            full = self.surnames.get(toks[-1])
            if full and full.split()[0] == toks[0]:
                return full
        return " ".join(toks)

    def _para(self, pos: int) -> int:
        return next((k for k, (s, e) in enumerate(self.paras) if s <= pos < e + 1), -1)

    def resolve(self, np: str, start: int, verb: str | None, strong: bool) -> _Attr:
        """Turn a speaker phrase found at ``start`` into a canonical speaker."""
        span = (start, start + len(np))
        low = np.lower()
        if low in ("he", "she", "they", "it"):
            want = {"he": ("person",), "she": ("person",), "they": ("group", "org"), "it": ("thing", "org")}[low]
            found = self.antecedent(start, want)
            return _Attr(found[0] if found else None, span, verb, strong, found[1] if found else "")
        if (_DET_RE.match(np + " ") and not (np.split()[1:2] and np.split()[1][0].isupper())) or (
                np.split()[0].lower() in ("the", "a", "an") and np.split()[-1][0].islower()) or re.search(
                r"[’']s[ \t]+[a-z][\w\-]*$", np):  # "an AARP spokeswoman", "Strzok’s attorney": a description
            desc = _desc(np)
            kind, first = _np_kind(desc), desc.split()[0]
            if first in ("her", "his", "their", "its") and kind == "thing":  # "her statement read: …"
                found = self.antecedent(start, ("group", "org") if first in ("their", "its") else ("person",))
                if found:
                    return _Attr(found[0], span, verb, strong, found[1])
            if kind == "person":
                name = self.role_name(desc)
                if name:
                    return _Attr(name, span, verb, strong, "person")
            return _Attr(desc, span, verb, strong, kind)
        toks = _clean_name(np)
        if not toks:
            return _Attr(None, span, verb, strong)
        name = self._canonical(toks) or " ".join(toks)
        return _Attr(name, span, verb, strong, "org" if _is_org(toks) else "person")

    def role_name(self, desc: str) -> str | None:
        """"the bus driver" → the name the article gives that role ("bus driver, Owen Pascoe"), if unique."""
        role = desc.split(maxsplit=1)[1] if " " in desc else desc
        pat = re.compile(rf"(?i:\b{re.escape(role)})[ \t]*,?[ \t]+(?P<n>{_NAME})")
        names = {n for m in pat.finditer(self.masked) if (n := self._canonical(_clean_name(m.group("n")))) and " " in n}
        return names.pop() if len(names) == 1 else None

    def antecedent(self, pos: int, kinds: tuple[str, ...]) -> tuple[str, str] | None:
        """Nearest earlier mention or speaker of the first fitting kind that has one (kinds in preference order)."""
        best: dict[str, tuple[str, str]] = {}
        for p, name, kind, obj in self.mentions:
            if p >= pos:
                break
            if kind in kinds and not (obj and kind == "person"):
                best[kind] = (name, kind)
        return next((best[k] for k in kinds if k in best), None)

    def attribute(self, head_start: int, open_pos: int, after: int, gap: tuple[int, int] | None) -> _Attr:
        """Speaker of the quote opening at ``open_pos`` and closing just before ``after``."""
        masked = self.masked
        full_stop = self.text[after - 2:after - 1] == "."
        for s in ([gap[0]] if gap else []) + [after]:
            line_end = masked.find("\n", s)
            window = masked[s:min(s + 160, line_end if line_end >= 0 else len(masked))]
            if s == after and full_stop and window.strip()[:1].isupper():
                continue  # `"…." He added that …` starts a new sentence: not an attribution
            m = _TAIL_SV.match(window) or _TAIL_VS.match(window) or _TAIL_APPOS.match(window)
            if m and not (m.re is _TAIL_SV and m.group("verb").startswith("according")):
                return self.resolve(m.group("spk"), s + m.start("spk"), m.group("verb"), True)
        att = self._from_head(masked[head_start:open_pos], head_start)
        return att if att is not None else self._inherit(head_start, open_pos)

    def _from_head(self, head: str, base: int, loose: bool = False) -> _Attr | None:
        verbs = [m for m in _VERB_RE.finditer(head) if not re.search(r"[.!?;]", head[m.end():])]
        if not verbs:
            return None
        m = verbs[-1]
        rest, verb = head[m.end():], m.group()
        strong = bool(re.search(r"(?:[,:—]|\bthat)\s*$", head))
        if len(rest) > 80 and not loose and not head.rstrip().endswith(":"):
            return None
        if verb.startswith("according"):
            n = re.match(rf"\s+(?P<spk>{_NAME}|{_DESC_LONG})", rest)
            return self.resolve(n.group("spk"), m.end() + n.start("spk") + base, verb, strong) if n else None
        left = head[:m.start()]
        if verb.endswith("ing"):  # "Baldwin responded, saying …", "The coworkers …, noting that …"
            trimmed = re.sub(r"(?:\b(?:by|before|after|while|when|and))?[\s,]*$", "", left)
            v = re.search(rf"\b{_VERB}[ \t]*$", trimmed)
            if v:
                found = _np_left(trimmed[:v.start()])
            else:
                sub = _LEAD_PP.sub("", left)
                # "Strzok’s attorney, meanwhile, blasted …, saying": a possessive description
                n = (re.match(rf"(?P<spk>{_NAME}[’']s(?:[ \t]+[a-z][\w\-]*){{1,2}}?)(?=[ \t]*,)", sub)
                     or re.match(rf"(?P<spk>{_PRON}|{_NAME}|{_DET}(?:[ \t]+{_DW}){{1,3}}?)(?=[ \t,])", sub))
                found = (n.group("spk"), len(left) - len(sub)) if n else None
        else:
            found = _np_left(left)
        return self.resolve(found[0], base + found[1], verb, strong) if found else None

    def _inherit(self, head_start: int, open_pos: int) -> _Attr:
        para = self._para(open_pos)
        prev = self.last_in_para.get(para)
        if prev is not None and prev.speaker:
            return _Attr(prev.speaker, prev.span, None, False, prev.kind)
        ps, pe = self.paras[para] if para >= 0 else (0, 0)
        before = self.masked[ps:head_start]
        sents = [m.end() for m in _TERMINAL.finditer(before)]
        last = before[sents[-2] if len(sents) > 1 else 0:] if sents else ""
        if last:
            att = self._from_head(last.rstrip(" .") + ",", ps + (sents[-2] if len(sents) > 1 else 0), loose=True)
            if att is not None:
                att.strong = False
                return att
        if para > 0 and self.masked[ps:open_pos].strip() == "" and (para - 1) in self.last_in_para:
            prev = self.last_in_para[para - 1]
            return _Attr(prev.speaker, prev.span, None, False, prev.kind)
        return _Attr()

    def note_quote(self, pos: int, att: _Attr) -> None:
        """Record a quote's speaker: a later pronoun or unattributed quote may refer to it."""
        if att.speaker:
            self.last_in_para[self._para(pos)] = att
            at = att.span[0] if att.span else pos
            insort(self.mentions, (at, att.speaker, att.kind or "person", False))


_TRAILING_ADV = re.compile(r"\s+(?:initially|originally|previously|also|later|then|earlier|recently|publicly|"
                           r"privately|separately|jointly|repeatedly|reportedly|subsequently|finally|again)$")


def _desc(np: str) -> str:
    np = _TRAILING_ADV.sub("", _PREP_CUT.sub("", np))
    np = re.split(r"\s+(?:who|which|that)\b", np)[0]
    words = np.split()
    return " ".join([words[0].lower()] + words[1:])


def speaker_kind(speaker: str | None) -> str:
    """What a canonical speaker string is: "person" (a name), "org", "description" ("the letter") or "unknown"."""
    if not speaker:
        return "unknown"
    toks = speaker.split()
    if not toks[0][0].isupper() or toks[0] in ("The", "A", "An"):
        return "description"
    return "org" if _is_org(toks) else "person"


def _is_org(toks: list[str]) -> bool:
    return _is_org_cached(tuple(toks))


@lru_cache(maxsize=4096)
def _is_org_cached(toks: tuple[str, ...]) -> bool:
    return any(t.lower().strip(".") in _ORG for t in toks)


def _headline(par: str) -> bool:
    words = par.split()
    if len(words) < 4 or par.rstrip()[-1:] in ".!?\"”’":
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1] in "‘'“\"")
    return caps >= 0.7 * len(words)


def _np_left(s: str) -> tuple[str, int] | None:
    """The speaker phrase ending ``s`` (text before a verb), skipping appositives and relative clauses."""
    body = s.rstrip()
    body = re.sub(rf"[ \t]+{_ADV}$", "", " " + body)[1:] if re.search(r"\b(?:also|then|later|\w+ly)$", body) else body
    if re.search(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)$", body):
        return body.split()[-1], len(body) - len(body.split()[-1])
    rel = re.search(r"(?:,\s*|\s+)(?:who|which)$", body)
    if rel:
        which = body.endswith("which")
        body = body[:rel.start()].rstrip()
        things = list(_THING_RE.finditer(body)) if which else []
        if things:  # "which" stands for a thing: "… a letter signed by …, which called …"
            return things[-1].group(), things[-1].start()
    body = re.sub(r",\s*\d{1,3}$", "", body)  # "Mira Kovač, 29, a midwife …, said": the age is not the speaker
    if body.endswith(","):
        inner = body[:-1]
        k = inner.rfind(",")
        if k < 0:
            return _np_left(inner)
        seg = inner[k + 1:].strip()
        if re.fullmatch(_NAME, seg) and _clean_name(seg):
            return seg, inner.index(seg, k)
        return _np_left(inner[:k])
    who = re.search(r"\s+(?:who|which)\s[^,]*$", body)
    if who:
        body = body[:who.start()]
    m = _NAME_END.search(body)
    if m and _clean_name(m.group()):
        of = re.search(rf"(?P<n>{_NAME})[ \t]+of[ \t]+$", body[:m.start()])
        if of and len(toks := _clean_name(of.group("n"))) >= 2 and not _is_org(toks):
            return of.group("n"), of.start("n")  # "Nancy Pelosi of California": the person, not the place
        return m.group(), m.start()
    # The shortest description ending the text, extended over "of the …" ("the driver of the bus").
    dets = [d.start() for d in _DET_RE.finditer(body)]
    for k in range(len(dets) - 1, -1, -1):
        if re.fullmatch(_DESC, body[dets[k]:]):
            if k and re.fullmatch(rf"{_DESC}[ \t]+(?:of|for|at|from)[ \t]+", body[dets[k - 1]:dets[k]]):
                k -= 1
            return body[dets[k]:], dets[k]
    # "Her statement on Tuesday night read: …": the phrase before a trailing prepositional phrase.
    clause_at = body.rfind(",") + 1
    cut = _PREP_CUT.sub("", body[clause_at:]).strip()
    d = _DET_RE.search(cut + " ")
    if cut != body[clause_at:].strip() and d and re.fullmatch(_DESC, cut[d.start():]):
        return cut[d.start():], body.index(cut, clause_at) + d.start()
    return None
