"""Calendar rules that turn a matched date expression into a day, week, month or year.

Each resolution returns a human-readable reason ("Thursday → 2021-12-09 (the Thursday on/before publication
2021-12-10)") so that it can be shown and checked.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from ...text.lexicon import MONTH_NUMBERS as _MONTHS
from ...text.lexicon import WEEKDAYS
from .patterns import NUMBERS


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    mon = d - dt.timedelta(days=d.weekday())
    return mon, mon + dt.timedelta(days=6)


def _month(y: int, m: int) -> tuple[dt.date, dt.date]:
    while m < 1:
        y, m = y - 1, m + 12
    while m > 12:
        y, m = y + 1, m - 12
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _nearest_year(m: int, d: int, ref: dt.date, future: bool | None) -> dt.date | None:
    cands = [c for y in (ref.year - 1, ref.year, ref.year + 1) if (c := _safe_date(y, m, d))]
    if future is not None:  # None: either side, whichever is nearer ("an increase planned for Oct. 15")
        cands = [c for c in cands if (c >= ref if future else c <= ref)]
    return min(cands, key=lambda c: abs((c - ref).days)) if cands else None


@lru_cache(maxsize=1024)
def _dateparser(s: str) -> dt.date | None:
    # Only ever called on short numeric candidates ("12/09/2021"); dateparser is too slow for whole texts.
    import dateparser

    got = dateparser.parse(s, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return got.date() if got else None


Resolved = tuple[dt.date | None, str, tuple[dt.date, dt.date] | None, bool, str]


def _absolute(kind: str, m: re.Match[str], ref: dt.date | None, future: bool | None, hint: dt.date | None
              ) -> Resolved:
    """Resolve an absolute date; a missing year comes from the publication date (or the story's hint)."""
    expr = m.group().strip()
    if kind == "slash":
        d = _dateparser(m.group())
        return d, "day", None, False, f"{expr} → {d}" if d else f"{expr}: unparseable"
    if kind == "iso":
        d = _safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
        return d, "day", None, False, f"{expr} → {d}"
    mon = _MONTHS[m["mon"].lower()]
    year = m.groupdict().get("year")
    if kind == "month_year":
        a, b = _month(int(m["year"]), mon)
        return a, "month", (a, b), False, f"{expr} → {a:%Y-%m}"
    day = int(m["day"])
    if year:
        d = _safe_date(int(year), mon, day)
        note = ""
    else:
        base = ref or hint
        if base is None:
            return None, "day", None, False, f"{expr}: unresolved (no year, and the article has no publication date)"
        d = _nearest_year(mon, day, base, future)
        side = "on/after" if future else "on/before" if future is not None else "nearest to"
        note = (f" (year {d.year}: nearest {side} publication {ref})" if ref else
                f" (year {d.year} from the story date {hint}; the article is undated)") if d else ""
    if d is None:
        return None, "day", None, False, f"{expr}: no such date"
    wd = m.groupdict().get("wd")
    if wd and WEEKDAYS[d.weekday()] != wd.lower():
        note += f"; note {d} is a {WEEKDAYS[d.weekday()].title()}, not a {wd}"
    return d, "day", None, not year, f"{expr} → {d}{note}"


def _relative(kind: str, m: re.Match[str], ref: dt.date, future: bool) -> Resolved:
    """Resolve a relative expression against the publication date ``ref``."""
    expr = m.group().strip()
    g = m.groupdict()
    if kind == "weekday":
        wd = WEEKDAYS.index(g["wd"].lower())
        mod = (g.get("mod") or "").lower()
        back = (ref.weekday() - wd) % 7
        ahead = (wd - ref.weekday()) % 7
        future = future or g.get("prep") in ("until", "till")  # "shut until Friday": the end of a period ahead
        if mod == "last" or (mod != "next" and not future) or g.get("prep") == "since":
            d = ref - dt.timedelta(days=back or (7 if mod == "last" else 0))
            why = f"the {g['wd']} {'before' if mod == 'last' else 'on/before'} publication {ref}"
        else:
            d = ref + dt.timedelta(days=ahead or (7 if mod == "next" else 0))
            why = f"the {g['wd']} {'after' if mod == 'next' else 'on/after'} publication {ref}, future tense"
        return d, "day", None, True, f"{expr} → {d} ({why})"
    if kind == "deictic":
        w = g["w"].lower()
        shift = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "previous": -1, "tomorrow": 1}[w]
        d = ref + dt.timedelta(days=shift)
        return d, "day", None, True, f"{expr} → {d} (publication {ref} {shift:+d} day{'s' if abs(shift) != 1 else ''})"
    if kind == "ago":
        n = NUMBERS.get((g.get("n") or "").lower()) or (int(g["n"]) if (g.get("n") or "").isdigit() else 0)
        unit = g["unit"]
        if not n:
            return None, "day", None, True, f"{expr}: unresolved (vague interval)"
        if unit in ("day", "week"):
            d = ref - dt.timedelta(days=n * (7 if unit == "week" else 1))
            return d, "day", None, True, f"{expr} → {d} (publication {ref} minus {n} {unit}(s))"
        if unit == "month":
            a, b = _month(ref.year, ref.month - n)
            return a, "month", (a, b), True, f"{expr} → {a:%Y-%m} (publication {ref} minus {n} month(s))"
        a, b = dt.date(ref.year - n, 1, 1), dt.date(ref.year - n, 12, 31)
        return a, "year", (a, b), True, f"{expr} → {a.year}"
    if kind == "period":
        which = g["which"].lower()
        step = -1 if which.split()[-1] in ("last", "previous", "past") else int(which in ("next", "the following"))
        unit = g["unit"]
        if which == "the past":
            a, b = ref - dt.timedelta(days={"week": 7, "month": 30, "year": 365}[unit]), ref
        elif unit == "week":
            a, b = _week(ref + dt.timedelta(days=7 * step))
        elif unit == "month":
            a, b = _month(ref.year, ref.month + step)
        else:
            a, b = dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)
        return a, unit, (a, b), True, f"{expr} → {a} to {b} ({unit} of publication {ref} {step:+d})"
    if kind == "month":
        mon = _MONTHS[g["mon"].lower()]
        fut = future or g["prep"] in ("next", "until", "by")
        y = ref.year + (1 if fut and mon < ref.month else 0) - (1 if not fut and mon > ref.month else 0)
        if g["prep"] == "last" and mon >= ref.month:
            y = ref.year - 1
        a, b = _month(y, mon)
        side = "on/after" if fut else "on/before"
        return a, "month", (a, b), True, f"{expr} → {a:%Y-%m} (the {g['mon']} {side} publication {ref})"
    if kind == "ordinal":
        day = int(g["day"])
        cands = [c for k in (-1, 0, 1) if (c := _safe_date(*_month(ref.year, ref.month + k)[0].timetuple()[:2], day))]
        cands = [c for c in cands if (c >= ref if future else c <= ref)]
        if not cands:
            return None, "day", None, True, f"{expr}: no such day near publication {ref}"
        got = min(cands, key=lambda c: abs((c - ref).days))
        return got, "day", None, True, f"{expr} → {got} (nearest {'after' if future else 'before'} publication {ref})"
    return None, "day", None, True, f"{expr}: unresolved (vague)"
