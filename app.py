"""党建述职报告分析 — the Streamlit dashboard's entry point (run: streamlit run app.py)."""

from ui import shell

shell.main()
