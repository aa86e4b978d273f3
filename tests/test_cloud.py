"""Word cloud: a PNG of the asked size, drawn with a Chinese font that has every glyph."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from analytics import cloud
from analytics.cloud import (
    drawable_frequencies,
    font_path,
    missing_glyphs,
    word_cloud_png,
)
from analytics.errors import ReportError
from analytics.keywords import term_counts
from analytics.tokenize import load_tokenizer, user_terms

FREQUENCIES = {
    "党建": 31,
    "三会一课": 12,
    "第一责任人": 9,
    "最强党支部": 7,
    "铸牢中华民族共同体意识": 5,
    "乡村振兴": 4,
    "党群服务中心": 3,
    "APP": 2,
    "鄂尔多斯": 2,
    "黨建": 1,
}
SAMPLE_TEXT = (
    "一年来，我认真履行党建第一责任人职责，严格落实“三会一课”、主题党日、组织生活会和民主评议党员"
    "等制度，全年召开支委会12次，发展预备党员2名。推进党支部标准化规范化建设，创建最强党支部，"
    "在职党员全部到社区报到，开展志愿服务三十余次。存在问题：党建与业务融合不够，创新不足。"
)


@pytest.fixture(scope="module")
def font() -> Path:
    return font_path()


def _png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_font_is_simplified_chinese_noto(font: Path) -> None:
    assert font.is_file()
    assert font.name == "NotoSansSC-Regular.otf"


def test_the_font_draws_every_dictionary_term(font: Path) -> None:
    assert missing_glyphs(user_terms(), font=font) == []


@pytest.mark.parametrize(
    ("words", "missing"),
    [
        (["党建", "三会一课"], []),
        (["党建😀", "🎉"], ["😀", "🎉"]),
        (["党 建", "APP"], []),
        ([], []),
    ],
)
def test_missing_glyphs(font: Path, words: list[str], missing: list[str]) -> None:
    assert missing_glyphs(words, font=font) == missing


@pytest.mark.parametrize(("width", "height"), [(800, 400), (400, 300), (1200, 600)])
def test_word_cloud_png_has_the_asked_size(width: int, height: int) -> None:
    image = _png(word_cloud_png(FREQUENCIES, width=width, height=height))
    assert image.format == "PNG"
    assert image.size == (width, height)


def test_the_cloud_actually_draws_words() -> None:
    image = _png(word_cloud_png(FREQUENCIES)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    white = sum(n for n, c in colours if c == (255, 255, 255))
    assert white < image.size[0] * image.size[1] * 0.97


def test_every_word_drawn_from_a_report_has_its_glyphs(font: Path) -> None:
    counts = term_counts(SAMPLE_TEXT, tokenizer=load_tokenizer())
    drawn = drawable_frequencies(counts, font=font, max_words=200)
    assert "最强党支部" in drawn and "三会一课" in drawn
    assert missing_glyphs(drawn, font=font) == []
    assert _png(word_cloud_png(counts)).size == (800, 400)


def test_words_the_font_cannot_draw_are_left_out(font: Path) -> None:
    drawn = drawable_frequencies({**FREQUENCIES, "党建😀": 50}, font=font)
    assert "党建😀" not in drawn
    assert missing_glyphs(drawn, font=font) == []


@pytest.mark.parametrize(
    "frequencies",
    [
        {"党建": 3, "三会一课": 2},
        [("党建", 1), ("三会一课", 2), ("党建", 2)],
        (("党建", 3), ("三会一课", 2)),
    ],
)
def test_pairs_and_mappings_give_the_same_cloud(
    font: Path, frequencies: dict[str, int] | list[tuple[str, int]]
) -> None:
    assert drawable_frequencies(frequencies, font=font) == {"党建": 3, "三会一课": 2}
    small = {"width": 240, "height": 120}
    assert word_cloud_png(frequencies, **small) == word_cloud_png(
        {"党建": 3, "三会一课": 2}, **small
    )


def test_max_words_keeps_the_most_frequent(font: Path) -> None:
    assert list(drawable_frequencies(FREQUENCIES, font=font, max_words=3)) == [
        "党建",
        "三会一课",
        "第一责任人",
    ]


@pytest.mark.parametrize("frequencies", [{}, [], {"党建": 0}, {"  ": 5}, {"😀": 3}, [("党建", -1)]])
def test_nothing_to_draw_is_a_chinese_error(frequencies: dict[str, int]) -> None:
    with pytest.raises(ReportError, match="没有可绘制的关键词"):
        word_cloud_png(frequencies)


@pytest.mark.parametrize(("width", "height"), [(10, 400), (800, 0), (800, 100_000)])
def test_an_impossible_size_is_a_chinese_error(width: int, height: int) -> None:
    with pytest.raises(ReportError, match="超出范围"):
        word_cloud_png(FREQUENCIES, width=width, height=height)


def test_a_named_colormap_and_background_are_used() -> None:
    image = _png(
        word_cloud_png(FREQUENCIES, background="black", colormap="viridis", width=400, height=200)
    )
    assert image.convert("RGB").getpixel((0, 0)) == (0, 0, 0)


@pytest.mark.parametrize(("background", "colormap"), [("白色", None), ("white", "没有这种配色")])
def test_an_unknown_colour_is_a_chinese_error(background: str, colormap: str | None) -> None:
    with pytest.raises(ReportError, match="无法绘制词云"):
        word_cloud_png(FREQUENCIES, background=background, colormap=colormap)


def test_a_missing_font_package_is_a_chinese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cloud, "FONT_PACKAGE", "no_such_font_package")
    with pytest.raises(ReportError, match="未找到中文字体包"):
        cloud.font_path()
    with pytest.raises(ReportError, match="未找到中文字体包"):
        word_cloud_png(FREQUENCIES)
