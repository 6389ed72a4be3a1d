"""The equity statistics, as pure functions on plain numbers (no Django): acceptance rates with
Wilson intervals, the relative likelihood of WRES indicator 2 with a log-method interval,
representation by band as WRES indicator 1, and the pipeline's largest drop.

A count of None means the source suppressed it: it gives no rate and no likelihood, and it is
never counted as zero. docs/equity.md explains each measure and its caveats."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95


@lru_cache(maxsize=8)
def z_value(confidence: float = CONFIDENCE) -> float:
    """The two-sided normal quantile: 1.96 for 95%. The standard library's, the same as SciPy's
    to the last digit or two; importing scipy.stats took 0.8 s in every process that starts."""
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


@dataclass(frozen=True)
class Rate:
    """A proportion k/n with its Wilson interval; all None when it cannot be computed, with
    `reason` saying why (suppressed, no applicants)."""

    value: float | None
    low: float | None
    high: float | None
    reason: str = ""

    @property
    def percent(self):
        return None if self.value is None else 100 * self.value


def wilson(k: int | None, n: int | None, confidence: float = CONFIDENCE) -> Rate:
    """Wilson score interval for k successes out of n."""
    if k is None or n is None:
        return Rate(None, None, None, "suppressed")
    if n <= 0:
        return Rate(None, None, None, "no applicants")
    if k < 0 or k > n:
        raise ValueError("k must be between 0 and n")
    z = z_value(confidence)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At k = 0 the bound is 0 and at k = n it is 1, exactly; the subtraction leaves a last-bit
    # remainder that depends on how z itself was rounded.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Rate(p, low, high)


@dataclass(frozen=True)
class Likelihood:
    """The relative likelihood of the reference group being accepted compared with a group,
    with its interval; None with a `reason` when it cannot be computed."""

    value: float | None
    low: float | None
    high: float | None
    reason: str = ""


def relative_likelihood(
    ref_accepted: int | None,
    ref_applicants: int | None,
    accepted: int | None,
    applicants: int | None,
    confidence: float = CONFIDENCE,
) -> Likelihood:
    """WRES indicator 2: (ref accepted / ref applicants) / (group accepted / group applicants).
    Above 1, the reference group is more likely to be accepted. The interval is the log method
    (Katz): exp(ln RL ± z·sqrt(1/a1 − 1/n1 + 1/a2 − 1/n2))."""
    if None in (ref_accepted, ref_applicants, accepted, applicants):
        return Likelihood(None, None, None, "suppressed")
    if not ref_applicants or not applicants:
        return Likelihood(None, None, None, "no applicants")
    if not accepted:
        return Likelihood(None, None, None, "no one in this group was accepted")
    if not ref_accepted:
        return Likelihood(None, None, None, "no one in the reference group was accepted")
    value = (ref_accepted / ref_applicants) / (accepted / applicants)
    variance = 1 / ref_accepted - 1 / ref_applicants + 1 / accepted - 1 / applicants
    spread = z_value(confidence) * math.sqrt(max(variance, 0.0))
    log_value = math.log(value)
    return Likelihood(value, math.exp(log_value - spread), math.exp(log_value + spread))


def one_decimal(value: float | None):
    """A percentage to one decimal place, half away from zero (16.65 -> 16.7)."""
    if value is None:
        return None
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def two_decimals(value: float | None):
    if value is None:
        return None
    return math.floor(value * 100 + 0.5 + 1e-9) / 100


# --- Representation by band (WRES indicator 1) -----------------------------------------------


@dataclass(frozen=True)
class Share:
    group: str
    count: int | None
    total: int
    rate: Rate
    overall: float | None  # the group's share of the whole workforce
    ratio: float | None  # share in this band / share overall (1 = represented as a whole)


def shares(counts: dict[str, int | None], confidence: float = CONFIDENCE) -> dict[str, Rate]:
    """Each group's share of the total of the published counts (suppressed counts are left out
    of the total and give no share)."""
    total = sum(c for c in counts.values() if c is not None)
    return {group: wilson(count, total, confidence) for group, count in counts.items()}


def representation(
    by_band: dict[str, dict[str, int | None]], confidence: float = CONFIDENCE
) -> dict[str, dict[str, Share]]:
    """{band: {group: headcount or None}} -> {band: {group: Share}}: each group's share of each
    band beside its share of the whole (the sum of every band)."""
    overall_counts: dict[str, int] = {}
    for counts in by_band.values():
        for group, count in counts.items():
            if count is not None:
                overall_counts[group] = overall_counts.get(group, 0) + count
    overall_total = sum(overall_counts.values())
    overall = {
        group: (count / overall_total if overall_total else None)
        for group, count in overall_counts.items()
    }
    result = {}
    for band, counts in by_band.items():
        total = sum(c for c in counts.values() if c is not None)
        row = {}
        for group, count in counts.items():
            rate = wilson(count, total, confidence)
            whole = overall.get(group)
            ratio = rate.value / whole if rate.value is not None and whole else None
            row[group] = Share(group, count, total, rate, whole, ratio)
        result[band] = row
    return result


# --- The pipeline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drop:
    group: str
    from_stage: str
    to_stage: str
    from_share: float
    to_share: float

    @property
    def ratio(self) -> float:
        return self.to_share / self.from_share if self.from_share else 0.0


def largest_drop(stages: list[tuple[str, dict[str, float | None]]], group: str) -> Drop | None:
    """The step between consecutive stages (with a share for the group at both) where the
    group's share falls most, relatively (the smallest ratio of later share to earlier share
    below 1); None if it never falls. A stage without a share (suppressed, no data) is skipped
    over: the comparison is with the last stage that had one."""
    worst = None
    previous = None
    for name, values in stages:
        share = values.get(group)
        if share is None:
            continue
        if previous is not None and previous[1] > 0 and share < previous[1]:
            drop = Drop(group, previous[0], name, previous[1], share)
            if worst is None or drop.ratio < worst.ratio:
                worst = drop
        previous = (name, share)
    return worst
