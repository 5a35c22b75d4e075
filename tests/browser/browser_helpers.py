"""Shared by the browser tests: where things are, who logs in, the running site, logging in, screenshots."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from playwright.sync_api import Page
from sqlalchemy import Engine

CHROMIUM = Path(os.environ.get("PARRY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "browser-test-password"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DRILL_SCENARIO = "en-fleet-leasing-send-info"
XSS_SCENARIO = "xss-check"
XSS_TEXT = '<script>window.__parryXss = 1</script><img src=x onerror="window.__parryXss = 2">'


@dataclass
class Site:
    """A running Parry with known users and content."""

    url: str
    app: FastAPI
    engine: Engine
    emails: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)

    def has_route(self, prefix: str) -> bool:
        """True when the API has a route under `prefix` (e.g. '/api/v1/reports')."""
        return any(path.startswith(prefix) for path in self.app.openapi()["paths"])


def log_in(page: Page, site: Site, who: str) -> None:
    """Log in through the login form as `who` (rep, rep2, trainer, head), after dropping any earlier session."""
    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_label("Email").fill(site.emails[who])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))


def screenshot(page: Page, name: str) -> None:
    """Save the viewport as docs/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
