#!/usr/bin/env python3
"""Screenshots of the catalogue and a web version on a phone, for the README.

Run after a build:  python build_pdfs.py && python scripts/make_web_screenshots.py
Needs Playwright (installed with the test extras) and Chromium at /usr/bin/chromium
(or PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH); no browser is downloaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
# (page in output/, image in docs/images/, CSS selector to scroll to first or None)
SHOTS = [
    ("index.html", "web-catalogue.png", None),
    ("web/understanding-cues-and-crying.html", "web-understanding-cues-and-crying.png", None),
    ("web/understanding-cues-and-crying.html", "web-understanding-cues-and-crying-help.png",
     ".key-numbers"),
]


def main() -> int:
    output = ROOT / "output"
    missing = [page for page, _, _ in SHOTS if not (output / page).is_file()]
    if missing:
        print(f"build first (python build_pdfs.py): missing {', '.join(missing)}",
              file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport=PHONE, device_scale_factor=2)
        for name, image, selector in SHOTS:
            page.goto((output / name).as_uri())
            page.wait_for_load_state("load")
            if selector:
                page.locator(selector).evaluate("e => e.scrollIntoView({block: 'end'})")
            target = ROOT / "docs" / "images" / image
            page.screenshot(path=str(target))
            print(f"wrote {target.relative_to(ROOT)}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
