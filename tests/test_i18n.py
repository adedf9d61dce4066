"""Both catalogues are complete and up to date with the source: every user-facing string has its translation."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"


def untranslated(po: Path) -> str:
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    )
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    return result.stdout + fuzzy.stdout


@pytest.mark.parametrize("language", ["ru", "en"])
def test_catalogue_is_complete_and_current(language, tmp_path, settings):
    assert shutil.which("msgattrib"), "GNU gettext is needed (apt-get install gettext)"
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    settings.LOCALE_PATHS = [copy]
    call_command(
        "makemessages",
        locale=[language],
        ignore_patterns=[".venv", "var", "tests", "bench"],
        no_obsolete=True,
        verbosity=0,
    )
    po = copy / language / "LC_MESSAGES" / "django.po"
    assert untranslated(po) == "", f"untranslated or fuzzy strings in {language}: run `make messages` and translate"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_compiled_catalogue_is_built_from_its_source(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages` to compile the catalogues"
