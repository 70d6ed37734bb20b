"""Pytest fixtures for a real browser: Debian's Chromium driven by Playwright (a pytest plugin module).

Registered from tests/conftest.py, so every test module shares one session browser: Playwright's sync
API cannot start a second instance while one is open in the same thread.

Chromium: /usr/bin/chromium, installed here with apt-get when missing and running as root. When it
cannot be had, the tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ci import unavailable

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Path of the system Chromium, installed with apt-get (with CJK fonts) when missing and root."""
    if not CHROMIUM.exists() and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
        # The CJK fonts only make the screenshot legible: a failure there must not cost the browser.
        for package in ("chromium", "fonts-noto-cjk"):
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", package], env=env, check=False, capture_output=True
            )
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing and could not be installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=ARGS)
        yield b
        b.close()
