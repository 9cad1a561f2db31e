"""CleanedPage -> ReportFacts: issuer, place and level, year covered, sections, timeliness.

Only the head (title, first lines) and the tail (signature) of a page are read for names and
dates, so the cost does not grow with the body; sections read the short heading lines.
Indicators come from `find_indicators` (streams/analysis/indicators.py).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from schemas import CleanedPage, IssuerKind, Level, Region, ReportFacts, Sections
from streams.analysis import _issuer, regions
from streams.analysis._script import halfwidth, has_traditional, has_wide_digits, to_simplified
from streams.analysis.dates import date_from_url, find_dates, parse_labeled_date
from streams.analysis.deadlines import deadline_for
from streams.analysis.indicators import find_indicators
from streams.analysis.regions import Evidence

_DATA_DIR = Path(__file__).parent / "data"
_SECTIONS = yaml.safe_load((_DATA_DIR / "extract_sections.yaml").read_text(encoding="utf-8"))
_HEADING_MARKER = re.compile(_SECTIONS["heading_marker"])
_HEADING_MAX = int(_SECTIONS["heading_max_chars"])
_SECTION_PATTERNS = {name: re.compile("|".join(f"(?:{p})" for p in patterns))
                     for name, patterns in _SECTIONS["sections"].items()}


_MAX_TEXT = 400_000            # longer inputs are cut: a report is never this long
_HEAD_LINES = 25
_TAIL_LINES = 30
_HEAD_CHARS = 2500

_YEAR = r"(?<![0-9])((?:19|20)\d{2})(?![0-9])"
# A year that ends a range ("2021-2025年") or starts one is a plan period, not the report year.
_YEAR_IN_TITLE = re.compile(_YEAR + r"\s*年(?:度)?(?!\s*[-—–~至])")
_RANGE_BEFORE = re.compile(r"[-—–~至]\s*$")
# The first year of a range ending where a title year starts (2021—|2022年): two years running are one
# report's period, which ends in the later (a plan's span, 2021-2025年, is no report's year).
_RANGE_START = re.compile(_YEAR + r"\s*年?度?\s*[-—–~至]\s*$")
# The year covered, stated in brackets after a title named for the year of publication:
# 2024年法治政府建设年度报告（2023年度）.
_BRACKETED_YEAR = re.compile(r"[（(]\s*" + _YEAR + r"\s*年度?\s*[)）]")
_LEAD_YEAR = re.compile(r"^\s*" + _YEAR + r"\s*年(?:度|以来|全年)?(?!\s*[-—–~至])")
_REPORT_LEAD_YEAR = re.compile(
    r"现(?:将|就|对)[^。]{0,30}?" + _YEAR + r"\s*年度?[^。]{0,30}?(?:报告|汇报|总结)")
# The next year's plan's heading, which ends in its plan word (四、2026年工作打算, …的主要安排,
# 下一步工作计划); not a heading of the year's work (一、2025年重点工作推进情况).
_PLAN_HEADING = re.compile(r"(?:下一步|下一?年度|计划|安排|打算|思路|重点工作|工作重点|努力方向)[:：]?$")
_HEADING_YEAR = re.compile(_YEAR + r"\s*年度?(?:推进|法治政府|法治建设|依法行政|工作|主要)")
_PUBLISHED_LABEL = re.compile(r"(?:发布|发文|成文|印发|公开)?(?:日期|时间)\s*[:：]?")
# A date in brackets closing a header line: "…情况报告 (2024-02-26)", "(2024年5月28日在…会议上)".
_BRACKETED_DATE = re.compile(
    r"[（(]\s*((?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r")[^()（）]{0,30}[)）]\s*$")
# An English translation: "…Law-based Government in 2023", "In 2023, the …".
_ENGLISH_YEAR = re.compile(r"(?:\b[Ii]n|\bfor|\bduring|\bof)\s+((?:19|20)\d{2})\b(?!\s*[-–])")
_HEADER_DATE_LINE = re.compile(r"^\s*[（(]\s*(?:19|20)\d{2}\s*年[^)）]{2,8}[)）]\s*$")
# A CMS stamp on a header line of its own (2023-03-31 17:05:00, 政策法规科 2023-12-29): the page's date.
# Numeric only: a signature date is written 2024年3月8日. The time may follow with no blank (a copy that
# lost its spaces: 2023-03-3117:05:00).
_HEADER_STAMP = re.compile(
    r"^[^\d。，,；;：:]{0,12}?\s*((?:19|20)\d{2}-\d{1,2}-\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
# A date on the line right under the title, alone, after the body's name or before the page's buttons
# (上海市人民政府关于…的报告 / 2018年3月30日　【打印本页】【关闭窗口】; an app's byline 闵行区人民政府
# 2026年03月27日): the page's date, in whatever format; a signature's is at the end.
_DATE_UNDER_TITLE = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{2,30}\s+)?((?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日))"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:[【\[][^】\]\n]{1,8}[】\]]\s*)*$")
# A literal every match of each holds: header lines without it skip the match (most lines).
_HEADER_DATE_LINE_NEEDS = "年"
_HEADER_STAMP_NEEDS = "-"


def extract(page: CleanedPage) -> ReportFacts:
    """Facts a report states about itself; empty facts for pages with nothing to read."""
    facts = _extract(page)
    facts.indicators = find_indicators(page.text)
    return facts


def extract_facts(page: CleanedPage) -> ReportFacts:
    """`extract` without indicators (for callers that only need metadata)."""
    return _extract(page)


def _lines(page: CleanedPage) -> list[str]:
    out: list[str] = []
    total = 0
    for paragraph in page.paragraphs:
        for line in paragraph.split("\n"):
            line = line.strip()
            if line:
                out.append(line)
        total += len(paragraph)
        if total > _MAX_TEXT:
            break
    return out


def _simplify(lines: list[str], title: str | None, source: str | None) -> tuple[list[str], str | None,
                                                                                   str | None]:
    sample = (title or "") + "".join(lines[:10])[:600]
    if has_wide_digits(sample):
        # 仓前街道２０２５年度…报告: the title, dates and years read in ASCII digits.
        lines = halfwidth("\n".join(lines)).split("\n")
        title = halfwidth(title) if title else None
    if not has_traditional(sample):
        return lines, title, source
    lines = [_issuer.PINYIN_GLOSS.sub("", line) for line in lines]
    joined = to_simplified("\n".join(lines)).split("\n")
    if len(joined) == len(lines):
        lines = joined
    return (lines, to_simplified(title) if title else None, to_simplified(source) if source else None)


def _extract(page: CleanedPage) -> ReportFacts:
    lines, title, source = _simplify(_lines(page), page.title, page.source)
    if not lines and not title:
        return ReportFacts(published=page.published or date_from_url(page.url))
    head = ([title] if title and (not lines or lines[0] != title) else []) + lines[:_HEAD_LINES]
    tail = lines[-_TAIL_LINES:]
    head_text = "\n".join(lines)[:_HEAD_CHARS]
    tail_text = "\n".join(tail)[-800:]
    # On a short page the tail is (part of) the head: its places are evidence once, not twice.
    body_chars = sum(map(len, lines)) + len(lines) - 1
    overlap = max(0, len(head_text) + len(tail_text) - body_chars) if body_chars > 0 else len(tail_text)
    evidence_tail = tail_text[overlap:]
    # The site's own name (青岛市人民政府网) and breadcrumb (首页 > 崂山区 > 政务公开) say where the page
    # lives: weaker than the title, stronger than one passing mention in the body (到永川区学习).
    site = to_simplified(" ".join(filter(None, (page.site_name, page.column))))
    evidence = Evidence.from_texts(
        [(title or "", 3.0), (source or "", 2.0), (head_text, 1.0), (evidence_tail, 1.0),
         (site, _SITE_WEIGHT)], page.url)
    # The site's place, from its name, else from the body that published the page (邵东市人民政府办公室).
    site_name = to_simplified(page.site_name) if page.site_name else None
    # A repost's account (琼海发布) or an outlet (来源: 宜宾发布) names the place its text calls 我市.
    evidence.add_account(site_name, _SITE_WEIGHT)
    if source and not _issuer.looks_like_org(source):
        evidence.add_account(source, _SITE_WEIGHT)
    dateline = _DATELINE.search(head_text)
    if dateline:
        evidence.add_account(dateline.group(1), _SITE_WEIGHT)     # 本报玛纳斯讯: where the report is from
    evidence.site_texts = tuple(filter(None, (site_name, source)))
    evidence.head_lines = tuple(head[:_OPENING_LINES])

    found = _issuer.find_issuer(head, tail, head_text, source, evidence)
    if found.region is None and _names_township_government(found):
        # A town the table lacks (泰达街道): its county is the site's, and names it.
        county = regions.resolve_relative(Level.county, evidence)
        if county.county and county.confidence >= 0.5:
            found.region = county
    elif (found.region is None or not found.region.prefecture) and _names_managed_area(found):
        # A 管理区 (屈原管理区, governed by its 管委会 as a county) the table lacks: in the site's city.
        city = regions.resolve_relative(Level.prefecture, evidence)
        if city.prefecture and city.confidence >= 0.5:
            found.region = city
    issuer = _issuer.qualified(found)
    region = issuer.region or Region()
    if not region.province and not _is_central(issuer):
        fallback = regions.resolve_relative(Level.province, evidence)
        if fallback.province:
            region = region.model_copy(update={"province": fallback.province})
    level = _level(issuer, region)

    url_date = date_from_url(page.url)
    shown = _header_date(head)
    # A date the page shows beats the CMS date in its address (they differ when a page is edited); a
    # 发布时间 label beats a date under the title even where the address agrees with the label.
    read_from_label = page.published_from == "label"
    published = (shown if shown and not read_from_label and page.published in (None, url_date)
                 else page.published) or url_date
    report_year = _report_year(head, title, published)
    sections = _sections(lines)
    deadline = on_time = None
    if report_year is not None:
        deadline = deadline_for(report_year, department=issuer.kind is IssuerKind.department)
        on_time = (published <= deadline) if published else None
    return ReportFacts(
        issuer=issuer.name,
        issuers=list(issuer.names),
        issuer_kind=issuer.kind,
        region=region,
        level=level,
        report_year=report_year,
        published=published,
        addressee=_addressee(head),
        sections=sections,
        deadline=deadline,
        on_time=on_time,
    )


_OPENING_LINES = 12     # as far as the issuer's opening sentence is looked for
_SITE_WEIGHT = 1.5      # the site's name as place evidence, against the title's 3 and the text's 1
# A newspaper's dateline (本报玛纳斯讯): the place its report comes from.
_DATELINE = re.compile(r"本报([\u4e00-\u9fff]{2,6}?)(?:电|讯)")


def _is_central(issuer: _issuer.Issuer) -> bool:
    """A 部/委 with no place in its name is a central body: no province (a zone's 管委会 or 局 is local, as
    is a body led by a place the table does not know by that name: 杜蒙县司法局)."""
    return bool(issuer.name and issuer.kind is IssuerKind.department and issuer.region is None
                and not _issuer.relative_prefix(issuer.name) and not _issuer.names_zone(issuer.name)
                and _LOCAL_LEAD.match(issuer.name) is None)


# A name led by a place and its level word (杜蒙县…, 某某市…; not 国家市场监督管理总局's 市场).
_LOCAL_LEAD = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:[县区州旗盟]|市(?!场))")


def _level(issuer: _issuer.Issuer, region: Region) -> Level | None:
    if issuer.rank is not None:
        return issuer.rank
    if _names_township_government(issuer):
        # 青田县青岭镇人民政府 with a town the table lacks: the region is the county's, the body a town's.
        return Level.township
    if _names_managed_area(issuer):
        return Level.county
    if issuer.region is not None and issuer.region.confidence > 0:
        own = regions.level_of(issuer.region)
        if own is not None:
            return own
    if issuer.level_hint is not None:
        return issuer.level_hint
    if issuer.name and issuer.kind in (IssuerKind.government, IssuerKind.party_and_government):
        name = issuer.names[-1] if issuer.names else issuer.name
        for suffix, level in (("县人民政府", Level.county), ("省人民政府", Level.province),
                              ("自治区人民政府", Level.province)):
            if name.endswith(suffix):
                return level
    return None


def _names_managed_area(issuer: _issuer.Issuer) -> bool:
    name = (issuer.names[-1] if issuer.names else issuer.name) or ""
    return issuer.kind is IssuerKind.government and _issuer.governs_managed_area(name)


def _names_township_government(issuer: _issuer.Issuer) -> bool:
    """A government whose place is a town's (X镇人民政府, X街道办事处), by the table's town suffixes."""
    if issuer.kind not in (IssuerKind.government, IssuerKind.party_and_government) or not issuer.name:
        return False
    name = issuer.names[-1] if issuer.names else issuer.name
    # A 办事处 that governs is a 街道's (郑州经济技术开发区潮河办事处: a zone's 街道 named without 街道).
    return name.endswith("办事处") or _issuer.without_government(name).endswith(regions.TOWNSHIP_SUFFIXES)


def _header_date(head: list[str]) -> date | None:
    """A publication date shown in the page header: after a 发布日期 label, or a (2024年1月31日) line."""
    for index, line in enumerate(head[:12]):
        # The label needs 日期 or 时间: the search (an optional prefix, so no literal to skip to) is skipped.
        label = _PUBLISHED_LABEL.search(line) if "日期" in line or "时间" in line else None
        if label:
            found = parse_labeled_date(line[label.end():label.end() + 40])
            if found:
                return found
        bracketed = _BRACKETED_DATE.search(line) if len(line) <= 120 else None
        if bracketed:
            found = find_dates(bracketed.group(1))
            if found:
                return found[0][0]
        if _HEADER_DATE_LINE_NEEDS in line and _HEADER_DATE_LINE.match(line):
            found = find_dates(line)
            if found:
                return found[0][0]
        stamp = _HEADER_STAMP.match(line) if _HEADER_STAMP_NEEDS in line else None
        # The anchored match fails at once on most lines: the title check comes after it.
        under = _DATE_UNDER_TITLE.match(line) if stamp is None and index else None
        if under is not None and _issuer.is_title(head[index - 1]):
            stamp = under
        if stamp:
            found = find_dates(stamp.group(1))
            if found:
                return found[0][0]
    return None


def _title_year(line: str) -> int | None:
    for match in _YEAR_IN_TITLE.finditer(line):
        if _RANGE_BEFORE.search(line[: match.start()]):
            start = _RANGE_START.search(line[: match.start()])
            if start is not None and int(start.group(1)) + 1 == int(match.group(1)):
                return int(match.group(1))
            continue
        return int(match.group(1))
    return None


def _report_year(head: list[str], title: str | None, published: date | None) -> int | None:
    titles = [line for line in ([title] if title else []) + head[:15] if line and _issuer.is_title(line)]
    for line in titles:
        bracketed = _BRACKETED_YEAR.search(line)
        if bracketed:
            return int(bracketed.group(1))
    for line in titles:
        year = _title_year(line)
        if year:
            if published is not None and year >= published.year:
                # A title named for the year of publication (绍兴市2026年法治政府建设年度报告, out in March
                # 2026) over a text that reports on the year before (现将2025年度…情况报告如下): that year.
                lead = _lead_report_year(head)
                if lead == year - 1:
                    return lead
            return year
    lead = _lead_report_year(head)
    if lead is not None:
        return lead
    # Under the next year's plan (四、2026年工作打算 / 2026年，浏阳市将…: an excerpt that begins late) a
    # year is the one after the report's.
    after = 0
    for line in head:
        match = _LEAD_YEAR.match(line)
        if match and len(line) > 15:
            return int(match.group(1)) - after
        if _HEADING_MARKER.match(line):
            if _PLAN_HEADING.search(line):
                after = 1
            match = _HEADING_YEAR.search(line)
            if match:
                return int(match.group(1)) - after
    for line in ([title] if title else []) + head[:6]:
        english = _ENGLISH_YEAR.search(line) if line and line.isascii() else None
        if english:
            return int(english.group(1))
    if published is not None:
        # Reports come out after the year they cover; one dated late in a year covers that year.
        return published.year - 1 if published.month <= 6 else published.year
    return None


def _lead_report_year(head: list[str]) -> int | None:
    """The year the text's report opening (现将2025年度法治政府建设情况报告如下) or a republication's lead
    (…发布2025年度…报告) names."""
    for line in head:
        match = _REPORT_LEAD_YEAR.search(line)
        if match:
            return int(match.group(1))
        released = _issuer.RELEASE_LEAD.search(line)
        if released:
            return int(released.group("year"))
    return None


def _addressee(head: list[str]) -> str | None:
    for line in head[:15]:
        stripped = line.strip()
        if 2 <= len(stripped) <= 30 and stripped[-1] in "：:" and not _issuer.NOT_ISSUER.search(stripped):
            body = stripped[:-1]
            if re.search(r"(?:政府|委|党委|工委|局|厅|办)$|、", body) and "如下" not in body:
                return body
    return None


_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def _sections(lines: list[str]) -> Sections:
    found: dict[str, bool] = {}
    topical_headings = 0
    for line in lines:
        if _TOP_HEADING.match(line) and not any(
                p.search(line[:_HEADING_MAX]) for p in _SECTION_PATTERNS.values()):
            topical_headings += 1     # "一、完善工作机制…": a topic of the measures part
    if topical_headings >= 2:
        found["measures"] = True
    for line in lines:
        if len(line) > _HEADING_MAX:
            heading = line[:_HEADING_MAX] if _HEADING_MARKER.match(line) else ""
            heading = heading.split("。")[0]
        elif _HEADING_MARKER.match(line) or not line.endswith(("。", "；", ";")):
            heading = line
        else:
            heading = ""
        if not heading:
            continue
        for name, pattern in _SECTION_PATTERNS.items():
            if not found.get(name) and pattern.search(heading):
                found[name] = True
    return Sections(**found)
