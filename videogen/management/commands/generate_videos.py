"""Bulk generation: make videos for consented dreams, in this process with a progress bar, or via the workers."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from dreams.models import Dream
from videogen import runner
from videogen.models import VideoJob
from videogen.providers import offered_providers
from videogen.services import GenerationRefused, video_job_start


class Command(BaseCommand):
    help = "Generate videos for consented dreams (all of them, or only those without a video)."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="only dreams that have no video yet")
        parser.add_argument("--provider", default="", help="video service (default: the first offered one)")
        parser.add_argument("--queue", action="store_true", help="only enqueue the jobs for the Celery workers")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait in this process")

    def handle(self, *args, missing, provider, queue, timeout, **options):
        if provider and provider not in offered_providers():
            raise CommandError(f"{provider!r} is not offered; offered: {', '.join(offered_providers())}")
        dreams = (
            Dream.objects.filter(consent_video=True)
            .exclude(jobs__state__in=VideoJob.ACTIVE_STATES)
            .select_related("client")
        )
        if missing:
            dreams = dreams.filter(video="")
        dreams = list(dreams.distinct())
        if queue:
            started = self._start(dreams, provider)
            self.stdout.write(f"Queued {len(started)} video jobs for the workers.")
            return
        with runner.in_process() as steps:
            started = self._start(dreams, provider)
            with tqdm(total=len(started), unit="video", disable=not started) as bar:

                def progress():
                    bar.n = VideoJob.objects.filter(pk__in=started).exclude(state__in=VideoJob.ACTIVE_STATES).count()
                    bar.refresh()

                runner.drain(steps, started, timeout=timeout, on_step=progress)
        ready = VideoJob.objects.filter(pk__in=started, state=VideoJob.State.READY).count()
        failed = VideoJob.objects.filter(pk__in=started, state=VideoJob.State.FAILED).count()
        self.stdout.write(f"{ready} ready, {failed} failed, {len(started) - ready - failed} unfinished.")

    def _start(self, dreams, provider) -> list[int]:
        started = []
        for dream in dreams:
            try:
                with transaction.atomic():
                    started.append(video_job_start(dream=dream, provider=provider).pk)
            except GenerationRefused as error:
                self.stderr.write(f"dream {dream.pk}: {error.message}")
        return started
