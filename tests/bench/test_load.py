import pytest
from aiohttp import web

from bench import load
from tests.support.loopback import LoopbackServer


def test_percentile_picks_the_nearest_rank():
    values = list(range(1, 101))
    assert load.percentile(values, 50) == 51
    assert load.percentile(values, 95) == 95
    assert load.percentile(values, 99) == 99
    assert load.percentile([], 50) != load.percentile([], 50)  # NaN


@pytest.fixture
def echo_server():
    """A loopback server that fails every 5th request with a 500."""
    seen = []

    async def handle(request):
        body = await request.json()
        seen.append(body)
        return web.json_response([], status=500 if len(seen) % 5 == 0 else 200)

    app = web.Application()
    app.router.add_post("/", handle)
    with LoopbackServer(app) as server:
        yield f"{server.url}/", seen


def test_a_run_sends_the_warm_up_then_exactly_the_requests_asked(echo_server):
    url, seen = echo_server
    result = load.run(url, lambda worker, n: {"worker": worker, "n": n}, concurrency=3, requests=20, warm_up=5)
    assert len(seen) == 25
    assert [b["worker"] for b in seen[:5]] == [-1] * 5
    assert len(result.latencies_ms) + result.errors == 20
    assert result.errors == 4  # requests 10, 15, 20, 25 of the server's count
    # Each worker numbers its own requests from 0: a worker's conversation never interleaves with another's.
    for worker in range(3):
        ns = [b["n"] for b in seen[5:] if b["worker"] == worker]
        assert ns == list(range(len(ns)))
    summary = load.summary(result)
    assert summary["requests"] == 16 and summary["errors"] == 4
    assert summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"]
