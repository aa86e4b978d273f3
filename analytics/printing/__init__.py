"""Printing one report: an A4 HTML print view and its PDF, drawn by a local Chromium."""
