#!/usr/bin/env bash
# pin.sh [VERSION]: move the pin (config/base) to VERSION of the base package,
# default the newest that apt serves: fetches its tarball into the cache and
# writes the version and the tarball's sha256. The series is not touched:
# `make tree` then applies it to the new base (fix what no longer applies
# there with git am --continue), `make export`, `make check-full`.
. "$(dirname "$0")/lib.sh"

v=${1:-}
if [ -z "$v" ]; then
	v=$(served_versions | head -n 1)
	[ -n "$v" ] || die "apt serves no $BASE_PACKAGE here ('apt-get update' first), so the newest version is unknown: give one, make pin VERSION=..."
fi
if [ "$v" = "$BASE_VERSION" ]; then
	note "pin: already at $BASE_PACKAGE $v"
	exit 0
fi
tarball=$(base_tarball "$v")
[ -f "$tarball" ] || fetch_base_tarball "$v" >/dev/null
sha=$(sha256sum <"$tarball" | cut -d' ' -f1)
sed -i -e "s/^BASE_VERSION=.*/BASE_VERSION=$v/" -e "s/^BASE_SHA256=.*/BASE_SHA256=$sha/" "$CONFIG/base"
step "pin: $BASE_PACKAGE $BASE_VERSION -> $v (sha256 $sha), in config/base"
note "next: make tree (the series on $v; fix what does not apply, git am --continue),"
note "make export, make check-full; the cache keeps $BASE_VERSION for older checkouts"
