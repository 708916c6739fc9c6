#!/usr/bin/env python3
"""Extract the State Council holiday notices (2004-2026) from the `chinesecalendar` wheel.

Writes crates/domain/data/cn_calendar.tsv, the table embedded by the domain crate's
`HolidayCalendar` (rule D2). Standard library only. The wheel's module is never
imported: `chinese_calendar/constants.py` is parsed with `ast`, so nothing from the
download is executed.

Usage (from the repository root):
    python3 tools/calendar/extract_calendar.py WHEEL [--out PATH] [--upstream-data data.py]

See tools/calendar/README.md.
"""

import argparse
import ast
import datetime
import re
import sys
import zipfile
from pathlib import Path

PACKAGE = "chinesecalendar"
UPSTREAM = "https://github.com/LKI/chinese-calendar"
CONSTANTS = "chinese_calendar/constants.py"

# The wheel holds dates and holiday names but not the notice URLs: upstream keeps those in
# the docstrings of `chinese_calendar/scripts/data.py` (one `_YYYY` method per year), which
# is not shipped. This table is transcribed from that file (LKI/chinese-calendar, commit
# da319f797ceba4255f0f0206537362acd7170038, MIT). 2026 is missing there and was taken from
# the State Council site (国办发明电〔2025〕7号). `--upstream-data` re-checks the table
# against a checkout of data.py.
NOTICE_URLS = {
    2004: "https://zh.wikisource.org/zh-hans/国务院办公厅关于2004年部分节假日安排的通知",
    2005: "https://zhidao.baidu.com/question/2299098.html",
    2006: "http://www.gov.cn/jrzg/2005-12/22/content_133837.htm",
    2007: "http://www.gov.cn/fwxx/sh/2006-12/18/content_471877.htm",
    2008: "http://www.gov.cn/zwgk/2007-12/18/content_837184.htm",
    2009: "http://www.gov.cn/zwgk/2008-12/10/content_1174014.htm",
    2010: "http://www.gov.cn/zwgk/2009-12/08/content_1482691.htm",
    2011: "http://www.gov.cn/zwgk/2010-12/10/content_1762643.htm",
    2012: "http://www.gov.cn/zwgk/2011-12/06/content_2012097.htm",
    2013: "http://www.gov.cn/zwgk/2012-12/10/content_2286598.htm",
    2014: "http://www.gov.cn/zwgk/2013-12/11/content_2546204.htm",
    2015: "http://www.gov.cn/zhengce/content/2014-12/16/content_9302.htm",
    2016: "http://www.gov.cn/zhengce/content/2015-12/10/content_10394.htm",
    2017: "http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm",
    2018: "http://www.gov.cn/zhengce/content/2017-11/30/content_5243579.htm",
    2019: "http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm",
    2020: "http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm",
    2021: "http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm",
    2022: "http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm",
    2023: "http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm",
    2024: "https://www.gov.cn/zhengce/content/202310/content_6911527.htm",
    2025: "https://www.gov.cn/zhengce/content/202411/content_6986382.htm",
    2026: "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
}

# Later, ad-hoc notices that changed part of a year (D2 names two of them). Keyed by
# (year, holiday enum member); `since` limits the notice to dates on or after it.
AD_HOC_NOTICES = [
    # 抗战胜利70周年纪念日: 9月3日至5日放假调休, 9月6日(星期日)上班.
    (2015, "anti_fascist_70th_day", None, "http://www.gov.cn/zhengce/content/2015-05/13/content_9742.htm"),
    # 2019 劳动节 adjusted to 5月1日至4日, with 4月28日 and 5月5日 worked.
    (2019, "labour_day", None, "http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm"),
    # 2020 春节 extended to 2月2日 (epidemic); 2月1日 was no longer a working Saturday.
    (2020, "spring_festival", datetime.date(2020, 1, 31), "http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm"),
]

YEARS = range(2004, 2027)


def load_constants(wheel):
    """Return (version, licence, holidays, workdays, names) parsed from the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read(CONSTANTS).decode("utf-8")
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = zf.read(meta_name).decode("utf-8")
    version = re.search(r"^Version: (.+)$", meta, re.M).group(1).strip()
    licence = re.search(r"^License: (.+)$", meta, re.M).group(1).strip()

    tree = ast.parse(source)
    names = {}  # enum member -> (english, chinese)
    tables = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Holiday":
            for item in node.body:
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Tuple):
                    member = item.targets[0].id
                    english, chinese, _days = ast.literal_eval(item.value)
                    names[member] = (english, chinese)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            target = node.targets[0].id
            tables[target] = {parse_date(k): parse_member(v) for k, v in zip(node.value.keys, node.value.values)}
    return version, licence, tables["holidays"], tables["workdays"], names


def parse_date(node):
    """`datetime.date(year=Y, month=M, day=D)` -> datetime.date."""
    if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "datetime.date"):
        raise ValueError("unexpected key: " + ast.unparse(node))
    kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords}
    return datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])


def parse_member(node):
    """`Holiday.spring_festival.value` -> "spring_festival"."""
    text = ast.unparse(node)
    match = re.fullmatch(r"Holiday\.(\w+)\.value", text)
    if not match:
        raise ValueError("unexpected value: " + text)
    return match.group(1)


def notice_url(date, member):
    for year, holiday, since, url in AD_HOC_NOTICES:
        if date.year == year and member == holiday and (since is None or date >= since):
            return url
    return NOTICE_URLS[date.year]


def check_upstream(path):
    """Compare NOTICE_URLS/AD_HOC_NOTICES with the URLs in upstream scripts/data.py."""
    text = Path(path).read_text(encoding="utf-8")
    problems = []
    for match in re.finditer(r'def _(\d{4})\(self\):\s*"""(.*?)"""', text, re.S):
        year = int(match.group(1))
        urls = re.findall(r"https?://\S+", match.group(2))
        ours = [NOTICE_URLS.get(year)] + [a[3] for a in AD_HOC_NOTICES if a[0] == year]
        if urls != ours:
            problems.append("{}: upstream {} / ours {}".format(year, urls, ours))
    return problems


def validate(holidays, workdays):
    """Fail loudly on anything the Rust parser would reject or D2 depends on."""
    errors = []
    for date in sorted(set(holidays) & set(workdays)):
        errors.append("{} is both holiday and workday".format(date))
    for date in sorted(workdays):
        if date.weekday() < 5:
            errors.append("make-up workday {} is not a Saturday or Sunday".format(date))
    years = {d.year for d in holidays} | {d.year for d in workdays}
    if years != set(YEARS):
        errors.append("years covered {} != {}-{}".format(sorted(years), YEARS[0], YEARS[-1]))
    # The two ad-hoc changes named in D2.
    for y, m, d in [(2015, 9, 3), (2015, 9, 4), (2020, 1, 31), (2020, 2, 1), (2020, 2, 2)]:
        if datetime.date(y, m, d) not in holidays:
            errors.append("{}-{:02}-{:02} should be a holiday".format(y, m, d))
    if datetime.date(2015, 9, 6) not in workdays:
        errors.append("2015-09-06 should be a make-up workday")
    if datetime.date(2020, 2, 1) in workdays:
        errors.append("2020-02-01 should no longer be a workday")
    return errors


def render(version, licence, holidays, workdays, names):
    lines = [
        "# Jiekang working-day calendar (rule D2): State Council holiday notices, one line per special date.",
        "# Generated by tools/calendar/extract_calendar.py - do not edit by hand; administrators add",
        "# corrections and new years at run time (`jiekang calendar import`), which replace a whole year.",
        "# Source: PyPI package {} {} ({}), {} licence, Copyright (c) 2017 Lirian Su;".format(
            PACKAGE, version, UPSTREAM, licence.replace(" License", "")
        ),
        "#   licence text in LICENSE-chinesecalendar.txt beside this file. Notice URLs: upstream",
        "#   chinese_calendar/scripts/data.py (2004-2025), www.gov.cn (2026).",
        "# Columns: date<TAB>holiday|workday<TAB>holiday name (English / 中文)<TAB>notice URL",
        "#   holiday = a day off inside an announced holiday block, exactly as the notice spans it",
        "#             (weekend days inside a block are listed; they are days off either way);",
        "#   workday = a 调休 make-up working day (always a Saturday or Sunday).",
        "# A date appears once; its year is the calendar year of the date (a New Year block that",
        "# starts on Dec 30 is listed under the earlier year).",
        "#years {}-{}".format(YEARS[0], YEARS[-1]),
    ]
    entries = [(d, "holiday", m) for d, m in holidays.items()] + [(d, "workday", m) for d, m in workdays.items()]
    for date, kind, member in sorted(entries):
        english, chinese = names[member]
        lines.append("\t".join([date.isoformat(), kind, "{} / {}".format(english, chinese), notice_url(date, member)]))
    return "\n".join(lines) + "\n"


def main():
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", help="chinesecalendar-*.whl (pip download --no-deps chinesecalendar)")
    parser.add_argument("--out", default=str(root / "crates/domain/data/cn_calendar.tsv"))
    parser.add_argument("--upstream-data", help="upstream chinese_calendar/scripts/data.py to cross-check URLs")
    args = parser.parse_args()

    version, licence, holidays, workdays, names = load_constants(args.wheel)
    errors = validate(holidays, workdays)
    if args.upstream_data:
        errors += ["URL mismatch " + p for p in check_upstream(args.upstream_data)]
    if errors:
        for error in errors:
            print("error: " + error, file=sys.stderr)
        return 1
    Path(args.out).write_text(render(version, licence, holidays, workdays, names), encoding="utf-8")
    print(
        "wrote {}: {} holidays, {} make-up workdays, years {}-{} ({} {})".format(
            args.out, len(holidays), len(workdays), YEARS[0], YEARS[-1], PACKAGE, version
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
