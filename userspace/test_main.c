// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * lfkit-test, the userspace KUnit-compatible runner.
 *
 *   lfkit-test [--threads N] [--stress-ms N] [--timeout S] [--seed N]
 *              [--list] [FILTER]
 *
 * Runs the suites of selftests/suites.h (every case in its own process, see
 * selftests/kunit_shim.c) and prints KTAP version 1 on stdout, which
 * `tools/testing/kunit/kunit.py parse` reads; stderr carries everything
 * else (sanitizer reports). FILTER is kunit.py's: "suite_glob" or
 * "suite_glob.case_glob". Exit status: 0 when no case failed, 1 when one
 * did (or nothing matched FILTER), 2 on a usage error.
 *
 * Another suite list can be compiled in with -DLFKIT_SUITES_H='"file.h"'.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Before lf_kunit.h, which declares the suites of this list. */
#ifndef LFKIT_SUITES_H
#define LFKIT_SUITES_H "../selftests/suites.h"
#endif

#include "../selftests/lf_kunit.h"

static struct kunit_suite *const lf_suites[] = {
#define LF_SUITE(s) (&(s)),
#include LFKIT_SUITES_H
#undef LF_SUITE
	NULL
};

static const char *prog = "lfkit-test";

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--threads N] [--stress-ms N] [--timeout S] [--seed N] [--list] [FILTER]\n"
		"\n"
		"  --threads N     threads per stress test (default %u)\n"
		"  --stress-ms N   duration of each stress test in ms (default %u)\n"
		"  --timeout S     per-case timeout in seconds (default 120)\n"
		"  --seed N        PRNG seed (default %#llx)\n"
		"  --list          print suite.case names instead of running\n"
		"  FILTER          suite_glob or suite_glob.case_glob (as kunit.py)\n"
		"\n"
		"KTAP goes to stdout (feed it to kunit.py parse), the rest to stderr.\n",
		prog, LF_TEST_DEFAULT_THREADS, LF_TEST_DEFAULT_STRESS_MS,
		(unsigned long long)LF_TEST_DEFAULT_SEED);
}

/* Parses an unsigned number in [min, max]; false if it is not one. */
static bool parse_u64(const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int bad_value(const char *opt, const char *val)
{
	fprintf(stderr, "%s: invalid value for %s: '%s'\n", prog, opt,
		val ? val : "");
	print_usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "threads",	required_argument, NULL, 't' },
		{ "stress-ms",	required_argument, NULL, 's' },
		{ "timeout",	required_argument, NULL, 'T' },
		{ "seed",	required_argument, NULL, 'S' },
		{ "list",	no_argument,	   NULL, 'l' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long threads = 0, stress_ms = 0, timeout = 120;
	unsigned long long seed = LF_TEST_DEFAULT_SEED;
	const int n = (int)ARRAY_SIZE(lf_suites) - 1;
	const char *filter = NULL;
	bool list = false;
	int c, ret;

	if (argc > 0 && argv[0] && *argv[0]) {
		const char *slash = strrchr(argv[0], '/');

		prog = slash ? slash + 1 : argv[0];
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!parse_u64(optarg, 1, 4096, &threads))
				return bad_value("--threads", optarg);
			break;
		case 's':
			if (!parse_u64(optarg, 1, 24ull * 3600 * 1000, &stress_ms))
				return bad_value("--stress-ms", optarg);
			break;
		case 'T':
			if (!parse_u64(optarg, 1, 7ull * 24 * 3600, &timeout))
				return bad_value("--timeout", optarg);
			break;
		case 'S':
			if (!parse_u64(optarg, 0, ~0ull, &seed))
				return bad_value("--seed", optarg);
			break;
		case 'l':
			list = true;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "%s: option '%s' needs a value\n",
				prog, argv[optind - 1]);
			print_usage(stderr);
			return 2;
		default:
			if (optopt)
				fprintf(stderr, "%s: unknown option '-%c'\n",
					prog, optopt);
			else
				fprintf(stderr, "%s: unknown option '%s'\n",
					prog, argv[optind - 1]);
			print_usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		filter = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "%s: only one FILTER may be given\n", prog);
		print_usage(stderr);
		return 2;
	}

	if (list) {
		kunit_shim_list_suites(lf_suites, n, filter);
		return 0;
	}

	lf_test_set_params((unsigned int)threads, (unsigned int)stress_ms, seed);
	kunit_shim_set_timeout((unsigned int)timeout);
	ret = kunit_shim_run_suites(lf_suites, n, filter);
	if (ret < 0) {
		fprintf(stderr, "%s: cannot run the tests: %s\n", prog,
			strerror(-ret));
		return 1;
	}
	/* A mistyped filter must not pass silently. */
	if (filter && *filter && kunit_shim_count_cases(lf_suites, n, filter) == 0) {
		fprintf(stderr, "%s: no test case matches '%s'\n", prog, filter);
		return 1;
	}
	return ret ? 1 : 0;
}
