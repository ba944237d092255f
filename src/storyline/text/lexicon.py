"""Shared word lists: calendar names, stopwords and function words, honorifics and titles (one copy each).

Lists that differ on purpose (each tuned to the stage that uses it) are kept as named variants derived
from one base where that is readable, so that the differences can be seen here rather than found by
comparing modules. Every list is lower-case unless its docstring says otherwise. Changing a list changes
output: the golden report digests (``tests/golden/fingerprint.py``) guard them.
"""

from __future__ import annotations

import calendar


def word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` as a frozenset (lists are written as one string)."""
    return frozenset(words.split())


# --- calendar ---------------------------------------------------------------------------------------------

#: Weekday names in calendar order (``WEEKDAYS[d.weekday()]``).
WEEKDAYS: tuple[str, ...] = tuple(d.lower() for d in calendar.day_name)
#: The weekday names as a set.
WEEKDAY_WORDS: frozenset[str] = frozenset(WEEKDAYS)
#: Month names in calendar order (``MONTHS[m - 1]``).
MONTHS: tuple[str, ...] = tuple(m.lower() for m in calendar.month_name if m)
#: Month name or abbreviation ("jan", "sept", "september") → month number.
MONTH_NUMBERS: dict[str, int] = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
#: Every word that names a month: full names and abbreviations.
MONTH_WORDS: frozenset[str] = frozenset(MONTH_NUMBERS)
#: Full weekday and month names (bylines: a capitalised word that is a date, never an author).
DAY_AND_MONTH_NAMES: frozenset[str] = WEEKDAY_WORDS | frozenset(MONTHS)


# --- stopwords --------------------------------------------------------------------------------------------

#: The base English stopword list (the NLTK list without its contraction fragments).
ENGLISH_STOPWORDS: frozenset[str] = word_set("""
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just may me might more most my
    myself no nor not of off on once only or other our ours ourselves out over own per same she should so some
    such than that the their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your yours yourself
    yourselves""")

#: Stopwords of word-level similarity (``text.lexsim``, reuse alignment, summary units): the base plus
#: conjunctions, modals, prepositions and the tokenizer's contraction fragments ("don", "s", "t").
STOPWORDS: frozenset[str] = ENGLISH_STOPWORDS | word_set("""although among cannot don must onto s shall t though
    upon via whether within without yet""")

#: Stopwords of story features (``stories.features``): the base plus words every news story has (reporting
#: verbs, numbers, dates, time words), which say nothing about which event a story is about.
TOPIC_STOPWORDS: frozenset[str] = ENGLISH_STOPWORDS | WEEKDAY_WORDS | MONTH_WORDS | word_set("""
    like new say says said year years told time get got week mr mrs ms first still even much many well back
    way make made last now one two three four five six seven eight nine ten hundred thousand million billion
    percent cent us today yesterday tomorrow tonight morning evening night day days month months ago""")

#: Function words whose swap or loss alone leaves a quotation's meaning (``claims.quote_variants``): articles,
#: conjunctions, prepositions, pronouns, forms of "be", "do", "have". Modal verbs and negations are not
#: among them: "will" for "would" or a dropped "not" changes what was said.
FUNCTION_WORDS: frozenset[str] = word_set("""a an the and or but if so of in on at to for from by with as it its
    they them their he she his her him we us our you your i me my this that these those is are was were be been
    being do does did have has had""")

#: Modal verbs and negations.
MODALS_AND_NEGATIONS: frozenset[str] = word_set("will would can could shall should may might must not no n't")

#: Words that alone never make a change between aligned passages a factual one (``claims.aligned``): a changed
#: modal or negation there is a rewording the quote checks judge, not a changed fact.
FUNCTION_WORDS_WITH_MODALS: frozenset[str] = FUNCTION_WORDS | MODALS_AND_NEGATIONS

#: Prepositions (``claims.dates`` event labels: a noun after one is not the subject of a clause).
PREPOSITIONS: frozenset[str] = word_set("""of in on at by for from with to into onto over under after before during
    since until about as than per via between across near through behind beside among around along against
    without within towards""")

#: Words skipped when reading a date's clause for its event label (``claims.dates``): prepositions,
#: determiners, pronouns, conjunctions and particles, but not verbs (auxiliaries are their own list there).
CLAUSE_STOPWORDS: frozenset[str] = PREPOSITIONS | word_set("""a an the this that these those his her its their our
    my your he she it they we i you him them us me and or but nor so yet if when while where which who whom whose
    what there here also then just only still even not no very more most some any all each every both such other
    another same own up out off down away back""")

#: Words around a number that say nothing about what it counts (``claims.numbers`` context): function words,
#: auxiliaries, reporting verbs and the time-of-day markers left over from times ("a.m").
NUMBER_CONTEXT_STOPWORDS: frozenset[str] = word_set("""the a an of in on at to for from by with were was are is be
    been being have has had who which that than as per each their his her its our and or but after before during
    since while when this these those into onto over under about between among more less also all only just
    still some any no not it they them he she we you i there here what where how why whose whom if then so such
    very too up down out off away back will would could should may might must can do does did said says told
    a.m p.m am pm""")

#: Words that end a speaker description in an attribution ("the crew members who …", "the letter said"):
#: pronouns, conjunctions, relatives, reporting verbs, auxiliaries and prepositions (``claims.quotes``).
DESCRIPTION_STOPWORDS: frozenset[str] = word_set("""he she they it we i you and or but who which that said says
    told was were is are has had have would will could to of in on at by for with as also then not what when
    while if""")


# --- honorifics and titles --------------------------------------------------------------------------------

#: Honorifics and titles that come before a person's name ("Mayor", "Dr", "Councillor-elect"), without dots.
TITLES: frozenset[str] = word_set("""mr mrs ms miss mx dr prof sir dame lord lady rev fr sen senator rep gov governor
    gen general col colonel capt captain lt sgt sergeant det detective insp inspector supt superintendent cllr
    councillor president mayor judge justice officer minister secretary chancellor king queen prince princess pope
    bishop archbishop professor commissioner constable premier sheriff ambassador councillor-elect mayor-elect
    president-elect mp mep msp""")

#: Words stripped from the front of a quoted speaker's name (``claims.quotes``): the titles (also written with
#: a dot), role nouns and modifiers ("Fire Chief", "Headteacher", "Former"). Some titles ("King", "Pope",
#: "Bishop", "Cllr") were never in this list; adding them would change the speakers found, so they stay out.
SPEAKER_TITLES: frozenset[str] = (TITLES - word_set("""ambassador archbishop bishop chancellor cllr fr insp king
    mayor-elect pope premier president-elect prince princess queen sheriff""")) | word_set("""dr. mr. mrs. ms.
    prof. supt. det. sgt. capt. sen. rep. gov. gen. col. lt. rev. reverend lieutenant representative councilor vice
    prime fire chief deputy director chairman chairwoman chair ceo chief-executive executive actor actress producer
    singer star police spokesman spokeswoman spokesperson headteacher driver station commander striker manager
    organiser organizer campaigner stallholder passenger resident owner leader speaker local father mps mla coach
    former acting interim""")

#: Capitalised title words stripped before a person's name in summary units (``summarize.units``); case
#: matters ("Union" as a title word, "union" in "union secretary"), and it holds U.S. political words
#: ("Democratic", "Homeland") that make a summary's subject a title rather than a name.
NAME_TITLE_WORDS: frozenset[str] = word_set("""President Vice Sen Senator Sens Rep Reps Representative Gov Governor
    Secretary Treasury State Defense Homeland Speaker House Chief Justice Judge Mayor Attorney General Gen Lt Col Sgt
    Dr Mr Mrs Ms Prof Rev Prime Minister Democratic Republican Democrat Congressman Congresswoman Former Ambassador
    Director Adviser Advisor Leader Majority Minority Pope King Queen Prince Princess Sheriff Officer Detective
    Professor Commissioner Chairman Chairwoman Chair President-elect Senator-elect First Lady Deputy Assistant
    Special Counsel Press Supreme Associate Retired Sir Dame Lord Lady Coach Captain Capt Adm Admiral Commander Cmdr
    Maj Major Cpl Pvt Agent Union union secretary""")


# --- page furniture ---------------------------------------------------------------------------------------

#: A web page's call to action, not the story's news ("Click here for …", "Sign up for our daily
#: newsletter", "Subscribe now"): a sentence holding one is neither a summary sentence nor a timeline event.
PROMO_PATTERN: str = (r"\b(?:click here|subscribe (?:now|today|to (?:our|the))|sign up\b[^.!?\n]{0,60}?\bnewsletter"
                      r"|get (?:the|our) (?:free )?(?:daily |weekly )?newsletter)\b")
