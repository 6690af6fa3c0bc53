#!/usr/bin/env python3
"""window_check.py: the checks of scripts/bench-test.sh on one boot of the
bench workloads under the s2count plugin. Prints one line per check,
"pass NAME" or "fail NAME: why", and exits 0 (the caller records them).

    window_check.py CONSOLE_LOG PLUGIN_REPORT

The run list is fixed by bench-test.sh (in this order):
    empty 1, control 4, madvise 4, madvise 4 without markers (-n),
    memslot 4, dirty 4 (two windows)
"""
import sys

from report import parse_console, parse_report

# Windows the marked runs must produce, in order.
EXPECT = ["empty", "control", "madvise", "memslot", "dirty-enable", "dirty-clear"]
# Stage-2 invalidations: by IPA, by IPA range, or the whole VMID.
S2_TLBI = ("tlbi.ipas2", "tlbi.ripas2", "tlbi.vmalls12")


def s2_tlbis(counts):
    return sum(v for k, v in counts.items() if k.startswith(S2_TLBI))


def total(counts, prefix):
    return sum(v for k, v in counts.items() if k.startswith(prefix))


def main():
    log, report = sys.argv[1], sys.argv[2]
    results = []

    def check(name, why):
        results.append(f"pass {name}" if not why else f"fail {name}: {why}")

    try:
        header, windows = parse_report(report)
    except OSError as e:
        header, windows = None, {}
        print(f"fail bench/windows: no plugin report ({e})")
    lines = parse_console(log)
    marked = [x for x in lines if x.get("marks") == "1"]
    unmarked = [x for x in lines if x.get("marks") == "0"]
    got = [x["scenario"] for x in marked]

    why = None
    if header is None:
        why = "the plugin report has no windows line"
    elif header.get("unterminated") != "0":
        why = "a window was open at power-off"
    elif got != EXPECT:
        why = f"the workloads reported windows {got}, want {EXPECT}"
    elif int(header["windows"]) != len(EXPECT) or sorted(windows) != list(range(1, len(EXPECT) + 1)):
        why = f"the plugin reported {header['windows']} windows, want {len(EXPECT)}"
    check("bench/windows", why)
    if why:
        for name in ("bench/no-markers", "bench/window-empty", "bench/window-control",
                     "bench/window-unmap", "bench/window-dirty"):
            check(name, "no usable windows (see bench/windows)")
        print("\n".join(results))
        return 0
    w = {x["scenario"]: windows[i] for i, x in enumerate(marked, 1)}

    # The unmarked madvise ran to its end, yet no window came of it.
    check("bench/no-markers",
          None if [x["scenario"] for x in unmarked] == ["madvise"]
          else f"the run without markers printed {[x['scenario'] for x in unmarked]}")

    # Nothing leaks into a window: START then STOP a few instructions later.
    nz = {k: v for k, v in w["empty"].items() if v and k not in ("insns", "host_ns")}
    why = None
    if nz:
        why = f"counts in an empty window: {nz}"
    elif not 0 < w["empty"].get("insns", 0) < 200:
        why = f"an empty window counted {w['empty'].get('insns', 0)} instructions"
    check("bench/window-empty", why)

    # The host-only madvise: the host's own flush, no stage-2 invalidation.
    c = w["control"]
    why = None
    if s2_tlbis(c):
        why = f"{s2_tlbis(c)} stage-2 TLBIs for memory no guest mapped"
    elif not total(c, "tlbi.") or not total(c, "dsb."):
        why = "no TLBI or no DSB: the host's madvise is not in the window"
    check("bench/window-control", why)

    # Unmapping what a guest mapped invalidates stage 2, and costs more
    # than the same madvise without a guest.
    why = None
    for scn in ("madvise", "memslot"):
        if not s2_tlbis(w[scn]):
            why = f"{scn}: no stage-2 TLBI in the window"
        elif not total(w[scn], "dsb."):
            why = f"{scn}: no DSB in the window"
    if not why and w["madvise"].get("insns", 0) <= c.get("insns", 0):
        why = "madvise of guest memory executed no more instructions than the host-only control"
    check("bench/window-unmap", why)

    why = None
    for scn in ("dirty-enable", "dirty-clear"):
        if not s2_tlbis(w[scn]):
            why = f"{scn}: no stage-2 TLBI (write-protection not invalidated?)"
    check("bench/window-dirty", why)

    print("\n".join(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
