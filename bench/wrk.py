"""Drive one request with wrk (Debian's /usr/bin/wrk): a Lua script sets the POST body and the
cookie, counts answers that are not 200 or carry GraphQL ``errors``, and prints the figures."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.load_mix import Request

SCRIPT = """
wrk.method = "POST"
wrk.body = [==[{body}]==]
wrk.headers["Content-Type"] = "application/json"
{cookie}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  local e = summary.errors
  io.write(string.format("MEDREG %d %d %d %.3f %.3f %.3f %d\\n", summary.requests,
    summary.duration, total, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout))
end
"""
LINE = re.compile(r"^MEDREG (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class Figures:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    bad: int
    """Answers that were not 200, carried ``errors``, or never came (socket errors)."""


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: apt-get install wrk")
    return found


def run(base_url: str, request: Request, *, concurrency: int, seconds: float) -> Figures:
    cookie = f'wrk.headers["Cookie"] = "{request.cookie}"' if request.cookie else ""
    body = json.dumps(request.body, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "request.lua"
        script.write_text(SCRIPT.format(body=body, cookie=cookie))
        out = subprocess.run(
            [
                wrk_path(),
                f"-t{min(concurrency, 2)}",
                f"-c{concurrency}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base_url + request.path,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    found = LINE.search(out)
    if found is None:
        raise RuntimeError(f"wrk printed no figures:\n{out}")
    n, micros, bad, p50, p99, high, socket_errors = found.groups()
    return Figures(
        requests=int(n),
        rps=int(n) / (int(micros) / 1e6),
        p50_ms=float(p50),
        p99_ms=float(p99),
        max_ms=float(high),
        bad=int(bad) + int(socket_errors),
    )
