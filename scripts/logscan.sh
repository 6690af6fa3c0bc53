#!/usr/bin/env bash
# logscan.sh LOG NAME: fail result NAME if the kernel lines of LOG (those
# with a printk timestamp) hold a warning, bug, oops, sanitizer or lockdep
# report, a call trace, a hyp panic, a lockup or a stall. Prints an excerpt.
. "$(dirname "$0")/lib.sh"

log=${1:?usage: logscan.sh LOG NAME}
name=${2:?usage: logscan.sh LOG NAME}

pattern='WARNING:|BUG:|Oops|Internal error|Unable to handle kernel|Kernel panic|kernel BUG|Call trace:|hyp panic|HYP panic|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|soft lockup|hard LOCKUP|blocked for more than|rcu: INFO|self-detected stall|detected stall|list_add corruption|list_del corruption|Bad page|page dumped because|kmemleak|ODEBUG|SError'

# Kernel lines: "[    1.234567] ..." (CONFIG_PRINTK_TIME) or "<n>[..." from dmesg -r.
if ! grep -qE '^(<[0-9]+>)?\[ *[0-9]+\.[0-9]+\] Linux version ' "$log"; then
	result fail "$name" "no kernel log in $(basename "$log") to scan"
	exit 0
fi
hits=$(grep -nE '^(<[0-9]+>)?\[ *[0-9]+\.[0-9]+\]' "$log" | grep -E "$pattern" | grep -vE 'KASAN.*(initialized|enabled)|kasan: ' || true)
if [ -z "$hits" ]; then
	result pass "$name"
	exit 0
fi
first=$(printf '%s\n' "$hits" | head -n 1 | cut -d: -f1)
result fail "$name" "kernel splat: $(printf '%s\n' "$hits" | head -n 1 | cut -d: -f2- | sed 's/^\[[^]]*\] *//' | cut -c1-120)"
printf -- '---- %s, from line %s ----\n' "${log#"$TOP"/}" "$first" >&2
sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" "$log" >&2
printf -- '----\n' >&2
exit 0
