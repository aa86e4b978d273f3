"""Read Chinese party-building work reports into tables: metadata, metrics, problems, keywords."""

from analytics.errors import ReportError
from analytics.records import Mention, Meta, Problem, Report

__all__ = ["EXTRACTOR_VERSION", "Mention", "Meta", "Problem", "Report", "ReportError"]

# Bump whenever a change to readers, sections, metrics, problems, metadata or keywords can change
# what is extracted from the same bytes: the store re-analyses every report whose cached tables
# were made by another version.
EXTRACTOR_VERSION = "2"
