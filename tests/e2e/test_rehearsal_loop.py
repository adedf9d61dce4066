"""The whole loop of imagery rehearsal in a real browser: the therapist rescripts a nightmare, the local renderer
makes the new version's video through the pipeline, the client rehearses it with the timer and logs three nights,
and the therapist sees those numbers in the chart and its table."""

import datetime
import re

import pytest

from dreams.models import Dream, NightLog, RehearsalSession
from dreams.rehearsal import selectors
from tests.e2e.conftest import sign_in, wait_js
from tests.factories import PASSWORD, ClientFactory, DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.models import VideoJob

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_VERSION = "The corridor opens onto a warm sea at dawn; my old dog walks beside me and I feel calm."


def log_night(page, base: str, night: datetime.date, nightmare: bool, distress: str = "", rescripted: bool = False):
    page.goto(f"{base}/morning/")
    page.click("details.other-night summary")
    page.fill("#id_night", night.isoformat())
    page.check(f"input[name=nightmare][value={'yes' if nightmare else 'no'}]")
    if distress:
        page.fill("#id_distress", distress)
    if rescripted:
        page.check("#id_was_rescripted")
    page.click("form.night-form button[type=submit]")
    page.wait_for_selector(".message")


def test_rescript_rehearse_log_and_see_the_chart(live_server, browser):
    client = ClientFactory(pseudonym="Client R")
    nightmare = DreamFactory(
        client=client,
        title="The chase",
        content="A shadow chased me down a dark corridor.",
        symbols=["chase", "darkness", "shadow"],
        distressing=True,
    )
    assert run_to_end(nightmare, "local").state == "ready"  # the nightmare's own video is in the feed until then
    base = live_server.url
    therapist_page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
    with runner.in_process() as steps:  # the live server's job is taken here, to be run below
        sign_in(therapist_page, base, client.therapist.username, PASSWORD)
        therapist_page.wait_for_url(f"{base}/clients/")
        therapist_page.goto(f"{base}/dreams/{nightmare.pk}/")
        therapist_page.click("text=Rescript this nightmare")
        assert therapist_page.is_visible("aside.original >> text=A shadow chased me")  # the original beside the form
        therapist_page.fill("#id_title", "The sea at dawn")
        therapist_page.fill("#id_content", NEW_VERSION)
        therapist_page.check("#id_consent_video")
        therapist_page.select_option("#id_provider", "local")
        therapist_page.check("#id_generate")
        therapist_page.click("button:has-text('Save the new version')")
        therapist_page.wait_for_selector("h1:has-text('The sea at dawn')")
        rescript = next(d for d in Dream.objects.filter(rescript_of__isnull=False) if d.title == "The sea at dawn")
        job = VideoJob.objects.get(dream=rescript)
        steps.take(job)
        runner.drain(steps, [job.pk], timeout=120)
    job.refresh_from_db()
    rescript.refresh_from_db()
    assert job.state == "ready" and job.provider == "local" and rescript.video
    assert rescript.rescript_of == nightmare and rescript.is_current_rescript and not rescript.distressing
    assert not {"chase", "darkness", "shadow"} & set(job.drawn_symbols or [])  # the new dream's scene, not the old

    client_page = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-US"
    ).new_page()
    sign_in(client_page, base, client.user.username, PASSWORD)
    client_page.wait_for_url(f"{base}/feed/")
    client_page.goto(f"{base}/feed/items")  # the feed's items as the page fetches them
    feed_text = client_page.text_content("body")
    assert "New version" in feed_text and "The chase" not in feed_text  # only the new version while rehearsing
    client_page.goto(f"{base}/rehearse/")
    assert client_page.get_attribute("video.dream-video", "src").startswith("/media/")
    assert "old dog walks beside me" in client_page.text_content("main")
    client_page.click("#timer-toggle")
    client_page.wait_for_timeout(1500)
    client_page.click("#timer-toggle")
    assert client_page.input_value("#id_minutes") == "1"  # the timer filled in the minutes
    client_page.fill("#id_vividness", "7")
    client_page.fill("#id_calm", "8")
    client_page.click("button:has-text('Save the rehearsal')")
    client_page.wait_for_selector("text=Rehearsal saved")

    last = selectors.last_night(client)
    log_night(client_page, base, last - datetime.timedelta(days=2), True, "7", rescripted=True)
    log_night(client_page, base, last - datetime.timedelta(days=1), True, "4")
    log_night(client_page, base, last, False)
    assert NightLog.objects.filter(client=client).count() == 3
    assert RehearsalSession.objects.get(client=client).minutes == 1

    therapist_page.goto(f"{base}/clients/{client.pk}/progress/")
    row = therapist_page.text_content(".progress-table tbody tr")
    cells = [cell.strip() for cell in re.split(r"\s{2,}|\n", row) if cell.strip()]
    assert cells[-4:] == ["3", "2", "5.5", "1 / 70"], cells
    values = therapist_page.eval_on_selector_all(".progress-chart .value", "nodes => nodes.map(n => n.textContent)")
    assert values == ["2", "5.5", "1"]  # nights with a nightmare, mean distress, minutes: the same numbers drawn
    wait_js(therapist_page, "() => document.querySelector('.progress-chart').getBoundingClientRect().height > 100")
    therapist_page.context.close()
    client_page.context.close()
