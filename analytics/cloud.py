"""Chinese word clouds: PNG bytes drawn with a Simplified-Chinese font that has every glyph."""

from __future__ import annotations

import functools
import importlib
import io
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from fontTools.ttLib import TTFont
from wordcloud import WordCloud

from analytics.errors import ReportError

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
# Dark reds and golds that read well on white: the dashboard's party-building palette.
PALETTE: tuple[str, ...] = (
    "#8B0000",
    "#B71C1C",
    "#C62828",
    "#D32F2F",
    "#A52A2A",
    "#BF360C",
    "#B8860B",
    "#8D6E63",
)
MIN_SIDE = 50
MAX_SIDE = 4000


def font_path() -> Path:
    """The Simplified-Chinese font (Noto Sans SC, from the pylopdf-fonts-zh-cn package)."""
    try:
        package = importlib.import_module(FONT_PACKAGE)
        path = Path(package.sans_path())
    except (ImportError, AttributeError) as err:
        raise ReportError(
            "未找到中文字体包 pylopdf-fonts-zh-cn，无法绘制词云：请重新安装本程序的依赖后再试。"
        ) from err
    if not path.is_file():
        raise ReportError(
            f"中文字体文件 {path.name} 不存在，无法绘制词云："
            "请重新安装 pylopdf-fonts-zh-cn 后再试。"
        )
    return path


@functools.lru_cache(maxsize=4)
def _load_cmap(font: Path) -> frozenset[int]:
    """The code points the font can draw (read once per font file and process)."""
    with TTFont(str(font), lazy=True) as face:
        best = face.getBestCmap() or {}
        return frozenset(best)


def missing_glyphs(words: Iterable[str], *, font: Path) -> list[str]:
    """The characters of ``words`` that ``font`` has no glyph for, each once, in order of first
    appearance (whitespace is ignored). Empty when the font can draw every word."""
    cmap = _load_cmap(font)
    missing: dict[str, None] = {}
    for word in words:
        for char in word:
            if not char.isspace() and ord(char) not in cmap:
                missing[char] = None
    return list(missing)


def _frequencies(
    frequencies: Mapping[str, int] | Sequence[tuple[str, int]],
) -> dict[str, int]:
    """Positive counts per non-blank word; repeated words in a sequence are added up."""
    items = frequencies.items() if isinstance(frequencies, Mapping) else frequencies
    merged: dict[str, int] = {}
    for word, count in items:
        word = str(word).strip()
        if word and count > 0:
            merged[word] = merged.get(word, 0) + int(count)
    return merged


def _palette_color(word: str, *args: object, **kwargs: object) -> str:
    """A colour from PALETTE chosen by the word itself, so a word keeps its colour across clouds."""
    return PALETTE[zlib.crc32(word.encode("utf-8")) % len(PALETTE)]


def drawable_frequencies(
    frequencies: Mapping[str, int] | Sequence[tuple[str, int]],
    *,
    font: Path,
    max_words: int = 200,
) -> dict[str, int]:
    """The words a cloud will draw: positive counts, blank words and words with a character the
    font lacks left out, the ``max_words`` most frequent (ties by word)."""
    merged = _frequencies(frequencies)
    cmap = _load_cmap(font)
    drawable = [
        (w, c) for w, c in merged.items() if all(ord(ch) in cmap or ch.isspace() for ch in w)
    ]
    drawable.sort(key=lambda item: (-item[1], item[0]))
    return dict(drawable[: max(max_words, 0)])


def word_cloud_png(
    frequencies: Mapping[str, int] | Sequence[tuple[str, int]],
    *,
    width: int = 800,
    height: int = 400,
    max_words: int = 200,
    background: str = "white",
    colormap: str | None = None,
    font: Path | None = None,
) -> bytes:
    """A word cloud of ``frequencies`` (term → count, or (term, count) pairs) as PNG bytes of
    exactly ``width`` × ``height`` pixels.

    Words are laid out horizontally with the Simplified-Chinese font of :func:`font_path`
    (or ``font``); the ``max_words`` most frequent are drawn. Words with a character the font
    cannot draw are left out rather than drawn as boxes. Colours come from a matplotlib
    ``colormap`` when one is named, else from the dashboard's red-and-gold PALETTE (each word
    keeps its colour). The layout is reproducible: the same input gives the same image.
    Raises ReportError when there is nothing to draw or a size is out of range.
    """
    for name, side in (("宽度", width), ("高度", height)):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise ReportError(
                f"词云{name} {side} 像素超出范围：请设为 {MIN_SIDE} 到 {MAX_SIDE} 之间的数值。"
            )
    face = font if font is not None else font_path()
    words = drawable_frequencies(frequencies, font=face, max_words=max_words)
    if not words:
        raise ReportError(
            "没有可绘制的关键词：所选报告中没有统计到关键词，请放宽筛选条件或先导入报告后再试。"
        )
    try:
        cloud = WordCloud(
            font_path=str(face),
            width=width,
            height=height,
            max_words=len(words),
            background_color=background,
            colormap=colormap,
            color_func=None if colormap else _palette_color,
            prefer_horizontal=1.0,
            random_state=7,
            margin=2,
            min_font_size=6,
            relative_scaling=0.5,
        )
        image = cloud.generate_from_frequencies(words).to_image()
    except ValueError as err:
        raise ReportError(
            f"无法绘制词云：背景颜色“{background}”、配色“{colormap or '默认'}”或图片尺寸"
            f" {width}×{height} 不可用，请换用常见颜色名（如 white）或更大的尺寸后再试。"
        ) from err
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
