"""Old names of management commands, kept for one release after a rename so scripts and habits have time to move."""

from typing import Any

from django.core.management.base import BaseCommand


class RenamedCommand(BaseCommand):
    """Mixed in before the renamed command's class: runs it unchanged after one line on stderr naming the new name."""

    old_name = ""
    new_name = ""

    def handle(self, *args: Any, **options: Any) -> None:
        # Our commands print what they do rather than return it, so the renamed command's answer is None too.
        self.stderr.write(f"{self.old_name} is renamed {self.new_name}; the old name goes in the next release")
        super().handle(*args, **options)
