"""The value check: an accepted value's text reads back to an equal value (equal as
its send bytes: not every type has =), and reading it again gives the same text."""

from .db import OK
from .failure import READS_BACK, Failure
from .sqltext import cast


def check_text_value(session, typ, text, made_by, subject, value_expr=None, setup=()):
    """text is what the server printed for a value made by the statements made_by;
    None when it reads back, else a Failure.  value_expr (after setup) gives the value
    again, for a shorter reproduction than the printed text."""
    again = f"({value_expr})::text::{qualified(typ)}" if value_expr else cast(text, typ)
    stmt = f"SELECT {again}::text"
    out = session.run(list(setup) + [stmt])
    if out.kind != OK:
        return Failure(READS_BACK if not out.failed else out.kind, made_by + [stmt],
                       f"{short(text)} was accepted, reading it back gives {out.describe()}", subject)
    if out.rows[0][0] != text:
        return Failure(READS_BACK, made_by + [stmt],
                       f"{short(text)} reads back as {short(out.rows[0][0])}", subject)
    return None


def check_same_value(session, typ, text, value_expr, setup, made_by, subject):
    """The value read from text equals the value value_expr (after setup) gives."""
    stmt = (f"SELECT govindex.{typ}_send({cast(text, typ)}) = govindex.{typ}_send({value_expr})")
    out = session.run(setup + [stmt])
    if out.kind != OK:
        return Failure(out.kind if out.failed else READS_BACK, made_by + [stmt], out.describe(), subject)
    if out.rows[0][0] is not True:
        return Failure(READS_BACK, made_by + [stmt],
                       f"the value printed as {short(text)} reads back as a different value", subject)
    return None


def short(text, limit=200):
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text)} characters)"


def qualified(typ):
    return typ if "." in typ else f"govindex.{typ}"
