// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * lfkit_test.ko: lfkit's selftests in a kernel.
 *
 * Runs every suite listed in selftests/suites.h when the module is loaded
 * and prints the results as KTAP on the console:
 *
 *   insmod lfkit_test.ko [filter=GLOB] [threads=N] [stress_ms=MS] [seed=S]
 *   dmesg | tools/testing/kunit/kunit.py parse
 *
 * With a kernel that has KUnit (CONFIG_KUNIT) the suites run under real
 * KUnit; otherwise (a stock distribution kernel) the project's
 * KUnit-compatible shim runs them and prints the same KTAP.  Test failures
 * do not fail the load: like KUnit, the verdict is in the KTAP output.
 * Invalid parameters do: the load fails with -EINVAL and a message.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/glob.h>
#include <linux/stringify.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "selftests/lf_kunit.h"
#include "selftests/lf_test.h"

/* Collect the suites' addresses (X-macro; lf_kunit.h declared them). */
static struct kunit_suite *const lfkit_suites[] = {
#define LF_SUITE(name) (&(name)),
#include "selftests/suites.h"
#undef LF_SUITE
};

#define LFKIT_TEST_MAX_THREADS	64
#define LFKIT_TEST_MAX_STRESS_MS 600000
#define LFKIT_TEST_MAX_FILTER	255

static char *filter;
module_param(filter, charp, 0444);
MODULE_PARM_DESC(filter,
		 "Run only matching tests: \"suite_glob[.case_glob]\" as kunit.py's --filter_glob (default: all)");

static unsigned int threads;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "Threads per stress test, 1..64 (default 0: "
		 __stringify(LF_TEST_DEFAULT_THREADS) ")");

static unsigned int stress_ms;
module_param(stress_ms, uint, 0444);
MODULE_PARM_DESC(stress_ms, "Duration of each stress test in ms, 1..600000 (default 0: "
		 __stringify(LF_TEST_DEFAULT_STRESS_MS) ")");

static ulong seed = LF_TEST_DEFAULT_SEED;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "Seed of the tests' pseudo-random generators (same default as userspace)");

static bool run = true;
module_param(run, bool, 0444);
MODULE_PARM_DESC(run, "Run the tests at load (default Y; N only loads, e.g. for load/unload loops)");

#if !LFKIT_USE_KUNIT_SHIM

/* The suites that ran, as copies with filtered case arrays; freed at exit. */
static struct kunit_suite **lfkit_run_set;
static int lfkit_run_count;

/*
 * A copy of @suite holding only the cases that match @case_glob, NULL when
 * none does, or an ERR_PTR.
 */
static struct kunit_suite *lfkit_filter_suite(struct kunit_suite *suite,
					      const char *case_glob)
{
	struct kunit_case *tc, *cases;
	struct kunit_suite *copy;
	size_t n = 0;

	kunit_suite_for_each_test_case(suite, tc)
		if (glob_match(case_glob, tc->name))
			n++;
	if (!n)
		return NULL;

	cases = kcalloc(n + 1, sizeof(*cases), GFP_KERNEL);	/* zeroed terminator */
	if (!cases)
		return ERR_PTR(-ENOMEM);
	n = 0;
	kunit_suite_for_each_test_case(suite, tc)
		if (glob_match(case_glob, tc->name))
			cases[n++] = *tc;

	copy = kmemdup(suite, sizeof(*suite), GFP_KERNEL);
	if (!copy) {
		kfree(cases);
		return ERR_PTR(-ENOMEM);
	}
	copy->test_cases = cases;
	return copy;
}

static void lfkit_free_run_set(void)
{
	int i;

	for (i = 0; i < lfkit_run_count; i++) {
		kfree(lfkit_run_set[i]->test_cases);
		kfree(lfkit_run_set[i]);
	}
	kfree(lfkit_run_set);
	lfkit_run_set = NULL;
	lfkit_run_count = 0;
}

static int lfkit_run_suites(const char *glob)
{
	const char *dot = glob ? strchr(glob, '.') : NULL;
	char suite_glob[LFKIT_TEST_MAX_FILTER + 1];
	const char *case_glob = "*";
	struct kunit_suite *copy;
	size_t i;

	if (dot)
		case_glob = dot + 1;

	if (!glob)
		strscpy(suite_glob, "*", sizeof(suite_glob));
	else if (dot)
		strscpy(suite_glob, glob, min_t(size_t, dot - glob + 1, sizeof(suite_glob)));
	else
		strscpy(suite_glob, glob, sizeof(suite_glob));

	lfkit_run_set = kcalloc(ARRAY_SIZE(lfkit_suites), sizeof(*lfkit_run_set),
				GFP_KERNEL);
	if (!lfkit_run_set)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(lfkit_suites); i++) {
		if (!glob_match(suite_glob, lfkit_suites[i]->name))
			continue;
		copy = lfkit_filter_suite(lfkit_suites[i], case_glob);
		if (IS_ERR(copy)) {
			lfkit_free_run_set();
			return PTR_ERR(copy);
		}
		if (copy)
			lfkit_run_set[lfkit_run_count++] = copy;
	}
	if (!lfkit_run_count) {
		pr_err("lfkit_test: filter \"%s\" matches no test case\n", glob);
		lfkit_free_run_set();
		return -EINVAL;
	}

	/* The top-level KTAP header; KUnit prints each suite as a subtest. */
	pr_info("KTAP version 1\n");
	pr_info("1..%d\n", lfkit_run_count);
	return __kunit_test_suites_init(lfkit_run_set, lfkit_run_count);
}

static void lfkit_cleanup_suites(void)
{
	if (!lfkit_run_set)
		return;
	/* Removes the debugfs results and resets KUnit's suite numbering. */
	__kunit_test_suites_exit(lfkit_run_set, lfkit_run_count);
	lfkit_free_run_set();
}

#else /* LFKIT_USE_KUNIT_SHIM */

static int lfkit_run_suites(const char *glob)
{
	int n = (int)ARRAY_SIZE(lfkit_suites);
	int ret;

	ret = kunit_shim_count_cases(lfkit_suites, n, glob);
	if (ret < 0)
		return ret;
	if (!ret) {
		pr_err("lfkit_test: filter \"%s\" matches no test case\n", glob);
		return -EINVAL;
	}
	/* The shim prints the KTAP header and applies the filter itself. */
	ret = kunit_shim_run_suites(lfkit_suites, n, glob);
	return ret < 0 ? ret : 0;
}

static void lfkit_cleanup_suites(void)
{
}

#endif /* !LFKIT_USE_KUNIT_SHIM */

static int lfkit_check_params(void)
{
	if (threads > LFKIT_TEST_MAX_THREADS) {
		pr_err("lfkit_test: threads=%u out of range (1..%d, or 0 for the default)\n",
		       threads, LFKIT_TEST_MAX_THREADS);
		return -EINVAL;
	}
	if (stress_ms > LFKIT_TEST_MAX_STRESS_MS) {
		pr_err("lfkit_test: stress_ms=%u out of range (1..%d, or 0 for the default)\n",
		       stress_ms, LFKIT_TEST_MAX_STRESS_MS);
		return -EINVAL;
	}
	if (filter && (strlen(filter) > LFKIT_TEST_MAX_FILTER ||
		       strchr(filter, '.') != strrchr(filter, '.'))) {
		pr_err("lfkit_test: filter=\"%s\" invalid: want \"suite_glob\" or \"suite_glob.case_glob\" (at most %d characters)\n",
		       filter, LFKIT_TEST_MAX_FILTER);
		return -EINVAL;
	}
	return 0;
}

static int __init lfkit_test_init(void)
{
	/* filter= (empty) means everything, as no filter does. */
	const char *glob = filter && filter[0] ? filter : NULL;
	int ret;

	ret = lfkit_check_params();
	if (ret)
		return ret;
	if (!run)
		return 0;

	lf_test_set_params(threads, stress_ms, seed);
	pr_info("lfkit_test: %d suites, threads=%u stress_ms=%u seed=%llu filter=%s\n",
		(int)ARRAY_SIZE(lfkit_suites), lf_test_threads(),
		lf_test_stress_ms(), (unsigned long long)lf_test_seed(),
		glob ?: "*");

	return lfkit_run_suites(glob);
}

static void __exit lfkit_test_exit(void)
{
	lfkit_cleanup_suites();
}

module_init(lfkit_test_init);
module_exit(lfkit_test_exit);

MODULE_IMPORT_NS(LFKIT);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lfkit selftests (KUnit, or a KUnit-compatible shim on kernels without it)");
