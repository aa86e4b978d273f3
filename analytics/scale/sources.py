"""Files to analyse from local folders or any fsspec URL, with their manifest rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analytics import corpus, readers
from analytics.errors import ReportError
from analytics.records import ManifestRow

_REPORT_SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class Job:
    """One file to analyse: where to read it (a local path or a URL), its name, its manifest row."""

    location: str
    name: str
    manifest: ManifestRow | None = None


def is_url(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


def discover(locations: Sequence[str]) -> tuple[list[Job], list[ReportError]]:
    """Jobs for the files under each location (local folders as ``corpus.discover`` walks them;
    a URL through fsspec, its top folder's manifest.csv applied), and the problems met."""
    local = [Path(loc.removeprefix("file://")) for loc in locations if not is_url(loc)]
    sources, problems = corpus.discover(local) if local else ([], [])
    jobs = [Job(str(s.path), s.name, s.manifest) for s in sources]
    for location in locations:
        if is_url(location):
            found, errors = _discover_url(location)
            jobs.extend(found)
            problems.extend(errors)
    return jobs, problems


def _discover_url(url: str) -> tuple[list[Job], list[ReportError]]:
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        return [], [
            ReportError(
                f"无法打开这个地址：{exc}。请安装该存储所需的 fsspec 组件，或检查地址是否正确。",
                file=readers.safe_name(url),
            )
        ]
    protocol = url.split("://", 1)[0]
    try:
        if fs.isfile(root):
            files = [root]
            base = str(PurePosixPath(root).parent)
        else:
            files = sorted(fs.find(root))
            base = root
    except OSError as exc:
        return [], [ReportError(f"无法列出文件：{exc}。", file=readers.safe_name(url))]
    manifest: dict[str, ManifestRow] = {}
    problems: list[ReportError] = []
    manifest_path = f"{base.rstrip('/')}/{corpus.MANIFEST_NAME}"
    if fs.exists(manifest_path):
        try:
            manifest = corpus.parse_manifest(fs.cat_file(manifest_path), corpus.MANIFEST_NAME)
        except ReportError as err:
            problems.append(err)
    jobs = []
    for path in files:
        name = PurePosixPath(path).name
        if not name.lower().endswith(_REPORT_SUFFIXES) or name.startswith((".", "~$")):
            continue
        relative = str(PurePosixPath(path).relative_to(base)) if path != base else name
        row = manifest.get(corpus.manifest_key(relative)) or manifest.get(corpus.manifest_key(name))
        jobs.append(Job(f"{protocol}://{path}", name, row))
    return jobs, problems


def read_bytes(job: Job, *, max_bytes: int) -> bytes:
    """A job's bytes, refused by size before reading where the size is known."""
    if not is_url(job.location):
        return readers.read_file_bytes(
            Path(job.location.removeprefix("file://")), name=job.name, max_bytes=max_bytes
        )
    import fsspec

    try:
        with fsspec.open(job.location, "rb") as handle:
            data: bytes = handle.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise ReportError(f"无法读取该文件：{exc}。", file=readers.safe_name(job.name)) from exc
    if len(data) > max_bytes:
        raise ReportError(f"文件超过 {max_bytes // 2**20} MB 的大小上限，未读取。", file=job.name)
    return data
