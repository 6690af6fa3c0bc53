#!/usr/bin/env bash
# tree.sh: materialise ./linux, the git tree you work on the series in:
# branch `series` = tag `base` (the pristine Debian source, one commit) plus
# one commit per patch (git am: authorship and messages kept). Refuses to
# replace a tree that holds work `make export` has not written out, unless
# FORCE=1.
. "$(dirname "$0")/lib.sh"

dir=${TREE:-$TOP/linux}
repo=$(bash "$TOP/scripts/base.sh" | tail -n 1)

if [ -e "$dir" ]; then
	[ -d "$dir/.git" ] || die "$dir exists and is not a git tree; move it away"
	if [ "${FORCE:-0}" != 1 ]; then
		if [ -n "$(git -C "$dir" status --porcelain --untracked-files=no)" ]; then
			git -C "$dir" status --short --untracked-files=no | head -n 10 >&2
			die "$dir has uncommitted changes: commit them and 'make export', or FORCE=1 make tree to discard them"
		fi
		tmp=$(mktemp -d "$BUILD/tree-check.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		export_series "$dir" "$tmp/p"
		if ! series_equal "$tmp/p"; then
			die "$dir holds commits that differ from patches/ (unexported work?): 'make export' first, or FORCE=1 make tree to discard them"
		fi
	fi
	rm -rf "$dir"
fi

step "tree: cloning the base into ${dir#"$TOP"/}"
git clone -q --no-checkout "$repo" "$dir"
git -C "$dir" config core.abbrev 12
git -C "$dir" config gc.auto 0
git -C "$dir" config user.name >/dev/null || git -C "$dir" config user.name "kvm-s2mmu developer"
git -C "$dir" config user.email >/dev/null || git -C "$dir" config user.email "developer@kvm-s2mmu.invalid"
git -C "$dir" checkout -q -b series base
# The Debian tarball's .gitignore ends with "/*", which hides every new file
# from git status. Drop that rule from the working copy only (the committed
# base stays pristine) so new files show up as untracked, as in any tree.
git -C "$dir" update-index --skip-worktree .gitignore
sed -i '/^# Debian packaging: ignore everything at the top level/,$d' "$dir/.gitignore"

n=$(series_count)
step "tree: applying $n patches"
mkdir -p "$BUILD/logs"
apply_series "$dir" "$BUILD/logs/tree-am.log" || {
	tail_log "$BUILD/logs/tree-am.log" 20
	die "the series does not apply; fix it in ${dir#"$TOP"/} (git am --continue) and 'make export'"
}
series_hash >"$dir/.git/s2-synced"
step "tree: ${dir#"$TOP"/} is at base + $n patches; edit, commit, rebase, then 'make export'"
