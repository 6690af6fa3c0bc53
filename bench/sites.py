#!/usr/bin/env python3
"""sites.py: where the counted instructions of make bench's windows come
from, by kernel function (s2count's sites=on report and a System.map).

    sites.py SYSTEM_MAP REPORT [CLASS_PREFIX]

Prints "count class function" lines, the largest first, for the classes
starting with CLASS_PREFIX (default: all), and per class the total, which
is the sum of that class over the report's windows. An address outside the
kernel image's text (the nVHE hypervisor runs at its own EL2 addresses, a
module, user space) is shown as "[outside the kernel text]".
"""
import bisect
import re
import sys


def read_map(path):
    addrs, names = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[1] in "tTwW":
                addrs.append(int(parts[0], 16))
                names.append(parts[2])
    order = sorted(range(len(addrs)), key=addrs.__getitem__)
    addrs = [addrs[i] for i in order]
    names = [names[i] for i in order]
    end = None
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "_etext":
                end = int(parts[0], 16)
    return addrs, names, end


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    addrs, names, etext = read_map(sys.argv[1])
    prefix = sys.argv[3] if len(sys.argv) == 4 else ""
    per, total = {}, {}
    with open(sys.argv[2]) as f:
        for line in f:
            m = re.match(r"site pc=0x([0-9a-f]+) class=(\S+) count=(\d+)$", line.strip())
            if not m or not m.group(2).startswith(prefix):
                continue
            pc, cls, n = int(m.group(1), 16), m.group(2), int(m.group(3))
            i = bisect.bisect_right(addrs, pc) - 1
            if i < 0 or (etext is not None and pc >= etext):
                fn = "[outside the kernel text]"
            else:
                fn = names[i]
            per[(cls, fn)] = per.get((cls, fn), 0) + n
            total[cls] = total.get(cls, 0) + n
    for (cls, fn), n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n:>10} {cls:<16} {fn}")
    for cls in sorted(total):
        print(f"{total[cls]:>10} {cls:<16} (total)")


if __name__ == "__main__":
    main()
