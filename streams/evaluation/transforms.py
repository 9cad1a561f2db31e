"""Transformed copies of labeled corpus items, one transform per error class of unseen pages.

Used by `bench/robustness.py` (and the stress columns of `bench/quality.py`). Each transform takes
a labeled item and returns a changed copy with its expected label, or None when the transform
does not apply to that item. The expected label follows from the original label by the rule the
transform states in its `rule`; it is never computed by running the analysis. A field set to None
in the expected label is not scored (`streams.evaluation.scoring` skips None fields).

The transforms mirror the error classes of issue 11: excerpts without a title, document-site text
without line breaks, traditional-character mirrors (and all three at once), 范文 with the place
masked, the place only in the host, informal issuer names, the publication date in another format or
only in the address, a government's report posted by its 司法局, and meeting news about a report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from schemas import Level
from streams.analysis import regions
from streams.evaluation.scoring import FIELDS

Item = dict
Apply = Callable[[Item, int], "Item | None"]

_NOT_REPORT_FIELDS = dict.fromkeys(FIELDS) | {"indicators": []}


@dataclass(frozen=True, slots=True)
class Transform:
    name: str
    rule: str           # what the transform does and how the expected label follows from the original
    apply: Apply        # (item, its index in the corpus) -> transformed item with expected label, or None


# ---------------------------------------------------------------- helpers on label values

_PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "特别行政区", "街道", "苏木", "省", "市", "区", "县", "州",
                   "盟", "旗", "镇", "乡")


def _suffix(name: str) -> str:
    return next((s for s in _PLACE_SUFFIXES if name.endswith(s) and len(name) > len(s)), "")


def label_places(item: Item) -> dict[str, str]:
    """The place names the labels give (issuer's leading places, province), each with its level word.

    Keys are the names as pages write them: the full name (长寿区) and its short form (长寿) when
    that is two characters or more; values the level word (区). Found with the region table.
    """
    table = regions.table()
    found: dict[str, str] = {}
    for part in re.split(r"[、,，]", item.get("issuer") or ""):
        for mention in regions.chain_mentions(part.removeprefix("中共")):
            for uid in mention.uids or mention.variants:
                unit = table.units[uid]
                suffix = _suffix(unit.name) or _suffix(mention.name)
                for name in (mention.name, unit.name, unit.short):
                    if len(name) >= 2:
                        found.setdefault(name, suffix)
    province = item.get("province")
    if province:
        for uid in table.by_short.get(province, ()):
            unit = table.units[uid]
            if unit.level is Level.province:
                found.setdefault(unit.name, _suffix(unit.name))
                found.setdefault(province, _suffix(unit.name))
    return found


def replace_place_runs(text: str, places: dict[str, str], replace: Callable[[str, str], str]) -> str:
    """Each run of adjacent place names (重庆市长寿区) replaced by `replace(level word of the last, the
    text after the run)`."""
    if not places:
        return text
    alternation = "|".join(re.escape(n) for n in sorted(places, key=len, reverse=True))
    one = re.compile(alternation)
    run = re.compile(f"(?:{alternation})+")

    def substitute(match: re.Match[str]) -> str:
        last = one.findall(match.group())[-1]
        return replace(places[last], text[match.end():match.end() + 16])

    return run.sub(substitute, text)


def date_pattern(day: date) -> re.Pattern[str]:
    """The labeled date in the forms pages write it, with a time after it (2024-3-28 10:20:05)."""
    y, m, d = day.year, day.month, day.day
    return re.compile(
        rf"(?<![0-9]){y}\s*(?:[-/.]\s*0?{m}\s*[-/.]\s*0?{d}|年\s*0?{m}\s*月\s*0?{d}\s*[日号]?|{m:02d}{d:02d})"
        r"(?![0-9])(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?")


def url_carries(url: str | None, day: date) -> bool:
    """Does the address carry the date in a CMS form (t20240328, /art/2024/3/28/, /2024-03-28/)?"""
    if not url:
        return False
    y, m, d = day.year, day.month, day.day
    return any(form in url for form in (f"{y}{m:02d}{d:02d}", f"/{y}/{m}/{d}/", f"{y}-{m:02d}-{d:02d}",
                                        f"/{y}/{m:02d}-{d:02d}/", f"/{y}-{m:02d}/{d:02d}/"))


def _labeled_date(item: Item) -> date | None:
    return date.fromisoformat(item["published"]) if item.get("published") else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


# ---------------------------------------------------------------- the transforms

PARAGRAPH_CHARS = 40
_ENUMERATED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}\s*[、.．])")


def _is_body(line: str) -> bool:
    """A paragraph (40+ characters, or ending like a sentence or a lead) or a numbered heading."""
    line = line.strip()
    return len(line) >= PARAGRAPH_CHARS or line.endswith(("。", ":", "：")) or bool(_ENUMERATED.match(line))


def without_title(item: Item, _: int) -> Item | None:
    lines = item["text"].split("\n")
    start = next((i for i, line in enumerate(lines) if _is_body(line)), None)
    if not start:
        return None
    text = "\n".join(lines[start:])
    out = dict(item, text=text)
    day = _labeled_date(item)
    if day and not (date_pattern(day).search(text) or url_carries(item.get("url"), day)):
        out["published"] = None
    return out


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def without_line_breaks(item: Item, _: int = 0) -> Item:
    return dict(item, text=_LINE_BREAKS.sub("", item["text"]))


@cache
def _s2t() -> Callable[[str], str]:
    import opencc  # only the benches convert this way

    return opencc.OpenCC("s2t").convert


def in_traditional(item: Item, _: int = 0) -> Item:
    return dict(item, text=_s2t()(item["text"]))


def mirror_copy(item: Item, index: int) -> Item | None:
    """The three at once, as spam mirrors serve a page: no title, no line breaks, traditional."""
    out = without_title(item, index)
    return in_traditional(without_line_breaks(out)) if out is not None else None


_MASKS = ("XX", "某", "××")
MASK_REACH = 300


def place_masked(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not item.get("issuer"):
        return None
    places = label_places(item)
    mask = _MASKS[index % len(_MASKS)]
    text = replace_place_runs(item["text"], places, lambda suffix, _: mask + suffix)
    if mask not in text[:MASK_REACH]:
        return None      # the issuer's place is not where its name stands (title, header, opening)
    return dict(item, text=text, url=None, label="not_report", category="template_or_sample",
                **_NOT_REPORT_FIELDS)


@cache
def _gov_domains() -> dict[str, str]:
    path = Path(regions.DOMAINS_FILE)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return {row[0]: row[2] for row in rows}


def host_place(url: str | None) -> str | None:
    """The place the gov.cn domain table gives for the address's host, or None."""
    host = _host(url)
    if not host:
        return None
    domains = _gov_domains()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = domains.get(".".join(labels[i:]))
        if name:
            return name
    return None


# A place name followed by a body's name (省司法厅, 县人民政府, 市委) keeps its level word alone; one that
# stands on its own (广东省坚持…, 对北京工作) becomes 本省 / 本市, as pages that omit it write.
_BODY_AFTER = re.compile(
    r"(?:人民政府|政府|党委|人大|[^\s，,。、；;：:（）()“”《》]{0,10}?(?:局|厅|委员会|委|办公室|办|中心|院))")


def _level_word(suffix: str, after: str) -> str:
    return suffix if _BODY_AFTER.match(after) else "本" + suffix


def place_only_in_host(item: Item, _: int) -> Item | None:
    place = host_place(item.get("url"))
    if place is None:
        return None
    places = label_places(item)
    text = replace_place_runs(item["text"], places, _level_word)
    out = dict(item, text=text)
    province = item.get("province")
    if province and not place.startswith(province):
        out["province"] = None
    own = {p for p in places if place.startswith(p)}
    issuer_places = set()
    for part in re.split(r"[、,，]", item.get("issuer") or ""):
        issuer_places.update(m.name for m in regions.chain_mentions(part.removeprefix("中共")))
    if not issuer_places or not issuer_places <= own:
        out["issuer"] = None       # the issuer's own place is not the host's: not recoverable
    return out


# Formal name -> the informal form pages also write (the pairs named in issue 11 and the common
# short forms of local department names).
INFORMAL_NAMES = {
    "人民政府": "政府",
    "市场监督管理局": "市场监管局",
    "人力资源和社会保障局": "人社局",
    "卫生健康委员会": "卫健委",
    "发展和改革委员会": "发改委",
    "住房和城乡建设局": "住建局",
    "应急管理局": "应急局",
    "医疗保障局": "医保局",
    "交通运输局": "交通局",
    "文化和旅游局": "文旅局",
    "街道办事处": "街道办",
    "管理委员会": "管委会",
}
_FORMAL = re.compile("|".join(sorted(INFORMAL_NAMES, key=len, reverse=True)))


def informal_names(item: Item, _: int) -> Item | None:
    if not _FORMAL.search(item.get("issuer") or ""):
        return None
    text = _FORMAL.sub(lambda m: INFORMAL_NAMES[m.group()], item["text"])
    return dict(item, text=text) if text != item["text"] else None


# A first line that is a title (short, no full stop, no enumerator, no year opening): the date line
# goes under it; otherwise the page starts with the date line.
_TITLE_LINE = re.compile(r"^(?![^\n]*。)"
                         r"(?!\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.、]))"
                         r"(?!\s*(?:19|20)\d{2}年度?[,，])[^\n]{2,60}$")
_DATE_LINE_FORMS = ("发布时间：{y}/{m:02d}/{d:02d}", "发布日期：{y}年{m}月{d}日 10:20",
                    "日期：{y}.{m:02d}.{d:02d}", "发布时间: {y}年{m:02d}月{d:02d}日")


def _without_date(item: Item, day: date) -> str:
    return date_pattern(day).sub("", item["text"])


def date_in_other_line(item: Item, index: int) -> Item | None:
    day = _labeled_date(item)
    host = _host(item.get("url"))
    if item["label"] != "report" or day is None or host is None:
        return None
    lines = _without_date(item, day).split("\n")
    form = _DATE_LINE_FORMS[index % len(_DATE_LINE_FORMS)]
    lines.insert(1 if _TITLE_LINE.match(lines[0]) else 0, form.format(y=day.year, m=day.month, d=day.day))
    return dict(item, text="\n".join(lines), url=f"http://{host}/content/{index}.html")


_URL_FORMS = ("http://{host}/zwgk/{y}{m:02d}/t{y}{m:02d}{d:02d}_{n}.html",
              "http://{host}/art/{y}/{m}/{d}/art_1_{n}.html",
              "http://{host}/{y}-{m:02d}/{d:02d}/c_{n}.htm")


def date_only_in_url(item: Item, index: int) -> Item | None:
    day = _labeled_date(item)
    host = _host(item.get("url"))
    if item["label"] != "report" or day is None or host is None:
        return None
    url = _URL_FORMS[index % len(_URL_FORMS)].format(host=host, y=day.year, m=day.month, d=day.day,
                                                     n=1000 + index)
    return dict(item, text=_without_date(item, day), url=url)


def posted_by_justice_bureau(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not (item.get("issuer") or "").endswith("人民政府"):
        return None
    places = [m.name for m in regions.chain_mentions(item["issuer"].split("、")[-1])]
    if not places:
        return None
    lines = item["text"].split("\n")
    line = f"来源：{places[-1]}{'司法厅' if item.get('level') == 'province' else '司法局'}"
    lines.insert(1 if _TITLE_LINE.match(lines[0]) else 0, line)
    return dict(item, text="\n".join(lines))


_NEWS_FORMS = (
    "{place}人大常委会审议{issuer}{year}年度法治政府建设情况报告\n"
    "3月26日，{place}人大常委会第十二次会议举行第二次全体会议。会议听取和审议了{issuer}关于{year}年度法治政府建设"
    "情况的报告。\n常委会组成人员认为，报告实事求是，{year}年以来，法治政府建设取得了积极成效。会议指出，{quote}\n"
    "会议要求，要持续深化行政执法体制改革，认真研究处理审议意见，并按规定报告研究处理情况。",
    "{place}政府常务会议听取{year}年度法治政府建设情况汇报\n"
    "4月2日上午，{place}政府召开常务会议，听取{issuer}{year}年度法治政府建设情况汇报，研究部署下一步工作。\n"
    "汇报显示，{quote}\n会议强调，要坚持以习近平法治思想为指导，扎实推进法治政府建设。",
    "{place}人大常委会专题审议法治政府建设工作\n"
    "记者从{place}人大常委会获悉，常委会近日召开会议，审议{issuer}关于{year}年度法治政府建设情况的报告，"
    "并开展专题询问。\n报告指出，{quote}\n委员们建议，进一步加强行政复议工作，提升依法行政水平。",
)
_QUOTE_CHARS = 120


def meeting_news(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not item.get("issuer") or not item.get("report_year"):
        return None
    places = [m.name for m in regions.chain_mentions(item["issuer"].removeprefix("中共"))]
    if not places:
        return None
    body = next((line.strip() for line in item["text"].split("\n") if len(line.strip()) >= 40), None)
    if body is None:
        return None
    quote = body[:_QUOTE_CHARS].rstrip("，,、") + "。"
    text = _NEWS_FORMS[index % len(_NEWS_FORMS)].format(
        place=places[-1], issuer=item["issuer"], year=item["report_year"], quote=quote)
    return dict(item, text=text, label="not_report", category="news", **_NOT_REPORT_FIELDS)


TRANSFORMS: tuple[Transform, ...] = (
    Transform("no title", "the short lines (title, header) before the body (a line of 40+ characters, "
              "ending in 。 or :, or a numbered heading) removed: the page starts 2023年，我市… or 根据…; "
              "label unchanged, "
              "published scored only if the labeled date is still in the text or the address", without_title),
    Transform("no line breaks", "every line break removed (document sites); label unchanged",
              without_line_breaks),
    Transform("traditional", "converted to traditional characters (OpenCC s2t); label unchanged",
              in_traditional),
    Transform("mirror copy", "no title, no line breaks and traditional characters at once; label as for no "
              "title", mirror_copy),
    Transform("place masked", "a report's issuer places and province masked (XX区, 某区, ××区) where "
              "one is in its first 300 characters, no address: a template, not_report", place_masked),
    Transform("place in host", "items whose host is in data/gov_domains.tsv: the labeled places removed "
              "from the text, level words kept (广东省司法厅 -> 省司法厅, 广东省坚持 -> 本省坚持); "
              "province scored when the host's place is it, issuer when all its places are the host's; "
              "other fields unchanged",
              place_only_in_host),
    Transform("informal names", "formal names written informally (人民政府 -> 政府, 市场监督管理局 -> "
              "市场监管局, …) where the labeled issuer has one; label unchanged (formal name)",
              informal_names),
    Transform("date line", "reports with a labeled date: every form of it removed, one 发布时间/日期 "
              "line in another format (2024/03/28, 2024年3月28日 10:20, 2024.03.28) added under the title "
              "(at the top when there is none), address without date; label unchanged", date_in_other_line),
    Transform("date in url", "reports with a labeled date: every form of it removed from the text, the "
              "address carries it (t20240328, /art/2024/3/28/, /2024-03/28/); label unchanged",
              date_only_in_url),
    Transform("posted by 司法局", "government reports: a 来源：X县司法局 (X省司法厅) line, the issuer's own "
              "place, added under the title; label unchanged (the government issues it)",
              posted_by_justice_bureau),
    Transform("meeting news", "a report's issuer and year put in 人大常委会审议 / 常务会议听取 news "
              "quoting one line of it: news, not_report", meeting_news),
)


def transformed(items: list[Item], transform: Transform) -> list[tuple[Item, Item]]:
    """(original, transformed) pairs for the items the transform applies to."""
    pairs = []
    for index, item in enumerate(items):
        out = transform.apply(item, index)
        if out is not None:
            pairs.append((item, out))
    return pairs
