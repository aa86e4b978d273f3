"""The reviewer's checks (analytics.review), table-driven: true and false cases of each."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import schema
from analytics.errors import ReportError
from analytics.review import (
    anachronism,
    coverage,
    display,
    ranking,
    rectification,
    review_corpus,
    similarity,
    specificity,
)
from analytics.review import rules as rule_checks
from analytics.sections import split_sections

KEYS = ["report_id", "unit", "unit_type", "year", "file"]


def reports_frame(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    frame = pd.DataFrame([(*r, f"{r[3]}_{r[1]}.txt") for r in rows], columns=KEYS)
    frame["year"] = frame["year"].astype("Int64")
    return frame


# --- similarity ---------------------------------------------------------------------------------

OWN = [
    "我局坚持把党建工作摆在突出位置，全年围绕预算绩效管理开展专题调研，形成调研报告五篇。",
    "局机关各支部结合窗口服务开展党员先锋岗创建，推行首问负责和限时办结制度。",
    "围绕政府采购领域突出问题，组织党员骨干逐项审核采购项目，推动采购行为公开透明。",
]
OTHER = [
    "镇党委把乡村振兴作为党建工作的主战场，组织农村党员领办合作社，带动群众增收。",
    "各村党支部开展人居环境整治，党员干部带头清理房前屋后，村容村貌明显改善。",
    "镇党委选派年轻干部到村任职，帮助村级组织完善议事规则，提升了基层治理水平。",
]
SLOGAN = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实新时代党的建设总要求。"


def _corpus(texts: dict[str, str], rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    per_report, _ = similarity.corpus_similarity(reports_frame(rows), texts)
    return per_report.set_index("report_id")


@pytest.mark.parametrize(
    ("b_text", "same", "other"),
    [
        # this year's report is last year's with its dates and figures changed: same unit
        ("".join(OWN).replace("五篇", "六篇").replace("全年", "2024年"), True, False),
        # nothing in common
        ("".join(OTHER), False, False),
    ],
)
def test_similarity_splits_same_unit_from_other_units(b_text: str, same: bool, other: bool) -> None:
    rows = [("a", "市财政局", "agency", 2023), ("b", "市财政局", "agency", 2024)]
    found = _corpus({"a": "".join(OWN), "b": b_text}, rows)
    assert bool(found.at["b", "share_same_unit"] > 0.5) is same
    assert bool(found.at["b", "share_other_units"] > 0) is other


def test_paragraphs_reused_from_another_unit_count_as_other_units() -> None:
    rows = [("a", "市财政局", "agency", 2023), ("c", "某镇党委", "township", 2023)]
    found = _corpus({"a": "".join(OWN), "c": OTHER[0] + OWN[1] + OWN[2]}, rows)
    assert found.at["c", "share_other_units"] > 0.5
    assert found.at["c", "match_unit"] == "市财政局"
    assert found.at["c", "share_same_unit"] == 0


def test_boilerplate_in_many_units_is_no_copying() -> None:
    rows = [(f"r{i}", f"单位{i}", "agency", 2023) for i in range(6)]
    texts = {f"r{i}": SLOGAN + OTHER[i % 3][::-1] + OWN[i % 3][::-1][: 10 + i] for i in range(6)}
    for i in range(6):
        texts[f"r{i}"] = SLOGAN + f"第{i}份报告的独有内容写在这里，与其他报告毫不相同。" * 1
    found = _corpus(texts, rows)
    assert (found["share_copied"] == 0).all()


@pytest.mark.parametrize(("sharing_units", "copied"), [(2, True), (25, True), (40, False)])
def test_a_template_sentence_in_a_large_corpus_is_no_copying(
    sharing_units: int, copied: bool
) -> None:
    # 200 units: 30 % of them would be 60, but a sentence 30 or more units wrote is a template
    n = 200
    rows = [(f"r{i}", f"单位{i:03d}", "agency", 2023) for i in range(n)]
    texts = {
        f"r{i}": f"第{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i:03d}份报告自己的内容，与别的报告各不相同。"
        for i in range(n)
    }
    for i in range(sharing_units):
        texts[f"r{i}"] += OWN[0]
    found = _corpus(texts, rows)
    assert bool(found.at["r0", "share_other_units"] > 0) is copied
    assert bool((found["share_copied"] > 0).sum() == sharing_units) is copied


def test_passages_carry_both_sides_spans_and_side_by_side_marks_are_escaped() -> None:
    a = "".join(OWN) + "<script>alert(1)</script>"
    b = OTHER[0] + OWN[1]
    rows = [("a", "市财政局", "agency", 2023), ("c", "某镇党委", "township", 2023)]
    _, passages = similarity.corpus_similarity(reports_frame(rows), {"a": a, "c": b})
    row = passages[passages["report_id"] == "c"].iloc[0]
    assert b[row["start"] : row["end"]] == OWN[1]
    assert a[row["match_start"] : row["match_end"]] == OWN[1]
    assert row["relation"] == schema.OTHER_UNIT
    left, right = display.side_by_side(passages, "a", "c")
    assert b[right[0][0] : right[0][1]] == OWN[1]
    page = display.marked_html(a, left)
    assert "<mark" in page and "<script>" not in page and "&lt;script&gt;" in page


def test_near_duplicate_groups_join_near_copies_only() -> None:
    groups = similarity.near_duplicate_groups(
        [
            "党建工作创新不足活动载体不多方法单一对青年党员的吸引力不强",
            "党建工作创新不足活动载体不多方法比较单一对青年党员吸引力不强",
            "意识形态阵地管理存在短板对新媒体阵地的审核把关还不够严",
        ],
        threshold=0.5,
    )
    assert groups[0] == groups[1] != groups[2]


# --- anachronism --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "unit_type", "kind"),
    [
        ("全局深入学习贯彻党的十九大精神。", 2023, "agency", anachronism.KIND_TERM),
        ("全局深入学习贯彻党的十九大精神。", 2019, "agency", None),
        ("扎实开展党史学习教育。", 2024, "agency", anachronism.KIND_TERM),
        ("扎实开展党史学习教育。", 2021, "agency", None),
        ("在建党102周年之际重温入党誓词。", 2024, "agency", anachronism.KIND_TERM),
        ("在建党103周年之际重温入党誓词。", 2024, "agency", None),
        ("现将2023年度抓基层党建工作情况报告如下。", 2024, "agency", anachronism.KIND_YEAR),
        ("现将2024年度抓基层党建工作情况报告如下。", 2024, "agency", None),
        ("我镇党委坚持抓党建促发展。", 2024, "agency", anachronism.KIND_SELF),
        ("我局党组坚持抓党建促发展。", 2024, "agency", None),
        ("我镇党委坚持抓党建促发展。", 2024, "township", None),
    ],
)
def test_leftovers_of_copying(text: str, year: int, unit_type: str, kind: str | None) -> None:
    found = anachronism.report_anachronisms(text, year=year, unit_type=unit_type)
    assert [f[0] for f in found] == ([kind] if kind else [])
    if kind:
        assert found[0][3] == text  # the evidence is the sentence


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("学习借鉴青山市统计局数据质量管控做法。", True),
        ("学习借鉴兄弟单位数据质量管控做法。", False),
    ],
)
def test_another_units_name_is_flagged(text: str, flagged: bool) -> None:
    found = anachronism.report_anachronisms(
        text, year=2024, unit_type="agency", other_units=["青山市统计局"]
    )
    assert bool(found) is flagged


# --- rectification ------------------------------------------------------------------------------

LAST_YEAR = (
    "二、存在问题\n一是党员教育形式单一，学习仍以读文件为主。\n二是支部活动与业务工作结合不紧。\n"
)


def _problems(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            (r, u, "agency", y, i, "problems", t, "", 0, len(t))
            for i, (r, u, y, t) in enumerate(rows)
        ],
        columns=list(schema.PROBLEMS),
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


@pytest.mark.parametrize(
    ("this_year", "status", "repeated"),
    [
        (
            "一、工作情况\n二、上年度问题整改情况\n针对党员教育形式单一问题，全年开展案例研讨8次，已整改到位。\n"
            "三、存在问题\n一是年轻党员理论功底不扎实。\n",
            schema.RECTIFIED,
            False,
        ),
        (
            "一、工作情况\n二、上年度问题整改情况\n对党员教育形式单一问题高度重视，正在研究。\n"
            "三、存在问题\n一是年轻党员理论功底不扎实。\n",
            schema.MENTIONED,
            False,
        ),
        (
            "一、工作情况\n全年开展主题党日12次。\n二、存在问题\n一是党员教育形式单一，学习仍以读文件为主。\n",
            schema.NOT_MENTIONED,
            True,
        ),
    ],
)
def test_last_years_problem_in_this_years_report(
    this_year: str, status: str, repeated: bool
) -> None:
    reports = reports_frame([("p", "市审计局", "agency", 2023), ("t", "市审计局", "agency", 2024)])
    items = [("p", "市审计局", 2023, "一是党员教育形式单一，学习仍以读文件为主。")]
    parts = split_sections(this_year)
    start = parts.problems.start if parts.problems else 0
    current = this_year[start:].split("\n")[1]
    problems = _problems([*items, ("t", "市审计局", 2024, current)])
    out = rectification.corpus_rectification(reports, {"p": LAST_YEAR, "t": this_year}, problems)
    assert out["status"].tolist() == [status]
    assert out["repeated"].tolist() == [repeated]
    if status != schema.NOT_MENTIONED:
        assert "党员教育形式单一" in out["evidence"].iloc[0]


def test_a_ledger_status_is_joined_to_last_years_item() -> None:
    reports = reports_frame([("p", "市审计局", "agency", 2023), ("t", "市审计局", "agency", 2024)])
    problems = _problems([("p", "市审计局", 2023, "一是党员教育形式单一，学习仍以读文件为主。")])
    ledger = pd.DataFrame(
        [("市审计局", 2023, "党员教育形式单一，学习仍以读文件为主", "已整改")],
        columns=list(schema.LEDGER_STATUS),
    )
    out = rectification.corpus_rectification(
        reports, {"p": LAST_YEAR, "t": "一、工作情况\n"}, problems, ledger=ledger
    )
    assert out["ledger_status"].tolist() == ["已整改"]


# --- specificity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "concrete"),
    [
        ("第二审计科等2个科室的党员学习仍以读文件为主。", True),
        ("柳树村党支部有的党员长期不参加组织生活。", True),
        ("理论学习不够深入，学用结合不够紧密。", False),
        ("党建工作创新不足，方法单一。", False),
    ],
)
def test_concrete_problem_items(item: str, concrete: bool) -> None:
    assert bool(specificity.concrete_cues(item)) is concrete


def test_a_stock_phrase_of_three_units_is_generic_whatever_its_wording() -> None:
    stock = "党支部书记抓党建的能力有待提高，组织生活有3次流于形式"
    rows = [(f"r{i}", f"单位{i}", 2023, stock) for i in range(3)]
    rows.append(("r9", "单位9", 2023, "第二支部有3名党员全年未参加组织生活"))
    out = specificity.item_specificity(_problems(rows)).set_index("report_id")
    assert out.loc[["r0", "r1", "r2"], "generic"].all()
    assert out.loc[["r0", "r1", "r2"], "concrete"].all()
    assert out.at["r0", "shared_units"] == 2
    assert not out.at["r9", "generic"]


@pytest.mark.parametrize(
    ("cause", "kind"),
    [
        ("统计任务重，党务干部多为兼职，人手不足。", "objective"),
        ("党建工作经费和活动条件有限。", "objective"),
        ("本人思想认识不到位，责任意识不强。", "subjective"),
        ("对支部工作重视不够，投入精力不足。", "subjective"),
        ("以上情况需要引起注意。", None),
    ],
)
def test_causes_are_subjective_or_objective(cause: str, kind: str | None) -> None:
    assert specificity.cause_class(cause) == kind


@pytest.mark.parametrize(
    ("step", "vague"),
    [
        ("一是进一步加强理论武装，切实提高党员干部的政治素质。", True),
        ("二是切实加强支部书记队伍建设。", True),
        ("一是2025年3月底前制定学习清单。", False),
        ("二是每季度至少开展1次专题学习。", False),
        ("三是由机关党支部牵头建立台账。", False),
    ],
)
def test_next_steps_without_target_time_or_owner(step: str, vague: bool) -> None:
    assert specificity.is_vague_step(step) is vague


def test_section_balance_counts_vague_next_steps() -> None:
    text = (
        "一、工作情况\n全年开展主题党日12次，讲党课4次。\n二、存在问题\n一是创新不足。\n"
        "三、下一步工作打算\n一是进一步加强理论武装。二是2025年6月底前完成支部换届。\n"
    )
    reports = reports_frame([("r", "市审计局", "agency", 2024)])
    row = specificity.section_balance(reports, {"r": text}).iloc[0]
    assert (row["next_step_items"], row["vague_next_steps"]) == (2, 1)
    assert "进一步加强理论武装" in row["evidence"]
    assert 0 < row["problems_share"] < row["achievements_share"] + row["problems_share"] <= 1


# --- rules --------------------------------------------------------------------------------------


def _mentions(rows: list[tuple[str, str, int, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            (r, u, "agency", y, m, v, False, "次", f"{m}{v}", 0, 3, "high", "")
            for r, u, y, m, v in rows
        ],
        columns=list(schema.MENTIONS),
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


@pytest.mark.parametrize(
    ("figures", "rule", "status"),
    [
        ([("branch_committee_meetings", 12)], "branch_committee_monthly", schema.FITS),
        ([("branch_committee_meetings", 6)], "branch_committee_monthly", schema.BREACH),
        (
            [("branch_committee_meetings", 12), ("branches", 3)],
            "branch_committee_monthly",
            schema.BREACH,
        ),
        (
            [("branch_committee_meetings", 36), ("branches", 3)],
            "branch_committee_monthly",
            schema.FITS,
        ),
        ([], "branch_committee_monthly", schema.NOT_STATED),
        ([("member_assemblies", 2)], "member_assembly_quarterly", schema.BREACH),
        ([("party_lectures", 1)], "secretary_lecture_yearly", schema.FITS),
        ([("members_admitted", 9), ("party_members", 36)], "admissions_share", schema.BREACH),
        ([("members_admitted", 2), ("party_members", 36)], "admissions_share", schema.FITS),
        ([("members_admitted", 2)], "admissions_share", schema.NOT_STATED),
    ],
)
def test_rules_against_stated_figures(
    figures: list[tuple[str, float]], rule: str, status: str
) -> None:
    reports = reports_frame([("r", "市审计局", "agency", 2024)])
    mentions = _mentions([("r", "市审计局", 2024, m, v) for m, v in figures])
    out = rule_checks.check_rules(reports, mentions, {"r": ""})
    row = out[out["rule"] == rule].iloc[0]
    assert row["status"] == status
    assert row["source"].startswith("《中国共产党")


@pytest.mark.parametrize(
    ("last_year", "confirmed", "status"),
    [(2, 3, schema.BREACH), (3, 3, schema.FITS), (None, 3, schema.NOT_STATED)],
)
def test_confirmations_against_last_years_admissions(
    last_year: int | None, confirmed: int, status: str
) -> None:
    reports = reports_frame([("p", "市审计局", "agency", 2023), ("t", "市审计局", "agency", 2024)])
    rows = [("t", "市审计局", 2024, "members_confirmed", confirmed)]
    if last_year is not None:
        rows.append(("p", "市审计局", 2023, "members_admitted", last_year))
    out = rule_checks.check_rules(reports, _mentions(rows), {"p": "", "t": ""})
    row = out[(out["rule"] == "confirmations_vs_admissions") & (out["report_id"] == "t")].iloc[0]
    assert row["status"] == status


def test_a_rule_with_a_text_pattern_reads_its_own_figure() -> None:
    reports = reports_frame([("r", "某村党支部", "village", 2024)])
    out = rule_checks.check_rules(reports, _mentions([]), {"r": "全年召开党小组会六次。"})
    row = out[out["rule"] == "group_meeting_monthly"].iloc[0]
    assert (row["status"], row["value"], row["evidence"]) == (schema.BREACH, 6.0, "党小组会六次")


@pytest.mark.parametrize(
    "raw",
    [
        "[[rule]]\nid = 'x'\nname = '缺来源'\nmetric = 'party_lectures'\nkind = 'at_least'\n",
        "[[rule]]\nid = 'x'\nname = 'n'\nmetric = 'm'\nkind = 'sometimes'\nsource = 's'\n",
        "这不是 TOML [[",
        "",
    ],
)
def test_a_bad_rules_file_is_refused_in_chinese(raw: str) -> None:
    with pytest.raises(ReportError) as err:
        rule_checks.parse_rules(raw, file="省规则.toml")
    assert "省规则.toml" in err.value.text


def test_every_shipped_rule_names_its_source() -> None:
    rules = rule_checks.default_rules()
    assert len(rules) >= 10 and all(r.source.startswith("《") for r in rules)


# --- coverage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names", "cues"),
    [
        ("意识形态：意识形态、舆情\n党风廉政", ["意识形态", "党风廉政"], ("意识形态", "舆情")),
        ("- 理论学习/主题教育\n\n# 注释\n", ["理论学习/主题教育"], ("理论学习", "主题教育")),
    ],
)
def test_a_simple_topic_list(raw: str, names: list[str], cues: tuple[str, ...]) -> None:
    topics = coverage.parse_topics(raw, file="清单.txt")
    assert [t.name for t in topics] == names
    assert topics[0].cues == cues


def test_coverage_flags_the_missing_topics_with_evidence_for_the_others() -> None:
    reports = reports_frame([("r", "市审计局", "agency", 2024)])
    topics = coverage.parse_topics("意识形态\n发展党员：发展党员", file="清单.txt")
    out = coverage.coverage(reports, {"r": "一、工作情况\n全年发展党员2名。"}, topics=topics)
    assert out["covered"].tolist() == [False, True]
    assert out["evidence"].tolist()[1] == "全年发展党员2名。"
    matrix = coverage.coverage_matrix(out)
    assert matrix.loc[0, "缺项数"] == 1 and matrix.loc[0, "意识形态"] == "缺"


def test_an_empty_topic_list_is_refused() -> None:
    with pytest.raises(ReportError):
        coverage.parse_topics("\n\n", file="清单.txt")


# --- ranking and the whole corpus --------------------------------------------------------------


def test_review_corpus_ranks_the_copy_with_a_changed_date_first() -> None:
    original = "".join(OWN) + "现将2023年度抓基层党建工作情况报告如下。"
    copy = original.replace("全年", "今年")
    reports = reports_frame(
        [
            ("a", "市财政局", "agency", 2023),
            ("b", "市财政局", "agency", 2024),
            ("c", "某镇党委", "township", 2024),
        ]
    )
    texts = {
        "a": original,
        "b": copy,
        "c": "".join(OTHER) + "现将2024年度抓基层党建工作情况报告如下。",
    }
    empty_problems = _problems([])
    result = review_corpus(reports, texts, problems=empty_problems, mentions=_mentions([]))
    for name, columns in (
        ("similarity", schema.REVIEW_SIMILARITY),
        ("passages", schema.REVIEW_PASSAGES),
        ("anachronisms", schema.REVIEW_ANACHRONISMS),
        ("rectification", schema.REVIEW_RECTIFICATION),
        ("specificity", schema.REVIEW_SPECIFICITY),
        ("causes", schema.REVIEW_CAUSES),
        ("balance", schema.REVIEW_BALANCE),
        ("plausibility", schema.REVIEW_PLAUSIBILITY),
        ("coverage", schema.REVIEW_COVERAGE),
        ("ranking", schema.REVIEW_RANKING),
    ):
        assert list(getattr(result, name).columns) == list(columns), name
    top = result.ranking.iloc[0]
    assert top["report_id"] == "b"
    assert top["part_copying"] == 1.0 and top["part_anachronism"] > 0
    reweighted = ranking.rank(result.ranking, weights={k: 0.0 for k in schema.REVIEW_PARTS})
    assert (reweighted["review_score"] == 0).all()


def test_for_people_shows_flags_and_shares_in_chinese() -> None:
    frame = pd.DataFrame({"unit": ["甲"], "generic": [True], "share_copied": [0.25]})
    shown = display.for_people(frame)
    assert shown.columns.tolist() == ["单位", "泛泛而谈", "重合比例合计"]
    assert shown.iloc[0].tolist() == ["甲", "是", "25%"]


def test_every_review_table_exports_with_its_evidence_column() -> None:
    import io

    from openpyxl import load_workbook

    from analytics import export

    reports = reports_frame([("a", "市财政局", "agency", 2023), ("b", "市财政局", "agency", 2024)])
    texts = {"a": "".join(OWN), "b": "".join(OWN) + "现将2023年度抓基层党建工作情况报告如下。"}
    result = review_corpus(reports, texts, problems=_problems([]), mentions=_mentions([]))
    sheets = display.review_sheets({k: getattr(result, k) for k in display.SHEETS})
    book = load_workbook(io.BytesIO(export.workbook_bytes(sheets)), read_only=True)
    assert book.sheetnames == list(display.SHEETS.values())
    for name in book.sheetnames:
        header = [c.value for c in next(book[name].iter_rows(max_row=1))]
        assert {"原文依据", "问题表述"} & set(header), name  # the evidence (or the item itself)
    rows = list(book["时间与名称错位"].iter_rows(values_only=True))
    assert any("现将2023年度" in str(cell) for row in rows[1:] for cell in row)
