"""The 审阅 page, run headless with AppTest over a store of the sample corpus's review cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import ingest
from analytics.store import Store
from analytics.tokenize import load_tokenizer

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SAMPLES = ROOT / "sample_reports"
# The sample reports written for the review checks, and two more units to compare with.
FILES = (
    "2023_青山市统计局.txt",
    "2024_青山市统计局.txt",
    "2023_青山市审计局.txt",
    "2024_青山市审计局.txt",
    "2023_丰乐社区党委.txt",
    "2024_丰乐社区党委.txt",
)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review") / "data"
    store = Store.open(folder)
    tokenizer = load_tokenizer()
    try:
        for name in FILES:
            ingest.ingest_bytes(store, (SAMPLES / name).read_bytes(), name, tokenizer=tokenizer)
        store.set_setting("samples_loaded", "1")
    finally:
        store.close()
    return folder


@pytest.fixture
def data_dir(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARTY_REPORTS_DATA_DIR", str(store_dir))
    monkeypatch.delenv("PARTY_REPORTS_PASSWORD", raising=False)
    return store_dir


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frames(at: AppTest) -> list:  # type: ignore[type-arg]
    return [d.value for d in at.dataframe]


def test_the_review_page_ranks_the_copied_report_first_with_a_link_to_its_evidence(
    data_dir: Path,
) -> None:
    at = run()
    assert any("审阅" in t.value for t in at.title)
    ranking = _frames(at)[0]
    top = ranking.iloc[0]
    assert (top["单位"], int(top["年度"])) == ("青山市统计局", 2024)
    assert top["查看依据"].startswith("report?report=")
    assert "ev=" in top["查看依据"]
    assert "照搬照抄" in top["发现"]


def test_the_review_page_shows_all_six_parts_with_their_findings(data_dir: Path) -> None:
    at = run()
    frames = _frames(at)
    text = "\n".join(f.to_csv() for f in frames)
    assert "本单位其他年度" in text and "其他单位" in text  # shared passages, both kinds
    assert "年份错写" in text and "出现其他单位名称" in text  # leftovers of copying
    assert "已整改（有成效）" in text and "未提及" in text  # rectification
    assert "不符合" in text and "未写明" in text  # rules: breaches and figures not stated
    assert "缺" in text  # coverage gaps
    assert "泛泛而谈" in text  # specificity table
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert "<mark" in html  # the side-by-side view marks the shared passages


def test_the_weights_reorder_the_ranking(data_dir: Path) -> None:
    at = run()
    for key in ranking_keys():
        at.number_input(key=f"w_{key}").set_value(1.0 if key == "part_coverage" else 0.0)
    at.run()
    assert not at.exception
    top = _frames(at)[0].iloc[0]
    # Only the coverage of the notice counts now: the report missing four topics leads.
    assert (top["单位"], int(top["年度"])) == ("青山市审计局", 2023)
    assert top["要点缺项"] == "40%"  # 第一责任人, 意识形态, 上年度问题整改, 原因


def ranking_keys() -> list[str]:
    from analytics import schema

    return list(schema.REVIEW_PARTS)


def test_the_sidebar_filter_restricts_every_review_table(data_dir: Path) -> None:
    at = run(**{"from": "2024", "to": "2024"})
    ranking = _frames(at)[0]
    assert set(ranking["年度"].astype(int)) == {2024}


def test_an_uploaded_topic_list_replaces_the_checklist(data_dir: Path) -> None:
    at = run()
    at.text_area(key="topics_text").set_value("乡村振兴：乡村振兴\n意识形态").run()
    assert not at.exception
    frames = _frames(at)
    matrix = next(f for f in frames if "缺项数" in f.columns)
    assert {"乡村振兴", "意识形态"} <= set(matrix.columns)
    assert "下一步打算" not in matrix.columns


def test_the_report_page_opens_at_the_evidence(data_dir: Path) -> None:
    at = run()
    link = _frames(at)[0].iloc[0]["查看依据"]
    params = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    page = AppTest.from_file(APP, default_timeout=120)
    page.query_params.update(params)
    page.run()
    page.switch_page("pages/report.py").run()
    assert not page.exception
    assert any("审阅发现的依据" in m.value for m in page.markdown)
    assert any("<mark" in h.proto.body for h in page.get("html"))


def test_the_review_page_offers_the_drafts_and_the_bulletin_of_its_filter(data_dir: Path) -> None:
    at = run()
    at.switch_page("pages/review.py").run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "下载点评初稿（Word）" in labels and "下载通报数据（Excel）" in labels
