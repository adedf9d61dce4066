"""The spending ledger: what providers charged stays on record when dreams, clients and jobs go; budgets read it."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from dreams.services import dream_delete
from tests.conftest import configure_fake, encryption_env
from tests.dreamtok.settings_process import with_settings
from tests.factories import ClientFactory, DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.models import LedgerEntry, LedgerIsAppendOnly
from videogen.services import GenerationRefused, video_job_start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def luma_at_a_dollar(fake_providers_configured, settings):
    """The fake Luma, a clip at one dollar; limits wide open unless a test narrows one."""
    configure_fake(fake_providers_configured, render_seconds=0.3)
    settings.VIDEOGEN_PROVIDERS = ["luma", "local"]
    settings.LUMA_COST_USD = 1.0
    settings.VIDEOGEN_DAILY_BUDGET_USD = 100
    settings.VIDEOGEN_THERAPIST_DAILY_BUDGET_USD = 100
    settings.VIDEOGEN_THERAPIST_DAILY_LIMIT = 100
    return fake_providers_configured


def generate_then_delete(client, rounds: int) -> None:
    """The review's abuse: make a video on Luma, delete the dream, again."""
    for _ in range(rounds):
        dream = DreamFactory(client=client)
        job = run_to_end(dream, "luma")
        assert job.state == "ready" and job.cost_usd == 1, job.error_message
        dream_delete(dream=dream, by=client.therapist)


def start_on_luma(client):
    """The client's therapist asks Luma for one more video, of a new dream."""
    return video_job_start(dream=DreamFactory(client=client), provider="luma", requested_by=client.therapist)


@pytest.mark.parametrize(
    ("limit", "value", "refusal"),
    [("VIDEOGEN_DAILY_BUDGET_USD", 3, "budget"), ("VIDEOGEN_THERAPIST_DAILY_LIMIT", 2, "limit")],
    ids=["daily budget in dollars", "therapist's daily jobs"],
)
def test_deleting_the_dreams_does_not_give_back_what_they_used_of_a_limit(
    luma_at_a_dollar, settings, limit, value, refusal
):
    setattr(settings, limit, value)
    client = ClientFactory()
    generate_then_delete(client, value)  # a dollar and a job each
    with pytest.raises(GenerationRefused, match=refusal):
        start_on_luma(client)


def test_one_therapist_cannot_spend_the_whole_clinics_budget(luma_at_a_dollar, settings):
    settings.VIDEOGEN_DAILY_BUDGET_USD = 10
    settings.VIDEOGEN_THERAPIST_DAILY_BUDGET_USD = 1.5
    spender, colleague = ClientFactory(), ClientFactory()
    generate_then_delete(spender, 1)
    with pytest.raises(GenerationRefused, match="share of today's budget"):
        start_on_luma(spender)
    with runner.in_process():
        assert start_on_luma(colleague).provider == "luma"
    assert video_job_start(dream=DreamFactory(client=spender), provider="local", requested_by=spender.therapist)


def test_the_ledger_outlives_the_dream_the_job_the_client_and_the_therapist_and_holds_no_dream_text(luma_at_a_dollar):
    dream = DreamFactory(title="The red whale", content="Anna Petrova swam with a red whale near Omsk.")
    job = run_to_end(dream, "luma")
    client, therapist = dream.client, dream.client.therapist
    therapist_id, dream_id = therapist.pk, dream.pk  # Django forgets the ids of what it deletes
    dream_delete(dream=dream, by=therapist)
    client.user.delete()
    client.delete()
    therapist.delete()
    assert get_user_model().objects.filter(pk=therapist_id).count() == 0
    [entry] = LedgerEntry.objects.all()
    assert (entry.therapist_id, entry.provider, entry.model, entry.amount_usd) == (
        therapist_id,
        "luma",
        "ray-2",
        Decimal("1.0000"),
    )
    assert (entry.job_id, entry.dream_id) == (job.pk, dream_id)
    stored = " ".join(str(value) for value in LedgerEntry.objects.values().get().values())
    assert "whale" not in stored and "Anna" not in stored and "Omsk" not in stored


def test_the_ledger_cannot_be_changed_or_deleted_through_the_orm(luma_at_a_dollar):
    run_to_end(DreamFactory(), "luma")
    entry = LedgerEntry.objects.get()
    entry.amount_usd = 0
    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.update(amount_usd=0)
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get().amount_usd == 1


def test_staff_read_the_ledger_but_cannot_add_change_or_delete_an_entry(luma_at_a_dollar, staff):
    run_to_end(DreamFactory(), "luma")
    entry = LedgerEntry.objects.get()
    assert staff.get("/admin/videogen/ledgerentry/").status_code == 200
    assert staff.get("/admin/videogen/ledgerentry/add/").status_code == 403
    assert staff.get(f"/admin/videogen/ledgerentry/{entry.pk}/delete/").status_code == 403
    staff.post(f"/admin/videogen/ledgerentry/{entry.pk}/change/", {"amount_usd": "0", "provider": "local"})
    entry = LedgerEntry.objects.get()
    assert (entry.amount_usd, entry.provider) == (1, "luma")


def test_no_paid_provider_costs_nothing_by_default(tmp_path):
    """The defaults of settings.py, as a process without any *_COST_USD variable loads them."""
    prices = with_settings(
        {
            "SECRET_KEY": "x" * 50,
            **encryption_env(),
            "DREAMTOK_VAR_DIR": str(tmp_path),
            "CELERY_BROKER_URL": "memory://",
            "C2PA_ENABLED": "false",  # prices need no signing; production's refusal has its own test
        },
        "from videogen.providers import PROVIDER_CLASSES, get_provider\n"
        "result = {name: str(get_provider(name).cost_per_clip) for name in PROVIDER_CLASSES}",
    )
    assert {name: Decimal(price) > 0 for name, price in prices.items()} == {
        "luma": True,
        "runway": True,
        "replicate": True,
        "kling": True,
        "local": False,
    }


def test_the_costs_page_shows_prices_what_was_spent_today_and_what_is_left(luma_at_a_dollar, settings, staff):
    settings.VIDEOGEN_DAILY_BUDGET_USD = 5
    settings.KLING_COST_USD = 0.25
    client = ClientFactory()
    generate_then_delete(client, 2)
    page = staff.get("/admin/videogen/videojob/costs/", headers={"accept-language": "en"}).content.decode()
    assert "<td>luma</td><td>2</td><td>2.0000</td>" in page  # today's row, although both dreams are gone
    assert 'data-price="luma">1.0000<' in page and 'data-price="kling">0.2500<' in page
    assert 'data-price="local">0.0000<' in page
    assert 'id="spent-today">2.0000<' in page and 'id="budget-left">3.0000<' in page
