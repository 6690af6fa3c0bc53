#!/usr/bin/env bash
# hygiene.sh: the series' own checks. Results:
#   series/apply            git am on the pristine base (git am never fuzzes)
#   series/export-roundtrip export of the applied series is byte-identical
#   checkpatch/NNNN-...     scripts/checkpatch.pl --strict, no error or warning
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

mkdir -p "$BUILD/logs/checkpatch"
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
