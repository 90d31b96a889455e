"""Shrinking a failing case to a small one that fails the same way, within a budget
of re-runs (each is a query; a hang costs a whole time limit, so hangs get few)."""


def shrink_text(text, fails, budget):
    """Removes chunks of characters, halving the chunk size, while it still fails."""
    size = max(1, len(text) // 2)
    while size >= 1 and budget > 0:
        at = 0
        while at < len(text) and budget > 0:
            candidate = text[:at] + text[at + size:]
            budget -= 1
            if fails(candidate):
                text = candidate
            else:
                at += size
        size //= 2
    return text


def shrink_bytes(data, original, fails, budget):
    """Puts the valid value's bytes back where they change nothing, then cuts the tail."""
    for at in range(min(len(data), len(original))):
        if budget <= 0:
            break
        if data[at] != original[at]:
            candidate = data[:at] + original[at:at + 1] + data[at + 1:]
            budget -= 1
            if fails(candidate):
                data = candidate
    if len(data) > len(original) and budget > 0 and fails(data[:len(original)]):
        data = data[:len(original)]
    return data


def shrink_arguments(args, ordinary, fails, budget):
    """Puts ordinary values back in place of the hostile arguments that are not needed:
    all of a group at once, halving the groups that are needed (few re-runs when few
    arguments matter, as each crash costs a server restart)."""
    args = list(args)
    groups = [list(range(len(args)))]
    while groups and budget > 0:
        group = groups.pop(0)
        candidate = [ordinary(i) if i in group else a for i, a in enumerate(args)]
        if all(candidate[i].sql == args[i].sql for i in group):
            continue
        budget -= 1
        if fails(candidate):
            args = candidate
        elif len(group) > 1:
            groups += [group[:len(group) // 2], group[len(group) // 2:]]
    return args
