// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Portable test helpers (see lf_test.h): a kernel
 * implementation (kthreads, ktime, msleep) and a userspace one (pthreads,
 * CLOCK_MONOTONIC, nanosleep).
 */
#ifdef __KERNEL__
/* Diagnostics are KTAP lines, printed exactly as given. */
#define pr_fmt(fmt) fmt
#elif !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* pthread_setname_np, sched_getaffinity */
#endif

#include "lf_test.h"

#ifdef __KERNEL__

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#else /* !__KERNEL__ */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Provided by kunit_shim.c when linked in: prints into the case's KTAP. */
extern void kunit_shim_diag(const char *msg) __attribute__((__weak__));

#endif /* __KERNEL__ */

/* How often the watchdog samples the progress counter. */
#define LF_WD_PERIOD_MS		50
/* Userspace: abort this long after firing if nobody stopped the watchdog. */
#define LF_WD_ABORT_MS		10000

static unsigned int lf_threads = LF_TEST_DEFAULT_THREADS;
static unsigned int lf_stress_ms = LF_TEST_DEFAULT_STRESS_MS;
static u64 lf_seed = LF_TEST_DEFAULT_SEED;

unsigned int lf_test_threads(void)
{
	return lf_threads;
}

unsigned int lf_test_stress_ms(void)
{
	return lf_stress_ms;
}

u64 lf_test_seed(void)
{
	return lf_seed;
}

void lf_test_set_params(unsigned int threads, unsigned int stress_ms,
			u64 seed)
{
	lf_threads = threads ? threads : LF_TEST_DEFAULT_THREADS;
	lf_stress_ms = stress_ms ? stress_ms : LF_TEST_DEFAULT_STRESS_MS;
	lf_seed = seed;
}

u32 lf_test_prandom(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (u32)(z >> 32);
}

#ifdef __KERNEL__

/* ------------------------------------------------------------------ */
/* Kernel                                                              */
/* ------------------------------------------------------------------ */

void lf_test_diag(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("    # %pV\n", &vaf);
	va_end(ap);
}

struct lf_test_thread {
	int (*fn)(void *arg);
	void *arg;
	int ret;
	struct completion done;
};

static int lf_test_kthread(void *data)
{
	struct lf_test_thread *t = data;

	t->ret = t->fn(t->arg);
	/* Safe against module unload: this code is never returned to. */
	kthread_complete_and_exit(&t->done, 0);
}

struct lf_test_thread *lf_test_thread_start(int (*fn)(void *), void *arg,
					    const char *name)
{
	struct task_struct *task;
	struct lf_test_thread *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	init_completion(&t->done);
	task = kthread_run(lf_test_kthread, t, "%s", name ? name : "lf_test");
	if (IS_ERR(task)) {
		kfree(t);
		return NULL;
	}
	return t;
}

int lf_test_thread_join(struct lf_test_thread *t)
{
	int ret;

	/* Timed waits, so that a long stress run is not a "hung task". */
	while (!wait_for_completion_timeout(&t->done, 10 * HZ))
		;
	ret = t->ret;
	kfree(t);
	return ret;
}

u64 lf_test_now_ns(void)
{
	return ktime_get_ns();
}

void lf_test_msleep(unsigned int ms)
{
	msleep(ms);
}

void lf_test_yield(void)
{
	cond_resched();
}

unsigned int lf_test_nr_cpus(void)
{
	return num_online_cpus();
}

struct lf_test_watchdog {
	struct task_struct *task;
	const unsigned long *progress;
	int *stop;
	unsigned int timeout_ms;
	bool fired;		/* read after kthread_stop() */
};

static int lf_test_watchdog_fn(void *data)
{
	struct lf_test_watchdog *wd = data;
	unsigned long last = READ_ONCE(*wd->progress), cur;
	u64 last_change = ktime_get_ns();

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(msecs_to_jiffies(LF_WD_PERIOD_MS));
		if (wd->fired)
			continue;
		cur = READ_ONCE(*wd->progress);
		if (cur != last) {
			last = cur;
			last_change = ktime_get_ns();
		} else if (ktime_get_ns() - last_change >=
			   (u64)wd->timeout_ms * NSEC_PER_MSEC) {
			WRITE_ONCE(*wd->stop, 1);
			wd->fired = true;
			lf_test_diag("watchdog: no progress for %u ms",
				     wd->timeout_ms);
		}
	}
	return 0;
}

struct lf_test_watchdog *lf_test_watchdog_start(const unsigned long *progress,
						int *stop,
						unsigned int timeout_ms)
{
	struct lf_test_watchdog *wd;

	wd = kzalloc(sizeof(*wd), GFP_KERNEL);
	if (!wd)
		return NULL;
	wd->progress = progress;
	wd->stop = stop;
	wd->timeout_ms = timeout_ms;
	wd->task = kthread_run(lf_test_watchdog_fn, wd, "lf_test_watchdog");
	if (IS_ERR(wd->task)) {
		kfree(wd);
		return NULL;
	}
	return wd;
}

bool lf_test_watchdog_stop(struct lf_test_watchdog *wd)
{
	bool fired;

	if (!wd)
		return false;
	kthread_stop(wd->task);
	fired = wd->fired;
	kfree(wd);
	return fired;
}

#else /* !__KERNEL__ */

/* ------------------------------------------------------------------ */
/* Userspace                                                           */
/* ------------------------------------------------------------------ */

void lf_test_diag(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (kunit_shim_diag) {
		kunit_shim_diag(buf);
	} else {
		fprintf(stderr, "# %s\n", buf);
		fflush(stderr);
	}
}

struct lf_test_thread {
	pthread_t tid;
	int (*fn)(void *arg);
	void *arg;
	int ret;
	char name[16];		/* the kernel's TASK_COMM_LEN */
};

static void *lf_test_pthread(void *data)
{
	struct lf_test_thread *t = data;

	if (t->name[0])
		pthread_setname_np(pthread_self(), t->name);
	t->ret = t->fn(t->arg);
	return NULL;
}

struct lf_test_thread *lf_test_thread_start(int (*fn)(void *), void *arg,
					    const char *name)
{
	struct lf_test_thread *t;

	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	if (name)
		snprintf(t->name, sizeof(t->name), "%s", name);
	if (pthread_create(&t->tid, NULL, lf_test_pthread, t)) {
		free(t);
		return NULL;
	}
	return t;
}

int lf_test_thread_join(struct lf_test_thread *t)
{
	int ret;

	pthread_join(t->tid, NULL);
	ret = t->ret;
	free(t);
	return ret;
}

u64 lf_test_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

void lf_test_msleep(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000L,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void lf_test_yield(void)
{
	sched_yield();
}

unsigned int lf_test_nr_cpus(void)
{
	cpu_set_t set;
	long n;

	/* The CPUs this process may run on (taskset, containers). */
	if (!sched_getaffinity(0, sizeof(set), &set) && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned int)n : 1;
}

struct lf_test_watchdog {
	pthread_t tid;
	const unsigned long *progress;
	int *stop;
	unsigned int timeout_ms;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stopping;		/* under @lock */
	bool fired;		/* read after the thread is joined */
};

static void lf_wd_deadline(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *lf_test_watchdog_fn(void *data)
{
	struct lf_test_watchdog *wd = data;
	unsigned long last, cur;
	u64 last_change, fired_at = 0, now;
	struct timespec ts;

	pthread_setname_np(pthread_self(), "lf_watchdog");
	last = __atomic_load_n(wd->progress, __ATOMIC_RELAXED);
	last_change = lf_test_now_ns();
	pthread_mutex_lock(&wd->lock);
	while (!wd->stopping) {
		lf_wd_deadline(&ts, LF_WD_PERIOD_MS);
		pthread_cond_timedwait(&wd->cond, &wd->lock, &ts);
		if (wd->stopping)
			break;
		now = lf_test_now_ns();
		if (wd->fired) {
			if (now - fired_at < LF_WD_ABORT_MS * 1000000ull)
				continue;
			lf_test_diag("watchdog: workers still running %u ms after stop: aborting",
				     LF_WD_ABORT_MS);
			abort();
		}
		cur = __atomic_load_n(wd->progress, __ATOMIC_RELAXED);
		if (cur != last) {
			last = cur;
			last_change = now;
		} else if (now - last_change >= wd->timeout_ms * 1000000ull) {
			__atomic_store_n(wd->stop, 1, __ATOMIC_RELAXED);
			wd->fired = true;
			fired_at = now;
			lf_test_diag("watchdog: no progress for %u ms",
				     wd->timeout_ms);
		}
	}
	pthread_mutex_unlock(&wd->lock);
	return NULL;
}

struct lf_test_watchdog *lf_test_watchdog_start(const unsigned long *progress,
						int *stop,
						unsigned int timeout_ms)
{
	struct lf_test_watchdog *wd;
	pthread_condattr_t attr;

	wd = calloc(1, sizeof(*wd));
	if (!wd)
		return NULL;
	wd->progress = progress;
	wd->stop = stop;
	wd->timeout_ms = timeout_ms;
	pthread_mutex_init(&wd->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wd->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&wd->tid, NULL, lf_test_watchdog_fn, wd))
		goto err_destroy;
	return wd;

err_destroy:
	pthread_cond_destroy(&wd->cond);
	pthread_mutex_destroy(&wd->lock);
	free(wd);
	return NULL;
}

bool lf_test_watchdog_stop(struct lf_test_watchdog *wd)
{
	bool fired;

	if (!wd)
		return false;
	pthread_mutex_lock(&wd->lock);
	wd->stopping = true;
	pthread_cond_signal(&wd->cond);
	pthread_mutex_unlock(&wd->lock);
	pthread_join(wd->tid, NULL);
	fired = wd->fired;
	pthread_cond_destroy(&wd->cond);
	pthread_mutex_destroy(&wd->lock);
	free(wd);
	return fired;
}

#endif /* __KERNEL__ */
