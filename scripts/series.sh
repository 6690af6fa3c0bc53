#!/usr/bin/env bash
# series.sh: the outgoing series in build/series/N/, one directory per series
# of patches/series ("# Series N:" lines mark where each starts): a numbered
# cover letter (patches/cover-letter.txt, cover-letter-N.txt for the others;
# the base version, the diffstat) and the patches, ready for
# `git send-email build/series/N/*.patch` or b4 (a later series names the
# earlier ones in its prerequisite-patch-id trailers); and build/series/debian/,
# the whole queue with DEP-3 fields and a quilt series file, for debian/patches/.
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
mapfile -t commits < <(git -C "$src" rev-list --reverse base..HEAD)
# Where each series starts: the patch after each "# Series N:" line of
# patches/series (1-based positions in the queue).
mapfile -t starts < <(awk '/^# Series [0-9]+:/ { mark = 1; next } /^#/ || !NF { next }
	{ n++; if (mark) { print n; mark = 0 } }' "$PATCHES/series")
[ ${#starts[@]} -gt 0 ] || starts=(1)
k=0
for first in "${starts[@]}"; do
	k=$((k + 1))
	last=$n
	[ $k -ge ${#starts[@]} ] || last=$((starts[k] - 1))
	from=base
	[ "$first" = 1 ] || from=${commits[$((first - 2))]}
	letter=$PATCHES/cover-letter.txt
	[ $k = 1 ] || letter=$PATCHES/cover-letter-$k.txt
	[ -f "$letter" ] || die "series $k (patches $first-$last) has no cover letter: ${letter#"$TOP"/}"
	dir=$tmp/$k
	hgit -C "$src" -c core.abbrev=12 -c user.name="$name" -c user.email="$email" format-patch -q --cover-letter \
		--numbered --thread=shallow --no-signature --base=base -o "$dir" "$from..${commits[$((last - 1))]}" >/dev/null
	cover=$(find "$dir" -name '0000-cover-letter.patch')
	subject=$(head -n 1 "$letter")
	{
		tail -n +2 "$letter" | sed '1{/^$/d}'
		printf '\nBase: Linux %s, Debian %s %s;\n' "$(git -C "$src" show base:Makefile |
			awk '/^VERSION/ {v=$3} /^PATCHLEVEL/ {p=$3} /^SUBLEVEL/ {s=$3} END {print v "." p "." s}')" \
			"$BASE_PACKAGE" "$BASE_VERSION"
		printf 'applies with git am%s. Tarball sha256:\n  %s\n' \
			"$([ $k = 1 ] || echo ' on top of series 1')" "$BASE_SHA256"
		# The latest make bench, if it measured exactly this queue: a pointer,
		# not its tables (too wide for a mailing list; the letter has its own
		# compact table).
		if [ $k = 1 ] && [ -f "$BUILD/bench/results.md" ] && [ -f "$BUILD/bench/summary.md" ]; then
			if [ "$(cat "$BUILD/bench/series" 2>/dev/null)" = "$(series_hash)" ]; then
				printf '\nEvery window, CPU and size of this exact series: make bench in\n'
				printf 'the harness (bench/results/results.md, %s).\n' \
					"$(date -r "$BUILD/bench/summary.md" +%Y-%m-%d)"
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
	step "series $k: patches $first-$last ($(head -n 1 "$letter"))"
done
rm -f "$tmp/blurb"
# The same patches for a Debian kernel's debian/patches/ (DEP-3, quilt).
quilt_series "$tmp/debian"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
step "series: $out/N/: each series with its cover letter; $out/debian: the quilt form (DEP-3, series file)"
