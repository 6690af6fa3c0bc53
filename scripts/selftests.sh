#!/usr/bin/env bash
# selftests.sh [base|patched]: build, statically, the KVM selftests that
# config/selftests lists, from the chosen source (default: patched), into
# build/selftests/SOURCE/. Prints that directory last.
. "$(dirname "$0")/lib.sh"

source=${1:-patched}
src=$(bash "$TOP/scripts/src.sh" "$source" | tail -n 1)
out=$BUILD/selftests/$source
kdir=$src/tools/testing/selftests/kvm
mkdir -p "$out"

# failalloc/TEST runs aarch64/TEST under fault injection (scripts/failalloc).
mapfile -t tests < <(awk '!/^[[:space:]]*(#|$)/ { sub(/^failalloc\//, "aarch64/", $1); print $1 }' \
	"$CONFIG/selftests" | sort -u)
hash=$(inputs_hash "$src/.git/s2-stamp" "$(git -C "$src" rev-parse HEAD)" \
	"$CONFIG/selftests" "$TOP/scripts/selftests.sh")
if stamp_ok "$out/stamp" "$hash"; then
	step "selftests ($source): up to date"
	echo "$out"
	exit 0
fi
rm -f "$out/stamp"

# The series adds selftests of its own: the base tree (built only to re-run
# config/base-failures) does not have them, and does not need them.
have=()
for t in "${tests[@]}"; do
	if [ -f "$kdir/$t.c" ]; then
		have+=("$t")
	elif [ "$source" = base ]; then
		note "selftests (base): no $t in the base tree (added by the series), not built"
	else
		die "config/selftests names '$t', but $kdir/$t.c does not exist"
	fi
done
tests=("${have[@]}")

step "selftests ($source): UAPI headers"
make -s -C "$src" O="$out/khdr" INSTALL_HDR_PATH="$out/khdr/usr" headers_install \
	>"$out/headers.log" 2>&1 || { tail_log "$out/headers.log"; die "headers_install failed"; }

step "selftests ($source): building ${#tests[@]} tests, static"
log=$out/build.log
targets=()
for t in "${tests[@]}"; do targets+=("$out/kvm/$t"); done
if ! make -C "$kdir" -j"$JOBS" OUTPUT="$out/kvm" CC="ccache ${CROSS_COMPILE}gcc" \
	KHDR_INCLUDES="-isystem $out/khdr/usr/include" EXTRA_CFLAGS="-static" \
	"${targets[@]}" >"$log" 2>&1; then
	grep -E 'error' "$log" | head -n 20 >&2 || true
	tail_log "$log" 20
	die "selftests ($source): build failed (log: $log)"
fi
{ grep -E 'warning:' "$log" || true; } | sed "s|$src/||" | sort -u | atomic_write "$out/warnings"
nw=$(wc -l <"$out/warnings")
[ "$nw" = 0 ] || note "selftests ($source): $nw compiler warnings (listed in $out/warnings)"
for t in "${targets[@]}"; do
	file "$t" | grep -q 'statically linked' || die "selftest $t is not a static aarch64 binary"
done
stamp_set "$out/stamp" "$hash"
echo "$out"
