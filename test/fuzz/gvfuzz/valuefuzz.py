"""Cases of the type targets: a valid value's text or binary form, mutated, fed to
the type's input; an accepted value must read back (roundtrip.py)."""

from .db import OK
from .failure import READS_BACK, Failure
from .mutate import mutate_binary, mutate_text
from .roundtrip import check_same_value, check_text_value
from .sqltext import binary_setup, cast


def text_case(session, typ, text):
    """(failure or None, the accepted value's text or None)."""
    subject = f"{typ} text input"
    # Input and output apart: an accepted value that cannot be printed is a failure.
    made = f"SELECT {cast(text, typ)} IS NULL"
    stmt = f"SELECT {cast(text, typ)}::text"
    out = session.run([made, stmt])
    if out.kind != OK:
        return (failure_of(out, [stmt], subject, printing=out.failed_at == 1), None)
    printed = out.rows[0][0]
    failure = (check_text_value(session, typ, printed, [], subject, value_expr=cast(text, typ))
               or check_same_value(session, typ, printed, cast(text, typ), [], [stmt], subject))
    return (failure, None if failure else printed)


def binary_case(session, typ, field, table="fuzz_bin"):
    """(failure or None, the accepted value's text or None), for recv of field."""
    subject = f"{typ} binary input"
    setup = binary_setup(table, typ, field)
    stmt = f"SELECT v::text FROM {table}"
    out = session.run(setup + [stmt])
    if out.kind != OK:
        return (failure_of(out, setup + [stmt], subject, printing=out.failed_at == len(setup)), None)
    printed = out.rows[0][0]
    value = f"(SELECT v FROM {table})"
    failure = (check_text_value(session, typ, printed, setup, subject, value_expr=value, setup=setup)
               or check_same_value(session, typ, printed, value, setup,
                                   setup + [stmt], subject))
    return (failure, None if failure else printed)


def failure_of(out, statements, subject, printing):
    """A failed case, or an accepted value whose printing fails, else None."""
    if out.failed:
        return Failure(out.kind, statements, out.describe(), subject)
    if printing:
        return Failure(READS_BACK, statements, f"accepted, but printing it gives {out.describe()}", subject)
    return None


def send_bytes(session, typ, text):
    out = session.run([f"SELECT govindex.{typ}_send({cast(text, typ)})"])
    return bytes(out.rows[0][0])


def mutated_text(rng, seeds):
    return mutate_text(rng, rng.choice(seeds), seeds).replace("\0", "")


def mutated_binary(rng, fields):
    original = rng.choice(fields)
    return original, mutate_binary(rng, original, fields)
