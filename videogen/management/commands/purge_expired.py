"""Operator tool: removes orphaned media files and expired temporary downloads, and prints what it removed."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from videogen.maintenance import purge_expired


class Command(BaseCommand):
    help = (
        "Delete media files under videos/ and posters/ that no dream references (older than a grace period) "
        "and temporary downloads in VIDEOGEN_TMP_DIR older than their maximum age."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--media-grace-hours",
            type=float,
            default=settings.VIDEOGEN_PURGE_MEDIA_GRACE_SECONDS / 3600,
            help="spare orphaned media younger than this, so a save in progress is kept (default: %(default)s)",
        )
        parser.add_argument(
            "--tmp-hours",
            type=float,
            default=settings.VIDEOGEN_PURGE_TMP_SECONDS / 3600,
            help="remove temporary files older than this (default: %(default)s)",
        )
        parser.add_argument("--dry-run", action="store_true", help="print what would be removed, remove nothing")

    def handle(self, *args, **options) -> None:
        report = purge_expired(
            media_grace=timedelta(hours=options["media_grace_hours"]),
            temporary_max_age=timedelta(hours=options["tmp_hours"]),
            dry_run=options["dry_run"],
        )
        verb = "would remove" if options["dry_run"] else "removed"
        for name in report.media:
            self.stdout.write(f"{verb} orphaned media {name}")
        for path in report.temporary:
            self.stdout.write(f"{verb} temporary file {path}")
        self.stdout.write(
            f"{verb} {len(report.media)} orphaned media files and {len(report.temporary)} temporary files"
        )
