"""Operator tool: records the size of videos stored before sizes were recorded, so the admin flags small ones."""

from django.core.management.base import BaseCommand

from videogen.maintenance import measure_stored_videos


class Command(BaseCommand):
    help = (
        "Measure each stored dream video whose job has no recorded size (stored before migration 0007) and record "
        "its width and height. Run once after upgrading; running it again measures nothing twice."
    )

    def handle(self, *args, **options):
        count = measure_stored_videos()
        self.stdout.write(f"{count} video{'s' if count != 1 else ''} measured")
