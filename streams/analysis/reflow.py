"""Give back the line breaks that document sites and copy-paste lost.

Some copies of a report arrive as one run of text: title, addressee, headings and paragraphs glued
together ("…情况的报告2023年,我县坚持…一、主要举措(一)…"). Titles, openings and the mandated
headings are read line by line, so such a paragraph is split again: before numbered headings that
follow the end of a sentence, after "如下:", between a title and the year that opens the body, and
after each full stop. Only paragraphs of 100 characters or more with a glued heading are touched: a normal
page passes through unchanged (one regex search per long paragraph).
"""

from __future__ import annotations

import re
from itertools import islice

from schemas import CleanedPage

# Shorter paragraphs are ordinary paragraphs, whatever they contain. A glued title, opening and first
# heading take about 100 characters: an excerpt cut that short is still split (200 left it whole).
MIN_CHARS = 100
MIN_GLUED_HEADINGS = 1

_CN = "一二三四五六七八九十"
# Header labels that start a metadata run glued after the title.
_LABELS = "来源|信息来源|发布时间|发布日期|时间|日期|索引号|发文机关|发文日期|字号|浏览次数|作者|编辑|审核"
# Chinese-numbered headings (一、 / (一)) never stand inside a sentence: inside a paragraph they are
# glued. Arabic ones (1.) only count after the end of a sentence (they also number list items).
_CN_HEADING = rf"(?<![{_CN}第])(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）])"
_ARABIC_HEADING = r"[0-9]{1,2}[.．、](?![0-9])"
# The glued headings, (?<=\S){_CN_HEADING}, found by the character that ends each ('、', ')', '）') with
# the rest as lookbehinds, one pattern per end: led by a literal, re skips through a long paragraph to
# that character (a class of first characters was tested at every place; the numerals are common). A
# heading's numeral run is 1-3 long and maximal, after a character that is neither blank, numeral nor 第.
_NOT_BEFORE_HEADING = rf"[^{_CN}第\s]"
_GLUED_HEADING_ENDS = tuple(
    re.compile(re.escape(end) + "(?:" + "|".join(
        rf"(?<={_NOT_BEFORE_HEADING}{opening}[{_CN}]{{{length}}}{re.escape(end)})" for length in (1, 2, 3))
        + ")")
    for end, opening in (("、", ""), (")", "[（(]"), ("）", "[（(]")))
# Each break is zero-width assertions at one place; where an alternative has both, the one that fails at
# most places (a year, a heading, a label ahead) comes first, as re tries them all at every character.
_BREAKS = re.compile(
    rf"(?<=[。！？；;!?])(?=\S)"                                    # after a sentence
    rf"|(?<=如下[:：。])"                                            # after the report lead
    rf"|(?={_CN_HEADING})(?<=\S)"                                   # before a glued heading
    rf"|(?<=[:：])(?={_ARABIC_HEADING})"                              # 1. after a colon
    # title | addressee: (not the lead's own 报告如下:)
    rf"|(?<=报告|情况|总结|汇报)(?=(?:(?!如下)[^\n,，。]){{0,30}}[:：](?:19|20)[0-9]{{2}}年)"
    rf"|(?<=[:：])(?=(?:19|20)[0-9]{{2}}年度?[,，])"                   # addressee: | 2023年,
    # page chrome (字号: 大 中 小, 【打印】) | 2023年,
    rf"|(?=\s*(?:19|20)[0-9]{{2}}年度?[,，])(?:(?<=中小)|(?<=中 小)|(?<=】))"
    rf"|(?=(?:19|20)[0-9]{{2}}年度?[,，是])(?:(?<=报告|情况|总结|汇报)|(?<=[)）]))"  # title | 2023年,
    rf"|(?=(?:19|20)[0-9]{{2}}年)(?<=[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})"   # 2024-02-28 | 2023年
    # A CMS stamp glued between title and body: …报告 | 2023-03-31 17:05:00 | 来源 / 2022年,…
    rf"|(?=\s*(?:19|20)[0-9]{{2}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9]))(?<=[\u4e00-\u9fff])"
    rf"|(?<=[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?=\s*[\u4e00-\u9fff])"
    rf"|(?<=[0-9]{{2}}:[0-9]{{2}})(?=\s*[\u4e00-\u9fff])"
    rf"|(?=(?:{_LABELS})[:：])(?<=\S)(?<![布文息期])"                    # …报告 | 来源: …
    # A report delivered at a meeting: …的报告 | (2024年5月28日在…会议上) | 市人大常委会: …
    rf"|(?=[（(](?:19|20)[0-9]{{2}}年[0-9]{{1,2}}月[0-9]{{1,2}}日在)(?<=[\u4e00-\u9fff》])"
    rf"|(?<=会议上[)）])(?=\S)|(?<=大会上[)）])(?=\S)"
)
# A heading glued to the year opening under it (一、主要工作举措及成效2023年,在…): the heading holds
# no punctuation, the opening starts with the year and a comma.
_HEADING_THEN_YEAR = re.compile(
    rf"((?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）])[^。，,：:；;（()）]{{2,30}}?)((?:19|20)[0-9]{{2}}年度?[，,])")
# A report title near the top of a glued run (after breadcrumbs or a column tag, before metadata). The
# year is the one its topic follows: a date before it (a signature's 2024年3月8日) is not in the title.
_TITLE_RUN = re.compile(
    r"[^。,，:：\s>|】\]]{2,40}?(?P<year>(?:19|20)[0-9]{2}年)度?[^。,，:：\s日]{0,24}?"
    r"(?:法治政府建设|依法行政|法治建设)"
    r"[^。,，:：\s]{0,24}?(?:报告|总结|汇报|情况(?:的?(?:报告|汇报))?)")
_FULL_DATE = re.compile(r"(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日")
_PARTY_BEFORE = re.compile(r"中共[^\s、,，。]{2,12}委[\s、]*$")
_TITLE_REACH = 300
# A run right after a comma, a preposition or a self-reference's 我/本 (现结合我街道2022年…情况) is
# inside a sentence, not a title.
_IN_SENTENCE = frozenset("，,、对在将就把向从为我本")
# A lead sentence ("现将我街道2022年…情况报告如下") or a notice is not the title.
_NOT_TITLE = re.compile(r"现(?:[将就对]|结合|根据|按照)|呈送|如下|印发|通知|要点|方案")
# A run that goes on to a notice's ending (关于报送…年度报告的通知, …报告工作的通知, …公开情况的通报) is a
# notice's title: cut whole, or the report's words alone would stand as the title and the notice word
# open the next line.
_NOTICE_ENDING = re.compile(r"[^。,，:：\s]{0,8}?的(?:通知|通报|公告|公示|函|意见|批复)")


# Headings after a blank (…如下： 一、主要举措和成效 （一）…): a copy that turned its line breaks into spaces
# (news and document sites). Two of them make a paragraph glued text; one may be a list in a sentence.
_SPACED_HEADING = re.compile(rf"(?<=[ \u3000])(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）])")
_MIN_SPACED_HEADINGS = 2


def _is_glued(paragraph: str) -> bool:
    if _has_glued_headings(paragraph, MIN_GLUED_HEADINGS):
        return True
    if " " not in paragraph and "\u3000" not in paragraph:
        return False
    spaced = islice(_SPACED_HEADING.finditer(paragraph), _MIN_SPACED_HEADINGS)
    return sum(1 for _ in spaced) >= _MIN_SPACED_HEADINGS


def reflow_text(paragraph: str) -> list[str]:
    """`paragraph` split into lines when it is glued text, else [paragraph]."""
    if len(paragraph) < MIN_CHARS or not _is_glued(paragraph):
        return [paragraph]
    pieces = [paragraph]
    for title in _TITLE_RUN.finditer(paragraph, 0, _TITLE_REACH):
        if _NOT_TITLE.search(title.group()) or _cited(paragraph, title.end()):
            continue
        start = _title_start(paragraph, title.start(), title.start("year"))
        if start and paragraph[start - 1] in _IN_SENTENCE:
            continue            # …委托，…对禄丰市2022年度法治政府建设情况开展评估: inside a sentence
        notice = _NOTICE_ENDING.match(paragraph, title.end())
        end = notice.end() if notice else title.end()
        pieces = [paragraph[:start], paragraph[start:end], paragraph[end:]]
        break
    parts = [part.strip() for piece in pieces for part in _BREAKS.split(piece) if part.strip()]
    return [line for part in parts for line in _heading_apart(part)]


def _heading_apart(line: str) -> list[str]:
    """A glued heading and the year opening under it as two lines; other lines as they are."""
    glued = _HEADING_THEN_YEAR.match(line)
    return [line] if glued is None else [glued.group(1), line[glued.start(2):]]


def _has_glued_headings(text: str, count: int) -> bool:
    """Does `text` hold at least `count` glued headings? (stops there: findall would read on)"""
    found = 0
    for pattern in _GLUED_HEADING_ENDS:
        if found >= count:
            break
        found += sum(1 for _ in islice(pattern.finditer(text), count - found))
    return found >= count


def _cited(text: str, position: int) -> bool:
    """Is `position` inside a 《…》 or “…” citation (根据《…关于做好2024年法治政府建设情况年度报告工作的
    通知》, 常务会议“关于2023年度法治建设工作情况的汇报”议题)?"""
    return (text.count("《", 0, position) > text.count("》", 0, position)
            or text.count("“", 0, position) > text.count("”", 0, position))


def _title_start(text: str, start: int, year: int) -> int:
    """Where the title begins inside a glued run: at the place chain that names its issuer.

    Chrome glued before the title ("正文", "部门信息", a repeated org line) has no separator to cut
    at; the issuer's name chain (重庆市开州区铁桥镇…) is where the title starts. Without a place name
    before the year, the run is kept as found (with a party name right before it).
    """
    from streams.analysis import regions  # the table loads on first use

    # A full date before the title's year (a signature's 2024年3月8日) ends what came before the title.
    dates = list(_FULL_DATE.finditer(text, start, year))
    if dates:
        start = dates[-1].end()
    head = text[start:year]
    mentions = regions.find_places(head)
    begin = start
    if mentions:
        index = len(mentions) - 1
        while index > 0 and mentions[index - 1].end == mentions[index].start:
            index -= 1                  # walk back over an adjacent chain: 重庆市 开州区 铁桥镇
        begin = start + mentions[index].start
    # The party half of a joint title may sit before the run, across a blank (中共X市委 X市人民政府…).
    party = _PARTY_BEFORE.search(text, max(0, begin - 16), begin)
    return party.start() if party else begin


def reflow(page: CleanedPage) -> CleanedPage:
    """The page with glued paragraphs split; the same object when nothing is glued."""
    paragraphs = page.paragraphs
    if not any(len(p) >= MIN_CHARS for p in paragraphs):
        return page
    out: list[str] = []
    changed = False
    for paragraph in paragraphs:
        parts = reflow_text(paragraph)
        changed = changed or len(parts) > 1
        out.extend(parts)
    if not changed:
        return page
    title = page.title
    if title and len(title) > 90 and out:
        title = None    # the cleaner took the glued run for a title; the first line is the real one
    return page.model_copy(update={"paragraphs": out, "title": title})
