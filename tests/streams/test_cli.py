"""`fazhi analyze` as an analyst uses it: files, directories, stdin, corpus, bad paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from streams.cli import main

REQUIRED_FIELDS = {"source", "is_report", "kind", "confidence", "title", "published", "issuer",
                   "issuer_kind", "level", "province", "prefecture", "county", "township",
                   "region_code", "report_year", "sections", "on_time", "indicators"}

REPORT_HTML = """<html><head><meta charset="utf-8"><title>示例县人民政府</title></head><body>
<h1>凤凰县人民政府关于2023年度法治政府建设情况的报告</h1>
<p>州人民政府：</p>
<p>2023年，凤凰县坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：</p>
<p>一、主要举措和成效</p><p>全年收到行政复议申请52件，受理48件。</p>
<p>二、存在的不足和原因</p><p>执法队伍专业化水平有待提高。</p>
<p>三、2024年工作安排</p><p>持续深化行政执法体制改革。</p>
<p>凤凰县人民政府</p><p>2024年2月20日</p></body></html>"""


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def test_analyze_file_prints_one_record_with_the_contract_fields(tmp_path: Path, capsys) -> None:
    page = tmp_path / "report.html"
    page.write_text(REPORT_HTML, encoding="utf-8")
    code, records, _ = run_cli(capsys, str(page))
    assert code == 0
    assert len(records) == 1
    assert records[0].keys() >= REQUIRED_FIELDS
    assert records[0]["source"] == str(page)


def test_directory_is_walked_recursively_and_other_suffixes_ignored(tmp_path: Path, capsys) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.htm").write_text(REPORT_HTML, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text("关于停水的通知", encoding="utf-8")
    (tmp_path / "a" / "b" / "image.png").write_bytes(b"\x89PNG\r\n")
    code, records, _ = run_cli(capsys, str(tmp_path))
    assert code == 0
    assert sorted(Path(r["source"]).name for r in records) == ["one.htm", "two.txt"]


def test_bad_path_among_good_ones_reports_error_and_exits_non_zero(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.html"
    good.write_text(REPORT_HTML, encoding="utf-8")
    code, records, err = run_cli(capsys, str(tmp_path / "missing.html"), str(good))
    assert code == 1
    assert "missing.html" in err
    assert [r["error"] is None for r in records] == [False, True]


def test_sidecar_url_is_used_as_the_page_address(tmp_path: Path, capsys) -> None:
    page = tmp_path / "p.html"
    page.write_text(REPORT_HTML, encoding="utf-8")
    (tmp_path / "p.html.url").write_text("http://www.fhx.gov.cn/art/2024/2/21/art_1_2.html\n")
    _, records, _ = run_cli(capsys, str(page))
    assert records[0]["url"] == "http://www.fhx.gov.cn/art/2024/2/21/art_1_2.html"


def test_corpus_lines_carry_their_id_and_bad_lines_do_not_stop_the_rest(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join([
        json.dumps({"id": "x1", "url": "http://www.fhx.gov.cn/t20240221_1.html", "text": REPORT_HTML}),
        "{not json",
        json.dumps({"id": "x2", "url": None, "text": "关于2024年春节放假的通知"}),
    ]), encoding="utf-8")
    code, records, err = run_cli(capsys, "--corpus", str(corpus))
    assert code == 1 and "bad corpus line" in err
    assert [r["id"] for r in records] == ["x1", None, "x2"]
    assert records[0]["url"] == "http://www.fhx.gov.cn/t20240221_1.html"


def test_table_format_and_stdin() -> None:
    result = subprocess.run([sys.executable, "-m", "streams.cli", "analyze", "-", "--format", "table"],
                            input=REPORT_HTML.encode(), capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.decode().splitlines()[:2]
    assert header.split()[:3] == ["source", "is_report", "kind"]
    assert row.startswith("-")


def test_no_input_is_a_usage_error(capsys) -> None:
    assert main(["analyze"]) == 2


# --------------------------------------------------------------------------- documents, --url, --text

REPORT_PARAGRAPHS = [
    "州人民政府：",
    "2023年，凤凰县坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：",
    "一、主要举措和成效", "全年收到行政复议申请52件，受理48件。",
    "二、存在的不足和原因", "执法队伍专业化水平有待提高。",
    "三、2024年工作安排", "持续深化行政执法体制改革。",
    "凤凰县人民政府", "2024年2月20日",
]
REPORT_TITLE = "凤凰县人民政府关于2023年度法治政府建设情况的报告"


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".doc", ".wps", ".ofd"])
def test_documents_are_analyzed_like_pages(tmp_path: Path, capsys, suffix: str) -> None:
    from crawlers.demo_portal.documents import write_doc, write_docx, write_ofd, write_pdf

    writer = {".pdf": write_pdf, ".docx": write_docx, ".doc": write_doc, ".wps": write_doc,
              ".ofd": write_ofd}[suffix]
    (tmp_path / f"report{suffix}").write_bytes(writer(REPORT_PARAGRAPHS, title=REPORT_TITLE))
    page = tmp_path / "page.html"
    page.write_text(REPORT_HTML, encoding="utf-8")
    code, records, err = run_cli(capsys, str(tmp_path))
    assert code == 0, err
    by_name = {Path(r["source"]).name: r for r in records}
    document, html = by_name[f"report{suffix}"], by_name["page.html"]
    assert document["documents"][0]["format"] == suffix[1:] and document["documents"][0]["reason"] is None
    assert document["title"] == REPORT_TITLE
    for field in ("is_report", "kind", "issuer", "report_year"):
        assert document[field] == html[field], field
    assert [i["value"] for i in document["indicators"]] == [i["value"] for i in html["indicators"]]


def test_scanned_pdf_is_an_error_with_needs_ocr(tmp_path: Path, capsys) -> None:
    from crawlers.demo_portal.documents import write_pdf

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(write_pdf(REPORT_PARAGRAPHS, title=REPORT_TITLE, text_layer=False))
    code, records, err = run_cli(capsys, str(scan))
    assert code == 1 and "no text layer" in err
    assert records[0]["needs_ocr"] is True and records[0]["documents"][0]["needs_ocr"] is True


def test_url_option_and_text_option(tmp_path: Path, capsys) -> None:
    page = tmp_path / "p.html"
    page.write_text(REPORT_HTML, encoding="utf-8")
    (tmp_path / "p.html.url").write_text("http://sidecar.example/a.html\n")
    url = "http://www.fhx.gov.cn/art/2024/2/21/art_1_2.html"
    code, records, _ = run_cli(capsys, str(page), "--url", url, "--text")
    assert code == 0 and records[0]["url"] == url  # the option wins over the sidecar
    assert "州人民政府：\n" in records[0]["text"] and "受理48件" in records[0]["text"]
    _, without, _ = run_cli(capsys, str(page))
    assert without[0]["text"] is None


def test_url_option_needs_exactly_one_file(tmp_path: Path, capsys) -> None:
    assert main(["analyze", str(tmp_path), "--url", "http://a.example/"]) == 2
    assert main(["analyze", "a.html", "b.html", "--url", "http://a.example/"]) == 2
