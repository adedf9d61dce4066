"""Video generation as the rest of the site sees it: start, cancel, discard and retry a dream's jobs, the providers
on offer, how many jobs are running and the state of a dream's latest job. The pipeline's own modules (dispatch,
steps, outcomes, recovery) import each other directly; nothing outside `videogen` needs them."""

from .jobs import (
    ACTIVE_JOB_STATES,
    GenerationRefused,
    active_job_count,
    client_active_job_count,
    job_cancel,
    job_retry,
    latest_job_state,
    provider_choices,
    video_job_start,
    video_jobs_cancel,
    video_jobs_discard,
)

__all__ = [
    "ACTIVE_JOB_STATES",
    "GenerationRefused",
    "active_job_count",
    "client_active_job_count",
    "job_cancel",
    "job_retry",
    "latest_job_state",
    "provider_choices",
    "video_job_start",
    "video_jobs_cancel",
    "video_jobs_discard",
]
