"""The browser side of the shell: Streamlit's own English in Chinese, print CSS, the tab icon."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STATIC = Path(__file__).resolve().parent / "static"
ICON = STATIC / "icon.png"  # the tab icon, served by this server (a Material icon is fetched
# from fonts.gstatic.com, which an intranet does not reach)
_SCRIPT = (STATIC / "chrome.js").read_text(encoding="utf-8")
_PRINT_CSS = (STATIC / "print.css").read_text(encoding="utf-8")
HIDE_SIDEBAR_CSS = (
    '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],'
    ' [data-testid="stExpandSidebarButton"] { display: none !important; }'
)


def install() -> None:
    """Once per run, before anything else is drawn: the print CSS and the translation layer."""
    st.html(f"<style>{_PRINT_CSS}</style><script>{_SCRIPT}</script>", unsafe_allow_javascript=True)


def hide_sidebar() -> None:
    """Hide the sidebar on screen too (the print view shows the page as it prints)."""
    st.html(f"<style>{HIDE_SIDEBAR_CSS}</style>")
