"""The architecture rules a reader of the code relies on, checked on the source tree."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analytics"
SHELL_FILES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
]
PACKAGE_FILES = sorted(PACKAGE.glob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: p.name)
def test_analytics_never_imports_streamlit(path: Path) -> None:
    assert "streamlit" not in _imports(path)


@pytest.mark.parametrize("path", PACKAGE_FILES + SHELL_FILES, ids=lambda p: p.name)
def test_only_the_tokenizer_module_touches_jieba(path: Path) -> None:
    if path == PACKAGE / "tokenize.py":
        assert "jieba" in _imports(path)
    else:
        assert "jieba" not in _imports(path)


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: p.name)
def test_every_module_opens_with_a_one_line_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree, clean=False)
    assert doc, f"{path.name} has no module docstring"
    assert "\n" not in doc.strip(), f"{path.name}: the docstring's first statement is one line"


@pytest.mark.parametrize(
    "path", [p for p in PACKAGE_FILES if p.name != "__main__.py"], ids=lambda p: p.name
)
def test_analytics_reads_no_environment(path: Path) -> None:
    """Only the entry point (``__main__``) reads the environment and passes it in."""
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"os\.environ|os\.getenv|st\.secrets", source), path.name


def test_caching_lives_only_in_the_ui_layer() -> None:
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in [*PACKAGE_FILES, ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
        if p.exists() and re.search(r"cache_(data|resource)", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_resources_are_shipped_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "resources/*" in config["tool"]["setuptools"]["package-data"]["analytics"]
    files = [p for p in (PACKAGE / "resources").iterdir() if p.is_file()]
    assert files, "lexicons and taxonomies live in analytics/resources/"


def test_no_module_compiles_a_regex_inside_a_function() -> None:
    """Regexes are compiled once, at import: re.compile inside a def is a per-call cost.

    Loader functions (named load/build/compile…, run once at import) and cached functions are
    the exceptions.
    """
    offenders = []
    for path in PACKAGE_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if re.match(r"_*(load|build|compile|make)", func.name):
                continue
            for node in ast.walk(func):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "compile"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re"
                    and not any(
                        isinstance(d, ast.Name | ast.Attribute) and "cache" in ast.unparse(d)
                        for d in func.decorator_list
                    )
                ):
                    offenders.append(f"{path.name}:{node.lineno} in {func.name}")
    assert offenders == []
