"""Render a report's HTML page and photograph it with headless Chromium.

    .venv/bin/python bench/html_screenshot.py /tmp/xihu.png
    .venv/bin/python bench/html_screenshot.py /tmp/x.png --report corpora/reports/town-liuquan-2024.txt --width 1000

Shows that the page opens in a real browser without network access and that the
highlights land on the right words.  Needs a Chromium binary (Debian: `apt-get install
chromium`, plus a CJK font such as fonts-wqy-zenhei for the Chinese text); CI does not.
The page is written next to the PNG (same name, .html) so it can be opened by hand.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor import audit  # noqa: E402
from auditor.render.html import render_html  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(f"no Chromium found (looked for {', '.join(BROWSERS)}); on Debian: apt-get install chromium")


def screenshot(page: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
            f"--screenshot={png}", page.resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not png.exists():
        sys.exit(f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", type=Path, help="where to save the screenshot")
    parser.add_argument("--report", type=Path, default=ROOT / "corpora" / "reports" / "xihu-2020.txt")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args()
    args.png.parent.mkdir(parents=True, exist_ok=True)
    page = args.png.with_suffix(".html")
    page.write_text(render_html(audit(args.report)), encoding="utf-8")
    screenshot(page, args.png, args.width, args.height)
    print(f"{args.png}  ({args.png.stat().st_size // 1024} KB, page {page})")


if __name__ == "__main__":
    main()
