#!/usr/bin/env bash
# warnings.sh FILE NAME: result NAME passes when FILE (compiler warnings of a
# build, one per line) holds nothing beyond config/known-warnings, the
# warnings the unpatched base already has with our config (each one named).
. "$(dirname "$0")/lib.sh"

file=${1:?usage: warnings.sh FILE NAME}
name=${2:?usage: warnings.sh FILE NAME}
known=$CONFIG/known-warnings
new=$(grep -vxF -f <(grep -v '^#' "$known" 2>/dev/null || true) "$file" || true)
result_none "$name" "$new" "new compiler warnings"
