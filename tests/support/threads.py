"""Writers in threads, for the tests of two transactions at once (PostgreSQL)."""

import threading

from django.db import connection, transaction


def writer_thread(write, failures: list) -> threading.Thread:
    """``write()`` started in a thread, in a transaction of the thread's own connection (closed
    afterwards); what it raises is kept in ``failures``, for the test to report."""

    def run():
        try:
            with transaction.atomic():
                write()
        except Exception as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread
