"""Video generation as the rest of the site sees it: start, cancel, discard and retry a dream's jobs, the providers
on offer, and how many jobs are running. The pipeline's own modules (dispatch, steps, outcomes, recovery) import each
other directly; nothing outside `videogen` needs them."""

from .jobs import (
    GenerationRefused,
    active_job_count,
    client_active_job_count,
    job_cancel,
    job_retry,
    provider_choices,
    video_job_start,
    video_jobs_cancel,
    video_jobs_discard,
)

__all__ = [
    "GenerationRefused",
    "active_job_count",
    "client_active_job_count",
    "job_cancel",
    "job_retry",
    "provider_choices",
    "video_job_start",
    "video_jobs_cancel",
    "video_jobs_discard",
]
