"""The corpus transforms of bench/robustness.py: each changes the text as its rule says and derives
the expected label from the original label by that rule (never from the analysis)."""

from __future__ import annotations

from datetime import date

from streams.evaluation.transforms import (
    assessment_report,
    blank_template,
    catalogue_record,
    court_report,
    date_in_other_line,
    date_only_in_url,
    date_pattern,
    enforcement_report,
    host_place,
    informal_names,
    issuer_place,
    leader_masked,
    lookalike,
    meeting_news,
    mirror_copy,
    mirrored_lookalike,
    national_roundup,
    place_masked,
    place_only_in_host,
    place_removed,
    posted_by_justice_bureau,
    release_news,
    research_paper,
    speech,
    untitled_on_a_mirror,
    without_title,
)

REPORT = {
    "id": "t1", "url": "http://sfj.example.gov.cn/zwgk/202403/t20240318_1.html",
    "text": "湖州市吴兴区司法局2023年度法治政府建设情况报告\n发布时间：2024-03-18 09:30\n"
            "2023年，吴兴区司法局坚持以习近平法治思想为指导，全面推进法治政府建设，深化行政执法体制改革，吴兴区法治环境持续改善。\n"
            "一、主要举措和成效\n全年办理行政复议案件45件。",
    "label": "report", "category": "official_report", "province": "浙江", "issuer": "湖州市吴兴区司法局",
    "level": "department", "report_year": 2023, "published": "2024-03-18", "indicators": [],
}


def test_without_title_starts_at_the_first_paragraph_and_keeps_the_label():
    out = without_title(REPORT, 0)
    assert out["text"].startswith("2023年，吴兴区司法局")
    assert out["label"] == "report" and out["issuer"] == REPORT["issuer"]
    assert out["published"] == "2024-03-18"          # the address still carries t20240318


def test_without_title_unscores_a_date_that_was_only_in_the_removed_lines():
    out = without_title(dict(REPORT, url=None), 0)
    assert out["published"] is None


def _untitled(title: str, body: str, **label) -> dict:
    return without_title(dict(REPORT, text=title + "\n" + body + "\n一、主要举措和成效", **label), 0)


def test_without_title_scores_the_issuer_and_province_only_where_the_body_or_address_still_names_them():
    opening = "2023年，我局坚持以习近平法治思想为指导，全面推进法治政府建设，各项工作取得新成效。"
    in_place = opening.replace("全面推进", "在吴兴区全面推进")
    # The department's place and name were only in the title: not scored.
    out = _untitled("湖州市吴兴区司法局2023年度法治政府建设情况报告", opening, url=None)
    assert out["issuer"] is None and out["province"] is None
    # The place in the body but not the department: still not scored.
    out = _untitled("吴兴区司法局2023年度法治政府建设情况报告", in_place, url=None)
    assert out["issuer"] is None and out["province"] == "浙江"
    # Place and department (a short form counts) in the body: scored.
    out = _untitled("吴兴区人社局2023年度法治政府建设情况报告", opening.replace("我局", "吴兴区人社局"),
                    issuer="湖州市吴兴区人力资源和社会保障局", url=None)
    assert out["issuer"] == "湖州市吴兴区人力资源和社会保障局"
    # 我局 on a site whose host label names the department, with the place in the body: scored.
    out = _untitled("吴兴区司法局2023年度法治政府建设情况报告", in_place, url="http://sfj.wuxing.gov.cn/a.html")
    assert out["issuer"] == "湖州市吴兴区司法局"
    # A traditional-character copy is read in simplified characters.
    out = _untitled("吳興區人社局2023年度法治政府建設情況報告",
                    "2023年，吳興區人社局堅持依法行政，全面推進法治政府建設工作。",
                    issuer="湖州市吴兴区人力资源和社会保障局", url=None)
    assert out["issuer"] == "湖州市吴兴区人力资源和社会保障局"


def test_without_title_scores_the_level_of_an_unnamed_issuer_only_where_the_texts_voice_tells_it():
    title = "吴兴区司法局2023年度法治政府建设情况报告"
    department = _untitled(title, "2023年，我局坚持以习近平法治思想为指导，全面推进法治政府建设。", url=None)
    assert department["issuer"] is None and department["level"] == "department"
    # 全市: a prefecture and a county-level city both say it, and the 司法局 does not speak.
    city = _untitled(title, "2023年，全市坚持以习近平法治思想为指导，全面推进法治政府建设。", url=None)
    assert city["issuer"] is None and city["level"] is None
    county = _untitled("长兴县2023年度法治政府建设情况报告",
                       "2023年，全县坚持以习近平法治思想为指导，全面推进法治政府建设。",
                       issuer="长兴县人民政府", level="county", url=None)
    assert county["issuer"] is None and county["level"] == "county"


def test_without_title_keeps_a_joint_issuer_only_where_the_body_names_the_two_together():
    joint = dict(issuer="中共长兴县委、长兴县人民政府", level="county", url=None)
    title = "中共长兴县委 长兴县人民政府关于2023年度法治政府建设情况的报告"
    together = "2023年，在市委、市政府的坚强领导下，长兴县委、县政府坚持依法行政，全面推进法治政府建设。"
    assert _untitled(title, together, **joint)["issuer"] == "中共长兴县委、长兴县人民政府"
    # Only the government speaks (the 市委、市政府 are the city's, the 县委 only leads): the government.
    alone = "2023年，在县委的坚强领导和市委、市政府的指导下，长兴县人民政府坚持依法行政，推进法治政府建设。"
    assert _untitled(title, alone, **joint)["issuer"] == "长兴县人民政府"


def test_without_title_does_not_apply_to_a_text_that_starts_with_its_body():
    assert without_title(dict(REPORT, text="2023年，我局坚持依法行政。\n一、主要举措"), 0) is None
    lead = "根据督察工作规定要求，现将我局2023年度法治政府建设情况报告如下，请审阅。"
    out = without_title(dict(REPORT, text="青岭县司法局\n" + lead + "\n一、主要举措"), 0)
    assert out["text"].startswith("根据")


def test_place_masked_masks_every_labeled_place_and_makes_a_template():
    out = place_masked(REPORT, 0)
    assert "吴兴" not in out["text"] and "湖州" not in out["text"]
    assert out["text"].startswith("XX区司法局2023年度")      # the run 湖州市吴兴区 becomes one mask
    assert out["label"] == "not_report" and out["category"] == "template_or_sample"
    assert out["issuer"] is None and out["url"] is None
    assert place_masked(REPORT, 1)["text"].startswith("某区司法局")


def test_place_removed_takes_every_labeled_place_out_in_either_script_and_makes_a_sample():
    out = place_removed(REPORT, 0)
    assert out["text"].startswith("区司法局2023年度")
    assert "吴兴" not in out["text"] and "湖州" not in out["text"] and "本区法治环境" in out["text"]
    assert out["label"] == "not_report" and out["category"] == "template_or_sample"
    assert out["issuer"] is None and out["province"] is None and out["url"] is None
    assert not place_removed(REPORT, 1)["url"].split("/")[2].endswith(".gov.cn")
    traditional = place_removed(dict(REPORT, text="湖州市吳興區司法局2023年度法治政府建設情況報告"), 0)
    assert "吳興" not in traditional["text"] and "湖州" not in traditional["text"]
    assert place_removed(dict(REPORT, province=None, issuer="司法部"), 0) is None   # a central body


def test_place_removed_gives_an_untitled_excerpt_a_title_without_issuer():
    untitled = dict(REPORT, text="2023年，吴兴区司法局坚持以习近平法治思想为指导，全面推进法治政府建设，"
                                 "深化行政执法体制改革。\n一、主要举措和成效")
    assert place_removed(untitled, 0)["text"].startswith("2023年度法治政府建设工作报告\n2023年，区司法局")


def test_untitled_on_a_mirror_keeps_the_label_and_scores_only_year_and_indicators():
    out = untitled_on_a_mirror(REPORT, 0)
    assert out["label"] == "report" and not out["text"].startswith("湖州市吴兴区司法局2023年度")
    assert not out["url"].split("/")[2].endswith(".gov.cn")
    assert (out["province"], out["issuer"], out["level"], out["published"]) == (None, None, None, None)
    assert out["report_year"] == 2023
    assert untitled_on_a_mirror(REPORT, 1)["url"] is None


def test_place_only_in_host_keeps_level_words_and_scores_only_what_the_host_tells():
    item = dict(REPORT, url="http://sft.zj.gov.cn/art/2024/3/18/art_1_1.html", issuer="浙江省司法厅",
                text="浙江省司法厅2023年度法治政府建设情况报告\n2023年，省司法厅坚持…浙江法治建设…")
    assert host_place(item["url"]) == "浙江省"
    out = place_only_in_host(item, 0)
    assert out["text"].startswith("省司法厅2023年度")
    assert "浙江" not in out["text"]
    assert out["province"] == "浙江" and out["issuer"] == "浙江省司法厅"
    # A county issuer on the province's domain: its own place is not in the host, so not scored.
    county = place_only_in_host(dict(REPORT, url="http://www.zj.gov.cn/a.html"), 0)
    assert county["issuer"] is None and county["province"] == "浙江"
    assert place_only_in_host(REPORT, 0) is None        # example.gov.cn is not in the domain table


def test_informal_names_write_short_forms_and_keep_the_formal_label():
    item = dict(REPORT, issuer="长兴县人民政府",
                text="长兴县人民政府关于2023年法治政府建设情况的报告\n县市场监督管理局…")
    out = informal_names(item, 0)
    assert out["text"].startswith("长兴县政府关于") and "县市场监管局" in out["text"]
    assert out["issuer"] == "长兴县人民政府"


def test_date_pattern_finds_the_forms_pages_write():
    pattern = date_pattern(date(2024, 3, 8))
    for text in ("2024-03-08", "2024-3-8 10:20:05", "2024/03/08", "2024.3.8", "2024年3月8日",
                 "2024年03月08日", "20240308"):
        assert pattern.fullmatch(text), text
    assert not pattern.search("2024-03-18") and not pattern.search("2024年3月18日")


def test_date_transforms_move_the_date_and_keep_the_label():
    line = date_in_other_line(REPORT, 0)
    assert "2024-03-18" not in line["text"] and "发布时间：2024/03/18" in line["text"]
    assert "20240318" not in line["url"] and line["published"] == "2024-03-18"
    url = date_only_in_url(REPORT, 1)
    assert "2024" not in url["text"].split("\n")[1]
    assert "/art/2024/3/18/" in url["url"] and url["published"] == "2024-03-18"


def test_meeting_news_names_the_report_and_is_not_a_report():
    out = meeting_news(REPORT, 0)
    assert "吴兴区人大常委会审议湖州市吴兴区司法局2023年度法治政府建设情况报告" in out["text"]
    assert out["label"] == "not_report" and out["category"] == "news" and out["issuer"] is None


def test_posted_by_justice_bureau_adds_the_source_line_and_keeps_the_government():
    item = dict(REPORT, issuer="湖州市吴兴区人民政府", level="county",
                text="湖州市吴兴区人民政府2023年度法治政府建设情况报告\n2023年，全区坚持依法行政。")
    out = posted_by_justice_bureau(item, 0)
    assert out["text"].split("\n")[1] == "来源：吴兴区司法局"
    assert out["issuer"] == "湖州市吴兴区人民政府"
    assert posted_by_justice_bureau(REPORT, 0) is None          # a department's report: not this class


def test_mirror_copy_is_untitled_unbroken_and_traditional():
    out = mirror_copy(REPORT, 0)
    assert "\n" not in out["text"] and out["text"].startswith("2023年，吳興區司法局")
    assert out["label"] == "report" and out["issuer"] == REPORT["issuer"]


def test_issuer_place_is_the_issuers_own_place_at_county_level_or_above():
    assert issuer_place(REPORT).name == "吴兴区"
    assert issuer_place(dict(REPORT, issuer="浙江省司法厅")).name == "浙江省"
    assert issuer_place(dict(REPORT, issuer="中共长兴县委、长兴县人民政府")).name == "长兴县"
    assert issuer_place(dict(REPORT, issuer="杭州市西湖区留下街道")).name == "西湖区"   # a township's county
    assert issuer_place(dict(REPORT, issuer="司法部")) is None


def test_court_report_is_the_places_court_speaking_to_the_congress_and_not_a_report():
    out = court_report(REPORT, 0)
    assert out["text"].startswith("吴兴区人民法院关于2023年度行政审判工作情况的报告")
    assert "我代表吴兴区人民法院" in out["text"] and "我局" not in out["text"]
    assert out["label"] == "not_report" and out["issuer"] is None and out["report_year"] is None
    city = court_report(dict(REPORT, issuer="湖州市人民政府", level="prefecture"), 1)
    assert city["text"].startswith("湖州市中级人民法院工作报告")
    assert "人民检察院" in court_report(REPORT, 2)["text"]
    untitled = court_report(REPORT, 3)             # the second round of forms has no title line
    assert untitled["text"].startswith("——2024年") and "吴兴区人民法院院长" in untitled["text"]
    assert court_report(dict(REPORT, label="not_report"), 0) is None


def test_assessment_quotes_the_report_as_the_assessed_bodys_words():
    out = assessment_report(REPORT, 0)
    assert out["text"].startswith("吴兴区2023年度法治政府建设第三方评估报告\n受吴兴区委")
    assert "年度报告称：“2023年，吴兴区司法局坚持" in out["text"]
    assert out["label"] == "not_report" and out["category"] == "research"
    assert "满意度调查" in assessment_report(REPORT, 1)["text"]


def test_enforcement_report_is_the_issuers_own_year_of_enforcement_data():
    out = enforcement_report(REPORT, 0)
    assert out["text"].startswith("湖州市吴兴区司法局2023年度行政执法工作情况报告")
    assert "法治政府建设情况" not in out["text"]
    assert enforcement_report(REPORT, 1)["text"].startswith("湖州市吴兴区司法局2023年度行政执法数据公开")
    framed = enforcement_report(REPORT, 3)["text"]      # framed like a report, on enforcement only
    assert framed.startswith("湖州市吴兴区司法局关于2023年度行政执法工作情况的报告")
    assert "现将2023年度行政执法工作情况报告如下" in framed and "法治政府" not in framed
    assert out["label"] == "not_report" and out["issuer"] is None


def test_catalogue_record_holds_the_title_and_metadata_but_no_body():
    out = catalogue_record(REPORT, 0)
    assert "标题：湖州市吴兴区司法局2023年度法治政府建设情况报告" in out["text"]
    assert "发布机构：湖州市吴兴区司法局" in out["text"] and "2024-03-18" in out["text"]
    assert "坚持" not in out["text"] and "。" not in out["text"]
    assert out["label"] == "not_report"
    untitled = dict(REPORT, text="2023年，我局坚持依法行政。")
    assert "湖州市吴兴区司法局关于2023年度法治政府建设情况的报告" in catalogue_record(untitled, 1)["text"]


def test_lookalikes_cycle_through_the_readme_negatives():
    titles = [lookalike(REPORT, i)["text"].split("\n", 1)[0] for i in range(7)]
    assert titles[0] == "湖州市吴兴区司法局2024年政府信息公开工作年度报告"
    assert titles[1] == "湖州市吴兴区司法局2023年工作总结及2024年工作计划"
    assert "议题解读" in titles[2] and "集中评议" in titles[3]
    assert titles[4] == "吴兴区法治政府建设示范创建自评报告"
    assert titles[5] == "湖州市吴兴区司法局关于2023年度法治政府建设督察反馈问题整改情况的报告"
    assert titles[6].endswith("工作要点")
    assert [lookalike(REPORT, i)["category"] for i in range(7)] == [
        "other_annual_report", "other_annual_report", "interpretation", "news", "other", "other", "work_plan"]
    assert not lookalike(REPORT, 7)["text"].startswith("湖州市吴兴区司法局2024年政府信息公开")


def test_release_news_quotes_the_reports_facts_not_its_cover_line():
    item = dict(REPORT, text=REPORT["text"].replace(
        "吴兴区法治环境持续改善。", "吴兴区法治环境持续改善。现将有关情况报告如下："))
    out = release_news(item, 0)
    assert out["text"].startswith("吴兴区发布2023年度法治政府建设情况报告")
    assert "报告显示，2023年，吴兴区司法局坚持" in out["text"] and "报告如下" not in out["text"]
    assert out["label"] == "not_report" and out["category"] == "news"
    assert "——读《湖州市吴兴区司法局2023年度法治政府建设情况报告》" in release_news(item, 2)["text"]


def test_mirrored_lookalike_is_a_lookalike_glued_and_traditional():
    kinds = [mirrored_lookalike(REPORT, i)["text"] for i in range(6)]
    assert all("\n" not in text for text in kinds)
    assert kinds[0].startswith("吳興區人大常委會審議") and kinds[2].startswith("吳興區人民法院")
    assert {mirrored_lookalike(REPORT, i)["label"] for i in range(6)} == {"not_report"}


def test_speech_is_a_leader_speaking_of_the_year_and_not_a_report():
    texts = [speech(REPORT, i)["text"] for i in range(4)]
    assert texts[0].startswith("在全区法治政府建设工作会议上的讲话\n吴兴区人民政府区长")
    assert "同志们：" in texts[0]
    assert "2023年，吴兴区司法局坚持" in texts[0]
    assert "各位委员、同志们" in texts[1] and "现将本人2023年度" in texts[2] and "谢谢大家" in texts[3]
    out = speech(REPORT, 0)
    assert out["label"] == "not_report" and out["issuer"] is None and out["report_year"] is None
    assert not speech(REPORT, 4)["text"].startswith("在全区")          # the second round drops the title
    assert speech(dict(REPORT, label="not_report"), 0) is None


def test_blank_template_blanks_every_year_before_nian():
    forms = [blank_template(REPORT, i)["text"] for i in range(8)]
    assert "20__年度法治政府建设情况报告" in forms[0] and "2023年" not in forms[0]
    assert "20XX年" in forms[1] and "20××年" in forms[2] and "____年" in forms[3]
    assert forms[4].startswith("湖州市吴兴区司法局2023年度") and "20__年，吴兴区" in forms[4]  # title kept
    assert "2024-03-18" in forms[0]                                  # a date without 年 is not a year's
    out = blank_template(REPORT, 0)
    assert out["label"] == "not_report" and out["category"] == "template_or_sample" and out["url"] is None
    assert blank_template(dict(REPORT, text="全年办理行政复议案件45件。"), 0) is None


def test_leader_masked_masks_the_name_and_makes_a_template():
    out = leader_masked(REPORT, 0)
    assert "以A法治思想为指导" in out["text"] and "习近平" not in out["text"]
    assert "以____法治思想" in leader_masked(REPORT, 1)["text"]
    assert out["label"] == "not_report" and out["category"] == "template_or_sample" and out["url"] is None
    assert leader_masked(dict(REPORT, text="全年办理行政复议案件45件。"), 0) is None


def test_research_paper_and_roundup_quote_the_report_as_anothers_words():
    paper = research_paper(REPORT, 0)
    assert "【摘要】" in paper["text"] and "【关键词】" in paper["text"]
    assert "吴兴区的年度报告写道：“2023年，吴兴区司法局坚持" in paper["text"]
    assert paper["category"] == "research" and paper["label"] == "not_report"
    assert "参考文献" in research_paper(REPORT, 1)["text"] and "内容提要" in research_paper(REPORT, 2)["text"]
    roundup = national_roundup(REPORT, 0)
    assert roundup["text"].startswith("数读2023｜一组数据看全国法治政府建设新进展")
    assert "以吴兴区为例，2023年，吴兴区司法局坚持" in roundup["text"]
    assert roundup["category"] == "news" and roundup["label"] == "not_report"


def test_place_in_site_name_moves_the_place_to_the_chrome_and_drops_the_address():
    from streams.evaluation.transforms import place_in_site_name

    out = place_in_site_name(REPORT, 0)
    assert out["text"].startswith("湖州市吴兴区人民政府门户网站\n首页 > 政务公开 > 通知公告\n")
    body = out["text"].split("\n", 2)[2]
    assert "吴兴" not in body and "湖州" not in body and "区司法局" in body
    assert out["url"] is None and out["issuer"] == REPORT["issuer"]
    assert out["published"] == "2024-03-18"                    # still in the text
    assert "首页 > 湖州市吴兴区人民政府 >" in place_in_site_name(REPORT, 1)["text"]
    town = dict(REPORT, issuer="湖州市吴兴区八里店镇人民政府", level="township")
    assert place_in_site_name(town, 0)["issuer"] is None      # the site is the county's
    assert place_in_site_name(dict(REPORT, label="not_report"), 0) is None


def test_place_in_path_spells_the_county_in_a_directory_of_the_provinces_portal():
    from streams.evaluation.transforms import place_in_path

    out = place_in_path(REPORT, 0)
    assert out["url"].startswith("http://www.zhejiang.gov.cn/zwgk/wuxing/202403/t20240318_")
    assert "吴兴" not in out["text"] and out["issuer"] == REPORT["issuer"]
    town = dict(REPORT, issuer="湖州市吴兴区八里店镇人民政府", level="township")
    assert place_in_path(town, 0)["issuer"] is None
    assert place_in_path(dict(REPORT, issuer="浙江省司法厅", level="department"), 0) is None  # a province's


def test_posted_by_government_office_credits_the_office_and_drops_the_places():
    from streams.evaluation.transforms import posted_by_government_office

    item = dict(REPORT, text=REPORT["text"].replace("发布时间：2024-03-18 09:30\n", ""))
    out = posted_by_government_office(item, 0)
    assert out["text"].startswith("来源：湖州市吴兴区人民政府办公室\n")
    assert "吴兴区司法局" not in out["text"] and out["url"] is None and out["issuer"] == REPORT["issuer"]
    assert posted_by_government_office(dict(item, text="来源：吴兴区司法局\n" + item["text"]), 0) is None
