/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The test side of pause points (TESTING.md tier 3).
 *
 * Structures mark their dangerous windows with lf_pause_point("name")
 * (lf/atomic.h); names are "<function>:<where>", e.g.
 * "lf_stack_pop:after_load". A test arms one point, starts the operation
 * in another thread, waits until that thread is parked, runs whatever the
 * window must survive, then releases it:
 *
 *	lf_pause_arm("lf_stack_pop:after_load");
 *	t = lf_test_thread_start(popper, ...);
 *	while (!lf_pause_parked())
 *		lf_test_msleep(1);
 *	... other operations ...
 *	lf_pause_release();		// the popper resumes
 *
 * Only one point is armed at a time and only the first thread to reach it
 * parks; every other thread passes straight through. A parked thread spins
 * (cpu_relax in-kernel, since it may hold the RCU read lock; sched_yield in
 * userspace), so tests keep the window short.
 *
 * Without LF_PAUSE_POINTS in the build, the points are compiled out and
 * lf_pause_points_enabled() returns false: tests then skip.
 */
#ifndef _LF_PAUSE_H
#define _LF_PAUSE_H

#include "atomic.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef LF_PAUSE_POINTS
static inline bool lf_pause_points_enabled(void)
{
	return true;
}

int lf_pause_arm(const char *name);
bool lf_pause_parked(void);
void lf_pause_release(void);
unsigned long lf_pause_hits(void);
#else
static inline bool lf_pause_points_enabled(void)
{
	return false;
}

static inline int lf_pause_arm(const char *name)
{
	(void)name;
	return -EOPNOTSUPP;
}

static inline bool lf_pause_parked(void)
{
	return false;
}

static inline void lf_pause_release(void)
{
}

static inline unsigned long lf_pause_hits(void)
{
	return 0;
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* _LF_PAUSE_H */
