"""The column headers of the equity file layouts, for tests that write files (docs/equity.md)."""

CLEARING_HOUSE = ["Year", "Section", "Category", "applicants_n", "accepted_n", "note", "source"]
GENERIC = ["year", "programme", "section", "category", "applicants", "shortlisted", "appointed"]
WORKFORCE = [
    "year",
    "organisation_code",
    "organisation_name",
    "staff_group",
    "role",
    "band",
    "characteristic",
    "group",
    "headcount",
]
TARGETS = ["plan", "source", "profession", "year", "measure", "target"]
