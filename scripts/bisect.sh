#!/usr/bin/env bash
# bisect.sh: every prefix of the series builds (results bisect/NNNN). The full
# series is built by kernel.sh; this builds prefixes 1..N-1 incrementally in
# build/src/bisect with O=build/src/bisect/o-bisect, the config fragments of
# the patched kernel (config/kernels), ccache. The configuration is made again
# for every prefix, so that an option a patch adds (kernel-series.config) is
# built from that patch on; Kconfig drops it silently before.
. "$(dirname "$0")/lib.sh"

src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
n=$(git -C "$src" rev-list --count base..HEAD)
if [ "$n" -lt 2 ]; then
	note "bisect: $n patches, nothing to check beyond the full build"
	exit 0
fi
frags=()
for f in $(awk '!/^[[:space:]]*(#|$)/ && $1 == "patched" { $1 = ""; $2 = ""; print; exit }' "$CONFIG/kernels"); do
	frags+=("$CONFIG/$f")
done
wt=$BUILD/src/bisect
out=$wt/o-bisect
if [ ! -d "$wt/.git" ] && [ ! -f "$wt/.git" ]; then
	rm -rf "$wt"
	git -C "$src" worktree add -q --detach "$wt" base
fi
mkdir -p "$out" "$BUILD/logs/bisect"
kmake() { make -C "$wt" O="$out" CC="ccache ${CROSS_COMPILE}gcc" LOCALVERSION=-bisect "$@"; }
i=0
for c in $(git -C "$src" rev-list --reverse base..HEAD~1); do
	i=$((i + 1))
	name=bisect/$(printf '%04d' "$i")
	log=$BUILD/logs/bisect/$(printf '%04d' "$i").log
	git -C "$wt" checkout -q -f --detach "$c"
	mkdir -p "$out"
	kmake -s allnoconfig >/dev/null
	"$wt/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}" >/dev/null
	kmake -s olddefconfig >/dev/null
	step "bisect: building prefix $i/$n ($(git -C "$wt" log -1 --format=%s))"
	if kmake -j"$JOBS" Image >"$log" 2>&1; then
		result pass "$name"
	else
		grep -E 'error:' "$log" | head -n 10 >&2 || true
		result fail "$name" "prefix $i does not build: $(git -C "$wt" log -1 --format=%s) (log: ${log#"$TOP"/})"
	fi
done
