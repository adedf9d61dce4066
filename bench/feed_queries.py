"""Feed figures on PostgreSQL with 10,000 dreams: server time and SQL queries for page 1 and page 400,
and the time of a 1 MB Range request from a 20 MB video."""

import statistics
import time

from _setup import bulk_dreams, django_on

django_on("dreamtok_bench_feed", production=True)

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from dreams.cursor import encode_cursor  # noqa: E402
from dreams.delivery import signed_url  # noqa: E402
from dreams.models import Client, Dream  # noqa: E402
from dreams.selectors import Viewer, feed_dreams  # noqa: E402
from tests.factories import TherapistFactory, UserFactory  # noqa: E402

DREAMS = 10_000
RUNS = 50
PAGE_TARGET_MS = 25
RANGE_TARGET_MS = 10


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def seed():
    call_command("migrate", verbosity=0)
    if Dream.objects.count() >= DREAMS:
        return Client.objects.get(pseudonym="bench")
    therapist = TherapistFactory(username="bench-therapist")
    owner = Client.objects.create(therapist=therapist, pseudonym="bench", user=UserFactory(username="bench-client"))
    bulk_dreams(owner, DREAMS, content="A whale in deep water.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would do after such a load: the planner needs the statistics
    return owner


def measure(http, url):
    http.get(url)  # warm
    times, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = http.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times), min(times), queries


def main():
    owner = seed()
    http = HttpClient(HTTP_HOST="127.0.0.1")
    http.force_login(owner.user)
    ordered = feed_dreams(owner.user, Viewer("client", client_id=owner.pk))
    cursor_399 = encode_cursor(ordered[399 * 20 - 1])
    first = measure(http, "/feed/")
    deep = measure(http, f"/feed/items?cursor={cursor_399}")
    deep_full = measure(http, f"/feed/?cursor={cursor_399}")
    print(f"dreams in the database: {Dream.objects.count()}")
    for label, (median, best, queries) in [
        ("feed page 1 (full page)", first),
        ("feed page 400 (fragment)", deep),
        ("feed page 400 (full page)", deep_full),
    ]:
        print(f"{label:28} median {median:.1f} ms, best {best:.1f} ms, {queries} queries")
    pages_met = max(first[0], deep_full[0]) < PAGE_TARGET_MS and first[2] == deep_full[2]
    print(f"  target: pages 1 and 400 under {PAGE_TARGET_MS} ms with the same queries: {verdict(pages_met)}")

    dream = ordered[0]
    name = default_storage.save("videos/bench-20mb.mp4", ContentFile(b"\x00" * (20 * 1024 * 1024)))
    Dream.objects.filter(pk=dream.pk).update(video=name)
    dream.refresh_from_db()
    url = signed_url(dream.video, owner.user)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = http.get(url, headers={"range": "bytes=1048576-2097151"})
        body = b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 206 and len(body) == 1048576
    default_storage.delete(name)
    median = statistics.median(times)
    print(f"1 MB Range request from a 20 MB video: median {median:.2f} ms, best {min(times):.2f} ms")
    print(f"  target: under {RANGE_TARGET_MS} ms: {verdict(median < RANGE_TARGET_MS)}")


if __name__ == "__main__":
    main()
