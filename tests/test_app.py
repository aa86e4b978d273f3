"""The dashboard, run headless with Streamlit's AppTest over a store in a temporary folder."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import EXTRACTOR_VERSION
from analytics.records import Mention, Meta, Problem, Report
from analytics.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
PAGES = {
    "pages/corpus.py": "语料库",
    "pages/metrics.py": "指标",
    "pages/problems.py": "问题",
    "pages/keywords.py": "关键词",
    "pages/compare.py": "对比",
    "pages/report.py": "报告",
    "pages/review.py": "审阅",
    "pages/documents.py": "文书",
}
SCRIPT = "<script>window.__pwned = 1</script>"


def build_report(
    unit: str,
    year: int | None,
    figures: list[tuple[str, int, str]],
    problems: list[tuple[str, tuple[str, ...]]],
    *,
    unit_type: str = "agency",
    extra: str = "",
) -> Report:
    """A report whose text holds every figure's phrase and every problem item at its span."""
    text = f"{unit}党组织书记抓基层党建工作述职报告\n一、履行职责情况\n"
    mentions = []
    for metric, value, phrase in figures:
        start = len(text) + phrase.index(str(value))
        mentions.append(
            Mention(metric, value, False, phrase[-1], phrase, start, start + len(str(value)) + 1)
        )
        text += phrase + "。"
    text += extra + "\n二、存在问题\n"
    items = []
    for item, cats in problems:
        items.append(Problem(item, cats, "problems", len(text), len(text) + len(item)))
        text += item + "\n"
    terms = (("党建", 12), ("党员", 9), (unit[:2], 5), ("学习", 4), ("组织", 3))
    return Report(
        report_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        file=f"{year}_{unit}.txt",
        format="txt",
        text=text,
        meta=Meta(unit=unit, unit_type=unit_type, year=year),
        mentions=tuple(mentions),
        problems=tuple(items),
        term_counts=terms,
    )


REPORTS = [
    build_report(
        "市体育局",
        2022,
        [("party_members", 40, "现有党员40名"), ("members_admitted", 2, "发展党员2名")],
        [("一是党建活动创新不足，基层组织生活不够丰富，方法单一。", ("innovation", "org_life"))],
    ),
    build_report(
        "市体育局",
        2023,
        [("party_members", 50, "现有党员50名"), ("members_admitted", 4, "发展党员4名")],
        [("一是党建活动创新不足，基层组织生活不够丰富，方法比较单一。", ("innovation",))],
        extra=SCRIPT + '<img src=x onerror="window.__pwned=2">',
    ),
    build_report(
        "区统计局",
        2023,
        [("members_admitted", 6, "发展党员6名"), ("party_lectures", 3, "上党课3场")],
        [("一是理论学习不够深入，学用结合不紧密。", ("theory_study",))],
    ),
    build_report(
        "某镇党委",
        2023,
        [("members_admitted", 9, "发展党员9名"), ("theme_party_days", 12, "开展主题党日活动12次")],
        [("一是责任落实不到位，压力传导层层递减。", ("responsibility",))],
        unit_type="township",
    ),
]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    store = Store.open(folder)
    try:
        for report in REPORTS:
            store.add_report(report, extractor_version=EXTRACTOR_VERSION)
        store.set_setting("samples_loaded", "1")
    finally:
        store.close()
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(folder))
    monkeypatch.delenv("PARTY_REPORTS_PASSWORD", raising=False)
    return folder


def run(page: str | None = None, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [t.value for t in at.title] + [m.value for m in at.markdown]
    parts += [str(x.value) for x in (*at.info, *at.success, *at.warning, *at.error)]
    parts += [s.value for s in at.subheader]
    return "\n".join(parts)


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_runs_and_shows_its_chinese_title(data_dir: Path, page: str, title: str) -> None:
    at = run(page)
    assert any(title in t.value for t in at.title)
    assert not at.error


def test_the_sidebar_filter_changes_the_table(data_dir: Path) -> None:
    at = run()
    assert set(at.data_editor[0].value["unit"]) == {"市体育局", "区统计局", "某镇党委"}
    at.multiselect(key="filter_types").set_value(["township"]).run()
    assert set(at.data_editor[0].value["unit"]) == {"某镇党委"}
    assert at.query_params["type"] == "township"  # the view can be bookmarked


def test_the_filter_set_on_one_page_applies_on_the_next(data_dir: Path) -> None:
    at = run()
    at.multiselect(key="filter_units").set_value(["区统计局"]).run()
    at.switch_page("pages/metrics.py").run()
    assert set(at.dataframe[0].value["单位"]) == {"区统计局"}


def test_a_bookmarked_url_opens_the_same_filter(data_dir: Path) -> None:
    at = run("pages/metrics.py", unit=["市体育局", "区统计局"], **{"from": "2023", "to": "2023"})
    table = at.dataframe[0].value
    assert set(table["单位"]) == {"市体育局", "区统计局"}
    assert set(table["年度"]) == {2023}
    assert sorted(at.session_state["filter_units"]) == ["区统计局", "市体育局"]


def test_an_empty_filter_says_so_instead_of_drawing(data_dir: Path) -> None:
    at = run("pages/metrics.py", type="township", **{"from": "2022", "to": "2022"})
    assert not at.dataframe
    assert at.info and "没有" in at.info[0].value


@pytest.mark.parametrize("page", ["pages/problems.py", "pages/compare.py", "pages/report.py"])
def test_other_pages_also_explain_an_empty_filter(data_dir: Path, page: str) -> None:
    at = run(page, type="township", **{"from": "2022", "to": "2022"})
    assert at.info and "筛选" in at.info[0].value


def test_the_metrics_page_draws_bar_line_and_heatmap_with_evidence(data_dir: Path) -> None:
    at = run("pages/metrics.py")
    charts = at.get("plotly_chart")
    assert len(charts) == 3
    bar = json.loads(charts[0].proto.spec)["data"][0]
    assert any("发展党员6名" in str(c) for c in bar["customdata"])  # evidence shown on hover


def test_per_100_members_keeps_only_reports_with_a_member_count(data_dir: Path) -> None:
    at = run("pages/metrics.py")
    at.toggle(key="per_100").set_value(True).run()
    table = at.dataframe[0].value
    assert set(table["单位"]) == {"市体育局"}
    assert sorted(table["发展党员"].tolist()) == [5.0, 8.0]


def test_a_metadata_correction_reaches_the_metrics_table(data_dir: Path) -> None:
    at = run()
    editor = at.data_editor[0]
    row = list(editor.value["unit"]).index("区统计局")
    assert editor.key is not None
    at.session_state[editor.key] = {
        "edited_rows": {row: {"unit": "区统计局机关党委"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert any("已保存" in s.value for s in at.success)
    at.switch_page("pages/metrics.py").run()
    assert "区统计局机关党委" in set(at.dataframe[0].value["单位"])
    assert "区统计局" not in set(at.dataframe[0].value["单位"])


def test_reports_to_review_are_flagged_on_the_corpus_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "review"
    store = Store.open(folder)
    store.add_report(
        build_report("未识别单位", None, [], [], unit_type="other"),
        extractor_version=EXTRACTOR_VERSION,
    )
    store.set_setting("samples_loaded", "1")
    store.close()
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(folder))
    at = run()
    assert any("未识别" in w.value for w in at.warning)
    assert at.data_editor[0].value["needs_review"].iloc[0] == "⚠ 待核实"


GBK_REPORT = (
    "2024_区审计局_王五.txt",
    "区审计局党组书记抓基层党建工作述职报告\n一、履行职责情况\n全年发展党员3名，召开支委会12次。\n"
    "二、存在的问题\n一是党建工作创新不足，方法单一。\n二是理论学习不够深入。\n",
)


def test_an_upload_adds_a_report_and_a_second_upload_is_a_duplicate(data_dir: Path) -> None:
    name, text = GBK_REPORT
    at = run()
    at.file_uploader[0].upload(name, text.encode("gbk"), "text/plain").run()
    assert not at.exception
    assert "已添加" in _texts(at)
    assert "区审计局" in set(at.data_editor[0].value["unit"])
    at.file_uploader[0].upload(name, text.encode("gbk"), "text/plain").run()
    assert "重复" in _texts(at)


def test_a_refused_upload_says_why(data_dir: Path) -> None:
    at = run()
    at.file_uploader[0].upload("旧格式.docx", b"\xd0\xcf\x11\xe0not a docx", "application/msword")
    at.run()
    assert "未导入" in _texts(at)
    results = next(d.value for d in at.dataframe if "说明" in d.value.columns)
    assert results["说明"].iloc[0]


def test_deleting_a_report_removes_it(data_dir: Path) -> None:
    at = run()
    before = len(at.data_editor[0].value)
    victim = at.data_editor[0].value["report_id"].iloc[0]
    at.selectbox(key="delete-pick").set_value(victim)
    at.checkbox(key="delete-sure").check().run()
    at.button(key="delete-go").click().run()
    assert not at.exception
    assert len(at.data_editor[0].value) == before - 1
    assert any("已删除" in s.value for s in at.success)
    assert victim not in set(at.data_editor[0].value["report_id"])


def test_the_compare_page_shows_one_column_per_chosen_unit(data_dir: Path) -> None:
    at = run("pages/compare.py")
    at.multiselect(key="compare_units").set_value(["市体育局", "区统计局", "某镇党委"]).run()
    assert not at.exception
    headers = [s.value for s in at.subheader]
    assert {"市体育局", "区统计局", "某镇党委"} <= set(headers)
    unit_columns = [
        c
        for c in at.columns
        if any(s.value in {"市体育局", "区统计局", "某镇党委"} for s in c.subheader)
    ]
    assert len(unit_columns) == 3
    deltas = {m.label: m.delta for m in unit_columns[2].metric}
    assert deltas["发展党员"] == "+4.5"  # 9 − mean(3 = 市体育局's yearly mean, 6)
    # The same metric rows, in the same order, in every column; "—" where a unit states nothing.
    rows = [[m.label for m in c.metric] for c in unit_columns]
    assert rows[0] == rows[1] == rows[2]
    assert rows[0] == ["发展党员", "党课", "主题党日", "党员人数"]
    town = {m.label: (m.value, m.delta) for m in unit_columns[2].metric}
    assert town["党课"] == ("—", "报告未写明")
    assert town["主题党日"] == ("12 次", "其他单位未写明")  # nothing to compare with


def _add(folder: Path, *reports: Report, version: str = EXTRACTOR_VERSION) -> None:
    store = Store.open(folder)
    try:
        for report in reports:
            store.add_report(report, extractor_version=version)
    finally:
        store.close()


def _heatmap_rows(at: AppTest, title: str) -> list[str]:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if title in json.dumps(spec["layout"].get("title", {}), ensure_ascii=False):
            return list(spec["data"][0]["y"])
    raise AssertionError(f"no chart titled {title}")


def test_the_problems_page_flags_only_units_that_copy_last_years_wording(data_dir: Path) -> None:
    # 区统计局 names 理论学习 in 2022 and 2023, in different words: informative, not a repeat.
    _add(
        data_dir,
        build_report(
            "区统计局",
            2022,
            [("members_admitted", 5, "发展党员5名")],
            [("一是理论武装存在短板，跟进学习不够及时。", ("theory_study",))],
        ),
    )
    at = run("pages/problems.py")
    summary = at.dataframe[0].value
    assert list(summary["单位"]) == ["市体育局"]
    assert summary["雷同表述条数"].iloc[0] == 1
    assert "创新不足" in summary["连续出现的问题类别（仅供参考）"].iloc[0]
    pairs = at.table[0].value
    assert list(pairs.columns[:3]) == ["年度", "上一年度表述", "本年度表述"]
    assert pairs.iloc[0]["上一年度表述"] == "一是党建活动创新不足，基层组织生活不够丰富，方法单一。"
    assert (
        pairs.iloc[0]["本年度表述"] == "一是党建活动创新不足，基层组织生活不够丰富，方法比较单一。"
    )
    rows = _heatmap_rows(at, "单位 × 问题类别")
    assert "市体育局（连续重复）" in rows and "区统计局" in rows


def test_stale_analyses_are_refreshed_once_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "old"
    _add(folder, *REPORTS, version="0-old")
    store = Store.open(folder)
    store.set_setting("samples_loaded", "1")
    store.close()
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(folder))
    monkeypatch.delenv("PARTY_REPORTS_PASSWORD", raising=False)
    at = run()
    assert any("重新分析 4 份报告" in t.proto.body for t in at.get("toast"))
    store = Store.open(folder)
    try:
        assert store.stale_reports(EXTRACTOR_VERSION) == []
        assert store.count() == len(REPORTS)
    finally:
        store.close()
    at.run()  # a rerun finds nothing left to refresh and says nothing
    assert not at.exception and not any("重新分析" in t.proto.body for t in at.get("toast"))


def test_problem_items_hide_the_report_number_on_screen_only(data_dir: Path) -> None:
    at = run("pages/problems.py")
    items = next(d for d in at.dataframe if "问题表述" in d.value.columns)
    assert json.loads(items.proto.columns)["报告编号"] == {"hidden": True}
    assert items.value["报告编号"].notna().all()  # still in the data the downloads get


def test_missing_values_show_as_a_dash_but_stay_empty_in_the_data(data_dir: Path) -> None:
    at = run("pages/metrics.py")
    at.multiselect(key="metric_keys").set_value(["members_admitted", "party_members"]).run()
    table = at.dataframe[0]
    assert table.proto.placeholder == "—"
    frame = table.value
    stats = frame[frame["单位"] == "区统计局"]
    assert stats["党员人数"].isna().all() and stats["发展党员"].tolist() == [6]


def test_the_report_page_shows_markup_in_a_report_as_text(data_dir: Path) -> None:
    target = next(r for r in REPORTS if SCRIPT in r.text)
    at = run("pages/report.py", report=target.report_id)
    assert at.selectbox(key="report_pick").value == target.report_id
    body = next(h.proto.body for h in at.get("html") if "report-text" in h.proto.body)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body
    assert "<script" not in body and "<img" not in body
    assert body.count("<mark") == 2


def test_a_large_corpus_finds_a_report_by_typing_then_picks_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analytics import views

    monkeypatch.setattr(views, "REPORT_PICK_LIMIT", 2)  # 4 reports stand for 100,000
    at = run("pages/report.py")
    assert len(at.selectbox(key="report_pick").options) == 2
    assert any("共 4 份报告，符合的 4 份" in c.value for c in at.caption)
    at.text_input(key="report_query").set_value("体育").run()
    picker = at.selectbox(key="report_pick")
    assert picker.options[0].startswith("区统计局")  # the chosen report stays listed, first
    assert picker.options[1].startswith("市体育局") and len(picker.options) == 2
    assert any("符合的 2 份" in c.value for c in at.caption)
    sports = next(r.report_id for r in REPORTS if r.meta.unit == "市体育局")
    picker.set_value(sports).run()
    assert any("市体育局" in m.value for m in at.markdown)
    at.text_input(key="report_query").set_value("不存在的单位").run()
    assert any("没有单位名称或文件名包含“不存在的单位”" in i.value for i in at.info)


def test_a_link_opens_a_report_that_is_not_among_the_first_listed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analytics import views

    monkeypatch.setattr(views, "REPORT_PICK_LIMIT", 1)
    target = next(r for r in REPORTS if r.meta.unit == "某镇党委")  # last in unit order
    at = run("pages/report.py", report=target.report_id)
    assert at.selectbox(key="report_pick").value == target.report_id


def test_a_long_table_is_read_page_by_page(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import widgets

    monkeypatch.setattr(widgets, "SCREEN_ROWS", 1)  # 4 problem items stand for 500,000
    at = run("pages/problems.py")

    def items() -> list[str]:
        table = next(d for d in at.dataframe if "问题表述" in d.value.columns)
        return table.value["问题表述"].tolist()

    pager = at.number_input(key="page-items")
    assert pager.max == 4 and pager.value == 1 and len(items()) == 1
    seen = {items()[0]}
    for page in (2, 3, 4):
        at.number_input(key="page-items").set_value(page).run()
        seen.add(items()[0])
    assert len(seen) == 4  # every item, once
    assert any("当前显示第 4–4 行" in c.value for c in at.caption)
    at.sidebar.multiselect(key="filter_types").set_value(["agency"]).run()  # 3 items left
    assert not at.exception
    assert (
        at.number_input(key="page-items").value == 3 and at.number_input(key="page-items").max == 3
    )


def test_the_keywords_page_searches_in_context(data_dir: Path) -> None:
    at = run("pages/keywords.py")
    at.text_input(key="kwic_query").input("创新不足").run()
    assert not at.exception
    body = next(h.proto.body for h in at.get("html") if 'class="kwic"' in h.proto.body)
    # One line per hit, the hit marked between its left and right context, no ⏎ shown.
    assert body.count('<mark class="kwic-hit">创新不足</mark>') == 2
    assert body.count('class="kwic-left"') == 2 and "⏎" not in body
    assert any("共找到 2 处" in c.value for c in at.caption)


def test_an_access_password_guards_every_page(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTY_REPORTS_PASSWORD", "党建2024")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.data_editor and any("党建述职报告分析" in t.value for t in at.title)
    at.text_input[0].input("错误密码")
    at.button[0].click().run()
    assert at.error and not at.data_editor
    at.text_input[0].input("党建2024")
    at.button[0].click().run()
    assert at.data_editor


def test_a_bookmarked_page_asks_for_the_password_too(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTY_REPORTS_PASSWORD", "党建2024")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["unit"] = "区统计局"
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        assert at.text_input and at.text_input[0].label == "访问密码"
        assert not at.dataframe and not at.get("plotly_chart")


def test_samples_are_loaded_on_first_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samples = ROOT / "sample_reports"
    expected = [p for p in samples.glob("*.*") if p.suffix in {".txt", ".docx", ".pdf"}]
    if not expected:
        pytest.skip("sample_reports/ holds no reports yet")
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(tmp_path / "fresh"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("正在导入示例报告" in p.proto.text for p in at.get("progress"))
    deadline = time.monotonic() + 120
    while not (at.data_editor and len(at.data_editor[0].value) == len(expected)):
        assert time.monotonic() < deadline, "the sample corpus was not loaded in time"
        time.sleep(0.5)
        at.run()
        assert not at.exception
    store = Store.open(tmp_path / "fresh")
    try:
        deadline = time.monotonic() + 10
        while store.get_setting("samples_loaded") is None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        store.close()


def _ledger_bytes(folder: Path) -> bytes:
    from analytics.documents import build

    store = Store.open(folder)
    try:
        return build.build("taizhang", build.materials_from_store(store)).data
    finally:
        store.close()


def test_the_documents_page_lists_every_kind_and_the_shared_problems(data_dir: Path) -> None:
    at = run("pages/documents.py")
    assert [b.label for b in at.get("download_button")].count("生成并下载") == 5
    texts = _texts(at)
    assert "共性问题和个性问题" in texts and "整改台账回传" in texts
    assert any("类别" in str(df.value.columns.tolist()) for df in at.dataframe)


def test_a_filled_ledger_uploads_and_a_wrong_file_is_refused(data_dir: Path) -> None:
    at = run("pages/documents.py")
    at.file_uploader(key="ledger-upload").upload(
        "台账.xlsx", _ledger_bytes(data_dir), "application/octet-stream"
    ).run()
    assert not at.exception
    assert any("已导入《台账.xlsx》" in s.value for s in at.success)
    at = run("pages/documents.py")
    at.file_uploader(key="ledger-upload").upload(
        "坏.xlsx", b"nope", "application/octet-stream"
    ).run()
    assert not at.exception
    assert any("坏.xlsx" in e.value and "不是可读取的 Excel" in e.value for e in at.error)
