"""docs/deploy.md keeps up with the code: every variable settings.py reads, every process of the Procfile."""

import re
from pathlib import Path

from django.conf import settings

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
