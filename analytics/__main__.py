"""Entry point for ``python -m analytics``: the shell that hands the environment to the CLI."""

from __future__ import annotations

import os
import sys

from analytics.cli import main


def run() -> int:
    """Run the command line with this process's arguments and environment."""
    return main(sys.argv[1:], environ=os.environ)


if __name__ == "__main__":
    raise SystemExit(run())
