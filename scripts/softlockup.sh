#!/usr/bin/env bash
# softlockup.sh: make softlockup. Issue 4's demonstration that destroying a
# large guest's stage-2 hogs the CPU on the unpatched base, which the
# soft-lockup detector reports, and does not with the series (patch 0007
# offers cond_resched() after each last-level table, or block, it frees). Not part of make check: it is slow (two debug-kernel boots that
# fault a large guest in under TCG), and it is a demonstration, not a test of
# every change.
#
# Both kernels are the debug kernel (config/kernel-debug.config: KASAN,
# lockdep, the soft-lockup detector; non-preemptible, as every kernel here):
# `debug` (the series) and `base-debug` (the base with the same fragments,
# less kernel-series.config, which only adds the series' test device). They
# boot on the same machine under the same conditions and run one workload:
# s2bench's `destroy` scenario (bench/workloads/s2bench.c: a guest writes
# every 4 KiB page of an N MiB region, then the VM's last file descriptor
# is closed, which destroys its stage-2), with
# /proc/sys/kernel/watchdog_thresh set to 1 (a report after 2 s without a
# reschedule) just before it and restored after it, so that booting is not
# affected (watchdog_thresh=1 on the command line reported soft lockups in
# multi_cpu_stop at boot under TCG on both kernels).
#
# Time is dilated, on purpose: QEMU runs single-threaded TCG with
# -icount shift=N,sleep=off, so the guest's clocks (and the detector's
# timer) advance 2^N ns per instruction executed, nearly independent of the
# host's load (two runs: the same verdicts, virtual times within 0.4%).
# One vCPU: with the machine's two, at shift 6, the debug kernels' timer and
# load-balancing softirqs ate every instruction and neither reached init
# (soft lockups at boot on both); one vCPU at shift 5 boots cleanly.
# A teardown of I instructions lasts I * 2^N ns for the detector. At about
# one instruction per ns and the default threshold (20 s), the same report
# needs a teardown 10 * 2^N times longer, i.e. a guest that many times
# larger (docs/testing.md gives the numbers).
#
# One TAP line per kernel:
#   softlockup/base-debug/MACHINE/destroy-MIB  ok when a soft lockup is
#       reported whose backtrace is in the stage-2 teardown
#       (kvm_pgtable_stage2_destroy)
#   softlockup/debug/MACHINE/destroy-MIB       ok when the teardown completed
#       (the workload passed its checks) and the kernel log holds no soft
#       lockup and no other splat (scripts/logscan.sh)
# and the last line counts them. Exits non-zero when one failed.
#
#   LOCKUP_MACHINE  machine of config/machines (default max)
#   LOCKUP_MIB      guest memory in MiB (default 1024)
#   LOCKUP_SHIFT    -icount shift (default 5: 32 ns per instruction)
#   LOCKUP_SMP      vCPUs (default 1, replacing the machine's 2; see above)
#   LOCKUP_LIMIT    host wall-clock limit per boot in seconds (default 5400)
# Logs: build/logs/VARIANT/MACHINE-softlockup.log; build/softlockup/.
. "$(dirname "$0")/lib.sh"

machine=${LOCKUP_MACHINE:-max}
mib=${LOCKUP_MIB:-1024}
shift_n=${LOCKUP_SHIFT:-5}
smp=${LOCKUP_SMP:-1}
wall_limit=${LOCKUP_LIMIT:-5400}
kbase=base-debug
kpatched=debug
out=$BUILD/softlockup

machine_line "$machine" >/dev/null || die "no machine '$machine' in config/machines"
[ "$(machine_pages "$machine")" = 4k ] || die "softlockup: $machine does not have 4 KiB pages (the kernels here are 4K ones)"

rm -rf "$out"
mkdir -p "$out/root/bench"
RESULTS=$out/softlockup.tap
export RESULTS
: >"$RESULTS"

bash "$TOP/scripts/deps.sh"
bash "$TOP/scripts/base.sh" >/dev/null
note "base $BASE_VERSION, series: $(series_count) patches ($(series_hash))"

build_variants "$kbase" "$kpatched"
# Built against the base tree, as make bench does: both kernels run the same binary.
wl=$(bash "$TOP/scripts/workloads.sh" base | tail -n 1)
cp "$wl/kvm/s2bench" "$out/root/bench/s2bench"
timing "built"

# The workload, in the guest: threshold down, destroy, threshold back.
cat >"$out/root/bench/softlockup.sh" <<'EOF'
#!/bin/sh
# scripts/softlockup.sh's workload: s2bench destroy MIB with the soft-lockup
# detector's threshold at 1 (a report after 2 s without a reschedule).
old=$(cat /proc/sys/kernel/watchdog_thresh) || exit 3
echo 1 >/proc/sys/kernel/watchdog_thresh || exit 3
echo "SOFTLOCKUP watchdog_thresh=$(cat /proc/sys/kernel/watchdog_thresh) (was $old)"
/bench/s2bench -n destroy "$1"
rc=$?
echo "$old" >/proc/sys/kernel/watchdog_thresh
echo "SOFTLOCKUP watchdog_thresh=$(cat /proc/sys/kernel/watchdog_thresh) s2bench=$rc"
exit $rc
EOF
chmod 755 "$out/root/bench/softlockup.sh"
# The guest's timeout is in virtual seconds (2^N ns per instruction): none,
# in effect; the host's wall-clock limit is LOCKUP_LIMIT.
name=destroy-$mib
printf '%s 10000000 /bench/softlockup.sh %s\n' "$name" "$mib" >"$out/runlist"

icount="-icount shift=$shift_n,sleep=off"
# A later -smp replaces the machine's.
qextra="$icount -smp $smp"
step "softlockup: $kbase and $kpatched on $machine, $smp vCPU(s), $name, TCG thread=single $icount ($((1 << shift_n)) ns per instruction), watchdog_thresh=1"
boot_one() {
	local v=$1 s
	s=$(date +%s)
	RESULTS=$out/$v.tap RUNLIST=$out/runlist EXTRA_ROOT=$out/root BOOT_LIMIT=$wall_limit \
		ACCEL=tcg,thread=single QEMU_EXTRA=$qextra \
		bash "$TOP/scripts/boot.sh" "$v" "$machine" softlockup >"$out/$v.out" 2>&1 || true
	echo $(($(date +%s) - s)) >"$out/$v.wall"
}
boot_one $kbase &
boot_one $kpatched &
wait
timing "boots done"

# The console part of a boot log (before init's dmesg dump, which repeats it).
console() { awk '/^@@@ DMESG/ { exit } { print }' "$1"; }
# The workload's part of it: where watchdog_thresh is 1.
workload() { console "$1" | awk -v n="$2" '$0 == "@@@ BEGIN " n { p = 1 } p; /^@@@ END / { p = 0 }'; }
# The soft-lockup reports on stdin, one line each:
#   TIME STUCK_S PC_FUNCTION IN_TEARDOWN(0|1) TRACE(func<func<...)
lockups() {
	awk '
	function flush() {
		if (!n) return
		printf "%s %s %s %d %s\n", t, stuck, pc, teardown, trace
		n = 0
	}
	/soft lockup - CPU#/ {
		flush()
		n = 1; lines = 0; pc = "?"; trace = ""; teardown = 0
		t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t)
		stuck = $0; sub(/.*stuck for /, "", stuck); sub(/s!.*/, "", stuck)
		next
	}
	n {
		if (++lines > 120 || /^@@@ /) { flush(); next }
		line = $0; sub(/^\[[^]]*\] */, "", line)
		if (line ~ /^pc : /) { pc = line; sub(/^pc : /, "", pc); sub(/\+0x.*/, "", pc) }
		if (line ~ /^ *[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/) {
			f = line; sub(/^ */, "", f); sub(/\+0x.*/, "", f)
			if (split(trace, parts, "<") < 12) trace = trace (trace == "" ? "" : "<") f
		}
		if (line ~ /kvm_pgtable_stage2_destroy|kvm_free_stage2_pgd|kvm_stage2_destroy/) teardown = 1
	}
	END { flush() }'
}

for v in $kbase $kpatched; do
	log=$BUILD/logs/$v/$machine-softlockup.log
	tname=softlockup/$v/$machine/$name
	wall=$(cat "$out/$v.wall" 2>/dev/null || echo '?')
	if [ ! -s "$log" ] || ! grep -q '^@@@ INFO kvm-mode=' "$log"; then
		tail_log "$out/$v.out" 30
		result fail "$tname" "the machine did not boot (see $out/$v.out)"
		continue
	fi
	thresh=$(grep -c '^SOFTLOCKUP watchdog_thresh=1 ' "$log" || true)
	end=$(grep -m1 "^@@@ END $name " "$log" || true)
	read -r _ _ _ rc secs <<<"${end:-x x x none ?}"
	window=$(grep -m1 '^S2BENCH window scenario=destroy' "$log" || true)
	ns=$(sed -n 's/.* ns=\([0-9]*\).*/\1/p' <<<"$window")
	lk=$(workload "$log" "$name" | lockups)
	nlk=$(grep -c . <<<"$lk" || true)
	ntd=$(awk '$4 == 1' <<<"$lk" | grep -c . || true)
	# Outside the workload the threshold is the default (20 s); reported, not judged.
	nall=$(console "$log" | grep -c 'soft lockup - CPU#' || true)
	note "$v: workload exit $rc after ${secs}s (virtual), teardown (close of the VM fd) ${ns:-?} ns virtual = $((${ns:-0} >> shift_n)) instructions at 2^$shift_n ns; $nlk soft-lockup reports in the workload ($ntd in the teardown), $((nall - nlk)) outside it; QEMU ${wall}s wall"
	while read -r t stuck pc td trace; do
		[ -n "$t" ] || continue
		[ "$td" = 1 ] && where="in the teardown" || where="NOT in the teardown"
		note "$v:   [$t] soft lockup ($where), stuck for ${stuck}s, pc in $pc; trace: $trace"
	done <<<"$lk"
	if [ "$thresh" -lt 1 ]; then
		result fail "$tname" "watchdog_thresh was not set to 1 in the guest"
		continue
	fi
	if [ "$v" = "$kbase" ]; then
		if [ "$ntd" -ge 1 ]; then
			result pass "$tname"
		elif [ "$nlk" -ge 1 ]; then
			result fail "$tname" "soft lockups reported, none in the stage-2 teardown (pc: $(awk '{ print $3 }' <<<"$lk" | sort -u | tr '\n' ' '))"
		else
			result fail "$tname" "no soft lockup reported (teardown ${ns:-?} ns virtual: too short for 2 s? raise LOCKUP_MIB or LOCKUP_SHIFT)"
		fi
	else
		scan=$(RESULTS=/dev/null bash "$TOP/scripts/logscan.sh" "$log" "$tname" 2>/dev/null | head -n 1)
		if [ "$nlk" -ge 1 ]; then
			result fail "$tname" "$nlk soft lockups reported (first: stuck for $(awk 'NR == 1 { print $2 "s, pc in " $3 }' <<<"$lk"))"
		elif [ "$rc" != 0 ] || [ -z "$ns" ]; then
			result fail "$tname" "the teardown did not complete (workload exit $rc; see $log)"
		elif [[ $scan != ok* ]]; then
			result fail "$tname" "kernel log: ${scan#*# }"
		else
			result pass "$tname"
		fi
	fi
done
timing "softlockup finished"

tap_summary || exit 1
