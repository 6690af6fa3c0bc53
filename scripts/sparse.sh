#!/usr/bin/env bash
# sparse.sh: sparse (C=2) over the directories of the kernel C files the
# series touches, on the patched and the base tree; result sparse/DIR fails
# when the patched tree has sparse warnings in touched files that the base
# does not (compared without line numbers).
. "$(dirname "$0")/lib.sh"

src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
mapfile -t touched < <(git -C "$src" diff --name-only --diff-filter=AM base..HEAD -- '*.c' '*.h' |
	grep -vE '^(tools|scripts|Documentation|samples)/' || true)
if [ ${#touched[@]} = 0 ]; then
	note "sparse: the series touches no kernel C files"
	exit 0
fi
dirs=$(for f in "${touched[@]}"; do
	case $f in
	*.c) dirname "$f" ;;
	arch/arm64/*.h | include/*.h) echo arch/arm64/kvm ;;
	esac
done | sort -u)

run_sparse() { # variant dir -> sparse output lines for touched files, no line numbers
	local variant=$1 d=$2 log
	log=$BUILD/logs/sparse-$variant-${d//\//_}.log
	make -C "$BUILD/src/$variant" O="$BUILD/src/$variant/o-$variant" CC="ccache ${CROSS_COMPILE}gcc" \
		LOCALVERSION="-$variant" C=2 "$d/" >"$log" 2>&1 || true
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log" |
		sed -E 's|^([^:]+):[0-9]+:[0-9]+:|\1:|' | sort -u
}

bash "$TOP/scripts/kernel.sh" patched >/dev/null
bash "$TOP/scripts/kernel.sh" base >/dev/null
pattern=$(printf '%s\n' "${touched[@]}")
for d in $dirs; do
	step "sparse: $d/ (patched vs base)"
	new=$(comm -23 <(run_sparse patched "$d" | grep -F -f <(echo "$pattern") || true) \
		<(run_sparse base "$d" | grep -F -f <(echo "$pattern") || true))
	result_none "sparse/$d" "$new" "new sparse warnings"
done
