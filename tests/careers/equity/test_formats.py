"""Reading and checking equity files as pure code: layouts, category wordings, group totals,
sections and bands. No database."""

import pytest

from careers.equity import formats as fmt


@pytest.mark.parametrize(
    ("section", "label", "key", "is_total"),
    [
        ("ETHNICITY", "Total in the White group", "white", True),
        ("ETHNICITY", "White - total", "white", True),
        ("ETHNICITY", "Black or Black British - African", "black-african", False),
        ("ETHNICITY", "Black African", "black-african", False),
        ("ETHNICITY", "Asian or Asian British - Indian", "indian", False),
        ("ETHNICITY", "Indian", "indian", False),
        ("ETHNICITY", "Asian or Asian British", "asian", False),
        ("DISABILITY", "Total with a disability", "disability", True),
        ("DISABILITY", "No known disability", "no-disability", False),
        ("GENDER", "Female", "woman", False),
        ("SOCIO-ECONOMIC BACKGROUND", "POLAR4 quintile 5", "quintile-5", False),
        ("SOCIO-ECONOMIC BACKGROUND", "Q5", "quintile-5", False),
        ("TOTALS", "Total applicants", "total-applicants", False),
    ],
)
def test_wordings_that_mean_the_same_group_share_a_key(section, label, key, is_total):
    assert fmt.category_key(section, label) == (key, is_total)


def test_sections_and_bands_accept_their_spellings_and_refuse_others():
    assert fmt.section_code("Socio economic background") == "SOCIO-ECONOMIC BACKGROUND"
    assert fmt.section_code("sex") == "GENDER"
    assert fmt.section_code("NATIONALITY") is None
    assert [fmt.band_code(b) for b in ("Band 8a", "8A", "AfC band 5", "Band 10")] == [
        "8a",
        "8a",
        "5",
        None,
    ]


def test_the_layout_is_told_by_its_columns(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("Year,Section,Category,Applicants_N,Accepted-N\n2018,GENDER,Woman,10,1\n")
    parsed = fmt.check(path, this_year=2026)
    assert parsed.layout == "clearing_house" and parsed.rows[0]["applicants"] == 10
    path.write_text("year,programme,section,category,applicants,appointed\n")
    assert fmt.detect_layout(fmt.read_table(path)[0]) == "generic"
    path.write_text("plan,profession,year,measure,target\n")
    assert fmt.detect_layout(fmt.read_table(path)[0]) == "targets"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(fmt.FileUnreadable):
        fmt.check(path)


def test_a_blank_count_is_kept_as_suppressed_not_zero(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("Year,Section,Category,applicants_n,accepted_n\n2018,GENDER,Man,40,\n")
    row = fmt.check(path, this_year=2026).rows[0]
    assert row["accepted"] is None and row["applicants"] == 40


def test_a_windows_1252_file_is_read(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(
        "Year,Section,Category,applicants_n,accepted_n\n2018,AGE,Under 25 – all,5,1\n".encode(
            "cp1252"
        )
    )
    assert fmt.check(path, this_year=2026).rows[0]["category"] == "Under 25 – all"
