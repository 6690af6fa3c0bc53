# kvm-s2mmu: the arm64 KVM stage-2 MMU series for Linux 6.12 LTS and its
# harness. Every target calls one script in scripts/; see README.md.

MACHINE ?= $(or $(CPU),max)
SHELL := /bin/bash

.PHONY: help run soak check check-full shell tree export series check-bisect check-model check-hygiene check-docs \
	check-matrix check-granules check-defconfig check-regions check-cpus check-bench check-vmm bench softlockup drift pin deps base clean

help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## make run [MACHINE=max|neoverse-n1|cortex-a72|max-nvhe|max-pkvm|max-16k|max-64k|...]
##                     build everything needed and boot it, running a few selftests
##                     (config/machines; *-16k/*-64k machines boot 16/64 KiB-page kernels)
run:
	@scripts/run.sh $(MACHINE)

## make soak [MACHINE=...]  the long stress runs (the `soak` set of config/selftests)
soak:
	@scripts/run.sh $(MACHINE) soak

## make check          the whole test suite (CI runs this); last line: N passed, N failed, N skipped
check:
	@scripts/check.sh

## make check-hygiene  only: the series applies, exports back identically, checkpatch --strict
check-hygiene:
	@CHECK_STAGES=hygiene scripts/check.sh

## make check-docs    only: kernel-doc, the reST documents (docutils), the names they give, MAINTAINERS
check-docs:
	@CHECK_STAGES=docs scripts/check.sh

## make check-model   only: the host-side model checker of the stage-2 walker (tools/testing/kvm-stage2)
check-model:
	@CHECK_STAGES=model scripts/check.sh

## make check-bisect   only: every prefix of the series builds (quick; CHECK_FULL=1: an Image each)
check-bisect:
	@CHECK_STAGES=bisect scripts/check.sh

## make check-matrix [CHECK_MACHINES="max cortex-a72"]  only: build and the QEMU matrix
check-matrix:
	@CHECK_STAGES="build matrix" scripts/check.sh

## make check-granules  only: the 16/64 KiB-page machines of the matrix (granule and 52-bit IPA sets)
##                     and the model checker (4K/16K/64K); CHECK_MACHINES narrows it
check-granules:
	@CHECK_SETS=all CHECK_STAGES="model cpus build matrix" \
		CHECK_MACHINES="$${CHECK_MACHINES:-$$(awk '!/^[[:space:]]*(#|$$)/ && $$8 != "4k" { print $$1 }' config/machines | tr '\n' ' ')}" \
		scripts/check.sh

## make check-defconfig  only: the series under the arm64 defconfig (KVM built in), W=0 and W=1, vs base
check-defconfig:
	@CHECK_FULL=1 CHECK_STAGES=defconfig scripts/check.sh

## make check-regions  only: the test device refuses bad regions (config/pfnmap-regions), a boot each
check-regions:
	@CHECK_STAGES="build regions" scripts/check.sh

## make check-cpus     only: the ID registers QEMU's CPUs advertise vs config/machines (granules, PA size)
check-cpus:
	@CHECK_STAGES=cpus scripts/check.sh

## make check-bench   only: the bench workloads under the plugin (build + bench stages)
check-bench:
	@CHECK_STAGES="build bench" scripts/check.sh

## make check-vmm [VMM_MACHINES="max"]  only: a real VMM on the patched kernel: Debian's arm64
##                     QEMU with KVM, guests verified while they migrate, balloon, and the host's
##                     KSM, swap, compaction and THP run under them (config/vmm; make check-full too)
check-vmm:
	@CHECK_STAGES="build vmm" scripts/check.sh

## make check-full    make check plus what it leaves out for CI's time: every machine and set
##                     (full sets), an Image per bisect prefix, defconfig's compiles, the 4K debug
##                     kernel; run it before moving the pin and before make series (docs/testing.md)
check-full:
	@CHECK_FULL=1 scripts/check.sh

## make bench         base vs. patched: count the stage-2 maintenance of each workload on
##                     max, neoverse-n1, cortex-a72 (config/bench) -> build/bench/results.{md,csv,png}
bench:
	@scripts/bench.sh

## make softlockup    base vs. patched debug kernels: the soft-lockup detector at the teardown of
##                     a large guest (-icount time dilation; slow, not in make check; see docs/testing.md)
softlockup:
	@scripts/softlockup.sh

## make shell [MACHINE=...]  boot the patched kernel to an interactive shell
shell:
	@scripts/run.sh $(MACHINE) shell

## make tree           materialise ./linux: base commit + one commit per patch
tree:
	@scripts/tree.sh

## make export         write ./linux's commits back to patches/ (then commit them)
export:
	@scripts/export.sh

## make drift         is the pin the newest linux-source-6.12 apt serves? If not, apply the
##                     series to the newest one, patch by patch (DRIFT_VERSION=... picks one)
drift:
	@scripts/drift.sh apply

## make pin [VERSION=...]  move the pin (config/base) to VERSION, default the newest apt serves
pin:
	@scripts/pin.sh $(VERSION)

## make series         the outgoing series (cover letter + patches) in build/series/
series:
	@scripts/series.sh

## make clean          remove build/ (keeps ./linux and the download cache)
clean:
	rm -rf build

deps base:
	@scripts/$@.sh
