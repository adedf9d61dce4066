"""How a dream's video stands, as the page's script and the API's clients poll it (every 2 s): one answer for both."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dreams.delivery import signed_url
from dreams.models import Dream

EXPIRED_LABEL = gettext_lazy("The video was deleted, as nobody had watched it for long. It can be made again.")


def video_status(dream: Dream, user) -> dict:
    """status (a job state, "ready" or "none" without a job, "withdrawn", "expired" once retention deleted it), a
    label, progress 0–1, the provider, an error a therapist understands, and signed media links for `user` once the
    video is ready. Call after a permission check."""
    job = dream.jobs.first()
    video_url = signed_url(dream.video, user) if dream.has_video else ""
    poster_url = signed_url(dream.poster, user) if dream.has_video else ""
    if job is None:
        status = "ready" if video_url else "none"
        label = _("Ready") if video_url else _("No video yet")
        return _answer(status, label, 1.0 if video_url else 0.0, "", "", video_url, poster_url)
    if not dream.consent_video:  # withdrawn: the video is gone whatever its last job reached
        return _answer("withdrawn", _("Consent withdrawn"), 0.0, job.provider, "", "", "")
    if job.state == job.State.READY and not dream.video:  # deleted by retention: not watched for long
        return _answer("expired", EXPIRED_LABEL, 0.0, job.provider, "", "", "")
    error = job.error_message or ("" if job.state != "failed" else _("The video could not be made."))
    label = str(job.get_state_display())
    return _answer(job.state, label, round(job.progress, 3), job.provider, error, video_url, poster_url)


def _answer(status, state_label, progress, provider, error, video_url, poster_url) -> dict:
    return {
        "status": status,
        "state_label": str(state_label),
        "progress": progress,
        "provider": provider,
        "error": error,
        "video_url": video_url,
        "poster_url": poster_url,
    }
