"""The publication layer (careers/publication.py) is pure code: these tests need no database.

Property-based (hypothesis): for any respondents, no published group is under the threshold, no
two published groups where one holds the other differ by fewer than the threshold (so
subtracting one published table from another never gives a small group), and a breakdown's
withheld columns never add up to a small group (totals minus the rest). The checks are worked
out from the respondents themselves, as sets, not from the layer's own counting."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from careers import publication
from careers.publication import WITHHELD, Cube, Rules

QUESTIONS = {
    "q": ("One answer", ["a", "b", "c"], False, False),
    "m": ("Several answers", ["x", "y", "z"], True, True),
}


@st.composite
def surveys(draw):
    n_dims = draw(st.integers(1, 3))
    dimensions = {f"d{k}": [f"v{j}" for j in range(draw(st.integers(1, 4)))] for k in range(n_dims)}
    record = st.fixed_dictionaries(
        {
            **{d: st.sampled_from(values) for d, values in dimensions.items()},
            "q": st.sampled_from(["a", "b", "c"]),
            "m": st.lists(st.sampled_from(["x", "y", "z"]), unique=True, max_size=3),
        }
    )
    records = draw(st.lists(record, max_size=160))
    threshold = draw(st.integers(2, 25))
    return dimensions, records, threshold


def members(records, group):
    return frozenset(k for k, r in enumerate(records) if all(r[d] == v for d, v in group))


def check_publication(dimensions, records, threshold):
    rules = Rules(min_group=threshold, min_wave=threshold)
    cube = Cube.from_records(records, dimensions, QUESTIONS)
    published = publication.plan(cube, rules)
    sets = {group: members(records, group) for group in published}
    # 1. Every published group is at least the threshold.
    for group, people in sets.items():
        assert len(people) >= threshold, (group, len(people))
    # 2. No two published groups, one inside the other, differ by a small group.
    for (a, people_a), (b, people_b) in itertools.permutations(sets.items(), 2):
        if people_b < people_a:
            assert len(people_a - people_b) >= threshold, (a, b)
    # 3. A breakdown's withheld columns together are nobody or at least the threshold.
    for parent in [g for g in published if len(g) <= 1]:
        for _dimension, columns in publication.breakdowns(cube, parent):
            shown = set().union(*(sets[c] for c in columns if c in published))
            assert len(sets[parent] - shown) in (0, *range(threshold, len(records) + 1))
    # The reports publish exactly those groups, and nothing of the others.
    result = publication.publish_wave(cube, rules)
    for (key, by), report in result["reports"].items():
        group = tuple(tuple(pair) for pair in report["group"])
        assert publication.group_key(group) == key and group in published
        if by:
            for table in report["tables"].values():
                for index, (value, count, shown) in enumerate(table["cross"]["groups"]):
                    column = publication.normalise(cube.names, (*group, (by, value)))
                    assert shown == (column in published)
                    if not shown:
                        assert count == WITHHELD
                        assert all(
                            cells[index] == [WITHHELD, WITHHELD]
                            for cells in table["cross"]["cells"].values()
                        )
    return published


@settings(max_examples=150)
@given(surveys())
def test_no_published_table_lets_a_small_group_be_derived(survey):
    check_publication(*survey)


def test_a_group_of_one_inside_a_published_subgroup_is_withheld_with_the_rest_needed():
    # The example: men (40) broken down by age isolate two older men.
    dimensions = {"gender": ["woman", "man"], "age": ["young", "old"]}
    records = [{"gender": "woman", "age": "young", "q": "a", "m": []} for _ in range(60)]
    records += [{"gender": "man", "age": "young", "q": "a", "m": []} for _ in range(38)]
    records += [{"gender": "man", "age": "old", "q": "c", "m": ["x"]} for _ in range(2)]
    published = check_publication(dimensions, records, 30)
    assert (("gender", "man"),) in published
    assert (("gender", "man"), ("age", "old")) not in published
    # The 38 young men are withheld too: men minus them would be the two.
    assert (("gender", "man"), ("age", "young")) not in published
    # And "young" as a subgroup: everyone minus the young would be the two.
    assert (("age", "young"),) not in published


@settings(max_examples=300)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=8))
def test_withheld_parts_of_a_whole_never_add_up_to_a_small_count(counts):
    published = publication.publish_partition(counts)
    withheld = [c for c, p in zip(counts, published, strict=True) if p == WITHHELD]
    for count, shown in zip(counts, published, strict=True):
        assert shown == WITHHELD or shown == 0 or (shown % 5 == 0 and shown >= 10)
        if 1 <= count <= 7:
            assert shown == WITHHELD
    if withheld:
        # The total minus the rest gives only the withheld together: 8 or more, unless every
        # other part is zero (then the whole is small, and groups that small are withheld).
        rest = [c for c, p in zip(counts, published, strict=True) if p != WITHHELD and c]
        assert sum(withheld) >= 8 or not rest


def test_a_multi_answer_count_is_withheld_when_those_not_naming_it_are_few():
    assert publication.publish_named(37, 40) == WITHHELD  # 3 did not name it
    assert publication.publish_named(40, 40) == 40
    assert publication.publish_named(3, 40) == WITHHELD
    assert publication.publish_named(20, 40) == 20


def test_downloads_of_a_withheld_group_carry_the_pages_message():
    assert publication.withheld_rows() == (["note"], [[publication.TOO_FEW]])


def test_a_wave_under_the_threshold_publishes_nothing():
    dimensions = {"gender": ["woman", "man"]}
    records = [{"gender": "woman", "q": "a", "m": []} for _ in range(10)]
    cube = Cube.from_records(records, dimensions, QUESTIONS)
    assert publication.publish_wave(cube, Rules(min_group=30))["reports"] == {}
