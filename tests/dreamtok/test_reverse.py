"""reverse_one: the same URL as reverse(), under any script prefix."""

import uuid

from django.urls import reverse, set_script_prefix

from dreamtok.reverse import reverse_one


def test_it_gives_what_reverse_gives_for_uuids_and_tokens():
    dream_id = uuid.uuid4()
    assert reverse_one("dream_detail", dream_id, uuid.UUID(int=0)) == reverse("dream_detail", args=[dream_id])
    assert reverse_one("media", "abc:1x:sig-_") == reverse("media", args=["abc:1x:sig-_"])


def test_it_follows_the_script_prefix_of_the_request():
    dream_id = uuid.uuid4()
    try:
        set_script_prefix("/dreamtok/")
        assert reverse_one("dream_detail", dream_id, uuid.UUID(int=0)) == f"/dreamtok/dreams/{dream_id}/"
    finally:
        set_script_prefix("/")
    assert reverse_one("dream_detail", dream_id, uuid.UUID(int=0)) == f"/dreams/{dream_id}/"
