"""The embedded SQLite default takes the web and the worker writing at once: no `database is locked`."""

from tests.dreamtok.settings_process import with_settings

# Four connections (as web and worker threads and processes hold them) each run 50 transactions that read a counter
# and write it back, the shape of a pipeline step (read the job, then save it).
READ_THEN_WRITE = """
import threading, time
from django.db import OperationalError, connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()
errors = []

def work():
    for _ in range(50):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                time.sleep(0.002)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except OperationalError as error:
            errors.append(str(error))
    connection.close()

threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    (total,) = cursor.fetchone()
    cursor.execute("PRAGMA journal_mode")
    (journal,) = cursor.fetchone()
result = {"errors": errors[:3], "error_count": len(errors), "total": total, "journal": journal}
"""


def test_the_embedded_sqlite_takes_concurrent_read_then_write_transactions(tmp_path):
    result = with_settings({"DEBUG": "true", "DREAMTOK_VAR_DIR": str(tmp_path)}, READ_THEN_WRITE)
    assert result["error_count"] == 0, result["errors"]
    assert result["total"] == 200  # every transaction counted: none lost, none refused
    assert result["journal"] == "wal"  # readers never wait for a writer
