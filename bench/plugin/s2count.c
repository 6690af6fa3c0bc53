/*
 * s2count: a QEMU TCG plugin counting the executed aarch64 instructions
 * that make up the cost of stage-2 maintenance (TLBI, DSB, ISB, DC, IC,
 * HVC, ...) and the total instruction count, in windows marked by the
 * workload (s2mark.h).
 *
 *   -plugin libs2count.so[,out=PATH][,total=on][,time=on][,sites=on]
 *
 * sites=on also counts, per guest virtual address, the counted-class
 * instructions executed inside windows (all windows of the run together:
 * run one workload to see where its barriers come from), and the
 * instruction total by the address of the run (translation block, cut at
 * the markers) it comes from, as class insns; bench/sites.py turns those
 * addresses into kernel functions.
 *
 * How it counts: at translation time every instruction word is decoded
 * (s2decode.c); only instructions of a counted class get an exec callback.
 * The instruction total costs one callback per run of instructions, a run
 * being a translation block cut at the markers, so that it is exact at
 * the markers.
 *
 * Every vCPU counts all the time into its own row of cumulative counters
 * (only the vCPU's thread writes its row, so no atomic read-modify-write
 * is needed). A window is the difference of the sums over all rows taken
 * when START and STOP execute, on whatever vCPUs: counting is on for all
 * vCPUs from the first START until the next STOP. A START inside a window
 * and a STOP outside one are ignored.
 *
 * A run cut short by an exception (a fault, an interrupt taken in the
 * middle of a block) has been counted whole in "insns"; the classes are
 * counted per instruction, just before it executes (a TLBI that traps
 * counts once).
 */
#include <endian.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qemu-plugin-abi.h"
#include "s2decode.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct counts {
	uint64_t n[S2_NR_CLASSES];
};

/* One row per vCPU, each on its own cache lines. */
struct vcpu_row {
	struct counts c;
} __attribute__((aligned(64)));

static struct vcpu_row *rows;
static unsigned int nr_rows;
static bool bad_vcpu;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool window_open;
static struct counts window_base;	/* sum of the rows at START */
static struct counts *windows;		/* closed windows */
static uint64_t *windows_ns;		/* their host time, START to STOP */
static uint64_t window_t0;		/* host time at START */
static unsigned int nr_windows;
static bool unterminated;		/* the last window was open at exit */

static char *out_path;
static bool report_total;
static bool report_time;
static bool report_sites;

/* sites=on: one per translated counted instruction (a retranslated one
 * gets another; the report adds them up). */
struct site {
	uint64_t pc;
	unsigned int cls;
	uint64_t w;		/* instructions per execution: 1, or a run's length */
	uint64_t n;		/* instructions counted inside windows */
	struct site *next;
};
static struct site *sites;
static char header[160];

static void row_add(unsigned int vcpu, unsigned int cls, uint64_t n)
{
	uint64_t *p;

	if (vcpu >= nr_rows) {
		bad_vcpu = true;
		return;
	}
	p = &rows[vcpu].c.n[cls];
	__atomic_store_n(p, __atomic_load_n(p, __ATOMIC_RELAXED) + n,
			 __ATOMIC_RELAXED);
}

static void sum_rows(struct counts *sum)
{
	unsigned int v, c;

	memset(sum, 0, sizeof(*sum));
	for (v = 0; v < nr_rows; v++)
		for (c = 0; c < S2_NR_CLASSES; c++)
			sum->n[c] += __atomic_load_n(&rows[v].c.n[c],
						     __ATOMIC_RELAXED);
}

/* The host's CLOCK_MONOTONIC in ns: the wall time the emulation takes. */
static uint64_t host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Close the open window; called with the lock held. */
static void close_window(void)
{
	uint64_t t = host_ns(), *ns;
	struct counts now, *w;
	unsigned int c;

	w = realloc(windows, (nr_windows + 1) * sizeof(*windows));
	ns = w ? realloc(windows_ns, (nr_windows + 1) * sizeof(*windows_ns)) : NULL;
	if (w)
		windows = w;
	if (!ns) {
		fprintf(stderr, "s2count: out of memory, window lost\n");
		window_open = false;
		return;
	}
	windows_ns = ns;
	sum_rows(&now);
	for (c = 0; c < S2_NR_CLASSES; c++)
		windows[nr_windows].n[c] = now.n[c] - window_base.n[c];
	windows_ns[nr_windows] = t - window_t0;
	nr_windows++;
	window_open = false;
}

static void on_start(unsigned int vcpu, void *udata)
{
	pthread_mutex_lock(&lock);
	if (!window_open) {
		sum_rows(&window_base);
		window_open = true;
		window_t0 = host_ns();
	}
	pthread_mutex_unlock(&lock);
}

static void on_stop(unsigned int vcpu, void *udata)
{
	pthread_mutex_lock(&lock);
	if (window_open)
		close_window();
	pthread_mutex_unlock(&lock);
}

static void on_class(unsigned int vcpu, void *udata)
{
	row_add(vcpu, (uintptr_t)udata, 1);
}

static void on_class_site(unsigned int vcpu, void *udata)
{
	struct site *st = udata;

	row_add(vcpu, st->cls, st->w);
	if (__atomic_load_n(&window_open, __ATOMIC_RELAXED))
		__atomic_fetch_add(&st->n, st->w, __ATOMIC_RELAXED);
}

/*
 * A site for a counted instruction (@w 1) or a run of @w instructions
 * (class insns), or NULL (then it is counted without).
 */
static struct site *new_site(struct qemu_plugin_insn *insn, unsigned int cls, uint64_t w)
{
	struct site *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->pc = qemu_plugin_insn_vaddr(insn);
	st->cls = cls;
	st->w = w;
	pthread_mutex_lock(&lock);
	st->next = sites;
	sites = st;
	pthread_mutex_unlock(&lock);
	return st;
}

static void on_run(unsigned int vcpu, void *udata)
{
	row_add(vcpu, S2_INSNS, (uintptr_t)udata);
}

static void register_cb(struct qemu_plugin_insn *insn,
			qemu_plugin_vcpu_udata_cb_t cb, uintptr_t arg)
{
	qemu_plugin_register_vcpu_insn_exec_cb(insn, cb, QEMU_PLUGIN_CB_NO_REGS,
					       (void *)arg);
}

static void count_run(struct qemu_plugin_insn *first, size_t n)
{
	struct site *st;

	if (!first || !n)
		return;
	st = report_sites ? new_site(first, S2_INSNS, n) : NULL;
	if (st)
		register_cb(first, on_class_site, (uintptr_t)st);
	else
		register_cb(first, on_run, n);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	struct qemu_plugin_insn *insn, *first = NULL;
	size_t i, run = 0;
	uint32_t word;
	int cls;

	for (i = 0; i < n; i++) {
		insn = qemu_plugin_tb_get_insn(tb, i);
		cls = S2_NONE;
		if (qemu_plugin_insn_size(insn) == 4) {
			memcpy(&word, qemu_plugin_insn_data(insn), 4);
			cls = s2_decode(le32toh(word), NULL, 0);
		}
		if (cls == S2_START || cls == S2_STOP) {
			/* The marker ends a run and is not itself counted. */
			count_run(first, i - run);
			first = NULL;
			register_cb(insn, cls == S2_START ? on_start : on_stop, 0);
			continue;
		}
		if (!first) {
			first = insn;
			run = i;
		}
		if (cls >= 0) {
			struct site *st = report_sites ? new_site(insn, cls, 1) : NULL;

			if (st)
				register_cb(insn, on_class_site, (uintptr_t)st);
			else
				register_cb(insn, on_class, cls);
		}
	}
	count_run(first, n - run);
}

static void print_counts(FILE *f, const char *scope, const struct counts *c)
{
	unsigned int i;

	for (i = 0; i < S2_NR_CLASSES; i++)
		fprintf(f, "%s class=%s count=%" PRIu64 "\n",
			scope, s2_class_name[i], c->n[i]);
}

static int site_cmp(const void *a, const void *b)
{
	const struct site *x = *(struct site *const *)a, *y = *(struct site *const *)b;

	if (x->pc != y->pc)
		return x->pc < y->pc ? -1 : 1;
	return (int)x->cls - (int)y->cls;
}

/* "site pc=0x... class=C count=N", one per address and class, sorted. */
static void report_sites_of(FILE *f)
{
	struct site *st, **v;
	size_t n = 0, i, j;
	uint64_t sum;

	for (st = sites; st; st = st->next)
		n += st->n != 0;
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v) {
		fprintf(f, "# error: out of memory, no sites\n");
		return;
	}
	n = 0;
	for (st = sites; st; st = st->next)
		if (st->n)
			v[n++] = st;
	qsort(v, n, sizeof(*v), site_cmp);
	for (i = 0; i < n; i = j) {
		sum = 0;
		for (j = i; j < n && !site_cmp(&v[i], &v[j]); j++)
			sum += v[j]->n;
		fprintf(f, "site pc=0x%" PRIx64 " class=%s count=%" PRIu64 "\n",
			v[i]->pc, s2_class_name[v[i]->cls], sum);
	}
	free(v);
}

static void report(FILE *f)
{
	struct counts total;
	char scope[32];
	unsigned int w;

	fprintf(f, "# %s\n", header);
	if (bad_vcpu)
		fprintf(f, "# error: vCPU index beyond max_vcpus, counts lost\n");
	fprintf(f, "windows=%u unterminated=%d\n", nr_windows, unterminated);
	for (w = 0; w < nr_windows; w++) {
		snprintf(scope, sizeof(scope), "window=%u", w + 1);
		print_counts(f, scope, &windows[w]);
		if (report_time)
			fprintf(f, "%s host_ns=%" PRIu64 "\n", scope, windows_ns[w]);
	}
	if (report_total) {
		sum_rows(&total);
		print_counts(f, "total", &total);
	}
	if (report_sites)
		report_sites_of(f);
}

/* Write the report to PATH through a temporary file and rename(). */
static int write_report(const char *path)
{
	size_t len = strlen(path) + 32;
	char *tmp = malloc(len);
	FILE *f;
	int err;

	if (!tmp)
		return -1;
	snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		free(tmp);
		return -1;
	}
	report(f);
	err = ferror(f);
	err |= fflush(f) || fsync(fileno(f));
	err |= fclose(f);
	if (!err)
		err = rename(tmp, path);
	if (err)
		unlink(tmp);
	free(tmp);
	return err ? -1 : 0;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	pthread_mutex_lock(&lock);
	if (window_open) {
		close_window();
		unterminated = true;
	}
	pthread_mutex_unlock(&lock);

	if (out_path) {
		if (write_report(out_path)) {
			perror("s2count: cannot write report");
			qemu_plugin_outs("s2count: cannot write the report\n");
		}
		return;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	report(f);
	fclose(f);
	qemu_plugin_outs(buf);
	free(buf);
}

static int parse_bool(const char *arg, const char *val, bool *b)
{
	if (!strcmp(val, "on") || !strcmp(val, "true") || !strcmp(val, "1")) {
		*b = true;
		return 0;
	}
	if (!strcmp(val, "off") || !strcmp(val, "false") || !strcmp(val, "0")) {
		*b = false;
		return 0;
	}
	fprintf(stderr, "s2count: %s: expected on or off\n", arg);
	return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4) && argv[i][4]) {
			free(out_path);
			out_path = strdup(argv[i] + 4);
		} else if (!strncmp(argv[i], "total=", 6)) {
			if (parse_bool(argv[i], argv[i] + 6, &report_total))
				return -1;
		} else if (!strncmp(argv[i], "time=", 5)) {
			if (parse_bool(argv[i], argv[i] + 5, &report_time))
				return -1;
		} else if (!strncmp(argv[i], "sites=", 6)) {
			if (parse_bool(argv[i], argv[i] + 6, &report_sites))
				return -1;
		} else {
			fprintf(stderr,
				"s2count: unknown argument '%s' (have: out=PATH, total=on|off, time=on|off, sites=on|off)\n",
				argv[i]);
			return -1;
		}
	}
	if (strcmp(info->target_name, "aarch64") || !info->system_emulation) {
		fprintf(stderr, "s2count: needs qemu-system-aarch64, not %s%s\n",
			info->target_name,
			info->system_emulation ? "" : " user mode");
		return -1;
	}

	nr_rows = info->system.max_vcpus > 0 ? info->system.max_vcpus : 1;
	if (posix_memalign((void **)&rows, 64, nr_rows * sizeof(*rows)))
		return -1;
	memset(rows, 0, nr_rows * sizeof(*rows));

	snprintf(header, sizeof(header),
		 "s2count target=%s plugin_api=%d..%d smp=%d maxcpus=%d",
		 info->target_name, info->version.min, info->version.cur,
		 info->system.smp_vcpus, info->system.max_vcpus);

	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
