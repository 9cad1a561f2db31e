"""Region table and resolver: name chains, ambiguous names, hosts, special division kinds."""

from __future__ import annotations

import gzip
import random

import pytest
from ahocorasick_rs import AhoCorasick, MatchKind
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import Level
from streams.analysis import analyze_text, regions
from streams.analysis.regions import Evidence, find_places, places_above, resolve, resolve_relative


def test_table_header_records_vintage_and_counts() -> None:
    with gzip.open(regions.DATA_FILE, "rt", encoding="utf-8") as handle:
        first = handle.readline()
    assert "vintage: jionlp" in first
    table = regions.table()
    levels = [unit.level for unit in table.units]
    assert levels.count(Level.province) == 34
    assert 300 < levels.count(Level.prefecture) < 400
    assert 2800 < levels.count(Level.county) < 3400
    assert levels.count(Level.township) > 30000


def test_full_chain_resolves_to_township_with_county_code() -> None:
    region = resolve("广州市增城区正果镇人民政府")
    assert (region.province, region.prefecture, region.county, region.township) == (
        "广东省", "广州市", "增城区", "正果镇")
    assert region.code == "440118"
    assert region.confidence >= 0.9


def test_county_level_city_and_county_get_their_prefecture() -> None:
    assert resolve("高州市").prefecture == "茂名市"
    assert resolve("高州市").county == "高州市"
    jiaxian = resolve("郏县")
    assert (jiaxian.province, jiaxian.prefecture, jiaxian.code) == ("河南省", "平顶山市", "410425")


def test_province_administered_county_has_no_prefecture() -> None:
    region = resolve("潜江市")
    assert region.province == "湖北省"
    assert region.prefecture is None
    assert region.county == "潜江市"
    assert region.code == "429005"


def test_municipality_district_is_county_under_the_municipality() -> None:
    region = resolve("上海市嘉定区")
    assert (region.province, region.prefecture, region.county) == ("上海市", None, "嘉定区")
    assert regions.level_of(region) is Level.county


def test_city_without_districts_has_townships_directly_below() -> None:
    region = resolve("东莞市")
    assert (region.province, region.prefecture, region.county) == ("广东省", "东莞市", None)
    assert regions.level_of(region) is Level.prefecture


def test_ambiguous_name_without_evidence_is_left_open() -> None:
    region = resolve("鼓楼区")
    assert region.county is None
    assert region.province is None
    assert region.confidence < 0.5


def test_ambiguous_name_resolved_from_page_evidence() -> None:
    evidence = Evidence.from_texts([("江苏省南京市召开会议", 1.0)], url=None)
    region = resolve("鼓楼区", evidence)
    assert (region.province, region.prefecture) == ("江苏省", "南京市")


def test_ambiguous_name_chain_narrows_without_evidence() -> None:
    region = resolve("福州市鼓楼区")
    assert (region.province, region.prefecture, region.county) == ("福建省", "福州市", "鼓楼区")


def test_ambiguous_township_resolved_from_host_pinyin() -> None:
    evidence = Evidence()
    evidence.add_host("https://www.bjmy.gov.cn/zwgk/202602/t20260213_1.html")
    region = resolve("鼓楼街道办事处", evidence)
    assert (region.province, region.county, region.township) == ("北京市", "密云区", "鼓楼街道")


@pytest.mark.parametrize(("url", "county"), [
    ("http://rongchang.gov.cn/bm/qsfj/202303/t20230307_1.html", "荣昌区"),
    ("http://www.kaiyang.gov.cn/zwgk/", "开阳县"),
    ("http://www.puning.gov.cn/a/", "普宁市"),
    ("http://www.tianxin.gov.cn/b/", "天心区"),
    # A machine translation served by Google Translate's proxy spells the page's own host.
    ("https://www-kaiyang-gov-cn.translate.goog/art/2024/1/25/a.html?_x_tr_sl=auto&_x_tr_tl=en", "开阳县"),
])
def test_host_pinyin_names_the_county(url: str, county: str) -> None:
    evidence = Evidence()
    evidence.add_host(url)
    assert resolve_relative(Level.county, evidence).county == county


def test_a_translation_proxy_host_is_read_as_the_host_it_spells() -> None:
    proxied = "https://sfj-x--y-gd-gov-cn.translate.goog/a?_x_tr_sl=auto"
    assert regions.url_hostname(proxied) == "sfj.x-y.gd.gov.cn"
    assert regions.host_labels("https://www-deqing-gov-cn.translate.goog/a") == ["deqing"]
    assert regions.host_labels("https://translate.goog/a") == []


@pytest.mark.parametrize(("url", "level", "name"), [
    # Place names read otherwise than the words they look like (朝阳 the word is zhaoyang).
    ("http://www.changzhi.gov.cn/xxgk/", Level.prefecture, "长治市"),
    ("http://www.shanxian.gov.cn/a/", Level.county, "单县"),
    ("http://www.hongtong.gov.cn/a/", Level.county, "洪洞县"),
    ("http://www.guoyang.gov.cn/a/", Level.county, "涡阳县"),
    ("http://www.hunchun.gov.cn/a/", Level.county, "珲春市"),
])
def test_host_pinyin_of_a_place_read_otherwise_than_the_word(url: str, level: Level, name: str) -> None:
    evidence = Evidence()
    evidence.add_host(url)
    region = resolve_relative(level, evidence)
    assert (region.prefecture if level is Level.prefecture else region.county) == name


def test_host_pinyin_shared_by_two_places_needs_text_evidence() -> None:
    evidence = Evidence()
    evidence.add_host("https://www.xihu.gov.cn/publicity/1")     # 西湖区 of 杭州 and of 南昌 spell alike
    assert resolve_relative(Level.county, evidence).county is None
    evidence.items.extend(Evidence.from_texts([("杭州市", 1.0)], url=None).items)
    assert resolve_relative(Level.county, evidence).code == "330106"


def test_no_taiwan_hong_kong_or_macau_unit_is_read_from_a_host() -> None:
    # jiading is 嘉定区 (上海) alone: 茄萣区 (高雄) publishes on no gov.cn host.
    evidence = Evidence()
    evidence.add_host("https://www.jiading.gov.cn/publicity/1")
    assert resolve_relative(Level.county, evidence).county == "嘉定区"


def test_host_of_non_government_site_is_no_evidence() -> None:
    evidence = Evidence()
    evidence.add_host("https://rongchang.example.com/a.html")
    assert evidence.items == []


def test_ambiguous_host_initials_do_not_pick_a_county() -> None:
    evidence = Evidence()
    evidence.add_host("https://www.xsx.gov.cn/zfbm/")     # 习水县, 修水县, 象山县 … share the initials
    assert resolve_relative(Level.county, evidence).county is None


@pytest.mark.parametrize("host", ["www.ly.gov.cn", "www.wz.gov.cn", "sfj.ty.gov.cn"])
def test_two_letters_of_a_host_the_domain_table_lacks_are_no_evidence(host: str) -> None:
    # ly: 龙岩? 临沂? 洛阳? 辽阳? … Real two-letter portals are listed (tl.gov.cn 铜陵, not 铁岭).
    evidence = Evidence()
    evidence.add_host(f"http://{host}/zwgk/a.html")
    assert evidence.items == []


def test_find_places_reads_adjacent_names_and_skips_generic_ones() -> None:
    names = [m.name for m in find_places("中共泰州市委、泰州市人民政府和城区的工作")]
    assert names == ["泰州市", "泰州市"]
    chain = [m.name for m in find_places("重庆市长寿区司法局")]
    assert chain == ["重庆市", "长寿区"]


def test_a_generic_name_right_after_its_parent_is_that_one_unit() -> None:
    # 市中区 names five districts: alone no evidence, after 内江市 the one of 内江市.
    assert find_places("来源:市中区司法局") == []
    mentions = find_places("来源:内江市市中区司法局")
    assert [m.name for m in mentions] == ["内江市", "市中区"]
    district = regions.table().units[mentions[1].uids[0]]
    assert len(mentions[1].uids) == 1 and district.code == "511002"
    # Not after another place, or apart from it, it stays no evidence.
    assert [m.name for m in find_places("济南市和市中区")] == ["济南市"]
    assert [m.name for m in find_places("内江市、市中区")] == ["内江市"]


def test_a_name_starting_inside_the_previous_one_is_read_past() -> None:
    # 天津市市场… holds 津市市 (a city of 湖南) across 天津市's last two characters: a reader reads 天津市.
    assert [m.name for m in find_places("天津市市场监督管理委员会")] == ["天津市"]
    assert [m.name for m in find_places("来源：天津市市容园林委员会")] == ["天津市"]


def test_a_short_name_is_found_at_its_own_length_in_a_short_text() -> None:
    # 科右前旗 alone: the mention ends where the text does, not at the longest short-name length.
    mention = regions.leading_short_name("科右前旗")
    assert mention is not None and (mention.start, mention.end, mention.name) == (0, 4, "科右前旗")


def test_a_name_ending_in_a_common_suffix_pair_is_found_at_its_full_length() -> None:
    # Names are tried longest first among the lengths their last two characters allow: 新城区 before
    # the generic 城区 inside it, 内蒙古自治区 before anything shorter ending in 治区.
    def names(text: str) -> list[str]:
        return [m.name for m in find_places(text)]

    assert names("南京市鼓楼区和福州市鼓楼区") == ["南京市", "鼓楼区", "福州市", "鼓楼区"]
    assert names("内蒙古自治区呼和浩特市新城区") == ["内蒙古自治区", "呼和浩特市", "新城区"]


def test_a_caller_changing_the_mentions_it_got_does_not_change_the_next_answer() -> None:
    # find_places is cached by text (an issuer's chain is read up to three times a page); each call gets
    # a list of its own, which chain_mentions inserts into.
    first = find_places("广州市增城区正果镇人民政府")
    first.insert(0, first[-1])
    first.clear()
    assert [m.name for m in find_places("广州市增城区正果镇人民政府")] == ["广州市", "增城区", "正果镇"]


def test_renamed_township_is_found_under_its_other_suffix() -> None:
    # The table may still list a 乡 the page calls 镇: the variant is kept as a candidate.
    mentions = find_places("全镇共有增福镇和红旗乡")
    assert mentions and all(m.uids for m in mentions)


def test_leading_short_name_gives_the_city() -> None:
    region = resolve("武汉经开区统计局")
    assert (region.province, region.prefecture) == ("湖北省", "武汉市")


def test_bad_input_never_raises() -> None:
    assert resolve("").province is None
    assert find_places("") == []
    assert find_places("\x00\ufffd" * 1000) == []
    assert regions.host_labels("http://[::1") == []


def test_scan_of_a_long_text_finds_every_mention() -> None:
    text = "在市委、市政府的领导下，广州市增城区正果镇持续推进依法行政，全县全市各部门。" * 400
    names = [mention.name for mention in find_places(text)]
    assert names.count("正果镇") == 400 and names.count("增城区") == 400


@pytest.mark.parametrize(("url", "level", "province", "prefecture", "county"), [
    ("https://www.gd.gov.cn/zwgk/a.html", Level.province, "广东省", None, None),   # gov_domains.tsv
    ("https://sft.hlj.gov.cn/sft/c1/202203/c00_1.shtml", Level.province, "黑龙江省", None, None),
    ("http://www.xjyl.gov.cn/info/1.htm", Level.prefecture, "新疆维吾尔自治区", "伊犁哈萨克自治州", None),
    # City portals the pinyin cannot tell: initials (gz: 13 places), a spelling two cities share.
    ("https://rsj.gz.gov.cn/zcfg/fzzfjs/content/post_1.html", Level.prefecture, "广东省", "广州市", None),
    ("http://www.fuzhou.gov.cn/zwgk/a.htm", Level.prefecture, "福建省", "福州市", None),
    ("https://www.hhjp.gov.cn/info/2.htm", Level.county,
     "云南省", "红河哈尼族彝族自治州", "金平苗族瑶族傣族自治县"),
])
def test_host_names_the_place_from_the_domain_table_and_parent_initials(
        url: str, level: Level, province: str, prefecture: str | None, county: str | None) -> None:
    evidence = Evidence()
    evidence.add_host(url)
    region = resolve_relative(level, evidence)
    assert (region.province, region.prefecture, region.county) == (province, prefecture, county)


def test_domain_table_comes_from_the_portal_registry() -> None:
    table = regions.table()
    assert table.units[table.by_domain["gd.gov.cn"]].name == "广东省"
    assert table.units[table.by_domain["cq.gov.cn"]].name == "重庆市"


def test_the_rule_of_law_slogan_names_its_place_short() -> None:
    county = regions.table().by_code["331121"]           # 青田县
    slogan = Evidence.from_texts([("为建设法治青田提供了坚实保障", 1.0)], None)
    assert resolve_relative(Level.county, slogan).county == "青田县"
    assert slogan.score(county) > 0
    # 法治政府, 法治思想, 法治示范区 name no place.
    words = Evidence.from_texts([("推进法治政府建设，践行法治思想，创建法治示范区", 1.0)], None)
    assert words.items == []


def test_a_district_is_named_short_under_its_city_named_in_full() -> None:
    # A district's own pages call it by its short form (南沙, 龙华) beside the city's full name.
    text = "在广州市委、市政府和区委的坚强领导下，南沙坚持以习近平法治思想为指导"
    assert resolve_relative(Level.county, Evidence.from_texts([(text, 1.0)], None)).county == "南沙区"
    shenzhen = "2023年，在深圳市委的坚强领导下，龙华坚持依法行政"
    assert resolve_relative(Level.county, Evidence.from_texts([(shenzhen, 1.0)], None)).county == "龙华区"
    # Only under the city the text names (龙华 is also a district of 海口), and only where it stands as a
    # name: inside a word (推动南沙…: 动 leads no place) or without its city it is nothing.
    assert resolve_relative(Level.county, Evidence.from_texts([(shenzhen.replace("深圳市委", "市委"), 1.0)],
                                                              None)).county is None
    inside = "在广州市委的坚强领导下，推动南沙方案落地"
    assert resolve_relative(Level.county, Evidence.from_texts([(inside, 1.0)], None)).county is None


@pytest.mark.parametrize(("account", "places"), [
    ("琼海发布", ["琼海市"]), ("黄岩司法", ["黄岩区"]), ("宜宾发布", ["宜宾市"]),
    ("法治准格尔", ["准格尔旗"]),                  # the rule-of-law slogan as the account's name
    ("北京朝阳", ["朝阳区"]),                      # a province's short name, then one of its districts'
    ("青岭县人民政府", []),                        # a name in full: the evidence reads it as a full name
    ("学习强国", []),
])
def test_an_account_leads_its_name_with_its_place(account: str, places: list[str]) -> None:
    units = regions.table().units
    found = regions.account_place(account)
    assert [units[uid].name for uid in found] == places
    if account == "北京朝阳":
        assert units[units[found[0]].parent].name == "北京市"


def test_generic_names_are_the_names_every_candidate_of_which_is_generic() -> None:
    # find_places drops such names by one set lookup (speed), collected from the generic units only:
    # the same set as testing every name of the table.
    # A small table holds one only as another-suffix spelling (城关乡 for the generic 城关镇).
    small = regions.RegionTable([["P", "110000", "北京市", "北京", "", "beijing", ""],
                                 ["K", "110101", "东城区", "东城", "110000", "dongcheng", ""],
                                 ["T", "", "城关镇", "城关镇", "110101", "", "g"]], "test")
    for table in (regions.table(), small):
        every = {name for name, (uids, variants) in table.lookup.items()
                 if all(table.units[uid].generic for uid in uids + variants)}
        assert table.generic_names == every and every
    assert "城关乡" in small.generic_names


_PROVINCE_PIECES = ["浙江", "江西", "西藏", "山西", "陕西", "内蒙古", "蒙古", "黑龙江", "龙江",
                    "广东", "东", "广西", "海南", "南京", "京", "北京", "河北", "湖北", "湖南",
                    "省", "市", "的", "重庆", "庆"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PROVINCE_PIECES), max_size=30).map("".join))
def test_province_short_names_are_found_as_a_leftmost_longest_automaton_finds_them(text: str) -> None:
    # The short province names are found by a longest-first alternation (cheaper than an automaton call
    # in the pipeline's cold cache): the same positions and units as the leftmost-longest automaton it
    # replaced.
    alternation, shorts = regions._province_shorts()
    names = sorted(shorts)
    automaton = AhoCorasick(names, matchkind=MatchKind.LeftmostLongest)
    expected = [(position, shorts[names[index]])
                for index, position, _ in automaton.find_matches_as_indexes(text)]
    assert [(match.start(), shorts[match.group()]) for match in alternation.finditer(text)] == expected


def test_evidence_score_counts_related_mentions_as_the_lineage_tests_did() -> None:
    # Evidence.score tests "uid is an ancestor of other" by one index at uid's depth (speed): the same
    # score, to the bit, as testing membership in both lineages, on items drawn from one lineage's
    # neighbourhood (ancestors, descendants, siblings, strangers).
    table = regions.table()
    rng = random.Random(11)
    for _ in range(300):
        unit = table.units[rng.randrange(len(table.units))]
        family = [*unit.lineage, *(u.uid for u in table.units[unit.uid + 1: unit.uid + 40])]
        pool = family + [rng.randrange(len(table.units)) for _ in range(10)]
        evidence = Evidence(items=[(tuple(rng.sample(pool, rng.randint(1, 6))), rng.choice((0.5, 1.0, 3.0)))
                                   for _ in range(rng.randint(1, 12))])
        for uid in rng.sample(pool, 8):
            lineage = table.units[uid].lineage
            expected = 0.0
            for uids, weight in evidence.items:
                related = sum(1 for other in uids if other in lineage or uid in table.units[other].lineage)
                if related * 2 >= len(uids) and related:       # at least half the mention's candidates
                    expected += weight * related / len(uids)
            assert evidence.score(uid) == expected


def test_a_text_read_twice_gives_the_same_evidence_under_each_weight() -> None:
    # The places a text names short are found once per text (cached, like find_places): a page whose head
    # and tail are one text gets the same items under each weight, in the same order.
    text = "推动广东高质量发展,对重庆的重要讲话,法治青田建设"
    once = Evidence.from_texts([(text, 1.0)], None).items
    twice = Evidence.from_texts([(text, 1.0), (text, 3.0)], None).items
    assert len(once) >= 3 and twice == once + [(uids, weight * 3.0) for uids, weight in once]


def test_url_hostname_reads_the_host_of_an_address_or_of_a_bare_host() -> None:
    assert regions.url_hostname("http://www.Suizhou.gov.cn/xxgk/1.html") == "www.suizhou.gov.cn"
    assert regions.url_hostname("sfj.luan.gov.cn") == "sfj.luan.gov.cn"
    assert regions.url_hostname("https://user@a.gov.cn:8080?x#y") == "a.gov.cn"
    assert regions.url_hostname("/local/path.html") is None
    with pytest.raises(ValueError):
        regions.url_hostname("http://[::1")


@pytest.mark.parametrize("text", [
    "荣获全省法治政府建设示范县称号",      # 示范县: not 范县
    "进一步提高县级政府依法行政水平",      # 提高县级: not 高县
    "加强管理县城市容环境",               # 管理县城: not 理县
    "地方各级政府和县级以上人民政府",      # 政府和县级: not 和县
    "贯彻《纲要》和县委、县政府部署",      # a conjunction after a boundary: not 和县
    "推进产业集中区建设",                 # 集中区: not 中区
])
def test_a_two_character_name_inside_a_word_is_not_a_place(text: str) -> None:
    assert regions.find_places(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("范县人民政府2023年度法治政府建设情况报告", "范县"),   # at the start
    ("河南省范县坚持依法行政", "范县"),                   # right after its province
    ("安徽省和县坚持依法行政", "和县"),
    ("2023年,在高县县委的领导下", "高县"),              # after a word that leads a place
    ("奋力建设法治赵县", "赵县"),                        # the rule-of-law slogan
    ("（范县）", "范县"),                                # after punctuation
])
def test_a_two_character_name_at_a_boundary_is_a_place(text: str, name: str) -> None:
    assert name in [mention.name for mention in regions.find_places(text)]


def test_the_word_街道_is_no_place() -> None:
    # The source lists the sub-districts of a few counties as one unit named 街道: never evidence.
    assert regions.find_places("现将街道2022年街道法治政府工作报告如下,街道党工委") == []
    ev = Evidence.from_texts([("本街道2022年度法治政府建设工作报告,街道在区委领导下", 3.0),
                              ("首页 > 杭州市西湖区人民政府 > 信息公开", 1.0)], None)
    assert resolve_relative(Level.province, ev).province == "浙江省"


def test_a_directory_of_the_address_places_a_page_inside_the_hosts_place() -> None:
    names = lambda url: [[regions.table().units[uid].name for uid in uids]  # noqa: E731
                         for uids, _ in Evidence.from_texts([], url).items]
    assert names("http://www.cq.gov.cn/zwgk/rongchang/202403/t20240301_1.html") == [["重庆市"], ["荣昌区"]]
    assert names("http://www.gd.gov.cn/zwgk/dongguan/202403/t20240301_1.html") == [["广东省"], ["东莞市"]]
    # Initials name too many places; a place outside the host's is another site's; a file name is an id.
    assert names("http://www.cq.gov.cn/bm/202403/t1.html") == [["重庆市"]]
    assert names("http://www.cq.gov.cn/zwgk/dongguan/t1.html") == [["重庆市"]]
    assert names("http://www.cq.gov.cn/zwgk/rongchang.html") == [["重庆市"]]
    assert names("http://www.example.com/rongchang/t1.html") == []          # no government host


def test_a_name_most_places_share_is_no_evidence_for_where_most_of_them_are() -> None:
    # 城关镇 names 100 towns, 33 of them in 河南: no evidence for 河南 (half the candidates would be).
    table = regions.table()
    town = regions.chain_mentions("城关镇")[0]
    assert len(town.uids) > 10
    evidence = Evidence.from_texts([("城关镇2023年法治政府建设工作报告", 3.0)], None)
    henan = table.by_name["河南省"][0]
    assert evidence.score(henan) == 0.0
    assert regions.resolve_relative(Level.province, evidence).province is None



def test_a_host_spelling_its_place_after_cn() -> None:
    # cnlongxi.gov.cn is 中国陇西: the full spelling after "cn" is read, initials after it are not (cngy:
    # two letters, which name no place).
    table = regions.table()
    longxi = Evidence.from_texts([], "http://www.cnlongxi.gov.cn/art/2024/3/1/art_1_1.html")
    assert [table.units[uid].name for uids, _ in longxi.items for uid in uids] == ["陇西县"]
    assert Evidence.from_texts([], "https://srsj.cngy.gov.cn/a.html").items == []


@pytest.mark.parametrize(("name", "code", "above"), [
    ("金龙街道", "350502", "泉州市鲤城区"),   # a town of a district: the district and its city
    ("南岸区", "500108", "重庆市"),          # a district of a municipality
    ("军埠镇", "445281", "普宁市"),          # a town of a county-level city: the city only
    ("普宁市", "445281", ""),               # counties, cities and provinces are named alone
    ("合肥市", "340100", ""),
    ("兰州新区", "620171", ""),             # a zone listed like a district keeps its own name
    ("浦东新区", "310115", "上海市"),        # a new area that is a municipality's district
    ("六枝特区", "520203", ""),             # a 特区 and a 林区 have names of their own
    ("神农架林区", "429021", ""),           # (and no city above: 湖北省 governs it directly)
    ("碑林区", "610103", "西安市"),          # a district whose name ends so (碑林 + 区) is a city's
    ("万柏林区", "140109", "太原市"),
])
def test_places_above_a_unit_are_those_its_formal_name_carries(name: str, code: str, above: str) -> None:
    units = regions.table().units
    unit = next(units[uid] for uid in regions.table().by_name[name] if units[uid].code == code)
    lineage = [units[uid] for uid in unit.lineage]
    assert places_above(lineage, len(lineage) - 1) == above


def test_a_banners_townships_are_named_without_the_banner() -> None:
    # The source prefixes 四子王旗's townships with the banner (四子王旗红格尔苏木): read as 红格尔苏木.
    units = regions.table().units
    found = [units[uid] for uid in regions.table().by_name.get("红格尔苏木", ())]
    assert [units[unit.parent].name for unit in found] == ["四子王旗"]


def test_a_short_form_several_units_share_is_no_alias() -> None:
    # 32 zones are 高新区 for short; the one with a county's code (成都高新技术产业开发区) owns it no more.
    assert "高新区" not in regions.table().aliases
    assert regions.table().aliases.get("互助县")      # a short form of one unit stays one


def test_units_renamed_since_the_edition_go_by_their_new_names_and_codes() -> None:
    table = regions.table()
    for line in regions.RENAMED_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        old_code, old_name, new_code, new_name = line.split("\t")[:4]
        unit = table.units[table.by_code[new_code]]
        assert (unit.name, unit.code) == (new_name, new_code)
        assert old_code not in table.by_code
        assert unit.uid in table.by_name[old_name]             # the former name still names it
        townships = [u for u in table.units if u.parent == unit.uid]
        assert townships and all(u.code == new_code for u in townships)


@pytest.mark.parametrize(("text", "issuer"), [
    # A county made a district is named with its city now, and alone by its former name (an older report).
    ("湟中区人民政府关于2025年度法治政府建设情况的报告\n2025年，湟中区坚持以习近平法治思想为指导。",
     "西宁市湟中区人民政府"),
    ("湟中县人民政府关于2018年度法治政府建设情况的报告\n2018年，湟中县坚持依法行政。", "湟中县人民政府"),
    ("米林市2025年法治政府建设年度报告\n2025年，米林市坚持以习近平法治思想为指导。", "米林市人民政府"),
    ("米林县2022年法治政府建设年度报告\n2022年，米林县坚持以习近平法治思想为指导。", "米林县人民政府"),
    # A county-level city made a district before the table's edition (临安区 since 2017), by its old name.
    ("临安市人民政府关于2016年度法治政府建设情况的报告\n2016年，临安市坚持依法行政。", "临安市人民政府"),
])
def test_a_renamed_unit_is_named_as_its_page_writes_it(text: str, issuer: str) -> None:
    assert analyze_text(text + "现将有关情况报告如下：\n一、主要举措和成效").facts.issuer == issuer
