#!/usr/bin/env bash
# docs.sh: the series' documentation, checked without a Sphinx build
# (scripts/docscheck.py says what is emulated and what is not). Results:
#   docs/kernel-doc/FILE   scripts/kernel-doc -none -Wall on each C file or
#                          header the series adds or changes: no warning
#                          that the base version of the file does not have
#                          (compared without line numbers)
#   docs/rst/FILE          each reST document the series adds or changes
#                          parses with Debian's docutils without warning or
#                          error, its kernel-doc directives render without
#                          a kernel-doc warning, and it is in a toctree
#   docs/names/FILE        every function, struct, member, macro, file and
#                          kernel parameter the document names exists in
#                          the patched tree
#   docs/sphinx/DIRS       Sphinx (make htmldocs SPHINXDIRS=...) builds the
#                          subtrees of those documents without a warning
#                          that names a file the series touches
# For a document the base has too (api.rst), the rst, names and sphinx
# results count only problems the base version of it does not have in the
# base tree (compared without line numbers): the series answers for what it
# writes, not for what 6.12 ships.
#   docs/maintainers       every file the series adds is in the
#                          KVM/arm64 entry, by scripts/get_maintainer.pl
#   docs/self-test/...     the rst and names checks catch made-up errors,
#                          so that a pass above means something
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3 # Debian's, with python3-docutils (scripts/deps.sh)
CHECK=$TOP/scripts/docscheck.py
ENTRY='KERNEL VIRTUAL MACHINE FOR ARM64 (KVM/arm64)'

src=$(bash "$TOP/scripts/src.sh" patched | tail -n 1)
logs=$BUILD/logs/docs
rm -rf "$logs"
mkdir -p "$logs"
tmp=$(mktemp -d "$BUILD/docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A result name for a file: docs/KIND/path/of/file (slashes kept).
logname() { printf '%s/%s.log' "$logs" "$(printf '%s' "$1-$2" | tr '/' '_')"; }

mapfile -t touched < <(git -C "$src" diff --name-only --diff-filter=AM base..HEAD)
mapfile -t added < <(git -C "$src" diff --name-only --diff-filter=A base..HEAD)

# kernel-doc: patched vs base, per file, warnings without line numbers.
kdoc_warnings() { # dir file
	(cd "$1" && perl "$src/scripts/kernel-doc" -none -Wall "$2" 2>&1 >/dev/null) |
		sed -E 's/^([^:]+):[0-9]+:/\1:/' | LC_ALL=C sort
}
n=0
for f in "${touched[@]}"; do
	case $f in *.c | *.h) ;; *) continue ;; esac
	n=$((n + 1))
	mkdir -p "$tmp/base/$(dirname "$f")"
	git -C "$src" show "base:$f" >"$tmp/base/$f" 2>/dev/null || : >"$tmp/base/$f"
	log=$(logname kernel-doc "$f")
	# kernel-doc reads only /** comments: a file without any has nothing to say.
	if ! grep -q '/\*\*' "$src/$f" "$tmp/base/$f"; then
		result pass "docs/kernel-doc/$f"
		continue
	fi
	new=$(LC_ALL=C comm -23 <(kdoc_warnings "$src" "$f") <(kdoc_warnings "$tmp/base" "$f"))
	kdoc_warnings "$src" "$f" >"$log"
	if [ -z "$new" ]; then
		result pass "docs/kernel-doc/$f"
	else
		printf '%s\n' "$new" | sed 's/^/    | /' >&2
		result fail "docs/kernel-doc/$f" "$(printf '%s\n' "$new" | wc -l) new kernel-doc warnings"
	fi
done
[ $n != 0 ] || note "docs: the series touches no C file or header"

# The base tree, for documents the base has as well (see above).
base_src=
for f in "${touched[@]}"; do
	case $f in Documentation/*.rst) ;; *) continue ;; esac
	if git -C "$src" cat-file -e "base:$f" 2>/dev/null; then
		base_src=$(bash "$TOP/scripts/src.sh" base | tail -n 1)
		break
	fi
done
# Problems (lines matching $2) of a check log, without line numbers, sorted.
problems() { # log pattern
	{ grep -E "$2" "$1" || true; } | sed -E 's/(\.rst|\.txt|\.h|\.c):[0-9]+:/\1:/' | LC_ALL=C sort -u
}
# docs_check KIND FILE PATTERN: run docscheck KIND on FILE, in the patched
# tree and, if the base has FILE, in the base tree; print the problems
# only the patched one has. The patched log is kept.
docs_check() {
	local kind=$1 f=$2 pat=$3 log
	log=$(logname "$kind" "$f")
	"$PY" "$CHECK" "$kind" "$src" "$f" >"$log" 2>&1 || true
	if [ -n "$base_src" ] && git -C "$src" cat-file -e "base:$f" 2>/dev/null; then
		"$PY" "$CHECK" "$kind" "$base_src" "$f" >"$log.base" 2>&1 || true
		LC_ALL=C comm -23 <(problems "$log" "$pat") <(problems "$log.base" "$pat")
	else
		problems "$log" "$pat"
	fi
}

# reST documents: docutils with the kernel's Sphinx additions emulated,
# then the names they give.
n=0
for f in "${touched[@]}"; do
	case $f in Documentation/*.rst) ;; *) continue ;; esac
	n=$((n + 1))
	log=$(logname rst "$f")
	new=$(docs_check rst "$f" '^[^#]')
	if [ -z "$new" ]; then
		result pass "docs/rst/$f"
	else
		printf '%s\n' "$new" | head -n 20 | cut -c1-300 | sed 's/^/    | /' >&2
		result fail "docs/rst/$f" "$(printf '%s\n' "$new" | wc -l) problems (log: ${log#"$TOP"/})"
	fi
	log=$(logname names "$f")
	new=$(docs_check names "$f" '^BAD ')
	result_none "docs/names/$f" "$new" "names not in the tree (log: ${log#"$TOP"/})"
done
[ $n != 0 ] || note "docs: the series touches no reST document"

# The real thing for the subtrees of those documents: Sphinx (Debian's),
# the kernel's own Documentation/Makefile, conf.py and extensions. A
# subtree builds without the rest of Documentation/, so references out of
# it are unresolved in any tree; only warnings that name a file the series
# touches count.
mapfile -t sdirs < <(printf '%s\n' "${touched[@]}" | sed -n 's|^Documentation/\(.*\)/[^/]*\.rst$|\1|p' | sort -u)
if [ ${#sdirs[@]} != 0 ]; then
	out=$BUILD/docs-sphinx
	log=$logs/sphinx.log
	rm -rf "$out"
	name="docs/sphinx/${sdirs[*]}"
	if ! command -v sphinx-build >/dev/null 2>&1; then
		result skip "$name" "no sphinx-build (python3-sphinx, scripts/deps.sh installs it)"
	elif ! PATH=/usr/bin:$PATH make -C "$src" O="$out" SPHINXDIRS="${sdirs[*]}" htmldocs >"$log" 2>&1; then
		tail -n 20 "$log" | sed 's/^/    | /' >&2
		result fail "$name" "make htmldocs failed (log: ${log#"$TOP"/})"
	else
		new=$(grep -E '(WARNING|ERROR|CRITICAL|SEVERE|[Ww]arning:|[Ee]rror:)' "$log" |
			grep -F -f <(printf '%s\n' "${touched[@]}") || true)
		# What the base tree's own build warns about in those files is 6.12's.
		if [ -n "$new" ] && [ -n "$base_src" ]; then
			bout=$BUILD/docs-sphinx-base
			rm -rf "$bout"
			PATH=/usr/bin:$PATH make -C "$base_src" O="$bout" SPHINXDIRS="${sdirs[*]}" htmldocs \
				>"$log.base" 2>&1 || true
			new=$(LC_ALL=C comm -23 \
				<(printf '%s\n' "$new" | sed -e "s|$src/||" -e 's/\(\.rst\):[0-9]*:/\1:/' | LC_ALL=C sort -u) \
				<(sed -e "s|$base_src/||" -e 's/\(\.rst\):[0-9]*:/\1:/' "$log.base" | LC_ALL=C sort -u))
		fi
		result_none "$name" "$new" "warnings in files the series touches"
	fi
fi

# MAINTAINERS: every file the series adds has its maintainers, as the
# tree's own scripts/get_maintainer.pl finds them (the entry's F:/X:
# patterns, no git history). One line per file; fails if one is not in
# $ENTRY.
maintainers_of_added() {
	local f out bad=0
	for f in "${added[@]}"; do
		out=$(cd "$src" || exit 1
			perl scripts/get_maintainer.pl --no-git --no-git-fallback --sections -f "$f" 2>/dev/null) || true
		if grep -qxF "$ENTRY" <<<"$out"; then
			echo "ok $f"
		else
			echo "BAD $f: not in $ENTRY"
			bad=1
		fi
	done
	return $bad
}
log=$logs/maintainers.log
if [ ${#added[@]} = 0 ]; then
	result skip docs/maintainers "the series adds no file"
elif maintainers_of_added >"$log" 2>&1; then
	result pass docs/maintainers
else
	grep -v '^ok ' "$log" | head -n 20 | sed 's/^/    | /' >&2
	result fail docs/maintainers "$(grep -c '^BAD ' "$log") added files not covered by $ENTRY"
fi

# Self-tests: documents with known errors must fail, each error reported;
# the same names spelt right must pass.
st=$tmp/selftest
mkdir -p "$st"
cat >"$st/index.rst" <<'EOF'
=====
Index
=====

.. toctree::

   good
EOF
cat >"$st/good.rst" <<'EOF'
====
Good
====

``kvm_s2_tlbi_gather()``, ``struct kvm_s2_gather``, ``kvm_s2_mmu.last_vcpu_ran``,
``KVM_S2_GATHER_MAX_BATCHES``, ``arch/arm64/kvm/mmu.c``, kvm_s2_tlbi_vmid(),
struct kvm_s2_mmu, ``freed_tables``.

.. kernel-doc:: arch/arm64/kvm/mmu.c
   :identifiers: kvm_s2_tlbi_vmid
EOF
# One made-up name of each kind; each must be reported.
bogus=(kvm_s2_tlbi_gathr 'struct kvm_s2_gathr' kvm_s2_mmu.last_vcpu_run KVM_S2_GATHER_MAX_BATCHS
	arch/arm64/kvm/mmu_s2.c freed_tabels kvm_s2_tlbi_vmidd 'struct kvm_s2_mmmu' kvm_s2_tlbi_vmdi)
cat >"$st/bad.rst" <<'EOF'
===
Bad
===

``kvm_s2_tlbi_gathr()``, ``struct kvm_s2_gathr``, ``kvm_s2_mmu.last_vcpu_run``,
``KVM_S2_GATHER_MAX_BATCHS``, ``arch/arm64/kvm/mmu_s2.c``, kvm_s2_tlbi_vmidd(),
struct kvm_s2_mmmu, ``freed_tabels``.

Section
=======

Section
=======

* a list
 badly indented

`unknown reference`_

.. kernel-doc:: arch/arm64/kvm/mmu.c
   :identifiers: kvm_s2_tlbi_vmdi
EOF
log=$logs/self-test-names.log
"$PY" "$CHECK" names "$src" "$st/good.rst" >"$log.good" 2>&1 && good=0 || good=$?
"$PY" "$CHECK" names "$src" "$st/bad.rst" >"$log" 2>&1 && rc=0 || rc=$?
missed=()
for b in "${bogus[@]}"; do
	grep -q "^BAD .*: ${b}[(@ ]" "$log" || missed+=("$b")
done
if [ "$good" = 0 ] && [ "$rc" = 1 ] && [ ${#missed[@]} = 0 ] &&
	[ "$(grep -c '^BAD ' "$log")" = ${#bogus[@]} ]; then
	result pass docs/self-test/names-catch-made-up-names
else
	sed 's/^/    | /' "$log.good" "$log" | grep -v '^    | ok ' >&2 || true
	result fail docs/self-test/names-catch-made-up-names \
		"good doc exit $good, bad doc exit $rc, not caught: ${missed[*]:-none}"
fi
log=$logs/self-test-rst.log
"$PY" "$CHECK" rst "$src" "$st/good.rst" >"$log.good" 2>&1 && good=0 || good=$?
"$PY" "$CHECK" rst "$src" "$st/bad.rst" >"$log" 2>&1 && rc=0 || rc=$?
missed=()
for pat in 'Duplicate implicit target name' 'unexpected unindent' 'Unknown target name' \
	'no documentation for kvm_s2_tlbi_vmdi' "isn't included in any toctree"; do
	grep -q "$pat" "$log" || missed+=("$pat")
done
if [ "$good" = 0 ] && [ "$rc" = 1 ] && [ ${#missed[@]} = 0 ]; then
	result pass docs/self-test/rst-catch-errors
else
	sed 's/^/    | /' "$log.good" "$log" >&2
	result fail docs/self-test/rst-catch-errors \
		"good doc exit $good, bad doc exit $rc, not caught: ${missed[*]:-none}"
fi
