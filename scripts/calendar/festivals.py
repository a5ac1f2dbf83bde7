#!/usr/bin/env python3
"""Writes tests/fixtures/calendar/festivals_2019_2100.csv: for each year, the Gregorian
dates of 春节 (正月初一), 清明, 端午 (五月初五) and 中秋 (八月十五), from the PyPI package
lunar-python (6tail's lunar, an implementation independent of the one dudao uses), so
the provisional calendar's lunar dates and solar term are checked against a second
source. Usage: pip install lunar-python==1.4.8; python3 scripts/calendar/festivals.py
"""
from pathlib import Path

from lunar_python import Lunar

out = ["year,spring_festival,qingming,dragon_boat,mid_autumn"]
for year in range(2019, 2101):
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    # The table of a lunar year spans two Gregorian years: take the 清明 of this one.
    if qingming.getYear() != year:
        qingming = Lunar.fromYmd(year, 6, 1).getJieQiTable()["清明"]
    days = [Lunar.fromYmd(year, m, d).getSolar().toYmd() for m, d in [(1, 1), (5, 5), (8, 15)]]
    out.append(f"{year},{days[0]},{qingming.toYmd()},{days[1]},{days[2]}")
path = Path(__file__).resolve().parents[2] / "tests/fixtures/calendar/festivals_2019_2100.csv"
path.write_text("\n".join(out) + "\n")
