"""Shared by the browser tests: where things are, who logs in, the running site, logging in, screenshots."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from playwright.sync_api import BrowserContext, ConsoleMessage, Page
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.models import User

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

    def user_id(self, who: str) -> int:
        """The database id of `who` (rep, nina, head…)."""
        with Session(self.engine) as session:
            return session.exec(select(User).where(User.email == self.emails[who])).one().id or 0


@contextmanager
def watched_tab(context: BrowserContext) -> Iterator[Page]:
    """A tab of `context` (20 s timeouts); the context is closed afterwards, and JavaScript errors in the page
    (uncaught, or logged to the console) fail the test."""
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: _console_error(message, errors))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _console_error(message: ConsoleMessage, errors: list[str]) -> None:
    # The browser logs every 4xx reply as "Failed to load resource"; those are answers the page handles.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


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


def voice_rep(site: Site) -> str:
    """The key of a rep in a team of their own, for spoken answers (no other test counts them)."""
    if "voice" not in site.emails:
        from sqlmodel import Session

        from api.clock import utcnow
        from api.models import Role
        from api.models.users import TeamCreate, UserCreate
        from api.services import accounts

        with Session(site.engine, expire_on_commit=False) as session:
            team = accounts.create_team(session, data=TeamCreate(name="Voice"), now=utcnow())
            data = UserCreate(
                email="voice@parry.test", name="Vera Voice", role=Role.trainee, password=PASSWORD, team_id=team.id
            )
            accounts.create_user(session, data=data, now=utcnow())
            site.teams["Voice"] = team.id or 0
        site.emails["voice"] = "voice@parry.test"
    return "voice"


def wait_for_sound(page: Page, *, timeout_s: float = 10.0) -> None:
    """Wait until the recorder's level meter moves (the microphone is heard). Polled from here: the page's content
    security policy refuses the string evaluation that `wait_for_function` uses."""
    level = page.locator(".voice-level")
    for _ in range(int(timeout_s * 10)):
        if level.evaluate("meter => meter.value") > 0.01:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the level meter stayed at 0 for {timeout_s} s")


# The page's speech synthesis replaced by a recorder whose voices a test chooses (sessionStorage `test.voices`):
# headless Chromium has none, and nothing should sound in a test. What was said: `spoken_lines`.
FAKE_SPEECH = """(() => {
  const voices = JSON.parse(sessionStorage.getItem("test.voices") || "[]");
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  };
  speechSynthesis.getVoices = () => voices;
  speechSynthesis.cancel = () => {};
  speechSynthesis.speak = (u) => {
    const said = JSON.parse(sessionStorage.getItem("test.spoken") || "[]");
    said.push([u.text, u.lang]);
    sessionStorage.setItem("test.spoken", JSON.stringify(said));
  };
})();"""


def spoken_lines(page: Page) -> list[list[str]]:
    """The lines the page read aloud through FAKE_SPEECH, with their language: [[text, lang], ...]."""
    return list(json.loads(page.evaluate("sessionStorage.getItem('test.spoken') || '[]'")))
