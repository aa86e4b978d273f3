"""Score extraction against annotations (expected.json format): metrics, problems, metadata."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from analytics.errors import ReportError
from analytics.records import ManifestRow, Meta, Report

META_CHECKS: tuple[str, ...] = ("unit", "unit_type", "year", "secretary")
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the ratios made of them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Prediction:
    """What was extracted from one file, reduced to what the annotations judge."""

    metrics: Mapping[str, float]
    categories: frozenset[str]
    problem_items: int
    meta: Meta

    @classmethod
    def from_report(cls, report: Report) -> Prediction:
        return cls(
            metrics={k: float(v) for k, v in report.metrics.items()},
            categories=frozenset(c for p in report.problems for c in p.categories),
            problem_items=len(report.problems),
            meta=report.meta,
        )


@dataclass(frozen=True)
class ReportScore:
    """The scores of one annotated file; ``error`` is set when the file could not be read."""

    file: str
    metrics: Mapping[str, Counts] = field(default_factory=dict)
    categories: Counts = Counts()
    items: int | None = None
    items_min: int | None = None
    meta: Mapping[str, bool] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    error: str | None = None
    review_reasons: tuple[str, ...] = ()  # why the extracted metadata was flagged for review

    @property
    def items_ok(self) -> bool | None:
        if self.items_min is None:
            return None
        return self.items is not None and self.items >= self.items_min


@dataclass(frozen=True)
class EvaluationResult:
    """Scores of every annotated file, files that were missing, and the totals over them."""

    reports: tuple[ReportScore, ...]
    missing: tuple[str, ...] = ()

    @property
    def metric_counts(self) -> dict[str, Counts]:
        """Counts per metric key, summed over reports (keys sorted)."""
        total: dict[str, Counts] = {}
        for r in self.reports:
            for key, counts in r.metrics.items():
                total[key] = total.get(key, Counts()) + counts
        return dict(sorted(total.items()))

    @property
    def metrics_overall(self) -> Counts:
        return sum(self.metric_counts.values(), Counts())

    @property
    def categories(self) -> Counts:
        return sum((r.categories for r in self.reports), Counts())

    @property
    def items_checked(self) -> tuple[int, int]:
        """(reports meeting problem_items_min, reports with a problem_items_min)."""
        checked = [r.items_ok for r in self.reports if r.items_ok is not None]
        return sum(1 for ok in checked if ok), len(checked)

    @property
    def review_flags(self) -> tuple[int, int, int]:
        """(reports flagged for review, reports with a wrong unit/type/year, of those flagged).

        A wrong field in an unflagged report is a confident error: the flag should catch it.
        """
        flagged = sum(1 for r in self.reports if r.review_reasons)
        wrong = [r for r in self.reports if not all(r.meta.get(k, True) for k in META_CHECKS[:3])]
        return flagged, len(wrong), sum(1 for r in wrong if r.review_reasons)

    @property
    def meta_accuracy(self) -> dict[str, tuple[int, int]]:
        """Per metadata field: (correct, annotated)."""
        result: dict[str, tuple[int, int]] = {}
        for name in META_CHECKS:
            checks = [r.meta[name] for r in self.reports if name in r.meta]
            if checks:
                result[name] = (sum(checks), len(checks))
        return result


def _same(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) < _TOLERANCE


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def score_metrics(
    predicted: Mapping[str, float], gold: Mapping[str, Any]
) -> tuple[dict[str, Counts], list[str]]:
    """Counts per metric key and notes on every error, for one report.

    A predicted key with the annotated value is a TP; a predicted key listed under ``optional``
    with the same value is neither TP nor FP; any other predicted key or a wrong value is a FP
    (a wrong value is also a FN); an annotated key not predicted is a FN; a predicted value that
    the annotation lists under ``never`` is a FP.
    """
    expected: Mapping[str, float] = gold.get("metrics") or {}
    optional: Mapping[str, float] = gold.get("optional") or {}
    never = [float(v) for v in gold.get("never") or []]
    counts: dict[str, Counts] = {}
    notes: list[str] = []

    def add(key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        counts[key] = counts.get(key, Counts()) + Counts(tp, fp, fn)

    for key, value in predicted.items():
        false_positive = False
        if key in expected:
            if _same(value, expected[key]):
                add(key, tp=1)
            else:
                add(key, fp=1, fn=1)
                false_positive = True
                notes.append(f"指标 {key}：抽取 {_number(value)}，标注 {_number(expected[key])}")
        elif key in optional:
            if not _same(value, optional[key]):
                add(key, fp=1)
                false_positive = True
                notes.append(
                    f"指标 {key}：抽取 {_number(value)}，可选标注 {_number(optional[key])}"
                )
        else:
            add(key, fp=1)
            false_positive = True
            notes.append(f"指标 {key}：抽取 {_number(value)}，标注中没有此指标")
        if any(_same(value, v) for v in never):
            if not false_positive:
                add(key, fp=1)
            notes.append(f"指标 {key}：{_number(value)} 是标注为“不是指标”的数字")
    for key, value in expected.items():
        if key not in predicted:
            add(key, fn=1)
            notes.append(f"指标 {key}：未抽取，标注 {_number(value)}")
    return counts, notes


def score_meta(meta: Meta, gold: Mapping[str, Any]) -> tuple[dict[str, bool], list[str]]:
    """Per annotated field, whether the extracted metadata matches; notes on mismatches."""
    checks: dict[str, bool] = {}
    notes: list[str] = []
    if "unit" in gold or "unit_contains" in gold:
        ok = True
        if "unit" in gold:
            ok = ok and meta.unit == gold["unit"]
        if "unit_contains" in gold:
            ok = ok and str(gold["unit_contains"]) in meta.unit
        checks["unit"] = ok
        if not ok:
            wanted = gold.get("unit") or f"含“{gold['unit_contains']}”"
            notes.append(f"单位：抽取“{meta.unit}”，标注 {wanted}")
    for name in ("unit_type", "year", "secretary"):
        if name in gold:
            value = getattr(meta, name)
            checks[name] = value == gold[name]
            if not checks[name]:
                notes.append(f"{name}：抽取 {value}，标注 {gold[name]}")
    return checks, notes


def score_report(file: str, gold: Mapping[str, Any], prediction: Prediction | None) -> ReportScore:
    """The scores of one file; ``prediction`` None means the file could not be analysed."""
    pred = prediction or Prediction({}, frozenset(), 0, Meta())
    metric_counts, notes = score_metrics(pred.metrics, gold)
    gold_categories = frozenset(gold.get("problem_categories") or [])
    categories = Counts(
        tp=len(pred.categories & gold_categories),
        fp=len(pred.categories - gold_categories),
        fn=len(gold_categories - pred.categories),
    )
    if pred.categories - gold_categories:
        notes.append("多出的问题类别：" + "、".join(sorted(pred.categories - gold_categories)))
    if gold_categories - pred.categories:
        notes.append("漏掉的问题类别：" + "、".join(sorted(gold_categories - pred.categories)))
    items_min = gold.get("problem_items_min")
    if items_min is not None and pred.problem_items < int(items_min):
        notes.append(f"问题条目：抽取 {pred.problem_items} 条，至少应有 {items_min} 条")
    meta_checks, meta_notes = score_meta(pred.meta, gold.get("meta") or {})
    return ReportScore(
        file=file,
        metrics=metric_counts,
        categories=categories,
        items=pred.problem_items,
        items_min=int(items_min) if items_min is not None else None,
        meta=meta_checks,
        notes=(*notes, *meta_notes),
        review_reasons=_review_reasons(pred.meta),
    )


def _review_reasons(meta: Meta) -> tuple[str, ...]:
    if meta.review_reasons or not meta.needs_review:
        return meta.review_reasons
    return ("单位或年度未识别",)


def score_all(
    gold_reports: Mapping[str, Mapping[str, Any]],
    predictions: Mapping[str, Prediction | ReportError],
) -> EvaluationResult:
    """Score every annotated file; a file absent from ``predictions`` is reported missing.

    A file that could not be read (a ReportError) is scored as if nothing had been extracted.
    """
    scores: list[ReportScore] = []
    missing: list[str] = []
    for name, gold in gold_reports.items():
        if name not in predictions:
            missing.append(name)
            continue
        outcome = predictions[name]
        if isinstance(outcome, ReportError):
            scores.append(replace(score_report(name, gold, None), error=outcome.message))
        else:
            scores.append(score_report(name, gold, outcome))
    return EvaluationResult(reports=tuple(scores), missing=tuple(missing))


def load_gold(gold_path: Path) -> dict[str, dict[str, Any]]:
    """The annotated reports of a gold file, keyed by file name."""
    name = gold_path.name
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ReportError("找不到标注文件，请检查路径。", file=name) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ReportError(
            "标注文件不是有效的 UTF-8 JSON，请按 expected.json 的格式保存后重试。", file=name
        ) from None
    reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, dict) or not all(isinstance(v, dict) for v in reports.values()):
        raise ReportError(
            "标注文件缺少 reports 对象（以文件名为键，每份报告一个对象），"
            "请按 expected.json 的格式填写。",
            file=name,
        )
    return reports


Analyse = Callable[[Path, str, ManifestRow | None], Report]


def _default_analyse() -> Analyse:
    from analytics import pipeline
    from analytics.tokenize import load_tokenizer

    tokenizer = load_tokenizer()

    def analyse(path: Path, name: str, manifest: ManifestRow | None) -> Report:
        return pipeline.analyse_path(path, name=name, tokenizer=tokenizer, manifest=manifest)

    return analyse


def _folder_manifest(folder: Path) -> dict[str, ManifestRow]:
    from analytics import corpus

    path = folder / corpus.MANIFEST_NAME
    return corpus.read_manifest(path) if path.is_file() else {}


def evaluate_folder(
    gold_path: Path,
    folder: Path,
    *,
    analyse: Analyse | None = None,
    use_manifest: bool = True,
) -> EvaluationResult:
    """Analyse every annotated file found in ``folder`` and score it against ``gold_path``.

    ``analyse(path, name, manifest_row)`` defaults to the full pipeline. The folder's
    manifest.csv is applied as ``extract`` applies it (``use_manifest=False`` judges the
    metadata found in file names and texts alone).
    """
    gold = load_gold(gold_path)
    if not folder.is_dir():
        raise ReportError("找不到报告文件夹，请检查路径。", file=str(folder.name or folder))
    manifest = _folder_manifest(folder) if use_manifest else {}
    run = analyse
    predictions: dict[str, Prediction | ReportError] = {}
    for name in gold:
        path = folder / name
        if not path.is_file():
            continue
        if run is None:
            run = _default_analyse()
        row = manifest.get(_manifest_key(name))
        try:
            predictions[name] = Prediction.from_report(run(path, name, row))
        except ReportError as err:
            predictions[name] = err
    return score_all(gold, predictions)


def _manifest_key(name: str) -> str:
    from analytics.corpus import manifest_key

    return manifest_key(name)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _counts_row(label: str, c: Counts, width: int) -> str:
    return (
        f"{label:<{width}} {c.tp:>4} {c.fp:>4} {c.fn:>4}  "
        f"{_pct(c.precision):>7} {_pct(c.recall):>7} {_pct(c.f1):>7}"
    )


_META_NOTE_PREFIXES = ("单位：", "unit_type：", "year：")


def format_result(result: EvaluationResult) -> str:
    """A plain-text report of the scores: Chinese headings, SPEC keys."""
    lines: list[str] = []
    total = len(result.reports) + len(result.missing)
    lines.append(f"评测结果：标注报告 {total} 份，已评测 {len(result.reports)} 份")
    if result.missing:
        lines.append("缺少的文件（文件夹中没有）：" + "、".join(result.missing))
    refused = [r for r in result.reports if r.error]
    for r in refused:
        lines.append(f"无法读取：《{r.file}》：{r.error}")

    counts = result.metric_counts
    width = max([len("overall"), *(len(k) for k in counts)])
    header = f"{'metric':<{width}} {'TP':>4} {'FP':>4} {'FN':>4}  {'P':>7} {'R':>7} {'F1':>7}"
    lines += ["", "== 指标（表格值）==", header]
    lines += [_counts_row(key, c, width) for key, c in counts.items()]
    lines.append(_counts_row("overall", result.metrics_overall, width))

    cats = result.categories
    lines += [
        "",
        "== 问题类别（逐份报告取并集，微平均）==",
        f"TP {cats.tp}  FP {cats.fp}  FN {cats.fn}  "
        f"P {_pct(cats.precision)}  R {_pct(cats.recall)}  F1 {_pct(cats.f1)}",
    ]
    passed, checked = result.items_checked
    lines += ["", "== 问题条目数 ==", f"达到标注的最少条目数：{passed}/{checked}"]

    lines += ["", "== 元数据准确率 =="]
    for name, (ok, n) in result.meta_accuracy.items():
        lines.append(f"{name:<10} {ok}/{n}  {_pct(ok / n if n else None)}")
    flagged, wrong, caught = result.review_flags
    lines += [
        "",
        "== 元数据待核实标记 ==",
        f"标记待核实 {flagged}/{len(result.reports)} 份；"
        f"单位/类型/年度有误的 {wrong} 份中已标记 {caught} 份",
    ]

    noted = [r for r in result.reports if r.notes]
    if noted:
        lines += ["", "== 逐份报告的差异 =="]
        for r in noted:
            lines.append(f"《{r.file}》")
            lines += [f"  - {note}" for note in r.notes]
            if r.review_reasons and any(n.startswith(_META_NOTE_PREFIXES) for n in r.notes):
                lines.append("  - 待核实原因：" + "；".join(r.review_reasons))
    return "\n".join(lines)


__all__ = [
    "Counts",
    "EvaluationResult",
    "Prediction",
    "ReportScore",
    "evaluate_folder",
    "format_result",
    "load_gold",
    "score_all",
    "score_meta",
    "score_metrics",
    "score_report",
]
