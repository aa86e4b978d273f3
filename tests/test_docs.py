"""The README tells the truth: its commands are the ones CI runs and the CLI really has."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from analytics.store import DATA_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_lines() -> list[str]:
    blocks = re.findall(r"```\n(.*?)```", README, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    test_command = 'python -m pip install -e ".[test]" && python -m pytest'
    assert ci_lines[-1] == test_command
    assert _code_lines().count(test_command) == 2  # Chinese and English quick starts


def test_readme_start_command_starts_the_dashboard_on_app_py() -> None:
    start = "python -m pip install -e . && python -m streamlit run app.py"
    assert _code_lines().count(start) == 2
    assert (ROOT / "app.py").is_file()


def test_every_documented_cli_command_exists() -> None:
    documented = {
        m.group(1) for line in _code_lines() if (m := re.match(r"python -m analytics (\w+)", line))
    }
    assert documented == {"extract", "ingest", "export", "ledger", "batch", "evaluate"}
    result = subprocess.run(
        [sys.executable, "-m", "analytics", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0
    for command in documented:
        assert command in result.stdout


def test_documented_settings_are_the_ones_the_code_reads() -> None:
    assert DATA_DIR_ENV in README
    assert f"`{DATA_DIR_ENV}`" in README
    app = (ROOT / "app.py").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "ui").glob("*.py")
    )
    assert "PARTY_REPORTS_PASSWORD" in README and "PARTY_REPORTS_PASSWORD" in app
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r'address\s*=\s*"127\.0\.0\.1"', config)


def test_linked_documents_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+\.md)\)", README):
        assert (ROOT / target).is_file(), target
