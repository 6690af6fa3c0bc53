#!/usr/bin/env bash
# Fetch the pinned Debian kernel source, verify it, and keep it as a git
# repository with one commit (the pristine base) in the cache. Prints the
# path of that repository on the last line.
. "$(dirname "$0")/lib.sh"

tarball=$(base_tarball "$BASE_VERSION")
repo=$CACHE/base-$BASE_VERSION.git

verify() {
	echo "$BASE_SHA256  $1" | sha256sum --check --status
}

if [ -f "$repo/s2-base-ok" ]; then
	echo "$repo"
	exit 0
fi

if [ ! -f "$tarball" ] || ! verify "$tarball"; then
	rm -f "$tarball"
	fetch_base_tarball "$BASE_VERSION" >/dev/null
	got=$(sha256sum <"$tarball" | cut -d' ' -f1)
	if [ "$got" != "$BASE_SHA256" ]; then
		rm -f "$tarball"
		die "base tarball sha256 mismatch: got $got, pinned $BASE_SHA256 (config/base). A corrupt download was removed; if the pin was moved by hand, 'make pin VERSION=$BASE_VERSION' writes the hash."
	fi
fi
verify "$tarball" || die "cached $tarball fails its sha256 check"

step "base: unpacking $BASE_VERSION into a git repository (once)"
rm -rf "$repo" "$repo.tmp" "$CACHE/base-src.tmp"
mkdir -p "$CACHE/base-src.tmp"
tar -C "$CACHE/base-src.tmp" --strip-components=1 -xJf "$tarball"
git init -q --bare -b pristine "$repo.tmp"
git --git-dir="$repo.tmp" config core.abbrev 12
git --git-dir="$repo.tmp" config gc.auto 0
# The Debian tarball's top-level .gitignore ignores everything at the top
# level: add with -f (the tarball holds no build products).
git --git-dir="$repo.tmp" --work-tree="$CACHE/base-src.tmp" add -f -A .
GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org" \
	GIT_COMMITTER_NAME="kvm-s2mmu harness" GIT_COMMITTER_EMAIL="harness@kvm-s2mmu.invalid" \
	GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
	git --git-dir="$repo.tmp" --work-tree="$CACHE/base-src.tmp" commit -q \
	-m "Linux $BASE_VERSION ($BASE_PACKAGE, pristine)" \
	-m "sha256 of the tarball: $BASE_SHA256"
git --git-dir="$repo.tmp" tag base
rm -rf "$CACHE/base-src.tmp"
echo "$BASE_VERSION" >"$repo.tmp/s2-base-ok"
mv "$repo.tmp" "$repo"
step "base: $(git --git-dir="$repo" rev-parse --short base) = Linux $BASE_VERSION"
echo "$repo"
