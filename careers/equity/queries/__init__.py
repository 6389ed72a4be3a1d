"""Read models for the equity pages, one module for each part: `entry` (entry reports and
trends), `workforce` (representation by band, workforce plans against staff in post) and
`pipeline` (from aspiration to the qualified bands). Each costs a fixed number of queries; the
arithmetic is careers.equity.stats. Everything is imported from `careers.equity.queries`."""

from careers.equity.queries.entry import (
    CSV_HEADER,
    entry_csv_rows,
    entry_index,
    entry_report,
    entry_trends,
)
from careers.equity.queries.pipeline import PIPELINE_SECTIONS, QUALIFIED_BANDS, pipeline
from careers.equity.queries.workforce import (
    SENIOR_FROM,
    plans,
    representation,
    senior_share_trend,
    workforce_options,
)

__all__ = [
    "CSV_HEADER",
    "PIPELINE_SECTIONS",
    "QUALIFIED_BANDS",
    "SENIOR_FROM",
    "entry_csv_rows",
    "entry_index",
    "entry_report",
    "entry_trends",
    "pipeline",
    "plans",
    "representation",
    "senior_share_trend",
    "workforce_options",
]
