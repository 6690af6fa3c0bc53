#!/usr/bin/env bash
# src.sh base|patched: a harness-owned source tree (not the one you edit) at
# the pristine base, or with the series applied by `git am` (authorship kept,
# no fuzz: git am applies exactly or fails). Prints its path last.
. "$(dirname "$0")/lib.sh"

kind=${1:?usage: src.sh base|patched}
case $kind in base | patched) ;; *) die "src.sh: unknown source '$kind'" ;; esac

repo=$(bash "$TOP/scripts/base.sh" | tail -n 1)
dir=$BUILD/src/$kind
want=$BASE_VERSION
[ "$kind" = patched ] && want="$BASE_VERSION+$(series_hash)"

if [ -d "$dir/.git" ] && stamp_ok "$dir/.git/s2-stamp" "$want" &&
	[ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ]; then
	step "source $kind: up to date ($(git -C "$dir" rev-list --count base..HEAD) patches)"
	echo "$dir"
	exit 0
fi

if [ ! -d "$dir/.git" ]; then
	step "source $kind: checking out the base"
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	git clone -q --shared --no-checkout "$repo" "$dir"
	git -C "$dir" config user.name "kvm-s2mmu harness"
	git -C "$dir" config user.email "harness@kvm-s2mmu.invalid"
	git -C "$dir" config core.abbrev 12
	git -C "$dir" config gc.auto 0
fi
# After a pin move the clone's base is the old one: borrow the new base's
# objects too (a stable update shares nearly all of them) and move the tag,
# keeping the kbuild output directories and their incremental state.
want_base=$(git --git-dir="$repo" rev-parse base)
if [ "$(git -C "$dir" rev-parse -q --verify 'base^{commit}' || true)" != "$want_base" ]; then
	step "source $kind: moving to the base $BASE_VERSION"
	alt=$dir/.git/objects/info/alternates
	grep -qxF "$repo/objects" "$alt" 2>/dev/null || echo "$repo/objects" >>"$alt"
	git -C "$dir" tag -f base "$want_base" >/dev/null
fi
rm -f "$dir/.git/s2-stamp"
git -C "$dir" am --abort >/dev/null 2>&1 || true
git -C "$dir" checkout -q -f -B work base
# Keep kbuild's output directories (o-VARIANT, see kernel.sh).
git -C "$dir" clean -q -f -d -x -e '/o-*/' 

if [ "$kind" = patched ]; then
	n=$(series_count)
	step "source patched: applying $n patches with git am"
	log=$BUILD/logs/git-am.log
	mkdir -p "$(dirname "$log")"
	apply_series "$dir" "$log" || { tail_log "$log" 20; die "the series does not apply to $BASE_VERSION: $(tail -n 1 "$log")"; }
fi
stamp_set "$dir/.git/s2-stamp" "$want"
echo "$dir"
