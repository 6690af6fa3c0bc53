#!/usr/bin/env bash
# run.sh [MACHINE [SET]]: the main job (make run). From nothing: install what
# is missing, fetch and verify the base, apply the series, build the kernel,
# the selftests and the initramfs, boot MACHINE (default max) and run the
# SET (default `run`; make soak: `soak`) of selftests. Each step is skipped
# when it is up to date.
. "$(dirname "$0")/lib.sh"

machine=${1:-max}
set=${2:-run}
machine_line "$machine" >/dev/null ||
	die "no machine '$machine' in config/machines (have: $(machine_names | tr '\n' ' '))"
RESULTS=$BUILD/results/$set-$machine.tap
export RESULTS
mkdir -p "$(dirname "$RESULTS")"
: >"$RESULTS"
t0=$(date +%s)

bash "$TOP/scripts/deps.sh"
bash "$TOP/scripts/base.sh" >/dev/null
bash "$TOP/scripts/src.sh" patched >/dev/null
# The kernel with the machine's page size (patched, patched-16k, patched-64k).
variant=$(machine_variant patched "$machine")
bash "$TOP/scripts/kernel.sh" "$variant" >/dev/null
bash "$TOP/scripts/initramfs.sh" patched >/dev/null
bash "$TOP/scripts/boot.sh" "$variant" "$machine" "$set"

step "$set: done in $(($(date +%s) - t0))s; log: build/logs/$variant/$machine-$set.log"
tap_summary || exit 1
