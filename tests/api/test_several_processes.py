"""The real server with two uvicorn worker processes and its throttle counters in Redis:
failed sign-ins, public lookups and uploaded PDFs (from all clients together) count together
whichever process answers, and the client address comes from ``X-Forwarded-For`` only when a
trusted proxy sends it."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from core.ratelimit import moving_window
from tests.factories.network import free_port
from tests.factories.processes import children_of

REDIS_URI = os.environ.get("MEDREG_TEST_REDIS_URI", "redis://127.0.0.1:6379/0")
ACCOUNT_LIMIT = 5  # ThrottlePolicy.account_limits: 5 failed sign-ins a minute per account
LOOKUP_LIMIT = 3  # MEDREG_LICENCE_LOOKUP_LIMITS below
PDF_CHECKS_EVERYONE = 4  # MEDREG_LICENCE_PDF_CHECK_GLOBAL_LIMITS below
SIGN_IN = """mutation SignIn($input: SignInInput!) {
  signIn(input: $input) { __typename ... on Error { code } } }"""
LOOKUP = """query Lookup($number: String!, $name: String!) {
  lookupLicence(number: $number, holderName: $name) { __typename ... on Error { code } } }"""
PDF_CHECK = """query Check($pdf: String!) {
  verifyLicencePdf(pdfBase64: $pdf) { __typename ... on Error { code reason } } }"""


def _redis_problem(uri: str) -> str | None:
    """Why Redis at ``uri`` cannot be used, or None when it answers PING."""
    parts = urlsplit(uri)
    address = (parts.hostname or "127.0.0.1", parts.port or 6379)
    try:
        with socket.create_connection(address, timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            reply = sock.recv(64)
    except OSError as exc:
        return f"{address[0]}:{address[1]}: {exc}"
    return None if reply.startswith(b"+PONG") else f"PING answered {reply!r}"


def require_redis() -> None:
    problem = _redis_problem(REDIS_URI)
    if problem is None:
        return
    message = f"Redis at {REDIS_URI} is not usable ({problem})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI needs it for the several-processes tests", pytrace=False)
    warnings.warn(f"!! {message}: the several-processes tests were SKIPPED", stacklevel=1)
    pytest.skip(f"!! {message}: the several-processes tests were SKIPPED")


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def log_entries(self) -> list[dict[str, Any]]:
        lines = self.log.read_text(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def pid_of(self, response: httpx.Response) -> int:
        """The process that answered: the one whose request line carries the request id
        (written just after the response, so wait a moment for it)."""
        request_id = response.headers["x-request-id"]
        deadline = time.monotonic() + 30  # a loaded 2-core machine can take seconds
        while time.monotonic() < deadline:
            for entry in self.log_entries():
                if entry.get("event") == "request" and entry.get("request_id") == request_id:
                    return int(entry["pid"])
            time.sleep(0.05)
        raise AssertionError(f"no request line for {request_id} in {self.log}")

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli.main", *args]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``medreg serve --workers 2`` on a free port, SQLite in a temp dir, counters in Redis
    under a key prefix of this run only."""
    require_redis()
    home = tmp_path_factory.mktemp("several-processes")
    prefix = f"medreg-test-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDREG_")}
    env.update(
        MEDREG_ENVIRONMENT="development",
        MEDREG_DATABASE_URL=f"sqlite+aiosqlite:///{home}/medreg.db",
        MEDREG_DATA_DIR=str(home / "data"),
        MEDREG_WEB_DIST=str(home / "no-web"),
        MEDREG_LOG_JSON="true",
        MEDREG_THROTTLE_STORAGE_URI=REDIS_URI,
        MEDREG_THROTTLE_KEY_PREFIX=prefix,
        MEDREG_FORWARDED_ALLOW_IPS="127.0.0.1",
        MEDREG_LICENCE_LOOKUP_LIMITS=f"{LOOKUP_LIMIT}/minute",
        MEDREG_LICENCE_PDF_CHECK_GLOBAL_LIMITS=f"{PDF_CHECKS_EVERYONE}/minute",
        # Unknown identifiers are checked against a dummy hash: keep it cheap here.
        MEDREG_PASSWORD_HASH_TIME_COST="1",
        MEDREG_PASSWORD_HASH_MEMORY_KIB="8192",
    )
    subprocess.run(_command("migrate"), cwd=home, env=env, check=True, timeout=120)
    subprocess.run(  # the PDF check needs the root to trust
        _command("keys", "init"), cwd=home, env=env, check=True, timeout=120, capture_output=True
    )
    port = free_port()
    log = home / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            _command("serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)),
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(f"http://127.0.0.1:{port}", log, process)
    try:
        _wait_ready(running)
        yield running
    finally:
        _stop(process)
        asyncio.run(moving_window(REDIS_URI, key_prefix=prefix).storage.reset())


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"medreg serve exited:\n{server.tail()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"medreg serve was not ready in 60 s:\n{server.tail()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def one_connection_per_process(server: Server) -> list[tuple[int, httpx.Client]]:
    """A kept-alive connection to each of the two workers: new connections until both
    processes have answered one (a connection stays with the process that accepted it)."""
    pinned: dict[int, httpx.Client] = {}
    deadline = time.monotonic() + 30
    while len(pinned) < 2 and time.monotonic() < deadline:
        client = httpx.Client(
            base_url=server.url, limits=httpx.Limits(max_connections=1), timeout=30
        )
        pid = server.pid_of(client.get("/healthz"))
        if pid in pinned:
            client.close()
        else:
            pinned[pid] = client
    assert len(pinned) == 2, f"only processes {sorted(pinned)} answered:\n{server.tail()}"
    return sorted(pinned.items())


def _answer(response: httpx.Response, field: str) -> tuple[str, str | None]:
    assert response.status_code == 200, response.text
    result = response.json()["data"][field]
    return result["__typename"], result.get("code")


def test_the_workers_are_forked_from_the_serving_process(server: Server) -> None:
    """Forked, not spawned: they run the parent's command line and imported nothing again."""
    parent = server.process.pid
    workers = children_of(parent)
    assert len(workers) == 2
    command = Path(f"/proc/{parent}/cmdline").read_bytes()
    assert [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in workers] == [command] * 2
    connections = one_connection_per_process(server)
    for _pid, client in connections:
        client.close()
    assert {pid for pid, _ in connections} == workers  # both answer


def test_failed_sign_ins_spread_over_two_processes_count_together(server: Server) -> None:
    connections = one_connection_per_process(server)
    identifier = f"nobody-{uuid.uuid4().hex[:8]}"
    answers: list[tuple[int, str, str | None]] = []
    for attempt in range(ACCOUNT_LIMIT + 2):
        _pid, client = connections[attempt % 2]
        variables = {"input": {"identifier": identifier, "password": "wrong, once more"}}
        response = client.post("/graphql", json={"query": SIGN_IN, "variables": variables})
        answers.append((server.pid_of(response), *_answer(response, "signIn")))
    for _pid, client in connections:
        client.close()

    failures, refusals = answers[:ACCOUNT_LIMIT], answers[ACCOUNT_LIMIT:]
    assert [(t, c) for _, t, c in failures] == [("ValidationError", "VALIDATION")] * ACCOUNT_LIMIT
    assert {pid for pid, _, _ in failures} == {pid for pid, _ in connections}
    # The next attempt is refused whichever process answers it.
    assert [(t, c) for _, t, c in refusals] == [("RateLimited", "RATE_LIMITED")] * 2
    assert {pid for pid, _, _ in refusals} == {pid for pid, _ in connections}


def test_the_client_address_is_forwarded_only_by_a_trusted_proxy(server: Server) -> None:
    def lookup(client: httpx.Client, forwarded_for: str) -> str:
        response = client.post(
            "/graphql",
            json={"query": LOOKUP, "variables": {"number": "NO-SUCH-1", "name": "无名"}},
            headers={"x-forwarded-for": forwarded_for},
        )
        return _answer(response, "lookupLicence")[0]

    # 127.0.0.1 is the trusted proxy: each client behind it has its own allowance, counted
    # together by both processes.
    connections = one_connection_per_process(server)
    behind_proxy = [lookup(connections[i % 2][1], "198.51.100.20") for i in range(LOOKUP_LIMIT)]
    assert behind_proxy == ["NotFound"] * LOOKUP_LIMIT
    assert lookup(connections[0][1], "198.51.100.20") == "RateLimited"
    assert lookup(connections[1][1], "198.51.100.20") == "RateLimited"
    assert lookup(connections[1][1], "198.51.100.21") == "NotFound"
    for _pid, client in connections:
        client.close()

    # 127.0.0.2 is not trusted: its header is ignored, every lookup counts against 127.0.0.2.
    stranger = httpx.Client(
        base_url=server.url, transport=httpx.HTTPTransport(local_address="127.0.0.2")
    )
    with stranger:
        spoofed = [lookup(stranger, f"203.0.113.{i}") for i in range(LOOKUP_LIMIT + 1)]
    assert spoofed == ["NotFound"] * LOOKUP_LIMIT + ["RateLimited"]


def test_uploaded_pdfs_from_all_clients_count_together_in_both_processes(server: Server) -> None:
    def check(client: httpx.Client, forwarded_for: str) -> tuple[str, str]:
        # Not a readable PDF: refused by the look at its bytes, no worker needed.
        pdf = base64.b64encode(b"%PDF-1.7\n" + b"not much of a PDF" * 10).decode()
        response = client.post(
            "/graphql",
            json={"query": PDF_CHECK, "variables": {"pdf": pdf}},
            headers={"x-forwarded-for": forwarded_for},
        )
        assert response.status_code == 200, response.text
        result = response.json()["data"]["verifyLicencePdf"]
        return result["__typename"], result["reason"]

    connections = one_connection_per_process(server)
    # Every upload from another network, so no per-network limit is reached.
    answers = [
        check(connections[i % 2][1], f"192.0.2.{i + 1}") for i in range(PDF_CHECKS_EVERYONE + 2)
    ]
    for _pid, client in connections:
        client.close()
    readable = [("PdfNotReadable", "PDF_NOT_READABLE")] * PDF_CHECKS_EVERYONE
    assert answers == [*readable, ("RateLimited", "CHECKS_BUSY"), ("RateLimited", "CHECKS_BUSY")]
