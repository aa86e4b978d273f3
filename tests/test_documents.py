"""Documents for reviewers, read back: layout, traceable facts, the 台账 round trip, CLI, page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from analytics import corpus, ingest, schema
from analytics.documents import build, commonality, dianping, huibian, layout, ledger, tongbao
from analytics.documents.materials import Materials, build_materials, figure_comparison
from analytics.errors import ReportError
from analytics.store import Store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
QUOTED = re.compile(r"^原文：“(.*)”$", re.S)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("documents-store")
    db = Store.open(folder)
    sources, problems = corpus.discover([sample_dir])
    assert not problems
    ingest.ingest_sources(db, sources)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture(scope="module")
def materials(store: Store) -> Materials:
    return build.materials_from_store(store)


def _document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _east_asian(style: object) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


# --- layout ---------------------------------------------------------------------------------


def test_every_docx_kind_is_a4_with_official_margins_and_fonts(materials: Materials) -> None:
    rid = materials.ordered_ids()[0]
    for data in (
        dianping.dianping_docx(materials, rid),
        huibian.huibian_docx(materials),
        commonality.commonality_docx(materials),
    ):
        document = _document(data)
        for section in document.sections:
            assert abs(section.page_width - Mm(210)) < Mm(0.5)
            assert abs(section.page_height - Mm(297)) < Mm(0.5)
            assert abs(section.top_margin - Mm(37)) < Mm(0.5)
            assert abs(section.left_margin - Mm(28)) < Mm(0.5)
            assert abs(section.right_margin - Mm(26)) < Mm(0.5)
            assert abs(section.bottom_margin - Mm(35)) < Mm(0.5)
        styles = document.styles
        assert styles[layout.STYLE_BODY].font.size == Pt(16)  # 三号
        assert _east_asian(styles[layout.STYLE_BODY]) == "仿宋"
        assert styles[layout.STYLE_TITLE].font.size == Pt(22)  # 二号
        assert _east_asian(styles[layout.STYLE_TITLE]) == "黑体"
        assert _east_asian(styles[layout.STYLE_HEADING_1]) == "黑体"
        assert _east_asian(styles[layout.STYLE_HEADING_2]) == "楷体"
        assert styles[layout.STYLE_BODY].paragraph_format.line_spacing == Pt(29)
        footer_xml = document.sections[0].footer.paragraphs[0]._p.xml
        assert "PAGE" in footer_xml  # page numbers


def test_line_pitch_gives_the_standard_22_lines_on_the_type_area() -> None:
    type_area_pt = 225 / 25.4 * 72
    assert round(type_area_pt / layout.LINE_PITCH_PT) == layout.LINES_PER_PAGE == 22
    pitch = layout.BODY.size_pt + layout.CHAR_SPACE / 4096  # Word's character grid
    assert int(layout.TYPE_AREA_WIDTH_PT // pitch) == layout.CHARS_PER_LINE == 28
    document = layout.new_document(title="t")
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:charSpace")) == str(layout.CHAR_SPACE)


def test_text_word_cannot_hold_is_cleaned_not_fatal() -> None:
    document = layout.new_document(title="t")
    layout.add_body(document, "控制字符\x0b\x01也能写入")
    data = layout.to_bytes(document)
    assert "控制字符也能写入" in [p.text for p in _document(data).paragraphs]


# --- 点评 ------------------------------------------------------------------------------------


def test_every_draft_has_the_three_parts_and_traceable_facts(materials: Materials) -> None:
    all_texts = "\n".join(materials.texts.values())
    for rid in materials.ordered_ids():
        paragraphs = dianping.draft(materials, rid)
        kinds = [p.text for p in paragraphs if p.kind == "heading"]
        assert (
            kinds[0] == "一、主要成绩" and "二、存在问题" in kinds and kinds[-1] == "三、工作要求"
        )
        own = materials.metrics[materials.metrics["report_id"] == rid]
        values = dict(zip(own["metric"], own["value"], strict=True))
        text = materials.texts[rid]
        for p in paragraphs:
            for quote in p.quotes:
                assert quote in text or quote in all_texts, (rid, quote)
            for metric, value in p.figures:
                assert values[metric] == value


def test_every_quotation_and_figure_in_the_docx_is_in_the_source(materials: Materials) -> None:
    all_texts = "\n".join(materials.texts.values())
    for rid in materials.ordered_ids():
        document = _document(dianping.dianping_docx(materials, rid))
        text = materials.texts[rid]
        quotes = [
            m.group(1)
            for p in document.paragraphs
            if p.style.name == layout.STYLE_QUOTE and (m := QUOTED.match(p.text))
        ]
        assert quotes, rid
        for quote in quotes:
            assert quote in text or quote in all_texts
        # The figures table: every "本单位" cell is the report's own figure.
        own = figure_comparison(materials, rid)
        if own.empty:
            continue
        table = document.tables[0]
        shown = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
        for metric, value, uom in zip(
            own["metric"], own["value"], own["unit_of_measure"], strict=True
        ):
            assert shown[schema.METRIC_LABELS[metric]] == f"{dianping.number(value)}{uom}"


def test_a_strength_is_a_figure_above_the_type_median_or_up_on_last_year(
    materials: Materials,
) -> None:
    found = 0
    for rid in materials.ordered_ids():
        table = figure_comparison(materials, rid).set_index("metric")
        for p in dianping.draft(materials, rid):
            if p.kind != "body" or not p.figures or ("高于" not in p.text and "增加" not in p.text):
                continue
            ((metric, value),) = p.figures
            row = table.loc[metric]
            assert value > row["type_median"] or value > row["prev_value"]
            assert metric not in ("party_members", "branches")  # stocks are no achievement
            found += 1
    assert found > 10


def test_a_repeated_problem_is_cited_with_both_years_words(materials: Materials) -> None:
    repeated = materials.findings[materials.findings["check"] == "repeated_problem"]
    assert not repeated.empty
    rid = str(repeated["report_id"].iloc[0])
    paragraphs = dianping.draft(materials, rid)
    texts = [p.text for p in paragraphs]
    assert "审阅发现" in texts
    quoted = {q for p in paragraphs for q in p.quotes}
    assert repeated["evidence"].iloc[0] in quoted
    assert repeated["other_evidence"].iloc[0] in quoted
    assert any("上年度查摆的问题逐条对账销号" in t for t in texts)


@pytest.mark.parametrize(
    ("item", "short"),
    [
        ("一是理论学习不够深入，学用结合不紧密。", "理论学习不够深入"),
        ("（二）党建与业务融合不够；存在两张皮", "党建与业务融合不够"),
        ("3.党务干部多为兼职", "党务干部多为兼职"),
        ("二是", "二是"),
    ],
)
def test_a_requirement_names_the_problem_it_answers(item: str, short: str) -> None:
    assert dianping._short(item) == short


def test_the_zip_holds_one_draft_per_report_with_unique_chinese_names(
    materials: Materials,
) -> None:
    ids = materials.ordered_ids()
    with zipfile.ZipFile(io.BytesIO(dianping.dianping_zip(materials, ids))) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)) == len(ids)
        assert all(n.startswith("点评_") and n.endswith(".docx") for n in names)
        first = _document(archive.read(names[0]))
        assert first.paragraphs[0].text.startswith("对")


def test_a_draft_with_no_figures_or_problems_says_so_and_invents_nothing() -> None:
    row = {"report_id": "r1", "file": "a.txt", "format": "txt", "unit": "某局"}
    row |= {"unit_type": "agency", "year": 2024, "chars": 100}
    reports = pd.DataFrame([{c: row.get(c) for c in schema.REPORTS}], columns=list(schema.REPORTS))
    mentions = pd.DataFrame(columns=list(schema.MENTIONS))
    problems = pd.DataFrame(columns=list(schema.PROBLEMS))
    materials = build_materials(
        reports=reports, mentions=mentions, problems=problems, texts={"r1": "某局述职报告。"}
    )
    texts = [p.text for p in dianping.draft(materials, "r1")]
    assert any("未写明可统计的指标数字" in t for t in texts)
    assert any("未查摆出具体问题" in t for t in texts)
    assert not any("高于" in t for t in texts)


# --- 共性问题 / 个性问题 ------------------------------------------------------------------------


def _problems(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (f"r-{unit}", unit, "agency", 2024, i, "problems", text, cats, 0, len(text))
            for i, (unit, text, cats) in enumerate(rows)
        ],
        columns=list(schema.PROBLEMS),
    )


@pytest.mark.parametrize(
    ("rows", "phrase", "units"),
    [
        (
            [
                ("甲局", "一是理论学习不够深入，学用结合不紧。", "theory_study"),
                ("乙局", "（一）理论学习不够深入。", "theory_study"),
                ("丙局", "1.对新思想理论学习不够深入系统", "theory_study"),
            ],
            "理论学习不够深入",
            3,
        ),
        (
            [
                ("甲局", "一是理论学习不够深入，学用结合不紧。", "theory_study"),
                ("乙局", "（一）理论学习不够深入。", "theory_study"),
                ("乙局", "二是理论学习不够深入。", "theory_study"),
            ],
            None,
            0,
        ),
    ],
)
def test_stock_phrases_need_three_units(
    rows: list[tuple[str, str, str]], phrase: str | None, units: int
) -> None:
    found = commonality.stock_phrases(_problems(rows))
    if phrase is None:
        assert found.empty
    else:
        assert found.iloc[0]["phrase"] == phrase and found.iloc[0]["units"] == units


def test_individual_items_are_those_no_other_unit_words_alike() -> None:
    rows = [
        ("甲局", "理论学习不够深入，学用结合不紧。", "theory_study"),
        ("乙局", "理论学习不够深入。", "theory_study"),
        ("丙局", "档案数字化进度滞后于全省平均水平", "other"),
    ]
    single = commonality.individual_problems(_problems(rows))
    assert single["unit"].tolist() == ["丙局"]


def test_category_spread_counts_units_not_items(materials: Materials) -> None:
    spread = commonality.category_spread(materials.problems, units_total=8)
    row = spread.set_index("category").loc["responsibility"]
    units = materials.problems[materials.problems["categories"].str.contains("responsibility")]
    assert row["units"] == units["unit"].nunique()
    assert row["items"] == len(units)
    assert "：“" in row["examples"]


# --- 台账 ------------------------------------------------------------------------------------


def test_the_ledger_has_one_row_per_item_and_blank_columns_to_fill(
    materials: Materials,
) -> None:
    frame = ledger.ledger_frame(materials.problems, materials.texts)
    assert len(frame) == len(materials.problems)
    wb = load_workbook(io.BytesIO(ledger.ledger_xlsx(frame)))
    ws = wb[ledger.SHEET]
    header = [c.value for c in ws[1]]
    for label in ("单位", "年度", "问题表述", "问题类别", "原文句子", "整改措施", "责任人"):
        assert label in header
    assert header[-2:] == ["报告编号", "条目号"]
    assert ws.max_row == len(frame) + 1
    assert ws.data_validations.dataValidation[0].formula1 == '"未整改,整改中,已整改"'
    status_col = header.index("整改状态")
    assert all(row[status_col].value in (None, "") for row in ws.iter_rows(min_row=2))
    # Each item's source sentence holds the item and is part of the report.
    columns = (frame["text"], frame["source_sentence"], frame["report_id"])
    for text, sentence, rid in zip(*columns, strict=True):
        assert text in sentence and sentence in materials.texts[rid]


def _fill(data: bytes, fill: dict[tuple[str, int], tuple[str, str]]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[ledger.SHEET]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in header}
    for row in ws.iter_rows(min_row=2):
        key = (row[col["报告编号"]].value, int(row[col["条目号"]].value) - 1)
        if key in fill:
            row[col["整改状态"]].value, row[col["整改措施"]].value = fill[key]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_ledger_round_trip_feeds_next_years_check(tmp_path: Path, sample_dir: Path) -> None:
    db = Store.open(tmp_path / "round-trip")
    try:
        sources, _ = corpus.discover([sample_dir])
        ingest.ingest_sources(db, sources)
        reports = db.reports()
        unit = "柳河镇党委"
        r2023 = reports[(reports["unit"] == unit) & (reports["year"] == 2023)]["report_id"].iloc[0]
        r2024 = reports[(reports["unit"] == unit) & (reports["year"] == 2024)]["report_id"].iloc[0]
        exported = build.build("taizhang", build.materials_from_store(db, report_ids=[r2023]))
        filled = _fill(
            exported.data,
            {(r2023, 0): ("整改中", "制定村级党建督导清单"), (r2023, 1): ("已整改", "已完成")},
        )
        assert build.import_ledger(db, filled, "柳河镇台账.xlsx") >= 2
        status = build.stored_ledger(db)
        assert set(status.loc[status["report_id"] == r2023, "status"]) >= {"整改中", "已整改"}
        # Next year's report: the open item is a finding with last year's words.
        materials = build.materials_from_store(db)
        open_ = materials.findings[materials.findings["check"] == "unrectified"]
        assert set(open_["report_id"]) == {r2024}
        item0 = db.problems()
        words = item0[(item0["report_id"] == r2023) & (item0["item"] == 0)]["text"].iloc[0]
        assert words in set(open_["other_evidence"])
        # Every open item of the problems part, as the 审阅 rectification check matched it
        # (causes are analysed, not rectified: no finding for them).
        stated = status[status["section"] == "存在问题"]
        assert len(open_) == sum(1 for s in stated["status"] if s != "已整改") == 2
        drafted = dianping.draft(materials, r2024)
        assert any("尚未销号" in p.text for p in drafted)
        # A new export keeps what the unit filled in.
        again = build.build(
            "taizhang",
            build.materials_from_store(db, report_ids=[r2023]),
            status=build.stored_ledger(db),
        )
        back = ledger.read_ledger(again.data, "again.xlsx")
        first = back[back["item"] == 0].iloc[0]
        assert (first["status"], first["measures"]) == ("整改中", "制定村级党建督导清单")
        # A second upload of other items keeps the first upload's rows.
        other = build.build("taizhang", build.materials_from_store(db, report_ids=[r2024]))
        build.import_ledger(db, _fill(other.data, {(r2024, 0): ("已整改", "")}), "b.xlsx")
        kept = build.stored_ledger(db)
        assert {r2023, r2024} <= set(kept["report_id"])
    finally:
        db.close()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook", "不是可读取的 Excel"),
        ("通报".encode(), "不是可读取的 Excel"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_in_chinese(data: bytes, message: str) -> None:
    with pytest.raises(ReportError) as caught:
        ledger.read_ledger(data, "坏文件.xlsx")
    assert message in caught.value.text and "坏文件.xlsx" in caught.value.text


def test_a_workbook_that_is_no_ledger_names_the_missing_columns(
    materials: Materials,
) -> None:
    data = tongbao.tongbao_xlsx(materials)
    with pytest.raises(ReportError, match="缺少“报告编号”“条目号”“整改状态”列"):
        ledger.read_ledger(data, "通报数据.xlsx")


def test_an_unknown_status_word_is_refused_with_its_row(materials: Materials) -> None:
    frame = ledger.ledger_frame(materials.problems.head(3), materials.texts)
    rid, item = frame["report_id"].iloc[1], int(frame["item"].iloc[1])
    data = _fill(ledger.ledger_xlsx(frame), {(rid, item): ("差不多", "")})
    with pytest.raises(ReportError, match="第 3 行“差不多”"):
        ledger.read_ledger(data, "x.xlsx")


@pytest.mark.parametrize(
    ("written", "status"),
    [("已完成", "已整改"), ("销号", "已整改"), ("正在整改", "整改中"), ("", "未整改")],
)
def test_status_words_units_write_are_understood(
    materials: Materials, written: str, status: str
) -> None:
    frame = ledger.ledger_frame(materials.problems.head(1), materials.texts)
    rid, item = frame["report_id"].iloc[0], int(frame["item"].iloc[0])
    data = _fill(ledger.ledger_xlsx(frame), {(rid, item): (written, "")})
    assert ledger.read_ledger(data, "x.xlsx")["status"].iloc[0] == status


def test_a_ledger_from_another_corpus_is_refused(store: Store) -> None:
    frame = ledger.ledger_frame(store.problems().head(2), {})
    frame["report_id"] = "0" * 64
    with pytest.raises(ReportError, match="都不在当前语料库中"):
        build.import_ledger(store, ledger.ledger_xlsx(frame), "别处.xlsx")


def test_formula_like_item_text_is_neutralised_in_the_ledger() -> None:
    problems = _problems([("甲局", '=HYPERLINK("http://x")问题', "other")])
    data = ledger.ledger_xlsx(ledger.ledger_frame(problems, {}))
    ws = load_workbook(io.BytesIO(data))[ledger.SHEET]
    header = [c.value for c in ws[1]]
    assert str(ws.cell(row=2, column=header.index("问题表述") + 1).value).startswith("'=")


# --- 汇编 ------------------------------------------------------------------------------------


def test_the_compilation_orders_reports_and_starts_each_on_a_new_page(
    materials: Materials,
) -> None:
    document = _document(huibian.huibian_docx(materials))
    ids = materials.ordered_ids()
    assert len(document.sections) == len(ids) + 1
    titles = [p.text for p in document.paragraphs if p.style.name == layout.STYLE_PART_TITLE]
    assert len(titles) == len(ids)
    types = [materials.report(r)["unit_type"] for r in ids]
    order = [schema.UNIT_TYPES.index(t) for t in types]
    assert order == sorted(order)
    assert "TOC" in document.element.body.xml and "updateFields" in document.settings.element.xml
    body = "\n".join(p.text for p in document.paragraphs)
    for rid in ids:  # every line of every report is in the compilation
        for line in materials.texts[rid].splitlines():
            assert line.strip() in body


# --- 通报 ------------------------------------------------------------------------------------


def test_the_bulletin_workbook_matches_the_figures(materials: Materials) -> None:
    wb = load_workbook(io.BytesIO(tongbao.tongbao_xlsx(materials)), read_only=True)
    assert wb.sheetnames == list(tongbao.SHEETS)
    tables = tongbao.tongbao_tables(materials)
    summary = tables["汇总"]
    total = summary[summary["单位类型"] == "合计"]
    assert total["报告数"].sum() == len(materials.reports)
    admitted = materials.metrics[materials.metrics["metric"] == "members_admitted"]
    assert total["发展党员合计"].sum() == admitted["value"].sum()
    wide = tables["分单位指标"]
    row = admitted.iloc[0]
    cell = wide[(wide["单位"] == row["unit"]) & (wide["年度"] == row["year"])]["发展党员"]
    assert cell.iloc[0] == row["value"]
    assert "原文依据" in tables["指标依据"].columns
    assert "审阅发现" in tables["审阅标记"].columns


# --- command line -------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_cli_writes_every_kind_under_its_chinese_name(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for kind in ("tables", *build.KINDS):
        done = _cli(
            "export", "--kind", kind, "--out", str(out), "--data-dir", str(store.path.parent)
        )
        assert done.returncode == 0, done.stderr
        target = out / build.DEFAULT_NAMES[kind]
        assert target.is_file() and target.stat().st_size > 1000
        assert str(target) in done.stdout
    with zipfile.ZipFile(out / "点评初稿.zip") as archive:
        assert len(archive.namelist()) == len(store.reports())
    one = _cli(
        "export", "--kind", "dianping", "--unit", "石桥村党支部", "--year", "2024",
        "--out", str(out), "--data-dir", str(store.path.parent),
    )  # fmt: skip
    assert one.returncode == 0, one.stderr
    assert (out / "点评_石桥村党支部_2024.docx").is_file()


def test_the_cli_refuses_a_bad_ledger_and_an_empty_selection_in_chinese(
    store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"garbage")
    done = _cli("ledger", str(bad), "--data-dir", str(store.path.parent))
    assert done.returncode == 1 and "不是可读取的 Excel" in done.stderr
    assert "Traceback" not in done.stderr
    none = _cli(
        "export", "--kind", "huibian", "--year", "1999", "--out", str(tmp_path / "x.docx"),
        "--data-dir", str(store.path.parent),
    )  # fmt: skip
    assert none.returncode == 1 and "当前筛选下没有报告" in none.stderr


# --- rendering --------------------------------------------------------------------------------


def test_a_rendered_draft_shows_its_chinese_text(materials: Materials, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: no rendering of the .docx to check")
    rid = materials.ordered_ids()[0]
    source = tmp_path / "点评.docx"
    source.write_bytes(dianping.dianping_docx(materials, rid))
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "点评.pdf"
    assert pdf.is_file()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "主要成绩" in text.replace(" ", "") and "工作要求" in text.replace(" ", "")
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
             str(ARTIFACTS / "dianping")],
            check=True,
        )  # fmt: skip
        assert any(ARTIFACTS.glob("dianping*.png"))


def test_a_copied_report_s_draft_cites_the_review_findings(materials: Materials) -> None:
    reports = materials.reports
    rid = reports[(reports["unit"] == "青山市统计局") & (reports["year"] == 2024)]["report_id"]
    paragraphs = dianping.draft(materials, str(rid.iloc[0]))
    texts = [p.text for p in paragraphs]
    assert any("的文字与其他报告相同" in t for t in texts)  # copying, with its share
    assert any("建党102周年" in t for t in texts)  # a term out of its time
    assert any("杜绝照搬照抄" in t for t in texts)  # and the requirement drawn from it
    all_texts = "\n".join(materials.texts.values())
    assert all(q in all_texts for p in paragraphs for q in p.quotes)
    marks = tongbao.tongbao_tables(materials)["审阅标记"]
    assert {"copying", "anachronism", "implausible", "missing_topic"} <= set(marks["审阅项"])


def test_the_uploaded_ledger_status_reaches_the_review_check(
    tmp_path: Path, sample_dir: Path
) -> None:
    from analytics import review

    db = Store.open(tmp_path / "ledger-review")
    try:
        sources, _ = corpus.discover([sample_dir])
        ingest.ingest_sources(db, sources)
        reports = db.reports()
        r2023 = reports[(reports["unit"] == "柳河镇党委") & (reports["year"] == 2023)]
        rid = str(r2023["report_id"].iloc[0])
        exported = build.build("taizhang", build.materials_from_store(db, report_ids=[rid]))
        build.import_ledger(db, _fill(exported.data, {(rid, 0): ("整改中", "")}), "t.xlsx")
        result = review.review_corpus(
            db.reports(),
            db.texts(),
            problems=db.problems(),
            mentions=db.mentions(),
            ledger=build.ledger_for_review(build.stored_ledger(db)),
        )
        rect = result.rectification
        assert "整改中" in set(rect.loc[rect["unit"] == "柳河镇党委", "ledger_status"].dropna())
    finally:
        db.close()
