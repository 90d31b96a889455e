"""A failure and its printed form: the minimal SQL that reproduces it in psql."""

from .db import CONFIRM

READS_BACK = "does not read back"   # the kind of an accepted value whose text fails


class Failure:
    def __init__(self, kind, statements, detail, subject):
        self.kind = kind                  # crash, internal error, hang, does not read back
        self.statements = statements      # run in order in one session, they reproduce it
        self.detail = detail              # what the server said or returned
        self.subject = subject            # the type or function it concerns

    def key(self):
        """Failures of one kind on one subject are one finding."""
        return (self.subject, self.kind)

    def sql(self, timeout):
        # A hang was confirmed at CONFIRM times the limit.
        lines = [f"SET statement_timeout = '{int(timeout * CONFIRM * 1000)}ms';"] if self.kind == "hang" else []
        for s in self.statements:
            lines.append(s if len(s) <= 4000 else s[:4000] + " ...(cut)")
            lines[-1] += ";"
        return "\n".join(lines)

    def print(self, out, timeout, repeats):
        more = f" (and {repeats} more cases of this kind)" if repeats else ""
        out.write(f"  FAIL {self.kind}: {self.subject}{more}\n")
        for line in self.sql(timeout).splitlines():
            out.write(f"    {line}\n")
        out.write(f"    -- {self.detail}\n")
