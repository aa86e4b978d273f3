"""A ranking to read first: every check per report as a visible 0–1 part and a weighted score."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics import schema

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "part_copying": 3.0,
    "part_anachronism": 2.0,
    "part_rectification": 2.0,
    "part_specificity": 1.0,
    "part_causes": 1.0,
    "part_next_steps": 1.0,
    "part_plausibility": 2.0,
    "part_coverage": 1.0,
}
COPYING_FULL = 0.3  # a report 30 % of whose text is found elsewhere scores 1 on copying


def _by_report(frame: pd.DataFrame, column: str) -> dict[str, float]:
    return {str(r): float(v) for r, v in zip(frame["report_id"], frame[column], strict=True)}


def parts_table(
    reports: pd.DataFrame,
    *,
    similarity: pd.DataFrame,
    anachronisms: pd.DataFrame,
    rectification: pd.DataFrame,
    specificity: pd.DataFrame,
    causes: pd.DataFrame,
    balance: pd.DataFrame,
    plausibility: pd.DataFrame,
    coverage: pd.DataFrame,
) -> pd.DataFrame:
    """Per report: each check as a 0–1 part, the findings in words and the first evidence.

    copying: share of text found elsewhere / 0.3 (capped at 1); anachronism: findings / 2;
    rectification: share of last year's items not mentioned or returning; specificity: share
    of generic problem items; causes: 1 when mostly objective; next steps: share of items
    without target, time or owner; plausibility: breaches / 2; coverage: share of topics missing.
    """
    copying = _by_report(similarity, "share_copied")
    ana_count = anachronisms.groupby("report_id").size().to_dict()
    bad_rect = rectification.assign(
        bad=(rectification["status"] == schema.NOT_MENTIONED) | rectification["repeated"]
    )
    rect = bad_rect.groupby("report_id")["bad"].mean().to_dict()
    spec = specificity.groupby("report_id")["generic"].mean().to_dict()
    cause = _by_report(causes.assign(f=causes["mostly_objective"].astype(float)), "f")
    steps = {
        str(r): (v / n if n else 0.0)
        for r, v, n in zip(
            balance["report_id"],
            balance["vague_next_steps"],
            balance["next_step_items"],
            strict=True,
        )
    }
    breaches = plausibility[plausibility["status"] == schema.BREACH]
    plaus = breaches.groupby("report_id").size().to_dict()
    gaps = coverage.assign(gap=~coverage["covered"]).groupby("report_id")["gap"].mean().to_dict()
    evidence = _evidence(similarity, anachronisms, rectification, breaches, specificity, balance)
    rows = []
    for rid, unit, kind, year, file in zip(
        reports["report_id"],
        reports["unit"],
        reports["unit_type"],
        reports["year"],
        reports["file"] if "file" in reports.columns else [None] * len(reports),
        strict=True,
    ):
        rid = str(rid)
        parts = {
            "part_copying": min(1.0, copying.get(rid, 0.0) / COPYING_FULL),
            "part_anachronism": min(1.0, ana_count.get(rid, 0) / 2),
            "part_rectification": float(rect.get(rid, 0.0)),
            "part_specificity": float(spec.get(rid, 0.0)),
            "part_causes": cause.get(rid, 0.0),
            "part_next_steps": steps.get(rid, 0.0),
            "part_plausibility": min(1.0, plaus.get(rid, 0) / 2),
            "part_coverage": float(gaps.get(rid, 0.0)),
        }
        findings = "；".join(f"{schema.REVIEW_PARTS[k]} {v:.0%}" for k, v in parts.items() if v > 0)
        ev = evidence.get(rid, ("", None, None))
        rows.append(
            (
                rid,
                unit,
                kind,
                year,
                file,
                0.0,
                *(round(v, 3) for v in parts.values()),
                findings,
                *ev,
            )
        )
    out = pd.DataFrame(rows, columns=list(schema.REVIEW_RANKING))
    for column in ("year", "start", "end"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    return out


def _evidence(
    similarity: pd.DataFrame,
    anachronisms: pd.DataFrame,
    rectification: pd.DataFrame,
    breaches: pd.DataFrame,
    specificity: pd.DataFrame,
    balance: pd.DataFrame,
) -> dict[str, tuple[str, int | None, int | None]]:
    """Per report, the first evidence to read: copying, then leftovers, repeats, breaches …"""
    out: dict[str, tuple[str, int | None, int | None]] = {}
    frames = [
        similarity[similarity["share_copied"] > 0],
        anachronisms,
        rectification[rectification["repeated"]].assign(evidence=lambda f: f["repeat_text"]),
        breaches,
        specificity[specificity["generic"]].assign(evidence=lambda f: f["text"]),
        balance[balance["vague_next_steps"] > 0],
    ]
    for frame in frames:
        for rid, ev, s, e in zip(
            frame["report_id"], frame["evidence"], frame["start"], frame["end"], strict=True
        ):
            if str(rid) not in out and isinstance(ev, str) and ev:
                out[str(rid)] = (ev, None if pd.isna(s) else int(s), None if pd.isna(e) else int(e))
    return out


def rank(parts: pd.DataFrame, *, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The parts table with ``review_score`` (0–100: weighted mean of the parts), highest first."""
    chosen = {**DEFAULT_WEIGHTS, **(weights or {})}
    total = sum(max(0.0, w) for w in chosen.values()) or 1.0
    score = pd.Series(0.0, index=parts.index)
    for key, weight in chosen.items():
        score = score + parts[key].astype("float64") * max(0.0, weight)
    out = parts.assign(review_score=(score / total * 100).round(1))
    out = out.sort_values(["review_score", "unit", "year"], ascending=[False, True, True])
    return out.reset_index(drop=True)
