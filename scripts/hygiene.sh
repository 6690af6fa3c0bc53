#!/usr/bin/env bash
# hygiene.sh: the series' own checks. Results:
#   series/apply            git am on the pristine base (git am never fuzzes)
#   series/export-roundtrip export of the applied series is byte-identical
#   series/quilt            the Debian form of the series (make series:
#                           build/series/debian/, DEP-3 fields, a quilt
#                           series file) applies with quilt push -a, and
#                           with git am, giving the same files as patches/
#   series/series-file      patches/series lists every patch once, in order
#   checkpatch/NNNN-...     scripts/checkpatch.pl --strict, no error or warning
#   harness/shellcheck      shellcheck finds nothing in the harness's shell
#                           scripts (.shellcheckrc; a finding that is wrong is
#                           disabled in place, with the reason above it)
# config/checkpatch-allow lists reasoned exceptions: "patch-glob TYPE reason".
. "$(dirname "$0")/lib.sh"

if ! src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1); then
	result fail series/apply "$(tail -n 1 "$BUILD/logs/git-am.log" 2>/dev/null || echo 'see above')"
	exit 1
fi
result pass series/apply

tmp=$(mktemp -d "$BUILD/hygiene.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export_series "$src" "$tmp/p"
if series_equal "$tmp/p"; then
	result pass series/export-roundtrip
else
	diff -r "$tmp/p" "$PATCHES" 2>&1 | grep -v '^Only in .*cover' | head -n 20 >&2 || true
	result fail series/export-roundtrip "exported patches differ from patches/ (run make tree && make export, commit)"
fi

# The quilt test works on the files the series touches only (quilt and git
# am read nothing else): a small tree of those files from the base, in a
# git repository, so that both tools can apply the series to it.
quilt_check() {
	local q=$tmp/debian w=$tmp/quilt g=$tmp/git-am files
	quilt_series "$q"
	files=$(git -C "$src" diff --name-only --diff-filter=MD base..HEAD)
	mkdir -p "$w"
	# shellcheck disable=SC2086 # a list of paths
	[ -z "$files" ] || git -C "$src" archive base -- $files | tar -x -C "$w"
	cp -a "$w" "$g"
	(cd "$w" && QUILT_PATCHES=$q quilt push -a -q) >"$BUILD/logs/quilt.log" 2>&1 || {
		tail_log "$BUILD/logs/quilt.log" 10
		result fail series/quilt "quilt push -a failed (log: build/logs/quilt.log)"
		return
	}
	(cd "$g" && git init -q && git add -A . && hgit -c user.name=h -c user.email=h@h.invalid commit -q -m base &&
		while read -r p; do hgit -c user.name=h -c user.email=h@h.invalid am -q "$q/$p" || exit 1; done <"$q/series") >>"$BUILD/logs/quilt.log" 2>&1 || {
		tail_log "$BUILD/logs/quilt.log" 10
		result fail series/quilt "git am of the DEP-3 patches failed (log: build/logs/quilt.log)"
		return
	}
	rm -rf "$w/.pc" "$g/.git"
	# Both give the files of the patched tree.
	local bad
	bad=$(cd "$w" && find . -type f | while read -r f; do cmp -s "$f" "$src/$f" || echo "${f#./}"; done)
	if ! diff -r "$w" "$g" >/dev/null; then
		result fail series/quilt "quilt push -a and git am give different files"
	elif [ -n "$bad" ]; then
		result fail series/quilt "quilt gives files that differ from the patched tree: $(echo "$bad" | tr "\n" " " | cut -c1-120)"
	else
		result pass series/quilt
	fi
}
quilt_check

# patches/series lists every patch once, in order (make export writes it).
if diff <(grep -vE '^(#|$)' "$PATCHES/series" 2>/dev/null) <(series_files | xargs -n1 basename) >/dev/null; then
	result pass series/series-file
else
	result fail series/series-file "patches/series does not list the patches in order ('make export' writes it)"
fi

mkdir -p "$BUILD/logs/checkpatch"
# The harness's own shell scripts: every tracked file outside the series
# that file(1) calls a shell script or that ends in .sh (lib.sh).
mapfile -t scripts < <(cd "$TOP" && git ls-files -- . ':!patches' | xargs file |
	awk -F: '/shell script/ || $1 ~ /\.sh$/ { print $1 }')
if out=$(cd "$TOP" && shellcheck -x -f gcc "${scripts[@]}" 2>&1); then
	result pass harness/shellcheck
else
	result fail harness/shellcheck "$(grep -c . <<<"$out") findings in ${#scripts[@]} scripts, first: $(head -n 1 <<<"$out")"
fi

# checkpatch.pl is single-threaded: $JOBS patches at a time, results in order.
checkpatch() { # checkpatch PATCH: its log and exit code in logs/checkpatch/
	local p=$1 name ignore log rc
	name=$(basename "$p" .patch)
	ignore=$(awk -v n="$name.patch" '!/^[[:space:]]*(#|$)/ {
		g = $1; gsub(/\./, "\\.", g); gsub(/\*/, ".*", g)
		if (n ~ "^" g "$") printf "%s,", $2 }' "$CONFIG/checkpatch-allow" 2>/dev/null)
	log=$BUILD/logs/checkpatch/$name.log
	# /usr/bin first: spdxcheck.py needs Debian's python3 with ply and git.
	(cd "$src" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-summary --show-types \
		${ignore:+--ignore "${ignore%,}"} "$p") >"$log" 2>&1 && rc=0 || rc=$?
	echo "$rc" >"$log.rc"
}
running=0
while read -r p; do
	checkpatch "$p" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done < <(series_files)
wait
while read -r p; do
	name=$(basename "$p" .patch)
	log=$BUILD/logs/checkpatch/$name.log
	rc=$(cat "$log.rc" 2>/dev/null || echo missing)
	if [ "$rc" = 0 ] && ! grep -qE '^(ERROR|WARNING|CHECK):' "$log"; then
		result pass "checkpatch/$name"
	else
		sed 's/^/    | /' "$log" | head -n 30 >&2
		result fail "checkpatch/$name" "$(grep -cE '^(ERROR|WARNING|CHECK):' "$log") findings (log: ${log#"$TOP"/})"
	fi
done < <(series_files)
