"""What a process keeps of rendered reports: bounded by size, least recently used out first."""

from careers.served import ProcessCache


def test_the_least_recently_used_entries_go_first_when_the_size_limit_is_passed():
    kept = ProcessCache(max_bytes=10)
    kept.set("a", "aaaa", 4)
    kept.set("b", "bbbb", 4)
    assert kept.get("a") == "aaaa"  # now b is the least recently used
    kept.set("c", "cccc", 4)
    assert kept.get("b") is None and kept.get("a") == "aaaa" and kept.get("c") == "cccc"
    assert kept.size == 8 and len(kept) == 2


def test_a_value_bigger_than_the_limit_is_not_kept_and_replacing_a_key_keeps_the_size_right():
    kept = ProcessCache(max_bytes=10)
    kept.set("big", "x" * 11, 11)
    assert kept.get("big") is None and kept.size == 0
    kept.set("a", "aa", 2)
    kept.set("a", "aaaaa", 5)
    assert kept.get("a") == "aaaaa" and kept.size == 5
    kept.clear()
    assert kept.get("a") is None and kept.size == 0
