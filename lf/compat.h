/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The few environment services lfkit's structures need.
 *
 * Structures in lf/ and rcu/ include this header, lf/atomic.h and
 * rcu/rcu.h for everything that differs between the kernel and userspace;
 * no other file in lf/ carries an #ifdef __KERNEL__.
 *
 * Provided in both worlds:
 *
 *  - fixed-width types (u8 ... u64, s32, s64), bool, size_t, NULL;
 *  - errno values (ENOMEM, EINVAL, ENOENT, ENOSPC, EAGAIN, EBUSY), used
 *    negated as return values in both worlds;
 *  - likely()/unlikely(), container_of(), __must_check, __always_inline;
 *  - allocation that may fail: lf_kmalloc(), lf_kzalloc(), lf_kfree(),
 *    lf_kmalloc_atomic() (never sleeps: GFP_ATOMIC in-kernel),
 *    lf_kvmalloc()/lf_kvzalloc()/lf_kvfree() for large arrays (kvmalloc
 *    in-kernel). In userspace a test may install a failing allocator hook
 *    with lf_set_alloc_fail_hook();
 *  - LF_WARN_ON(cond) (evaluates to cond, warns once per call site);
 *  - lf_spin_relax(): one turn of a spin-wait that may last (cpu_relax()
 *    in-kernel, where the waiter may hold the RCU read lock; sched_yield()
 *    in userspace, where the awaited thread may be preempted);
 *  - LF_EXPORT(sym): EXPORT_SYMBOL_NS_GPL(sym, LFKIT) in-kernel; nothing in
 *    userspace, where the linker version script exports lf_* only.
 */
#ifndef _LF_COMPAT_H
#define _LF_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/module.h>

/* Users of the API need MODULE_IMPORT_NS(LFKIT). */
#define LF_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, LFKIT)

static inline void *lf_kmalloc(size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

static inline void *lf_kzalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

static inline void lf_kfree(const void *p)
{
	kfree(p);
}

static inline void *lf_kvzalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void lf_kvfree(const void *p)
{
	kvfree(p);
}

/* ---- begin: atomic allocation (lf/queue.c dummies, issue 4) ------------ */
/*
 * lf_kmalloc_atomic() - an allocation that never sleeps: callable inside
 * lf_rcu_read_lock() and from softirq/IRQ context. May fail (no warning);
 * the caller must cope.
 */
static inline void *lf_kmalloc_atomic(size_t size)
{
	return kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
}

/* ---- end: atomic allocation -------------------------------------------- */

#define LF_WARN_ON(cond)	WARN_ON_ONCE(cond)

/* One turn of a spin-wait that may last: must not sleep (RCU read side). */
#define lf_spin_relax()		cpu_relax()

/* ---- begin: seqlock support (lf/seqlock.h, issue 6) -------------------- */
#include <linux/spinlock.h>
#include <linux/sched.h>

/* The writer lock of struct lf_seqlock: a spinlock_t, so lockdep sees it. */
typedef spinlock_t lf_spinlock_t;
/* A macro: spin_lock_init() gives each call site its own lockdep class. */
#define lf_spin_lock_init(lock)	spin_lock_init(lock)

static inline void lf_spin_lock(lf_spinlock_t *lock) __acquires(lock)
{
	spin_lock(lock);
}

static inline void lf_spin_unlock(lf_spinlock_t *lock) __releases(lock)
{
	spin_unlock(lock);
}

/*
 * An id of the running thread of control, never 0: the task. An interrupt
 * or NMI handler reports the task it interrupted, so a handler and the
 * code it interrupted share one id (what re-entry detection needs).
 */
static inline unsigned long lf_current_id(void)
{
	return (unsigned long)current;
}

/*
 * A misuse that would otherwise hang or corrupt: "lfkit: fn(): what".
 * In-kernel a WARNING (once per call site); the caller then bails out.
 */
#define lf_report_misuse(fn, what)	WARN_ONCE(1, "lfkit: %s(): %s\n", fn, what)
/* ---- end: seqlock support ---------------------------------------------- */

#else /* !__KERNEL__ */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sched.h>

#ifndef LF_COMPAT_TYPES_DEFINED
#define LF_COMPAT_TYPES_DEFINED
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif
/* __always_inline comes from glibc's <sys/cdefs.h> (via <stdlib.h>). */
#ifndef __always_inline
#error "lfkit: the C library does not define __always_inline"
#endif
#ifndef __must_check
#define __must_check		__attribute__((__warn_unused_result__))
#endif
#ifndef __maybe_unused
#define __maybe_unused		__attribute__((__unused__))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef BIT
#define BIT(nr)			(1UL << (nr))
#endif
#ifndef U32_MAX
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define S32_MAX			((s32)(U32_MAX >> 1))
#endif
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define LF_EXPORT(sym)

/* One turn of a spin-wait that may last: let an oversubscribed peer run. */
#ifdef LF_MODEL_CHECK
void lf_mc_spin(void);
#define lf_spin_relax()		lf_mc_spin()
#else
#define lf_spin_relax()		((void)sched_yield())
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Failure injection for userspace tests (the kernel uses failslab): when a
 * hook is installed and returns true, the allocation fails as if memory
 * were exhausted. The hook receives the requested size.
 */
typedef bool (*lf_alloc_fail_hook_t)(size_t size);
void lf_set_alloc_fail_hook(lf_alloc_fail_hook_t hook);
bool lf_alloc_should_fail(size_t size);

static inline void *lf_kmalloc(size_t size)
{
	if (lf_alloc_should_fail(size))
		return NULL;
	return malloc(size);
}

static inline void *lf_kzalloc(size_t size)
{
	if (lf_alloc_should_fail(size))
		return NULL;
	return calloc(1, size);
}

/* ---- begin: atomic allocation (lf/queue.c dummies, issue 4) ------------ */
/* Never sleeps (kernel: GFP_ATOMIC); here malloc(), failing hook honoured. */
static inline void *lf_kmalloc_atomic(size_t size)
{
	return lf_kmalloc(size);
}

/* ---- end: atomic allocation -------------------------------------------- */

#ifdef LF_MODEL_CHECK
/* The model checker poisons and quarantines freed blocks (use-after-free). */
void lf_mc_free(const void *p);
#define __lf_free(p)	lf_mc_free(p)
#else
#define __lf_free(p)	free((void *)(p))
#endif

static inline void lf_kfree(const void *p)
{
	__lf_free(p);
}

static inline void *lf_kvzalloc(size_t size)
{
	return lf_kzalloc(size);
}

static inline void lf_kvfree(const void *p)
{
	__lf_free(p);
}

void lf_warn_report(const char *file, int line, const char *cond);

#ifdef __cplusplus
}
#endif

/* Warn once per call site; evaluates to the (boolean) condition. */
#define LF_WARN_ON(cond) ({						\
	static bool __lf_warned;					\
	bool __lf_c = !!(cond);						\
	if (unlikely(__lf_c) && !__lf_warned) {				\
		__lf_warned = true;					\
		lf_warn_report(__FILE__, __LINE__, #cond);		\
	}								\
	__lf_c;								\
})

/* ---- begin: seqlock support (lf/seqlock.h, issue 6) -------------------- */
#ifdef LF_MODEL_CHECK
/*
 * Under the model checker all threads share one OS thread: the writer
 * lock spins through the checker (a scheduling point each try), thread
 * ids are the checker's, and misuse fails the schedule instead of
 * aborting the checker (userspace/mc/mc.c).
 */
#ifndef __acquires
#define __acquires(x)
#define __releases(x)
#endif
typedef int lf_spinlock_t;
void lf_spin_lock_init(lf_spinlock_t *lock);
void lf_spin_lock(lf_spinlock_t *lock);
void lf_spin_unlock(lf_spinlock_t *lock);
unsigned long lf_current_id(void);
void lf_report_misuse(const char *fn, const char *what)
	__attribute__((__noreturn__));
#else
#include <pthread.h>

#ifndef __acquires
#define __acquires(x)
#define __releases(x)
#endif

/* The writer lock of struct lf_seqlock (TSan understands pthread locks). */
typedef pthread_spinlock_t lf_spinlock_t;

static inline void lf_spin_lock_init(lf_spinlock_t *lock)
{
	(void)pthread_spin_init(lock, PTHREAD_PROCESS_PRIVATE);
}

static inline void lf_spin_lock(lf_spinlock_t *lock) __acquires(lock)
{
	(void)pthread_spin_lock(lock);
}

static inline void lf_spin_unlock(lf_spinlock_t *lock) __releases(lock)
{
	(void)pthread_spin_unlock(lock);
}

/*
 * An id of the running thread, never 0. A signal handler runs on the
 * thread it interrupted and so reports that thread's id.
 */
static inline unsigned long lf_current_id(void)
{
	return (unsigned long)pthread_self();
}

/*
 * A misuse that would otherwise hang or corrupt: print
 * "lfkit: fn(): what" on stderr and abort(), as rcu/ does.
 */
static inline __attribute__((__noreturn__, __cold__)) void
lf_report_misuse(const char *fn, const char *what)
{
	fprintf(stderr, "lfkit: %s(): %s\n", fn, what);
	fflush(stderr);
	abort();
}
#endif /* LF_MODEL_CHECK */
/* ---- end: seqlock support ---------------------------------------------- */

#endif /* __KERNEL__ */

#endif /* _LF_COMPAT_H */
