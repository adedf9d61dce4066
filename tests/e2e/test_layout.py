"""Layout measured in a real Chromium, in Russian (the longer labels): on a 390×844 phone the feed's header is one
line of at most 56 px and no label in it wraps; cards keep off the screen's edges; buttons keep off the lists below
them; on a 1440×900 desktop the admin's dream list fits its column."""

import pytest

from dreams.models import Client
from tests.e2e.conftest import pass_second_factor, sign_in
from tests.factories import PASSWORD, ClientFactory, DreamFactory, TherapistFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "locale": "ru-RU"}
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "ru-RU"}

# How many lines each visible label of an element takes: the distinct tops of its text's boxes.
LINES = """selector => Array.from(document.querySelectorAll(selector))
  .filter(e => e.getClientRects().length && e.textContent.trim())
  .map(e => { const range = document.createRange(); range.selectNodeContents(e);
    const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [e.textContent.trim(), tops.size]; })"""
BOX = "selector => document.querySelector(selector).getBoundingClientRect().toJSON()"


@pytest.fixture
def russian_page(browser):
    contexts = []

    def make(kind: dict):
        context = browser.new_context(**kind)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def a_therapist_with_a_feed() -> Client:
    """A therapist (the longest tab name, "Сны клиентов") whose client has two dreams in the feed; no video plays."""
    owner = ClientFactory(therapist=TherapistFactory(is_staff=True))  # staff too: the most links in the menu
    for title in ("Первый сон", "Второй сон"):
        DreamFactory(client=owner, title=title, video="videos/none.mp4", poster="posters/none.jpg")
    return owner


def assert_one_line_each(page, selector: str) -> None:
    labels = page.evaluate(LINES, selector)
    assert labels and all(lines == 1 for _, lines in labels), labels


@pytest.mark.parametrize("who", ["therapist", "client"])
def test_the_feed_header_is_one_line_of_at_most_56px_on_a_phone(live_server, russian_page, who):
    owner = a_therapist_with_a_feed()
    page = russian_page(PHONE)
    user = owner.therapist if who == "therapist" else owner.user
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/feed/")
    header = page.evaluate(BOX, ".topbar")
    assert header["height"] <= 56 and page.evaluate(BOX, "#feed")["top"] <= header["bottom"] + 1
    assert_one_line_each(page, ".topbar a, .topbar button:not([hidden]), .tabs a")
    # The rest (the other pages, signing out, the language, skipping distressing dreams) is one tap away.
    page.click(".menu-toggle")
    menu = page.locator("#feed-menu")
    menu.wait_for(state="visible")
    assert menu.get_by_text("Пропускать тревожные сны").is_visible() and menu.get_by_text("Выйти").is_visible()
    assert_one_line_each(page, "#feed-menu a, #feed-menu button, #feed-menu label span")
    box = page.evaluate(BOX, "#feed-menu")
    assert box["left"] >= 0 and box["right"] <= 390 and box["bottom"] <= 844


def test_the_feed_header_is_one_line_on_a_desktop_with_everything_in_view(live_server, russian_page):
    owner = a_therapist_with_a_feed()
    page = russian_page(DESKTOP)
    sign_in(page, live_server.url, owner.therapist.username, PASSWORD)
    page.goto(f"{live_server.url}/feed/")
    assert page.evaluate(BOX, ".topbar")["height"] <= 56
    assert page.locator(".menu-toggle").is_hidden()
    for label in ("Пропускать тревожные сны", "Клиенты", "Модерация", "Выйти"):
        assert page.locator(".topbar").get_by_text(label).is_visible()
    assert_one_line_each(page, ".topbar a, .topbar button:not([hidden]), .topbar label span")


def test_the_empty_feed_card_keeps_off_the_screen_edges(live_server, russian_page):
    owner = ClientFactory()
    page = russian_page(PHONE)
    sign_in(page, live_server.url, owner.user.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/feed/")
    card = page.evaluate(BOX, ".empty-state")
    assert card["left"] >= 12 and card["right"] <= 390 - 12


def test_add_client_keeps_off_the_list_below_it(live_server, russian_page):
    therapist = TherapistFactory()
    ClientFactory(therapist=therapist, pseudonym="Утро")
    page = russian_page(PHONE)
    sign_in(page, live_server.url, therapist.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/clients/")
    button, first = page.evaluate(BOX, ".page-head .button"), page.evaluate(BOX, "ul.list li")
    assert first["top"] - button["bottom"] >= 12


def test_the_admin_dream_list_fits_its_column_on_a_desktop(live_server, russian_page):
    staff = UserFactory(is_staff=True, is_superuser=True)
    for title in ("Полёт над горящим городом", "Красный кит", "Лестница в лесу"):
        DreamFactory(title=title, visibility="shared")
    page = russian_page(DESKTOP)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    pass_second_factor(page, staff.username)
    page.goto(f"{live_server.url}/admin/dreams/dream/")
    results = page.evaluate(
        "() => { const r = document.querySelector('#changelist .results'); return [r.scrollWidth, r.clientWidth]; }"
    )
    assert results[0] <= results[1], f"the list is {results[0]} px wide in a column of {results[1]} px"
