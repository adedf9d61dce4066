"""docs/deploy.md keeps up with the code: every variable settings.py reads, with the default it really has, every
process of the Procfile, with its defaults."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.conf import settings

from tests.conftest import encryption_env
from tests.dreamtok.settings_process import with_settings

ROOT = Path(settings.BASE_DIR)
DOC = (ROOT / "docs" / "deploy.md").read_text()
# env.str("NAME", …), env.bool("NAME", …), env.db("NAME", …) … and environ.Env().str("NAME", …)
ENV_CALL = re.compile(r"""\.(?:str|bool|int|float|list|json|db|url|dict|tuple|path)\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def documented(name: str) -> bool:
    return f"`{name}`" in DOC


def test_every_environment_variable_of_the_settings_is_documented():
    source = (ROOT / "dreamtok" / "settings.py").read_text()
    names = set(ENV_CALL.findall(source))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= names  # the pattern does find them
    assert sorted(name for name in names if not documented(name)) == []


def test_every_process_of_the_procfile_is_documented_with_its_variables():
    procfile = (ROOT / "Procfile").read_text()
    processes = re.findall(r"^([a-z]+):", procfile, flags=re.MULTILINE)
    assert processes == ["web", "worker", "beat", "flower"]
    assert all(f"| `{name}` |" in DOC for name in processes)
    for variable in re.findall(r"\$\{([A-Z_]+)", procfile):
        assert documented(variable), variable


# Variables read into a setting of another name or shape: where each one's value is found after loading.
READ_AS = {
    "DREAMTOK_VAR_DIR": "settings.VAR_DIR",
    "DATABASE_URL": "settings.DATABASES['default']['NAME']",
    "CONN_MAX_AGE": "settings.DATABASES['default']['CONN_MAX_AGE']",
    "CELERY_VISIBILITY_TIMEOUT": "settings.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']",
    "AXES_COOLOFF_MINUTES": "settings.AXES_COOLOFF_TIME.total_seconds() / 60",
    "LOG_LEVEL": "settings.LOGGING['root']['level']",
    "VIDEOGEN_REQUEUE_SECONDS": "settings.CELERY_BEAT_SCHEDULE['requeue-stale-jobs']['schedule']",
    "VIDEOGEN_PURGE_SECONDS": "settings.CELERY_BEAT_SCHEDULE['purge-expired']['schedule']",
    "VIDEO_RETENTION_CHECK_SECONDS": "settings.CELERY_BEAT_SCHEDULE['expire-unwatched-videos']['schedule']",
    "MORNING_REMINDER_SECONDS": "settings.CELERY_BEAT_SCHEDULE['morning-reminders']['schedule']",
    "AWS_S3_ENDPOINT_URL": "settings.STORAGES['default']['OPTIONS']['endpoint_url']",
    "AWS_S3_REGION_NAME": "settings.STORAGES['default']['OPTIONS']['region_name']",
    "AWS_ACCESS_KEY_ID": "settings.STORAGES['default']['OPTIONS']['access_key']",
    "AWS_SECRET_ACCESS_KEY": "settings.STORAGES['default']['OPTIONS']['secret_key']",
    "API_USER_RATE": "settings.API_RATES['user']",
    "API_ANON_RATE": "settings.API_RATES['anon']",
    "API_SIGN_IN_RATE": "settings.API_RATES['sign_in']",
}
# Some variables only count once a bucket or Redis is set: their defaults are read with both set (to anything).
WITH_SERVICES = {"AWS_STORAGE_BUCKET_NAME": "dreamtok-media", "REDIS_URL": "redis://127.0.0.1:1/0"}
NEEDS_SERVICES = {"CELERY_VISIBILITY_TIMEOUT", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID"}
NEEDS_SERVICES |= {"AWS_SECRET_ACCESS_KEY"}
ROW = re.compile(r"^\| (`[A-Z][A-Z0-9_]*`(?:, `[A-Z][A-Z0-9_]*`)*) \| ([^|]+) \|", flags=re.MULTILINE)
QUOTED = re.compile(r"`([^`]+)`")


def documented_defaults(section: str) -> dict[str, str]:
    """variable -> its default cell, from the tables of one part of the document."""
    return {name: cell.strip() for names, cell in ROW.findall(section) for name in QUOTED.findall(names)}


DJANGO_PART, PROCFILE_PART = DOC.split("## Environment variables")[1].split("### Read by the Procfile")


def loaded(environment: dict[str, str], names: list[str]) -> dict:
    """Each variable's value as settings.py leaves it, loaded from this environment alone (no .env in a clone)."""
    expressions = {name: READ_AS.get(name, f"getattr(settings, {name!r}, '<no setting>')") for name in names}
    code = "result = {" + ", ".join(f"{name!r}: {expr}" for name, expr in expressions.items()) + "}"
    code += "\nresult['<BASE_DIR>'] = settings.BASE_DIR"
    return with_settings(environment, code)


def expected(cell: str, values: dict, *, debug: bool) -> object:
    """What the cell promises: `x`; — (empty); on when `DEBUG` is off; `x` (`y` with `DEBUG`); `A`, else `x`;
    `x` in the project; <DREAMTOK_VAR_DIR> stands for its value."""
    if cell.startswith("—"):
        return None
    if cell == "on when `DEBUG` is off":
        return "false" if debug else "true"
    quoted = QUOTED.findall(cell)
    value = quoted[0]
    if debug and f"(`{quoted[1] if len(quoted) > 1 else ''}` with `DEBUG`)" in cell:
        value = quoted[1]
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", value) and ", else `" in cell:  # another variable, empty here
        value = cell.split(", else `", 1)[1].split("`", 1)[0]
    if cell.endswith("in the project"):
        value = str(Path(values["<BASE_DIR>"]) / value)
    return value.replace("<DREAMTOK_VAR_DIR>", str(values.get("DREAMTOK_VAR_DIR", "")))


def agrees(promised, actual) -> bool:
    if promised is None:
        return actual in (None, "", [], {})
    if isinstance(actual, bool):
        return promised == ("true" if actual else "false")
    if isinstance(actual, int | float):
        return float(promised) == actual
    if isinstance(actual, list):
        return promised.split(",") == actual
    if isinstance(actual, dict):
        return json.loads(promised) == actual
    return Path(promised) == Path(actual) if promised.startswith("/") else promised == actual


REQUIRED_IN_PRODUCTION = {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_every_documented_default_is_what_settings_py_uses(debug, tmp_path):
    """settings.py loaded with nothing set (but SECRET_KEY, which production requires; a bucket and Redis for the
    variables that only count with them) gives each variable the default the document's table promises."""
    defaults = documented_defaults(DJANGO_PART)
    assert len(defaults) > 60 and "SECRET_KEY" in defaults
    # production refuses to load without content credentials (a test of its own): switched off here
    base = {"DEBUG": "true"} if debug else {"SECRET_KEY": "x" * 50, "C2PA_ENABLED": "false", **encryption_env()}
    plain = sorted(name for name in defaults if name not in NEEDS_SERVICES)
    values = loaded(base, plain) | loaded(base | WITH_SERVICES, sorted(NEEDS_SERVICES))
    wrong = []
    for name, cell in defaults.items():
        if name in base or name in REQUIRED_IN_PRODUCTION:
            continue  # set for this load; these have no default in production: see the tests below
        if name == "DATABASE_URL":
            promised = environ.Env.db_url_config(expected(cell, values, debug=debug))["NAME"]
        else:
            promised = expected(cell, values, debug=debug)
        if values[name] == "<no setting>" or not agrees(promised, values[name]):
            wrong.append(f"{name}: the document says {cell!r}, settings.py has {values[name]!r}")
    assert wrong == []


def test_without_secret_key_production_settings_refuse_to_load(tmp_path):
    assert documented_defaults(DJANGO_PART)["SECRET_KEY"].startswith("— (required when `DEBUG` is off")
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "dreamtok.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr


def test_the_procfile_defaults_are_the_documented_ones():
    procfile = (ROOT / "Procfile").read_text()
    in_procfile = dict(re.findall(r"\$\{([A-Z_]+):-([^}]*)\}", procfile))
    assert {"PORT", "WEB_CONCURRENCY", "WORKER_CONCURRENCY", "DREAMTOK_VAR_DIR"} <= set(in_procfile)
    documented_here = documented_defaults(PROCFILE_PART) | documented_defaults(DJANGO_PART)
    for name, default in in_procfile.items():
        assert QUOTED.findall(documented_here[name])[0].rstrip("/") == default.rstrip("/"), name
    assert "${DREAMTOK_VAR_DIR:-var}/celerybeat-schedule" in procfile  # beat keeps its state with the rest
