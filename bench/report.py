#!/usr/bin/env python3
"""report.py: turn the s2count reports and the s2bench console lines of
`make bench` into build/bench/results.{csv,md}, raw.csv, summary.md and the
chart's data (chart.dat, drawn by bench/chart.gp).

    report.py MANIFEST OUTDIR

MANIFEST has one line per QEMU boot:
    pair BASE PATCHED MACHINE VARIANT ROLE CONSOLE_LOG PLUGIN_REPORT TAP
(ROLE: base or patched). The k-th "S2BENCH window ... marks=1" line of a
boot's console is the plugin's window k; a boot whose window count does not
match, or that left a window open, is reported and not used. Windows of a
workload that failed (TAP "not ok") are not used either.

Exit status: 0 when every boot and every workload was usable, 1 otherwise
(the tables are still written, with what was usable).
"""
import csv
import os
import re
import statistics
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The order scenarios appear in the tables.
SCENARIOS = ["madvise", "madvise-thp", "memslot", "memslot-thp", "destroy",
             "dirty-enable", "dirty-clear", "control", "control-thp", "empty"]

# The architectural minimum of each scenario (../shared/DESIGN.md, "Unmap"):
# unmapping needs, above the host's own work (the control), one TLBI
# broadcast (VMALLS12E1IS, or a range/IPA TLBI: the minimum is one), one DSB
# before it (the cleared entries are visible to the walkers), one after it,
# and without FWB the clean+invalidate to PoC of every line of every page
# with one DSB after the batch; on nVHE one hyp call carries the TLBI.
# VM teardown owes no TLBI (the VMID is retired; nothing can use it) but the
# same CMOs. Write-protection (dirty logging) owes one TLBI and two DSBs per
# system call (each call must have invalidated when it returns) and no CMO.
#   control: the scenario whose counts are the host's own share
#   tlbi, dsb_fwb, dsb_nofwb, hvc_nvhe: constants (per call if per_call)
#   cmo: whether the cacheable pages are cleaned+invalidated without FWB
MINIMUM = {
    "madvise": dict(control="control", tlbi=1, dsb_fwb=2, dsb_nofwb=3, hvc_nvhe=1, cmo=True),
    "madvise-thp": dict(control="control-thp", tlbi=1, dsb_fwb=2, dsb_nofwb=3, hvc_nvhe=1, cmo=True),
    "memslot": dict(control=None, tlbi=1, dsb_fwb=2, dsb_nofwb=3, hvc_nvhe=1, cmo=True),
    "memslot-thp": dict(control=None, tlbi=1, dsb_fwb=2, dsb_nofwb=3, hvc_nvhe=1, cmo=True),
    "destroy": dict(control=None, tlbi=0, dsb_fwb=0, dsb_nofwb=1, hvc_nvhe=0, cmo=True),
    "dirty-enable": dict(control=None, tlbi=1, dsb_fwb=2, dsb_nofwb=2, hvc_nvhe=1, cmo=False),
    "dirty-clear": dict(control=None, tlbi=1, dsb_fwb=2, dsb_nofwb=2, hvc_nvhe=1, cmo=False,
                        per_call=True),
}
# Scenarios that unmap (the chart).
UNMAP = ["madvise", "madvise-thp", "memslot", "memslot-thp", "destroy"]
DC_CMO = ["dc.civac", "dc.cvac", "dc.ivac", "dc.cvau", "dc.cvap", "dc.cvadp"]


def fmt(n):
    """Integers with thousands separators, others with 3 significant digits."""
    if n is None:
        return "–"
    if isinstance(n, int) or float(n).is_integer():
        return f"{int(n):,}"
    if abs(n) >= 100:
        return f"{n:,.0f}"
    if abs(n) >= 1:
        return f"{n:.3g}"
    return f"{n:.2g}"


def ratio(p, b):
    if b in (None, 0) or p is None:
        return None
    return p / b


def fmt_ratio(r):
    if r is None:
        return "–"
    if r >= 10:
        return f"{r:,.0f}x"
    if r >= 0.1:
        return f"{r:.2f}x"
    return f"1/{1 / r:,.0f}" if r > 0 else "0"


def read_machines():
    machines = {}
    with open(os.path.join(TOP, "config", "machines")) as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, cpu, smp, mem, mode, fwb, rng, *rest = line.split()
            machines[name] = dict(cpu=cpu, mode=mode, fwb=fwb == "1", tlbirange=rng == "1")
    return machines


def parse_report(path):
    """The plugin's report: its windows line, and per window the counts by
    class (and "host_ns", the host time of the window, with time=on)."""
    windows, header = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("windows="):
                header = dict(kv.split("=") for kv in line.split())
            m = re.match(r"window=(\d+) class=(\S+) count=(\d+)$", line)
            if m:
                windows.setdefault(int(m.group(1)), {})[m.group(2)] = int(m.group(3))
            m = re.match(r"window=(\d+) host_ns=(\d+)$", line)
            if m:
                windows.setdefault(int(m.group(1)), {})["host_ns"] = int(m.group(2))
    return header, windows


def parse_console(path):
    """S2BENCH lines with the workload (run-list entry) each came from."""
    lines, test = [], None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"@@@ BEGIN (\S+)$", line)
            if m:
                test = m.group(1)
            elif line.startswith("@@@ END "):
                test = None
            elif line.startswith("S2BENCH window "):
                kv = dict(x.split("=", 1) for x in line.split()[2:])
                kv["test"] = test
                lines.append(kv)
    return lines


def failed_tests(tap, variant, machine):
    bad = set()
    if os.path.exists(tap):
        with open(tap) as f:
            for line in f:
                m = re.match(rf"not ok - {re.escape(variant)}/{re.escape(machine)}/(\S+)", line)
                if m:
                    bad.add(m.group(1))
    return bad


class Agg:
    """The repetitions of one window kind on one kernel and machine."""

    def __init__(self):
        self.reps = []

    def add(self, counts, meta):
        self.reps.append((counts, meta))

    def finish(self):
        # Wall time: the host's, from the plugin (time=on), else the guest's.
        self.ns = statistics.median([c.get("host_ns", int(m["ns"])) for c, m in self.reps])
        self.guest_ns = statistics.median([int(m["ns"]) for _, m in self.reps])
        counts = [{k: v for k, v in c.items() if k != "host_ns"} for c, _ in self.reps]
        classes = sorted(set().union(*counts))
        self.med = {c: statistics.median_low([x.get(c, 0) for x in counts]) for c in classes}
        self.spread = {}
        for c in classes:
            vals = [x.get(c, 0) for x in counts]
            if min(vals) != max(vals) and c != "insns":
                self.spread[c] = (min(vals), max(vals))
        meta = self.reps[0][1]
        self.pages = int(meta["pages"])
        self.page_size = int(meta["page_size"])
        self.dline = int(meta["dline"])
        self.calls = int(meta["calls"])
        self.mib = int(meta["mib"])
        self.n = len(self.reps)
        m = self.med
        self.tlbi = sum(v for k, v in m.items() if k.startswith("tlbi."))
        self.dsb = sum(v for k, v in m.items() if k.startswith("dsb."))
        self.isb = m.get("isb", 0)
        self.dc = sum(m.get(k, 0) for k in DC_CMO)
        self.hvc = m.get("hvc", 0)
        self.insns = m.get("insns", 0)
        return self

    def kinds(self, prefix, only=None):
        out = []
        for k, v in self.med.items():
            if k.startswith(prefix) and v and (only is None or k in only):
                out.append(f"{k[len(prefix):]} {fmt(v)}")
        return ", ".join(out) or "0"


def minimum(scn, a, mach, controls):
    """(tlbi, dsb, dc, hvc) minimum for window kind scn, or None."""
    spec = MINIMUM.get(scn)
    if not spec:
        return None
    calls = a.calls if spec.get("per_call") else 1
    tlbi = spec["tlbi"] * calls
    dsb = (spec["dsb_fwb"] if mach["fwb"] else spec["dsb_nofwb"]) * calls
    hvc = spec["hvc_nvhe"] * calls if mach["mode"] != "vhe" else 0
    dc = a.pages * a.page_size // a.dline if spec["cmo"] and not mach["fwb"] else 0
    if spec["control"]:
        c = controls.get(spec["control"])
        if c is None:
            return None
        tlbi += c.tlbi
        dsb += c.dsb
        dc += c.dc
        hvc += c.hvc
    return dict(tlbi=tlbi, dsb=dsb, dc=dc, hvc=hvc)


def main():
    manifest, outdir = sys.argv[1], sys.argv[2]
    machines = read_machines()
    problems = []
    aggs = {}       # (pair, machine, scenario, mib, role) -> Agg
    pairs, order_m = [], {}
    raw_rows = []
    with open(manifest) as f:
        boots = [line.split() for line in f if line.strip()]
    for pair, base, patched, machine, variant, role, log, report, tap in boots:
        key_pair = f"{base} vs {patched}"
        if key_pair not in pairs:
            pairs.append(key_pair)
        order_m.setdefault(key_pair, [])
        if machine not in order_m[key_pair]:
            order_m[key_pair].append(machine)
        where = f"{variant} on {machine}"
        if not os.path.exists(report) or not os.path.exists(log):
            problems.append(f"{where}: no plugin report or console log (did QEMU run?)")
            continue
        header, windows = parse_report(report)
        lines = [x for x in parse_console(log) if x.get("marks") == "1"]
        if header is None:
            problems.append(f"{where}: the plugin report has no windows line")
            continue
        if header.get("unterminated") != "0":
            problems.append(f"{where}: a window was still open at power-off (a workload died in it)")
            continue
        if int(header["windows"]) != len(lines) or len(windows) != len(lines):
            problems.append(f"{where}: {header['windows']} windows but {len(lines)} S2BENCH lines")
            continue
        bad = failed_tests(tap, variant, machine)
        for t in sorted(bad):
            problems.append(f"{where}: workload {t} failed; its windows are not used")
        for k, meta in enumerate(lines, 1):
            counts = windows[k]
            raw_rows.append(dict(pair=key_pair, machine=machine, kernel=variant, role=role,
                                 window=k, valid=int(meta["test"] not in bad), **meta,
                                 **counts))
            if meta["test"] in bad:
                continue
            key = (key_pair, machine, meta["scenario"], int(meta["mib"]), role)
            aggs.setdefault(key, Agg()).add(counts, meta)
    for a in aggs.values():
        a.finish()

    os.makedirs(outdir, exist_ok=True)
    classes = []
    for r in raw_rows:
        for k in r:
            if "." in k or k in ("insns", "isb", "hvc", "smc", "at", "ssbb", "pssbb"):
                if k not in classes:
                    classes.append(k)
    meta_cols = ["pair", "machine", "kernel", "role", "window", "test", "valid", "scenario",
                 "mib", "rep", "pages", "page_size", "dline", "calls", "ns", "host_ns"]
    with open(os.path.join(outdir, "raw.csv.tmp"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(meta_cols + classes)
        for r in raw_rows:
            w.writerow([r.get(c, "") for c in meta_cols] + [r.get(c, 0) for c in classes])
        # ns: the guest's CLOCK_MONOTONIC across the window; host_ns: the host's.
    os.replace(os.path.join(outdir, "raw.csv.tmp"), os.path.join(outdir, "raw.csv"))

    # One row per (pair, machine, scenario, size, kernel).
    rows = []
    for key_pair in pairs:
        base, patched = key_pair.split(" vs ")
        for machine in order_m[key_pair]:
            mach = machines[machine]
            sizes = sorted({k[3] for k in aggs if k[0] == key_pair and k[1] == machine})
            for scn in SCENARIOS:
                for mib in sizes:
                    ab = aggs.get((key_pair, machine, scn, mib, "base"))
                    ap = aggs.get((key_pair, machine, scn, mib, "patched"))
                    if not ab and not ap:
                        continue
                    for role, a in (("base", ab), ("patched", ap)):
                        if not a:
                            problems.append(f"{key_pair} {machine} {scn} {mib} MiB: no {role} numbers")
                            continue
                        controls = {c: aggs.get((key_pair, machine, c, mib, role))
                                    for c in ("control", "control-thp")}
                        mn = minimum(scn, a, mach, controls)
                        other = ab if role == "patched" else None
                        rows.append(dict(pair=key_pair, granule=a.page_size, machine=machine,
                                         mode=mach["mode"], fwb=int(mach["fwb"]),
                                         tlbirange=int(mach["tlbirange"]), scenario=scn,
                                         mib=mib, role=role,
                                         kernel=base if role == "base" else patched,
                                         a=a, min=mn, base=other))
    write_csv(rows, classes, outdir)
    write_md(rows, pairs, problems, outdir)
    write_chart(rows, outdir)
    for p in problems:
        print(f"report: {p}", file=sys.stderr)
    return 1 if problems else 0


def write_csv(rows, classes, outdir):
    cols = ["pair", "granule", "machine", "mode", "fwb", "tlbirange", "scenario", "mib",
            "kernel", "role", "reps", "pages", "calls", "tlbi", "dsb", "isb", "dc_cmo", "hvc",
            "insns", "wall_ns", "guest_ns", "tlbi_per_mib", "dsb_per_mib", "dc_per_page", "insns_per_page",
            "min_tlbi", "min_dsb", "min_dc", "min_hvc", "above_min_tlbi", "above_min_dsb",
            "above_min_dc", "above_min_hvc", "ratio_tlbi", "ratio_dsb", "ratio_dc",
            "ratio_wall", "varies"]
    path = os.path.join(outdir, "results.csv")
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols + classes)
        for r in rows:
            a, mn, b = r["a"], r["min"], r["base"]
            d = dict(r, reps=a.n, pages=a.pages, calls=a.calls, tlbi=a.tlbi, dsb=a.dsb,
                     isb=a.isb, dc_cmo=a.dc, hvc=a.hvc, insns=a.insns, wall_ns=int(a.ns), guest_ns=int(a.guest_ns),
                     tlbi_per_mib=round(a.tlbi / r["mib"], 4),
                     dsb_per_mib=round(a.dsb / r["mib"], 4),
                     dc_per_page=round(a.dc / a.pages, 4),
                     insns_per_page=round(a.insns / a.pages, 1),
                     varies=";".join(f"{k}:{lo}-{hi}" for k, (lo, hi) in a.spread.items()))
            for k in ("tlbi", "dsb", "dc", "hvc"):
                d[f"min_{k}"] = mn[k] if mn else ""
                d[f"above_min_{k}"] = getattr(a, k) - mn[k] if mn else ""
            for k, attr in (("tlbi", "tlbi"), ("dsb", "dsb"), ("dc", "dc"), ("wall", "ns")):
                rr = ratio(getattr(a, attr), getattr(b, attr)) if b else None
                d[f"ratio_{k}"] = round(rr, 6) if rr is not None else ""
            w.writerow([d.get(c, "") for c in cols] + [a.med.get(c, 0) for c in classes])
    os.replace(path + ".tmp", path)


def summary_table(rows, mib_filter=None):
    """Markdown: one line per (scenario, size, machine), base -> patched."""
    out = ["| scenario | MiB | CPU | TLBIs base → patched | DSBs base → patched | "
           "DC CMOs base → patched | HVCs | wall ms base → patched | "
           "minimum TLBI / DSB / DC | patched above minimum TLBI / DSB / DC |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    by = {}
    for r in rows:
        by.setdefault((r["pair"], r["scenario"], r["mib"], r["machine"]), {})[r["role"]] = r
    keys = sorted(by, key=lambda k: (k[0], SCENARIOS.index(k[1]), k[2],
                                     [r["machine"] for r in rows].index(k[3])))
    for k in keys:
        if mib_filter and k[2] != mib_filter:
            continue
        if k[1] == "empty":
            continue
        b, p = by[k].get("base"), by[k].get("patched")
        if not b or not p:
            continue
        ab, ap = b["a"], p["a"]

        def cmp(x, y, show_ratio=True):
            rr = ratio(y, x)
            s = f"{fmt(x)} → {fmt(y)}"
            return s + (f" ({fmt_ratio(rr)})" if show_ratio and rr is not None and x != y else "")
        mn = p["min"]
        if mn:
            mins = f"{fmt(mn['tlbi'])} / {fmt(mn['dsb'])} / {fmt(mn['dc'])}"
            above = (f"+{fmt(ap.tlbi - mn['tlbi'])} / +{fmt(ap.dsb - mn['dsb'])} / "
                     f"+{fmt(ap.dc - mn['dc'])}").replace("+-", "−")
        else:
            mins = above = "(host-only control)" if k[1].startswith("control") else "–"
        out.append(f"| {k[1]} | {k[2]} | {k[3]} | {cmp(ab.tlbi, ap.tlbi)} | {cmp(ab.dsb, ap.dsb)} | "
                   f"{cmp(ab.dc, ap.dc)} | {fmt(ab.hvc)} → {fmt(ap.hvc)} | "
                   f"{cmp(round(ab.ns / 1e6, 1), round(ap.ns / 1e6, 1))} | {mins} | {above} |")
    return "\n".join(out) + "\n"


def detail_table(rows):
    out = ["| scenario | MiB | CPU | kernel | TLBI by kind | DSB by option | ISB | DC by op | "
           "HVC | TLBI/MiB | DSB/MiB | DC/page | insns/page | wall ms | reps differ |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        a = r["a"]
        if r["scenario"] == "empty":
            continue
        spread = "; ".join(f"{k} {fmt(lo)}–{fmt(hi)}" for k, (lo, hi) in a.spread.items()
                           if not k.startswith("dmb.")) or "no"
        out.append(f"| {r['scenario']} | {r['mib']} | {r['machine']} | {r['kernel']} | "
                   f"{a.kinds('tlbi.')} | {a.kinds('dsb.')} | {fmt(a.isb)} | {a.kinds('dc.')} | "
                   f"{fmt(a.hvc)} | {fmt(a.tlbi / r['mib'])} | {fmt(a.dsb / r['mib'])} | "
                   f"{fmt(a.dc / a.pages)} | {fmt(round(a.insns / a.pages))} | "
                   f"{fmt(round(a.ns / 1e6, 1))} | {spread} |")
    return "\n".join(out) + "\n"


def summary_mib(rows):
    """The largest size every scenario of these rows ran at (the size sweep
    runs some scenarios at sizes the others do not)."""
    per = {}
    for r in rows:
        per.setdefault(r["scenario"], set()).add(r["mib"])
    common = set.intersection(*per.values()) if per else set()
    return max(common) if common else max((r["mib"] for r in rows), default=None)


def sweep_table(rows):
    """Markdown: the scenarios that ran at three sizes or more, one line per
    (scenario, CPU, count), base -> patched at each size."""
    by = {}
    for r in rows:
        by.setdefault((r["scenario"], r["machine"]), {}).setdefault(r["mib"], {})[r["role"]] = r["a"]
    keys = [k for k in by if len(by[k]) >= 3]
    if not keys:
        return ""
    sizes = sorted({m for k in keys for m in by[k]})
    out = ["| scenario | CPU | count | " + " | ".join(f"{m} MiB" for m in sizes) + " |",
           "|---|---|---|" + "---|" * len(sizes)]
    order = list(dict.fromkeys(r["machine"] for r in rows))
    for scn, mach in sorted(keys, key=lambda k: (SCENARIOS.index(k[0]), order.index(k[1]))):
        for what, attr in (("TLBIs", "tlbi"), ("DSBs", "dsb"), ("DC CMOs", "dc"), ("insns", "insns")):
            cells = []
            for m in sizes:
                v = by[(scn, mach)].get(m, {})
                if "base" in v and "patched" in v:
                    cells.append(f"{fmt(getattr(v['base'], attr))} → {fmt(getattr(v['patched'], attr))}")
                else:
                    cells.append("–")
            out.append(f"| {scn} | {mach} | {what} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def write_md(rows, pairs, problems, outdir):
    reps = max((r["a"].n for r in rows), default=0)
    head = []
    info = os.environ.get("BENCH_INFO", "")
    head.append((info + "\n\n" if info else "") +
                "Counts are the instructions executed inside the measured window by all "
                "vCPUs of the QEMU machine (s2count plugin), the median of "
                f"{reps} repetitions (the detail table lists any class whose repetitions "
                "differ). Wall time is the host's time to emulate the window (median; QEMU "
                "TCG, not hardware time, and it grows with the host's load). DSBs: all "
                "options; DC CMOs: DC CIVAC/CVAC/IVAC/CVAU/CVAP by VA (DC ZVA, page zeroing, "
                "is in the detail table only). The minimum is the architectural one of "
                "DESIGN.md \"Unmap\": the host-only control plus 1 TLBI and 3 DSBs (2 with "
                "FWB), every line of every page cleaned to PoC without FWB (page size / line "
                "size DC CIVAC per page: 64 per 4 KiB page, 1,024 per 64 KiB page with "
                "64-byte lines, the same per MiB whatever the granule; the TLBI and DSB "
                "minimum does not depend on the granule either: one VMID-wide or range TLBI "
                "covers any of these regions), one hyp call on nVHE; at VM destroy no TLBI "
                "(the VMID is retired) but the same CMOs (counted for the measured region "
                "only: the guest's code, stack and page tables in memslot 0 add about 150 "
                "4 KiB pages); 1 TLBI + 2 DSBs per "
                "KVM_CLEAR_DIRTY_LOG call. A negative DC distance is cache maintenance "
                "the architecture requires and the kernel did not execute; a negative "
                "TLBI or DSB distance only means the window needed fewer than the "
                "host-only control's own count (which has its own interrupts and page "
                "freeing: see the detail table).")
    summ = []
    for p in pairs:
        prow = [r for r in rows if r["pair"] == p]
        gran = sorted({r["granule"] for r in prow})
        big = summary_mib(prow)
        summ.append(f"### {p} ({', '.join(f'{g // 1024} KiB' for g in gran)} pages), {big} MiB\n")
        summ.append(summary_table(prow, big))
        sweep = sweep_table(prow)
        if sweep:
            summ.append(f"\n#### {p}: size sweep (base → patched; the chart: sweep.png)\n")
            summ.append(sweep)
    with open(os.path.join(outdir, "summary.md.tmp"), "w") as f:
        f.write(head[0] + "\n\n" + "\n".join(summ))
        if problems:
            f.write("\nProblems:\n" + "".join(f"- {x}\n" for x in problems))
    os.replace(os.path.join(outdir, "summary.md.tmp"), os.path.join(outdir, "summary.md"))
    with open(os.path.join(outdir, "results.md.tmp"), "w") as f:
        f.write("# make bench: stage-2 maintenance, base vs. patched\n\n")
        f.write(head[0] + "\n\n")
        if problems:
            f.write("**Problems** (these numbers are missing or incomplete):\n\n")
            f.write("".join(f"- {x}\n" for x in problems) + "\n")
        for p in pairs:
            prow = [r for r in rows if r["pair"] == p]
            f.write(f"## {p}\n\n")
            f.write(summary_table(prow))
            sweep = sweep_table(prow)
            if sweep:
                f.write(f"\n### Size sweep ({p})\n\n" + sweep)
            f.write(f"\n### Detail ({p})\n\n")
            f.write(detail_table(prow))
            f.write("\n")
    os.replace(os.path.join(outdir, "results.md.tmp"), os.path.join(outdir, "results.md"))


def write_chart(rows, outdir):
    """chart.dat: per (pair, machine, unmap scenario) at the largest size:
    TLBIs and DSBs per MiB, base and patched."""
    big = summary_mib(rows)
    if big is None:
        return
    by = {}
    for r in rows:
        if r["mib"] == big and r["scenario"] in UNMAP:
            by.setdefault((r["pair"], r["machine"], r["scenario"]), {})[r["role"]] = r["a"]
    with open(os.path.join(outdir, "chart.dat.tmp"), "w") as f:
        f.write(f"# {big} MiB: label base_tlbi patched_tlbi base_dsb patched_dsb (per MiB)\n")
        pairs = list(dict.fromkeys(k[0] for k in by))
        for (p, m, s), v in by.items():
            if "base" not in v or "patched" not in v:
                continue
            label = f"{m} {s}" if len(pairs) == 1 else f"{m} {s} ({p})"
            b, q = v["base"], v["patched"]
            f.write(f'"{label}" {b.tlbi / big:.6g} {q.tlbi / big:.6g} '
                    f"{b.dsb / big:.6g} {q.dsb / big:.6g}\n")
    os.replace(os.path.join(outdir, "chart.dat.tmp"), os.path.join(outdir, "chart.dat"))
    write_sweep(rows, outdir)


def write_sweep(rows, outdir):
    """sweep.dat (bench/sweep.gp): one block per (pair, machine, unmap
    scenario) that ran at three sizes or more: MiB and the base and patched
    TLBIs, DSBs and DC CMOs at each. sweep.titles: the blocks' titles."""
    by = {}
    for r in rows:
        if r["scenario"] in UNMAP:
            by.setdefault((r["pair"], r["machine"], r["scenario"]), {}).setdefault(
                r["mib"], {})[r["role"]] = r["a"]
    pairs = list(dict.fromkeys(k[0] for k in by))
    blocks, titles = [], []
    for (p, m, s), sizes in by.items():
        full = {mib: v for mib, v in sizes.items() if "base" in v and "patched" in v}
        if len(full) < 3:
            continue
        lines = [f"# {m} {s} ({p}): mib base_tlbi patched_tlbi base_dsb patched_dsb base_dc patched_dc"]
        for mib in sorted(full):
            b, q = full[mib]["base"], full[mib]["patched"]
            lines.append(f"{mib} {b.tlbi} {q.tlbi} {b.dsb} {q.dsb} {b.dc} {q.dc}")
        blocks.append("\n".join(lines))
        titles.append(f"{m}/{s}" + (f"/{p.split(' vs ')[1]}" if len(pairs) > 1 else ""))
    path = os.path.join(outdir, "sweep.dat")
    if not blocks:
        for f in (path, os.path.join(outdir, "sweep.titles")):
            if os.path.exists(f):
                os.remove(f)
        return
    with open(path + ".tmp", "w") as f:
        f.write("\n\n\n".join(blocks) + "\n")
    os.replace(path + ".tmp", path)
    with open(os.path.join(outdir, "sweep.titles"), "w") as f:
        f.write(" ".join(titles) + "\n")


if __name__ == "__main__":
    sys.exit(main())
