"""The smaller interface items of issue 14, in English and Russian where the words matter: counts take their
plural form, «Start today's drill» comes first and the drills to continue say where and when, the answer's length
limit is announced as it nears, an empty dispute gets the app's own message, a running attempt reads as running,
the import form comes before the list with the file format served in the app, and publishing a track fits the
default test size to the steps its scenarios hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, Site, log_in
from playwright.sync_api import Page, expect
from sqlmodel import Session

from api.clock import utcnow
from api.models import Role, Track
from api.models.content import AssignmentCreate
from api.models.users import UserCreate
from api.services import accounts
from api.services import exams as exam_service
from api.services import tracks as track_service

pytestmark = pytest.mark.browser
SCORED = 180_000


def _before(page: Page, first: str, second: str) -> bool:
    """True when the element `first` comes before `second` in the page (and so in the Tab order)."""
    return bool(
        page.evaluate(
            "([a, b]) => !!(document.querySelector(a).compareDocumentPosition(document.querySelector(b)) & 4)",
            [first, second],
        )
    )


def _russian(page: Page) -> None:
    page.locator("#language").select_option("ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def _english(page: Page) -> None:
    page.locator("#language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_counts_take_the_plural_form_of_the_language(page: Page, site: Site) -> None:
    page.goto("/login")
    forms = page.evaluate(
        """async () => {
            const i18n = await import("/js/i18n.js");
            const say = (language) => {
                i18n.setLang(language);
                return [1, 2, 5, 21, 22, 11].map((n) => i18n.t("tests.days", { n }));
            };
            const out = { en: say("en"), ru: say("ru") };
            i18n.setLang("en");
            return out;
        }"""
    )
    assert forms["en"] == ["1 day", "2 days", "5 days", "21 days", "22 days", "11 days"]
    assert forms["ru"] == ["1 день", "2 дня", "5 дней", "21 день", "22 дня", "11 дней"]


def test_start_today_comes_first_and_drills_to_continue_say_where_and_when(page: Page, site: Site) -> None:
    log_in(page, site, "oleg")
    page.get_by_role("article").get_by_role("button", name="Start drill").first.click()
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    line = page.locator(".bubble.customer").last.inner_text().split("\n")[-1]
    page.get_by_role("navigation").get_by_role("link", name="Drill").click()
    start = page.get_by_role("button", name="Start today's drill")
    expect(start).to_be_visible()
    assert _before(page, "section.today button:not(.link)", ".today-list"), "the start button comes before the list"
    item = page.locator(".continue-list li").first
    expect(item).to_contain_text(f"at «{line[:40]}")
    expect(item).to_contain_text(re.compile(r"started \d+ \w+.* \d\d:\d\d"))
    _russian(page)
    try:
        expect(page.get_by_role("button", name="Начать тренировку на сегодня")).to_be_visible()
        expect(page.locator(".continue-list li").first).to_contain_text("начата")
    finally:
        _english(page)


def test_the_length_limit_is_announced_and_an_empty_dispute_gets_the_apps_message(page: Page, site: Site) -> None:
    log_in(page, site, "oleg")
    page.get_by_role("article").get_by_role("button", name="Start drill").first.click()
    answer = page.get_by_role("textbox", name="Your answer")
    counter = page.locator(".char-count")
    answer.fill("a" * 1000)
    expect(counter).to_be_hidden()
    answer.fill("a" * 1700)
    expect(counter).to_have_text("300 characters left of 2000")
    expect(page.locator("[aria-live=polite]").filter(has_text="300 characters left of 2000")).to_have_count(1)
    answer.fill("a" * 2000)
    expect(counter).to_have_text("The limit of 2000 characters is reached: nothing more is added.")

    answer.fill("I understand. What do you compare us with? Let's look at your numbers together on Thursday.")
    answer.press("Enter")
    feedback = page.locator(".feedback-card").last
    expect(feedback.locator(".score-line")).to_be_visible(timeout=SCORED)
    feedback.get_by_role("button", name="Dispute this score").click()
    feedback.get_by_role("button", name="Send dispute").click()
    expect(feedback.get_by_text("Write a comment for the trainer.")).to_be_visible()
    comment = feedback.get_by_label("Why is the score wrong?")
    expect(comment).to_be_focused()
    expect(comment).to_have_attribute("aria-invalid", "true")
    assert comment.evaluate("el => el.validationMessage") == "", "no browser bubble"
    _russian(page)
    try:
        answer = page.get_by_role("textbox", name="Ваш ответ")
        answer.fill("б" * 1900)
        expect(page.locator(".char-count")).to_have_text("Осталось символов: 100 из 2000")
    finally:
        _english(page)


@pytest.fixture
def running_attempt(site: Site) -> Iterator[str]:
    """A rep of their own (assigned the general track, no team) with attempt 1 of it running."""
    with Session(site.engine, expire_on_commit=False) as session:
        email = f"runner-{utcnow().timestamp():.0f}@parry.test"
        data = UserCreate(email=email, name="Runa Runner", role=Role.trainee, password=PASSWORD)
        rep = accounts.create_user(session, data=data, now=utcnow())
        track = session.get(Track, site.ids["general_track"])
        assert track is not None
        author = accounts.find_user(session, email=site.emails["head"])
        assert author is not None
        track_service.assign(session, track=track, data=AssignmentCreate(user_id=rep.id), author=author, now=utcnow())
        exam_service.start_exam(session, rep=rep, track=track, now=utcnow(), settings=None)
        session.commit()
    site.emails["runner"] = email
    yield "runner"
    site.emails.pop("runner")


def test_a_running_attempt_reads_as_under_way(page: Page, site: Site, running_attempt: str) -> None:
    log_in(page, site, running_attempt)
    page.goto("/tests")
    card = page.get_by_role("article").filter(has_text="Objection basics")
    expect(card).to_contain_text("attempt 1 of 3, under way")
    expect(card).not_to_contain_text("used")
    expect(card.get_by_role("button", name="Continue test")).to_be_visible()
    _russian(page)
    try:
        expect(page.get_by_role("article").filter(has_text="Objection basics")).to_contain_text("идёт попытка 1 из 3")
    finally:
        _english(page)


def test_the_import_form_comes_first_and_the_format_help_in_the_app_imports(
    page: Page, site: Site, tmp_path: Path
) -> None:
    log_in(page, site, "trainer")
    page.goto("/trainer/scenarios")
    expect(page.locator("table.scenario-table")).to_be_visible()
    assert _before(page, "form.import-form", "form.filters"), "the import form comes before the long list"
    help_box = page.locator("details.format-help")
    help_box.locator("summary").click()
    expect(help_box).to_contain_text("customer_line")
    example = tmp_path / "chairs.yaml"
    example.write_text(help_box.locator("pre").inner_text())
    page.get_by_label("Scenario file (.yaml, .yml or .json)").set_input_files(example)
    page.locator("form.import-form").get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/trainer/scenarios/\d+$"))
    expect(page.get_by_text("Office chairs and their price").first).to_be_visible()
    page.goto("/trainer/scenarios")
    _russian(page)
    try:
        expect(page.get_by_text("Формат файла сценария: все поля")).to_be_visible()
    finally:
        _english(page)


def test_publishing_a_track_fits_the_default_test_size_to_its_steps(page: Page, site: Site) -> None:
    log_in(page, site, "trainer")
    page.goto("/trainer/tracks/new")
    page.get_by_label("Name", exact=True).fill("Fleet only, default size")
    page.get_by_label(re.compile("^Van fleet leasing")).check()
    expect(page.get_by_label("Objections in a test")).to_have_value("10")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/trainer/tracks/\d+$"))
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(re.compile(r"Published as version 1\. The test asks 5 questions"))).to_be_visible()
    expect(page.get_by_label("Objections in a test")).to_have_value("5")


def test_the_header_takes_two_rows_on_a_phone(page: Page, site: Site) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, site, "head")  # the longest navigation
    expect(page.locator("main h1")).to_be_visible()
    header = page.locator("header.top").bounding_box()
    assert header is not None
    assert header["height"] <= 110, f"the header is {header['height']} px tall on a 844 px phone"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page does not scroll sideways"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.evaluate("el => el.scrollWidth > el.clientWidth"), "the navigation scrolls sideways in its row"
    dashboard = nav.get_by_role("link", name="Dashboard")
    dashboard.focus()
    expect(dashboard).to_be_in_viewport()
    expect(page.get_by_role("button", name="Log out")).to_be_in_viewport()
    page.goto("/trainer/scenarios/new")  # the editor: its action bar stays at the form's end, not over the fields
    expect(page.get_by_label("Title", exact=True)).to_be_visible()
    expect(page.locator(".sticky-actions")).not_to_be_in_viewport()
