"""Start-up: how long ``medreg --help``, a command's help and a command that reads the
database take, wall and CPU (budget for help and short commands: 0.4 s), and how long
``medreg serve --workers 2`` takes from its start to answering ``/readyz`` (budget 2 s), on
the SQLite database bench/load.py prepares. Each figure is the median of a few runs.

    python -m bench.startup [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import MEDREG, compile_bytecode, env_for, prepare, wait_ready  # noqa: E402

HELP_BUDGET_S = 0.4
READY_BUDGET_S = 2.0
COMMANDS = (
    ("medreg --help", ["--help"]),
    ("medreg keys --help", ["keys", "--help"]),
    ("medreg notifications (reads the database)", ["notifications", "--limit", "1"]),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_command(env: dict[str, str], args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``medreg args``."""
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run([str(MEDREG), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, children_cpu() - cpu


def time_to_ready(env: dict[str, str], workers: int) -> float:
    port = free_port()
    serve = subprocess.Popen(
        [str(MEDREG), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        return wait_ready(f"http://127.0.0.1:{port}", serve, "/readyz")
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data_dir = ROOT / "var" / "bench-sqlite"
    url = f"sqlite+aiosqlite:///{data_dir}/bench.db"
    data_dir.mkdir(parents=True, exist_ok=True)
    prepare("sqlite", url, data_dir)
    compile_bytecode()  # as installing the package does
    env = env_for(url, data_dir)
    print(f"load average {os.getloadavg()[0]:.2f}; median of {args.runs} runs each")
    for name, command in COMMANDS:
        timed_command(env, command)  # the page cache warm, as for every later run
        runs = [timed_command(env, command) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        verdict = "ok" if wall <= HELP_BUDGET_S else "OVER"
        print(
            f"{name:<44} {wall:5.2f} s wall {cpu:5.2f} s CPU (budget {HELP_BUDGET_S} s: {verdict})"
        )
    for workers in (1, 2):
        ready = [time_to_ready(env, workers) for _ in range(args.runs)]
        median = statistics.median(ready)
        verdict = "ok" if median <= READY_BUDGET_S else "OVER"
        spread = f"{min(ready):.2f}–{max(ready):.2f}"
        print(
            f"medreg serve --workers {workers} to /readyz        {median:5.2f} s ({spread}; "
            f"budget {READY_BUDGET_S} s: {verdict})"
        )


if __name__ == "__main__":
    main()
