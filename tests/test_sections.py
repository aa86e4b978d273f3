"""Section splitting: headings, and the spans of work review, problems, causes and next steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.records import Sections, Span
from analytics.sections import classify_title, parse_headings, section_of, split_sections

# --- synthetic layouts (invented wording, in the genre) -------------------------------------------

STANDARD = """2023年度抓基层党建工作述职报告
一、履职情况
（一）强化政治引领
全年召开党委会专题研究党建工作6次，组织中心组学习12次。
（二）夯实基层基础
新建党群服务中心2个，发展党员4名。
二、存在的问题
（一）理论学习不够深入
个别党员以会代学，学用结合不紧密。
（二）党建工作创新不足
活动载体不多，方法比较单一。
三、原因分析
一是思想认识不到位。二是抓党建的精力投入不足。
四、下一步工作打算
1.持续加强理论武装，计划组织专题学习12次。
2.推动党建与业务深度融合。
"""

NO_HEADINGS = """今年以来，在镇党委的坚强领导下，我始终把抓党建作为第一要务，
各项工作取得了积极成效。
全年发展党员3名，召开支委会12次，开展主题党日活动12次。
对照上级要求，我们也存在一些问题和不足：一是党员教育管理不够严格；二是组织生活质量不高。
下一步，我将坚持问题导向，计划发展党员5名，推动各项工作再上新台阶。
"""

LEVEL2_PROBLEMS = """一、工作开展情况
（一）抓班子带队伍
坚持每月召开支委会。
（二）抓阵地促服务
改造活动室一处。
二、问题与打算
（一）存在问题
一是党员队伍老化，后继乏人。二是阵地建设滞后。
（二）原因分析
主观上对党建工作重视不够。
（三）下一步打算
加大培养年轻党员力度。
"""

COMBINED = """一、主要工作
全年召开党员大会4次。
二、存在问题和下一步工作打算
一是理论学习不系统。二是党建与业务融合不够。
下一步，我将着力补齐短板，推动党建工作高质量发展。
"""

CAUSES_INLINE = """一、履职情况
全年讲党课3次。
二、存在的不足
一是组织生活不够规范。二是创新意识不强。究其原因，主要是对党建工作研究不够。
三、今后工作打算
一是加强学习。二是严格落实三会一课。
"""

REVIEW_RECALL = """一、党建工作开展情况
（一）抓学习
组织集中学习20次。
（二）上一年度述职反馈问题整改情况
针对上年度查摆的重业务轻党建、存在问题整改不及时等问题，逐项整改到位。
二、存在的问题
一是党员先锋模范作用发挥不充分。二是支部标准化建设有差距。
三、下一步工作安排
持续抓好整改落实。
"""

NEXT_WITHOUT_CUE = """一、履职情况
召开组织生活会2次。
二、存在的问题
党务干部多为兼职，业务不精。
三、坚持问题导向，全面提升党建质量
强化党务干部培训。
"""

WEAK_CUE_IN_REVIEW = """一、履职情况
（一）创新工作思路，打造党建品牌
打造“红色驿站”品牌。
（二）抓实基础工作
规范党员档案管理。
二、存在的问题
一是品牌影响力不强。二是基础工作不扎实。
三、下一步工作思路
推动品牌提档升级。
"""


PARTS = """第一部分  主要工作
召开党委会8次，新建阵地2处。
第二部分  不足之处
对照上级要求，本人抓党建工作还有一定差距。
（一）党员管理不够严格
外出党员联系不紧。
（二）组织生活不够规范
第三部分  原因分析
产生上述问题，主观原因是主要的，具体表现在：
1.抓党建精力投入不足。
第四部分  下一步打算
加强党员管理。
"""

FULLWIDTH_NUMBERS = """１．履行职责情况
（１）抓班子建设
全年召开专题会议6次。
（２）抓队伍建设
发展党员3名。
２．问题和差距
（１）党员队伍年龄偏大。
（２）活动阵地面积偏小。
上述问题的原因，主要在于对党建投入不够。
３．今后打算
加快阵地改造。
"""

PROSE_ONLY = """今年以来，我始终把抓党建作为头等大事，全年召开党员大会4次。
我们还建立了党员联系户制度，帮助困难群众解决实际问题20余件。
不过，对照群众期盼，我们工作中存在的不足也比较明显。党员年龄偏大，发展年轻党员难。支部活动内容单调，吸引力不强。联系群众不够经常。这些问题的根源在于本人学习抓得不紧。
下一步，我将重点抓好党员发展和支部活动。
"""


def _part(text: str, span: Span | None) -> str:
    assert span is not None
    return text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "problems_start", "problems_end", "causes_start", "next_start"),
    [
        (STANDARD, "二、存在的问题", "方法比较单一。\n", "三、原因分析", "四、下一步工作打算"),
        (NO_HEADINGS, "对照上级要求", "组织生活质量不高。\n", None, "下一步，我将"),
        (LEVEL2_PROBLEMS, "二、问题与打算", "阵地建设滞后。\n", "（二）原因分析", "（三）下一步"),
        (COMBINED, "二、存在问题和下一步", "融合不够。\n", None, "下一步，我将"),
        (CAUSES_INLINE, "二、存在的不足", "二是创新意识不强。", "究其原因", "三、今后工作打算"),
        (REVIEW_RECALL, "二、存在的问题", "建设有差距。\n", None, "三、下一步工作安排"),
        (NEXT_WITHOUT_CUE, "二、存在的问题", "业务不精。\n", None, "三、坚持问题导向"),
        (WEAK_CUE_IN_REVIEW, "二、存在的问题", "不扎实。\n", None, "三、下一步工作思路"),
        (PARTS, "第二部分  不足之处", "不够规范\n", "第三部分  原因分析", "第四部分"),
        (FULLWIDTH_NUMBERS, "２．问题和差距", "面积偏小。\n", "上述问题的原因", "３．今后打算"),
        (PROSE_ONLY, "不过，对照群众期盼", "联系群众不够经常。", "这些问题的根源", "下一步，我将"),
    ],
    ids=[
        "standard",
        "no-headings",
        "problems-as-level-2",
        "problems-and-next-in-one-heading",
        "causes-inline",
        "last-years-problems-in-review",
        "unnamed-heading-after-problems",
        "weak-cue-in-review",
        "part-headings",
        "full-width-numbers-and-bracketed-digits",
        "plain-sentences-without-headings",
    ],
)
def test_parts_start_and_end_where_a_reader_sees_them(
    text: str,
    problems_start: str,
    problems_end: str,
    causes_start: str | None,
    next_start: str,
) -> None:
    parts = split_sections(text)
    problems = _part(text, parts.problems)
    assert problems.startswith(problems_start)
    assert problems.endswith(problems_end)
    if causes_start is None:
        assert parts.causes is None
    else:
        assert _part(text, parts.causes).startswith(causes_start)
    assert _part(text, parts.next_steps).startswith(next_start)
    assert parts.next_steps is not None and parts.next_steps.end == len(text)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        (STANDARD, "中心组学习12次", "计划组织专题学习12次"),
        (NO_HEADINGS, "发展党员3名", "计划发展党员5名"),
        (REVIEW_RECALL, "逐项整改到位", "先锋模范作用"),
        (WEAK_CUE_IN_REVIEW, "规范党员档案管理", "品牌影响力不强"),
    ],
)
def test_work_review_holds_the_work_and_not_the_problems(
    text: str, inside: str, outside: str
) -> None:
    parts = split_sections(text)
    review = _part(text, parts.achievements)
    assert inside in review
    assert outside not in review


def test_last_years_problems_are_part_of_the_work_review() -> None:
    parts = split_sections(REVIEW_RECALL)
    pos = REVIEW_RECALL.index("针对上年度")
    assert section_of(parts, pos) == "achievements"


def test_problem_words_inside_a_work_sentence_are_not_a_problems_part() -> None:
    text = (
        "一、履职情况\n认真对照检查存在问题，及时整改落实。针对巡察反馈还存在的问题，建立台账。\n"
        "二、下一步打算\n继续努力。\n"
    )
    parts = split_sections(text)
    assert parts.problems is None
    assert _part(text, parts.next_steps).startswith("二、下一步打算")


def test_report_without_any_problems_has_no_problems_part() -> None:
    text = "2023年以来，我们召开支委会12次，开展主题党日12次。\n全年发展党员2名。\n"
    parts = split_sections(text)
    assert parts.problems is None and parts.causes is None and parts.next_steps is None
    assert parts.achievements == Span(0, len(text))


def test_empty_text_gives_empty_sections() -> None:
    assert split_sections("") == Sections()


@pytest.mark.parametrize(
    ("line", "level", "label", "title"),
    [
        ("一、履职情况", 1, "一、", "履职情况"),
        ("十二．其他", 1, "十二．", "其他"),
        ("（三）抓基层打基础情况", 2, "（三）", "抓基层打基础情况"),
        ("(四)聚焦主责主业。全年召开会议6次", 2, "(四)", "聚焦主责主业"),
        ("3.加强阵地建设", 3, "3.", "加强阵地建设"),
        ("１．规范组织生活", 3, "１．", "规范组织生活"),
        ("2、强化责任落实", 3, "2、", "强化责任落实"),
        ("  （1）严格发展程序", 4, "（1）", "严格发展程序"),
        ("(2)规范党费收缴", 4, "(2)", "规范党费收缴"),
        ("②健全联系群众制度", 5, "②", "健全联系群众制度"),
        ("第二部分  存在的不足", 0, "第二部分", "存在的不足"),
        ("第三章、今后打算", 0, "第三章、", "今后打算"),
    ],
)
def test_heading_numbering_and_levels(line: str, level: int, label: str, title: str) -> None:
    (heading,) = parse_headings(line)
    assert (heading.level, heading.label, heading.title) == (level, label, title)
    assert line[heading.start : heading.end].endswith(title)


@pytest.mark.parametrize(
    "line",
    ["一是加强学习，二是严格管理。", "2023年以来成效明显", "1.5万元用于阵地建设", "全年共计12次"],
)
def test_items_dates_and_decimals_are_not_headings(line: str) -> None:
    assert parse_headings(line) == ()


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        ("存在问题", ("problems",)),
        ("存在的主要问题", ("problems",)),
        ("问题和不足", ("problems",)),
        ("差距与不足", ("problems",)),
        ("对标检视查摆的问题", ("problems",)),
        ("存在问题和下一步工作打算", ("problems", "next_steps")),
        ("存在的问题及原因分析", ("problems", "causes")),
        ("产生问题的原因", ("causes",)),
        ("问题产生的根源剖析", ("causes",)),
        ("下一步工作打算", ("next_steps",)),
        ("今后努力方向", ("next_steps",)),
        ("整改措施", ("next_steps",)),
        ("上一年度述职反馈问题整改情况", ("achievements",)),
        ("履行职责情况", ("achievements",)),
        ("创新工作思路，打造党建品牌", ()),
        ("聚焦问题导向，破解难点", ()),
    ],
)
def test_heading_titles_name_parts(title: str, kinds: tuple[str, ...]) -> None:
    assert classify_title(title) == kinds


def test_weak_next_step_cue_counts_after_the_problems() -> None:
    assert classify_title("2024年工作思路", after_problems=False) == ("next_steps",)
    assert classify_title("工作思路", after_problems=False) == ()
    assert classify_title("工作思路", after_problems=True) == ("next_steps",)


def test_splitting_is_linear_on_a_long_report() -> None:
    """A report repeated 200 times still splits, with its headings all found (no blow-up)."""
    text = STANDARD * 200
    parts = split_sections(text)
    assert len(parts.headings) == len(parse_headings(STANDARD)) * 200
    assert parts.problems is not None


# --- the real seed reports ------------------------------------------------------------------------

SEED_PARTS = {
    "000_05de8f40bad0d4d8.txt": {
        "problems": ("二、存在问题和下一步工作打算", "干部职工沟通交流不够。"),
        "causes": ("产生上述问题的原因主要有：", "党员队伍活力还未有效激发。\n"),
        "next_steps": ("下一步，我将", None),
    },
    "002_0ab65d941972ac99.txt": {
        "problems": ("二、存在的问题", "难以取得重大突破。\n"),
        "causes": None,
        "next_steps": ("三、下一步工作安排", None),
    },
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(SEED_PARTS))
def test_seed_parts(seeds_dir: Path, name: str) -> None:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    parts = split_sections(text)
    for kind, expected in SEED_PARTS[name].items():
        span = getattr(parts, kind)
        if expected is None:
            assert span is None, kind
            continue
        start, end = expected
        part = _part(text, span)
        assert part.startswith(start), kind
        if end is not None:
            assert part.endswith(end), kind
    review = _part(text, parts.achievements)
    assert "述职反馈问题整改情况" in review or name.startswith("000")
    assert json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))["reports"][name]


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        ("对照检查发现的问题", ("problems",)),
        ("工作中的不足", ("problems",)),
        ("存在的短板弱项", ("problems",)),
        ("产生问题的根源", ("causes",)),
        ("意识形态工作存在短板", ()),
        ("本人抓基层党建工作存在的主要问题", ("problems",)),
        ("需要改进的问题", ("problems",)),
        ("需要加强的方面", ("problems",)),
        ("短板和弱项", ("problems",)),
        ("查摆出的问题", ("problems",)),
        ("当前存在的问题", ("problems",)),
        ("还存在一些差距", ("problems",)),
        ("存在问题及原因分析", ("problems", "causes")),
        ("问题的成因", ("causes",)),
        ("究其原因", ("causes",)),
        ("根源剖析", ("causes",)),
    ],
)
def test_more_problem_and_cause_titles(title: str, kinds: tuple[str, ...]) -> None:
    assert classify_title(title) == kinds


@pytest.mark.parametrize("text", [STANDARD, LEVEL2_PROBLEMS, COMBINED, CAUSES_INLINE])
def test_text_whose_line_breaks_were_lost_splits_the_same(text: str) -> None:
    flat = text.replace("\n", "")
    parts, flat_parts = split_sections(text), split_sections(flat)
    for kind in ("problems", "causes", "next_steps"):
        span, flat_span = getattr(parts, kind), getattr(flat_parts, kind)
        assert (span is None) == (flat_span is None), kind
        if span is not None:
            assert _part(text, span).replace("\n", "") == _part(flat, flat_span), kind


@pytest.mark.parametrize(
    ("text", "part", "title"),
    [
        (
            "一、履职情况召开支委会6次。二、对照检查发现的问题对照群众期盼，主要存在以下问题：",
            "problems",
            "对照检查发现的问题",
        ),
        (
            "二、存在的问题党员偏少。三、产生问题的原因支部委员多为兼职，业务不精。",
            "causes",
            "产生问题的原因",
        ),
        (
            "一、履职情况召开支委会6次。二、存在的问题与不足之处一是党员偏少。二是阵地偏小。",
            "problems",
            "存在的问题与不足之处",
        ),
        (
            "一、履职情况召开支委会6次。二、存在问题和下一步工作打算一是党员偏少。",
            "problems",
            "存在问题和下一步工作打算",
        ),
    ],
)
def test_run_in_title_ends_where_its_part_name_ends(text: str, part: str, title: str) -> None:
    """Text whose line breaks were lost: the heading names its part, the text after it is body."""
    parts = split_sections(text)
    span = getattr(parts, part)
    assert span is not None
    (heading,) = [h for h in parts.headings if h.start == span.start]
    assert heading.title == title


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(SEED_PARTS))
def test_seed_without_line_breaks(seeds_dir: Path, name: str) -> None:
    text = (seeds_dir / name).read_text(encoding="utf-8").replace("\n", "")
    parts = split_sections(text)
    start, _ = SEED_PARTS[name]["problems"]
    assert _part(text, parts.problems).startswith(start)


# --- shapes seen on web pages (invented wording): found rows and trap rows ------------------------


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        ("团队建设存在的问题", ("problems",)),
        ("当前支部工作中存在的突出问题", ("problems",)),
        ("工作中遇到的困难和存在的问题", ("problems",)),
        ("当前存在的困难和问题", ("problems",)),
        ("存在的问题及今后打算", ("problems", "next_steps")),
        ("存在的问题和不足", ("problems",)),
        ("问题与差距", ("problems",)),
        ("短板弱项", ("problems",)),
        # traps: one problem as a title, problems already solved, a work heading
        ("意识形态工作存在短板", ()),
        ("党员发展中存在的问题得到整改", ()),
        ("帮助困难群众解决急难事", ()),
    ],
)
def test_titles_seen_on_web_pages(title: str, kinds: tuple[str, ...]) -> None:
    assert classify_title(title) == kinds


WEB_SHAPES = {
    # 〔一〕 brackets number the work review; the problems heading follows.
    "lenticular-brackets": (
        "一、履职情况\n〔一〕抓班子\n每月召开支委会。\n〔二〕抓阵地\n新建活动室一处。\n"
        "二、存在的问题\n一是党员队伍老化。二是阵地偏小。\n",
        "二、存在的问题",
        "阵地偏小。\n",
    ),
    # The title ran on into its first sentence (line break lost after the title).
    "title-runs-on": (
        "一、工作开展情况\n全年召开支委会12次。\n"
        "二、团队建设存在的问题通过走访发现，一些支部的凝聚力不强。一是活动偏少。二是阵地偏小。\n",
        "二、团队建设存在的问题",
        "阵地偏小。\n",
    ),
    # A flattened page: the heading follows a sentence end, its title ends at the line break.
    "run-in-title-ended-by-line-break": (
        "党支部书记述职 一、履职情况 全年召开支委会12次，发展党员2名。 二、 存在问题及原因\n"
        "一是党员年龄偏大。二是产生问题的原因在于重视不够。",
        "二、 存在问题及原因",
        "一是党员年龄偏大。",
    ),
    # An excerpt that starts inside the problems list, with causes opened inline.
    "excerpt-starts-in-the-list": (
        "三是支部活动偏少，内容单调。\n四是党员管理有空白。\n"
        "产生以上问题的原因主要有：一是重视不够。二是办法不多。\n三、下步工作思路\n抓好学习。\n",
        "三是支部活动偏少",
        "党员管理有空白。\n",
    ),
    # A problems sentence inside a paragraph: "存在以下几个…不足：一是…；二是…".
    "inline-several-shortfalls": (
        "工区党支部在野外开展工作存在以下几个先天不足：一是人员分散；二是没有专职党务人员。\n"
        "我们把今年作为整顿提高年。\n",
        "工区党支部在野外开展工作存在以下几个先天不足",
        None,
    ),
}


@pytest.mark.parametrize(("text", "start", "end"), WEB_SHAPES.values(), ids=list(WEB_SHAPES))
def test_problems_part_in_web_page_shapes(text: str, start: str, end: str | None) -> None:
    parts = split_sections(text)
    problems = _part(text, parts.problems)
    assert problems.startswith(start)
    if end is not None:
        assert problems.endswith(end)


def test_causes_cue_that_points_back_needs_an_enumerated_list_before_it() -> None:
    """Trap: a plain work paragraph before "产生以上问题的原因" is not made a problems part."""
    text = "今年以来支部工作稳步推进，召开支委会12次。\n产生以上问题的原因主要有：重视不够。\n"
    assert split_sections(text).problems is None


def test_item_numbered_with_a_comma_is_a_heading() -> None:
    text = "一、存在的问题\n1、党员管理有难点\n2,活动形式单一\n3、阵地偏小\n二、建议\n加强学习。\n"
    labels = [h.label for h in parse_headings(text) if h.level == 3]
    assert labels == ["1、", "2,", "3、"]


@pytest.mark.parametrize(
    ("text", "start", "next_start"),
    [
        (
            "一、工作情况\n全年发展党员2名。\n存在的问题\n一是党员年龄偏大。二是阵地偏小。\n"
            "下一步打算\n抓好学习。\n",
            "存在的问题\n一是",
            "下一步打算",
        ),
        (
            "一、工作情况\n全年发展党员2名。\n问题与不足：\n党员年龄偏大；活动形式单一。\n"
            "今后打算\n抓好学习。\n",
            "问题与不足",
            "今后打算",
        ),
        (
            "全年发展党员2名。与上级要求相比还有很大差距，一是党员年龄偏大，二是阵地偏小。"
            "下一步，抓好学习。",
            "与上级要求相比还有很大差距",
            "下一步，",
        ),
    ],
    ids=["bare-heading-lines", "bare-heading-with-colon", "inline-still-a-wide-gap"],
)
def test_problems_without_numbered_headings(text: str, start: str, next_start: str) -> None:
    parts = split_sections(text)
    assert _part(text, parts.problems).startswith(start)
    assert _part(text, parts.next_steps).startswith(next_start)


@pytest.mark.parametrize(
    "text",
    [
        "一、工作情况\n存在问题整改到位\n全年发展党员2名。\n",
        "一、工作情况\n坚持问题导向\n全年发展党员2名。\n",
        "一、工作情况\n全年发展党员2名，仍有较大提升空间。\n",
    ],
    ids=["problems-solved", "a-motto", "room-to-grow"],
)
def test_short_lines_that_name_no_part_open_none(text: str) -> None:
    assert split_sections(text).problems is None


def test_problems_heading_run_on_in_a_text_that_kept_its_other_lines() -> None:
    text = (
        "一、基本情况\n支部现有党员30名。\n二、工作开展情况\n全年召开支委会12次。"
        "三、存在的问题一是党员年龄偏大。二是阵地偏小。\n四、下一步打算\n抓好学习。\n"
    )
    parts = split_sections(text)
    assert _part(text, parts.problems).startswith("三、存在的问题一是")
    assert _part(text, parts.next_steps).startswith("四、下一步打算")


def test_a_run_on_work_heading_in_a_text_with_lines_stays_work_review() -> None:
    """Trap: only a run-in heading that names the problems is taken when the lines were kept."""
    text = "一、基本情况\n现有党员30名。\n二、工作开展情况\n召开支委会12次。三、抓好阵地建设。\n"
    assert all(h.title != "抓好阵地建设" for h in parse_headings(text))


def test_problems_opened_inside_a_paragraph_end_at_the_next_heading_of_its_level() -> None:
    text = (
        "一、基本情况\n支部现有党员30名。\n二、组织建设\n目前，支部还存在一些问题：在职党员人数较少。\n"
        "三、提升行动推进情况\n支部制定了年度计划。\n"
    )
    parts = split_sections(text)
    assert _part(text, parts.problems).endswith("在职党员人数较少。\n")
