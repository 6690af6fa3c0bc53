// SPDX-License-Identifier: GPL-2.0
/*
 * s2bench: the workloads of `make bench`. Each one builds the same state
 * (a guest has written every page of an N MiB region, and the host has
 * checked that it did) and then performs exactly one stage-2 operation
 * between the s2count markers (bench/plugin/s2mark.h), so that the QEMU
 * plugin counts the TLBIs, DSBs, ISBs, DCs and HVCs of that operation and
 * nothing else.
 *
 *   s2bench [-r REPS] [-c CHUNK] [-n] SCENARIO MIB
 *
 * Scenarios (the window holds only the named call):
 *   control       madvise(MADV_DONTNEED) on N MiB the host wrote itself and
 *                 no guest mapped (4 KiB pages): the host's own stage-1
 *                 work, to be subtracted from "madvise"
 *   control-thp   the same on THP-backed memory
 *   madvise       madvise(MADV_DONTNEED) on a guest's N MiB, 4 KiB pages
 *   madvise-thp   the same, THP-backed (stage-2 block mappings)
 *   memslot       KVM_SET_USER_MEMORY_REGION deleting that memslot
 *   memslot-thp   the same, THP-backed
 *   dirty         two windows: "dirty-enable" sets KVM_MEM_LOG_DIRTY_PAGES
 *                 (manual protect, so this write-protects the slot), then,
 *                 after the guest has written every page again,
 *                 "dirty-clear" is KVM_CLEAR_DIRTY_LOG over the whole slot
 *                 in CHUNK-page ranges (default 512: 2 MiB of 4 KiB pages)
 *   destroy       close() of the last VM file descriptor: VM teardown
 *   empty         a window with nothing in it (tests the harness)
 *
 * Every window prints one line after it closed, in the order the plugin
 * numbers windows:
 *   S2BENCH window scenario=S mib=N rep=R pages=P page_size=B dline=L
 *           calls=C ns=T marks=M
 * pages and page_size are the host's (the stage-2 granule), dline the
 * smallest data cache line (CTR_EL0.DminLine) in bytes, calls the number
 * of system calls in the window, ns the CLOCK_MONOTONIC time across it.
 * -n runs without markers (marks=0: the plugin must then report no window
 * for this run).
 *
 * The guest writes a per-page signature into every 4 KiB page; the host
 * checks every page before the window (the guest really faulted every page
 * in) and that the operation took effect after it. THP variants fail
 * unless /proc/self/smaps shows the whole region as AnonHugePages; the
 * 4 KiB variants fail if any of it is.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"

#include "s2mark.h"

#define TEST_SLOT	1
/* Above memslot 0 and the ucall MMIO page, 1 GiB aligned. */
#define TEST_GPA	(4ULL << 30)
#define GUEST_PAGE	4096UL
#define SIG_BASE	0x73326265ULL	/* "s2be" */
#define SZ_2M		(2UL << 20)

/* Written by the host before each run of the guest. */
static uint64_t guest_sig;

/*
 * Write a signature into every 4 KiB page of [gva, gva + size), then
 * report to the host; again, with the signature the host set, on every
 * KVM_RUN.
 */
static void guest_code(uint64_t gva, uint64_t size)
{
	uint64_t off, sig;

	for (;;) {
		sig = READ_ONCE(guest_sig);
		for (off = 0; off < size; off += GUEST_PAGE)
			WRITE_ONCE(*(uint64_t *)(gva + off), sig ^ off);
		GUEST_SYNC(sig);
	}
}

static bool no_marks;

static void mark_start(void)
{
	if (!no_marks)
		s2_mark_start();
}

static void mark_stop(void)
{
	if (!no_marks)
		s2_mark_stop();
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

struct region {
	void *mmap_start;
	size_t mmap_size;
	void *hva;		/* 2 MiB aligned */
	size_t size;
	bool thp;
};

static void region_alloc(struct region *r, size_t size, bool thp)
{
	int ret;

	r->size = size;
	r->thp = thp;
	r->mmap_size = size + SZ_2M;
	r->mmap_start = mmap(NULL, r->mmap_size, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(r->mmap_start != MAP_FAILED, "mmap of %zu bytes failed", r->mmap_size);
	r->hva = align_ptr_up(r->mmap_start, SZ_2M);
	if (thp_configured()) {
		ret = madvise(r->hva, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		TEST_ASSERT(!ret, "madvise(%s) failed: %s",
			    thp ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE", strerror(errno));
	}
}

static void region_free(struct region *r)
{
	TEST_ASSERT(!munmap(r->mmap_start, r->mmap_size), "munmap failed");
}

/* AnonHugePages of the VMAs overlapping [start, start + size), in bytes. */
static size_t anon_huge_bytes(void *start, size_t size)
{
	unsigned long lo, hi, s = (unsigned long)start, e = s + size;
	size_t total = 0, kb;
	bool in = false;
	char line[512];
	FILE *f;

	f = fopen("/proc/self/smaps", "r");
	TEST_ASSERT(f, "cannot open /proc/self/smaps");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = lo < e && hi > s;
		else if (in && sscanf(line, "AnonHugePages: %zu kB", &kb) == 1)
			total += kb * 1024;
	}
	fclose(f);
	return total;
}

/* The backing is what the scenario says: all THP, or no THP at all. */
static void check_backing(struct region *r)
{
	size_t huge = anon_huge_bytes(r->hva, r->size);

	if (r->thp)
		TEST_ASSERT(huge == r->size,
			    "THP backing is not real: AnonHugePages %zu KiB of %zu KiB",
			    huge >> 10, r->size >> 10);
	else
		TEST_ASSERT(huge == 0,
			    "4 KiB backing has %zu KiB of AnonHugePages", huge >> 10);
}

/* Every 4 KiB page holds the signature @sig wrote there. */
static void check_written(struct region *r, uint64_t sig, const char *who)
{
	uint64_t off, bad = 0, first = 0;

	for (off = 0; off < r->size; off += GUEST_PAGE) {
		if (*(volatile uint64_t *)(r->hva + off) != (sig ^ off)) {
			if (!bad++)
				first = off;
		}
	}
	TEST_ASSERT(!bad, "%lu of %lu pages not written by the %s (first at offset 0x%lx)",
		    bad, r->size / GUEST_PAGE, who, first);
}

/* After MADV_DONTNEED every page reads as zero again. */
static void check_zapped(struct region *r)
{
	uint64_t off, bad = 0;

	for (off = 0; off < r->size; off += GUEST_PAGE)
		bad += *(volatile uint64_t *)(r->hva + off) != 0;
	TEST_ASSERT(!bad, "%lu of %lu pages still hold data after MADV_DONTNEED",
		    bad, r->size / GUEST_PAGE);
}

struct guest {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	struct region mem;
	uint32_t slot_flags;
};

static void guest_create(struct guest *g, size_t size, bool thp, bool populate)
{
	uint64_t npages = size / GUEST_PAGE;

	/* The extra pages size memslot 0 for the guest page tables of the region. */
	g->vm = __vm_create_with_one_vcpu(&g->vcpu, npages, guest_code);
	g->slot_flags = 0;
	if (!populate)
		return;
	region_alloc(&g->mem, size, thp);
	vm_set_user_memory_region(g->vm, TEST_SLOT, 0, TEST_GPA, size, g->mem.hva);
	virt_map(g->vm, TEST_GPA, TEST_GPA, npages);
	vcpu_args_set(g->vcpu, 2, TEST_GPA, size);
}

/* Let the guest write @sig into every page, and check it did. */
static void guest_write_all(struct guest *g, uint64_t sig)
{
	struct ucall uc;

	guest_sig = sig;
	sync_global_to_guest(g->vm, guest_sig);
	vcpu_run(g->vcpu);
	switch (get_ucall(g->vcpu, &uc)) {
	case UCALL_SYNC:
		TEST_ASSERT(uc.args[1] == sig, "guest reported 0x%lx, want 0x%lx",
			    uc.args[1], sig);
		break;
	case UCALL_ABORT:
		REPORT_GUEST_ASSERT(uc);
		break;
	default:
		TEST_FAIL("unexpected exit: %s", exit_reason_str(g->vcpu->run->exit_reason));
	}
	check_written(&g->mem, sig, "guest");
}

static void guest_free(struct guest *g, bool populated)
{
	kvm_vm_free(g->vm);
	if (populated)
		region_free(&g->mem);
}

struct window {
	const char *scenario;
	unsigned int mib, rep;
	uint64_t t0;
};

/* The smallest data cache line, from CTR_EL0 (readable at EL0 under Linux). */
static unsigned int dcache_line(void)
{
	uint64_t ctr;

	asm volatile("mrs %0, ctr_el0" : "=r" (ctr));
	return 4U << ((ctr >> 16) & 0xf);
}

static void window_open(struct window *w, const char *scenario, unsigned int mib,
			unsigned int rep)
{
	w->scenario = scenario;
	w->mib = mib;
	w->rep = rep;
	w->t0 = now_ns();
	mark_start();
}

/* Close the window, which held @calls system calls. */
static void window_close_calls(struct window *w, uint64_t calls)
{
	uint64_t ns;
	long psz = getpagesize();

	mark_stop();
	ns = now_ns() - w->t0;
	printf("S2BENCH window scenario=%s mib=%u rep=%u pages=%lu page_size=%ld dline=%u calls=%lu ns=%lu marks=%d\n",
	       w->scenario, w->mib, w->rep, ((unsigned long)w->mib << 20) / psz, psz,
	       dcache_line(), calls, ns, !no_marks);
	fflush(stdout);
}

static void window_close(struct window *w)
{
	window_close_calls(w, 1);
}

static void do_control(unsigned int mib, unsigned int rep, bool thp)
{
	struct window w;
	struct guest g;
	struct region r;
	uint64_t off;
	int ret;

	/* A VM exists (its MMU notifier is registered) but maps none of r. */
	guest_create(&g, 0, false, false);
	region_alloc(&r, (size_t)mib << 20, thp);
	for (off = 0; off < r.size; off += GUEST_PAGE)
		*(volatile uint64_t *)(r.hva + off) = SIG_BASE ^ off;
	check_written(&r, SIG_BASE, "host");
	check_backing(&r);

	window_open(&w, thp ? "control-thp" : "control", mib, rep);
	ret = madvise(r.hva, r.size, MADV_DONTNEED);
	window_close(&w);

	TEST_ASSERT(!ret, "madvise(MADV_DONTNEED) failed: %s", strerror(errno));
	check_zapped(&r);
	region_free(&r);
	guest_free(&g, false);
}

static void do_madvise(unsigned int mib, unsigned int rep, bool thp)
{
	struct window w;
	struct guest g;
	int ret;

	guest_create(&g, (size_t)mib << 20, thp, true);
	guest_write_all(&g, SIG_BASE + rep);
	check_backing(&g.mem);

	window_open(&w, thp ? "madvise-thp" : "madvise", mib, rep);
	ret = madvise(g.mem.hva, g.mem.size, MADV_DONTNEED);
	window_close(&w);

	TEST_ASSERT(!ret, "madvise(MADV_DONTNEED) failed: %s", strerror(errno));
	check_zapped(&g.mem);
	guest_free(&g, true);
}

static void do_memslot(unsigned int mib, unsigned int rep, bool thp)
{
	struct window w;
	struct guest g;
	int ret;

	guest_create(&g, (size_t)mib << 20, thp, true);
	guest_write_all(&g, SIG_BASE + rep);
	check_backing(&g.mem);

	window_open(&w, thp ? "memslot-thp" : "memslot", mib, rep);
	ret = __vm_set_user_memory_region(g.vm, TEST_SLOT, 0, TEST_GPA, 0, g.mem.hva);
	window_close(&w);

	TEST_ASSERT(!ret, "deleting the memslot failed: %s", strerror(errno));
	/* The host's memory is untouched; the guest's view of it is gone. */
	check_written(&g.mem, SIG_BASE + rep, "guest");
	guest_free(&g, true);
}

static void do_dirty(unsigned int mib, unsigned int rep, unsigned int chunk)
{
	uint64_t npages, first, n, words, i;
	struct kvm_clear_dirty_log args;
	unsigned long *bitmap;
	struct window w;
	struct guest g;
	int ret = 0;

	TEST_REQUIRE(kvm_check_cap(KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2) &
		     KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE);
	guest_create(&g, (size_t)mib << 20, false, true);
	/* Without KVM_DIRTY_LOG_INITIALLY_SET: enabling the log write-protects. */
	vm_enable_cap(g.vm, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2,
		      KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE);
	guest_write_all(&g, SIG_BASE + rep);
	check_backing(&g.mem);
	npages = g.mem.size / getpagesize();
	words = (npages + 63) / 64;
	bitmap = calloc(words, sizeof(*bitmap));
	TEST_ASSERT(bitmap, "no memory for the dirty bitmap");

	window_open(&w, "dirty-enable", mib, rep);
	ret = __vm_set_user_memory_region(g.vm, TEST_SLOT, KVM_MEM_LOG_DIRTY_PAGES,
					  TEST_GPA, g.mem.size, g.mem.hva);
	window_close(&w);
	TEST_ASSERT(!ret, "enabling dirty logging failed: %s", strerror(errno));

	/* Every page faults again (write-protected) and is logged dirty. */
	guest_write_all(&g, SIG_BASE + rep + 0x100);
	kvm_vm_get_dirty_log(g.vm, TEST_SLOT, bitmap);
	for (i = 0; i < npages; i++)
		TEST_ASSERT(bitmap[i / 64] & (1UL << (i % 64)),
			    "page %lu of %lu not logged dirty after the guest wrote it", i, npages);

	window_open(&w, "dirty-clear", mib, rep);
	for (first = 0; first < npages && !ret; first += n) {
		n = npages - first < chunk ? npages - first : chunk;
		args = (struct kvm_clear_dirty_log) {
			.dirty_bitmap = bitmap + first / 64,
			.slot = TEST_SLOT,
			.first_page = first,
			.num_pages = n,
		};
		ret = __vm_ioctl(g.vm, KVM_CLEAR_DIRTY_LOG, &args);
	}
	window_close_calls(&w, (npages + chunk - 1) / chunk);
	TEST_ASSERT(!ret, "KVM_CLEAR_DIRTY_LOG at page %lu failed: %s", first, strerror(errno));

	/* The clear write-protected every page: each write is logged again. */
	memset(bitmap, 0, words * sizeof(*bitmap));
	guest_write_all(&g, SIG_BASE + rep + 0x200);
	kvm_vm_get_dirty_log(g.vm, TEST_SLOT, bitmap);
	for (i = 0; i < npages; i++)
		TEST_ASSERT(bitmap[i / 64] & (1UL << (i % 64)),
			    "page %lu of %lu not write-protected by KVM_CLEAR_DIRTY_LOG", i, npages);
	free(bitmap);
	guest_free(&g, true);
}

static void do_destroy(unsigned int mib, unsigned int rep)
{
	struct userspace_mem_region *slot0;
	struct window w;
	struct guest g;
	int ret, run_sz;

	guest_create(&g, (size_t)mib << 20, false, true);
	guest_write_all(&g, SIG_BASE + rep);
	check_backing(&g.mem);

	/*
	 * Only the VM file may hold the VM: the vCPU file and its kvm_run
	 * mapping each keep a reference, so they go first.
	 */
	TEST_ASSERT(!g.vm->stats_fd, "the VM has a stats fd open");
	run_sz = ioctl(g.vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	TEST_ASSERT(run_sz > 0, "KVM_GET_VCPU_MMAP_SIZE failed");
	TEST_ASSERT(!munmap(g.vcpu->run, run_sz), "munmap of kvm_run failed");
	TEST_ASSERT(!close(g.vcpu->fd), "close of the vCPU fd failed");
	slot0 = memslot2region(g.vm, 0);

	window_open(&w, "destroy", mib, rep);
	ret = close(g.vm->fd);
	window_close(&w);

	TEST_ASSERT(!ret, "close of the VM fd failed: %s", strerror(errno));
	/* The library's view of the VM is stale now: free by hand. */
	TEST_ASSERT(!munmap(slot0->mmap_start, slot0->mmap_size), "munmap of memslot 0 failed");
	close(g.vm->kvm_fd);
	region_free(&g.mem);
}

static void do_empty(unsigned int mib, unsigned int rep)
{
	struct window w;

	window_open(&w, "empty", mib, rep);
	window_close_calls(&w, 0);
}

static void usage(const char *name)
{
	fprintf(stderr,
		"usage: %s [-r REPS] [-c CHUNK] [-n] SCENARIO MIB\n"
		"  SCENARIO: control control-thp madvise madvise-thp memslot memslot-thp\n"
		"            dirty destroy empty\n"
		"  -r REPS   repetitions, each with a fresh VM (default 1)\n"
		"  -c CHUNK  pages per KVM_CLEAR_DIRTY_LOG call (dirty; default 512)\n"
		"  -n        no window markers\n", name);
	exit(KSFT_FAIL);
}

int main(int argc, char *argv[])
{
	unsigned int reps = 1, chunk = 512, mib, rep;
	const char *scenario;
	bool thp;
	int opt;

	while ((opt = getopt(argc, argv, "r:c:nh")) != -1) {
		switch (opt) {
		case 'r':
			reps = atoi_positive("Repetitions", optarg);
			break;
		case 'c':
			chunk = atoi_positive("Chunk", optarg);
			break;
		case 'n':
			no_marks = true;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (argc - optind != 2)
		usage(argv[0]);
	scenario = argv[optind];
	mib = atoi_positive("Region size (MiB)", argv[optind + 1]);
	TEST_ASSERT(chunk % 64 == 0, "KVM_CLEAR_DIRTY_LOG needs multiples of 64 pages");
	thp = strstr(scenario, "-thp") != NULL;

	ksft_print_header();
	if (thp) {
		if (!thp_configured())
			ksft_exit_skip("THP not configured in the host kernel\n");
		if (((size_t)mib << 20) % get_trans_hugepagesz())
			ksft_exit_skip("%u MiB is not a multiple of the THP size %zu KiB\n",
				       mib, get_trans_hugepagesz() >> 10);
	}
	ksft_set_plan(reps);
	for (rep = 1; rep <= reps; rep++) {
		if (!strcmp(scenario, "control") || !strcmp(scenario, "control-thp"))
			do_control(mib, rep, thp);
		else if (!strcmp(scenario, "madvise") || !strcmp(scenario, "madvise-thp"))
			do_madvise(mib, rep, thp);
		else if (!strcmp(scenario, "memslot") || !strcmp(scenario, "memslot-thp"))
			do_memslot(mib, rep, thp);
		else if (!strcmp(scenario, "dirty"))
			do_dirty(mib, rep, chunk);
		else if (!strcmp(scenario, "destroy"))
			do_destroy(mib, rep);
		else if (!strcmp(scenario, "empty"))
			do_empty(mib, rep);
		else
			usage(argv[0]);
		ksft_test_result_pass("%s %u MiB, repetition %u\n", scenario, mib, rep);
	}
	ksft_finished();
}
