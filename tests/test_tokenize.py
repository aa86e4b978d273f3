"""Tokenizer: party terms stay whole; numbers, punctuation, stopwords and single characters go."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import jieba
import pytest

from analytics.tokenize import (
    PartyTokenizer,
    available_engines,
    filler_stopwords,
    function_stopwords,
    is_term_shaped,
    load_tokenizer,
    user_terms,
)

SEED_TERMS = {
    "000_05de8f40bad0d4d8.txt": ("体育", "第一责任人", "最强党支部"),
    "002_0ab65d941972ac99.txt": ("意识形态", "统计", "主题教育", "第一责任人"),
}
# Terms the dictionary must hold (the list, across unit types).
REQUIRED_TERMS = [
    "三会一课",
    "第一责任人",
    "一岗双责",
    "两个维护",
    "四个意识",
    "四个自信",
    "两个确立",
    "主题党日",
    "主题教育",
    "最强党支部",
    "党风廉政建设",
    "意识形态",
    "铸牢中华民族共同体意识",
    "民主评议",
    "组织生活会",
    "发展对象",
    "入党积极分子",
    "预备党员",
    "谈心谈话",
    "党支部标准化规范化建设",
    "全面从严治党",
    "第一议题",
    "中心组",
    "理论学习中心组",
    "党组",
    "党委",
    "支委会",
    "党员大会",
    "党小组",
    "在职党员",
    "进社区报到",
    "志愿服务",
    "党建引领",
    "基层治理",
    "乡村振兴",
    "民主生活会",
    "批评与自我批评",
    "中央八项规定",
    "四风",
    "形式主义",
    "官僚主义",
    "软弱涣散",
    "党群服务中心",
    "网格化",
    "红色物业",
    "双报到",
    "学习强国",
    "灯塔在线",
    "村两委",
    "集体经济",
    "驻村第一书记",
    "网格员",
    "社区党委",
    "三重一大",
    "双向进入交叉任职",
    "立德树人",
    "思政课",
    "师德师风",
    "医德医风",
    "院长负责制",
]
_HAN_OR_LATIN = re.compile(r"[\u3400-\u9fffA-Za-z]+")
_NOT_A_TERM = re.compile(r"\d|[０-９]|^[零〇一二两三四五六七八九十百千万几]+$|^[Xx]+$")


@pytest.fixture(scope="module")
def tokenizer() -> PartyTokenizer:
    return load_tokenizer()


@pytest.fixture(scope="module")
def plain() -> PartyTokenizer:
    """jieba without the project's dictionary."""
    return PartyTokenizer(user_dict=False)


def test_the_dictionary_holds_the_genre_terms() -> None:
    terms = user_terms()
    assert len(terms) >= 300
    assert len(set(terms)) == len(terms), "a term is listed twice"
    missing = [t for t in REQUIRED_TERMS if t not in terms]
    assert missing == []


def test_no_dictionary_term_is_a_stopword() -> None:
    stop = function_stopwords() | filler_stopwords()
    assert sorted(set(user_terms()) & stop) == []
    assert sorted(function_stopwords() & filler_stopwords()) == []


@pytest.mark.parametrize("term", user_terms())
def test_every_dictionary_term_stays_whole_in_a_sentence(
    tokenizer: PartyTokenizer, term: str
) -> None:
    sentence = f"我们认真落实{term}制度"
    assert term in tokenizer.tokens(sentence)
    assert term in tokenizer.terms(sentence)


@pytest.mark.parametrize(
    "term", ["三会一课", "四个意识", "两个维护", "第一责任人", "主题党日", "最强党支部"]
)
def test_plain_jieba_would_split_what_the_dictionary_keeps(
    plain: PartyTokenizer, tokenizer: PartyTokenizer, term: str
) -> None:
    assert term not in plain.tokens(f"我们认真落实{term}制度")
    assert term in tokenizer.tokens(f"我们认真落实{term}制度")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("严格落实“三会一课”制度，全年召开支委会12次。", ["三会一课", "支委会"]),
        ("增强“四个意识”、坚定“四个自信”、做到“两个维护”", ["四个意识", "四个自信", "两个维护"]),
        ("发展预备党员2名，培养入党积极分子二十余名。", ["预备党员", "培养", "入党积极分子"]),
        ("一是党建活动创新不足；二是第一责任人职责履行不到位。", ["党建", "创新", "第一责任人"]),
        ("XX镇党委开展主题党日活动＊次，XX名党员参加", ["镇党委", "主题党日活动", "党员"]),
        ("全年共开展志愿服务三十余次，服务群众千余人次。", ["志愿服务", "服务", "群众"]),
    ],
)
def test_terms_of_typical_sentences(
    tokenizer: PartyTokenizer, text: str, expected: list[str]
) -> None:
    assert tokenizer.terms(text) == expected


@pytest.mark.parametrize(
    "noise",
    [
        "2023",
        "１２",
        "12",
        "二十",
        "第三",
        "第一",
        "两个",
        "十二次",
        "三十余",
        "十几篇",
        "千余人",
        "一是",
        "二是",
        "万元",
        "百分之五十",
        "X",
        "XX",
        "ＸＸ",
        "*",
        "＊",
        "，",
        "。",
        "“",
        "”",
        "、",
        "（",
        "）",
        "%",
        " ",
        "\n",
        "\u3000",
        "的",
        "我们",
        "通过",
        "按照",
        "其中",
        "本人",
    ],
)
def test_terms_never_return_numbers_punctuation_or_function_words(
    tokenizer: PartyTokenizer, noise: str
) -> None:
    text = (
        "2023年，我们通过“三会一课”按照要求开展学习１２次、第三季度二十次，其中本人讲党课两个，"
        "收缴党费2.3万元，占百分之五十；XX村ＸＸ名党员参加十几篇、千余人，一是，二是；"
        "党员＊次 *次 % 的\n\u3000十二次 三十余 第一"
    )
    for drop_filler in (True, False):
        terms = tokenizer.terms(text, drop_filler=drop_filler)
        assert noise not in terms
        assert all(len(t) >= 2 for t in terms)
        assert all(_HAN_OR_LATIN.fullmatch(t) for t in terms)


@pytest.mark.parametrize(
    ("token", "shaped"),
    [
        ("三会一课", True),
        ("二十大", True),
        ("第一书记", True),
        ("四风", True),
        ("一线", True),
        ("两委", True),
        ("APP", True),
        ("二十", False),
        ("第三", False),
        ("三十余", False),
        ("十几篇", False),
        ("两个", False),
        ("一是", False),
        ("百分之五十", False),
        ("万元", False),
        ("余次", False),
        ("人次", False),
        ("XX", False),
        ("x", False),
        ("2023年", False),
        ("１２名", False),
        ("党建+", False),
        ("党", False),
        ("“党建”", False),
    ],
)
def test_what_can_be_a_term(token: str, shaped: bool) -> None:
    assert is_term_shaped(token) is shaped


@pytest.mark.parametrize(
    "filler", ["工作", "开展", "加强", "进一步", "推进", "落实", "认真", "扎实"]
)
def test_filler_goes_by_default_and_stays_on_request(
    tokenizer: PartyTokenizer, filler: str
) -> None:
    text = "认真开展党建工作，进一步加强和推进扎实落实党员教育管理工作。"
    assert filler not in tokenizer.terms(text)
    assert filler in tokenizer.terms(text, drop_filler=False)


def test_filler_compounds_give_their_content_word(tokenizer: PartyTokenizer) -> None:
    # 加强监督 and 认真学习 are single words in jieba's own dictionary.
    terms = tokenizer.terms("加强监督，认真学习，全体党员参与宣传工作")
    assert terms == ["监督", "学习", "党员", "宣传"]


def test_load_tokenizer_loads_once(tokenizer: PartyTokenizer) -> None:
    assert load_tokenizer() is tokenizer
    assert tokenizer.user_terms == frozenset(user_terms())


def test_the_global_jieba_tokenizer_is_left_alone(tokenizer: PartyTokenizer) -> None:
    assert "最强党支部" in tokenizer.tokens("创建最强党支部")
    assert jieba.dt.FREQ.get("最强党支部") is None


def test_the_dictionary_cache_goes_where_asked(tmp_path: Path) -> None:
    own = PartyTokenizer(tmp_dir=tmp_path, cache_file="party.cache")
    assert own.terms("严格落实三会一课制度") == ["三会一课"]
    assert (tmp_path / "party.cache").is_file()


def test_an_unwritable_cache_folder_costs_no_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    own = PartyTokenizer(tmp_dir=missing)
    assert own.terms("创建最强党支部") == ["最强党支部"]
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Building prefix dict" not in captured.err


@pytest.mark.shared
@pytest.mark.parametrize(("name", "characteristic"), sorted(SEED_TERMS.items()))
def test_top_terms_of_real_reports(
    tokenizer: PartyTokenizer, seeds_dir: Path, name: str, characteristic: tuple[str, ...]
) -> None:
    text = (seeds_dir / name).read_text(encoding="utf-8")
    counts = Counter(tokenizer.terms(text))
    top = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]]
    stop = function_stopwords() | filler_stopwords()
    assert [t for t in top if t in stop or len(t) < 2 or _NOT_A_TERM.search(t)] == []
    assert all(_HAN_OR_LATIN.fullmatch(t) for t in top)
    assert [t for t in characteristic if t not in top] == []


def test_the_optional_fast_engine_gives_the_same_terms(seeds_dir: Path) -> None:
    """jieba_fast (extra "fast") is only an accelerator: the terms must not change."""
    if "jieba_fast" not in available_engines():
        pytest.skip('the optional extra "fast" (jieba-fast) is not installed')
    plain = PartyTokenizer(engine="jieba", hmm=False)
    fast = PartyTokenizer(engine="jieba_fast", hmm=False)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += [f"我们认真落实{term}制度，推动工作再上新台阶。" for term in user_terms()]
    for text in texts:
        assert fast.tokens(text) == plain.tokens(text)
        assert fast.terms(text) == plain.terms(text)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine"):
        PartyTokenizer(engine="pkuseg")
