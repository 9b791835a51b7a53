/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Run a function in a child process and
 * report how it ended (userspace only: tests of misuse checks that abort).
 */
#ifndef _LF_TEST_CHILD_H
#define _LF_TEST_CHILD_H

#ifndef __KERNEL__
#include <stddef.h>

enum {
	LF_TEST_CHILD_RETURNED = 0,	/* fn returned, child exited 0 */
	LF_TEST_CHILD_ABORTED = 1,	/* killed by SIGABRT */
	LF_TEST_CHILD_SIGNALED = 2,	/* killed by another signal */
	LF_TEST_CHILD_EXITED = 3,	/* exited with a non-zero status */
	LF_TEST_CHILD_ERROR = -1,	/* fork/pipe failed */
};

/*
 * lf_test_run_child - fork, run @fn in the child with its stderr captured
 * into @out (NUL-terminated, truncated to @size), and classify the end.
 */
int lf_test_run_child(void (*fn)(void), char *out, size_t size);

/*
 * lf_test_run_child_thread - the same, but @fn runs in a fresh thread of
 * the child: a forked child of a registered (RCU) test thread inherits its
 * thread-local state, which misuse tests must not start from.
 */
int lf_test_run_child_thread(void (*fn)(void), char *out, size_t size);
#endif

#endif /* _LF_TEST_CHILD_H */
