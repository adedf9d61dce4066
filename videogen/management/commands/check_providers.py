"""The provider doctor for operators: is each configured provider reachable, is its key accepted, and with what."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from videogen.providers.doctor import ProviderCheck, check_providers


def describe(check: ProviderCheck) -> str:
    """One provider's check in one paragraph, for a terminal: never a key, only setting names."""
    if not check.configured:
        return _("%(provider)s: not configured (set %(settings)s to offer it).") % {
            "provider": check.label,
            "settings": ", ".join(check.fix),
        }
    verdict = _("OK") if check.ok else _("FAILED")
    reachable = _("reachable") if check.reachable else _("not reachable")
    key = {True: _("key accepted"), False: _("key refused"), None: _("key not checked")}[check.key_accepted]
    lines = [f"{check.label}: {verdict} — {reachable}, {key}"]
    lines.append("  " + _("host: %(host)s") % {"host": check.host})
    lines.append("  " + _("models: %(models)s") % {"models": ", ".join(check.models) or "—"})
    if check.key_accepted:
        lines.append("  " + _("credit: %(credit)s") % {"credit": check.account or _("not reported by the API")})
    if check.problem:
        lines.append("  " + _("problem: %(problem)s") % {"problem": check.problem})
    if check.fix:
        lines.append("  " + _("check the setting: %(settings)s") % {"settings": ", ".join(check.fix)})
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Check every configured video provider with one harmless authenticated read: reachable, key accepted, host, "
        "models, credit. Creates no task, prints no key; exits non-zero when a configured provider fails."
    )

    def handle(self, *args, **options):
        checks = check_providers()
        for check in checks:
            self.stdout.write(describe(check) + "\n\n")  # a blank line between providers
        failed = [check.label for check in checks if check.ok is False]
        if failed:
            count = len(failed)
            message = ngettext(
                "%(count)d configured provider failed its check: %(names)s.",
                "%(count)d configured providers failed their check: %(names)s.",
                count,
            )
            raise CommandError(message % {"count": count, "names": ", ".join(failed)}, returncode=1)
