"""审阅: the checks a reviewer makes on every report, done for the whole corpus.

Entry point: ``review_corpus(reports, texts, problems=, mentions=, ...) -> ReviewResult``. Every
table of the result has the columns named in ``analytics.schema`` (REVIEW_*), every finding its
evidence sentence and character span in the report's text (``start``/``end``).

- ``similarity``: per report, the share of its text found in the same unit's other years and in
  other units' reports (boilerplate shared by many units discounted); ``passages``: the passages.
- ``anachronisms``: terms out of their time, another year as the current one, another unit's
  name or self-designation.
- ``rectification``: each of last year's problem items in this year's report (整改有成效 /
  仅提及 / 未提及) and whether it returns in nearly the same words (``views.repeated_problems``).
- ``specificity`` (per problem item), ``causes`` (subjective/objective), ``balance`` (shares of
  the parts, next steps without target, time or owner).
- ``plausibility``: figures against the rules file (``rules.default_rules()`` or uploaded).
- ``coverage``: report × required topic (``coverage.default_topics()`` or uploaded).
- ``ranking``: one row per report, every check as a 0–1 part and the weighted score
  (``ranking.rank(result.ranking, weights=...)`` re-weights it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analytics import schema
from analytics.review import anachronism, coverage, ranking, rectification, similarity
from analytics.review import rules as rule_checks
from analytics.review import specificity as spec
from analytics.review.coverage import Topic
from analytics.review.rules import Rule
from analytics.review.similarity import SimilarityOptions

__all__ = ["ReviewResult", "Rule", "SimilarityOptions", "Topic", "review_corpus"]


@dataclass(frozen=True)
class ReviewResult:
    """Every review table of one corpus (columns: the schema's REVIEW_* tuples)."""

    similarity: pd.DataFrame
    passages: pd.DataFrame
    anachronisms: pd.DataFrame
    rectification: pd.DataFrame
    specificity: pd.DataFrame
    causes: pd.DataFrame
    balance: pd.DataFrame
    plausibility: pd.DataFrame
    coverage: pd.DataFrame
    ranking: pd.DataFrame


def _texts(texts: pd.DataFrame | Mapping[str, str]) -> dict[str, str]:
    if isinstance(texts, pd.DataFrame):
        return {str(r): str(t) for r, t in zip(texts["report_id"], texts["text"], strict=True)}
    return {str(k): str(v) for k, v in texts.items()}


def review_corpus(
    reports: pd.DataFrame,
    texts: pd.DataFrame | Mapping[str, str],
    *,
    problems: pd.DataFrame,
    mentions: pd.DataFrame,
    rules: tuple[Rule, ...] | None = None,
    topics: tuple[Topic, ...] | None = None,
    ledger: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    similarity_options: SimilarityOptions | None = None,
) -> ReviewResult:
    """Run every check over a corpus.

    ``reports``: the REPORTS table (or any frame with the KEY columns and ``file``); ``texts``:
    report_id → text (a mapping, or a frame with report_id and text columns); ``problems`` and
    ``mentions``: the PROBLEMS and MENTIONS tables of the same reports. ``rules`` and ``topics``
    default to the shipped data files; ``ledger`` (LEDGER_STATUS columns) adds the recorded
    整改状态 to the rectification table; ``weights`` (REVIEW_PARTS keys) the ranking's weights.
    """
    body = _texts(texts)
    per_report, passages = similarity.corpus_similarity(reports, body, options=similarity_options)
    partners: dict[str, set[str]] = {}
    for rid, unit, relation in zip(
        passages["report_id"], passages["match_unit"], passages["relation"], strict=True
    ):
        if relation == schema.OTHER_UNIT:
            partners.setdefault(str(rid), set()).add(str(unit))
    ana = anachronism.corpus_anachronisms(reports, body, partners=partners)
    rect = rectification.corpus_rectification(reports, body, problems, ledger=ledger)
    items = spec.item_specificity(problems)
    causes = spec.cause_balance(reports, problems)
    balance = spec.section_balance(reports, body)
    plaus = rule_checks.check_rules(reports, mentions, body, rules=rules)
    cover = coverage.coverage(reports, body, topics=topics)
    parts = ranking.parts_table(
        reports,
        similarity=per_report,
        anachronisms=ana,
        rectification=rect,
        specificity=items,
        causes=causes,
        balance=balance,
        plausibility=plaus,
        coverage=cover,
    )
    return ReviewResult(
        similarity=per_report,
        passages=passages,
        anachronisms=ana,
        rectification=rect,
        specificity=items,
        causes=causes,
        balance=balance,
        plausibility=plaus,
        coverage=cover,
        ranking=ranking.rank(parts, weights=weights),
    )
