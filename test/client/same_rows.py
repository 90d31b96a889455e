#!/usr/bin/env python3
"""same_rows.py ADMIN_OUT READER_OUT VIEW SUBTREE_FILE: whether a restricted reader's rows
of a BI view (as test/client/BiCatalog.java printed them) are the administrator's rows of
the reader's subtree.

Value for value, but for the context columns (parent codes and ranks among units, whose
names contain "parent_code" or "rank"): where the reader's value is NULL the
administrator's may be anything, since a live view does not name a unit the reader
cannot see, nor rank among units it cannot see.  A context value the reader does get
must be the administrator's: a wrong rank is never accepted, only a missing one.
Prints what differs; exits 0 when the rows agree, 1 when they do not."""
import sys

NULL = '\\N'


def read(path, view, subtree=None):
    columns, rows = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('# columns %s ' % view):
                columns = line.split(' ', 3)[3].split(',')
            elif line.startswith('# row %s ' % view):
                fields = line.split(' ', 3)[3].split('\t')
                if subtree is None or fields[0] == '-' or fields[0] in subtree:
                    rows.append(fields[1:])
    return columns, rows


def main():
    admin_out, reader_out, view, subtree_file = sys.argv[1:5]
    with open(subtree_file, encoding='utf-8') as f:
        subtree = {line.strip() for line in f if line.strip()}
    columns, admin = read(admin_out, view, subtree)
    _, reader = read(reader_out, view)
    context = [i for i, c in enumerate(columns) if 'parent_code' in c or 'rank' in c]

    def key(row):
        return tuple(NULL if i in context else v for i, v in enumerate(row))

    unmatched = {}
    for row in admin:
        unmatched.setdefault(key(row), []).append(row)
    problems = []
    for row in reader:
        candidates = unmatched.get(key(row), [])
        match = next((a for a in candidates
                      if all(row[i] == NULL or row[i] == a[i] for i in context)), None)
        if match is None:
            near = candidates[0] if candidates else None
            if near is not None:
                diff = ', '.join('%s %s (reader: %s)' % (columns[i], near[i], row[i])
                                 for i in context if row[i] != near[i])
                problems.append('a reader row whose context differs: %s' % diff)
            else:
                problems.append('a reader row the administrator does not have: %s' % '\t'.join(row)[:200])
        else:
            candidates.remove(match)
    left = [r for rows in unmatched.values() for r in rows]
    for row in left[:5]:
        problems.append('an administrator row of the subtree the reader lacks: %s' % '\t'.join(row)[:200])
    if left:
        problems.append('%d administrator rows of the subtree missing for the reader' % len(left))
    for p in problems[:10]:
        print('  ' + p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
