#!/usr/bin/env bash
# workloads.sh [base|patched]: build the bench workloads (bench/workloads,
# static aarch64 programs linked against the KVM selftests library of the
# chosen source tree, default base) into build/workloads/SOURCE/. Fails on
# any compiler warning in the workloads. Prints that directory last.
. "$(dirname "$0")/lib.sh"

source=${1:-base}
src=$(bash "$TOP/scripts/src.sh" "$source" | tail -n 1)
out=$BUILD/workloads/$source
kdir=$src/tools/testing/selftests/kvm
mkdir -p "$out"

hash=$(inputs_hash "$src/.git/s2-stamp" "$(git -C "$src" rev-parse HEAD)" \
	"$TOP"/bench/workloads/* "$TOP/bench/plugin/s2mark.h" "$TOP/scripts/workloads.sh")
if stamp_ok "$out/stamp" "$hash"; then
	step "workloads ($source): up to date"
	echo "$out"
	exit 0
fi
rm -f "$out/stamp"

step "workloads ($source): UAPI headers"
make -s -C "$src" O="$out/khdr" INSTALL_HDR_PATH="$out/khdr/usr" headers_install \
	>"$out/headers.log" 2>&1 || { tail_log "$out/headers.log"; die "headers_install failed"; }

step "workloads ($source): building"
log=$out/build.log
if ! make -C "$kdir" -f "$TOP/bench/workloads/Makefile" -j"$JOBS" OUTPUT="$out/kvm" \
	CC="ccache ${CROSS_COMPILE}gcc" KHDR_INCLUDES="-isystem $out/khdr/usr/include" \
	EXTRA_CFLAGS="-static" workloads >"$log" 2>&1; then
	grep -E 'error' "$log" | head -n 20 >&2 || true
	tail_log "$log" 20
	die "workloads ($source): build failed (log: $log)"
fi
if grep -E 'warning:' "$log" | grep -q 'bench/workloads/'; then
	grep -E 'warning:' "$log" | grep 'bench/workloads/' >&2
	die "workloads ($source): compiler warnings (log: $log)"
fi
file "$out/kvm/s2bench" | grep -q 'statically linked' || die "$out/kvm/s2bench is not a static binary"
stamp_set "$out/stamp" "$hash"
echo "$out"
