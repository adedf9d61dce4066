"""The feed: who sees what, newest first, 20 a page by cursor, a constant number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dreams.models import Dream, Favourite, FeedPreference
from tests.factories import ClientFactory, DreamFactory, VideoJobFactory

pytestmark = pytest.mark.django_db


def ready_dream(**fields) -> Dream:
    fields.setdefault("video", "videos/x.mp4")
    fields.setdefault("poster", "posters/x.jpg")
    return DreamFactory(**fields)


def titles(response) -> list[str]:
    return re.findall(r'<article class="feed-item[^"]*"[^>]*aria-label="([^,]+),', response.content.decode())


def make_many(owner, count: int) -> list[Dream]:
    dreams = [ready_dream(client=owner, title=f"D{i:03d}") for i in range(count)]
    start = timezone.now() - datetime.timedelta(days=1)
    for i, dream in enumerate(dreams):  # distinct, increasing creation times: D000 oldest
        Dream.objects.filter(pk=dream.pk).update(created_at=start + datetime.timedelta(seconds=i))
    return dreams


def test_client_sees_only_their_own_ready_videos(client):
    mine = ready_dream(title="Mine")
    DreamFactory(client=mine.client, title="NoVideo")
    ready_dream(title="NotMine")
    ready_dream(client=mine.client, title="Withdrawn", consent_video=False)
    client.force_login(mine.client.user)
    assert titles(client.get("/feed/")) == ["Mine"]


def test_therapist_sees_their_clients_ready_videos(client):
    dream = ready_dream(title="Ours")
    ready_dream(title="Other therapist's")
    client.force_login(dream.author)
    assert titles(client.get("/feed/")) == ["Ours"]


def test_shared_tab_shows_approved_shared_dreams_of_others_without_their_text(client):
    viewer = ClientFactory()
    ready_dream(title="Approved", visibility="shared", moderation="approved", content="SECRET-TEXT")
    ready_dream(title="Pending", visibility="shared", moderation="pending")
    ready_dream(title="Private", visibility="private", moderation="approved")
    client.force_login(viewer.user)
    response = client.get("/feed/?tab=shared")
    assert titles(response) == ["Approved"]
    assert "SECRET-TEXT" not in response.content.decode()


def test_feed_is_newest_first_twenty_a_page_with_a_cursor(client):
    owner = ClientFactory()
    make_many(owner, 45)
    client.force_login(owner.user)
    first = client.get("/feed/")
    assert titles(first) == [f"D{i:03d}" for i in range(44, 24, -1)]
    next_url = re.search(r'data-next="([^"]+)"', first.content.decode()).group(1).replace("&amp;", "&")
    second = client.get(next_url)
    assert titles(second) == [f"D{i:03d}" for i in range(24, 4, -1)]
    third_url = re.search(r'data-next="([^"]+)"', second.content.decode()).group(1).replace("&amp;", "&")
    third = client.get(third_url)
    assert titles(third) == [f"D{i:03d}" for i in range(4, -1, -1)]
    assert "data-next" not in third.content.decode()


def dated(owner, rows: list[tuple[str, str, int]], **fields) -> None:
    """Ready dreams of `owner`: (title, day dreamt, minutes after a start when it was entered)."""
    start = timezone.now() - datetime.timedelta(days=1)
    for title, day, minutes in rows:
        dream = ready_dream(client=owner, title=title, dreamt_on=datetime.date.fromisoformat(day), **fields)
        Dream.objects.filter(pk=dream.pk).update(created_at=start + datetime.timedelta(minutes=minutes))


def test_the_feed_is_ordered_by_the_day_dreamt_newest_first_then_by_when_it_was_entered(client):
    owner = ClientFactory()
    # Entered in this order; a dream written down late about an old night comes after newer nights.
    dated(
        owner,
        [("Tuesday", "2026-11-10", 0), ("Late note of Sunday", "2026-11-08", 1), ("Tuesday again", "2026-11-10", 2)],
    )
    client.force_login(owner.user)
    assert titles(client.get("/feed/")) == ["Tuesday again", "Tuesday", "Late note of Sunday"]


def test_the_shared_tab_is_ordered_by_the_day_dreamt_too(client):
    dated(
        ClientFactory(),
        [("Old night", "2026-10-01", 5), ("New night", "2026-11-01", 0)],
        visibility="shared",
        moderation="approved",
    )
    client.force_login(ClientFactory().user)
    assert titles(client.get("/feed/?tab=shared")) == ["New night", "Old night"]


def test_pages_by_cursor_follow_the_day_dreamt_without_gaps_or_repeats(client, monkeypatch):
    owner = ClientFactory()
    days = ["2026-11-03", "2026-11-01", "2026-11-03", "2026-11-02", "2026-11-01", "2026-11-03", "2026-11-02"]
    dated(owner, [(f"D{i}", day, i) for i, day in enumerate(days)])
    expected = [f"D{i}" for i in sorted(range(len(days)), key=lambda i: (days[i], i), reverse=True)]
    monkeypatch.setattr("dreams.selectors.FEED_PAGE_SIZE", 2)
    client.force_login(owner.user)
    assert titles_of_every_page(client, "/feed/") == expected


def test_a_cursor_of_the_earlier_form_leads_back_to_the_first_page(client):
    """A page link made before the feed was ordered by the day dreamt: (created_at, id), signed and valid."""
    from django.core import signing

    from dreams.cursor import CURSOR_SALT

    dream = ready_dream()
    old = signing.dumps([dream.created_at.isoformat(), str(dream.pk)], salt=CURSOR_SALT, compress=True)
    client.force_login(dream.client.user)
    assert client.get(f"/feed/?cursor={old}").url == "/feed/"
    assert client.get(f"/feed/items?cursor={old}").status_code == 400


def next_url(response) -> str:
    return re.search(r'data-next="([^"]+)"', response.content.decode()).group(1).replace("&amp;", "&")


def titles_of_every_page(client, url: str) -> list[str]:
    """The titles of the feed from `url` on, following its next-page links to the end."""
    response = client.get(url)
    seen = titles(response)
    while "data-next" in response.content.decode():
        response = client.get(next_url(response))
        seen += titles(response)
    return seen


def queries_per_page(client, pages: int) -> list[int]:
    """SQL queries of the feed's first page and of each next page (fragment) after it."""
    client.get("/feed/")  # the session and the like, loaded once
    counts = []
    url = "/feed/"
    for _ in range(pages):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        url = next_url(response)
    return counts


@pytest.mark.parametrize("page_size", [2, 7, 20, 50])
def test_queries_per_page_do_not_grow_with_depth_or_page_size(client, monkeypatch, page_size):
    owner = ClientFactory()
    make_many(owner, 4 * page_size + 1)
    client.force_login(owner.user)
    monkeypatch.setattr("dreams.selectors.FEED_PAGE_SIZE", 1)
    baseline = queries_per_page(client, 2)
    monkeypatch.setattr("dreams.selectors.FEED_PAGE_SIZE", page_size)
    first, *deeper = queries_per_page(client, 4)
    assert titles(client.get("/feed/")) == [f"D{i:03d}" for i in range(4 * page_size, 3 * page_size, -1)]
    assert all(count <= first for count in deeper) and first == baseline[0] <= 8
    assert deeper[-1] == baseline[1]


def test_a_tampered_cursor_is_a_clear_400(client):
    owner = ClientFactory()
    client.force_login(owner.user)
    response = client.get("/feed/items?cursor=forged")
    assert response.status_code == 400


def test_a_bad_cursor_on_the_shared_tab_comes_back_to_the_shared_tab(client):
    client.force_login(ClientFactory().user)
    response = client.get("/feed/?tab=shared&cursor=forged")
    assert response.status_code == 302 and response.url == "/feed/?tab=shared"


@pytest.mark.parametrize("tab,landing", [("shared", "/feed/?tab=shared"), ("mine", "/feed/"), ("other", "/feed/")])
def test_changing_the_skip_setting_keeps_the_tab(client, tab, landing):
    client.force_login(ClientFactory().user)
    response = client.post("/feed/preferences", {"skip_distressing": "on", "tab": tab})
    assert response.status_code == 302 and response.url == landing


def test_the_skip_setting_form_names_its_tab(client):
    client.force_login(ready_dream().client.user)
    page = client.get("/feed/?tab=shared").content.decode()
    assert '<input type="hidden" name="tab" value="shared">' in page


def test_one_item_comes_again_with_fresh_links_for_the_page_to_retry(client):
    dream = ready_dream(title="Again")
    ready_dream(client=dream.client, title="Other")
    client.force_login(dream.client.user)
    response = client.get(f"/feed/items?tab=mine&dream={dream.pk}")
    assert response.status_code == 200 and titles(response) == ["Again"]
    assert 'data-src="/media/' in response.content.decode() and "data-next" not in response.content.decode()


def test_one_item_outside_the_users_feed_comes_back_empty(client):
    client.force_login(ClientFactory().user)
    response = client.get(f"/feed/items?dream={ready_dream().pk}")
    assert response.status_code == 200 and titles(response) == []


def test_a_malformed_dream_id_for_one_item_is_a_clear_400(client):
    client.force_login(ClientFactory().user)
    assert client.get("/feed/items?dream=not-a-uuid").status_code == 400


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-mode": "cors"}, {"x-requested-with": "fetch"}, {"accept": "application/json"}],
    ids=["fetch", "named-fetch", "json"],
)
def test_a_script_asking_for_the_next_page_after_the_session_ended_gets_401_not_the_sign_in_page(client, headers):
    response = client.get("/feed/items?tab=mine", headers=headers)
    assert response.status_code == 401 and response.json()["login_url"] == "/accounts/login/"


@pytest.mark.parametrize("headers", [{}, {"sec-fetch-mode": "navigate"}], ids=["old-browser", "navigation"])
def test_opening_the_feed_signed_out_still_leads_to_sign_in(client, headers):
    response = client.get("/feed/?tab=shared", headers=headers)
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/feed/%3Ftab%3Dshared"


def test_a_distressing_dream_carries_its_opt_in_screen(client):
    dream = ready_dream(title="Chase", distressing=True)
    client.force_login(dream.client.user)
    page = client.get("/feed/").content.decode()
    assert "feed-item distressing" in page and 'class="button primary watch"' in page


def test_the_content_warning_names_the_dream_and_its_night_but_shows_neither_video_nor_poster(client):
    dream = ready_dream(title="Chase", distressing=True, dreamt_on=datetime.date(2026, 11, 3))
    client.force_login(dream.client.user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    item = page[page.index('<article class="feed-item distressing"') : page.index("</article>")]
    warning = item[item.index('<div class="warning"') :]
    assert '<h2 class="warning-title">Chase</h2>' in warning and "Nov. 3, 2026" in warning
    assert (
        " poster=" not in item.split("<noscript>")[0] and "<img" in item and ' src="' not in item.split("<noscript>")[0]
    )
    assert 'data-poster="/media/' in item and 'data-src="/media/' in item


def test_skip_all_distressing_dreams_hides_them(client):
    calm = ready_dream(title="Calm")
    ready_dream(client=calm.client, title="Nightmare", distressing=True)
    client.force_login(calm.client.user)
    client.post("/feed/preferences", {"skip_distressing": "on"})
    assert titles(client.get("/feed/")) == ["Calm"]


def test_empty_feed_says_videos_are_being_made(client):
    dream = DreamFactory()
    VideoJobFactory(dream=dream)
    client.force_login(dream.client.user)
    response = client.get("/feed/", headers={"accept-language": "en"})
    assert "still being made" in response.content.decode()


def test_an_empty_feed_says_no_dream_videos_yet(client):
    client.force_login(ClientFactory().user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert "No dream videos yet" in page and 'role="feed"' not in page


def test_an_empty_shared_tab_says_nothing_shared_yet(client):
    ready_dream(visibility="shared", moderation="pending")
    client.force_login(ClientFactory().user)
    page = client.get("/feed/?tab=shared", headers={"accept-language": "en"}).content.decode()
    assert "Nothing shared yet" in page and 'role="feed"' not in page


@pytest.mark.parametrize(
    "tab,text",
    [("mine", "Видео снов пока нет"), ("shared", "Общих снов пока нет")],
)
def test_the_empty_pages_speak_russian(client, tab, text):
    client.force_login(ClientFactory().user)
    assert text in client.get(f"/feed/?tab={tab}", headers={"accept-language": "ru"}).content.decode()


def test_videos_still_being_made_count_on_the_empty_page(client):
    owner = ClientFactory()
    for dream in (DreamFactory(client=owner), DreamFactory(client=owner)):
        VideoJobFactory(dream=dream, state="rendering")
    client.force_login(owner.user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert "Your videos are still being made" in page and "2 dreams are turning into videos" in page


def test_the_shared_tab_shows_neither_the_text_nor_who_dreamt_it(client):
    shared = ready_dream(visibility="shared", moderation="approved", title="Open sky", content="PRIVATE-WORDS here")
    shared.client.pseudonym = "Pseudo-Owner-Q"
    shared.client.save()
    shared.client.therapist.username = "therapist-of-owner"
    shared.client.therapist.save()
    shared.client.user.username = "owner-login-name"
    shared.client.user.save()
    client.force_login(ClientFactory().user)
    for url in ("/feed/?tab=shared", "/feed/items?tab=shared", f"/dreams/{shared.pk}/"):
        page = client.get(url).content.decode()
        assert "Open sky" in page, url
        for secret in ("PRIVATE-WORDS", "Pseudo-Owner-Q", "therapist-of-owner", "owner-login-name"):
            assert secret not in page, (url, secret)


def test_the_dream_page_of_a_distressing_dream_asks_before_it_plays(client):
    dream = ready_dream(distressing=True)
    client.force_login(dream.client.user)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    assert 'class="warning"' in page and "This dream may be distressing." in page
    player = page[page.index('<div class="player distressing">') : page.index('<div class="warning"')]
    assert 'data-src="/media/' in player and " src=" not in player and "autoplay" not in player
    assert " poster=" not in player and 'data-poster="/media/' in player, "the poster waits behind the warning too"


def test_the_dream_page_honours_skip_all_distressing_dreams_for_the_client(client):
    dream = ready_dream(distressing=True)
    FeedPreference.objects.create(user=dream.client.user, skip_distressing=True)
    client.force_login(dream.client.user)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "You chose to skip distressing dreams" in page and "/media/" not in page


def test_the_therapist_still_sees_the_opt_in_screen_with_skip_all_on(client):
    """The therapist checks the video they made for the client: the skip setting hides nothing from them."""
    dream = ready_dream(distressing=True)
    FeedPreference.objects.create(user=dream.author, skip_distressing=True)
    client.force_login(dream.author)
    page = client.get(f"/dreams/{dream.pk}/").content.decode()
    assert 'class="warning"' in page and 'data-src="/media/' in page


def test_a_calm_dreams_page_plays_its_video_with_controls(client):
    dream = ready_dream()
    client.force_login(dream.client.user)
    page = client.get(f"/dreams/{dream.pk}/").content.decode()
    assert 'class="warning"' not in page and re.search(r'<video class="dream-video" controls[^>]* src="/media/', page)


def test_every_full_height_in_dvh_has_a_vh_fallback_before_it():
    from django.conf import settings

    for sheet in (settings.BASE_DIR / "static" / "css").glob("*.css"):
        for rule in re.findall(r"\{[^}]*\}", sheet.read_text()):
            for prop, value in re.findall(r"([\w-]+):\s*([\d.]+)dvh", rule):
                fallback = re.search(rf"{prop}:\s*{value}vh;\s*{prop}:\s*{value}dvh", rule)
                assert fallback, f"{sheet.name}: {prop}: {value}dvh needs {prop}: {value}vh before it"


def test_favourite_toggles_and_stays_private(client):
    dream = ready_dream()
    client.force_login(dream.client.user)
    response = client.post(f"/dreams/{dream.pk}/favourite", headers={"accept": "application/json"})
    assert response.json() == {"favourite": True}
    assert Favourite.objects.filter(user=dream.client.user, dream=dream).exists()
    client.post(f"/dreams/{dream.pk}/favourite", headers={"accept": "application/json"})
    assert not Favourite.objects.exists()


def test_every_item_is_labelled_ai_generated_and_the_list_is_a_feed(client):
    dream = ready_dream()
    client.force_login(dream.client.user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert 'role="feed"' in page and 'role="article"' in page and "AI-generated" in page


def test_a_client_can_open_an_approved_shared_dream_by_its_link_but_not_a_private_one(client):
    viewer = ClientFactory()
    shared = ready_dream(visibility="shared", moderation="approved", content="HIDDEN-TEXT")
    private = ready_dream()
    client.force_login(viewer.user)
    page = client.get(f"/dreams/{shared.pk}/")
    assert page.status_code == 200 and "HIDDEN-TEXT" not in page.content.decode()
    assert client.get(f"/dreams/{private.pk}/").status_code == 404
