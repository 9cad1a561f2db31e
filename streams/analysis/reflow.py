"""Give back the line breaks that document sites and copy-paste lost.

Some copies of a report arrive as one run of text: title, addressee, headings and paragraphs glued
together ("…情况的报告2023年,我县坚持…一、主要举措(一)…"). Titles, openings and the mandated
headings are read line by line, so such a paragraph is split again: before numbered headings that
follow the end of a sentence, after "如下:", between a title and the year that opens the body, and
after each full stop. Only long paragraphs with at least two glued headings are touched: a normal
page passes through unchanged (one regex search per long paragraph).
"""

from __future__ import annotations

import re

from schemas import CleanedPage

# Shorter paragraphs are ordinary paragraphs, whatever they contain.
MIN_CHARS = 200
MIN_GLUED_HEADINGS = 2

_CN = "一二三四五六七八九十"
# Chinese-numbered headings (一、 / (一)) never stand inside a sentence: inside a paragraph they are
# glued. Arabic ones (1.) only count after the end of a sentence (they also number list items).
_CN_HEADING = rf"(?<![{_CN}第])(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）])"
_ARABIC_HEADING = r"[0-9]{1,2}[.．、](?![0-9])"
_GLUED_HEADING = re.compile(rf"(?<=\S){_CN_HEADING}")
_BREAKS = re.compile(
    rf"(?<=[。！？；;!?])(?=\S)"                                    # after a sentence
    rf"|(?<=如下[:：。])"                                            # after the report lead
    rf"|(?<=\S)(?={_CN_HEADING})"                                   # before a glued heading
    rf"|(?<=[:：])(?={_ARABIC_HEADING})"                              # 1. after a colon
    rf"|(?<=报告|情况|总结|汇报)(?=[^\n,，。]{{0,30}}[:：](?:19|20)[0-9]{{2}}年)"  # title | addressee:
    rf"|(?<=[:：])(?=(?:19|20)[0-9]{{2}}年度?[,，])"                   # addressee: | 2023年,
    rf"|(?:(?<=报告|情况|总结|汇报)|(?<=[)）]))(?=(?:19|20)[0-9]{{2}}年度?[,，是])"  # title | 2023年,
)


def reflow_text(paragraph: str) -> list[str]:
    """`paragraph` split into lines when it is glued text, else [paragraph]."""
    if len(paragraph) < MIN_CHARS or len(_GLUED_HEADING.findall(paragraph)) < MIN_GLUED_HEADINGS:
        return [paragraph]
    return [part.strip() for part in _BREAKS.split(paragraph) if part.strip()]


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
