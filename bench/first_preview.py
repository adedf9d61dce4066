"""The first prompt preview a fresh web process serves. The language models load when the process starts
(dreamtok/wsgi.py, as gunicorn imports it), so the first preview should not pay for them: target < 150 ms.
Starts five fresh processes exactly as tests/videogen/test_warm_start.py does and prints each figure."""

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")

from tests.videogen.test_warm_start import WEB, run  # the same fresh process the test starts

TARGET = 0.150
RUNS = 5

if __name__ == "__main__":
    seconds = []
    for number in range(1, RUNS + 1):
        answer = run(WEB)
        seconds.append(answer["seconds"])
        print(
            f"run {number}: models loaded at start-up: {answer['loaded']}, "
            f"first preview {answer['seconds'] * 1000:.0f} ms"
        )
    median = statistics.median(seconds)
    load = os.getloadavg()[0]
    print(
        f"first preview after start-up: median {median * 1000:.0f} ms, best {min(seconds) * 1000:.0f} ms "
        f"(load average {load:.1f}); target < {TARGET * 1000:.0f} ms: {'met' if median < TARGET else 'NOT met'}"
    )
