"""Staff moderation in Django admin: lists, filters, search, bulk approve and reject."""

import pytest

from dreams.models import Dream
from tests.factories import DreamFactory

pytestmark = pytest.mark.django_db


def test_dream_list_shows_columns_filters_and_search(staff):
    DreamFactory(title="Lighthouse", visibility="shared")
    DreamFactory(title="Cellar")
    page = staff.get("/admin/dreams/dream/?q=Light").content.decode()
    assert "Lighthouse" in page and "Cellar" not in page
    filtered = staff.get("/admin/dreams/dream/?moderation__exact=pending&visibility__exact=shared").content.decode()
    assert "Lighthouse" in filtered and "Cellar" not in filtered


def test_bulk_approve_applies_to_shared_dreams(staff):
    shared = DreamFactory(visibility="shared")
    private = DreamFactory()
    response = staff.post(
        "/admin/dreams/dream/", {"action": "approve", "_selected_action": [str(shared.pk), str(private.pk)]}
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    private.refresh_from_db()
    assert shared.moderation == Dream.Moderation.APPROVED
    assert private.moderation == Dream.Moderation.PENDING


def test_bulk_reject_with_a_reason(staff):
    dream = DreamFactory(visibility="shared", moderation="approved")
    staff.post("/admin/dreams/dream/", {"action": "reject", "_selected_action": [str(dream.pk)], "reason": "Too real."})
    dream.refresh_from_db()
    assert dream.moderation == Dream.Moderation.REJECTED and dream.moderation_reason == "Too real."


def test_staff_does_not_see_the_dream_text_in_admin(staff):
    dream = DreamFactory(content="SECRET DREAM TEXT")
    page = staff.get(f"/admin/dreams/dream/{dream.pk}/change/").content.decode()
    assert page.count("SECRET DREAM TEXT") == 0


def test_client_admin_lists_and_searches(staff):
    DreamFactory(client__pseudonym="Morning Star")
    assert "Morning Star" in staff.get("/admin/dreams/client/?q=Morning").content.decode()
