"""Table-level disclosure helpers (pure)."""

from careers.disclosure import SUPPRESSED, publish_cell, publish_rows, rank_rows


def test_a_cell_gives_the_published_count_and_percent_of_the_published_total():
    assert publish_cell(13, 102) == (15, 15)
    assert publish_cell(3, 102) == (SUPPRESSED, SUPPRESSED)
    assert publish_cell(0, 102) == (0, 0)
    assert publish_cell(10, 5) == (10, SUPPRESSED)


def test_rows_cover_every_category_in_order_with_absent_ones_as_zero():
    rows = publish_rows({"b": 40, "a": 2}, 100, categories=["a", "b", "c"])
    assert rows == [("a", SUPPRESSED, SUPPRESSED), ("b", 40, 40), ("c", 0, 0)]


def test_ranking_uses_only_published_counts():
    # 12 and 13 publish as 10 and 15; 11 and 12 both publish as 10 and keep their order.
    rows = publish_rows({"x": 11, "y": 12, "z": 13, "s": 4}, 100)
    assert [row[0] for row in rank_rows(rows)] == ["z", "x", "y", "s"]
