"""The command line: extract (JSON Lines, SPEC §5), ingest, export, evaluate."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from analytics import corpus, pipeline, schema
from analytics.errors import ReportError
from analytics.records import Report
from analytics.store import DATA_DIR_ENV

_DESCRIPTION = """党建述职报告分析：把一批述职报告（.txt/.docx/.pdf）读成表格。

commands:
  extract   读取文件或文件夹，逐份报告输出一行 JSON（不写入数据库）
  ingest    把文件或文件夹导入语料库（数据库），显示进度和汇总
  export    导出全部表格（Excel），或点评初稿、整改台账、材料汇编、通报数据等文书
  ledger    导入填写后的问题清单/整改台账（.xlsx），供下一年度整改核查使用
  batch     大批量分析：在 Dask 集群上读取报告，把各表写成分区 Parquet（需 .[scale]）
  evaluate  用人工标注（expected.json 格式）评测抽取的准确率和召回率
"""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_read_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "paths",
            nargs="+",
            type=Path,
            metavar="PATH",
            help="文件或文件夹（递归读取，遵循文件夹中的 manifest.csv）",
        )
        add_limits(p)
        p.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="并行进程数，默认为 CPU 核数（%(default)s）",
        )

    def add_limits(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--max-mb",
            type=float,
            default=pipeline.DEFAULT_MAX_BYTES / 2**20,
            help="单个文件的大小上限（MB），默认 %(default)g",
        )
        p.add_argument(
            "--pdf-timeout",
            type=float,
            default=pipeline.DEFAULT_PDF_TIMEOUT,
            help="解析单个 PDF 的时间上限（秒），默认 %(default)g",
        )
        p.add_argument(
            "--time-budget",
            type=float,
            default=pipeline.DEFAULT_TIME_BUDGET,
            help="分析单个文件文字的时间上限（秒，每百万字），超时不导入，默认 %(default)g",
        )

    p_extract = sub.add_parser(
        "extract",
        help="输出 JSON Lines（SPEC §5）",
        description="读取文件，逐份报告向标准输出写一行 JSON。",
    )
    add_read_options(p_extract)

    data_help = f"语料库数据文件夹（默认取环境变量 {DATA_DIR_ENV}，否则为用户数据目录）"
    p_ingest = sub.add_parser("ingest", help="导入语料库", description="把文件导入语料库。")
    add_read_options(p_ingest)
    p_ingest.add_argument("--data-dir", type=Path, default=None, help=data_help)

    from analytics.documents.build import DEFAULT_NAMES, KINDS

    kinds = {"tables": "全部表格（.xlsx）", **KINDS}
    p_export = sub.add_parser(
        "export",
        help="导出表格或文书",
        description="导出全部表格或审阅文书：\n"
        + "\n".join(f"  {k:<9} {v}" for k, v in kinds.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_export.add_argument(
        "--kind", choices=list(kinds), default="tables", help="导出类型，默认 %(default)s"
    )
    p_export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PATH",
        help="输出文件；若为已有文件夹，则以默认中文文件名写入其中（如 "
        + DEFAULT_NAMES["huibian"]
        + "）",
    )
    p_export.add_argument("--year", type=int, action="append", help="只导出这些年度（可重复）")
    p_export.add_argument("--unit", action="append", help="只导出这些单位（可重复）")
    p_export.add_argument(
        "--unit-type",
        action="append",
        choices=list(schema.UNIT_TYPES),
        help="只导出这些单位类型（可重复）",
    )
    p_export.add_argument("--data-dir", type=Path, default=None, help=data_help)

    p_ledger = sub.add_parser(
        "ledger",
        help="导入整改台账",
        description="导入填写后的问题清单/整改台账（由 export --kind taizhang 导出）。",
    )
    p_ledger.add_argument("file", type=Path, metavar="FILE.xlsx", help="填写后的整改台账")
    p_ledger.add_argument("--data-dir", type=Path, default=None, help=data_help)
    p_batch = sub.add_parser(
        "batch",
        help="大批量分析，输出 Parquet",
        description="在 Dask 集群上分析全部报告，把 reports、mentions、problems、terms、texts、"
        "refused 各表写成分区 Parquet；重复运行时跳过已按当前版本分析过的报告。",
    )
    p_batch.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="文件夹、文件或 fsspec 地址（如 s3://bucket/reports，需安装相应组件）",
    )
    p_batch.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出文件夹")
    p_batch.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="已有 Dask 集群的调度器地址（如 tcp://10.0.0.5:8786）；不填则在本机启动",
    )
    p_batch.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="本机集群的进程数，默认 %(default)s",
    )
    p_batch.add_argument(
        "--partition-files", type=int, default=200, help="每个分区的文件数，默认 %(default)s"
    )
    add_limits(p_batch)

    p_eval = sub.add_parser(
        "evaluate",
        help="评测抽取效果",
        description="对照标注文件评测指标、问题类别和元数据的抽取。",
    )
    p_eval.add_argument(
        "gold", type=Path, metavar="GOLD.json", help="标注文件（expected.json 格式）"
    )
    p_eval.add_argument("folder", type=Path, metavar="DIR", help="标注所对应的报告文件夹")
    return parser


def _options(args: argparse.Namespace) -> pipeline.ReadOptions:
    return pipeline.ReadOptions(
        max_bytes=int(args.max_mb * 2**20),
        pdf_timeout=float(args.pdf_timeout),
        time_budget=float(args.time_budget),
    )


def _data_dir(args: argparse.Namespace) -> Path:
    from analytics import store

    if args.data_dir is not None:
        return Path(args.data_dir)
    return store.default_data_dir(environ=args.environ, platform=sys.platform, home=Path.home())


def run_extract(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    sources, problems = corpus.discover(list(args.paths))
    status = 0
    for problem in problems:
        print(json.dumps(pipeline.error_record(problem), ensure_ascii=False), file=out)
        print(problem.text, file=err)
        status = 1
    for result in pipeline.analyse_sources(sources, workers=args.workers, options=_options(args)):
        if isinstance(result, Report):
            record = pipeline.extract_record(result)
        else:
            record = pipeline.error_record(result)
            print(result.text, file=err)
            status = 1
        print(json.dumps(record, ensure_ascii=False), file=out, flush=False)
    out.flush()
    return status


def run_ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from analytics import ingest, store

    db = store.Store.open(_data_dir(args))
    try:
        summary = ingest.ingest_cli(
            db, list(args.paths), options=_options(args), workers=args.workers, out=out, err=err
        )
    finally:
        db.close()
    return 1 if summary.refused else 0


def _selected_ids(reports: Any, args: argparse.Namespace) -> list[str] | None:
    """Report ids matching --year/--unit/--unit-type (None when no filter was given)."""
    if not (args.year or args.unit or args.unit_type):
        return None
    mask = reports["report_id"].notna()
    if args.year:
        mask &= reports["year"].isin(args.year).fillna(False).astype(bool)
    if args.unit:
        mask &= reports["unit"].isin(args.unit)
    if args.unit_type:
        mask &= reports["unit_type"].isin(args.unit_type)
    return [str(r) for r in reports.loc[mask, "report_id"]]


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from analytics import export, store
    from analytics.documents import build

    db = store.Store.open(_data_dir(args))
    try:
        if args.kind == "tables":
            data, name = export.workbook_bytes(db.all_tables()), build.DEFAULT_NAMES["tables"]
        else:
            ids = _selected_ids(db.reports(), args)
            materials = build.materials_from_store(db, report_ids=ids)
            built = build.build(args.kind, materials, status=build.stored_ledger(db))
            data, name = built.data, built.name
    finally:
        db.close()
    target = args.out / name if args.out.is_dir() else args.out
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise ReportError(
            f"无法写入 {target}：{exc.strerror}。请检查文件夹是否存在、是否有写入权限。"
        ) from exc
    print(f"已导出到 {target}", file=out)
    return 0


def run_ledger(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from analytics import readers, store
    from analytics.documents import build

    data = readers.read_file_bytes(
        args.file, name=args.file.name, max_bytes=readers.DEFAULT_MAX_BYTES
    )
    db = store.Store.open(_data_dir(args))
    try:
        rows = build.import_ledger(db, data, args.file.name)
    finally:
        db.close()
    print(f"已导入整改台账 {args.file.name}：{rows} 条问题的整改情况", file=out)
    return 0


def run_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        from analytics.scale import batch
    except ImportError:
        raise ReportError(
            'batch 需要 Dask 和 DuckDB：请先执行 python -m pip install -e ".[scale]"'
        ) from None

    def progress(done: int, total: int) -> None:
        print(f"\r已完成分区 {done}/{total}", end="", file=err, flush=True)

    summary = batch.run_batch(
        list(args.paths),
        args.out,
        scheduler=args.scheduler,
        workers=args.workers,
        partition_files=args.partition_files,
        options=_options(args),
        on_progress=progress,
    )
    print("", file=err)
    print(
        f"共 {summary.files} 个文件：新写入 {summary.written} 份，跳过已分析 {summary.skipped} 份，"
        f"未能读取 {summary.refused} 份（见 {args.out / 'refused'}）；"
        f"{summary.partitions} 个分区，用时 {summary.seconds:.1f} 秒"
        f"（其中计算全库汇总表、比对各单位相邻年度的问题表述 {summary.derived_seconds:.1f} 秒）。",
        file=out,
    )
    return 1 if summary.refused else 0


def run_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from analytics import evaluate

    result = evaluate.evaluate_folder(args.gold, args.folder)
    print(evaluate.format_result(result), file=out)
    return 0


_COMMANDS = {
    "extract": run_extract,
    "ingest": run_ingest,
    "export": run_export,
    "ledger": run_ledger,
    "batch": run_batch,
    "evaluate": run_evaluate,
}


def main(argv: Sequence[str] | None = None, *, environ: Mapping[str, str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some file refused, 2 usage).

    ``environ`` is the process environment, passed in by the entry point (``__main__``) so that
    nothing in the package reads it by itself; it supplies the data folder's default.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)  # exits with status 2 on a usage error
    args.environ = dict(environ or {})
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return _COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except ReportError as exc:
        print(exc.text, file=sys.stderr)
        return 1
