"""SQL text the harness sends and prints: literals, binary COPY payloads, and the
statements that reproduce a binary value without the harness."""

import base64
import struct

TYPES = ["rate", "dossier_stats", "workcal", "score_total"]


def literal(text):
    """A standard-conforming SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def cast(text, typ):
    """text as a value of typ: a govindex type's bare name, or a qualified name."""
    return f"{literal(text)}::{typ if '.' in typ else 'govindex.' + typ}"


def copy_payload(field):
    """A COPY ... (FORMAT binary) stream of one row holding one field."""
    return (b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
            + struct.pack(">hi", 1, len(field)) + field + struct.pack(">h", -1))


def copy_from_program(table, field):
    """The psql-free way to feed recv these bytes (needs a superuser)."""
    b64 = base64.b64encode(copy_payload(field)).decode()
    return f"COPY {table} FROM PROGRAM 'echo {b64} | base64 -d' (FORMAT binary)"


def binary_setup(table, typ, field):
    """Statements that put the value recv makes of field into table(v)."""
    return [f"CREATE TEMP TABLE {table} (v govindex.{typ})", copy_from_program(table, field)]
