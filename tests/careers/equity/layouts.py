"""The column headers of the equity file layouts, for tests that write files (docs/equity.md):
the columns of `careers.equity.formats.COLUMNS`, in their order, as lists."""

from careers.equity.formats import COLUMNS

CLEARING_HOUSE = list(COLUMNS["clearing_house"])
GENERIC = list(COLUMNS["generic"])
WORKFORCE = list(COLUMNS["workforce"])
TARGETS = list(COLUMNS["targets"])
