"""The equity statistics as pure code: known values, intervals, suppression, representation
and the pipeline's largest drop. No database."""

import math

import pytest

from careers.equity import stats


def test_known_values_white_and_black_applicants_2018():
    white = stats.wilson(507, 3045)
    black = stats.wilson(14, 163)
    assert stats.one_decimal(white.percent) == 16.7
    assert stats.one_decimal(black.percent) == 8.6
    rl = stats.relative_likelihood(507, 3045, 14, 163)
    assert stats.two_decimals(rl.value) == 1.94


@pytest.mark.parametrize("k, n", [(14, 163), (507, 3045), (1, 9), (60, 61)])
def test_wilson_interval_agrees_with_scipys_own(k, n):
    from scipy.stats import binomtest

    rate = stats.wilson(k, n)
    expected = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert rate.low < rate.value < rate.high
    assert rate.low == pytest.approx(expected.low, abs=1e-9)
    assert rate.high == pytest.approx(expected.high, abs=1e-9)
    if (k, n) == (14, 163):
        assert (round(rate.low, 4), round(rate.high, 4)) == (0.0519, 0.1390)


def test_wilson_interval_stays_inside_zero_and_one_at_the_edges():
    none = stats.wilson(0, 20)
    assert none.value == 0 and none.low == 0 and 0 < none.high < 0.2
    everyone = stats.wilson(20, 20)
    assert everyone.value == 1 and everyone.high == 1 and everyone.low > 0.8


def test_relative_likelihood_log_interval():
    rl = stats.relative_likelihood(507, 3045, 14, 163)
    spread = 1.959964 * math.sqrt(1 / 507 - 1 / 3045 + 1 / 14 - 1 / 163)
    assert rl.low == pytest.approx(rl.value * math.exp(-spread), rel=1e-6)
    assert rl.high == pytest.approx(rl.value * math.exp(spread), rel=1e-6)
    assert rl.low < 1.94 < rl.high


def test_above_one_means_the_reference_group_is_more_likely():
    assert stats.relative_likelihood(50, 100, 25, 100).value == 2
    assert stats.relative_likelihood(25, 100, 50, 100).value == 0.5


def test_a_suppressed_count_gives_no_rate_and_no_likelihood_and_says_so():
    assert stats.wilson(None, 100).value is None
    assert stats.wilson(None, 100).reason == "suppressed"
    assert stats.wilson(5, None).reason == "suppressed"
    rl = stats.relative_likelihood(507, 3045, None, 163)
    assert rl.value is None and rl.reason == "suppressed"


def test_no_one_accepted_gives_no_likelihood_rather_than_infinity():
    rl = stats.relative_likelihood(507, 3045, 0, 40)
    assert rl.value is None and "no one in this group" in rl.reason
    assert stats.wilson(0, 0).reason == "no applicants"


def test_rounding_is_half_away_from_zero():
    assert stats.one_decimal(16.65) == 16.7
    assert stats.two_decimals(1.935) == 1.94
    assert stats.one_decimal(None) is None


def test_representation_compares_each_bands_share_with_the_whole():
    result = stats.representation(
        {"5": {"white": 60, "black": 40}, "8a": {"white": 90, "black": 10}}
    )
    black_8a = result["8a"]["black"]
    assert black_8a.rate.value == pytest.approx(0.10)
    assert black_8a.overall == pytest.approx(50 / 200)
    assert black_8a.ratio == pytest.approx(0.4)
    assert result["5"]["black"].ratio == pytest.approx(1.6)


def test_representation_leaves_suppressed_counts_out_of_the_totals():
    result = stats.representation({"7": {"white": 90, "black": None, "asian": 10}})
    assert result["7"]["asian"].rate.value == pytest.approx(0.1)
    assert result["7"]["black"].rate.value is None


def test_the_largest_drop_is_the_smallest_ratio_between_consecutive_stages():
    stages = [
        ("Graduates", {"black": 0.075}),
        ("Applicants", {"black": 0.045}),
        ("Accepted", {"black": 0.025}),
        ("Band 8b", {"black": 0.02}),
    ]
    drop = stats.largest_drop(stages, "black")
    assert (drop.from_stage, drop.to_stage) == ("Applicants", "Accepted")


def test_a_stage_without_a_share_is_skipped_over():
    stages = [("A", {"g": 0.2}), ("B", {"g": None}), ("C", {"g": 0.1})]
    drop = stats.largest_drop(stages, "g")
    assert (drop.from_stage, drop.to_stage) == ("A", "C")
    assert stats.largest_drop([("A", {"g": 0.1}), ("B", {"g": 0.2})], "g") is None
