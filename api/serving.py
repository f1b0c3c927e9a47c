"""``medreg serve --workers N``: the app imported once, then N worker processes forked from it.

uvicorn's own workers are spawned: each imports medreg afresh (some 300 modules, the schema,
the mappers), so N workers on a small machine took N times the CPU of one before the first
answered, and kept N private copies of everything imported. Here the parent loads the app
(``api.main``: settings, logging, the schema, the frozen heap) and forks: each worker starts
serving at once, and the pages of what was imported stay shared until written.

Nothing the parent holds may be shared across a fork: loading the app opens no connection and
starts no thread (the engines connect, the background jobs and the PDF checkers start, in each
worker's lifespan). The parent only supervises: a worker that stops is replaced, unless it
never started (its lifespan failed) or workers keep stopping, which stops them all; SIGTERM or
SIGINT stops the workers gracefully, then the parent.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from collections import deque
from types import FrameType

import structlog
import uvicorn
from uvicorn.config import STARTUP_FAILURE

log = structlog.get_logger("medreg.serve")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
RESTARTS_PER_MINUTE = 5
"""More workers than this stopping within a minute is a fault a new fork will not mend."""


def _worker(config: uvicorn.Config, sock: socket.socket) -> int:
    """Serve in a forked child; its exit code (``STARTUP_FAILURE`` when startup failed)."""
    for signum in STOP_SIGNALS:
        # uvicorn installs its own handlers while serving, then raises the signal it caught
        # again under these: ignored, so the worker returns and exits with its own code.
        signal.signal(signum, signal.SIG_IGN)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except SystemExit as exc:  # uvicorn's own exits (a lifespan that failed, among others)
        return exc.code if isinstance(exc.code, int) else 1
    return 0 if server.started else STARTUP_FAILURE


class Supervisor:
    """Forks the workers, replaces those that stop, and stops them all on a signal."""

    def __init__(self, config: uvicorn.Config, workers: int) -> None:
        self.config, self.workers = config, workers
        self.children: set[int] = set()
        self.stopping = False
        self.exit_code = 0
        self.parent = os.getpid()

    def run(self) -> int:
        self.config.load()  # the app, imported once: every fork starts from it
        sock = self.config.bind_socket()
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._stop)
        try:
            for _ in range(self.workers):
                if not self.stopping:
                    self._fork(sock)
            self._supervise(sock)
        finally:
            sock.close()
        return self.exit_code

    def _fork(self, sock: socket.socket) -> None:
        pid = os.fork()
        if pid == 0:  # the worker: it never returns into the parent's code
            code = 1
            try:
                code = _worker(self.config, sock)
            except BaseException:
                log.exception("the worker failed")
            finally:
                sys.stdout.flush()  # os._exit leaves buffers as they are
                sys.stderr.flush()
                os._exit(code)
        self.children.add(pid)
        if self.stopping:  # a signal came while it was forked: it stops with the others
            self._stop_workers()

    def _supervise(self, sock: socket.socket) -> None:
        stops: deque[float] = deque(maxlen=RESTARTS_PER_MINUTE)
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            self.children.discard(pid)
            if self.stopping:
                continue
            code = os.waitstatus_to_exitcode(status)
            now = time.monotonic()
            stops.append(now)
            if code == STARTUP_FAILURE:
                self._give_up("a worker could not start: stopping", pid, code, STARTUP_FAILURE)
            elif len(stops) == stops.maxlen and now - stops[0] < 60:
                self._give_up("workers keep stopping: stopping", pid, code, 1)
            else:
                log.warning("a worker stopped: starting another", pid=pid, exit_code=code)
                self._fork(sock)

    def _give_up(self, message: str, pid: int, code: int, exit_code: int) -> None:
        log.error(message, pid=pid, exit_code=code)
        self.exit_code = exit_code
        self._stop_workers()

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        if os.getpid() != self.parent:
            return  # a worker caught before it set its own handlers: uvicorn's will follow
        log.info("stopping the workers", signal=signal.Signals(signum).name)
        self._stop_workers()

    def _stop_workers(self) -> None:
        self.stopping = True
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def serve_forked(config: uvicorn.Config, workers: int) -> int:
    """Serve ``config`` with ``workers`` forked processes; the exit code."""
    return Supervisor(config, workers).run()
