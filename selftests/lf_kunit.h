/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The one header every selftests/<x>_kunit.c includes.
 *
 * In a kernel with KUnit (CONFIG_KUNIT=y or m) the tests use the real
 * <kunit/test.h>; in userspace, and in a kernel without KUnit (a stock
 * distribution kernel), they use the compatible shim (kunit_shim.h), which
 * has the same names and semantics. Defining LFKIT_KUNIT_SHIM forces the
 * shim in-kernel too.
 *
 * LFKIT_USE_KUNIT_SHIM is 1 when the shim is in use, 0 otherwise.
 *
 * Also brings in the portable test helpers (lf_test.h): threads, time,
 * sleep, yield, test parameters, a PRNG and the progress watchdog, and
 * declares every suite listed in suites.h (or in LFKIT_SUITES_H).
 */
#ifndef _LFKIT_LF_KUNIT_H
#define _LFKIT_LF_KUNIT_H

#ifdef __KERNEL__
#include <linux/kconfig.h>
#if IS_ENABLED(CONFIG_KUNIT) && !defined(LFKIT_KUNIT_SHIM)
#define LFKIT_USE_KUNIT_SHIM	0
#else
#define LFKIT_USE_KUNIT_SHIM	1
#endif
#else
#define LFKIT_USE_KUNIT_SHIM	1
#endif

#if LFKIT_USE_KUNIT_SHIM
#include "kunit_shim.h"
#else
#include <kunit/test.h>
#endif

#include "lf_test.h"

/* The suite list: suites.h unless another is compiled in (test_main.c). */
#ifndef LFKIT_SUITES_H
#define LFKIT_SUITES_H "suites.h"
#endif

/*
 * Declares every suite of the list (they are defined non-static), in one
 * declaration: extern struct kunit_suite a, b, ..., lf_suites_end__; the
 * last name only ends the list and is never defined or used.
 */
#define LF_SUITE(s) s,
extern struct kunit_suite
#include LFKIT_SUITES_H
	lf_suites_end__;
#undef LF_SUITE

#endif /* _LFKIT_LF_KUNIT_H */
