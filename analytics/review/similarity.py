"""Copying and templates: sentence shingles, MinHash-LSH (datasketch), shares and passages."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHashLSH

from analytics import schema
from analytics.review.text import normalise, sentences

MIN_CHARS = 12  # shorter sentences (headings, formulas) are no evidence of copying
NUM_PERM = 32
_SEED = 20231
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True)
class SimilarityOptions:
    """How passages are matched and what counts as boilerplate."""

    threshold: float = 0.7  # MinHash Jaccard of two sentences' character 3-grams
    # A sentence found in this share of all units is genre (the opening formula, a slogan, the
    # notice, a template title), not copying; in a large corpus, in this many units at most
    # (a stock sentence 30 units wrote is a template, whatever the corpus size, and capping it
    # keeps the pairs of reports that share a sentence linear in the corpus) ...
    boilerplate_share: float = 0.3
    boilerplate_max_units: int = 30
    boilerplate_min_units: int = 4  # ... and never fewer than this many units
    max_partners: int = 5  # passages listed per report: against its closest reports
    min_chars: int = MIN_CHARS


def _signatures(norms: Sequence[str]) -> np.ndarray:
    """MinHash signatures (len(norms) × NUM_PERM, uint32 values) of character 3-gram sets.

    Vectorised: every 3-gram of every sentence is hashed at once (its three code points packed
    into one integer, then mixed), permuted by NUM_PERM multiply-shift hashes and reduced per
    sentence with ``minimum.reduceat`` (one permutation at a time, on contiguous arrays).
    """
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    out = np.empty((len(norms), NUM_PERM), dtype=np.uint64)
    chunk = 20000
    for lo in range(0, len(norms), chunk):
        part = norms[lo : lo + chunk]
        codes = np.frombuffer("".join(part).encode("utf-32-le"), dtype=np.uint32)
        codes = codes.astype(np.uint64)
        lengths = np.fromiter((len(s) for s in part), dtype=np.int64, count=len(part))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        # 3-gram i of a sentence starts at offset starts+i, for i < length-2 (length >= 3 here)
        counts = lengths - 2
        bounds = np.concatenate(([0], np.cumsum(counts)[:-1]))
        idx = np.repeat(starts - bounds, counts) + np.arange(int(counts.sum()), dtype=np.int64)
        packed = (codes[idx] << np.uint64(34)) | (codes[idx + 1] << np.uint64(17)) | codes[idx + 2]
        mixed = (packed * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)
        for k in range(NUM_PERM):
            permuted = ((mixed * a[k] + b[k]) >> np.uint64(32)) & _MASK32
            out[lo : lo + len(part), k] = np.minimum.reduceat(permuted, bounds)
    return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of small, acyclic containers
    (LSH buckets, spans) are built: its repeated full scans otherwise double the time at 5,000
    reports. The previous state is restored on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def near_duplicate_groups(norms: Sequence[str], *, threshold: float) -> list[int]:
    """A group number per text: texts whose 3-gram MinHash Jaccard ≥ threshold share one.

    Identical texts are grouped first; the distinct ones go through MinHash-LSH (datasketch),
    so the cost grows with the number of texts, not with its square.
    """
    first: dict[str, int] = {}
    uniq: list[str] = []
    of_text = []
    for text in norms:
        k = first.setdefault(text, len(uniq))
        if k == len(uniq):
            uniq.append(text)
        of_text.append(k)
    parent = list(range(len(uniq)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    long_ids = [i for i, t in enumerate(uniq) if len(t) >= 3]
    if len(long_ids) > 1:
        sigs = _signatures([uniq[i] for i in long_ids])
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        for pos, row in enumerate(sigs):
            lsh.insert(pos, LeanMinHash(seed=_SEED, hashvalues=row, scheme="legacy"), False)
        # Candidates are the LSH buckets holding more than one sentence (reading the buckets once
        # instead of querying every sentence); each candidate pair is confirmed on its signatures.
        for table in lsh.hashtables:
            for key in table.keys():  # noqa: SIM118  (a datasketch storage, not a dict)
                bucket = table.get(key)
                if len(bucket) < 2:
                    continue
                members = sorted(bucket)
                head = members[0]
                for other in members[1:]:
                    if float(np.mean(sigs[head] == sigs[other])) >= threshold:
                        ra, rb = find(long_ids[head]), find(long_ids[other])
                        if ra != rb:
                            parent[rb] = ra
    return [find(k) for k in of_text]


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def corpus_similarity(
    reports: pd.DataFrame, texts: dict[str, str], *, options: SimilarityOptions | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per report, the share of its text found in other reports, and the shared passages.

    ``reports`` has the KEY columns (and ``file``); ``texts`` maps report_id to its text. A
    sentence counts as shared when a near-duplicate of it (numbers ignored, so a changed date
    still matches) is in another report; sentences found in many units (boilerplate: the
    opening formula, slogans, the notice) count as neither shared nor copied.
    Returns (REVIEW_SIMILARITY frame, REVIEW_PASSAGES frame).
    """
    with _collector_paused():
        return _corpus_similarity(reports, texts, options or SimilarityOptions())


def _corpus_similarity(
    reports: pd.DataFrame, texts: dict[str, str], opts: SimilarityOptions
) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [str(r) for r in reports["report_id"]]
    units = [str(u) for u in reports["unit"]]
    years = reports["year"].tolist()
    types = reports["unit_type"].tolist()
    files = reports["file"].tolist() if "file" in reports.columns else [None] * len(ids)
    sent_report: list[int] = []
    sent_span: list[tuple[int, int]] = []
    norms: list[str] = []
    total_chars = [0] * len(ids)
    for ri, rid in enumerate(ids):
        text = texts.get(rid, "")
        for s, e in sentences(text):
            norm = normalise(text[s:e])
            total_chars[ri] += len(norm)
            if len(norm) >= opts.min_chars:
                sent_report.append(ri)
                sent_span.append((s, e))
                norms.append(norm)
    groups = near_duplicate_groups(norms, threshold=opts.threshold)
    members: dict[int, list[int]] = defaultdict(list)
    for si, g in enumerate(groups):
        members[g].append(si)
    n_units = len(set(units))
    cap = max(
        opts.boilerplate_min_units,
        min(opts.boilerplate_share * n_units, opts.boilerplate_max_units),
    )
    same_chars = [0] * len(ids)
    other_chars = [0] * len(ids)
    shared_count = [0] * len(ids)
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for sis in members.values():
        if len(sis) < 2:
            continue
        reps = {sent_report[s] for s in sis}
        if len(reps) < 2:
            continue
        group_units = {units[r] for r in reps}
        if len(group_units) >= cap:
            continue  # boilerplate
        by_report: dict[int, int] = {}
        for s in sis:
            by_report.setdefault(sent_report[s], s)
        for r, s in by_report.items():
            others = [o for o in by_report if o != r]
            same = any(units[o] == units[r] for o in others)
            other = any(units[o] != units[r] for o in others)
            size = len(norms[s])
            shared_count[r] += 1
            if other:
                other_chars[r] += size
            elif same:
                same_chars[r] += size
            for o in others:
                pairs[(r, o)].append((s, by_report[o]))
    passages = _passages(pairs, ids, units, types, years, texts, sent_span, opts.max_partners)
    top: dict[str, tuple[object, ...]] = {}
    if not passages.empty:
        ranked = passages.sort_values(["sentences", "start"], ascending=[False, True])
        for row in ranked.drop_duplicates("report_id").itertuples(index=False):
            top[str(row.report_id)] = (
                row.match_id,
                row.match_unit,
                row.match_year,
                row.evidence,
                row.start,
                row.end,
            )
    rows = []
    for ri, rid in enumerate(ids):
        total = max(total_chars[ri], 1)
        found = top.get(rid, (None,) * 6)
        rows.append(
            (
                rid,
                units[ri],
                types[ri],
                years[ri],
                files[ri],
                round(same_chars[ri] / total, 3),
                round(other_chars[ri] / total, 3),
                round((same_chars[ri] + other_chars[ri]) / total, 3),
                shared_count[ri],
                *found,
            )
        )
    per_report = pd.DataFrame(rows, columns=list(schema.REVIEW_SIMILARITY))
    per_report["year"] = per_report["year"].astype("Int64")
    for column in ("match_year", "start", "end", "shared_sentences"):
        per_report[column] = pd.array(per_report[column].tolist(), dtype="Int64")
    return per_report, passages


def _passages(
    pairs: dict[tuple[int, int], list[tuple[int, int]]],
    ids: list[str],
    units: list[str],
    types: list[object],
    years: list[object],
    texts: dict[str, str],
    spans: list[tuple[int, int]],
    max_partners: int,
) -> pd.DataFrame:
    """Runs of consecutive shared sentences per report and partner, closest partners first."""
    by_report: dict[int, list[tuple[int, list[tuple[int, int]]]]] = defaultdict(list)
    for (r, o), shared in pairs.items():
        by_report[r].append((o, shared))
    rows = []
    for r, partners in by_report.items():
        partners = sorted(partners, key=lambda p: (-len(p[1]), ids[p[0]]))[:max_partners]
        for o, shared in partners:
            shared.sort()
            run: list[tuple[int, int]] = []
            for s, t in [*shared, (-10, -10)]:
                if run and (s != run[-1][0] + 1):
                    rows.append(_passage_row(r, o, run, ids, units, types, years, texts, spans))
                    run = []
                if s >= 0:
                    run.append((s, t))
    columns = list(schema.REVIEW_PASSAGES)
    if not rows:
        return _empty(columns)
    out = pd.DataFrame(rows, columns=columns)
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    out["match_year"] = pd.array(out["match_year"].tolist(), dtype="Int64")
    return out.sort_values(["report_id", "start"]).reset_index(drop=True)


def _passage_row(
    r: int,
    o: int,
    run: list[tuple[int, int]],
    ids: list[str],
    units: list[str],
    types: list[object],
    years: list[object],
    texts: dict[str, str],
    spans: list[tuple[int, int]],
) -> tuple[object, ...]:
    start, end = spans[run[0][0]][0], spans[run[-1][0]][1]
    match_start = min(spans[t][0] for _, t in run)
    match_end = max(spans[t][1] for _, t in run)
    text, other = texts[ids[r]], texts[ids[o]]
    relation = schema.SAME_UNIT if units[r] == units[o] else schema.OTHER_UNIT
    return (
        ids[r],
        units[r],
        types[r],
        years[r],
        ids[o],
        units[o],
        years[o],
        relation,
        len(run),
        text[start:end],
        other[match_start:match_end],
        start,
        end,
        match_start,
        match_end,
    )
