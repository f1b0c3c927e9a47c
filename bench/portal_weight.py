"""What the portal sends over the wire: a page opened by Chromium (Playwright, Debian's
/usr/bin/chromium) against a running ``medreg serve``, its responses summed by kind (document,
script, stylesheet, wasm, other) as transferred (compressed when the server compressed).
Budget (issue: light and fast): a practitioner's first load ≤ 120 kB compressed.

    python bench/portal_weight.py [--url http://127.0.0.1:8000] [--path / --path /sign-in]

Also prints the zxing wasm (loaded by the verify page's scanner only) fetched as a browser
would, with ``Accept-Encoding: gzip, deflate, br``.
"""

from __future__ import annotations

import argparse
import os
import urllib.request
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("MEDREG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def kind_of(url: str, resource_type: str) -> str:
    if url.endswith(".wasm"):
        return "wasm"
    return {"document": "document", "script": "script", "stylesheet": "stylesheet"}.get(
        resource_type, "other"
    )


def measure(base: str, path: str) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        phone = {k: v for k, v in p.devices["Pixel 7"].items() if k != "default_browser_type"}
        page = browser.new_page(**phone)
        responses = []
        page.on("requestfinished", lambda req: responses.append(req))
        page.goto(base + path, wait_until="networkidle")
        for req in responses:
            if "/graphql" in req.url:
                continue
            body = max(req.sizes()["responseBodySize"], 0)  # -1: served from cache
            sizes[kind_of(req.url, req.resource_type)] += body
        browser.close()
    return dict(sizes)


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
    args = parser.parse_args()
    for path in args.paths or ["/", "/sign-in", "/activate"]:
        sizes = measure(args.url, path)
        total = sum(sizes.values())
        parts = "  ".join(f"{k} {v / 1000:.1f} kB" for k, v in sorted(sizes.items()))
        print(f"{path:<12} total {total / 1000:6.1f} kB   ({parts})")
    name, size, encoding = wasm_size(args.url, args.dist)
    print(f"wasm {name}: {size / 1000:.1f} kB transferred (content-encoding {encoding})")


if __name__ == "__main__":
    main()
