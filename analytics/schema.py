"""The vocabulary of the contract (SPEC) and the columns of every table the package returns."""

from __future__ import annotations

from typing import Final

# --- SPEC §3: metric keys and their Chinese labels, in the SPEC's order -----------------------
METRIC_LABELS: Final[dict[str, str]] = {
    "members_admitted": "发展党员",
    "members_confirmed": "预备党员转正",
    "activists": "入党积极分子",
    "development_targets": "发展对象",
    "applications": "入党申请",
    "theory_group_sessions": "中心组学习",
    "member_study_sessions": "党员集中学习",
    "party_lectures": "党课",
    "theme_party_days": "主题党日",
    "party_building_meetings": "专题研究党建",
    "org_life_meetings": "组织生活会",
    "branch_committee_meetings": "支委会",
    "member_assemblies": "党员大会",
    "integrity_meetings": "专题研究党风廉政",
    "talks": "谈心谈话",
    "trainings": "培训",
    "party_members": "党员人数",
    "branches": "党支部数",
    "community_checkins": "进社区报到",
    "volunteer_activities": "志愿服务",
    "dues": "党费",
    "publicity_items": "宣传信息",
}
METRIC_KEYS: Final[tuple[str, ...]] = tuple(METRIC_LABELS)

# --- SPEC §4: problem categories ---------------------------------------------------------------
PROBLEM_LABELS: Final[dict[str, str]] = {
    "theory_study": "理论学习",
    "innovation": "创新不足",
    "responsibility": "责任落实",
    "member_management": "党员教育管理",
    "vitality": "队伍活力",
    "org_life": "组织生活",
    "integration": "党业融合",
    "conduct": "作风纪律",
    "grassroots_base": "基层组织建设",
    "cadre_capacity": "党务干部能力",
    "ideology": "意识形态",
    "service": "联系服务群众",
    "other": "其他",
}
PROBLEM_CATEGORIES: Final[tuple[str, ...]] = tuple(PROBLEM_LABELS)

# --- SPEC §2: unit types --------------------------------------------------------------------------
UNIT_TYPE_LABELS: Final[dict[str, str]] = {
    "agency": "机关",
    "township": "乡镇/街道",
    "village": "村",
    "community": "社区",
    "soe": "国有企业",
    "school": "学校",
    "hospital": "医院",
    "other": "其他",
}
UNIT_TYPES: Final[tuple[str, ...]] = tuple(UNIT_TYPE_LABELS)

META_FIELDS: Final[tuple[str, ...]] = ("unit", "unit_type", "year", "secretary")

# --- Table columns ----------------------------------------------------------------------------
# Every frame the package returns has exactly these columns, in this order. The four metadata
# columns are repeated on the long tables so that pages can filter any table by unit and year.
KEY: Final[tuple[str, ...]] = ("report_id", "unit", "unit_type", "year")

REPORTS: Final[tuple[str, ...]] = (
    "report_id",
    "file",
    "format",
    "unit",
    "unit_type",
    "year",
    "secretary",
    "chars",
    "needs_review",
    "corrected",
    "added_at",
    "review_reasons",
)
MENTIONS: Final[tuple[str, ...]] = (
    *KEY,
    "metric",
    "value",
    "approx",
    "unit_of_measure",
    "evidence",
    "start",
    "end",
)
# One row per report and metric found: the table value (largest figure) and its evidence.
METRICS: Final[tuple[str, ...]] = (*KEY, "metric", "value", "approx", "evidence")
# One row per problem item; ``categories`` is the item's category keys joined by ",".
PROBLEMS: Final[tuple[str, ...]] = (
    *KEY,
    "item",
    "section",
    "text",
    "categories",
    "start",
    "end",
)
# One row per problem item and category (the long form that charts count).
PROBLEM_CATEGORY_ROWS: Final[tuple[str, ...]] = (*KEY, "item", "category")
TERMS: Final[tuple[str, ...]] = (*KEY, "term", "count")
# Keyword in context.
KWIC: Final[tuple[str, ...]] = (
    *KEY,
    "file",
    "left",
    "match",
    "right",
    "start",
    "end",
)

# --- Chinese headers and value labels (what people read on screen and in exported files) -------
COLUMN_LABELS: Final[dict[str, str]] = {
    "report_id": "报告编号",
    "file": "文件名",
    "format": "格式",
    "unit": "单位",
    "unit_type": "单位类型",
    "year": "年度",
    "secretary": "书记",
    "chars": "字数",
    "needs_review": "待核实",
    "corrected": "已更正",
    "added_at": "导入时间（UTC）",
    "review_reasons": "待核实原因",
    "metric": "指标",
    "value": "数值",
    "approx": "约数",
    "unit_of_measure": "计量单位",
    "evidence": "原文依据",
    "start": "起始位置",
    "end": "结束位置",
    "item": "序号",
    "section": "所在部分",
    "text": "问题表述",
    "categories": "问题类别",
    "category": "问题类别",
    "term": "词语",
    "count": "次数",
    "df": "出现报告数",
    "other_count": "其他次数",
    "score": "区分度",
    "z": "z 值",
    "left": "前文",
    "match": "检索词",
    "right": "后文",
    "prev_year": "上一年度",
    "prev_text": "上一年度表述",
    "similarity": "相似度",
    "reports": "报告数",
}
# Headers of key columns kept as codes beside their Chinese labels (machine-readable exports).
CODE_COLUMN_LABELS: Final[dict[str, str]] = {
    "metric": "指标代码",
    "categories": "类别代码",
    "category": "类别代码",
}
SECTION_LABELS: Final[dict[str, str]] = {"problems": "存在问题", "causes": "原因分析"}
FORMAT_LABELS: Final[dict[str, str]] = {"txt": "TXT 文本", "docx": "Word 文档", "pdf": "PDF 文档"}
FLAG_COLUMNS: Final[tuple[str, ...]] = ("approx", "needs_review", "corrected")

# --- Documents for reviewers (点评, 台账, 汇编, 通报) ------------------------------------------
# One row per review finding a document cites: what was checked, a factual sentence, the quoted
# evidence from this report and, where the finding compares, from the other report.
FINDINGS: Final[tuple[str, ...]] = (
    *KEY,
    "check",
    "finding",
    "evidence",
    "other_evidence",
)
# One row per metric of one report beside the corpus: its unit type's median and last year.
FIGURE_COMPARISON: Final[tuple[str, ...]] = (
    "metric",
    "value",
    "unit_of_measure",
    "evidence",
    "type_median",
    "type_reports",
    "prev_value",
)
# One row per problem item of the 问题清单/整改台账, with the columns a unit fills in.
LEDGER: Final[tuple[str, ...]] = (
    *KEY,
    "item",
    "text",
    "categories",
    "section",
    "source_sentence",
    "measures",
    "owner",
    "deadline",
    "status",
)
LEDGER_STATUSES: Final[tuple[str, ...]] = ("未整改", "整改中", "已整改")
# 共性问题 / 个性问题: per category, and per stock phrase, how many units name it.
COMMON_CATEGORIES: Final[tuple[str, ...]] = ("category", "units", "share", "items", "examples")
STOCK_PHRASES: Final[tuple[str, ...]] = ("phrase", "units", "items", "examples")
INDIVIDUAL_PROBLEMS: Final[tuple[str, ...]] = (*KEY, "text", "categories")
COLUMN_LABELS.update(
    {
        "check": "审阅项",
        "finding": "审阅发现",
        "other_evidence": "对照原文",
        "type_median": "同类单位中位数",
        "type_reports": "同类单位报告数",
        "prev_value": "上一年度数值",
        "source_sentence": "原文句子",
        "measures": "整改措施",
        "owner": "责任人",
        "deadline": "完成时限",
        "status": "整改状态",
        "units": "单位数",
        "share": "单位占比",
        "items": "条目数",
        "examples": "原文示例",
        "phrase": "共性表述",
    }
)
