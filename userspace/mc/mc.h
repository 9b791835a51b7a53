/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * lfkit's model checker: the harness API.
 *
 * A harness is a handful of threads (2 or 3) that run a few operations on
 * lfkit's real sources, compiled with -DLF_MODEL_CHECK so that every
 * lf/atomic.h operation, fence, RCU read-side boundary and grace period is
 * a scheduling point. The checker runs the threads as cooperative
 * user-level contexts and explores every interleaving up to a preemption
 * bound, depth first, replaying each schedule from the start (stateless
 * model checking, as in CHESS). Interleavings are explored under
 * sequential consistency.
 *
 * A failed lf_mc_assert(), a crash, a use of freed memory (lf_kfree()
 * poisons and quarantines), a deadlock (no thread can run) or a livelock
 * (the step bound) ends the schedule; the checker prints it step by step
 * and the choice string that replays it (--replay).
 */
#ifndef _LF_MC_H
#define _LF_MC_H

#include "../../lf/atomic.h"

#define LF_MC_MAX_THREADS	4

struct lf_mc_harness {
	const char *name;
	const char *what;		/* one line: what it checks */
	int nr_threads;
	void (*setup)(void);		/* fresh state for each schedule */
	void (*thread)(int id);		/* body of thread @id */
	void (*check)(void);		/* after all threads and callbacks */
	void (*teardown)(void);		/* free what setup allocated */
	bool expect_failure;		/* a planted bug the checker must find */
	int preemption_bound;		/* 0: the runner's default */
};

#define LF_MC_HARNESS(var)						\
	static const struct lf_mc_harness var;				\
	static const struct lf_mc_harness *const __lf_mc_ptr_##var	\
	__attribute__((__used__, __section__("lf_mc_harnesses"))) = &var; \
	static const struct lf_mc_harness var

/* Every LF_MC_HARNESS() pointer, in between (the linker's section bounds). */
extern const struct lf_mc_harness *const __start_lf_mc_harnesses[];
extern const struct lf_mc_harness *const __stop_lf_mc_harnesses[];

void lf_mc_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((__noreturn__, __format__(__printf__, 3, 4)));

#define lf_mc_assert(cond, ...) do {					\
	if (!(cond))							\
		lf_mc_fail(__FILE__, __LINE__, "assertion '" #cond "' failed: " __VA_ARGS__); \
} while (0)

/* Give an object a name in traces ("node A", "stack.top"). */
void lf_mc_label(const void *addr, unsigned long size, const char *name);

/* The id of the running harness thread (-1 for setup/check, N for RCU). */
int lf_mc_self(void);

#endif /* _LF_MC_H */
