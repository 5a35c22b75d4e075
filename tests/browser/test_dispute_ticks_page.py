"""A trainer deciding a dispute sees the customer's line and the key points as the scorer ticked them, and may
correct the ticks (issue 14): the decision shows the trainer's ticks beside the scorer's. In English and Russian."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from api.clock import utcnow
from api.models import User
from api.services import disputes as dispute_service

pytestmark = pytest.mark.browser
POINTS = [
    {
        "text": "Asks what the current rates include",
        "weight": 1.0,
        "covered": False,
        "sentence": None,
        "start": None,
        "end": None,
    },
    {
        "text": "Proposes a call with a date",
        "weight": 1.0,
        "covered": True,
        "sentence": "Thursday?",
        "start": 0,
        "end": 9,
    },
]


@pytest.fixture
def disputed(site: Site, fresh_answer: Callable[..., int]) -> int:
    """An answer of Oleg's, its feedback ticking two key points (one missed), disputed by him; removed afterwards."""
    answer_id = fresh_answer("oleg", "Shall we talk on Thursday?", key_points=POINTS, key_point_coverage=0.5)
    with Session(site.engine) as session:
        oleg = session.exec(select(User).where(User.email == site.emails["oleg"])).one()
        comment = "I did ask what the rates include, in other words."
        dispute = dispute_service.open_dispute(session, rep=oleg, answer_id=answer_id, comment=comment, now=utcnow())
        dispute_id = dispute.id
    assert dispute_id is not None  # the session is closed first: SQLite is free for the server
    return dispute_id


def test_a_trainer_corrects_the_key_point_ticks_when_deciding(page: Page, site: Site, disputed: int) -> None:
    log_in(page, site, "trainer")
    page.goto("/trainer/disputes")
    card = page.locator(".dispute-card").filter(has_text="I did ask what the rates include")
    expect(card.locator(".dispute-line q")).to_be_visible()  # the customer's line
    ticks = card.get_by_role("group", name="Key points: the trainer's ticks")
    first = ticks.get_by_label("Asks what the current rates include")
    expect(first).not_to_be_checked()
    expect(ticks.get_by_label("Proposes a call with a date")).to_be_checked()
    first.check()
    card.get_by_label("Reason (kept with the decision)").fill("The rates question is there, in other words.")
    card.get_by_role("button", name="Reject").click()
    expect(card).to_have_count(0)  # decided: gone from the open ones, before the filter changes
    page.get_by_label("Show", exact=True).select_option("")
    decided = page.locator(".dispute-card").filter(has_text="I did ask what the rates include")
    expect(decided.locator(".decided-ticks")).to_contain_text("covered: Asks what the current rates include")
    expect(decided.locator(".decided-ticks")).to_contain_text("(the scorer: ✗)")
    reply = page.request.get(f"/api/v1/disputes/{disputed}").json()
    assert reply["key_points"] == [True, True]
    assert [p["covered"] for p in reply["answer"]["feedback"]["key_points"]] == [False, True]  # the original kept
    page.locator("#language").select_option("ru")
    try:
        page.get_by_label("Показать", exact=True).select_option("")
        decided = page.locator(".dispute-card").filter(has_text="I did ask what the rates include")
        expect(decided.locator(".decided-ticks")).to_contain_text("Ключевые пункты по решению тренера")
        expect(decided.locator(".decided-ticks")).to_contain_text("прозвучал: Asks what the current rates include")
    finally:
        page.locator("#language").select_option("en")
