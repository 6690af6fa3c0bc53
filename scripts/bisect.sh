#!/usr/bin/env bash
# bisect.sh: every prefix of the series builds (results bisect/NNNN). The full
# series is built by kernel.sh; this builds prefixes 1..N-1 incrementally in
# build/src/bisect with O=build/src/bisect/o-bisect, config/kernel.config, ccache.
. "$(dirname "$0")/lib.sh"

src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
n=$(git -C "$src" rev-list --count base..HEAD)
if [ "$n" -lt 2 ]; then
	note "bisect: $n patches, nothing to check beyond the full build"
	exit 0
fi
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
	if [ ! -f "$out/.config" ]; then
		kmake -s allnoconfig >/dev/null
		"$wt/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$CONFIG/kernel.config" >/dev/null
		kmake -s olddefconfig >/dev/null
	fi
	step "bisect: building prefix $i/$n ($(git -C "$wt" log -1 --format=%s))"
	if kmake -j"$JOBS" Image >"$log" 2>&1; then
		result pass "$name"
	else
		grep -E 'error:' "$log" | head -n 10 >&2 || true
		result fail "$name" "prefix $i does not build: $(git -C "$wt" log -1 --format=%s) (log: ${log#"$TOP"/})"
	fi
done
