#!/usr/bin/env bash
# export.sh: write the commits base..HEAD of ./linux back to patches/ as
# git format-patch files, reproducibly (no commit hashes, no dates beyond the
# author date git am needs, no version signature): export right after
# `make tree` is byte-identical. Refuses when the tree has uncommitted changes
# (they would not be exported) or when patches/ changed since the tree was
# made or last exported (a pull, a hand edit: that work would be lost).
. "$(dirname "$0")/lib.sh"

dir=${TREE:-$TOP/linux}
[ -d "$dir/.git" ] || die "no tree at ${dir#"$TOP"/}: 'make tree' first"
if [ -n "$(git -C "$dir" status --porcelain --untracked-files=no)" ]; then
	git -C "$dir" status --short --untracked-files=no | head -n 10 >&2
	die "${dir#"$TOP"/} has uncommitted changes; commit (or stash) them, then export"
fi
untracked=$(git -C "$dir" status --porcelain | grep '^??' | head -n 5 || true)
[ -z "$untracked" ] || note "untracked files in ${dir#"$TOP"/}, not exported: $(echo "$untracked" | tr '\n' ' ')"
git -C "$dir" merge-base --is-ancestor base HEAD || die "${dir#"$TOP"/}: HEAD does not descend from tag base"

tmp=$(mktemp -d "$BUILD/export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export_series "$dir" "$tmp/p"
if series_equal "$tmp/p"; then
	series_hash >"$dir/.git/s2-synced"
	step "export: patches/ already matches ${dir#"$TOP"/} ($(series_count) patches)"
	exit 0
fi
synced=$(cat "$dir/.git/s2-synced" 2>/dev/null || true)
if [ "${FORCE:-0}" != 1 ] && [ "$synced" != "$(series_hash)" ]; then
	die "patches/ changed since ${dir#"$TOP"/} was made or last exported (pull or hand edit?); exporting would overwrite that. 'make tree' to take it (after saving your commits), or FORCE=1 make export to overwrite it"
fi
find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
mkdir -p "$PATCHES"
find "$tmp/p" -maxdepth 1 -name '*.patch' -exec mv -t "$PATCHES" {} +
write_series_file
series_hash >"$dir/.git/s2-synced"
step "export: wrote $(series_count) patches to patches/; review with 'git -C $TOP diff --stat', then commit"
