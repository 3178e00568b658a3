"""Month and age arithmetic on calendar dates (no floating point, no time zones)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache


def month_index(year: int, month: int) -> int:
    """A month as one integer, so that month spans are plain subtraction."""
    return year * 12 + (month - 1)


def parse_year_month(text: str) -> int:
    """ "1998-07" -> month_index(1998, 7)."""
    year, month = text.split("-")
    return month_index(int(year), int(month))


def months_inclusive(first: int, last: int) -> int:
    """How many months from month `first` through month `last`, both included (0 if none)."""
    return max(0, last - first + 1)


def _days_in_month(year: int, month: int) -> int:
    # (the stdlib calendar module would import locale: a cost the browser pays at start-up)
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day that month lacks becomes its last day (29 Feb -> 28 Feb)."""
    index = month_index(day.year, day.month) + months
    year, month0 = divmod(index, 12)
    last_day = _days_in_month(year, month0 + 1)
    return date(year, month0 + 1, min(day.day, last_day))


def completed_months(birth: date, on: date) -> int:
    """Whole months of age reached on the date `on` (a birthday counts on the day itself; one on a
    day the month lacks, on its last day, as add_months has it)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month
    if min(birth.day, _days_in_month(on.year, on.month)) > on.day:
        months -= 1
    return months


def completed_years(birth: date, on: date) -> int:
    """周岁: whole years of age on the date `on`."""
    return completed_months(birth, on) // 12


def show_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@lru_cache(maxsize=4096)  # records-mode details show the same months again and again
def show_month(index: int) -> str:
    year, month0 = divmod(index, 12)
    return f"{year}年{month0 + 1}月"


class Month(int):
    """A month (month_index) as a trace's value: shown as 2017年1月, given as data as "2017-01"."""


class Age(int):
    """An age in months, as a trace's value: shown as 45周岁 or 45周岁3个月 (trace.py)."""


def show_age(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years}周岁{rest}个月" if rest else f"{years}周岁"
