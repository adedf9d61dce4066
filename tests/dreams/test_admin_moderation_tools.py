"""The moderator's tools in the admin: the queue one click from the index (shared dreams awaiting a decision only),
a therapist filter that lists therapists, an audit log that names and links the dream, symbols as chips."""

import re

import pytest

from dreams import audit
from tests.factories import ClientFactory, DreamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_index_links_the_queue_of_shared_dreams_awaiting_a_decision(staff):
    waiting = DreamFactory(title="Waiting shared", visibility="shared", moderation="pending")
    DreamFactory(title="Private one", visibility="private", moderation="pending")
    DreamFactory(title="Approved one", visibility="shared", moderation="approved")
    index = staff.get("/admin/", headers={"accept-language": "en"}).content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*id="moderation-queue"[^>]*>([^<]*)</a>', index)
    assert link and "1" in link.group(2)
    queue = staff.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert waiting.title in queue and "Private one" not in queue and "Approved one" not in queue


def test_a_private_dream_is_never_listed_as_pending(staff):
    DreamFactory(title="Private one", visibility="private", moderation="pending")
    page = staff.get("/admin/dreams/dream/?moderation__exact=pending").content.decode()
    assert "Private one" not in page


def test_the_therapist_filter_lists_therapists_only(staff):
    patient = ClientFactory()
    DreamFactory(client=patient)
    bystander = UserFactory(username="not-a-therapist")
    page = staff.get("/admin/dreams/dream/").content.decode()
    assert patient.therapist.username in page and bystander.username not in page
    assert patient.user.username not in page


def test_the_audit_log_names_the_dream_and_links_to_it(staff):
    dream = DreamFactory(title="The glass lighthouse")
    audit.record(actor=dream.author, dream_id=dream.pk, action=audit.Action.VIEWED)
    page = staff.get("/admin/dreams/auditevent/").content.decode()
    assert re.search(rf'<a href="/admin/dreams/dream/{dream.pk}/change/">The glass lighthouse</a>', page)


def test_the_dream_admin_shows_symbols_as_chips(staff):
    dream = DreamFactory(symbols=["whale", "moon"])
    page = staff.get(f"/admin/dreams/dream/{dream.pk}/change/", headers={"accept-language": "en"}).content.decode()
    assert re.search(r'<ul class="chips"><li>whale</li><li>moon</li></ul>', page)
