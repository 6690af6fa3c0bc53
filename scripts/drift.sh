#!/usr/bin/env bash
# drift.sh [query|apply]: is the pin (config/base) still what Debian serves,
# and does the series apply to what it serves now?
#   query (make check's drift stage; reads apt's lists, no download):
#     drift/pin  pass: the pin is the newest version apt serves; skip (with
#                the reason): apt's lists cannot be read, or a newer version
#                is served (make drift tells whether the series applies to
#                it); fail: the pin is no longer served, so a fresh machine
#                cannot fetch it (make pin moves the pin)
#   apply (make drift): the same, then, when a newer version is served (or
#     DRIFT_VERSION names one), fetches it into the cache and applies the
#     series to it one patch at a time with git am: drift/apply/NNNN per
#     patch (after a failure later patches are still tried; their failures
#     may be consequences of the first). The pin is not moved.
. "$(dirname "$0")/lib.sh"

mode=${1:-query}
case $mode in query | apply) ;; *) die "drift.sh: unknown mode '$mode' (query or apply)" ;; esac
RESULTS=${RESULTS:-$BUILD/results/drift.tap}
export RESULTS
[ "$mode" = query ] || : >"$RESULTS"

mapfile -t served < <(served_versions)
newest=${served[0]:-}
target=${DRIFT_VERSION:-}
if [ ${#served[@]} = 0 ]; then
	result skip drift/pin "apt cannot be asked: its lists name no $BASE_PACKAGE (apt-get update)"
elif ! printf '%s\n' "${served[@]}" | grep -qxF "$BASE_VERSION"; then
	result fail drift/pin "the pin $BASE_VERSION is no longer served (newest: $newest): a fresh machine cannot fetch it; make pin moves the pin"
	target=${target:-$newest}
elif [ "$newest" = "$BASE_VERSION" ]; then
	result pass drift/pin
	note "drift: up to date: the pin $BASE_VERSION is the newest $BASE_PACKAGE apt serves"
else
	result skip drift/pin "apt serves $newest, newer than the pin $BASE_VERSION: make drift applies the series to it, make pin moves the pin"
	target=${target:-$newest}
fi
if [ "$mode" = query ]; then
	exit 0
fi
if [ -z "$target" ]; then
	tap_summary
	exit 0
fi

tarball=$(base_tarball "$target")
[ -f "$tarball" ] || fetch_base_tarball "$target" >/dev/null
sha=$(sha256sum <"$tarball" | cut -d' ' -f1)
repo=$(S2_BASE_VERSION=$target S2_BASE_SHA256=$sha bash "$TOP/scripts/base.sh" | tail -n 1)
dir=$BUILD/drift/src
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
git clone -q --shared --no-checkout "$repo" "$dir"
git -C "$dir" config user.name "kvm-s2mmu harness"
git -C "$dir" config user.email "harness@kvm-s2mmu.invalid"
git -C "$dir" checkout -q -b drift base
step "drift: the series on $target"
i=0
while read -r p; do
	i=$((i + 1))
	name=drift/apply/$(printf '%04d' "$i")
	if git -C "$dir" am -q "$p" >"$BUILD/drift/$(printf '%04d' "$i").log" 2>&1; then
		result pass "$name"
	else
		files=$(sed -n 's/^error: patch failed: \([^:]*\):.*/\1/p' "$BUILD/drift/$(printf '%04d' "$i").log" | sort -u | tr '\n' ' ')
		git -C "$dir" am --skip >/dev/null 2>&1 || git -C "$dir" am --abort >/dev/null 2>&1 || true
		result fail "$name" "$(basename "$p") does not apply to $target${files:+ ($files)}"
	fi
done < <(series_files)
tap_summary || exit 1
