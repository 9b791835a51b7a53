/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Portable helpers for lfkit's tests: threads, time,
 * sleeping, yielding, run parameters, a deterministic PRNG and a progress
 * watchdog. One API, a kernel implementation (kthreads, ktime, msleep) and
 * a userspace one (pthreads, CLOCK_MONOTONIC, nanosleep).
 *
 * Worker functions started with lf_test_thread_start() never use the
 * KUNIT_*() macros: they return a status, and the test's own thread checks
 * it after lf_test_thread_join(). In userspace a worker that uses RCU
 * registers itself (lf_rcu_register_thread()) like any other thread.
 */
#ifndef _LFKIT_LF_TEST_H
#define _LFKIT_LF_TEST_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "../lf/compat.h"	/* u8 ... u64, s32, s64, bool */
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults of the run parameters. */
#define LF_TEST_DEFAULT_THREADS		8
#define LF_TEST_DEFAULT_STRESS_MS	2000
#define LF_TEST_DEFAULT_SEED		0x6c666b6974ull	/* "lfkit" */

/* Threads a stress test starts (runner: --threads; module: threads=). */
unsigned int lf_test_threads(void);
/* How long a stress test runs, in ms (--stress-ms; stress_ms=). */
unsigned int lf_test_stress_ms(void);
/* Seed for lf_test_prandom() states (--seed; seed=). */
u64 lf_test_seed(void);

/*
 * Sets the run parameters; 0 for @threads or @stress_ms keeps the
 * default. Called by the runner's main and the test module's init.
 */
void lf_test_set_params(unsigned int threads, unsigned int stress_ms,
			u64 seed);

struct lf_test_thread;

/**
 * lf_test_thread_start() - run @fn(@arg) in a new thread
 * @fn: the worker; its return value is what lf_test_thread_join() returns
 * @arg: its argument
 * @name: a name for debuggers and ps (kthread name in-kernel)
 *
 * Return: the thread, to be joined exactly once, or NULL on failure.
 */
struct lf_test_thread *lf_test_thread_start(int (*fn)(void *), void *arg,
					    const char *name);

/**
 * lf_test_thread_join() - wait for a worker to return, and free it
 * @t: from lf_test_thread_start()
 *
 * Return: the worker's return value.
 */
int lf_test_thread_join(struct lf_test_thread *t);

/* Monotonic time in ns. */
u64 lf_test_now_ns(void);
/* Sleeps at least @ms milliseconds. */
void lf_test_msleep(unsigned int ms);
/* Lets another runnable thread run (sched_yield; cond_resched in-kernel). */
void lf_test_yield(void);
/* Online CPUs (at least 1). */
unsigned int lf_test_nr_cpus(void);

/*
 * Deterministic PRNG (splitmix64): the same *@state gives the same
 * sequence in both worlds. Seed a state with lf_test_seed() plus something
 * per thread.
 */
u32 lf_test_prandom(u64 *state);

/*
 * Prints "# <message>" as a diagnostic of the running case (KTAP), from
 * any thread.
 */
void lf_test_diag(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

struct lf_test_watchdog;

/**
 * lf_test_watchdog_start() - turn "no progress" into a stop request
 * @progress: a counter the workers advance (atomically) as they progress
 * @stop: set to 1 (relaxed atomic store) when the watchdog fires; the
 *	workers poll it (relaxed atomic load) and return
 * @timeout_ms: how long @progress may stay unchanged
 *
 * A thread samples *@progress every 50 ms. When it has not changed for
 * @timeout_ms it sets *@stop, prints "# watchdog: no progress for N ms" and
 * records that it fired. In userspace, if lf_test_watchdog_stop() has still
 * not been called 10 s after that, it prints a diagnostic and aborts the
 * process: the runner then reports the case as failed instead of hanging.
 *
 * Return: the watchdog, or NULL on failure.
 */
struct lf_test_watchdog *lf_test_watchdog_start(const unsigned long *progress,
						int *stop,
						unsigned int timeout_ms);

/**
 * lf_test_watchdog_stop() - stop and free a watchdog
 * @wd: from lf_test_watchdog_start(); NULL is allowed (returns false)
 *
 * Call it after the workers are joined.
 *
 * Return: true if it fired (a failure the test should report).
 */
bool lf_test_watchdog_stop(struct lf_test_watchdog *wd);

#ifdef __cplusplus
}
#endif

#endif /* _LFKIT_LF_TEST_H */
