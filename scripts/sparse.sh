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

# sparse_log VARIANT: one `make C=2` over the top directories of $dirs (a
# directory inside another one is built by its parent's recursion), the
# warnings of touched files, no line numbers: "file: warning: ..." lines.
sparse_log() {
	local variant=$1 log=$BUILD/logs/sparse-$1.log top=() d o p
	for d in $dirs; do
		p=0
		for o in $dirs; do [ "$o" = "$d" ] || [[ $d != "$o"/* ]] || p=1; done
		[ $p = 1 ] || top+=("$d/")
	done
	make -C "$BUILD/src/$variant" O="$BUILD/src/$variant/o-$variant" CC="ccache ${CROSS_COMPILE}gcc" \
		LOCALVERSION="-$variant" C=2 "${top[@]}" >"$log" 2>&1 || true
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$log" |
		sed -E 's|^([^:]+):[0-9]+:[0-9]+:|\1:|' | grep -F -f <(printf '%s\n' "${touched[@]}") | sort -u || true
}

# The patched kernel is built already (make check's build stage); the base
# needs only its configuration: make C=2 DIR/ prepares the tree and builds
# just DIR.
bash "$TOP/scripts/kernel.sh" patched >/dev/null
CONFIG_ONLY=1 bash "$TOP/scripts/kernel.sh" base >/dev/null
step "sparse: ${dirs//$'\n'/ } (patched vs base)"
new=$(comm -23 <(sparse_log patched) <(sparse_log base))
# Each new warning counts for the directory of its file; a header's (or any
# file outside $dirs) for arch/arm64/kvm, whose build reads the headers.
bucket() {
	awk -v dirs=" ${dirs//$'\n'/ } " '{
		f = $1; sub(/:$/, "", f); n = split(f, a, "/"); g = a[1]
		for (i = 2; i < n; i++) g = g "/" a[i]
		if (index(dirs, " " g " ") == 0) g = "arch/arm64/kvm"
		print g "\t" $0
	}' <<<"$new"
}
for d in $dirs; do
	result_none "sparse/$d" "$(bucket | awk -F '\t' -v d="$d" '$1 == d { print $2 }')" "new sparse warnings"
done
