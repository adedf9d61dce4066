"""Webhook and callback endpoints: verify, reject replays, then let the pipeline poll for the truth."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import VideoJob, WebhookDelivery
from .providers import PROVIDER_CLASSES, get_provider
from .providers.base import WebhookRejected
from .services.recovery import webhook_received

log = logging.getLogger(__name__)
# A signature covers the whole body, so a body is read whole or refused, never cut. Replicate's predictions with long
# logs run past 256 KiB; 2 MiB is far above any genuine callback and below Django's own read limit.
MAX_BODY = 2 * 1024 * 1024


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt
@require_POST
def webhook(request, provider: str, token: str):
    if provider not in PROVIDER_CLASSES or provider == "local":
        return HttpResponseNotFound()
    if _declared_length(request) > MAX_BODY:
        return HttpResponse("too large", status=413)
    try:
        body = request.body
    except RequestDataTooBig:
        return HttpResponse("too large", status=413)
    if len(body) > MAX_BODY:
        return HttpResponse("too large", status=413)
    job = VideoJob.objects.filter(callback_token=token, provider=provider).first()
    if job is None:
        log.warning("webhook for %s with an unknown token", provider)
        return HttpResponseNotFound()
    try:
        event = get_provider(provider).parse_webhook(request.headers, body)
    except WebhookRejected as error:
        log.warning("webhook for job %s rejected: %s", job.pk, error)
        return HttpResponseBadRequest("rejected")
    if not job.provider_task_id or event.task_id.split(":")[-1] != job.provider_task_id.split(":")[-1]:
        log.info("webhook for job %s is about another step or task: ignored", job.pk)
        return HttpResponse("ignored")
    if event.event_id:
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(provider=provider, event_id=event.event_id)
        except IntegrityError:
            log.warning("webhook %s for job %s replayed", event.event_id, job.pk)
            return HttpResponse("already processed", status=200)
    webhook_received(job=job)
    return HttpResponse("ok")
