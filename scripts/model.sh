#!/usr/bin/env bash
# model.sh [SRC]: the host-side stage-2 model checker (tools/testing/kvm-stage2
# of SRC, default the patched tree): builds it natively for 4K, 16K and 64K
# granules, runs every configuration (granule x FWB x TLBIRANGE, each over
# its IPA sizes, random sequences and fixed scenarios) and the mutation check.
# One result per configuration (model/4k-fwb-range, ...) and per mutant
# (model/mutant/NAME); the base tree has no finding, so every violation fails. Failures are results; the script exits 0.
. "$(dirname "$0")/lib.sh"

src=$(cd "${1:-$BUILD/src/patched}" && pwd)
dir=$src/tools/testing/kvm-stage2
out=$BUILD/model
logs=$BUILD/logs/model
rm -rf "$out" "$logs"
mkdir -p "$out" "$logs"

configs() { # granule -> "fwb range name" lines
	local f r
	for f in 1 0; do
		for r in 1 0; do
			printf '%s %s %sk-%s-%s\n' "$f" "$r" "$1" \
				"$([ "$f" = 1 ] && echo fwb || echo nofwb)" \
				"$([ "$r" = 1 ] && echo range || echo norange)"
		done
	done
}

if [ ! -f "$dir/Makefile" ]; then
	result fail model/build "no tools/testing/kvm-stage2 in $src"
	exit 0
fi

for g in 4 16 64; do
	step "model: build the ${g}K checker"
	if ! make -C "$dir" O="$out" "$out/kvm-stage2-${g}k" >"$logs/build-${g}k.log" 2>&1; then
		tail_log "$logs/build-${g}k.log" 20
		while read -r f r name; do
			result fail "model/$name" "build failed, see $logs/build-${g}k.log"
		done < <(configs "$g")
		continue
	fi
	while read -r f r name; do
		step "model: $name"
		log=$logs/$name.log
		rc=0
		"$out/kvm-stage2-${g}k" --fwb "$f" --range "$r" --quiet >"$log" 2>&1 || rc=$?
		grep '^# counts' "$log" | sed 's/^# counts /    /' >&2 || true
		if [ "$rc" = 0 ] && grep -q ': PASS in' "$log"; then
			result pass "model/$name"
		else
			tail_log "$log" 30
			reason=$(grep -m1 '^not ok' "$log" | sed 's/^not ok //' | cut -c1-200 || true)
			result fail "model/$name" "${reason:-exit $rc, see $log}"
		fi
	done < <(configs "$g")
done

step "model: mutation check"
"$dir/mutants/run.sh" "$src" "$out/mutants" >"$logs/mutants.log" 2>&1 || true
mapfile -t mutants < <(find "$dir/mutants" -name '*.sed' -printf '%f\n' | sed 's/\.sed$//' | sort)
for m in "${mutants[@]}"; do
	line=$(grep -m1 -E "^(ok|not ok) mutant/$m( |$)" "$logs/mutants.log" || true)
	case $line in
	"ok mutant/$m "*) result pass "model/mutant/$m" ;;
	"not ok mutant/$m # "*) result fail "model/mutant/$m" "${line#not ok mutant/"$m" \# }" ;;
	*) result fail "model/mutant/$m" "no result, see $logs/mutants.log" ;;
	esac
done
exit 0
