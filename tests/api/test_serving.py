"""``medreg serve --workers N`` forks its workers from a parent that imported the app once:
a worker that stops is replaced, a worker that cannot start (or workers that keep stopping)
stop them all, and SIGTERM stops the workers and then the parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.factories.network import free_port
from tests.factories.processes import children_of

ROOT = Path(__file__).resolve().parents[2]
STARTUP_FAILURE = 3  # uvicorn's exit code for a lifespan that failed


def _supervisor(app: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys, uvicorn\n"
        "from api.serving import serve_forked\n"
        f"config = uvicorn.Config({app!r}, host='127.0.0.1', port={port}, log_config=None)\n"
        f"sys.exit(serve_forked(config, {workers}))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _pid_answering(url: str) -> int | None:
    try:  # a new connection each time: the kernel hands it to either worker
        with httpx.Client(timeout=2) as client:
            return int(client.get(url).text)
    except httpx.TransportError:
        return None


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    process = _supervisor("tests.api.serving_apps:pid", port, 2)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: len(children_of(process.pid)) == 2, "two workers")
        _wait_for(lambda: _pid_answering(url) is not None, "an answer")
        yield process, url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_a_worker_that_stops_is_replaced_and_sigterm_stops_them_all(
    served: tuple[subprocess.Popen[bytes], str],
) -> None:
    process, url = served
    workers = children_of(process.pid)
    answered: set[int] = set()

    def both_answered() -> bool:
        answered.add(_pid_answering(url) or 0)
        return workers <= answered

    _wait_for(both_answered, "both workers to answer")

    killed = min(workers)
    os.kill(killed, signal.SIGKILL)
    _wait_for(
        lambda: len(children_of(process.pid) - {killed}) == 2, "a worker in place of the killed"
    )
    replacement = (children_of(process.pid) - workers).pop()
    _wait_for(lambda: _pid_answering(url) == replacement, "the replacement to answer")

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    for pid in (workers - {killed}) | {replacement}:
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_worker_that_cannot_start_stops_the_server() -> None:
    process = _supervisor("tests.api.serving_apps:failing", free_port(), 2)
    try:
        assert process.wait(timeout=60) == STARTUP_FAILURE  # not a loop of new workers
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_workers_that_keep_stopping_stop_the_server() -> None:
    process = _supervisor("tests.api.serving_apps:dying", free_port(), 2)
    try:
        assert process.wait(timeout=60) == 1  # a handful of new workers, then no more
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
