// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests of the test shim itself (userspace).
 *
 * Most cases here fail on purpose: scripts/check-shim.sh builds them into a
 * separate runner and checks the exact KTAP lines, proving that the runner
 * reports failed expectations, aborted assertions, skips, failing
 * parameters, crashes, non-zero exits, timeouts and watchdog aborts, and
 * that test-managed allocations are freed. Never part of lfkit-test.
 */
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "lf_kunit.h"

/* The big allocation of the leak cases: mmap()ed by glibc, easy to see. */
#define SHIM_BIG_ALLOC	(8u << 20)

struct shim_priv {
	int magic;
	size_t mapped_before;
};

static size_t shim_mapped_bytes(void)
{
#ifdef __GLIBC__
	return mallinfo2().hblkhd;
#else
	return 0;
#endif
}

static struct shim_priv shim_priv_data;
static int shim_suite_init_calls;

static int shim_suite_init(struct kunit_suite *suite)
{
	shim_suite_init_calls += !!suite->test_cases;
	return 0;
}

/*
 * Runs after kunit_cleanup(), in the case's process: a test-managed
 * allocation still mapped here was not freed. Exiting non-zero fails the
 * case, which check-shim.sh would see.
 */
static void shim_suite_exit(struct kunit_suite *suite)
{
	if (shim_mapped_bytes() >= shim_priv_data.mapped_before + SHIM_BIG_ALLOC) {
		fprintf(stderr, "%s: test-managed allocation LEAKED\n",
			suite->name);
		_exit(3);
	}
}

static int shim_init(struct kunit *test)
{
	shim_priv_data.magic = 0x5eed;
	shim_priv_data.mapped_before = shim_mapped_bytes();
	test->priv = &shim_priv_data;
	return 0;
}

static void shim_exit(struct kunit *test)
{
	kunit_info(test, "exit ran");
}

static int shim_counter;

static int shim_next(void)
{
	return shim_counter++;
}

/* Every check passes; operands are evaluated exactly once. */
static void passing(struct kunit *test)
{
	const char *s = "abc";
	char *mem;
	int x = 5, i = 0;
	unsigned int u = 7;
	void *p = &x;

	KUNIT_ASSERT_EQ(test, shim_suite_init_calls, 1);
	KUNIT_ASSERT_PTR_EQ(test, test->priv, (void *)&shim_priv_data);
	KUNIT_EXPECT_EQ(test, ((struct shim_priv *)test->priv)->magic, 0x5eed);
	KUNIT_EXPECT_TRUE(test, x == 5);
	KUNIT_EXPECT_FALSE(test, x == 6);
	KUNIT_EXPECT_EQ(test, x, 5);
	KUNIT_EXPECT_NE(test, x, 6);
	KUNIT_EXPECT_LT(test, x, 6);
	KUNIT_EXPECT_LE(test, x, 5);
	KUNIT_EXPECT_GT(test, x, 4);
	KUNIT_EXPECT_GE(test, x, 5);
	/* Unsigned against a plain constant: compiles without warnings. */
	KUNIT_EXPECT_EQ(test, u, 7);
	KUNIT_EXPECT_GE(test, u, 0);
	KUNIT_EXPECT_EQ(test, (unsigned int)-1, UINT_MAX);
	KUNIT_EXPECT_EQ(test, (u64)-1, ~0ull);
	KUNIT_EXPECT_PTR_EQ(test, p, (void *)&x);
	KUNIT_EXPECT_PTR_NE(test, p, NULL);
	KUNIT_EXPECT_NULL(test, NULL);
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, p);
	KUNIT_EXPECT_STREQ(test, s, "abc");
	KUNIT_EXPECT_STRNEQ(test, s, "abd");
	KUNIT_EXPECT_EQ_MSG(test, x, 5, "x=%d", x);
	KUNIT_SUCCEED(test);

	KUNIT_EXPECT_EQ(test, i++, 0);
	KUNIT_EXPECT_EQ(test, i, 1);
	KUNIT_ASSERT_EQ(test, shim_next(), 0);
	KUNIT_ASSERT_EQ(test, shim_counter, 1);
	KUNIT_ASSERT_TRUE(test, shim_next() == 1);
	KUNIT_ASSERT_EQ(test, shim_counter, 2);

	mem = kunit_kzalloc(test, 256, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, (uintptr_t)mem % 128, 0);
	for (i = 0; i < 256; i++)
		KUNIT_ASSERT_EQ_MSG(test, mem[i], 0, "byte %d", i);
	kunit_kfree(test, mem);
	mem = kunit_kcalloc(test, 4, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, mem[31], 0);
	mem = kunit_kmalloc_array(test, SIZE_MAX / 2, 4, GFP_KERNEL);
	KUNIT_EXPECT_NULL(test, mem);
}

/* A failed expectation does not stop the case. */
static void expect_fails(struct kunit *test)
{
	int a = 3, b = 4;

	KUNIT_EXPECT_EQ(test, a, b);
	kunit_info(test, "went on after the failed expectation");
}

/* A failed assertion stops the case; exit() still runs. */
static void assert_stops(struct kunit *test)
{
	int a = 3;

	KUNIT_ASSERT_EQ(test, a, 4);
	kunit_info(test, "REACHED after a failed assertion");
}

static void skips(struct kunit *test)
{
	kunit_skip(test, "not today %d", 42);
	kunit_info(test, "REACHED after kunit_skip");
}

static void mark_skipped_goes_on(struct kunit *test)
{
	kunit_mark_skipped(test, "partly");
	kunit_info(test, "went on after kunit_mark_skipped");
}

struct shim_param {
	int value;
};

static const struct shim_param shim_params[] = {
	{ 1 }, { 2 }, { 3 },
};

static void shim_param_desc(const struct shim_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "value=%d", p->value);
}

KUNIT_ARRAY_PARAM(shim_param, shim_params, shim_param_desc);

/* The second of three parameters fails. */
static void one_param_fails(struct kunit *test)
{
	const struct shim_param *p = test->param_value;

	KUNIT_EXPECT_NE(test, p->value, 2);
}

static const int shim_plain_params[] = { 10, 20 };

KUNIT_ARRAY_PARAM(shim_plain, shim_plain_params, NULL);

/* Parameters without description: "param-<index>". */
static void param_all_pass(struct kunit *test)
{
	const int *v = test->param_value;

	KUNIT_EXPECT_EQ(test, *v, (test->param_index + 1) * 10);
}

static void segfaults(struct kunit *test)
{
	/* Read at run time, so the compiler cannot see (and drop) the fault. */
	static uintptr_t bad_addr = 16;
	int *bad = (int *)__atomic_load_n(&bad_addr, __ATOMIC_RELAXED);

	kunit_info(test, "about to crash");
	*bad = 1;
	kunit_info(test, "REACHED after the crash");
}

static void exits_nonzero(struct kunit *test)
{
	kunit_info(test, "calling exit(3)");
	exit(3);
}

/* Leaks a test-managed allocation: suite_exit() checks it was freed. */
static void leaks_allocation(struct kunit *test)
{
	char *big = kunit_kzalloc(test, SHIM_BIG_ALLOC, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, big);
	big[SHIM_BIG_ALLOC - 1] = 1;
}

/* Leaks, then aborts: the allocation is freed all the same. */
static void leaks_then_asserts(struct kunit *test)
{
	char *big = kunit_kmalloc(test, SHIM_BIG_ALLOC, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, big);
	big[0] = 1;
	KUNIT_ASSERT_TRUE(test, big[0] == 2);
}

/* The failure messages, checked line by line by check-shim.sh. */
static void messages(struct kunit *test)
{
	unsigned long long big = ULLONG_MAX;
	const char *s = "abc";
	void *err = (void *)(long)-22;
	void *none = NULL;
	long neg = -5;

	KUNIT_EXPECT_EQ(test, big, 1);
	KUNIT_EXPECT_EQ(test, neg, 1 + 1);
	KUNIT_EXPECT_STREQ(test, s, "abd");
	KUNIT_EXPECT_PTR_EQ(test, none, (void *)s);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, err);
	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, none, "ptr #%d", 2);
	KUNIT_EXPECT_TRUE_MSG(test, neg > 0, "neg is %ld", neg);
	KUNIT_FAIL(test, "plain failure %s", "message");
	kunit_kfree(test, s);
}

struct shim_worker {
	int id;
	unsigned long *progress;
	int *stop;
};

static int shim_worker_fn(void *arg)
{
	struct shim_worker *w = arg;

	return w->id * 3;
}

static void threads_and_helpers(struct kunit *test)
{
	struct shim_worker w[4];
	struct lf_test_thread *t[4];
	u64 st1 = 1, st2 = 1, t0;
	int i;

	for (i = 0; i < 4; i++) {
		w[i].id = i;
		t[i] = lf_test_thread_start(shim_worker_fn, &w[i], "shim_worker");
		KUNIT_ASSERT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), i * 3);

	for (i = 0; i < 100; i++)
		KUNIT_ASSERT_EQ(test, lf_test_prandom(&st1), lf_test_prandom(&st2));
	st1 = 0;
	/* splitmix64(0)'s first output is 0xe220a8397b1dcdaf. */
	KUNIT_EXPECT_EQ(test, lf_test_prandom(&st1), 0xe220a839u);

	t0 = lf_test_now_ns();
	lf_test_msleep(20);
	KUNIT_EXPECT_GE(test, lf_test_now_ns() - t0, 20ull * 1000 * 1000);
	lf_test_yield();
	KUNIT_EXPECT_GE(test, lf_test_nr_cpus(), 1u);
	KUNIT_EXPECT_EQ(test, lf_test_threads(), 3u);
	KUNIT_EXPECT_EQ(test, lf_test_stress_ms(), 50u);
	KUNIT_EXPECT_EQ(test, lf_test_seed(), 99u);
}

static int shim_spinner(void *arg)
{
	struct shim_worker *w = arg;
	unsigned long n = 0;

	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
		if (w->progress && ++n % 64 == 0)
			__atomic_fetch_add(w->progress, 1, __ATOMIC_RELAXED);
		lf_test_yield();
	}
	return 0;
}

/* A stalled worker is stopped by the watchdog; a busy one is not. */
static void watchdog_fires(struct kunit *test)
{
	unsigned long progress = 0;
	int stop = 0;
	struct shim_worker w = { .progress = NULL, .stop = &stop };
	struct lf_test_watchdog *wd;
	struct lf_test_thread *t;

	wd = lf_test_watchdog_start(&progress, &stop, 200);
	KUNIT_ASSERT_NOT_NULL(test, wd);
	t = lf_test_thread_start(shim_spinner, &w, "stalled");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_TRUE(test, lf_test_watchdog_stop(wd));
	KUNIT_EXPECT_EQ(test, stop, 1);

	stop = 0;
	w.progress = &progress;
	wd = lf_test_watchdog_start(&progress, &stop, 200);
	KUNIT_ASSERT_NOT_NULL(test, wd);
	t = lf_test_thread_start(shim_spinner, &w, "busy");
	KUNIT_ASSERT_NOT_NULL(test, t);
	lf_test_msleep(600);
	__atomic_store_n(&stop, 2, __ATOMIC_RELAXED);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_FALSE(test, lf_test_watchdog_stop(wd));
	KUNIT_EXPECT_EQ(test, stop, 2);
}

static struct kunit_case shim_cases[] = {
	KUNIT_CASE(passing),
	KUNIT_CASE(expect_fails),
	KUNIT_CASE(assert_stops),
	KUNIT_CASE(skips),
	KUNIT_CASE(mark_skipped_goes_on),
	KUNIT_CASE_PARAM(one_param_fails, shim_param_gen_params),
	KUNIT_CASE_PARAM(param_all_pass, shim_plain_gen_params),
	KUNIT_CASE(segfaults),
	KUNIT_CASE(exits_nonzero),
	KUNIT_CASE(leaks_allocation),
	KUNIT_CASE(leaks_then_asserts),
	KUNIT_CASE(messages),
	KUNIT_CASE(threads_and_helpers),
	KUNIT_CASE(watchdog_fires),
	{}
};

struct kunit_suite lfkit_shim_suite = {
	.name = "lfkit_shim",
	.suite_init = shim_suite_init,
	.suite_exit = shim_suite_exit,
	.init = shim_init,
	.exit = shim_exit,
	.test_cases = shim_cases,
};

static void skipped_too(struct kunit *test)
{
	kunit_skip(test, "whole suite skipped");
}

static struct kunit_case shim_skip_cases[] = {
	KUNIT_CASE(skipped_too),
	{}
};

struct kunit_suite lfkit_shim_skip_suite = {
	.name = "lfkit_shim_skip",
	.test_cases = shim_skip_cases,
};

static int shim_bad_init(struct kunit_suite *suite)
{
	return suite->suite_init ? -22 : 0;
}

static void never_runs(struct kunit *test)
{
	KUNIT_FAIL(test, "REACHED: suite_init failed");
}

static struct kunit_case shim_init_fail_cases[] = {
	KUNIT_CASE(never_runs),
	{}
};

struct kunit_suite lfkit_shim_init_fail_suite = {
	.name = "lfkit_shim_init_fail",
	.suite_init = shim_bad_init,
	.test_cases = shim_init_fail_cases,
};

/* Slow suites, run on their own by check-shim.sh. */

static void sleeps_forever(struct kunit *test)
{
	kunit_info(test, "sleeping");
	for (;;)
		lf_test_msleep(1000);
}

static struct kunit_case shim_timeout_cases[] = {
	KUNIT_CASE(sleeps_forever),
	{}
};

struct kunit_suite slow_shim_timeout_suite = {
	.name = "slow_shim_timeout",
	.test_cases = shim_timeout_cases,
};

/* The watchdog fires, the worker ignores the stop request: abort(). */
static void watchdog_aborts(struct kunit *test)
{
	unsigned long progress = 0;
	int never = 0;
	int stop = 0;
	struct shim_worker w = { .progress = NULL, .stop = &never };
	struct lf_test_watchdog *wd;
	struct lf_test_thread *t;

	wd = lf_test_watchdog_start(&progress, &stop, 100);
	KUNIT_ASSERT_NOT_NULL(test, wd);
	t = lf_test_thread_start(shim_spinner, &w, "deaf");
	KUNIT_ASSERT_NOT_NULL(test, t);
	lf_test_thread_join(t);
	KUNIT_FAIL(test, "REACHED: the worker was joined");
}

static struct kunit_case shim_wdabort_cases[] = {
	KUNIT_CASE(watchdog_aborts),
	{}
};

struct kunit_suite slow_shim_wdabort_suite = {
	.name = "slow_shim_wdabort",
	.test_cases = shim_wdabort_cases,
};
