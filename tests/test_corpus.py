"""Finding report files in folders and applying each folder's manifest.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.corpus import SourceFile, discover, read_manifest
from analytics.errors import ReportError
from analytics.records import ManifestRow

REPORT = "XX镇党委书记抓基层党建工作述职报告\n一、履职情况\n全年发展党员2名。\n".encode()


def make_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root


def relative_names(sources: list[SourceFile], root: Path) -> list[str]:
    return [s.path.relative_to(root).as_posix() for s in sources]


# --- discovery ----------------------------------------------------------------------------------


def test_folders_are_walked_recursively_in_a_stable_sorted_order(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "reports",
        {
            "b_区统计局.txt": REPORT,
            "a_市体育局.docx": REPORT,
            "2023/z_XX村.pdf": REPORT,
            "2023/c_XX社区.txt": REPORT,
            "10_第十份.txt": REPORT,
            "2_第二份.txt": REPORT,
            "照片.jpg": REPORT,
        },
    )
    sources, problems = discover([root])
    assert problems == []
    assert relative_names(sources, root) == [
        "10_第十份.txt",
        "2023/c_XX社区.txt",
        "2023/z_XX村.pdf",
        "2_第二份.txt",
        "a_市体育局.docx",
        "b_区统计局.txt",
        "照片.jpg",  # an unknown type is kept: the reader refuses it with a message
    ]
    assert [s.name for s in sources][:2] == ["10_第十份.txt", "c_XX社区.txt"]
    assert discover([root])[0] == sources


@pytest.mark.parametrize(
    "skipped",
    [
        "manifest.csv",
        "MANIFEST.CSV",
        "expected.json",
        "README.md",
        "说明.md",
        ".DS_Store",
        ".隐藏报告.txt",
        "~$述职报告.docx",
        ".git/报告.txt",
        ".cache/sub/报告.txt",
        "__MACOSX/._报告.docx",
        "Thumbs.db",
        "desktop.ini",
    ],
)
def test_non_report_and_hidden_files_are_skipped(tmp_path: Path, skipped: str) -> None:
    root = make_tree(tmp_path, {"报告.txt": REPORT, skipped: "file\n"})
    sources, problems = discover([root])
    assert relative_names(sources, root) == ["报告.txt"]
    assert problems == []


def test_a_missing_path_is_a_problem_and_the_rest_goes_on(tmp_path: Path) -> None:
    make_tree(tmp_path, {"报告.txt": REPORT})
    sources, problems = discover([tmp_path / "不存在的文件夹", tmp_path / "报告.txt"])
    assert [s.name for s in sources] == ["报告.txt"]
    assert len(problems) == 1
    assert isinstance(problems[0], ReportError)
    assert problems[0].file == "不存在的文件夹"
    assert "找不到" in problems[0].message


def test_files_named_twice_are_read_once_in_the_order_given(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"乙.txt": REPORT, "甲.txt": REPORT})
    sources, _ = discover([root / "乙.txt", root, root / "甲.txt"])
    assert [s.name for s in sources] == ["乙.txt", "甲.txt"]


def test_explicit_file_gets_its_folders_manifest(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {"报告.txt": REPORT, "manifest.csv": "file,unit,year\n报告.txt,XX镇党委,2023\n"},
    )
    sources, _ = discover([tmp_path / "报告.txt"])
    assert sources == [
        SourceFile(
            path=tmp_path / "报告.txt",
            name="报告.txt",
            manifest=ManifestRow(file="报告.txt", unit="XX镇党委", year=2023),
        )
    ]


# --- manifests ----------------------------------------------------------------------------------

MANIFEST = (
    "file,unit,unit_type,year,secretary\n"
    "a.txt,市体育局,agency,2023,张三\n"
    "b.docx,XX村党支部,村,2022,\n"
    "c.pdf,,,,\n"
)
EXPECTED_ROWS = {
    "a.txt": ManifestRow(
        file="a.txt", unit="市体育局", unit_type="agency", year=2023, secretary="张三"
    ),
    "b.docx": ManifestRow(file="b.docx", unit="XX村党支部", unit_type="village", year=2022),
    "c.pdf": ManifestRow(file="c.pdf"),
}


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", MANIFEST),
        ("utf-8-sig", MANIFEST),
        ("gbk", MANIFEST.replace("\n", "\r\n")),  # Excel on Chinese Windows
        ("utf-16", MANIFEST.replace(",", "\t")),  # Excel's "Unicode text"
    ],
)
def test_manifest_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "manifest.csv"
    path.write_bytes(text.encode(encoding))
    assert read_manifest(path) == EXPECTED_ROWS


def test_manifest_with_chinese_headers_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text("文件名,单位,年度\n2023_报告.docx,XX街道党工委,2023年\n", encoding="utf-8")
    assert read_manifest(path) == {
        "2023_报告.docx": ManifestRow(file="2023_报告.docx", unit="XX街道党工委", year=2023)
    }


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2023", 2023),
        ("２０２３", 2023),
        ("2023年", 2023),
        ("2023.0", 2023),
        (" 2021 ", 2021),
    ],
)
def test_manifest_year_forms(tmp_path: Path, cell: str, expected: int) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text(f"file,year\n报告.txt,{cell}\n", encoding="utf-8")
    assert read_manifest(path)["报告.txt"].year == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("agency", "agency"),
        ("机关", "agency"),
        ("乡镇/街道", "township"),
        ("街道", "township"),
        ("社区", "community"),
        ("国有企业", "soe"),
        ("SOE", "soe"),
        ("学校", "school"),
        ("医院", "hospital"),
        ("其他", "other"),
    ],
)
def test_manifest_unit_type_forms(tmp_path: Path, cell: str, expected: str) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text(f"file,unit_type\n报告.txt,{cell}\n", encoding="utf-8")
    assert read_manifest(path)["报告.txt"].unit_type == expected


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("file,year\na.txt,2023\nb.txt,20233\n", ["第 3 行", "年份", "20233", "四位数年份"]),
        ("file,year\na.txt,去年\n", ["第 2 行", "年份", "去年"]),
        ("file,year\na.txt,1900\n", ["第 2 行", "年份"]),
        ("file,unit_type\na.txt,政府部门\n", ["第 2 行", "单位类型", "政府部门", "agency（机关）"]),
        ("unit,year\nXX镇党委,2023\n", ["缺少 file 列"]),
        ("file,unit\na.txt,甲\na.txt,乙\n", ["第 3 行", "与第 2 行重复"]),
        ("file,unit\n,XX镇党委\n", ["第 2 行", "没有填写文件名"]),
    ],
)
def test_bad_manifest_names_the_row_and_the_fix(
    tmp_path: Path, text: str, fragments: list[str]
) -> None:
    folder = tmp_path / "2023年报告"
    folder.mkdir()
    path = folder / "manifest.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        read_manifest(path)
    for fragment in fragments:
        assert fragment in caught.value.message
    assert caught.value.file == "2023年报告/manifest.csv"


def test_manifest_in_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"file,unit\n\xff\xfe\xfd\x80,x\n")
    with pytest.raises(ReportError, match="编码无法识别"):
        read_manifest(path)


def test_blank_rows_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    path.write_text("\nfile,unit\n\n,\na.txt,甲\n\n", encoding="utf-8")
    assert read_manifest(path) == {"a.txt": ManifestRow(file="a.txt", unit="甲")}


def test_folder_manifest_applies_to_its_files_by_name_and_below_by_relative_path(
    tmp_path: Path,
) -> None:
    root = make_tree(
        tmp_path,
        {
            "manifest.csv": (
                "file,unit,year\n"
                "甲.txt,甲单位,2023\n"
                "./乙.txt,乙单位,2023\n"
                "子目录/丙.txt,丙单位,2022\n"
                "子目录\\丁.txt,丁单位,2022\n"
            ),
            "甲.txt": REPORT,
            "乙.txt": REPORT,
            "戊.txt": REPORT,
            "子目录/丙.txt": REPORT,
            "子目录/丁.txt": REPORT,
            "子目录/甲.txt": REPORT,  # same name as a row of the parent's manifest: not matched
        },
    )
    sources, problems = discover([root])
    assert problems == []
    units = {
        s.path.relative_to(root).as_posix(): (s.manifest.unit if s.manifest else None)
        for s in sources
    }
    assert units == {
        "甲.txt": "甲单位",
        "乙.txt": "乙单位",
        "戊.txt": None,
        "子目录/丙.txt": "丙单位",
        "子目录/丁.txt": "丁单位",
        "子目录/甲.txt": None,
    }


def test_nearest_manifest_wins(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path,
        {
            "manifest.csv": "file,unit\n子目录/报告.txt,上级清单\n",
            "子目录/manifest.csv": "file,unit\n报告.txt,本级清单\n",
            "子目录/报告.txt": REPORT,
        },
    )
    sources, _ = discover([root])
    assert [s.manifest.unit if s.manifest else None for s in sources] == ["本级清单"]


def test_a_bad_manifest_is_reported_and_its_files_still_read(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path,
        {"manifest.csv": "file,year\n报告.txt,二〇二三\n", "报告.txt": REPORT},
    )
    sources, problems = discover([root])
    assert [(s.name, s.manifest) for s in sources] == [("报告.txt", None)]
    assert len(problems) == 1
    assert "年份" in problems[0].message
    assert problems[0].file.endswith("manifest.csv")


def test_manifest_matches_names_whatever_their_case(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path,
        {"manifest.csv": "file,unit\nReport_2023.TXT,XX社区党委\n", "report_2023.txt": REPORT},
    )
    sources, _ = discover([root])
    assert sources[0].manifest is not None
    assert sources[0].manifest.unit == "XX社区党委"


@pytest.mark.shared
def test_seed_folder_yields_only_the_reports(seeds_dir: Path) -> None:
    sources, problems = discover([seeds_dir])
    assert problems == []
    assert sources, "the seed folder holds reports"
    assert all(s.name.endswith(".txt") for s in sources)
    assert "expected.json" not in [s.name for s in sources]
