#!/usr/bin/env bash
# plugin-test.sh: test the s2count QEMU plugin (bench/plugin). Builds the
# plugin, its host decoder and the bare-metal test programs, boots each
# program under qemu-system-aarch64 (-M virt,virtualization=on -cpu max,
# entered at EL2) with the plugin loaded, and compares the reports with
# bench/plugin/tests/*.expect. One result line per check; failures are
# recorded, the exit status is 0 once the results are recorded.
#
# Logs: build/logs/plugin/NAME.log (console), NAME.report (the plugin's).
# S2COUNT_PLUGIN overrides the plugin to load (to see the checks fail).
. "$(dirname "$0")/lib.sh"

SRC=$TOP/bench/plugin
OUT=$BUILD/plugin
LOGS=$BUILD/logs/plugin
PLUGIN=${S2COUNT_PLUGIN:-$OUT/libs2count.so}
QEMU=${QEMU:-qemu-system-aarch64}
OBJDUMP=${CROSS_COMPILE}objdump
CHECKS="plugin/decode-table plugin/load plugin/exact-count plugin/window
	plugin/no-markers plugin/report-to-log plugin/two-windows
	plugin/unterminated plugin/smp plugin/time plugin/sites"
mkdir -p "$LOGS"
declare -A rc

step "plugin: build"
if make -C "$SRC" O="$OUT" all tests >"$LOGS/build.log" 2>&1; then
	result pass plugin/build
else
	tail_log "$LOGS/build.log"
	result fail plugin/build "see $LOGS/build.log"
	for c in $CHECKS; do result fail "$c" "plugin not built"; done
	exit 0
fi

# boot RUN PROG PLUGIN-ARGS [QEMU-ARGS...]: boot tests/PROG.elf with the
# plugin; its report goes to RUN.report, the console to RUN.log.
boot() {
	local run=$1 prog=$2 args=$3
	shift 3
	rm -f "$LOGS/$run.report"
	note "boot $prog ($run)"
	if timeout "${PLUGIN_TEST_TIMEOUT:-60}" "$QEMU" -M virt,virtualization=on \
		-cpu max -m 128M -nographic -no-reboot -nic none "$@" \
		-kernel "$OUT/tests/$prog.elf" -plugin "$PLUGIN${args:+,$args}" \
		</dev/null >"$LOGS/$run.log" 2>&1; then
		rc[$run]=0
	else
		rc[$run]=$?
	fi
}

# ran RUN: the program ran to its end and the plugin wrote a report.
ran() {
	local run=$1 log=$LOGS/$1.log
	if [ "${rc[$run]}" != 0 ]; then
		echo "qemu exited with ${rc[$run]}: $(grep -m1 -v '^s2test' "$log" || true)"
		return 1
	fi
	if grep -q '^s2test: FAIL' "$log" || ! grep -q '^s2test: done' "$log"; then
		echo "program failed: $(grep -m1 '^s2test' "$log" || echo 'no output')"
		return 1
	fi
	if [ ! -f "$LOGS/$run.report" ]; then
		echo "no report from the plugin"
		return 1
	fi
}

# compare REPORT EXPECT [SCOPES]: the report matches the expectation.
# EXPECT has the report's "windows=..." line verbatim and lines
# "SCOPE CLASS COUNT" (SCOPE: window=N or total). Only scopes matching the
# regex SCOPES (default: all) are compared. A class not listed for a
# window scope must count 0, except insns, which is only checked when
# listed; every window scope of the report must be listed, and "total"
# is compared only when the expectation lists it. Prints the mismatches.
compare() {
	awk -v scopes="${3:-.}" '
	function want_scope(s) { return s ~ scopes }
	FNR == NR {
		if ($0 ~ /^[ \t]*(#|$)/)
			next
		if ($1 ~ /^windows=/) {
			want_header = $0
			next
		}
		if (NF != 3 || $3 !~ /^[0-9]+$/) {
			print "bad expect line: " $0
			bad++
			next
		}
		if (!want_scope($1))
			next
		want[$1 " " $2] = $3
		listed[$1] = 1
		next
	}
	/^#/ { next }
	/^windows=/ { got_header = $0; next }
	{
		if (NF != 3 || $2 !~ /^class=/ || $3 !~ /^count=[0-9]+$/) {
			print "bad report line: " $0
			bad++
			next
		}
		if (!want_scope($1))
			next
		if ($1 == "total" && !("total" in listed))
			next
		if (!($1 in listed) && !($1 in extra)) {
			print "unexpected " $1 " in the report"
			extra[$1] = 1
			bad++
		}
		cls = substr($2, 7)
		n = substr($3, 7)
		got[$1 " " cls] = n
		if (($1 " " cls) in want) {
			if (n != want[$1 " " cls]) {
				print $1 " " cls ": got " n ", want " want[$1 " " cls]
				bad++
			}
		} else if (cls != "insns" && n != 0) {
			print $1 " " cls ": got " n ", want 0"
			bad++
		}
	}
	END {
		if (got_header != want_header) {
			print "got \"" got_header "\", want \"" want_header "\""
			bad++
		}
		for (k in want)
			if (!(k in got)) {
				print "no " k " in the report"
				bad++
			}
		exit bad > 0
	}' "$2" "$1"
}

# check NAME RUN EXPECT [SCOPES]: record NAME for RUN against EXPECT.
check() {
	local name=$1 run=$2 expect=$SRC/tests/$3 scopes=${4:-.} why
	if why=$(ran "$run") && why=$(compare "$LOGS/$run.report" "$expect" "$scopes"); then
		result pass "$name"
	else
		printf '%s\n' "$why" | head -n 20 >&2
		result fail "$name" "$(printf '%s' "$why" | head -n 3 | tr '\n' ';') (see $LOGS/$run.*)"
	fi
}

# The decoder against binutils: every system instruction of the SYS
# spaces CRn=7 (DC, IC, AT), CRn=8 (TLBI), CRn=9 (TLBI nXS), the barrier
# space, the markers and HVC/SMC. Where objdump names an instruction of
# these kinds the decoder must name it the same; where the decoder names
# one that this binutils does not know (newer features, nXS TLBIs), it is
# listed in the log. Both directions must be exercised: many matches.
decode_table() {
	local dir=$LOGS/decode op1 crn crm op2 matched
	mkdir -p "$dir"
	{
		for crn in 7 8 9; do
			for op1 in 0 1 2 3 4 5 6 7; do
				for crm in $(seq 0 15); do
					for op2 in 0 1 2 3 4 5 6 7; do
						printf '%08x\n' $((0xd508001f | op1 << 16 | crn << 12 | crm << 8 | op2 << 5))
					done
				done
			done
		done
		for crm in $(seq 0 15); do
			for op2 in 0 1 2 3 4 5 6 7; do
				printf '%08x\n' $((0xd503301f | crm << 8 | op2 << 5))
			done
		done
		printf '%s\n' d5032f1f d5032f3f d4000002 d41fffe2 d4000003 d4000001
	} >"$dir/words"
	sed 's/^/.inst 0x/' "$dir/words" >"$dir/words.s"
	if ! "${CROSS_COMPILE}as" "$dir/words.s" -o "$dir/words.o" 2>"$dir/as.log"; then
		echo "cannot assemble the words: $(head -n 1 "$dir/as.log")"
		return 1
	fi
	"$OBJDUMP" -d "$dir/words.o" | awk -F'\t' '/^ +[0-9a-f]+:\t/ { print $2 "\t" $3 "\t" $4 }' >"$dir/objdump"
	"$OUT/s2decode" <"$dir/words" >"$dir/decoded"
	if [ "$(wc -l <"$dir/objdump")" != "$(wc -l <"$dir/words")" ] ||
		[ "$(wc -l <"$dir/decoded")" != "$(wc -l <"$dir/words")" ]; then
		echo "objdump or s2decode lost words"
		return 1
	fi
	matched=$(paste "$dir/objdump" "$dir/decoded" | awk -F"\t" -v unv="$dir/unverified" '
	{
		split($4, d, " ")
		word = d[1]; cls = d[2]
		dname = $4
		sub(/^[^ ]+ [^ ]+ /, "", dname)
		op = $3
		sub(/,.*/, "", op)
		oname = $2 (op == "" ? "" : " " op)
		gsub(/ +$/, "", oname)
		mine = $2 ~ /^(tlbi|dc|ic|at|dsb|dmb|isb|ssbb|pssbb|brb|cfp|dvp|cpp|cosp|hvc|smc)$/
		if (word == "d5032f1f" || word == "d5032f3f") {
			want = word == "d5032f1f" ? "start" : "stop"
			if (cls != want || oname !~ /^hint #0x7[89]$/) {
				print "marker " word ": objdump \"" oname "\", decoder " cls
				bad++
			}
		} else if (mine) {
			if ($2 == "hvc" || $2 == "smc")
				oname = $2
			if (oname != dname) {
				print word ": objdump \"" oname "\", decoder \"" dname "\""
				bad++
			} else
				n++
		} else if (dname != "?" && dname != "-") {
			print word " " dname " " cls > unv
		} else if (cls != "-" && cls !~ /other$/) {
			print word ": decoder counts " cls " for \"" oname "\""
			bad++
		}
	}
	END { print n + 0; exit bad > 0 }') || {
		printf '%s\n' "$matched"
		return 1
	}
	if [ "$matched" -lt 150 ]; then
		echo "only $matched instructions compared"
		return 1
	fi
	note "decode-table: $matched names agree with objdump, $(wc -l <"$dir/unverified" 2>/dev/null || echo 0) newer than binutils ($dir/unverified)"
}

step "plugin: decoder against objdump"
rm -f "$LOGS/decode/unverified"
if why=$(decode_table); then
	result pass plugin/decode-table
else
	printf '%s\n' "$why" | head -n 20 >&2
	result fail plugin/decode-table "$(printf '%s' "$why" | head -n 2 | tr '\n' ';')"
fi

step "plugin: runs"
boot exact exact "out=$LOGS/exact.report,total=on"
boot nomark-total nomark "out=$LOGS/nomark-total.report,total=on"
boot nomark nomark "out=$LOGS/nomark.report"
boot nomark-log nomark "" -d plugin
boot two two "out=$LOGS/two.report"
boot two-time two "out=$LOGS/two-time.report,time=on"
boot two-sites two "out=$LOGS/two-sites.report,sites=on"
boot open open "out=$LOGS/open.report"
boot smp smp "out=$LOGS/smp.report" -smp 2
boot badarg nomark "out=$LOGS/badarg.report,nosuch=1"

# The plugin loads, sees the machine QEMU reports (qemu_info_t read right),
# and QEMU refuses to run when the plugin refuses to install.
why=
if ! ran exact >/dev/null; then
	why="the plugin did not run: $(ran exact || true)"
elif ! grep -qx '# s2count target=aarch64 plugin_api=[0-9]*\.\.[0-9]* smp=1 maxcpus=1' "$LOGS/exact.report" ||
	! grep -qx '# s2count .* smp=2 maxcpus=2' "$LOGS/smp.report" 2>/dev/null; then
	why="unexpected header: $(head -n 1 "$LOGS/exact.report")"
elif ! grep -qE '^# s2count .* plugin_api=[0-9]+\.\.([1-9]|[1-9][0-9]+) ' "$LOGS/exact.report" ||
	grep -qE '^# s2count .* plugin_api=([2-9]|[1-9][0-9]+)\.\.' "$LOGS/exact.report"; then
	why="QEMU does not accept plugin API version 1: $(head -n 1 "$LOGS/exact.report")"
elif [ "${rc[badarg]}" = 0 ] || [ -f "$LOGS/badarg.report" ]; then
	why="QEMU ran although the plugin refused to install"
fi
if [ -z "$why" ]; then
	result pass plugin/load
else
	result fail plugin/load "$why"
fi

check plugin/exact-count exact exact.expect '^window='
check plugin/window exact exact.expect
# Without markers: with total=on the sequence shows in "total" (it did
# run and was decoded) but no window is reported; without total=on the
# report is the header and "windows=0 unterminated=0", nothing else.
why=
if ! why=$(ran nomark-total) || ! why=$(compare "$LOGS/nomark-total.report" "$SRC/tests/nomark.expect"); then
	why="total=on: $why"
elif ! why=$(ran nomark) || ! why=$(compare "$LOGS/nomark.report" "$SRC/tests/nomark.expect" '^window='); then
	why="default: $why"
elif [ "$(grep -cv '^#' "$LOGS/nomark.report")" != 1 ]; then
	why="default: more than the windows line in $LOGS/nomark.report"
fi
if [ -z "$why" ]; then
	result pass plugin/no-markers
else
	result fail plugin/no-markers "$(printf '%s' "$why" | head -n 3 | tr '\n' ';')"
fi
# Without out=, the report goes to QEMU's log: -d plugin, stderr here.
if [ "${rc[nomark-log]}" = 0 ] && grep -q '^# s2count target=aarch64' "$LOGS/nomark-log.log" &&
	grep -qx 'windows=0 unterminated=0' "$LOGS/nomark-log.log"; then
	result pass plugin/report-to-log
else
	result fail plugin/report-to-log "no report in $LOGS/nomark-log.log"
fi
check plugin/two-windows two two.expect
check plugin/unterminated open open.expect
check plugin/smp smp smp.expect
# time=on: one host_ns line per window, positive; the counts unchanged.
why=
if ! why=$(ran two-time); then
	:
elif [ "$(grep -cE '^window=[12] host_ns=[1-9][0-9]*$' "$LOGS/two-time.report")" != 2 ] ||
	[ "$(grep -c 'host_ns=' "$LOGS/two-time.report")" != 2 ]; then
	why="want one positive host_ns line for each of the 2 windows: $(grep 'host_ns' "$LOGS/two-time.report" | tr '\n' ' ')"
elif ! grep -v ' host_ns=' "$LOGS/two-time.report" >"$LOGS/two-time.counts" ||
	! why=$(compare "$LOGS/two-time.counts" "$SRC/tests/two.expect"); then
	why="counts differ with time=on: $why"
fi
if [ -z "$why" ]; then
	result pass plugin/time
else
	result fail plugin/time "$(printf '%s' "$why" | head -n 3 | tr '\n' ';') (see $LOGS/two-time.*)"
fi
# sites=on: the site lines add up, class by class, to what the windows
# count (2 tlbi.vmalle1is, 1 dsb.ish, 3 isb, 1 hvc, and the 20 instructions
# of class insns, by run); each site's address holds an instruction of its
# class in two.elf (the isb loop: one address, 3 executions), an insns
# site's an instruction; the window counts are unchanged.
why=
if ! why=$(ran two-sites); then
	:
elif ! grep -v '^site ' "$LOGS/two-sites.report" >"$LOGS/two-sites.counts" ||
	! why=$(compare "$LOGS/two-sites.counts" "$SRC/tests/two.expect"); then
	why="counts differ with sites=on: $why"
else
	sums=$(awk '/^site /{ split($3, c, "="); split($4, n, "="); s[c[2]] += n[2] }
		END { for (k in s) print k, s[k] }' "$LOGS/two-sites.report" | sort | tr '\n' ' ')
	if [ "$sums" != "dsb.ish 1 hvc 1 insns 20 isb 3 tlbi.vmalle1is 2 " ]; then
		why="site sums per class: got '$sums', want 'dsb.ish 1 hvc 1 insns 20 isb 3 tlbi.vmalle1is 2'"
	elif ! grep -q '^site pc=0x[0-9a-f]* class=isb count=3$' "$LOGS/two-sites.report"; then
		why="want the isb loop as one site with count=3: $(grep 'class=isb' "$LOGS/two-sites.report" | tr '\n' ' ')"
	else
		"$OBJDUMP" -d "$OUT/tests/two.elf" >"$LOGS/two-sites.dis"
		while read -r _ pc cls _; do
			pc=${pc#pc=0x} cls=${cls#class=}
			mn=${cls%%.*}
			[ "$cls" != insns ] || mn='[a-z]'
			if ! grep -qE "^ *0*$pc:[[:space:]]+[0-9a-f]+[[:space:]]+$mn" "$LOGS/two-sites.dis"; then
				why="site 0x$pc ($cls) is not a $mn in two.elf"
				break
			fi
		done < <(grep '^site ' "$LOGS/two-sites.report")
	fi
fi
if [ -z "$why" ]; then
	result pass plugin/sites
else
	result fail plugin/sites "$(printf '%s' "$why" | head -n 3 | tr '\n' ';') (see $LOGS/two-sites.*)"
fi
exit 0
