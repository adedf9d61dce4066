"""The build_prompt management command: a dream's text on stdin, the prompt (or JSON with positions) on stdout."""

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from videogen.prompts.template import PREFIX, PROVIDER_PROMPT_LIMITS

PERSONAL = "Брат Алексей Иванов позвонил с номера 8 (903) 111-22-33 и сказал, что в Новосибирске выпал красный снег."


def run(monkeypatch, text: str, *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("build_prompt", *args, stdout=out)
    return out.getvalue()


def test_prints_the_symbols_prompt_alone_by_default(monkeypatch):
    output = run(monkeypatch, "Кит плавал в воде, он был большим и красным")
    assert output.startswith(PREFIX)
    assert "whale, water, red" in output
    assert "Кит" not in output


def test_json_output_has_positions_but_not_the_removed_text(monkeypatch):
    data = json.loads(run(monkeypatch, PERSONAL, "--mode", "anonymized", "--json"))
    assert set(data) == {"language", "symbols", "mode", "prompt", "redactions"}
    assert data["language"] == "ru" and data["mode"] == "anonymized"
    assert {"snow", "red"} <= set(data["symbols"])
    assert [PERSONAL[r["start"] : r["end"]] for r in data["redactions"]] == [
        "Алексей Иванов",
        "8 (903) 111-22-33",
        "Новосибирске",
    ]
    assert all(set(r) == {"kind", "start", "end"} for r in data["redactions"])
    serialized = json.dumps(data, ensure_ascii=False)
    for pii in ("Алексей", "Иванов", "111-22-33", "Новосибирске"):
        assert pii not in serialized


def test_full_mode_is_available_to_the_operator(monkeypatch):
    output = run(monkeypatch, PERSONAL, "--mode", "full")
    assert "Алексей Иванов" in output


def test_the_providers_length_limit_applies(monkeypatch):
    data = json.loads(run(monkeypatch, "Я шла по коридору. " * 500, "--mode", "full", "--provider", "runway", "--json"))
    assert len(data["prompt"]) <= PROVIDER_PROMPT_LIMITS["runway"]


def test_empty_input_gives_the_generic_prompt(monkeypatch):
    data = json.loads(run(monkeypatch, "", "--json"))
    assert data["symbols"] == [] and data["prompt"].startswith(PREFIX)


def test_an_unknown_mode_is_rejected(monkeypatch):
    with pytest.raises(CommandError, match="invalid choice"):
        run(monkeypatch, "text", "--mode", "everything")


def test_an_unknown_provider_is_rejected_with_the_known_ones_listed(monkeypatch):
    with pytest.raises(CommandError, match="invalid choice: 'lumaa'.*kling.*local.*luma.*replicate.*runway"):
        run(monkeypatch, "text", "--provider", "lumaa")


def test_typed_personal_data_never_appears_in_the_json(monkeypatch):
    data = json.loads(
        run(monkeypatch, "mr henderson called me from номер89123456789", "--mode", "anonymized", "--json")
    )
    assert "henderson" not in data["prompt"] and "8912" not in data["prompt"]
    assert [r["kind"] for r in data["redactions"]] == ["name", "phone"]
