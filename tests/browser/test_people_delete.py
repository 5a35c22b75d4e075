"""An admin deletes a user on the People page: a confirmation says what goes and what stays, Cancel keeps the user,
Yes disables the account for good and removes their recordings (the page says how many), and the user can no longer
log in. An admin has no Delete for their own account."""

from __future__ import annotations

import re

import pytest
from browser_helpers import PASSWORD, Site, log_in
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, delete, select

from api.clock import utcnow
from api.models import Answer, Role
from api.models.training import AnswerAudio
from api.models.users import UserCreate
from api.services import accounts

pytestmark = pytest.mark.browser


def _user_with_a_recording(site: Site) -> int:
    """Dora Delete, a rep of no team, with one answer (a copy of a seeded one) and its recording; her id."""
    with Session(site.engine, expire_on_commit=False) as session:
        data = UserCreate(email="dora@parry.test", name="Dora Delete", role=Role.trainee, password=PASSWORD)
        dora = accounts.create_user(session, data=data, now=utcnow())
        seeded = session.exec(select(Answer).order_by(col(Answer.id))).first()
        assert seeded is not None
        answer = Answer.model_validate({**seeded.model_dump(exclude={"id", "drill_id", "test_id"}), "user_id": dora.id})
        session.add(answer)
        session.flush()
        session.add(
            AnswerAudio(
                answer_id=answer.id or 0,
                user_id=dora.id or 0,
                content_type="audio/webm",
                size=4,
                duration_s=1.0,
                data=b"\x1aE\xdf\xa3",
                created_at=utcnow(),
            )
        )
        session.commit()
        site.emails["dora"] = dora.email
        return dora.id or 0


def test_an_admin_deletes_a_user_and_their_recordings(page: Page, site: Site) -> None:
    dora_id = _user_with_a_recording(site)
    try:
        _delete_dora(page, site, dora_id)
    finally:  # her answer goes too: the browser tests share one database, and the reports count answers
        with Session(site.engine) as session:
            session.exec(delete(Answer).where(col(Answer.user_id) == dora_id))
            session.commit()


def _delete_dora(page: Page, site: Site, dora_id: int) -> None:
    log_in(page, site, "admin")
    page.goto("/admin/people")
    own = page.get_by_role("row", name=re.compile("Ada Admin"))
    expect(own.get_by_role("button", name="Disable")).to_be_disabled()
    expect(own.get_by_role("button", name="Delete")).to_have_count(0)  # not oneself

    row = page.get_by_role("row", name=re.compile("Dora Delete"))
    row.get_by_role("button", name="Delete").click()
    expect(row).to_contain_text("every recording of their spoken answers is removed")
    row.get_by_role("button", name="Cancel").click()
    expect(row).to_contain_text("active")

    row.get_by_role("button", name="Delete").click()
    row.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("status").filter(has_text="Dora Delete is deleted: 1 recording removed.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Dora Delete"))
    expect(row).to_contain_text("disabled")
    with Session(site.engine) as session:
        assert session.exec(select(AnswerAudio).where(col(AnswerAudio.user_id) == dora_id)).all() == []
        assert session.exec(select(Answer).where(col(Answer.user_id) == dora_id)).all() != []  # the answer stays

    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_label("Email").fill("dora@parry.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".error, [role=alert]").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))
