"""The same-run parse with and without the situation resolver (bench/parse_cost.py)."""

from bench import parse_cost, report
from bot.nlu.situation_resolver import SituationResolver


def test_the_switch_turns_the_resolver_into_a_pass_through_and_is_undone():
    original = SituationResolver.process
    calls = []
    with parse_cost.resolver_switch() as switch:
        assert SituationResolver.process is not original
        switch["on"] = False
        batch = [object()]
        # Switched off, the resolver's own code is not reached (no instance needed).
        assert SituationResolver.process(None, messages=batch) is batch
        switch["on"] = True

        class Probe(SituationResolver):
            def _resolve(self, message):
                calls.append(message)

        probe = Probe.__new__(Probe)
        SituationResolver.process(probe, messages=["m"])
    assert calls == ["m"]
    assert SituationResolver.process is original


def test_the_growth_is_a_target_and_a_missing_measure_is_no_verdict():
    speed = {"turns": {"c1": {"p95_ms": 50}, "c8": {"per_second": 45}}}
    result = {"speed": speed, "kb_search": {"latency_ms": {"p95": 2}}}
    assert [t["target"] for t in report.targets(result)] == [
        "tour REST p95, concurrence 1",
        "débit, concurrence 8",
        "recherche KB p95",
    ]
    speed["parse_with_without_resolver"] = {"p95_growth_ms": 5.6}
    growth = report.targets(result)[-1]
    assert (growth["value"], growth["met"]) == (5.6, False)
