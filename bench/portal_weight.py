"""What the portal sends over the wire: a page opened by Chromium (Playwright, Debian's
/usr/bin/chromium) against a running ``medreg serve``, its responses summed by kind (document,
script, stylesheet, wasm, other) as transferred (compressed when the server compressed).
Budget (issue: light and fast): a practitioner's first load ≤ 120 kB compressed.

    python bench/portal_weight.py [--url http://127.0.0.1:8000] [--path / --path /sign-in]
    python bench/portal_weight.py --practitioner 13900000000 --path /home   # signed in

With ``--practitioner`` (a mobile; the password is MEDREG_BENCH_PASSWORD, else the demo
practitioners' published one) each page is opened signed in, with an empty browser cache.
Also prints what the service worker fetches on a first visit beyond what the page loaded
itself (the licence pages it keeps for offline use), and the zxing wasm (loaded by the verify
page's scanner only) fetched as a browser would, with ``Accept-Encoding: gzip, deflate, br``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright

from demo.identity import PRACTITIONER_PASSWORD

CHROMIUM = os.environ.get("MEDREG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def kind_of(url: str, resource_type: str) -> str:
    if url.endswith(".wasm"):
        return "wasm"
    return {"document": "document", "script": "script", "stylesheet": "stylesheet"}.get(
        resource_type, "other"
    )


def _phone(p: Playwright) -> dict[str, object]:
    return {k: v for k, v in p.devices["Pixel 7"].items() if k != "default_browser_type"}


def _session(p: Playwright, browser: Browser, base: str, mobile: str) -> dict[str, object]:
    """The cookies of a practitioner signed in through the portal's form."""
    context = browser.new_context(**_phone(p))  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base + "/sign-in")
    page.get_by_label("手机号码").fill(mobile)
    password = os.environ.get("MEDREG_BENCH_PASSWORD", PRACTITIONER_PASSWORD)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    state = context.storage_state()
    context.close()
    return {"cookies": state["cookies"], "origins": []}


def measure(base: str, path: str, mobile: str | None) -> tuple[dict[str, int], set[str]]:
    """Bytes by kind, and the paths the page itself fetched."""
    sizes: dict[str, int] = defaultdict(int)
    fetched: set[str] = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        state = _session(p, browser, base, mobile) if mobile else None
        context = browser.new_context(**_phone(p), storage_state=state)  # type: ignore[arg-type]
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda req: responses.append(req))
        page.goto(base + path, wait_until="networkidle")
        for req in responses:
            if "/graphql" in req.url:
                continue
            body = max(req.sizes()["responseBodySize"], 0)  # -1: served from cache
            sizes[kind_of(req.url, req.resource_type)] += body
            fetched.add(urllib.parse.urlsplit(req.url).path)
        browser.close()
    return dict(sizes), fetched


def _brotli_size(base: str, path: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (the URL given on the command line)
        f"{base}{path}", headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 (as above)
        return len(response.read())


def worker_extra(base: str, dist: Path, fetched: set[str]) -> tuple[int, int]:
    """How many files, and bytes, the service worker precaches that the page did not load."""
    worker = dist / "sw.js"
    if not worker.exists():
        return 0, 0
    found = re.search(r"const PRECACHE = (\[.*?\]);", worker.read_text(encoding="utf-8"))
    listed: list[str] = json.loads(found.group(1)) if found else []
    extra = [path for path in listed if path not in fetched and path != "/"]
    return len(extra), sum(_brotli_size(base, path) for path in extra)


def wasm_size(base: str, dist: Path) -> tuple[str, int, str]:
    for wasm in sorted((dist / "assets").glob("zxing_reader-*.wasm")):
        request = urllib.request.Request(  # noqa: S310 (the URL given on the command line)
            f"{base}/assets/{wasm.name}", headers={"Accept-Encoding": "gzip, deflate, br"}
        )
        with urllib.request.urlopen(request) as response:  # noqa: S310 (as above)
            return wasm.name, len(response.read()), response.headers.get("content-encoding", "-")
    return "-", 0, "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--path", action="append", dest="paths")
    parser.add_argument("--dist", type=Path, default=Path("web/dist"), help="to name the wasm")
    parser.add_argument("--practitioner", metavar="MOBILE", help="open the pages signed in")
    args = parser.parse_args()
    for path in args.paths or ["/", "/sign-in", "/activate"]:
        sizes, fetched = measure(args.url, path, args.practitioner)
        total = sum(sizes.values())
        parts = "  ".join(f"{k} {v / 1000:.1f} kB" for k, v in sorted(sizes.items()))
        print(f"{path:<12} total {total / 1000:6.1f} kB   ({parts})")
        files, extra = worker_extra(args.url, args.dist, fetched)
        print(f"{'':<12} + service worker: {files} more files, {extra / 1000:.1f} kB")
    name, size, encoding = wasm_size(args.url, args.dist)
    print(f"wasm {name}: {size / 1000:.1f} kB transferred (content-encoding {encoding})")


if __name__ == "__main__":
    main()
