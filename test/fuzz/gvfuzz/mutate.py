"""Mutators of a valid value's text form and of its binary (send) form.  Every choice
comes from the random.Random passed in, so a seed gives the same cases every run."""

import re
import struct

# Characters of the types' text forms, and a few that none of them uses.
ALPHABET = "0123456789-+/.,:;=(){}[]\" \t\nexEX_~\\'a" + "đ"

# Numbers that sit on a boundary: of int16/32/64, of the calendar (years 0001, 9999,
# 2203), of timestamptz (294276) and of date (5874897).
NUMBERS = ["0", "1", "-1", "00", "2", "7", "8", "24", "60", "99", "100", "255", "256",
           "32767", "32768", "-32769", "65536", "2147483647", "2147483648", "-2147483649",
           "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
           "-9223372036854775809", "99999999999999999999", "1e400", "0.5", "NaN",
           "0001", "9999", "10000", "2203", "294276", "294277", "5874897", "5874898"]

# Date and time pieces that sit on a boundary.
DATES = ["infinity", "-infinity", "0001-01-01", "9999-12-31", "10000-01-01", "2203-01-01",
         "0001-01-01 BC", "4714-11-24 BC", "294276-12-31", "5874897-12-31", "2024-02-29",
         "2023-02-29", "2024-13-01", "2024-01-01 24:00", "2024-01-01 00:00+15", "epoch"]

NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")
DATE_RE = re.compile(r"\d{4}-\d\d-\d\d( \d\d:\d\d(:\d\d)?(\.\d+)?)?([+-]\d\d)?")
TOKEN_RE = re.compile(r"[A-Za-z_]+|\d+|\S")


def mutate_text(rng, text, others):
    """1 to 4 stacked mutations of text; others are the other seeds, for splicing."""
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(TEXT_MUTATORS)(rng, text, others)
    return text


def replace_number(rng, text, others):
    spans = [m.span() for m in NUMBER_RE.finditer(text)]
    if not spans:
        return insert_char(rng, text, others)
    a, b = rng.choice(spans)
    return text[:a] + rng.choice(NUMBERS) + text[b:]


def replace_date(rng, text, others):
    spans = [m.span() for m in DATE_RE.finditer(text)]
    if not spans:
        return replace_number(rng, text, others)
    a, b = rng.choice(spans)
    return text[:a] + rng.choice(DATES) + text[b:]


def delete_span(rng, text, others):
    if not text:
        return text
    a = rng.randrange(len(text))
    return text[:a] + text[a + rng.randint(1, 8):]


def duplicate_span(rng, text, others):
    if not text:
        return text
    a = rng.randrange(len(text))
    b = min(len(text), a + rng.randint(1, 40))
    return text[:b] + text[a:b] * rng.choice([1, 1, 2, 100]) + text[b:]


def insert_char(rng, text, others):
    a = rng.randint(0, len(text))
    return text[:a] + rng.choice(ALPHABET) + text[a:]


def swap_tokens(rng, text, others):
    tokens = TOKEN_RE.findall(text)
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    if len(spans) < 2:
        return insert_char(rng, text, others)
    i, j = sorted(rng.sample(range(len(spans)), 2))
    (a, b), (c, d) = spans[i], spans[j]
    return text[:a] + tokens[j] + text[b:c] + tokens[i] + text[d:]


def splice(rng, text, others):
    """The head of this value with the tail of another of the same type."""
    if not others:
        return delete_span(rng, text, others)
    other = rng.choice(others)
    return text[:rng.randint(0, len(text))] + other[rng.randint(0, len(other)):]


COUNT_RE = re.compile(r"(?<==)\d+|(?<![\d:.-])\d+(?=/)|(?<=/)\d+(?![\d.-])")


def scale_counts(rng, text, others):
    """Multiplies every count (name=count, a/b) by one factor, so that the value's own
    invariants still hold while its counts come near the int64 limit: sums overflow."""
    counts = [int(m.group(0)) for m in COUNT_RE.finditer(text)]
    if not counts or max(counts) == 0:
        return replace_number(rng, text, others)
    top = rng.choice([1 << 62, (1 << 63) - 1, 1 << 31, 1 << 53])
    factor = max(1, top // max(counts))
    return COUNT_RE.sub(lambda m: str(int(m.group(0)) * factor), text)


TEXT_MUTATORS = [replace_number, replace_number, replace_date, delete_span,
                 duplicate_span, insert_char, swap_tokens, splice, scale_counts]


# Binary: big-endian fields of 1, 2, 4 and 8 bytes, as pq_send* writes them.
def boundary_ints(bits):
    top = 1 << (bits - 1)
    return [0, 1, -1, 2, top - 1, -top, top - 2, -top + 1, 100, -100, 7]


FIELD_FORMATS = {1: ">b", 2: ">h", 4: ">i", 8: ">q"}

# Edges of the calendar as the server stores it: a date is int32 days and a timestamp
# int64 microseconds from 2000-01-01.  Years 0001, 2203, 9999; the ends of timestamp
# (4714 BC, 294277) and of date (5874898), their neighbours, and the last day whose
# microseconds fit in int64 (106751991).
DAY = 86400 * 1000000
DAY_EDGES = [-730119, 74144, 2921939, 2921940, -2451545, -2451546, 106751983 - 7,
             106751983, 106751984, 106751991, 106751992, 2145031948, 2145031949]
USEC_EDGES = [-730119 * DAY, 2921940 * DAY, 9223371331200000000 - 1, 9223371331200000000,
              -211813488000000000, -211813488000000000 - 1, (106751983 - 7) * DAY]
EDGES = {4: DAY_EDGES, 8: USEC_EDGES}


def mutate_binary(rng, data, others):
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(BINARY_MUTATORS)(rng, data, others)
    return data


def set_field(rng, data, others):
    """Overwrite an integer field (any offset) with a boundary value or a shifted one."""
    size = rng.choice([1, 2, 4, 4, 8, 8])
    if len(data) < size:
        return flip_bit(rng, data, others)
    # Half the time in the first 24 bytes, where the headers are (version, kind, window).
    at = rng.randrange(len(data) - size + 1 if rng.random() < 0.5 else min(24, len(data) - size + 1))
    fmt = FIELD_FORMATS[size]
    old = struct.unpack(fmt, data[at:at + size])[0]
    bits = size * 8
    choices = (boundary_ints(bits) + EDGES.get(size, []) * 2
               + [old + 1, old - 1, old * 2, -old, old + (1 << (bits // 2))])
    new = rng.choice(choices)
    new = (new + (1 << (bits - 1))) % (1 << bits) - (1 << (bits - 1))   # wrap to the field
    return data[:at] + struct.pack(fmt, new) + data[at + size:]


def flip_bit(rng, data, others):
    if not data:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def truncate(rng, data, others):
    return data[:rng.randint(0, max(0, len(data) - 1))]


def extend(rng, data, others):
    return data + bytes(rng.randrange(256) for _ in range(rng.choice([1, 4, 8, 100])))


def delete_bytes(rng, data, others):
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.choice([1, 2, 4, 8]):]


def splice_bytes(rng, data, others):
    if not others:
        return flip_bit(rng, data, others)
    other = rng.choice(others)
    cut = rng.randint(0, min(len(data), len(other)))
    return data[:cut] + other[cut:]


BINARY_MUTATORS = [set_field, set_field, set_field, flip_bit, truncate, extend,
                   delete_bytes, splice_bytes]
