"""One fuzz connection: runs a case's statements under a time limit and says how it
ended (ok, a clean error, or one of the failures: crash, internal error, hang)."""

import os
import signal
import threading
import time

import psycopg2
import psycopg2.extensions

# How a case ended.  Only CRASH, INTERNAL and HANG are failures by themselves; a
# value that does not read back is judged by the caller.
OK, ERROR, CRASH, INTERNAL, HANG = "ok", "error", "crash", "internal error", "hang"
CONFIRM = 5           # a time-out is re-run with this many times the limit
CRASH_SETTLE = 1.0    # seconds to wait after a backend died before reconnecting


class Outcome:
    def __init__(self, kind, rows=None, columns=None, sqlstate=None, message=None, failed_at=None):
        self.kind = kind
        self.failed_at = failed_at        # the index of the statement that failed
        self.rows = rows or []
        self.columns = columns or []      # (name, type oid) of the last statement
        self.sqlstate = sqlstate
        self.message = message

    @property
    def failed(self):
        return self.kind in (CRASH, INTERNAL, HANG)

    def describe(self):
        if self.kind == OK:
            return "ok"
        state = f" ({self.sqlstate})" if self.sqlstate else ""
        first = (self.message or "").strip().splitlines()[0] if self.message else ""
        first = first if len(first) <= 300 else first[:300] + "..."
        return f"{self.kind}: {first}{state}"


# date, time, timestamp, timestamptz, interval, timetz and their arrays.
DATETIME_OIDS = (1082, 1083, 1114, 1184, 1186, 1266, 1182, 1183, 1115, 1185, 1187, 1270)


def as_text(value, cursor):
    return value


class Session:
    """A connection to the fuzz database that survives crashes of its backend."""

    def __init__(self, dsn, timeout):
        self.dsn = dsn
        self.timeout = timeout            # seconds, the statement_timeout of every case
        self.conn = None
        self.connect()

    def connect(self):
        # After a backend crash the postmaster ends every backend and recovers: a
        # connection made meanwhile may be cut again, so retry the whole set-up.
        deadline = time.monotonic() + 60
        while True:
            try:
                self.conn = psycopg2.connect(self.dsn)
                self.configure()
                return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def configure(self):
        self.conn.autocommit = False
        # Dates and times as the server prints them: Python's cannot hold 4713 BC.
        psycopg2.extensions.register_type(psycopg2.extensions.new_type(DATETIME_OIDS, "AS_TEXT", as_text), self.conn)
        with self.conn.cursor() as cur:
            cur.execute("SET statement_timeout = %s", (f"{int(self.timeout * 1000)}ms",))
            cur.execute("SET client_min_messages = error")
            # Report functions can be slow to plan in parallel; the fuzz is about values.
            cur.execute("SET max_parallel_workers_per_gather = 0")
        self.conn.commit()
        self.pid = self.conn.get_backend_pid()

    def run(self, statements, commit=False, max_rows=200):
        """Runs the statements in one transaction, rolled back unless commit.  A time-out
        is a hang only if the statements overrun CONFIRM times the limit too: a slow
        statement that finishes is not a failure."""
        out = self.run_within(statements, commit, max_rows, self.timeout)
        if out.kind == HANG:
            longer = self.timeout * CONFIRM
            out = self.run_within([f"SET LOCAL statement_timeout = '{int(longer * 1000)}ms'"] + statements,
                                  commit, max_rows, longer)
            if out.failed_at is not None:
                out.failed_at -= 1
        return out

    def run_within(self, statements, commit, max_rows, timeout):
        watchdog = Watchdog(self, timeout)
        watchdog.start()
        done = 0
        try:
            with self.conn.cursor() as cur:
                for sql in statements:
                    cur.execute(sql)
                    done += 1
                rows = cur.fetchmany(max_rows) if cur.description else []
                columns = [(d.name, d.type_code) for d in cur.description or []]
            if commit:
                self.conn.commit()
            else:
                self.conn.rollback()
            return Outcome(OK, rows, columns)
        except psycopg2.Error as e:
            out = self.failure(e, watchdog)
            out.failed_at = done
            return out
        finally:
            watchdog.stop()

    def failure(self, e, watchdog):
        state = getattr(e, "pgcode", None)
        message = getattr(getattr(e, "diag", None), "message_primary", None) or str(e)
        if self.conn.closed or state is None and isinstance(e, (psycopg2.OperationalError, psycopg2.InterfaceError)):
            # The backend died (crash, assertion, sanitizer abort) or was killed by the watchdog.
            kind = HANG if watchdog.killed else CRASH
            # Let the postmaster end the other backends first: a connection made before
            # that would be cut too, and its next case taken for another crash.
            time.sleep(CRASH_SETTLE)
            self.reconnect()
            return Outcome(kind, sqlstate=state, message=message)
        try:
            self.conn.rollback()
        except psycopg2.Error:
            self.reconnect()
        if state == "57014" or watchdog.fired:
            return Outcome(HANG, sqlstate=state, message=message)
        if state and state.startswith("XX"):
            return Outcome(INTERNAL, sqlstate=state, message=message)
        if state in ("57P01", "57P02", "57P03"):
            self.reconnect()
            return Outcome(CRASH, sqlstate=state, message=message)
        return Outcome(ERROR, sqlstate=state, message=message)

    def reconnect(self):
        try:
            self.conn.close()
        except psycopg2.Error:
            pass
        self.connect()


class Watchdog:
    """statement_timeout cannot stop a C loop that never checks for interrupts: past
    the limit, cancel the query, then kill its backend (a throwaway cluster)."""

    def __init__(self, session, timeout):
        self.session = session
        self.timeout = timeout
        self.done = threading.Event()
        self.fired = False
        self.killed = False
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.done.set()
        self.thread.join()

    def watch(self):
        if self.done.wait(self.timeout + 5):
            return
        self.fired = True
        try:
            self.session.conn.cancel()
        except psycopg2.Error:
            return        # the connection is already gone: nothing runs any more
        if self.done.wait(10):
            return
        self.killed = True
        try:
            os.kill(self.session.pid, signal.SIGKILL)
        except OSError:
            pass   # not our server's user: the client then waits for the server

