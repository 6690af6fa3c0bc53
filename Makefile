# kvm-s2mmu: the arm64 KVM stage-2 MMU series for Linux 6.12 LTS and its
# harness. Every target calls one script in scripts/; see README.md.

MACHINE ?= $(or $(CPU),max)
SHELL := /bin/bash

.PHONY: help run soak check check-full shell tree export series check-bisect check-model check-hygiene check-docs \
	check-matrix check-bench bench deps base kernel selftests clean distclean

help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## make run [MACHINE=max|neoverse-n1|cortex-a72|max-nvhe|max-pkvm]
##                     build everything needed and boot it, running a few selftests
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

## make check-bisect   only: every prefix of the series builds
check-bisect:
	@CHECK_STAGES=bisect scripts/check.sh

## make check-matrix [CHECK_MACHINES="max cortex-a72"]  only: build and the QEMU matrix
check-matrix:
	@CHECK_STAGES="build matrix" scripts/check.sh

## make check-bench   only: the bench workloads under the plugin (build + bench stages)
check-bench:
	@CHECK_STAGES="build bench" scripts/check.sh

## make check-full    make check with the `full` selftest set on every machine (long)
check-full:
	@CHECK_FULL_ON=all scripts/check.sh

## make bench         base vs. patched: count the stage-2 maintenance of each workload on
##                     max, neoverse-n1, cortex-a72 (config/bench) -> build/bench/results.{md,csv,png}
bench:
	@scripts/bench.sh

## make shell [MACHINE=...]  boot the patched kernel to an interactive shell
shell:
	@scripts/deps.sh && scripts/kernel.sh patched >/dev/null && scripts/initramfs.sh patched >/dev/null && \
		scripts/boot.sh patched $(MACHINE) shell

## make tree           materialise ./linux: base commit + one commit per patch
tree:
	@scripts/tree.sh

## make export         write ./linux's commits back to patches/ (then commit them)
export:
	@scripts/export.sh

## make series         the outgoing series (cover letter + patches) in build/series/
series:
	@scripts/series.sh

## make clean          remove build/ (keeps ./linux and the download cache)
clean:
	rm -rf build

deps base:
	@scripts/$@.sh
