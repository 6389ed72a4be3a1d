"""The one list of NHS England's seven regions, with one set of codes, for every app (survey
files use the same codes, so they are part of the survey file format too)."""

ENGLAND = [
    ("north_east_and_yorkshire", "North East and Yorkshire"),
    ("north_west", "North West"),
    ("midlands", "Midlands"),
    ("east_of_england", "East of England"),
    ("london", "London"),
    ("south_east", "South East"),
    ("south_west", "South West"),
]
OUTSIDE_ENGLAND = ("outside_england", "Outside England")
WITH_OUTSIDE_ENGLAND = [*ENGLAND, OUTSIDE_ENGLAND]

# Codes used before the lists were one (data migrations map them).
RENAMED = {"east": "east_of_england", "north_east_yorkshire": "north_east_and_yorkshire"}
