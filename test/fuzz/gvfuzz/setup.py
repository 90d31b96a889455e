"""The fuzz database: govindex on a small generated province, and the tables that
the regclass arguments name (of the right shape, of wrong shapes)."""

import subprocess
import time

import psycopg2

SHAPES = """
CREATE SCHEMA fuzz;
CREATE TABLE fuzz.no_columns ();
CREATE TABLE fuzz.one_int (a int);
INSERT INTO fuzz.one_int VALUES (1), (NULL);
CREATE TABLE fuzz.batch OF govindex.dossier_input;
INSERT INTO fuzz.batch SELECT (NULL::govindex.dossier_input).*;
CREATE TABLE fuzz.batch_twice OF govindex.dossier_input;
CREATE TABLE fuzz.assessments OF govindex.composite_assessment_input;
INSERT INTO fuzz.assessments SELECT (NULL::govindex.composite_assessment_input).*;
CREATE VIEW fuzz.a_view AS SELECT 1 AS a;
CREATE SEQUENCE fuzz.a_sequence;
"""

# The columns of an input type, every one of type text: a table of the wrong shape.
AS_TEXT = """
SELECT string_agg(quote_ident(attname) || ' text', ', ' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped
"""


def prepare(admin_dsn, dsn, dbname, root, dossiers):
    """Creates the database unless it is there already (the setup is deterministic:
    the generator's own seed, whatever the fuzz seed)."""
    admin = connect(admin_dsn)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        exists = cur.fetchone() is not None
        if not exists:
            cur.execute(f'CREATE DATABASE "{dbname}"')
    admin.close()
    if exists:
        return
    conn = connect(dsn)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE EXTENSION govindex")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "seed=2023",
                    "-v", f"dossiers={dossiers}", "-d", dsn, "-f", f"{root}/test/generate.sql"],
                   check=True, stdout=subprocess.DEVNULL)
    with conn.cursor() as cur:
        cur.execute("SELECT govindex.refresh_dossier_days()")
        cur.execute(SHAPES)
        for name, typ in [("batch_as_text", "govindex.dossier_input"),
                          ("assessments_as_text", "govindex.composite_assessment_input")]:
            cur.execute(AS_TEXT, (typ,))
            cur.execute(f"CREATE TABLE fuzz.{name} ({cur.fetchone()[0]})")
        cur.execute("ANALYZE")
    conn.close()


def connect(dsn):
    """A connection, waiting out a server that is still recovering from a crash."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return psycopg2.connect(dsn)
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def database_texts(session):
    """Codes a text argument may meaningfully hold: units, metrics, methodologies,
    counters, composite indices."""
    out = session.run(["""
        SELECT code FROM (SELECT code FROM govindex.units ORDER BY parent_id NULLS FIRST, code LIMIT 3) u
        UNION ALL (SELECT code FROM govindex.metrics ORDER BY code LIMIT 6)
        UNION ALL (SELECT code FROM govindex.methodologies ORDER BY code)
        UNION ALL (SELECT n FROM unnest(govindex.dossier_stats_counter_names()) n LIMIT 4)
        UNION ALL (SELECT code FROM govindex.composite_indices ORDER BY code LIMIT 3)
        UNION ALL SELECT '07:30-11:30,13:00-17:00'
        UNION ALL SELECT '2024-01-10'"""])
    return [r[0].replace("'", "''") for r in out.rows]


def enum_labels(session):
    out = session.run(["""
        SELECT t.oid::regtype::text, array_agg(e.enumlabel ORDER BY e.enumsortorder)
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
          JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'govindex'
         GROUP BY 1"""])
    return {name: labels for name, labels in out.rows}
