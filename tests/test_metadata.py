"""Report metadata: file names, texts, and the precedence manifest > file name > text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.metadata import (
    PartialMeta,
    infer_meta,
    infer_year,
    meta_from_filename,
    meta_from_text,
    unit_type_of,
)
from analytics.records import UNKNOWN_UNIT, ManifestRow, Meta


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2023_市体育局.docx", PartialMeta("市体育局", "agency", 2023, None)),
        ("2024_石桥村党支部_王建国.txt", PartialMeta("石桥村党支部", "village", 2024, "王建国")),
        (
            "2022_青山街道党工委_欧阳明.pdf",
            PartialMeta("青山街道党工委", "township", 2022, "欧阳明"),
        ),
        ("2023_县人民医院党委.docx", PartialMeta("县人民医院党委", "hospital", 2023, None)),
        (
            "２０２３_城关第一中学党支部.txt",
            PartialMeta("城关第一中学党支部", "school", 2023, None),
        ),
        ("2023_市城投集团有限公司.txt", PartialMeta("市城投集团有限公司", "soe", 2023, None)),
        ("2021_幸福社区党委.txt", PartialMeta("幸福社区党委", "community", 2021, None)),
        (
            "柳河镇党委书记2024年度抓基层党建工作述职报告.txt",
            PartialMeta("柳河镇党委", "township", 2024, None),
        ),
        ("述职报告-石桥村-2022.docx", PartialMeta("石桥村", "village", 2022, None)),
        ("2023年度区统计局党组书记述职报告.docx", PartialMeta("区统计局", "agency", 2023, None)),
        ("关于2022年抓党建工作的述职报告.pdf", PartialMeta(None, None, 2022, None)),
        ("000_05de8f40bad0d4d8.txt", PartialMeta()),
        ("scan_0823.pdf", PartialMeta()),
        ("a1b2023c.txt", PartialMeta()),
        ("2022-2023_述职报告.txt", PartialMeta()),
        ("reports/2023_市体育局.docx", PartialMeta("市体育局", "agency", 2023, None)),
    ],
)
def test_meta_from_filename(name: str, expected: PartialMeta) -> None:
    assert meta_from_filename(name) == expected


TOWNSHIP = """柳河镇党委书记 王建国
2023年度抓基层党建工作述职报告
一年来，我镇坚持以党建引领乡村振兴，全镇26个村党组织全部完成换届。
柳河镇党委班子带头落实三会一课制度，柳河镇新建党群服务中心3个。
"""

SIGNED = """一年来，在镇党委的正确领导下，我村扎实推进基层党建工作，石桥村党支部全年发展党员2名。
我村党员群众积极参与人居环境整治，石桥村面貌焕然一新。
述职人：石桥村党支部书记 李明
2024年1月10日
"""

AGENCY = """2023年以来，在县委县政府的坚强领导下，我局认真履行管党治党责任，
推动党建与税收工作深度融合。
全局党员干部围绕税务中心工作，优化纳税服务，落实减税降费政策。税务系统开展办税便利化改革，
纳税人满意度持续提升。按照县直机关工委和县委组织部要求，现将2023年度抓党建工作情况报告如下。
"""

VILLAGE = """今年以来，我村坚持党建引领，东坡村党支部组织党员开展志愿服务。
东坡村“两委”班子团结协作。
全村共有党员36名，村集体经济收入稳步增长。
"""

SCHOOL = """2023年，我校党支部以立德树人为根本任务，我校是城关实验中学，全校师生共同参与。
城关实验中学党支部组织教师党员开展结对帮扶，教职工满意度不断提升。
"""

SUPERIOR = """按照市委组织部和区直机关工委的部署，我局扎实推进机关党建。
局机关党员深入财政预算管理一线，
严格财政资金监管，推进预算绩效改革，财政收支平稳运行。在区委区政府的领导下，2023年度工作圆满完成。
"""

CPC = """中共青山街道工作委员会
关于2023年度抓基层党建工作情况的报告
一年来，街道党工委坚持把抓好党建作为最大政绩。
"""

NOTHING = "一年来，我始终坚持把党的政治建设摆在首位，认真履行第一责任人职责。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TOWNSHIP, PartialMeta("柳河镇党委", "township", 2023, "王建国")),
        (SIGNED, PartialMeta("石桥村党支部", "village", 2023, "李明")),
        (AGENCY, PartialMeta("县税务局", "agency", 2023, None)),
        (VILLAGE, PartialMeta("东坡村", "village", None, None)),
        (SCHOOL, PartialMeta("城关实验中学", "school", 2023, None)),
        (SUPERIOR, PartialMeta("区财政局", "agency", 2023, None)),
        (CPC, PartialMeta("青山街道党工委", "township", 2023, None)),
        (NOTHING, PartialMeta()),
    ],
    ids=["byline", "signature", "agency-domain", "village", "school", "superior", "cpc", "none"],
)
def test_meta_from_text(text: str, expected: PartialMeta) -> None:
    assert meta_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("现将2023年抓党建工作情况报告如下。", 2023),
        ("现将 2023 年抓党建工作情况报告如下。", 2023),
        ("二〇二三年度抓基层党建工作述职报告", 2023),
        ("２０２２年以来，我们坚持党建引领。", 2022),
        ("2022年度述职报告\n今年发展党员3名，2021年发展党员2名。", 2022),
        ("一年来成效明显。" + "工作扎实推进。" * 60 + "自2014年以来累计发展党员67名。", None),
        ("一年来成效明显。\n述职人：张三\n2024年1月8日", 2023),
        ("严格落实2021-2025年党员教育培训规划。", None),
        ("2023年以来成效明显。2024年，我将继续努力。", 2023),
        ("一年来成效明显。", None),
        ("东湖社区党委书记抓基层党建工作述职报告\n（2024年1月）\n一年来成效明显。", 2023),
        ("东湖社区党委书记抓基层党建工作述职报告\n2023年12月\n一年来成效明显。", 2023),
    ],
)
def test_report_year(text: str, year: int | None) -> None:
    assert infer_year(text) == year


@pytest.mark.parametrize(
    ("unit", "unit_type"),
    [
        ("市体育局", "agency"),
        ("区委组织部", "agency"),
        ("市体育局机关党委", "agency"),
        ("柳河镇党委", "township"),
        ("青山街道", "township"),
        ("石桥村党支部", "village"),
        ("幸福社区", "community"),
        ("市城投集团", "soe"),
        ("农商银行", "soe"),
        ("城关第一小学", "school"),
        ("县人民医院", "hospital"),
        ("镇卫生院党支部", "hospital"),
        ("乡村振兴局", "agency"),
        ("某某协作组", None),
    ],
)
def test_unit_type_from_the_name(unit: str, unit_type: str | None) -> None:
    assert unit_type_of(unit) == unit_type


def test_manifest_beats_filename_beats_text_field_by_field() -> None:
    manifest = ManifestRow(file="2023_市体育局.txt", unit=None, unit_type=None, year=2022)
    meta = infer_meta(TOWNSHIP, filename="2023_市体育局.txt", manifest=manifest)
    # unit from the file name, year from the manifest, secretary from the text
    assert meta == Meta(unit="市体育局", unit_type="agency", year=2022, secretary="王建国")


def test_manifest_unit_and_type_are_taken_as_given() -> None:
    manifest = ManifestRow(file="x.txt", unit="示范单位", unit_type="other", secretary="赵六")
    meta = infer_meta(TOWNSHIP, filename="x.txt", manifest=manifest)
    assert meta == Meta(unit="示范单位", unit_type="other", year=2023, secretary="赵六")


def test_unit_type_falls_back_to_the_text_when_the_name_does_not_say() -> None:
    meta = infer_meta("我村党员积极参与，全村面貌一新。我村发展党员2名。", filename="2023_红旗.txt")
    assert (meta.unit, meta.unit_type, meta.year) == ("红旗", "village", 2023)


def test_unknown_unit_and_year_are_flagged_not_guessed() -> None:
    meta = infer_meta(NOTHING, filename="scan_0823.pdf")
    assert meta == Meta(
        unit=UNKNOWN_UNIT,
        unit_type="other",
        year=None,
        secretary=None,
        review_reasons=("单位未识别", "单位类型未识别", "年度未识别"),
    )
    assert meta.needs_review


SEED_META = {
    "000_05de8f40bad0d4d8.txt": "体育局",
    "002_0ab65d941972ac99.txt": "统计局",
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_metadata(seeds_dir: Path, name: str) -> None:
    gold = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))["reports"][name]
    meta = infer_meta((seeds_dir / name).read_text(encoding="utf-8"), filename=name)
    assert gold["meta"]["unit_contains"] in meta.unit
    assert meta.unit_type == gold["meta"]["unit_type"]
    assert meta.year == gold["meta"]["year"]


@pytest.mark.shared
def test_seed_units_carry_their_level(seeds_dir: Path) -> None:
    """A reader names the units 市体育局 and 区统计局: the level comes from the text."""
    units = [
        infer_meta((seeds_dir / n).read_text(encoding="utf-8"), filename=n).unit
        for n in sorted(SEED_META)
    ]
    assert units == ["市体育局", "区统计局"]


@pytest.mark.parametrize(
    ("filename", "unit"),
    [
        ("述职报告-石桥村-2022.docx", "石桥村党支部"),  # loose name: the text's fuller name
        ("2022_石桥村.docx", "石桥村"),  # the convention: the file name as given
    ],
)
def test_loose_file_name_takes_the_texts_fuller_unit_name(filename: str, unit: str) -> None:
    text = "石桥村党支部书记 王建军\n抓基层党建工作述职报告\n"
    assert infer_meta(text, filename=filename).unit == unit


@pytest.mark.parametrize(
    ("text", "unit", "secretary"),
    [
        ("红星镇2023年度抓基层党建工作述职报告\n一年来，我镇……", "红星镇", None),
        ("关于县教育局2023年度党建工作述职的报告\n", "县教育局", None),
        ("述职报告\n述职人：张三（红星镇党委书记）\n", "红星镇党委", "张三"),
        (
            "白沙镇党委书记抓基层党建工作述职报告\n述职人：南川县白沙镇党委书记　李红梅\n",
            "南川县白沙镇党委",
            "李红梅",
        ),
        (
            "南川县审计局党组书记抓基层党建工作述职报告\n（赵建设）\n一年来……",
            "南川县审计局",
            "赵建设",
        ),
        ("述职报告\n……\n县交通运输局党组书记、局长　李四\n2024年1月5日", "县交通运输局", "李四"),
        ("按照县委组织部要求，现将有关情况报告如下。\n县委组织部：\n", None, None),
        (
            "中共南川县白沙镇委员会书记王五\n2023年度抓基层党建工作述职报告\n一年来……",
            "南川县白沙镇党委",
            "王五",
        ),
        (
            "抓党建工作述职\n各位领导：\n我叫刘大山，是白沙镇新村党支部书记。一年来……",
            "白沙镇新村党支部",
            "刘大山",
        ),
    ],
    ids=[
        "title-unit-year",
        "title-guanyu",
        "reporter-line",
        "reporter-line-fuller-name",
        "name-in-brackets-under-title",
        "signature-with-post",
        "superior-only",
        "formal-committee-name",
        "self-introduction",
    ],
)
def test_unit_and_secretary_from_title_and_signature(
    text: str, unit: str | None, secretary: str | None
) -> None:
    meta = meta_from_text(text)
    assert (meta.unit, meta.secretary) == (unit, secretary)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("一年来，我镇坚持党建引领。大石桥镇党委班子团结。大石桥镇新建党群服务中心。", "大石桥镇"),
        (
            "我校党支部扎实工作。青山市第二中学党支部组织活动，在青山市第二中学召开大会。",
            "青山市第二中学",
        ),
        ("今年我村发展党员1名。石桥村村民积极参与，石桥村面貌一新。", "石桥村"),
        ("我镇党员积极参与。柳河镇、石门镇联合开展活动。", None),
    ],
    ids=["three-character-name", "long-school-name", "village", "no-clear-name"],
)
def test_unit_name_from_how_often_the_text_states_it(text: str, unit: str | None) -> None:
    assert meta_from_text(text).unit == unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("红星镇党委2023年度书记抓基层党建工作述职报告\n述职人：李四\n", "红星镇党委"),
        ("2023年以来，东坡村党支部在红星镇党委的正确领导下，团结带领群众……", "东坡村党支部"),
        ("2023年，城关中学党总支在县委教育工委的领导下，坚持立德树人……", "城关中学党总支"),
        ("2023年，我校党支部以立德树人为根本任务，扎实开展工作。", None),
        ("青峰县审计局机关党委\n2022年度党委书记抓基层党建工作述职报告\n", "青峰县审计局机关党委"),
        (
            "国家税务总局青峰县税务局第一分局党委\n2023年度书记述职报告\n",
            "青峰县税务局第一分局党委",
        ),
        ("中共东坡村总支部委员会\n2024年党总支书记抓党建述职报告\n", "东坡村党总支"),
        ("南坪镇卫生院党支部\n书记抓基层党建工作述职报告\n", "南坪镇卫生院党支部"),
    ],
    ids=[
        "year-between-unit-and-secretary",
        "opening-subject",
        "opening-school",
        "self-reference",
        "two-line-title",
        "two-line-title-vertical-system",
        "two-line-title-cpc",
        "two-line-title-post-on-second-line",
    ],
)
def test_unit_from_title_or_opening_sentence(text: str, unit: str | None) -> None:
    assert meta_from_text(text).unit == unit


# --- phenomena of reports as they are really written ---------------------------------------------
# Each row is a sentence written for this table; "found" rows name the unit, "trap" rows must not.

UNIT_ROWS = [
    # found: the unit named by a title prefix
    ("title-huibao", "青柳镇2023年抓基层党建工作情况汇报\n一年来，我镇……", "青柳镇"),
    ("title-guanyu", "关于白鹭社区2024年度党建工作情况的报告\n一年来……", "白鹭社区"),
    ("title-no-year", "石门村党支部关于抓基层党建工作的情况汇报\n一年来……", "石门村党支部"),
    ("title-bare-year", "杏花村党支部2022抓党建工作述职报告\n", "杏花村党支部"),
    # found: the subject of the first sentence
    ("subject-weiyu", "述职报告\n各位领导：\n柳溪社区位于城区东部，辖区居民三千余户。", "柳溪社区"),
    ("subject-dichu", "工作总结\n枫林村地处两县交界，全村辖6个村民小组。", "枫林村"),
    ("subject-after-glued-title", "社区党建工作情况汇报白石社区位于城区西部，辖区……", "白石社区"),
    ("subject-after-opening", "述职报告\n2023年以来，桂园社区现有党员90名。", "桂园社区"),
    # found: a body phrase
    (
        "body-xianyou",
        "工作总结\n一年来，我们坚持党建引领。青禾村党支部现有党员38名。",
        "青禾村党支部",
    ),
    (
        "body-subject-most-stated",
        "工作报告\n各位党员：\n今天召开大会。\n一、工作回顾\n"
        "松岭网格党总支认真落实三会一课。松岭网格党总支坚持每月开展活动。",
        "松岭网格党总支",
    ),
    (
        "document-issued",
        "学习情况汇报\n一年来，局党组结合本局实际，制定《青溪县文旅局2023年度学习计划》。",
        "青溪县文旅局",
    ),
    ("trap-document-of-superior", "学习情况汇报\n按照《县委2023年度学习安排》，我局……", None),
    # found: anonymised names keep what the text gives
    ("anon-XX", "XX乡党委书记抓基层党建工作述职报告\n一年来……", "XX乡党委"),
    ("anon-xx", "xx社区2023年党建工作总结\n一年来……", "xx社区"),
    ("anon-times", "××医院党委书记述职报告\n一年来，我院……", "××医院党委"),
    ("anon-opening", "工作总结\nxx年，**镇党委、政府在县委的领导下……", "**镇党委"),
    ("anon-underscores", "工作总结\n___镇是___县县委驻地，辖11个居委会。", "___镇"),
    ("anon-stars", "***村党支部书记述职报告\n一年来……", "***村党支部"),
    # found: numerals inside the name
    ("numeral-chinese", "第三人民医院党委书记述职报告\n", "第三人民医院党委"),
    ("numeral-village", "红旗二村党支部书记述职报告\n", "红旗二村党支部"),
    ("numeral-arabic", "兵团102团党委书记抓基层党建工作述职报告\n", "兵团102团党委"),
    # found: a labelled line
    (
        "label-line",
        "述职报告\n单位：青峰县石桥村党支部\n姓名：王强\n一年来……",
        "青峰县石桥村党支部",
    ),
    (
        "self-introduction-line",
        "述职报告\n尊敬的各位领导：\n我是城南中学党支部书记李华，现将工作汇报如下。",
        "城南中学党支部",
    ),
    # found: the post held now, after a verb
    ("post-verb-danren", "述职报告\n自担任石桥村党支部书记以来，我始终……", "石桥村党支部"),
    ("post-verb-zuowei", "述职报告\n作为柳河镇党委书记，我……", "柳河镇党委"),
    # traps: what stands before 书记 is no unit
    ("trap-former-post-cengren", "述职报告\n我曾任南山乡党委书记，现……", None),
    (
        "agency-level-from-leadership",
        "述职报告\n一年来，在县委的坚强领导下，我局党组抓统计，统计数据……统计调查……",
        "县统计局",
    ),
    ("trap-time", "述职报告\n今年以来，作为党委书记，我始终把党建摆在首位。", None),
    ("trap-zhucun", "驻村第一书记述职报告\n一年来，我坚持吃住在村。", None),
    ("trap-general-secretary", "述职报告\n习近平总书记指出，要抓好基层党建。", None),
    ("trap-former-post", "述职报告\n2022年6月，我从南山乡调至北河镇任党委书记。", None),
    ("trap-honour-title", "在示范乡镇党委书记培训班上的交流发言\n", None),
    ("trap-honour-named", "我村先后获评省级文明村、市级先进村。全村上下……我村", None),
    ("trap-generic-type", "社区党委书记抓基层党建工作述职报告\n一年来，我们……", None),
    ("trap-sub-unit", "工作总结\n全镇党建有序推进，其中石桥村党支部现有党员20名。", None),
    (
        "former-post-by-frequency",
        "述职报告\n去年我从南山乡调至北河镇工作。南山乡的经验，我在北河镇继续推广，我镇全镇……",
        "北河镇",
    ),
    ("trap-generic-hospital", "中心卫生院党支部书记述职报告\n一年来，我院……", None),
    ("trap-verb-before-post", "述职报告\n……严肃组织生活，督促党支部书记认真履职。", None),
    ("trap-generic-kind", "2023年公立医院党建工作情况总结\n2023年，院党委……", None),
    (
        "title-part-of-year",
        "市交通运输局党组2025年前三季度抓基层党建工作述职报告\n",
        "市交通运输局",
    ),
    ("trap-name-withheld-whole", "工作总结\n2023年，xxxxxxx院党委认真学习……", None),
    ("trap-quantity", "工作总结\n一年来，多个项目党支部坚持开展活动。", None),
    ("trap-count", "述职报告\n配齐配强26名村党组织书记。", None),
]


@pytest.mark.parametrize(
    ("text", "unit"), [r[1:] for r in UNIT_ROWS], ids=[r[0] for r in UNIT_ROWS]
)
def test_unit_as_real_reports_write_it(text: str, unit: str | None) -> None:
    assert meta_from_text(text).unit == unit


TYPE_ROWS = [
    ("community-title", "社区党委书记抓基层党建工作述职报告\n一年来，我们……", "community"),
    ("soe-title", "公司党委书记述职报告\n一年来，我们……", "soe"),
    ("school-title", "学校党总支书记抓党建述职报告\n", "school"),
    ("hospital-self", "一年来，我院坚持党建引领。全院医务人员……我院患者满意度提升。", "hospital"),
    ("health-bureau", "XX县卫生健康局党组书记述职报告\n一年来，我局……", "agency"),
    ("health-commission", "县卫生健康委员会党组书记述职报告\n", "agency"),
    ("township-anon", "XX镇2023年抓基层党建工作情况汇报\n", "township"),
    (
        "first-person-over-title",
        "2023社区党建工作总结\n近年来，全镇社区党建扎实推进，镇党委……全镇",
        "township",
    ),
    (
        "title-over-superior",
        "驻村第一书记工作总结\n在乡党委、政府的领导下，乡党委……乡党委",
        "village",
    ),
    (
        "community-words",
        "工作总结\n社区事务繁杂，社区党建抓得不实，居民满意度不高，社区……",
        "community",
    ),
    ("kindergarten-title", "幼儿园党支部年度党建工作总结\n在局党委的领导下，局党委……", "school"),
    ("institute-court", "工作报告\n一年来，我院坚持公正司法，审判质效提升，我院……", "agency"),
    ("institute-college", "工作总结\n一年来，我院党委坚持立德树人，全院师生、学生……", "school"),
    ("nothing", "一年来，我始终坚持把党的政治建设摆在首位。", None),
]


@pytest.mark.parametrize(
    ("text", "unit_type"), [r[1:] for r in TYPE_ROWS], ids=[r[0] for r in TYPE_ROWS]
)
def test_unit_type_from_text_cues_even_without_a_name(text: str, unit_type: str | None) -> None:
    assert meta_from_text(text).unit_type == unit_type


YEAR_ROWS = [
    ("bare-title", "2018抓基层党建工作述职报告\n一年来成效明显。", 2018),
    ("bare-before-subject", "2023社区党建工作总结\n一年来成效明显。", 2023),
    ("bare-du", "石桥村党支部2022度述职报告\n", 2022),
    ("spaced", "现将 2020 年度抓党建工作情况报告如下。", 2020),
    ("event-other-year", "2023年以来，我局扎实工作。2021年换届后，新一届班子团结协作。", 2023),
    ("comparison", "一年来成效明显。2023年，党员人数较2022年增加3名。", 2023),
    ("trap-anonymised", "20XX年以来，我镇坚持党建引领。2021年换届后，班子团结。", None),
    ("trap-anonymised-title", "20××年度抓基层党建工作述职报告\n2019年成立以来，支部……", None),
    ("trap-term-till-now", "各位党员：\n自2019年5月党总支换届至今，已任期届满。", None),
    ("trap-start-of-post", "述职报告\n本人自2021年担任中心小学党支部书记以来，始终……", None),
    ("since-opening-kept", "自2023年以来，我校党支部坚持……", 2023),
    ("trap-event-only", "一年来成效明显。2021年换届后，新一届班子团结协作。", None),
    ("trap-comparison-only", "一年来成效明显，党员人数较2022年增加3名。", None),
    ("part-of-year", "市交通运输局党组2025年前三季度抓基层党建工作述职报告\n今年以来……", 2025),
    ("trap-founding-year", "党建工作汇报\n本支部于2018年7月成立，隶属镇中心学校党总支。", None),
    ("founding-count-kept", "一年来成效明显。2023年新成立党支部3个，党员队伍壮大。", 2023),
    (
        "trap-election-in-body",
        "一年来成效明显。" + "工作扎实推进。" * 60 + "2021年，经村（社区）换届，班子结构优化。",
        None,
    ),
    ("trap-serial-number", "一年来成效明显，落实ISO2018标准。", None),
]


@pytest.mark.parametrize(
    ("text", "year"), [r[1:] for r in YEAR_ROWS], ids=[r[0] for r in YEAR_ROWS]
)
def test_year_as_real_reports_write_it(text: str, year: int | None) -> None:
    assert infer_year(text) == year


REVIEW_ROWS = [
    (
        "all-strong",
        "石桥村党支部书记抓基层党建工作述职报告\n现将2023年度工作报告如下。",
        "x.txt",
        (),
    ),
    (
        "unit-by-frequency",
        "述职报告\n现将2023年度工作报告如下。我镇坚持党建引领，青石镇党委……青石镇……",
        "x.txt",
        ("单位仅据正文词频推断",),
    ),
    (
        "year-from-date-line",
        "石桥村党支部书记抓基层党建工作述职报告\n（2024年1月）\n一年来成效明显。",
        "x.txt",
        ("年度仅据页眉或落款日期推断",),
    ),
    (
        "year-from-since-only",
        "石桥村党支部书记抓基层党建工作述职报告\n2023年以来，我村坚持党建引领。",
        "x.txt",
        ("年度仅据“××年以来”推断",),
    ),
    (
        "anonymised",
        "XX村党支部书记抓基层党建工作述职报告\n20XX年以来，我村坚持党建引领。",
        "x.txt",
        ("单位名称已匿名", "年度未识别（原文年份已匿名）"),
    ),
    (
        "file-name-answers-the-year",
        "石桥村党支部书记抓基层党建工作述职报告\n（2024年1月）\n一年来成效明显。",
        "2023_石桥村党支部.txt",
        (),
    ),
    (
        "type-unknown",
        "XX党支部书记抓基层党建工作述职报告\n现将2023年度工作报告如下。",
        "x.txt",
        ("单位名称已匿名", "单位类型未识别"),
    ),
]


@pytest.mark.parametrize(
    ("text", "filename", "reasons"), [r[1:] for r in REVIEW_ROWS], ids=[r[0] for r in REVIEW_ROWS]
)
def test_review_reasons_name_unresolved_fields_and_weak_cues(
    text: str, filename: str, reasons: tuple[str, ...]
) -> None:
    meta = infer_meta(text, filename=filename)
    assert meta.review_reasons == reasons
    assert meta.needs_review == bool(reasons)


def test_a_manifest_answers_every_reason() -> None:
    row = ManifestRow(file="x.txt", unit="青石镇党委", unit_type="township", year=2023)
    meta = infer_meta("述职报告\n我镇……青石镇……青石镇", filename="x.txt", manifest=row)
    assert meta.review_reasons == () and not meta.needs_review


YEAR_DATE_ROWS = [
    (
        "signature-chinese-date",
        "述职报告\n一年来成效明显。\n述职人：张三\n二〇二四年一月八日",
        2023,
    ),
    ("title-chinese-date", "述职报告\n（二〇二三年十二月）\n一年来成效明显。", 2023),
    ("plan-year-ignored", "一年来成效明显。2024年，我将继续努力。现将2023年度情况报告如下", 2023),
    ("plan-document-of-the-year", "一年来，支部制定《党支部2020年度工作计划》并按计划执行。", 2020),
    ("trap-plan-only", "一年来成效明显。\n三、2024年工作打算\n一是……", None),
    ("past-with-jiang", "一年来成效明显。2023年，将主题教育与业务工作结合起来。", 2023),
]


@pytest.mark.parametrize(
    ("text", "year"), [r[1:] for r in YEAR_DATE_ROWS], ids=[r[0] for r in YEAR_DATE_ROWS]
)
def test_year_from_chinese_dates_and_not_from_plans(text: str, year: int | None) -> None:
    assert infer_year(text) == year
