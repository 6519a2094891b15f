"""What a JDBC sink wrote to its SQLite table, for the schema registry's
end-to-end tests."""
import sqlite3

from harness import fail, wait_for


def sqlite_rows(db, table, columns):
    """The table's rows ordered by id; none while the sink has not created it."""
    try:
        with sqlite3.connect(db) as c:
            return c.execute("SELECT %s FROM %s ORDER BY id" % (columns, table)).fetchall()
    except sqlite3.OperationalError:
        return []


def rows_or_task_failure(worker, connector, db, table, count, columns):
    """The rows once there are `count`; fails at once, with the trace, when
    the connector's task has FAILED meanwhile."""
    def poll():
        got = sqlite_rows(db, table, columns)
        if len(got) == count:
            return got
        for t in (worker.status(connector) or {}).get("tasks", []):
            if t["state"] == "FAILED":
                fail("%s failed: %s" % (connector, t.get("trace", "")[:1500]))
        return None
    return wait_for(poll, 30, "%d rows in %s" % (count, table))
