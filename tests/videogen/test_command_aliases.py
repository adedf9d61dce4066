"""The old command names still run the renamed commands for one release, after one warning line on stderr."""

import io
import sys

import pytest
from django.core.management import call_command

from videogen.management.commands import build_prompt, make_dev_credentials, render_clip


@pytest.mark.parametrize(
    ("old", "new", "renamed", "options"),
    [
        ("buildprompt", "build_prompt", build_prompt.Command, {}),
        ("renderclip", "render_clip", render_clip.Command, {"prompt": "a mirror", "out": "clip.mp4"}),
        ("c2pa_dev_credentials", "make_dev_credentials", make_dev_credentials.Command, {}),
    ],
)
def test_an_old_name_warns_then_runs_the_renamed_command(monkeypatch, old, new, renamed, options):
    ran = []
    monkeypatch.setattr(renamed, "handle", lambda self, *args, **options: ran.append(options) and None)
    err = io.StringIO()
    call_command(old, stderr=err, **options)
    assert err.getvalue() == f"{old} is renamed {new}; the old name goes in the next release\n"
    assert len(ran) == 1


def test_the_old_buildprompt_prints_the_same_prompt_as_build_prompt(monkeypatch):
    outputs = []
    for name in ("build_prompt", "buildprompt"):
        monkeypatch.setattr(sys, "stdin", io.StringIO("Кит плавал в воде"))
        out = io.StringIO()
        call_command(name, stdout=out, stderr=io.StringIO())
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1] != ""
