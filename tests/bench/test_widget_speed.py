import pytest

from bench.widget_speed import summary


@pytest.mark.parametrize(
    "samples, p50, p95",
    [([100.0] * 9 + [900.0], 100.0, 900.0), (list(range(1, 21)), 10.5, 19), ([5.0], 5.0, 5.0)],
)
def test_summary_takes_the_nearest_rank_p95_never_below_the_samples(samples, p50, p95):
    found = summary([float(s) for s in samples])
    assert (found["p50_ms"], found["p95_ms"], found["tries"]) == (p50, p95, len(samples))
    assert found["max_ms"] == max(samples)
