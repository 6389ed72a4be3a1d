"""Several things at once on real connections: `run_together` starts functions together, each
in its own thread with its own database connection (tests marked
`django_db(transaction=True)`)."""

import threading

from django.db import connection


def run_together(functions):
    """Run each function in its own thread (its own database connection), started together;
    return what each returned or raised."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
