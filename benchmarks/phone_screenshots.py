"""Before/after screenshots of the chapter 4 route explorer on a 390 px phone (for the changelog).

"Before" is the explorer's desktop frame scaled to the phone column, which is how phones showed every
explorer before phone layouts; "after" is the explorer in the built book. Build the book first
(``./scripts/build.sh``), then run ``python benchmarks/phone_screenshots.py``.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "screenshots"


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from book_support import CHROMIUM_ARGS, HTML, chromium_path, serve  # type: ignore[import-not-found]
    from ketcourse.chapters.pharmacokinetics.explorer import route_dose_explorer
    from ketcourse.engine.explorers.static import StaticExplorer
    from ketcourse.engine.figures.output import png_bytes

    if not (HTML / "chapters" / "04_pharmacokinetics.html").is_file():
        print("phone_screenshots: build the book first (./scripts/build.sh)", file=sys.stderr)
        return 2
    explorer = route_dose_explorer()
    desktop = base64.b64encode(png_bytes(explorer.render(), StaticExplorer(explorer).dpi)).decode()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before.html"
        before.write_text(
            "<!doctype html><meta name=viewport content='width=device-width'>"
            "<body style='margin:0;font-family:sans-serif'><div style='padding:48px 24px 0 24px'>"
            "<p style='font-size:14px'>Desktop frame scaled to the phone column (how phones showed every "
            f"explorer before phone layouts)</p><img style='width:294px' src='data:image/png;base64,{desktop}'>"
            "</div>",
            encoding="utf-8",
        )
        with serve(HTML) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            page.goto(before.as_uri())
            page.screenshot(path=str(OUT / "route-explorer-390px-before.png"), full_page=True)
            page.goto(f"{url}/chapters/04_pharmacokinetics.html")
            frame = page.locator("#kc-exp-pk-route-dose")
            frame.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            frame.screenshot(path=str(OUT / "route-explorer-390px-after.png"))
            browser.close()
    for name in ("before", "after"):
        path = OUT / f"route-explorer-390px-{name}.png"
        Image.open(path).convert("RGB").quantize(64).save(path, optimize=True)
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
