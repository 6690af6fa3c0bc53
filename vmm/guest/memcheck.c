// SPDX-License-Identifier: GPL-2.0
/*
 * memcheck: the workload of the vmm stage's guests (docs/testing.md, "Real VMM").
 *
 * Fills N MiB with self-describing pages and keeps rewriting them, while a
 * table in separate pages records the generation last written to each
 * page. Every 64-bit word of a page is a function of (generation, key,
 * word index); word 0 holds the generation and the key in clear, so that
 * a bad page can be told apart: an older generation of itself (a lost
 * write), another page's content, zeroes, or garbage. The key is the page
 * index, or with -g N the index of its group of N pages, whose pages then
 * start out identical (for KSM to merge) and diverge as they are rewritten.
 *
 * It verifies every word of every page when asked, periodically with -v,
 * and at the end, and prints one verdict line per verification:
 *   MEMCHECK ok tag=T pages=P writes=W errors=0 secs=S
 *   MEMCHECK FAIL tag=T pages=P writes=W errors=E bad-pages=B
 * each FAIL preceded by up to 8 lines describing bad pages. The host
 * decides nothing itself: a scenario passes only on an ok verdict with the
 * tag it asked for after its events.
 *
 * Commands, one per line on stdin (the guest's serial console):
 *   verify TAG   verify everything now, print the verdict, keep writing
 *   pause        stop writing (verification still answers)
 *   resume       write again
 *   touch MIB    allocate MIB more, write every page once, free it again:
 *                guest memory the host has backed and the guest no longer
 *                uses (what a balloon or free page reporting takes back)
 *   stop TAG     verify and exit
 * Exit status: 0 when every verification passed, 1 otherwise, 2 on usage.
 * -x checks the checker: it corrupts four pages and must report them.
 *
 * Build: aarch64-linux-gnu-gcc -static -O2 -o memcheck memcheck.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096UL
#define WORDS		(PAGE / sizeof(uint64_t))
#define MAX_REPORTS	8

static uint64_t *mem;		/* the pages under test */
static uint32_t *gens;		/* last generation written, per page */
static size_t npages;
static unsigned long group = 1;
static uint64_t seed = 0x6b766d2d73326d6dULL;
static uint64_t writes;
static int failed;
/* The rate limit counts from here (the end of the fill, the last resume). */
static double rate_t0;
static uint64_t rate_w0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t x)
{
	/* splitmix64's finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t key_of(size_t page)
{
	return page / group;
}

/* Word w (w > 0) of a page with this key at this generation. */
static uint64_t word(uint64_t base, size_t w)
{
	return base ^ (w * 0x9e3779b97f4a7c15ULL);
}

static uint64_t base_of(uint64_t key, uint32_t gen)
{
	return mix(seed ^ (key << 24) ^ ((uint64_t)gen << 56) ^ gen);
}

static uint64_t header(uint64_t key, uint32_t gen)
{
	return ((uint64_t)gen << 32) | (uint32_t)key;
}

static void write_page(size_t p, uint32_t gen)
{
	uint64_t *pg = mem + p * WORDS, key = key_of(p);
	uint64_t base = base_of(key, gen);
	size_t w;

	pg[0] = header(key, gen);
	for (w = 1; w < WORDS; w++)
		pg[w] = word(base, w);
	gens[p] = gen;
	writes++;
}

/* Does page p hold exactly (key, gen)'s content? */
static int page_is(const uint64_t *pg, uint64_t key, uint32_t gen)
{
	uint64_t base = base_of(key, gen);
	size_t w;

	if (pg[0] != header(key, gen))
		return 0;
	for (w = 1; w < WORDS; w++)
		if (pg[w] != word(base, w))
			return 0;
	return 1;
}

/* Describe what a bad page holds instead, for the failure report. */
static void describe(size_t p, const uint64_t *pg, char *buf, size_t len)
{
	uint32_t hgen = pg[0] >> 32;
	uint64_t hkey = (uint32_t)pg[0];
	size_t w, nonzero = 0;

	for (w = 0; w < WORDS; w++)
		nonzero += pg[w] != 0;
	if (!nonzero)
		snprintf(buf, len, "the page is all zeroes");
	else if (hkey < (npages + group - 1) / group && page_is(pg, hkey, hgen)) {
		if (hkey == key_of(p) && hgen < gens[p])
			snprintf(buf, len, "the page is intact at generation %u, %u behind (a lost write)",
				 hgen, gens[p] - hgen);
		else if (hkey == key_of(p))
			snprintf(buf, len, "the page is intact at generation %u, %u ahead of the table"
				 " (the table's page lost a write)", hgen, hgen - gens[p]);
		else
			snprintf(buf, len, "the page holds key %" PRIu64 " generation %u (another page's data)",
				 hkey, hgen);
	} else {
		snprintf(buf, len, "%zu of %lu words non-zero, header gen %u key %" PRIu64 " (torn or garbage)",
			 nonzero, WORDS, hgen, hkey);
	}
}

static int verify(const char *tag)
{
	size_t p, w, bad_pages = 0, errors = 0, reports = 0;
	double t0 = now();
	char why[160];

	for (p = 0; p < npages; p++) {
		const uint64_t *pg = mem + p * WORDS;
		uint64_t key = key_of(p), base = base_of(key, gens[p]), want;
		size_t bad = 0, first = 0;
		uint64_t got_first = 0, want_first = 0;

		for (w = 0; w < WORDS; w++) {
			want = w ? word(base, w) : header(key, gens[p]);
			if (pg[w] != want) {
				if (!bad++) {
					first = w;
					got_first = pg[w];
					want_first = want;
				}
			}
		}
		if (!bad)
			continue;
		bad_pages++;
		errors += bad;
		if (reports++ < MAX_REPORTS) {
			describe(p, pg, why, sizeof(why));
			printf("MEMCHECK bad tag=%s page=%zu gen=%u words=%zu first=%zu got=0x%016" PRIx64
			       " want=0x%016" PRIx64 ": %s\n",
			       tag, p, gens[p], bad, first, got_first, want_first, why);
		}
	}
	if (errors) {
		printf("MEMCHECK FAIL tag=%s pages=%zu writes=%" PRIu64 " errors=%zu bad-pages=%zu\n",
		       tag, npages, writes, errors, bad_pages);
		failed = 1;
	} else {
		printf("MEMCHECK ok tag=%s pages=%zu writes=%" PRIu64 " errors=0 secs=%.1f\n",
		       tag, npages, writes, now() - t0);
	}
	fflush(stdout);
	return !errors;
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static size_t next_page(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % npages;
}

static void touch(unsigned long mib)
{
	size_t len = mib << 20, off;
	char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED) {
		printf("MEMCHECK touch %lu MiB: %s\n", mib, strerror(errno));
		return;
	}
	for (off = 0; off < len; off += PAGE)
		buf[off] = 1;
	munmap(buf, len);
	printf("MEMCHECK touched mib=%lu\n", mib);
}

/* A command from stdin, if a whole line is there. Returns 1 on stop. */
static int command(int *paused)
{
	static char line[256];
	static size_t have;
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	char *nl, tag[64];
	unsigned long mib;
	ssize_t n;

	if (poll(&pfd, 1, 0) <= 0)
		return 0;
	n = read(0, line + have, sizeof(line) - 1 - have);
	if (n <= 0)
		return 0;
	have += n;
	line[have] = 0;
	while ((nl = strchr(line, '\n'))) {
		int stop = 0;

		*nl = 0;
		if (sscanf(line, "verify %63s", tag) == 1) {
			verify(tag);
		} else if (sscanf(line, "stop %63s", tag) == 1) {
			verify(tag);
			stop = 1;
		} else if (sscanf(line, "touch %lu", &mib) == 1) {
			touch(mib);
		} else if (!strcmp(line, "pause")) {
			*paused = 1;
			printf("MEMCHECK paused writes=%" PRIu64 "\n", writes);
		} else if (!strcmp(line, "resume")) {
			*paused = 0;
			rate_t0 = now();
			rate_w0 = writes;
			printf("MEMCHECK resumed writes=%" PRIu64 "\n", writes);
		} else if (line[0]) {
			printf("MEMCHECK unknown command '%s'\n", line);
		}
		fflush(stdout);
		have -= nl + 1 - line;
		memmove(line, nl + 1, have + 1);
		if (stop)
			return 1;
	}
	if (have == sizeof(line) - 1)
		have = 0;	/* an overlong line: drop it */
	return 0;
}

/*
 * -x: corrupt four pages the four ways a missed invalidation can (a lost
 * write, a page of zeroes, another page's data, one flipped bit) and check
 * that the verification reports exactly those four.
 */
static int self_test(void)
{
	static uint64_t copy[WORDS];
	size_t bad = 0, p;

	if (npages < 6 || group != 1) {
		printf("MEMCHECK self-test FAIL: needs 6 pages and -g 1\n");
		return 1;
	}
	memcpy(copy, mem + 1 * WORDS, PAGE);
	write_page(1, gens[1] + 1);
	memcpy(mem + 1 * WORDS, copy, PAGE);
	memset(mem + 2 * WORDS, 0, PAGE);
	memcpy(mem + 3 * WORDS, mem + 4 * WORDS, PAGE);
	mem[5 * WORDS + 100] ^= 1ULL << 17;
	for (p = 0; p < npages; p++)
		bad += !page_is(mem + p * WORDS, key_of(p), gens[p]);
	if (verify("self-test") || bad != 4) {
		printf("MEMCHECK self-test FAIL: %zu bad pages, want 4 reported\n", bad);
		return 1;
	}
	printf("MEMCHECK self-test ok: the 4 corruptions were reported\n");
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: memcheck [-m MIB] [-g PAGES] [-r PAGES_PER_SEC] [-t SECS] [-v SECS] [-p] [-x]\n"
			"  -m  size of the region (default 64 MiB)\n"
			"  -g  pages per group of identical initial content (default 1: all distinct)\n"
			"  -r  rewrites per second (default 0: as fast as it can)\n"
			"  -t  stop after SECS seconds (default 0: on 'stop TAG' from stdin)\n"
			"  -v  verify everything every SECS seconds (default 0: only when asked)\n"
			"  -p  start paused (after the fill): write only after 'resume'\n"
			"  -x  self-test: corrupt four pages after the fill, check they are reported\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long mib = 64, rate = 0, secs = 0, every = 0;
	double t0, last_verify, t;
	int opt, paused = 0, periodic = 0, selftest = 0;
	size_t p, batch = 64, i;
	char tag[32];

	while ((opt = getopt(argc, argv, "m:g:r:t:v:px")) != -1) {
		switch (opt) {
		case 'm': mib = strtoul(optarg, NULL, 0); break;
		case 'g': group = strtoul(optarg, NULL, 0); break;
		case 'r': rate = strtoul(optarg, NULL, 0); break;
		case 't': secs = strtoul(optarg, NULL, 0); break;
		case 'v': every = strtoul(optarg, NULL, 0); break;
		case 'p': paused = 1; break;
		case 'x': selftest = 1; break;
		default: usage();
		}
	}
	if (!mib || !group)
		usage();
	npages = mib * (1024 * 1024 / PAGE);
	mem = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	gens = mmap(NULL, npages * sizeof(*gens), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || gens == MAP_FAILED) {
		printf("MEMCHECK FAIL tag=setup mmap of %lu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	t0 = now();
	for (p = 0; p < npages; p++)
		write_page(p, 1);
	printf("MEMCHECK ready pages=%zu group=%lu rate=%lu%s fill-secs=%.1f\n", npages, group, rate,
	       paused ? " paused" : "", now() - t0);
	if (!verify("fill"))
		return 1;
	if (selftest)
		return self_test();

	t0 = last_verify = rate_t0 = now();
	rate_w0 = writes;
	for (;;) {
		if (command(&paused))
			break;
		t = now();
		if (secs && t - t0 >= secs) {
			verify("end");
			break;
		}
		if (every && t - last_verify >= every) {
			snprintf(tag, sizeof(tag), "periodic-%d", ++periodic);
			verify(tag);
			last_verify = now();
		}
		if (paused || (rate && writes - rate_w0 >= (t - rate_t0) * rate)) {
			usleep(10000);
			continue;
		}
		for (i = 0; i < batch; i++) {
			p = next_page();
			write_page(p, gens[p] + 1);
		}
	}
	return failed;
}
