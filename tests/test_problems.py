"""Problem items: how the problems section and its causes are split, and each item's categories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.problems import categorize, extract_problems
from analytics.records import Problem
from analytics.sections import split_sections

# --- categories: one item as a secretary writes it → the categories a careful reader gives it -----

ITEMS: list[tuple[str, set[str]]] = [
    # theory_study
    ("理论学习不够系统深入，满足于读文件、记笔记，学用结合不紧密", {"theory_study"}),
    ("对党的创新理论学得不深、悟得不透，存在以会代学的现象", {"theory_study"}),
    ("政治理论学习抓得不紧，学习碎片化，理论联系实际不够", {"theory_study"}),
    ("理论武装不够扎实，运用理论指导实践的能力不足", {"theory_study"}),
    ("个别党员学习主动性不强，存在学用脱节问题", {"theory_study"}),
    # innovation
    ("党建工作方法单一，习惯于用老办法解决新问题", {"innovation"}),
    ("党建活动载体不多，形式单一，缺乏新意", {"innovation"}),
    ("创新意识不强，工作按部就班，缺乏特色亮点", {"innovation"}),
    ("党建品牌影响力不强，工作思路不宽", {"innovation"}),
    # responsibility
    ("落实党建工作责任制不到位，压力传导层层递减", {"responsibility"}),
    ("存在重业务、轻党建的倾向，抓党建投入精力不足", {"responsibility"}),
    ("党建考核约束机制乏力，督导检查偏软，抓与不抓一个样", {"responsibility"}),
    ("班子成员一岗双责落实不到位，对分管领域党建过问少", {"responsibility"}),
    ("主体责任压得不实，对党建工作重视程度不够", {"responsibility"}),
    # member_management
    ("党员教育管理不够严格，对流动党员疏于管理", {"member_management"}),
    ("党员队伍老龄化严重，青年党员偏少，后继乏人", {"member_management"}),
    ("发展党员工作不规范，个别环节把关不严", {"member_management"}),
    ("对离退休党员的管理服务还有缺位", {"member_management"}),
    # vitality
    ("部分党员参与组织活动的积极性不高，主动性不强", {"vitality"}),
    ("党员先锋模范作用发挥不充分，队伍活力不足", {"vitality"}),
    ("个别党员身份意识淡化，干事创业的劲头不足", {"vitality"}),
    # org_life
    ("三会一课质量不高，有时流于形式", {"org_life"}),
    ("组织生活不够严肃规范，批评与自我批评辣味不足", {"org_life"}),
    ("主题党日活动内容单一，对党员吸引力不强", {"org_life", "innovation"}),
    ("组织生活有时流于形式，对年轻党员吸引力不强", {"org_life"}),
    ("组织生活会上批评与自我批评开展不够，存在好人主义", {"org_life"}),
    # integration
    ("党建与业务工作融合不够，存在两张皮现象", {"integration"}),
    ("就党建抓党建，党建引领业务发展的作用不明显", {"integration"}),
    ("小区党支部有组织无活动，党建引领作用不明显", {"grassroots_base"}),
    ("党建工作与中心工作结合不紧密", {"integration"}),
    # conduct
    ("工作作风不够扎实，深入基层调查研究不够", {"conduct"}),
    ("个别干部纪律意识淡薄，存在形式主义、官僚主义苗头", {"conduct"}),
    ("遇到难题推诿扯皮，工作敷衍塞责", {"conduct"}),
    ("部分党员干部主动担当意识不强，满足于完成本职工作", {"vitality"}),
    # grassroots_base
    ("基层党支部标准化规范化建设水平不高", {"grassroots_base"}),
    ("党建阵地建设滞后，活动场所简陋", {"grassroots_base"}),
    ("个别党支部软弱涣散，有组织无活动", {"grassroots_base"}),
    ("基层党组织凝聚力战斗力不强，战斗堡垒作用发挥不够", {"grassroots_base"}),
    # cadre_capacity
    ("党务干部多为兼职，业务不精，力量薄弱", {"cadre_capacity"}),
    ("支部书记抓党建的能力不足，党务知识掌握不全面", {"cadre_capacity"}),
    ("党务干部培训不够系统，新任支部书记经验不足", {"cadre_capacity"}),
    # ideology
    ("意识形态工作责任制落实有差距，网络舆情应对能力不足", {"ideology", "responsibility"}),
    ("对网络阵地管控不严，政治敏锐性不强", {"ideology"}),
    # service
    ("联系服务群众不够紧密，为民办实事不多", {"service"}),
    ("帮助群众解决实际困难不够，服务意识不强", {"service"}),
    # several categories in one item
    ("党建活动创新不足，基层组织生活不够丰富", {"innovation", "org_life"}),
    ("学用结合不够，党建与业务融合不深", {"theory_study", "integration"}),
    ("党员教育管理不严，部分党员积极性不高", {"member_management", "vitality"}),
    # headline and explanation kept together
    (
        "理论学习不深入。平时忙于事务，挤时间学习不够，对新思想新理论一知半解",
        {"theory_study"},
    ),
    # nothing fits
    ("办公经费紧张，车辆老旧", {"other"}),
    ("干部职工之间沟通交流不够", {"other"}),
]


@pytest.mark.parametrize(("item", "expected"), ITEMS, ids=[i for i, _ in ITEMS])
def test_item_categories(item: str, expected: set[str]) -> None:
    assert set(categorize(item)) == expected


def test_category_f1_over_the_table_is_high() -> None:
    tp = fp = fn = 0
    for item, expected in ITEMS:
        got = set(categorize(item))
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9


@pytest.mark.parametrize(
    "item",
    [
        "作为第一责任人，我对新情况新问题缺乏主动思考",
        "思想上存在畏难情绪，缺乏积极主动的思考",
        "党建工作缺少动力和压力，难以取得突破",
    ],
)
def test_words_near_a_category_do_not_tag_it(item: str) -> None:
    """Being 第一责任人, or lacking 动力, is not by itself a responsibility or vitality problem."""
    assert not {"responsibility", "vitality"} & set(categorize(item))


# --- item splitting -----------------------------------------------------------------------------


def _items(text: str) -> list[Problem]:
    return list(extract_problems(text, split_sections(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "一、履职情况\n全年召开支委会12次。\n二、存在的问题\n"
            "一是理论学习不够深入。二是党建工作创新不足，方法单一。三是党员教育管理不严。\n"
            "三、下一步打算\n一是加强学习。二是创新载体。\n",
            ["理论学习不够深入", "党建工作创新不足，方法单一", "党员教育管理不严"],
        ),
        (
            "一、主要工作\n发展党员2名。\n二、存在的不足\n（一）理论学习不够深入\n"
            "以会代学现象仍然存在。\n（二）组织生活不够规范\n三会一课质量不高。\n"
            "三、下一步工作打算\n加强学习。\n",
            ["理论学习不够深入\n以会代学现象仍然存在", "组织生活不够规范\n三会一课质量不高"],
        ),
        (
            "一、履职情况\n召开党员大会4次。\n二、存在问题\n"
            "1.党务干部多为兼职，业务不精。\n2.阵地建设滞后。\n三、今后工作打算\n加强培训。\n",
            ["党务干部多为兼职，业务不精", "阵地建设滞后"],
        ),
        (
            "一、履职情况\n讲党课2次。\n二、存在的问题\n"
            "对照上级要求，本人还存在以下问题：\n"
            "一是联系服务群众不够；二是作风不够扎实。\n三、下一步打算\n改进作风。\n",
            ["联系服务群众不够", "作风不够扎实"],
        ),
        (
            "全年开展主题党日12次。\n但也存在一些不足，主要是党员队伍老化，后继乏人。\n"
            "下一步，我将加强党员发展工作。\n",
            ["党员队伍老化，后继乏人"],
        ),
        (
            "一、履职情况\n召开支委会12次。\n二、存在的问题\n"
            "党建与业务融合不够。\n部分党员积极性不高。\n三、下一步打算\n加强融合。\n",
            ["党建与业务融合不够", "部分党员积极性不高"],
        ),
    ],
    ids=["yi-shi", "level-2-items", "numbered-items", "intro-dropped", "no-headings", "paragraphs"],
)
def test_items_are_split_and_labels_stripped(text: str, expected: list[str]) -> None:
    items = _items(text)
    assert [p.text for p in items] == expected
    for p in items:
        assert text[p.start : p.end] == p.text
        assert p.section == "problems"


def test_causes_items_are_marked_causes() -> None:
    text = (
        "一、履职情况\n开展谈心谈话50人次。\n二、存在的问题\n"
        "一是组织生活不够丰富。二是党员活力不足。\n"
        "产生问题的原因主要有：一是抓党建的精力投入不足。二是考核约束机制乏力。\n"
        "下一步，我将加强督导。\n"
    )
    items = _items(text)
    assert [(p.section, p.text) for p in items] == [
        ("problems", "组织生活不够丰富"),
        ("problems", "党员活力不足"),
        ("causes", "抓党建的精力投入不足"),
        ("causes", "考核约束机制乏力"),
    ]
    assert [p.categories for p in items] == [
        ("org_life",),
        ("vitality",),
        ("responsibility",),
        ("responsibility",),
    ]


def test_problems_recalled_in_the_work_review_and_promised_fixes_are_not_items() -> None:
    text = (
        "一、履职情况\n（一）上年度述职反馈问题整改情况\n针对重业务轻党建的问题，已整改到位。\n"
        "二、存在的问题\n一是创新意识不强。\n三、下一步打算\n一是压实主体责任，解决重业务轻党建问题。\n"
    )
    items = _items(text)
    assert [p.text for p in items] == ["创新意识不强"]
    assert items[0].categories == ("innovation",)


def test_report_without_problems_has_no_items() -> None:
    assert _items("2023年以来召开支委会12次，发展党员3名。\n") == []


# --- the real seed reports ------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("name", ["000_05de8f40bad0d4d8.txt", "002_0ab65d941972ac99.txt"])
def test_seed_problem_categories_and_items(seeds_dir: Path, name: str) -> None:
    gold = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))["reports"][name]
    items = _items((seeds_dir / name).read_text(encoding="utf-8"))
    assert len(items) >= gold["problem_items_min"]
    assert {c for p in items for c in p.categories} == set(gold["problem_categories"])


@pytest.mark.shared
def test_seed_002_items_are_whole_headline_and_explanation(seeds_dir: Path) -> None:
    items = _items((seeds_dir / "002_0ab65d941972ac99.txt").read_text(encoding="utf-8"))
    assert [p.categories for p in items] == [
        ("theory_study",),
        ("innovation",),
        ("responsibility",),
    ]
    assert items[0].text.startswith("学用结合不紧密。")
    assert not items[0].text.endswith("。")
