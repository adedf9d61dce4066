import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from dreams.models import Client, Dream, is_therapist

pytestmark = pytest.mark.django_db


def sign_in(username: str, password: str):
    """authenticate() as the sign-in form calls it: with the request, which django-axes needs to count failures."""
    return authenticate(RequestFactory().post("/accounts/login/"), username=username, password=password)


def test_seed_demo_creates_the_demo_accounts_and_consented_dreams():
    call_command("seed_demo")
    therapist = sign_in("demo-therapist", "dreamtok")
    assert therapist is not None and is_therapist(therapist)
    for username, at_least in [("demo-client", 3), ("demo-client2", 2)]:
        client = Client.objects.get(user__username=username)
        assert client.therapist == therapist
        assert client.dreams.filter(consent_video=True).count() >= at_least


def test_seed_demo_can_run_twice_without_duplicates():
    call_command("seed_demo")
    count = Dream.objects.count()
    call_command("seed_demo")
    assert Dream.objects.count() == count


def test_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret")
    call_command("seed_demo")
    assert sign_in("demo-client", "another-secret") is not None


def test_demo_client_rehearses_a_rescripted_nightmare_with_two_weeks_of_logs():
    from dreams.models import NightLog
    from dreams.rehearsal import selectors

    call_command("seed_demo")
    client = Client.objects.get(user__username="demo-client")
    rescript = selectors.current_rescript(client)
    assert rescript is not None and rescript.rescript_of.distressing and rescript.consent_video
    assert NightLog.objects.filter(client=client).count() == 14
    assert NightLog.objects.filter(client=client).latest("night").night == selectors.last_night(client)
    weeks = selectors.weekly_progress(client)
    assert [(week.nights_logged, week.nightmare_nights) for week in weeks] == [(7, 5), (7, 2)]
    assert [week.mean_distress for week in weeks] == [7.2, 4.5] and weeks[0].minutes == 70
    call_command("seed_demo")
    assert NightLog.objects.filter(client=client).count() == 14  # not twice


@pytest.mark.parametrize(
    "username,page", [("demo-therapist", "/clients/"), ("demo-staff", "/admin/"), ("demo-client", "/feed/")]
)
def test_in_demo_mode_every_demo_account_signs_in_with_its_password_alone(client, settings, username, page):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    assert client.post("/accounts/login/", {"username": username, "password": "dreamtok"}).status_code == 302
    assert client.get(page).status_code == 200
