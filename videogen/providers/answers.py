"""Reading the providers' answers: a field that must be there, the times they give, and their task lists read page by
page when a submission whose answer was lost is looked for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import message as _
from .base import PollResult, ProviderError, unreadable

CLOCK_SKEW = timedelta(minutes=2)  # between our clock and a provider's
Page = tuple[list[dict], bool]  # one page of a provider's task list: its tasks, and whether more pages follow


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_time(value: Any) -> datetime | None:
    """A provider's ISO 8601 timestamp as an aware datetime, or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def created_since(value: Any, since: datetime) -> bool:
    """Whether a task created at `value` may come from a request sent at `since` (unreadable times count as yes)."""
    created = parse_time(value)
    return created is None or created >= since - CLOCK_SKEW


def field(label: str, data: Any, *keys: str | int) -> Any:
    """data[k1][k2]…, or a retryable 'could not read' error naming the missing path."""
    value = data
    for key in keys:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            raise unreadable(label, f"answer has no {'.'.join(map(str, keys))}") from None
    if value is None or value == "":
        raise unreadable(label, f"answer has an empty {'.'.join(map(str, keys))}")
    return value


def read_task_list(
    fetch_page: Callable[[int], Page],
    *,
    matches: Callable[[dict], bool],
    since: datetime | None,
    created: Callable[[dict], datetime | None] = lambda task: parse_time(task.get("created_at")),
    pages: int,
    first_only: bool = False,
) -> tuple[list[dict], bool]:
    """The tasks of a provider's list that `matches`, newest first, read page by page (`fetch_page(0)` is the first),
    and whether the reading was complete: the list read to its end or, where it runs newest first, back past `since`
    (every later page is older). A lookup that finds nothing in an incomplete reading knows nothing. A task's time is
    its ISO 8601 `created_at` unless `created` reads it otherwise."""
    found: list[dict] = []
    oldest = since - CLOCK_SKEW if since else None
    complete = False
    for number in range(pages):
        tasks, more = fetch_page(number)
        found += [task for task in tasks if matches(task)]
        times = [created(task) for task in tasks]
        newest_first = all(a is not None and b is not None and a >= b for a, b in zip(times, times[1:], strict=False))
        past_since = bool(oldest and tasks and newest_first and times[-1] is not None and times[-1] < oldest)
        if not more or past_since:
            complete = True
            break
        if found and first_only:
            break
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda task: created(task) or earliest, reverse=True), complete


def inconclusive(label: str, detail: str) -> ProviderError:
    """A lookup that could not read far enough to tell whether a lost request arrived: never "it did not"."""
    message = _("%(provider)s could not tell whether an earlier request arrived; we will try again shortly.")
    return ProviderError(message % {"provider": label}, retryable=True, detail=detail)


def failed_task(reason: str, safety_words: tuple[str, ...], *, refused: str, failed: str) -> PollResult:
    """A task the provider reports failed: `refused` (final: the same prompt would be refused again) when its reason
    names one of the provider's `safety_words`, otherwise `failed`, which another attempt may get past. Each provider
    passes its own worded messages, so the stored message codes stay what they were."""
    if any(word in reason.lower() for word in safety_words):
        return PollResult(state="failed", error=refused)
    return PollResult(state="failed", error=failed, retryable=True)
