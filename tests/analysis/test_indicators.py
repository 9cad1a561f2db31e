"""find_indicators: catalogue binding, numerals, approximations, exclusions, offsets, robustness.

The sentences below are written for these tests in the style of 法治政府建设年度报告; the corpus
checks at the end read ../shared and skip when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import Indicator
from streams.analysis.indicators import _simplified, find_indicators

SHARED = Path(__file__).parents[2].parent / "shared"


def by_value(text: str) -> dict[tuple[float, str], list[Indicator]]:
    found: dict[tuple[float, str], list[Indicator]] = {}
    for indicator in find_indicators(text):
        found.setdefault((float(indicator.value), indicator.unit), []).append(indicator)
    return found


def only(text: str, value: float, unit: str) -> Indicator:
    hits = by_value(text).get((float(value), unit), [])
    assert len(hits) == 1, f"expected one {value}{unit}, got {hits}"
    return hits[0]


# ---------------------------------------------------------------- catalogue binding

RECONSIDERATION_AND_LITIGATION = (
    "2024年，区政府共收到行政复议申请35件，其中受理30件，不予受理5件，已审结28件，审结率93.3%；"
    "办理以区政府为被告的行政诉讼案件40宗，审结27宗。"
)


@pytest.mark.parametrize(
    ("value", "unit", "key"),
    [
        (35, "件", "reconsideration.received"),
        (30, "件", "reconsideration.accepted"),
        (5, "件", "reconsideration.not_accepted"),
        (28, "件", "reconsideration.concluded"),
        (93.3, "%", "reconsideration.conclusion_rate"),
        (40, "宗", "litigation.cases"),
        (27, "宗", "litigation.concluded"),
    ],
)
def test_numbers_bind_to_the_topic_of_their_own_clause(value: float, unit: str, key: str) -> None:
    assert only(RECONSIDERATION_AND_LITIGATION, value, unit).key == key


def test_rates_sharing_one_value_yield_one_indicator_each() -> None:
    text = "以县政府为被告的行政诉讼案件应诉率及胜诉率均为100%。"
    found = find_indicators(text)
    assert [i.key for i in found] == ["litigation.appearance_rate", "litigation.win_rate"]
    assert {(i.value, i.unit, i.start) for i in found} == {(100, "%", text.index("100"))}


def test_generic_rates_in_a_shared_list_keep_their_own_names() -> None:
    text = "全年依申请公开政府信息申请答复率、答复及时率、系统录入率均达100%。"
    found = find_indicators(text)
    assert len(found) == 3
    assert found[0].key == "disclosure.reply_rate"
    assert [i.label for i in found[1:]] == ["答复及时率", "系统录入率"]
    assert all(i.key == "other.rate" for i in found[1:])


HOTLINE = "全年共收到12345热线工单8720宗，工单办结率为98.6%，满意度为91.2%。"
MEDIATION = "各级人民调解组织调解矛盾纠纷1520件，成功调解1488件，调解成功率97.9%。"


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "key"),
    [
        ("本年度共制定规范性文件6件，拟废止规范性文件3件。", 6, "件", "normative_documents.made"),
        ("本年度共制定规范性文件6件，拟废止规范性文件3件。", 3, "件", "normative_documents.repealed"),
        ("对19件重大行政决策事项开展合法性审查。", 19, "件", "major_decisions.legality_reviews"),
        ("全镇15个村（社区）法律顾问覆盖率100%。", 100, "%", "legal_counsel.coverage_rate"),
        ("全县持有效行政执法证总数856个。", 856, "个", "enforcement.certificates"),
        ("全年办理行政处罚案件312宗，开展行政执法检查940次。", 312, "宗", "enforcement.penalties"),
        ("全年办理行政处罚案件312宗，开展行政执法检查940次。", 940, "次", "enforcement.inspections"),
        ("开展跨部门双随机抽查35批次。", 35, "批次", "enforcement.random_checks"),
        ("通过门户网站发布信息2310条，受理依申请公开政府信息17件。", 2310, "条", "disclosure.published"),
        ("通过门户网站发布信息2310条，受理依申请公开政府信息17件。", 17, "件", "disclosure.requests"),
        (HOTLINE, 8720, "宗", "hotline.tickets"),
        (HOTLINE, 98.6, "%", "hotline.completion_rate"),
        (HOTLINE, 91.2, "%", "hotline.satisfaction"),
        (MEDIATION, 1520, "件", "mediation.cases"),
        (MEDIATION, 1488, "件", "mediation.resolved"),
        (MEDIATION, 97.9, "%", "mediation.success_rate"),
        ("局党组开展集体学法12次，组织法治培训4期，参训干部260人次。", 12, "次", "study.sessions"),
        ("局党组开展集体学法12次，组织法治培训4期，参训干部260人次。", 4, "期", "study.sessions"),
        ("局党组开展集体学法12次，组织法治培训4期，参训干部260人次。", 260, "人次", "study.participants"),
        ("落实领导包案化解信访积案48宗，已化解41宗，化解率达85.4%。", 41, "宗", "petitions.resolved"),
        ("落实领导包案化解信访积案48宗，已化解41宗，化解率达85.4%。", 85.4, "%", "petitions.resolution_rate"),
        ("行政机关负责人出庭应诉率达100%。", 100, "%", "litigation.appearance_rate"),
        ("行政诉讼败诉率下降至6.5%。", 6.5, "%", "litigation.loss_rate"),
        ("行政复议综合纠错率12.5%。", 12.5, "%", "reconsideration.correction_rate"),
        ("经调解申请人自愿撤回复议申请9起。", 9, "起", "reconsideration.withdrawn"),
        ("开展卫生行政执法，全市共检查医疗机构2987家次。", 2987, "家次", "enforcement.inspections"),
    ],
)
def test_catalogue_entries(sentence: str, value: float, unit: str, key: str) -> None:
    assert only(sentence, value, unit).key == key


def test_a_sentence_without_topic_continues_the_previous_one() -> None:
    text = "全年办结行政复议案件20件，审结率90%。综合纠错率15%。"
    assert only(text, 15, "%").key == "reconsideration.correction_rate"


def test_a_cue_of_another_topic_does_not_borrow_the_sentence_topic() -> None:
    # 26起 is 化解 (mediation wording) in a reconsideration paragraph: not a reconsideration count.
    text = "创新行政复议工作模式。立案前协调化解26起。"
    assert not only(text, 26, "起").key.startswith("reconsideration.")


def test_unknown_facts_are_kept_with_a_generic_key_and_a_clause_label() -> None:
    text = "全市共有定点零售药店50家，为群众节约开支逾80万元，同比增长12.5%，提高3.5个百分点。"
    pharmacies = only(text, 50, "家")
    assert pharmacies.key == "other.count"
    assert "定点零售药店" in pharmacies.label
    assert only(text, 80, "万元").key == "other.amount"
    assert only(text, 12.5, "%").key == "other.rate_change"
    points = only(text, 3.5, "个百分点")
    assert points.key == "other.rate_change"


# ---------------------------------------------------------------- values

@pytest.mark.parametrize(
    ("sentence", "value", "unit", "number_text"),
    [
        ("全年召开常务会议专题学法六次。", 6, "次", "六"),
        ("举办法治讲座两期。", 2, "期", "两"),
        ("开展执法检查十二次。", 12, "次", "十二"),
        ("组织普法活动一百零五场。", 105, "场", "一百零五"),
        ("发放宣传资料两万余份。", 20000, "份", "两万"),
        ("刊发学习稿件2.2万余篇。", 22000, "篇", "2.2万"),
        ("全区累计组织学习1.2萬余次。", 12000, "次", "1.2萬"),
        ("办理电子证照78.9万个。", 789000, "个", "78.9万"),
        ("每年支付律师代理费用逾20万元。", 20, "万元", "20万"),
        ("投入法治宣传经费118.5万元。", 118.5, "万元", "118.5万"),
        ("挽回经济损失1.2亿元。", 1.2, "亿元", "1.2亿"),
        ("发放以案定补补贴十二万元。", 12, "万元", "十二万"),
        ("通过门户网站发布信息1,698条。", 1698, "条", "1,698"),
        ("受理行政复议申请１２件。", 12, "件", "１２"),
        ("群众满意率达百分之九十五。", 95, "%", "九十五"),
        ("综合受理率达９８．８１％。", 98.81, "%", "９８．８１"),
    ],
)
def test_values_and_offsets(sentence: str, value: float, unit: str, number_text: str) -> None:
    indicator = only(sentence, value, unit)
    assert sentence[indicator.start:indicator.end] == number_text
    assert indicator.evidence == sentence


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "approximate"),
    [
        ("培训干部3200余人次。", 3200, "人次", True),
        ("开展宣传活动30多场。", 30, "场", True),
        ("开展专项检查近50次。", 50, "次", True),
        ("完成问卷约900份。", 900, "份", True),
        ("开展警示教育4次以上。", 4, "次", True),
        ("走访企业200家左右。", 200, "家", True),
        ("超过120名干部参加考试。", 120, "名", True),
        ("开展警示教育4次。", 4, "次", False),
        # A hundred or a thousand written without its 一.
        ("组织法治宣传活动百余场。", 100, "场", True),
        ("培训执法人员千余人次。", 1000, "人次", True),
        # 项次: checks counted by item, as enforcement statistics count them; 笔 loans, 只 and 头 animals.
        ("实施执法检查3.2万项次。", 32000, "项次", False),
        ("发放住房公积金贷款8436笔。", 8436, "笔", False),
        ("收缴野生动物1190只（头）。", 1190, "只", False),
    ],
)
def test_approximate_forms_keep_the_base_number(sentence: str, value: float, unit: str,
                                                approximate: bool) -> None:
    assert only(sentence, value, unit).approximate is approximate


def test_traditional_characters() -> None:
    text = "全年收到行政複議申請12件，組織學法培訓6次，發放資料1.5萬份，聘請法律顧問3個。"
    assert only(text, 12, "件").key == "reconsideration.received"
    assert only(text, 6, "次").key == "study.sessions"
    assert only(text, 15000, "份").approximate is False
    counsel = only(text, 3, "个")
    assert counsel.key == "legal_counsel.count"
    assert text[counsel.start:counsel.end] == "3"
    assert "聘請法律顧問3個" in counsel.evidence  # evidence is the original text, not the simplified one


# ---------------------------------------------------------------- exclusions

@pytest.mark.parametrize(
    "text",
    [
        "2023年3月29日，市政府召开常务会议。",
        "根据《关于印发实施方案的通知》（某府办〔2024〕3号）和第3号令执行。",
        "一是加强学习。二是完善制度。（一）健全机制。1.压实责任。",
        "第一批示范单位名单公布，第二批正在评选。",
        "贯彻落实《法治政府建设实施纲要（2021-2025年）》。",
        "发布时间：2024-03-05 15:49 来源：司法局",
        "联系电话：0375-5161058 豫ICP备17048361号-1 网站标识码4104250001",
        "为全市60岁以上老人提供法律援助。",
        "全面推行行政执法“三项制度”，落实“五个确保”和“两个维护”。",
        "出台《优化营商环境26条措施》。",
        "落实“两单”制度，实现“5个100%”。",
        "实现“一件事一次办”，推行一次性告知。",
        "深入学习党的二十大和二十届三中全会精神，编制“十四五”规划。",
        "传达学习市委五届十三次全会精神。",
    ],
)
def test_non_facts_are_not_indicators(text: str) -> None:
    assert find_indicators(text) == []


def test_a_figure_alone_in_quotes_is_emphasis_not_a_name() -> None:
    found = find_indicators("企业开办实现“0.5个工作日”办结。")
    assert [(i.value, i.unit) for i in found] == [(0.5, "个工作日")]


def test_trillions_keep_their_unit_as_written() -> None:
    text = "全年监管进出口货物贸易值5.3万亿元，受理申报1.2万件。"
    assert [(i.value, i.unit) for i in find_indicators(text)] == [(5.3, "万亿元"), (12000, "件")]


def test_units_that_start_another_word_are_not_units() -> None:
    assert find_indicators("联合13部门开展整治。") == []
    assert find_indicators("制作询问3笔录，查处案件3只是开始。") == []
    assert find_indicators("受理12处罚决定听证。") == []


# ---------------------------------------------------------------- evidence and offsets

def test_evidence_is_the_sentence_holding_the_value() -> None:
    text = "一、主要举措\n全年开展集体学法12次。组织法治培训4期。"
    sessions = only(text, 12, "次")
    assert sessions.evidence == "全年开展集体学法12次。"
    assert text[sessions.start:sessions.end] == "12"


def test_long_evidence_is_bounded_around_the_value() -> None:
    text = "说明" * 400 + "开展集体学法12次" + "说明" * 400 + "。"
    sessions = only(text, 12, "次")
    assert len(sessions.evidence) <= 240
    assert "集体学法12次" in sessions.evidence


# ---------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "没有任何数字的文本。", "%%%件件件", "百分之"])
def test_inputs_without_facts_give_nothing(text: str) -> None:
    assert find_indicators(text) == []


def test_non_text_input_gives_nothing() -> None:
    assert find_indicators(None) == []  # type: ignore[arg-type]
    assert find_indicators(b"12\xe4\xbb\xb6") == []  # type: ignore[arg-type]


def test_binary_garbage_does_not_raise() -> None:
    garbage = bytes(range(256)).decode("latin-1") * 200
    for indicator in find_indicators(garbage):
        assert 0 <= indicator.start < indicator.end <= len(garbage)


def test_huge_input_is_bounded() -> None:
    paragraph = "全年开展集体学法12次，发布信息6656条。" + "推进依法行政，" * 60 + "\n"
    huge = paragraph * (20_000_000 // len(paragraph))
    found = find_indicators(huge)
    assert found and found[-1].end <= 2_000_000


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789一二两十百万余多件次人%，。、率为达及均行政复议学法其中《》“”\n")),
               max_size=200))
def test_offsets_are_always_inside_the_text(text: str) -> None:
    for indicator in find_indicators(text):
        assert 0 <= indicator.start < indicator.end <= len(text)
        assert indicator.evidence


# ---------------------------------------------------------------- corpus and seeds

def _corpus() -> list[dict]:
    path = SHARED / "corpus" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"../shared not present: {path} is needed for the dev-corpus indicator check")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dev_corpus_indicator_recall() -> None:
    total = hit = 0
    for item in _corpus():
        if item["label"] != "report":
            continue
        found = {(float(i.value), i.unit) for i in find_indicators(item["text"])}
        for wanted in item.get("indicators") or []:
            total += 1
            hit += (float(wanted["value"]), wanted["unit"]) in found
    assert total > 0
    assert hit / total >= 0.85


def test_dev_corpus_has_no_year_or_date_indicators() -> None:
    for item in _corpus():
        for indicator in find_indicators(item["text"]):
            number_text = item["text"][indicator.start:indicator.end]
            following = item["text"][indicator.end:indicator.end + 1]
            assert following not in "年月日号", (item["id"], number_text, indicator.evidence)


@pytest.mark.parametrize("seed_prefix", ["000_", "002_"])
def test_seed_reports_yield_catalogue_indicators(seed_prefix: str) -> None:
    seeds = sorted((SHARED / "seeds").glob(f"{seed_prefix}*.txt")) if SHARED.exists() else []
    if not seeds:
        pytest.skip(f"../shared not present: seed {seed_prefix}* is needed")
    found = find_indicators(seeds[0].read_text(encoding="utf-8"))
    catalogued = [i for i in found if not i.key.startswith("other.")]
    assert len(catalogued) >= 10
    assert {i.key.split(".")[0] for i in catalogued} >= {"reconsideration", "mediation"}


def test_digit_runs_too_long_to_be_counts_are_skipped() -> None:
    text = "收到行政复议申请" + "9" * 5000 + "件，受理12件。"
    found = find_indicators(text)
    assert [(i.value, i.unit) for i in found] == [(12, "件")]


def test_numbers_spaced_on_both_sides_as_pdf_exports_write_them() -> None:
    found = by_value("编制公布行政许可事项清单 236 项,办理各类公证 441 件,受理法律援助案件 537 件。")
    assert {(236.0, "项"), (441.0, "件"), (537.0, "件")} <= set(found)
    assert (2023.0, "年") not in by_value("在 2023 年")        # a year is never a count


def test_compound_counts_concentrations_and_scores() -> None:
    found = by_value("年商事登记办理31715件次,开展督察督导2轮次。全市PM2.5平均浓度30微克/立方米,"
                     "PM10浓度34µg/m3。分值权重20分,十分重要。")
    assert {(31715.0, "件次"), (2.0, "轮次"), (30.0, "微克/立方米"), (34.0, "µg/m3")} <= set(found)
    assert (20.0, "分") in found
    assert (10.0, "分") not in found
    assert set(by_value("会议持续了20分钟")) == {(20.0, "分钟")}


def test_case_files_vehicles_tonnes_and_per_mille() -> None:
    found = by_value("组织评查行政执法案卷420卷,检查车辆1.5万辆次,查处超限车辆368台次,卸载货物4521.6吨。"
                     "千人行政复议申请率为0.83‰。")
    assert {(420.0, "卷"), (15000.0, "辆次"), (368.0, "台次"), (4521.6, "吨"), (0.83, "‰")} <= set(found)
    assert (368.0, "台") not in found
    assert not by_value("调阅卷宗3卷宗")  # no count: 卷 starts 卷宗


def test_areas_keep_their_wan_as_money_does_and_ratios_and_buildings_count() -> None:
    found = by_value("拆除违法建筑1.2万平方米,新增绿地35公顷,复议案件数量是一审诉讼案件的2.6倍,"
                     "培育重点商务楼宇31幢,罚没款2876.5万元。")
    assert {(1.2, "万平方米"), (35.0, "公顷"), (2.6, "倍"), (31.0, "幢"), (2876.5, "万元")} <= set(found)
    assert (12000.0, "平方米") not in found
    assert (1.5, "万") not in set(by_value("检查车辆1.5万辆次"))


def test_weights_keep_their_wan_and_yi_and_declarations_count_in_piao() -> None:
    found = by_value("全年监管进出口货物3.4亿吨,查验进口粮食12.5万吨,办理减免税审批2071票。")
    assert {(3.4, "亿吨"), (12.5, "万吨"), (2071.0, "票")} <= set(found)
    assert (125000.0, "吨") not in found


def test_kilometres_are_a_length_whose_wan_is_expanded() -> None:
    found = by_value("完成农村公路新改建82公里，全年路政巡查12.5万公里，治理面积15平方公里。")
    assert {(82.0, "公里"), (125000.0, "公里"), (15.0, "平方公里")} <= set(found)


def test_calls_and_item_visits_count() -> None:
    found = by_value("热线全年受理来电5.6万通，检查在建工程项目1426个次，下发整改通知书318份，发出3通知。")
    assert {(56000.0, "通"), (1426.0, "个次"), (318.0, "份")} <= set(found)
    assert (3.0, "通") not in found


def test_a_chinese_numeral_after_a_word_ending_in_tong_counts() -> None:
    # 合同一百二十件: contracts counted; 同一 (the same) is a bare 一 and never a count.
    assert (120.0, "件") in by_value("区政府法律顾问审查合同一百二十件。")
    assert not by_value("在同一时间开展同一次检查。")


def test_minutes_of_a_clock_time_are_not_points() -> None:
    assert (30.0, "分") not in by_value("于2021年12月16日13点30分在会议室召开")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="０１２３４５６７８９％．0123456789%.报告率件", max_size=30))
def test_full_width_digits_are_looked_for_one_by_one_as_the_class_search_found_them(text: str) -> None:
    # _simplified tests the full-width characters with `in` one by one (speed): it converts exactly what
    # a translation of every full-width digit, percent sign and point does.
    reference = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
    assert _simplified(text) == text.translate(reference)


def test_seized_goods_count_in_boxes() -> None:
    found = by_value("查处非法生产经营行为19起,收缴非法烟花爆竹2300余箱、假冒药品460盒。")
    assert {(19.0, "起"), (2300.0, "箱"), (460.0, "盒")} <= set(found)
