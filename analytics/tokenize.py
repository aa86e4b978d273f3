"""Chinese word segmentation: jieba with the party-building user dictionary and stopwords."""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jieba

try:  # Optional accelerator (extra "fast"): jieba's algorithm with a C core, same tokens.
    import jieba_fast
except ImportError:  # pragma: no cover - depends on the installation
    jieba_fast = None

_RESOURCES = "analytics.resources"
USER_DICT_FILE = "party_terms.txt"
FUNCTION_STOPWORDS_FILE = "stopwords_function.txt"
FILLER_STOPWORDS_FILE = "stopwords_filler.txt"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A term is made of Chinese characters and/or Latin letters only (a middle dot may join parts of
# a transliterated name). Anything with a digit, a punctuation mark, a symbol or a space is not.
_WORD_RE = re.compile(rf"[{_HAN}A-Za-z]+(?:[·・][{_HAN}A-Za-z]+)*")
# Numbers written in Chinese, alone or with a measure word: 二十, 第三, 三十余, 十几篇, 两个, 一是,
# 千余人, 万元, 百分之五十. Fixed terms that start with a numeral (三会一课, 第一书记, 二十大,
# 四风) do not match because they go on with something other than a measure word.
_NUMERAL = "零〇一二两三四五六七八九十百千万亿半几数"
_MEASURE = (
    "人次|方面|个|次|名|项|条|篇|场|人|位|家|所|届|期|批|类|种|件|份|轮|组|支|处|户|元|年|月|日|天"
    "|周|岁|号|级|点|倍|成|套|台|辆|本|册|张|部|节|课时|学时|小时|分钟|是"
)
_NUMERAL_RE = re.compile(
    rf"(?:第|百分之)?[{_NUMERAL}]+(?:余|多|来)?(?:{_MEASURE})?(?:余|多)?"
    # what is left of "30余次" once jieba has cut the digits off
    r"|[余多](?:人次|次|名|人|篇|条|场|个|项|件|份|期|批|家|户)"
    # a measure word left alone
    r"|人次|课时|学时|小时|分钟"
)
# Placeholders written where a name or a figure was removed: X, XX, xxx.
_PLACEHOLDER_RE = re.compile(r"[Xx]+")

_logs = (logging.getLogger("jieba"), logging.getLogger("jieba_fast"))
ENGINES = ("jieba", "jieba_fast")


def available_engines() -> tuple[str, ...]:
    """The segmentation engines installed: always jieba; jieba_fast with the "fast" extra."""
    return ENGINES if jieba_fast is not None else ENGINES[:1]


def _engine_module(engine: str) -> Any:
    if engine == "auto":
        engine = available_engines()[-1]
    if engine not in available_engines():
        raise ValueError(f"unknown or missing segmentation engine: {engine!r}")
    return jieba_fast if engine == "jieba_fast" else jieba


def _read_word_list(name: str) -> Iterator[str]:
    """Non-blank, non-comment lines of a resource word list, stripped."""
    text = resources.files(_RESOURCES).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff")
        if line and not line.startswith("#"):
            yield line


@functools.lru_cache(maxsize=1)
def user_dictionary() -> tuple[tuple[str, int | None], ...]:
    """The project's party-building terms, each with its frequency when the file gives one."""
    entries: list[tuple[str, int | None]] = []
    for line in _read_word_list(USER_DICT_FILE):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        entries.append((parts[0], freq))
    return tuple(entries)


def user_terms() -> tuple[str, ...]:
    """The terms of the project's user dictionary, in file order."""
    return tuple(term for term, _ in user_dictionary())


@functools.lru_cache(maxsize=1)
def function_stopwords() -> frozenset[str]:
    """Function words (pronouns, prepositions, conjunctions …): never terms."""
    return frozenset(_read_word_list(FUNCTION_STOPWORDS_FILE))


@functools.lru_cache(maxsize=1)
def filler_stopwords() -> frozenset[str]:
    """公文 filler (开展, 加强, 进一步, 工作 …): not terms unless ``drop_filler=False``."""
    return frozenset(_read_word_list(FILLER_STOPWORDS_FILE))


@functools.lru_cache(maxsize=1 << 17)
def is_term_shaped(token: str) -> bool:
    """True when a token can be a term at all: two or more characters, Chinese or Latin letters
    only, not a number (Arabic, full-width or Chinese, alone or with a measure word) and not a
    placeholder such as XX. Stopwords are a separate test. Cached: a corpus repeats a small
    vocabulary, so the three regex tests run once per distinct token, not once per token."""
    return (
        len(token) >= 2
        and _WORD_RE.fullmatch(token) is not None
        and _NUMERAL_RE.fullmatch(token) is None
        and _PLACEHOLDER_RE.fullmatch(token) is None
    )


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba while it loads: its "Building prefix dict …" lines would interleave with CLI
    output, and a cache folder it cannot write to only costs speed (jieba then rebuilds the
    dictionary on each load), not a traceback on the user's screen."""
    levels = [log.level for log in _logs]
    for log in _logs:
        log.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for log, level in zip(_logs, levels, strict=True):
            log.setLevel(level)


class PartyTokenizer:
    """A private ``jieba.Tokenizer`` (never the global ``jieba.dt``) with the party-building user
    dictionary, and the stopword filter that turns its tokens into terms.

    ``tmp_dir`` is the writable folder of jieba's dictionary cache (default: the system temp
    folder) and ``cache_file`` its file name there (default: jieba's own). Loading takes about a
    second; use :func:`load_tokenizer` to load once per process. After construction the object is
    only read, so one instance can be shared between threads.

    ``engine`` is "jieba", "jieba_fast" (the optional accelerator: about 2.4 times faster, the
    same tokens; it keeps its cache in the system temp folder whatever ``tmp_dir`` says) or
    "auto" (jieba_fast when installed).
    """

    def __init__(
        self,
        *,
        user_dict: bool = True,
        hmm: bool = True,
        tmp_dir: str | Path | None = None,
        cache_file: str | None = None,
        engine: str = "auto",
    ) -> None:
        self._hmm = hmm
        self._jieba = _engine_module(engine).Tokenizer()
        self._jieba.tmp_dir = str(tmp_dir) if tmp_dir is not None else tempfile.gettempdir()
        self._jieba.cache_file = cache_file
        with _quiet_jieba():
            self._jieba.initialize()
        self._function = function_stopwords()
        self._always_drop = self._function
        self._drop_with_filler = self._function | filler_stopwords()
        self._user_terms: frozenset[str] = frozenset(user_terms()) if user_dict else frozenset()
        self._split_stopword_compounds(protected=frozenset(user_terms()))
        if user_dict:
            for term, freq in user_dictionary():
                self._jieba.add_word(term, freq)

    def _split_stopword_compounds(self, *, protected: frozenset[str]) -> None:
        """Take out of this instance's dictionary the compounds of a stopword and a word
        (加强监督, 认真学习, 积极开展, 全体党员, 管理工作 …), so that jieba cuts them into their
        parts and the content word is counted. User-dictionary terms are never split.

        The frequency is set to 0 directly rather than through ``del_word``, which would also
        change jieba's module-wide HMM state."""
        freq: dict[str, int] = self._jieba.FREQ
        stop = self._drop_with_filler
        doomed = [
            word
            for word, count in freq.items()
            if count > 0
            and len(word) >= 4
            and word not in protected
            and (
                (word[:2] in stop and freq.get(word[2:], 0) > 0)
                or (len(word) >= 5 and word[:3] in stop and freq.get(word[3:], 0) > 0)
                or (word.endswith("工作") and freq.get(word[:-2], 0) > 0)
            )
        ]
        for word in doomed:
            freq[word] = 0

    @property
    def hmm(self) -> bool:
        """Whether jieba's HMM guesses words missing from the dictionary."""
        return self._hmm

    @property
    def user_terms(self) -> frozenset[str]:
        """The user-dictionary terms loaded into this tokenizer (empty without ``user_dict``)."""
        return self._user_terms

    def tokens(self, text: str) -> list[str]:
        """Raw jieba tokens of ``text`` (punctuation, numbers and whitespace included)."""
        return list(self._jieba.lcut(text, HMM=self._hmm))

    def terms(self, text: str, *, drop_filler: bool = True) -> list[str]:
        """The content words of ``text``, in order, repeats kept.

        The text is NFKC-normalised first (full-width letters and digits become ASCII). Dropped
        always: numbers (Arabic, full-width, Chinese numerals alone or with a measure word, such
        as 二十, 第三, 两个, 一是), punctuation, symbols, whitespace, placeholders (X, XX, *, ＊),
        single characters and function words; with ``drop_filler`` (the default) also the 公文
        filler words (工作, 开展, 加强, 进一步 …).
        """
        drop = self._drop_with_filler if drop_filler else self._always_drop
        normalised = unicodedata.normalize("NFKC", text)
        return [t for t in self.tokens(normalised) if t not in drop and is_term_shaped(t)]


@functools.lru_cache(maxsize=4)
def load_tokenizer(
    *, user_dict: bool = True, hmm: bool = False, engine: str = "auto"
) -> PartyTokenizer:
    """The process's shared tokenizer (loaded on first call, about a second; cached after).

    HMM is off by default: with the party-building dictionary the genre's vocabulary is known,
    and jieba runs about a third faster without guessing unknown words (which are mostly names
    that would be split into single characters and dropped anyway), which pays for extraction.
    """
    return PartyTokenizer(user_dict=user_dict, hmm=hmm, engine=engine)
