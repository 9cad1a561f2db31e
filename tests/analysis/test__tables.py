"""Statistics tables: bare numbers take the unit their column's header or the table's caption states."""

from __future__ import annotations

from streams.analysis import clean
from streams.analysis._tables import heads_a_table
from streams.analysis.indicators import find_indicators


def _facts(text: str) -> list[tuple[str, float | int, str]]:
    return [(indicator.key, indicator.value, indicator.unit) for indicator in find_indicators(text)]


def test_a_row_a_line_table_takes_each_columns_unit_from_its_header() -> None:
    text = ("（一）重点领域查办案件情况如下：\n执法领域  立案数（宗）  罚没金额（万元）\n"
            "食品安全  132  286.4\n特种设备  41  57.9\n（二）推进包容审慎监管。")
    found = find_indicators(text)
    assert [(indicator.label, indicator.value, indicator.unit) for indicator in found] == [
        ("食品安全立案数", 132, "宗"), ("食品安全罚没金额", 286.4, "万元"),
        ("特种设备立案数", 41, "宗"), ("特种设备罚没金额", 57.9, "万元")]
    first = found[0]
    assert text[first.start:first.end] == "132"
    assert first.evidence == "执法领域  立案数（宗）  罚没金额（万元）\n食品安全  132  286.4"


def test_a_header_naming_its_count_gives_its_unit() -> None:
    # 检查次数 heads counts of 次, 培训人次 of 人次; 发现问题 names no unit, and its column is not read.
    text = "全年检查情况如下：\n检查类别 | 检查次数 | 发现问题 | 培训人次\n开发企业 | 412 | 186 | 35\n"
    assert [(value, unit) for _, value, unit in _facts(text)] == [(412, "次"), (35, "人次")]


def test_a_numbered_table_with_a_unit_column_gives_each_row_its_unit() -> None:
    # 序号 numbers the rows, 单位 gives each row's unit; cells parted by single blanks (the cleaner's fold
    # of ideographic spaces, a PDF's text).
    text = ("附表：2025年度主要执法数据\n序号 项目 单位 数量\n1 立案 件 2856\n2 罚没金额 万元 1693.4\n"
            "3 听证 次 12\n（二）推行包容审慎监管。")
    assert [(value, unit) for _, value, unit in _facts(text)] == [(2856, "件"), (1693.4, "万元"), (12, "次")]


def test_a_table_under_a_unit_line_with_cells_parted_by_single_blanks() -> None:
    text = "情况见下表。\n单位：件\n项目 数量\n立案查处 4862\n简易程序 12975\n（二）高效办理群众诉求。"
    assert [(value, unit) for _, value, unit in _facts(text)] == [(4862, "件"), (12975, "件")]
    # A sentence with blanks around its figures is no table row.
    sentence = _facts("全区受理行政复议案件 731 件，同比增长 22.4% ；")
    assert [(value, unit) for _, value, unit in sentence] == [(731, "件"), (22.4, "%")]


def test_cells_parted_by_bars_as_an_html_table_gives_them() -> None:
    text = ("全市行政复议应诉数据如下：\n指标名称 | 数量（件）\n新收行政复议申请 | 1523\n"
            "行政诉讼一审收案 | 611")
    assert _facts(text) == [("reconsideration.received", 1523, "件"), ("other.count", 611, "件")]


def test_a_cell_a_line_table_takes_the_unit_of_its_caption() -> None:
    text = ("（二）主要执法部门办理案件情况如下（单位：件）：\n执法主体\n行政处罚\n行政许可\n"
            "县市场监管局\n312\n1738\n县城市管理局\n529\n143\n（三）推进行政复议工作。")
    assert [(value, unit) for _, value, unit in _facts(text)] == [
        (312, "件"), (1738, "件"), (529, "件"), (143, "件")]
    assert [indicator.label for indicator in find_indicators(text)][:2] == ["行政处罚案件", "行政许可"]


def test_one_row_of_values_under_the_labels_takes_the_captions_unit() -> None:
    text = ("全年主要数据（单位：件）：\n行政复议案件 | 行政应诉案件 | 合法性审查\n238 | 96 | 341\n"
            "（一）行政争议化解。")
    assert [(value, unit) for _, value, unit in _facts(clean(text, None).text)] == [
        (238, "件"), (96, "件"), (341, "件")]
    assert _facts(text)[0][0] == "reconsideration.received"
    # Years over one row name no count (2025年 | 2024年 / 1326 | 1180): not read.
    assert _facts("主要数据（单位：件）：\n2025年 | 2024年\n1326 | 1180\n") == []


def test_rows_of_years_give_the_latest_years_only() -> None:
    # Years as rows, as year columns: the report's year is the latest; the year before and the change
    # are not this year's counts.
    text = ("全年办理行政复议案件情况如下（单位：件）：\n项目\t新收\t审结\n2025年\t286\t271\n"
            "2024年\t241\t236\n同比增减\t45\t35\n（三）规范行政执法。")
    assert [(value, unit) for _, value, unit in _facts(clean(text, None).text)] == [(286, "件"), (271, "件")]
    one_cell_a_line = ("全年办理行政复议案件情况如下（单位：件）：\n年度\n新收\n审结\n2025年\n286\n271\n"
                       "2024年\n241\n236\n（三）规范行政执法。")
    assert [(value, unit) for _, value, unit in _facts(one_cell_a_line)] == [(286, "件"), (271, "件")]


def test_a_table_no_header_or_caption_gives_a_unit_is_not_read() -> None:
    # Its numbers could count anything: cases, people, a rate written without its %.
    text = ("全市主要数据如下：\n指标\n2025年\n2024年\n行政复议新收案件\n1846\n1692\n"
            "行政复议直接纠错\n173\n158")
    assert _facts(text) == []
    assert _facts("主要数据：\n项目  2025年  2024年\n行政复议收案  426  391") == []


def test_only_the_latest_years_column_is_read_and_comparing_columns_are_not() -> None:
    text = ("行政争议情况（单位：件）：\n项目  2025年  2024年  增减\n行政复议收案  426  391  35\n"
            "行政诉讼一审应诉  188  203  -15")
    assert [(value, unit) for _, value, unit in _facts(text)] == [(426, "件"), (188, "件")]


def test_a_number_with_its_unit_in_the_cell_is_read_once_by_the_sentence_scan() -> None:
    text = "项目  数量（件）\n行政复议收案  35件\n行政诉讼应诉  12件"
    assert [(value, unit) for _, value, unit in _facts(text)] == [(35, "件"), (12, "件")]


def test_a_table_header_is_told_from_a_menu_and_a_label_row() -> None:
    labels = frozenset({"发布日期", "来源", "名称"})
    assert heads_a_table("执法领域 | 立案数（宗） | 罚没金额（万元）", "食品安全 | 132 | 286.4", labels)
    assert not heads_a_table("首页 | 政务公开 | 政务服务", "网站地图 | 联系我们 | 无障碍", labels)
    assert not heads_a_table("名称 | 来源", "法治报告 | 2024", labels)
    assert not heads_a_table("项目 | 数量（件）", "行政复议收案 | 三十五", labels)


def test_an_html_tables_header_row_survives_cleaning_and_its_numbers_are_read() -> None:
    paragraph = "<p>　　2025年，全市深入学习贯彻习近平法治思想，全面落实法治政府建设实施纲要，取得成效。</p>"
    page = ("<html><head><title>惠州市2025年法治政府建设年度报告</title></head><body>"
            "<div class=nav>首页 | 政务公开</div><div class=content>"
            "<h1>惠州市2025年法治政府建设年度报告</h1>" + paragraph * 3
            + "<p>重点领域查办案件情况如下：</p><table><tr><td>执法领域</td><td>立案数（宗）</td>"
            "<td>罚没金额（万元）</td></tr><tr><td>食品安全</td><td>132</td><td>286.4</td></tr></table>"
            + paragraph * 3 + "</div></body></html>")
    text = clean(page, "http://www.huizhou.gov.cn/a.html").text
    assert "执法领域 | 立案数（宗） | 罚没金额（万元）\n食品安全 | 132 | 286.4" in text
    assert [(value, unit) for _, value, unit in _facts(text)] == [(132, "宗"), (286.4, "万元")]


def test_a_rows_label_may_state_its_unit() -> None:
    text = ("附表　2025年度行政执法主要数据\n指标\n2025年\n行政执法检查（次）\n3516\n行政处罚（件）\n1209\n"
            "负责人出庭应诉率（%）\n100\n（四）强化执法监督。")
    found = find_indicators(text)
    assert [(indicator.label, indicator.value, indicator.unit) for indicator in found] == [
        ("行政执法检查", 3516, "次"), ("行政处罚案件", 1209, "件"), ("行政机关负责人出庭应诉率", 100, "%")]


def test_cells_holding_their_units_are_named_by_their_rows_once() -> None:
    # The sentence reader alone named them 件 and %: a number alone on its line has no clause.
    text = "表1　主要数据\n项目\n数量\n行政复议新收案件\n2415件\n行政复议纠错率\n11.3%\n行政应诉案件\n1288件"
    assert [(indicator.key, indicator.value, indicator.unit) for indicator in find_indicators(text)] == [
        ("reconsideration.received", 2415, "件"), ("reconsideration.correction_rate", 11.3, "%"),
        ("litigation.cases", 1288, "件")]


def test_a_figure_broken_at_a_documents_line_width_is_read_whole() -> None:
    lines = ["（二）严格规范安全生产执法。全年开展安全生产执法检查2683",
             "次，立案查处违法行为417起，处理投诉举报百余件；执法巡查2300余",
             "次，罚款金额合计达到两百万元以上，落实执法全过程记录。",
             "（三）深入开展安全生产普法。组织安全生产月宣传活动46场，",
             "受众3.2万人次，开展企业主要负责人安全生产法治培训12期。",
             "（四）规范行政执法监督。开展执法案卷自查评查，评查案卷22",
             "0卷，整改执法文书不规范问题36个，执法记录仪配备率100%。"]
    found = {(indicator.value, indicator.unit, indicator.approximate)
             for indicator in find_indicators("\n".join(lines))}
    assert {(2683, "次", False), (2300, "次", True), (417, "起", False)} <= found
    # A number broken in two is not mended: 0卷 is no count, nor is 22 one.
    assert not {value for value, unit, _ in found if unit == "卷"} & {220, 22}
    # In a text not wrapped at a width, a number ending a short line keeps its break.
    assert find_indicators("行政执法检查\n2683\n次数统计") == []


def test_a_cells_offsets_are_its_values() -> None:
    text = "项目\n数量\n行政复议新收案件\n2415件\n行政应诉案件\n1288件"
    assert [text[indicator.start:indicator.end] for indicator in find_indicators(text)] == ["2415", "1288"]
