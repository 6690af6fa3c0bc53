#!/usr/bin/env bash
# series.sh: the outgoing series in build/series/: a numbered cover letter
# (patches/cover-letter.txt, the base version, the diffstat) and the patches,
# ready for `git send-email build/series/*.patch` or b4.
. "$(dirname "$0")/lib.sh"

src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
n=$(series_count)
[ "$n" -gt 0 ] || die "the series is empty: nothing to send"
out=$BUILD/series
tmp=$(mktemp -d "$BUILD/series.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The cover letter is from the series' author (the first patch's).
name=$(git -C "$src" log --reverse --format=%an base..HEAD | sed -n 1p)
email=$(git -C "$src" log --reverse --format=%ae base..HEAD | sed -n 1p)
hgit -C "$src" -c core.abbrev=12 -c user.name="$name" -c user.email="$email" format-patch -q --cover-letter --numbered --thread=shallow \
	--no-signature --base=base -o "$tmp" base..HEAD >/dev/null
cover=$(find "$tmp" -name '0000-cover-letter.patch')
subject=$(head -n 1 "$PATCHES/cover-letter.txt")
{
	tail -n +2 "$PATCHES/cover-letter.txt" | sed '1{/^$/d}'
	printf '\nBase: Linux %s, Debian %s %s\n' "$(git -C "$src" show base:Makefile |
		awk '/^VERSION/ {v=$3} /^PATCHLEVEL/ {p=$3} /^SUBLEVEL/ {s=$3} END {print v "." p "." s}')" \
		"$BASE_PACKAGE" "$BASE_VERSION"
	printf '(tarball sha256 %s); applies with git am.\n' "$BASE_SHA256"
	# The latest make bench, if it measured exactly this series.
	if [ -f "$BUILD/bench/results.md" ] && [ -f "$BUILD/bench/summary.md" ]; then
		if [ "$(cat "$BUILD/bench/series" 2>/dev/null)" = "$(series_hash)" ]; then
			printf '\nBenchmark (make bench in the harness; instructions counted under QEMU TCG):\n\n'
			cat "$BUILD/bench/summary.md"
		else
			note "series: build/bench/results.md measured another series; not in the cover letter (make bench)" >&2
		fi
	fi
} >"$tmp/blurb"
python3 - "$cover" "$subject" "$tmp/blurb" <<'PY'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
text = open(path).read()
text = text.replace("*** SUBJECT HERE ***", subject, 1)
text = text.replace("*** BLURB HERE ***", blurb.rstrip("\n"), 1)
open(path, "w").write(text)
PY
rm -f "$tmp/blurb"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
step "series: $out: cover letter + $n patches"
