/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The portable RCU layer.
 *
 * In-kernel every call is the kernel's RCU. In userspace it is liburcu's
 * membarrier flavour (urcu-memb), hidden behind out-of-line functions in
 * rcu/rcu.c so that liburcu's macros (rcu_read_lock, call_rcu, ...) never
 * leak into a program that includes lfkit's headers.
 *
 * Rules (both worlds):
 *
 *  - A userspace thread calls lf_rcu_register_thread() before its first
 *    read-side critical section, lf_call_rcu() or structure operation that
 *    needs one, and lf_rcu_unregister_thread() before it exits. Both are
 *    no-ops in the kernel. Threads running lf_call_rcu() callbacks are
 *    registered already.
 *  - lf_synchronize_rcu() and lf_rcu_barrier() may sleep and must not be
 *    called inside a read-side critical section or from a callback.
 *  - Callbacks may use lfkit structures, including operations that need the
 *    read lock (they take it themselves).
 *
 * Misuse is reported, never left to corrupt memory silently. In-kernel the
 * checks are lockdep's and PROVE_RCU's. In userspace they are always on:
 * a read-side call from an unregistered thread, an operation that needs the
 * read lock called without it, and a grace-period wait from inside a
 * read-side section or a callback each print "lfkit: <function>: <what>"
 * to stderr and abort().
 */
#ifndef _LF_RCU_H
#define _LF_RCU_H

#include "../lf/atomic.h"

#ifdef __KERNEL__

#include <linux/rcupdate.h>

/**
 * struct lf_rcu_head - deferred-callback handle embedded in an object
 * @head: the kernel's rcu_head
 * @func: the callback lf_call_rcu() will run
 */
struct lf_rcu_head {
	struct rcu_head head;
	void (*func)(struct lf_rcu_head *head);
};

static inline void lf_rcu_read_lock(void)
{
	rcu_read_lock();
}

static inline void lf_rcu_read_unlock(void)
{
	rcu_read_unlock();
}

#define lf_rcu_dereference(p)		rcu_dereference(p)
#define lf_rcu_assign_pointer(p, v)	rcu_assign_pointer(p, v)

static inline void lf_synchronize_rcu(void)
{
	synchronize_rcu();
}

static inline void lf_rcu_barrier(void)
{
	rcu_barrier();
}

static inline void lf_rcu_register_thread(void)
{
}

static inline void lf_rcu_unregister_thread(void)
{
}

/*
 * lf_rcu_assert_read_locked - report a call made outside lf_rcu_read_lock()
 * @fn: the name of the function that requires the read lock (a literal)
 */
#define lf_rcu_assert_read_locked(fn)					\
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(),				\
			 fn "() called outside lf_rcu_read_lock()")

#else /* userspace */

#ifdef __cplusplus
extern "C" {
#endif

struct lf_rcu_head {
	void *__urcu_head[2];	/* liburcu's struct rcu_head, opaque here */
	void (*func)(struct lf_rcu_head *head);
};

void lf_rcu_read_lock(void);
void lf_rcu_read_unlock(void);
void lf_synchronize_rcu(void);
void lf_rcu_barrier(void);
void lf_rcu_register_thread(void);
void lf_rcu_unregister_thread(void);
bool lf_rcu_read_lock_held(void);
void lf_rcu_misuse(const char *fn, const char *what)
	__attribute__((__noreturn__, __cold__));

#define lf_rcu_dereference(p)	__lf_load(&(p), __ATOMIC_CONSUME)
#define lf_rcu_assign_pointer(p, v) lf_store_release(&(p), v)

#define lf_rcu_assert_read_locked(fn) do {				\
	if (unlikely(!lf_rcu_read_lock_held()))				\
		lf_rcu_misuse(fn, "called outside lf_rcu_read_lock()");	\
} while (0)

#ifdef __cplusplus
}
#endif

#endif /* __KERNEL__ */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * lf_call_rcu() - run @func(@head) after a grace period
 * @head: handle embedded in the object the callback will reclaim
 * @func: the callback; it may use lfkit structures
 *
 * Every read-side critical section that was running when lf_call_rcu() was
 * called has ended before @func runs. Callbacks run in process context
 * (kernel: softirq or rcuo kthread context — they must not sleep).
 *
 * Context: any context that may use RCU; in userspace a registered thread.
 */
void lf_call_rcu(struct lf_rcu_head *head, void (*func)(struct lf_rcu_head *));

#ifdef __cplusplus
}
#endif

#endif /* _LF_RCU_H */
