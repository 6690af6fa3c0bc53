#!/usr/bin/env bash
# bench-test.sh: the make check stage for the bench workloads. Builds them
# against the patched tree, boots the patched kernel on `max` with the
# s2count plugin and runs each workload once at a small size, and checks
# (bench/window_check.py) that each window holds its operation: an empty
# window counts nothing, the host-only control no stage-2 TLBI, madvise and
# memslot delete of guest memory stage-2 TLBIs and DSBs, both dirty-log
# windows stage-2 TLBIs; and that a run without markers makes no window.
# Needs the patched kernel and initramfs (the build stage). Records
# results; exits 0 once they are recorded.
. "$(dirname "$0")/lib.sh"

out=$BUILD/bench-test
rm -rf "$out"
mkdir -p "$out/root/bench"
names="bench/workloads bench/windows bench/no-markers bench/window-empty bench/window-control
	bench/window-unmap bench/window-dirty"
failall() {
	for n in $names; do result fail "$n" "$1"; done
	exit 0
}

step "bench: workloads under the plugin (patched kernel, max)"
wl=$(bash "$TOP/scripts/workloads.sh" patched | tail -n 1) || failall "the workloads do not build"
cp "$wl/kvm/s2bench" "$out/root/bench/"
make -s -C "$TOP/bench/plugin" O="$BUILD/plugin" all >"$out/plugin-build.log" 2>&1 ||
	failall "the plugin does not build (see $out/plugin-build.log)"
cat >"$out/runlist" <<'EOF'
empty-1 60 /bench/s2bench empty 1
control-4 120 /bench/s2bench control 4
madvise-4 120 /bench/s2bench madvise 4
nomark-4 120 /bench/s2bench -n madvise 4
memslot-4 120 /bench/s2bench memslot 4
dirty-4 120 /bench/s2bench dirty -c 64 4
EOF
# The bench's QEMU (lib.sh): under multi-threaded TCG the other vCPU's
# instructions count in whatever window is open while the host deschedules
# this one, and the empty window caught them (2026-12-04, a loaded CI).
ACCEL=$BENCH_ACCEL QEMU_EXTRA=$BENCH_ICOUNT BOOT_SLACK=120 RESULTS=$out/boot.tap RUNLIST=$out/runlist EXTRA_ROOT=$out/root \
	PLUGIN="$BUILD/plugin/libs2count.so,out=$out/report" \
	bash "$TOP/scripts/boot.sh" patched max bench-test >"$out/boot.out" 2>&1 ||
	failall "boot.sh failed (see $out/boot.out)"
log=$BUILD/logs/patched/max-bench-test.log

# Every workload ran to its end (and the kernel log is clean).
if [ "$(grep -c '^ok ' "$out/boot.tap")" = 8 ] && ! grep -q '^not ok' "$out/boot.tap"; then
	result pass bench/workloads
else
	result fail bench/workloads "$(grep -m1 '^not ok' "$out/boot.tap" | sed 's/^not ok - //' || echo 'missing results') (see $log)"
fi
python3 "$TOP/bench/window_check.py" "$log" "$out/report" >"$out/checks" 2>&1 ||
	failall "window_check.py failed: $(tail -n 1 "$out/checks")"
for n in $names; do
	[ "$n" = bench/workloads ] && continue
	line=$(grep -E "^(pass|fail) $n(:|$)" "$out/checks" | head -n 1)
	case $line in
	"pass $n") result pass "$n" ;;
	"fail $n: "*) result fail "$n" "${line#"fail $n: "} (see $out/report)" ;;
	*) result fail "$n" "no verdict from window_check.py" ;;
	esac
done
exit 0
