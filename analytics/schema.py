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
    "confidence",
    "confidence_reason",
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
# One row per dated problem item and report of the same unit's year before: that report's closest
# item and their similarity (character-bigram Jaccard), the table behind repeated problems.
PROBLEM_MATCHES: Final[tuple[str, ...]] = (
    "unit",
    "year",
    "report_id",
    "pos",
    "text",
    "categories",
    "prev_year",
    "prev_report_id",
    "prev_pos",
    "prev_text",
    "similarity",
)
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
    "confidence": "置信度",
    "confidence_reason": "置信说明",
}
# Headers of key columns kept as codes beside their Chinese labels (machine-readable exports).
CODE_COLUMN_LABELS: Final[dict[str, str]] = {
    "metric": "指标代码",
    "categories": "类别代码",
    "category": "类别代码",
}
SECTION_LABELS: Final[dict[str, str]] = {"problems": "存在问题", "causes": "原因分析"}
FORMAT_LABELS: Final[dict[str, str]] = {"txt": "TXT 文本", "docx": "Word 文档", "pdf": "PDF 文档"}
CONFIDENCE_LABELS: Final[dict[str, str]] = {"high": "高", "low": "低"}
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

# --- Review (审阅): the reviewer's checks, analytics/review/ -------------------------------------
# Per report: how much of its text is found elsewhere (boilerplate discounted), split by source.
REVIEW_SIMILARITY: Final[tuple[str, ...]] = (
    *KEY,
    "file",
    "share_same_unit",
    "share_other_units",
    "share_copied",
    "shared_sentences",
    "match_id",
    "match_unit",
    "match_year",
    "evidence",
    "start",
    "end",
)
# One row per passage (run of consecutive shared sentences) of a report found in another report.
REVIEW_PASSAGES: Final[tuple[str, ...]] = (
    *KEY,
    "match_id",
    "match_unit",
    "match_year",
    "relation",
    "sentences",
    "evidence",
    "match_evidence",
    "start",
    "end",
    "match_start",
    "match_end",
)
# Leftovers of copying: terms out of their time, another year as the current one, other names.
REVIEW_ANACHRONISMS: Final[tuple[str, ...]] = (
    *KEY,
    "kind",
    "term",
    "reason",
    "evidence",
    "start",
    "end",
)
# One row per problem item of the unit's previous report, matched against this year's report.
REVIEW_RECTIFICATION: Final[tuple[str, ...]] = (
    *KEY,
    "prev_id",
    "prev_year",
    "prev_text",
    "status",
    "evidence",
    "start",
    "end",
    "repeated",
    "repeat_text",
    "similarity",
    "ledger_status",
)
# One row per problem item (problems section): concrete or generic, shared with how many units.
REVIEW_SPECIFICITY: Final[tuple[str, ...]] = (
    *KEY,
    "item",
    "text",
    "concrete",
    "cues",
    "shared_units",
    "generic",
    "start",
    "end",
)
# Per report: causes classed subjective / objective.
REVIEW_CAUSES: Final[tuple[str, ...]] = (
    *KEY,
    "subjective",
    "objective",
    "objective_share",
    "mostly_objective",
    "evidence",
    "start",
    "end",
)
# Per report: shares of the text per part, next-step items without target, time or owner.
REVIEW_BALANCE: Final[tuple[str, ...]] = (
    *KEY,
    "achievements_share",
    "problems_share",
    "causes_share",
    "next_steps_share",
    "next_step_items",
    "vague_next_steps",
    "evidence",
    "start",
    "end",
)
# Per report and rule: the figure against the rule (breach, fits, not stated).
REVIEW_PLAUSIBILITY: Final[tuple[str, ...]] = (
    *KEY,
    "rule",
    "rule_name",
    "source",
    "status",
    "value",
    "expected",
    "evidence",
    "start",
    "end",
)
# Report × topic of the year's notice (long form).
REVIEW_COVERAGE: Final[tuple[str, ...]] = (*KEY, "topic", "covered", "evidence", "start", "end")
# Per report: every check as a 0–1 part, the weighted "needs a close look" score, top evidence.
REVIEW_PARTS: Final[dict[str, str]] = {
    "part_copying": "照搬照抄",
    "part_anachronism": "时间错位",
    "part_rectification": "整改不实",
    "part_specificity": "问题不具体",
    "part_causes": "原因偏客观",
    "part_next_steps": "措施空泛",
    "part_plausibility": "数字不合规",
    "part_coverage": "要点缺项",
}
REVIEW_RANKING: Final[tuple[str, ...]] = (
    *KEY,
    "file",
    "review_score",
    *REVIEW_PARTS,
    "findings",
    "evidence",
    "start",
    "end",
)
# The 台账 status table a user uploads back (整改台账): one row per problem item; ``year`` is the
# year of the report that named the problem, ``rectification_status`` the recorded 整改状态
# (free text, e.g. 已整改 / 整改中 / 未整改). review_corpus(ledger=...) joins it to next year's
# rectification rows (column ``ledger_status``).
LEDGER_STATUS: Final[tuple[str, ...]] = ("unit", "year", "problem", "rectification_status")

# Values of the review tables' status columns (stored as these Chinese words).
RECTIFIED: Final = "已整改（有成效）"
MENTIONED: Final = "仅提及"
NOT_MENTIONED: Final = "未提及"
BREACH: Final = "不符合"
FITS: Final = "符合"
NOT_STATED: Final = "未写明"
SAME_UNIT: Final = "本单位其他年度"
OTHER_UNIT: Final = "其他单位"

COLUMN_LABELS.update(
    {
        "share_same_unit": "与本单位其他年度重合比例",
        "share_other_units": "与其他单位重合比例",
        "share_copied": "重合比例合计",
        "shared_sentences": "重合句数",
        "match_id": "对照报告编号",
        "match_unit": "对照单位",
        "match_year": "对照年度",
        "relation": "来源",
        "sentences": "句数",
        "match_evidence": "对照原文",
        "match_start": "对照起始位置",
        "match_end": "对照结束位置",
        "kind": "类型",
        "reason": "说明",
        "prev_id": "上年度报告编号",
        "prev_text": "上年度问题",
        "status": "结论",
        "repeated": "今年原样重现",
        "repeat_text": "今年重现的表述",
        "ledger_status": "台账整改状态",
        "concrete": "具体",
        "cues": "具体依据",
        "shared_units": "同样表述的其他单位数",
        "generic": "泛泛而谈",
        "subjective": "主观原因条数",
        "objective": "客观原因条数",
        "objective_share": "客观原因占比",
        "mostly_objective": "原因偏客观",
        "achievements_share": "工作成效篇幅",
        "problems_share": "存在问题篇幅",
        "causes_share": "原因分析篇幅",
        "next_steps_share": "下一步打算篇幅",
        "next_step_items": "下一步措施条数",
        "vague_next_steps": "无目标时限责任的措施条数",
        "rule": "规则代码",
        "rule_name": "规则",
        "source": "依据",
        "expected": "规则要求",
        "topic": "要点",
        "covered": "已写到",
        "findings": "发现",
        "review_score": "需细看程度",
        "problem": "问题表述",
        "rectification_status": "整改状态",
        **REVIEW_PARTS,
    }
)
