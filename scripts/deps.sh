#!/usr/bin/env bash
# deps.sh: install the Debian packages the harness needs, only if missing.
# Needs root (apt-get) unless everything is already installed.
. "$(dirname "$0")/lib.sh"

# command package
need="
aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
qemu-system-aarch64 qemu-system-arm
ccache ccache
flex flex
bison bison
bc bc
cpio cpio
sparse sparse
xz xz-utils
gzip gzip
file file
git git
perl perl
/usr/bin/python3 python3
rsync rsync
gnuplot gnuplot-nox
quilt quilt
shellcheck shellcheck
"
pkgs=()
while read -r cmd pkg; do
	[ -n "$cmd" ] || continue
	command -v "$cmd" >/dev/null 2>&1 || pkgs+=("$pkg")
done <<<"$need"
# Headers and libraries, by file.
[ -f /usr/include/openssl/ssl.h ] || pkgs+=(libssl-dev)
[ -f /usr/include/gelf.h ] || pkgs+=(libelf-dev)
[ -f /usr/aarch64-linux-gnu/lib/libc.a ] || pkgs+=(libc6-dev-arm64-cross)
# Debian's python3 (the harness puts /usr/bin first where it runs kernel
# scripts, so a pyenv or venv python3 on PATH does not hide these).
/usr/bin/python3 -c 'import docutils' 2>/dev/null || pkgs+=(python3-docutils)
# The docs stage builds the series' documents with Sphinx (make htmldocs).
[ -x /usr/bin/sphinx-build ] || pkgs+=(python3-sphinx)
# checkpatch's SPDX check (scripts/spdxcheck.py) needs these.
/usr/bin/python3 -c 'import ply' 2>/dev/null || pkgs+=(python3-ply)
/usr/bin/python3 -c 'import git' 2>/dev/null || pkgs+=(python3-git)
# busybox-static:arm64 for the initramfs comes from the arm64 architecture.
arm64=0
dpkg --print-foreign-architectures | grep -qx arm64 || arm64=1

if [ ${#pkgs[@]} = 0 ] && [ $arm64 = 0 ]; then
	step "deps: all present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	[ $arm64 = 0 ] || pkgs+=("(and: dpkg --add-architecture arm64)")
	die "missing packages, and not root: apt-get install ${pkgs[*]}"
fi
log=$BUILD/logs/deps.log
mkdir -p "$(dirname "$log")"
if [ $arm64 = 1 ]; then
	step "deps: enabling dpkg architecture arm64 (for busybox-static:arm64)"
	dpkg --add-architecture arm64
fi
step "deps: apt-get update; apt-get install ${pkgs[*]}"
{
	apt-get update &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"
} >"$log" 2>&1 || { tail_log "$log" 20; die "apt-get failed (log: $log)"; }
