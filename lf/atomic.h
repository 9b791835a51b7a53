/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Portable atomics for lfkit.
 *
 * Kernel names and kernel (LKMM) semantics are canonical. In-kernel every
 * operation is the kernel's own; in userspace it maps onto the GCC/Clang
 * __atomic builtins with an explicit memory order (never __sync_*, never a
 * defaulted order). All shared accesses in lf/ and rcu/ go through this
 * header, never through a plain load or store, so that a third backend (the
 * model checker, issue 7) can turn each one into a scheduling point.
 *
 * Orderings, named as the kernel names them:
 *
 *   lf_read_once(x) / lf_write_once(x, v)   relaxed, never torn, never
 *                                           fused, hoisted or re-read
 *   lf_load_acquire(p) / lf_store_release(p, v)
 *   lf_xchg*(p, v), lf_cmpxchg*(p, o, n), lf_try_cmpxchg*(p, &o, n)
 *           no suffix: fully ordered (a full barrier before and after,
 *           at least as strong as SeqCst); _acquire/_release/_relaxed as
 *           named. A failed cmpxchg is unordered.
 *   lf_atomic{,_long}_{read,set,add,sub,inc,dec}      relaxed
 *   lf_atomic{,_long}_fetch_{add,sub,or,and}{,_relaxed,_acquire,_release}
 *   lf_atomic{,_long}_add_return{,_relaxed,_acquire,_release}
 *   lf_atomic{,_long}_try_cmpxchg{,_relaxed,_acquire,_release}(v, &old, new)
 *   lf_smp_mb(), lf_smp_rmb(), lf_smp_wmb(), lf_smp_mb__{before,after}_atomic()
 *   lf_barrier() (compiler only), lf_cpu_relax() (spin-wait hint)
 *
 * Operands are naturally aligned scalars of the size of an int or a long
 * (pointers, int, long, u32, and u64 on 64-bit). Any other size is a build
 * error, in both worlds, so code that builds in one builds in the other.
 *
 * Userspace "fully ordered": a SeqCst read-modify-write is an atomic
 * operation in the C11 model, not a fence for the surrounding relaxed
 * accesses. On x86 every locked instruction is a full hardware barrier, so
 * only a compiler barrier is added around it; elsewhere a SeqCst fence is
 * placed on each side, as the kernel's arch code does.
 *
 * ThreadSanitizer does not model standalone fences (and gcc warns that it
 * does not support atomic_thread_fence). In TSan builds the fences are
 * formulated as read-modify-writes on one global word, which TSan does
 * understand: lf_smp_wmb() and lf_smp_rmb() become acq_rel RMWs and
 * lf_smp_mb() a SeqCst RMW. That is stronger than the real fences (every
 * fence synchronises with every earlier fence), so TSan may miss a missing
 * fence, but it never reports a false race on fence-ordered code.
 */
#ifndef _LF_ATOMIC_H
#define _LF_ATOMIC_H

#include "compat.h"

/* Build error unless *(p) is the size of an int or of a long. */
#define __lf_check_size(p)						\
	((void)sizeof(char[1 - 2 * !(sizeof(*(p)) == sizeof(int) ||	\
				      sizeof(*(p)) == sizeof(long))]))

#if defined(__KERNEL__)

#include <linux/atomic.h>
#include <linux/cache.h>
#include <asm/barrier.h>
#include <asm/processor.h>

#define LF_CACHELINE_BYTES	SMP_CACHE_BYTES
#define __lf_cacheline_aligned	____cacheline_aligned

typedef atomic_t lf_atomic_t;
typedef atomic_long_t lf_atomic_long_t;
#define LF_ATOMIC_INIT(i)	ATOMIC_INIT(i)
#define LF_ATOMIC_LONG_INIT(i)	ATOMIC_LONG_INIT(i)

#define lf_read_once(x)		({ __lf_check_size(&(x)); READ_ONCE(x); })
#define lf_write_once(x, v)	do { __lf_check_size(&(x)); WRITE_ONCE(x, v); } while (0)
/* ACQUIRE: no later access of the caller's is ordered before the load. */
#define lf_load_acquire(p)	({ __lf_check_size(p); smp_load_acquire(p); })
/* RELEASE: no earlier access of the caller's is ordered after the store. */
#define lf_store_release(p, v)	do { __lf_check_size(p); smp_store_release(p, v); } while (0)

#define lf_xchg(p, v)		({ __lf_check_size(p); xchg(p, v); })
#define lf_xchg_relaxed(p, v)	({ __lf_check_size(p); xchg_relaxed(p, v); })
#define lf_xchg_acquire(p, v)	({ __lf_check_size(p); xchg_acquire(p, v); })
#define lf_xchg_release(p, v)	({ __lf_check_size(p); xchg_release(p, v); })

#define lf_cmpxchg(p, o, n)		({ __lf_check_size(p); cmpxchg(p, o, n); })
#define lf_cmpxchg_relaxed(p, o, n)	({ __lf_check_size(p); cmpxchg_relaxed(p, o, n); })
#define lf_cmpxchg_acquire(p, o, n)	({ __lf_check_size(p); cmpxchg_acquire(p, o, n); })
#define lf_cmpxchg_release(p, o, n)	({ __lf_check_size(p); cmpxchg_release(p, o, n); })

#define lf_try_cmpxchg(p, po, n)	({ __lf_check_size(p); try_cmpxchg(p, po, n); })
#define lf_try_cmpxchg_relaxed(p, po, n) ({ __lf_check_size(p); try_cmpxchg_relaxed(p, po, n); })
#define lf_try_cmpxchg_acquire(p, po, n) ({ __lf_check_size(p); try_cmpxchg_acquire(p, po, n); })
#define lf_try_cmpxchg_release(p, po, n) ({ __lf_check_size(p); try_cmpxchg_release(p, po, n); })

#define lf_smp_mb()			smp_mb()	/* all before vs all after */
#define lf_smp_rmb()			smp_rmb()	/* loads vs loads */
#define lf_smp_wmb()			smp_wmb()	/* stores vs stores */
#define lf_smp_mb__before_atomic()	smp_mb__before_atomic()	/* full, before an RMW */
#define lf_smp_mb__after_atomic()	smp_mb__after_atomic()	/* full, after an RMW */
#define lf_barrier()			barrier()
#define lf_cpu_relax()			cpu_relax()

static __always_inline int lf_atomic_read(const lf_atomic_t *v)
{
	return atomic_read(v);
}

static __always_inline void lf_atomic_set(lf_atomic_t *v, int i)
{
	atomic_set(v, i);
}

static __always_inline void lf_atomic_add(int i, lf_atomic_t *v)
{
	atomic_add(i, v);
}

static __always_inline void lf_atomic_sub(int i, lf_atomic_t *v)
{
	atomic_sub(i, v);
}

static __always_inline void lf_atomic_inc(lf_atomic_t *v)
{
	atomic_inc(v);
}

static __always_inline void lf_atomic_dec(lf_atomic_t *v)
{
	atomic_dec(v);
}

static __always_inline int lf_atomic_fetch_add(int i, lf_atomic_t *v)
{
	return atomic_fetch_add(i, v);
}

static __always_inline int lf_atomic_fetch_add_relaxed(int i, lf_atomic_t *v)
{
	return atomic_fetch_add_relaxed(i, v);
}

static __always_inline int lf_atomic_fetch_add_acquire(int i, lf_atomic_t *v)
{
	return atomic_fetch_add_acquire(i, v);
}

static __always_inline int lf_atomic_fetch_add_release(int i, lf_atomic_t *v)
{
	return atomic_fetch_add_release(i, v);
}

static __always_inline int lf_atomic_fetch_sub(int i, lf_atomic_t *v)
{
	return atomic_fetch_sub(i, v);
}

static __always_inline int lf_atomic_fetch_sub_relaxed(int i, lf_atomic_t *v)
{
	return atomic_fetch_sub_relaxed(i, v);
}

static __always_inline int lf_atomic_fetch_sub_acquire(int i, lf_atomic_t *v)
{
	return atomic_fetch_sub_acquire(i, v);
}

static __always_inline int lf_atomic_fetch_sub_release(int i, lf_atomic_t *v)
{
	return atomic_fetch_sub_release(i, v);
}

static __always_inline int lf_atomic_fetch_or(int i, lf_atomic_t *v)
{
	return atomic_fetch_or(i, v);
}

static __always_inline int lf_atomic_fetch_or_relaxed(int i, lf_atomic_t *v)
{
	return atomic_fetch_or_relaxed(i, v);
}

static __always_inline int lf_atomic_fetch_or_acquire(int i, lf_atomic_t *v)
{
	return atomic_fetch_or_acquire(i, v);
}

static __always_inline int lf_atomic_fetch_or_release(int i, lf_atomic_t *v)
{
	return atomic_fetch_or_release(i, v);
}

static __always_inline int lf_atomic_fetch_and(int i, lf_atomic_t *v)
{
	return atomic_fetch_and(i, v);
}

static __always_inline int lf_atomic_fetch_and_relaxed(int i, lf_atomic_t *v)
{
	return atomic_fetch_and_relaxed(i, v);
}

static __always_inline int lf_atomic_fetch_and_acquire(int i, lf_atomic_t *v)
{
	return atomic_fetch_and_acquire(i, v);
}

static __always_inline int lf_atomic_fetch_and_release(int i, lf_atomic_t *v)
{
	return atomic_fetch_and_release(i, v);
}

static __always_inline int lf_atomic_add_return(int i, lf_atomic_t *v)
{
	return atomic_add_return(i, v);
}

static __always_inline int lf_atomic_add_return_relaxed(int i, lf_atomic_t *v)
{
	return atomic_add_return_relaxed(i, v);
}

static __always_inline int lf_atomic_add_return_acquire(int i, lf_atomic_t *v)
{
	return atomic_add_return_acquire(i, v);
}

static __always_inline int lf_atomic_add_return_release(int i, lf_atomic_t *v)
{
	return atomic_add_return_release(i, v);
}

static __always_inline long lf_atomic_long_read(const lf_atomic_long_t *v)
{
	return atomic_long_read(v);
}

static __always_inline void lf_atomic_long_set(lf_atomic_long_t *v, long i)
{
	atomic_long_set(v, i);
}

static __always_inline void lf_atomic_long_add(long i, lf_atomic_long_t *v)
{
	atomic_long_add(i, v);
}

static __always_inline void lf_atomic_long_sub(long i, lf_atomic_long_t *v)
{
	atomic_long_sub(i, v);
}

static __always_inline void lf_atomic_long_inc(lf_atomic_long_t *v)
{
	atomic_long_inc(v);
}

static __always_inline void lf_atomic_long_dec(lf_atomic_long_t *v)
{
	atomic_long_dec(v);
}

static __always_inline long lf_atomic_long_fetch_add(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_add(i, v);
}

static __always_inline long lf_atomic_long_fetch_add_relaxed(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_add_relaxed(i, v);
}

static __always_inline long lf_atomic_long_fetch_add_acquire(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_add_acquire(i, v);
}

static __always_inline long lf_atomic_long_fetch_add_release(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_add_release(i, v);
}

static __always_inline long lf_atomic_long_fetch_sub(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_sub(i, v);
}

static __always_inline long lf_atomic_long_fetch_sub_relaxed(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_sub_relaxed(i, v);
}

static __always_inline long lf_atomic_long_fetch_sub_acquire(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_sub_acquire(i, v);
}

static __always_inline long lf_atomic_long_fetch_sub_release(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_sub_release(i, v);
}

static __always_inline long lf_atomic_long_fetch_or(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_or(i, v);
}

static __always_inline long lf_atomic_long_fetch_or_relaxed(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_or_relaxed(i, v);
}

static __always_inline long lf_atomic_long_fetch_or_acquire(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_or_acquire(i, v);
}

static __always_inline long lf_atomic_long_fetch_or_release(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_or_release(i, v);
}

static __always_inline long lf_atomic_long_fetch_and(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_and(i, v);
}

static __always_inline long lf_atomic_long_fetch_and_relaxed(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_and_relaxed(i, v);
}

static __always_inline long lf_atomic_long_fetch_and_acquire(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_and_acquire(i, v);
}

static __always_inline long lf_atomic_long_fetch_and_release(long i, lf_atomic_long_t *v)
{
	return atomic_long_fetch_and_release(i, v);
}

static __always_inline long lf_atomic_long_add_return(long i, lf_atomic_long_t *v)
{
	return atomic_long_add_return(i, v);
}

static __always_inline long lf_atomic_long_add_return_relaxed(long i, lf_atomic_long_t *v)
{
	return atomic_long_add_return_relaxed(i, v);
}

static __always_inline long lf_atomic_long_add_return_acquire(long i, lf_atomic_long_t *v)
{
	return atomic_long_add_return_acquire(i, v);
}

static __always_inline long lf_atomic_long_add_return_release(long i, lf_atomic_long_t *v)
{
	return atomic_long_add_return_release(i, v);
}

static __always_inline bool lf_atomic_try_cmpxchg(lf_atomic_t *v, int *old, int new)
{
	return atomic_try_cmpxchg(v, old, new);
}

static __always_inline bool lf_atomic_try_cmpxchg_relaxed(lf_atomic_t *v, int *old, int new)
{
	return atomic_try_cmpxchg_relaxed(v, old, new);
}

static __always_inline bool lf_atomic_try_cmpxchg_acquire(lf_atomic_t *v, int *old, int new)
{
	return atomic_try_cmpxchg_acquire(v, old, new);
}

static __always_inline bool lf_atomic_try_cmpxchg_release(lf_atomic_t *v, int *old, int new)
{
	return atomic_try_cmpxchg_release(v, old, new);
}

static __always_inline bool lf_atomic_long_try_cmpxchg(lf_atomic_long_t *v, long *old, long new)
{
	return atomic_long_try_cmpxchg(v, old, new);
}

static __always_inline bool
lf_atomic_long_try_cmpxchg_relaxed(lf_atomic_long_t *v, long *old, long new)
{
	return atomic_long_try_cmpxchg_relaxed(v, old, new);
}

static __always_inline bool
lf_atomic_long_try_cmpxchg_acquire(lf_atomic_long_t *v, long *old, long new)
{
	return atomic_long_try_cmpxchg_acquire(v, old, new);
}

static __always_inline bool
lf_atomic_long_try_cmpxchg_release(lf_atomic_long_t *v, long *old, long new)
{
	return atomic_long_try_cmpxchg_release(v, old, new);
}

#else /* userspace */

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__x86_64__) || defined(__aarch64__)
/* x86: the adjacent-line prefetcher pulls lines in pairs; arm64: 128-byte lines exist. */
#define LF_CACHELINE_BYTES	128
#else
#define LF_CACHELINE_BYTES	64
#endif
#define __lf_cacheline_aligned	__attribute__((__aligned__(LF_CACHELINE_BYTES)))

/*
 * The primitive layer every userspace operation below is written on: the
 * __atomic builtins, or - in a model-checking build (LF_MODEL_CHECK) -
 * calls into the checker, which makes each one a scheduling point
 * (userspace/mc/). Strong CAS; failure order always relaxed.
 */
#ifdef LF_MODEL_CHECK
#include "atomic-mc.h"
#else
#define __lf_load(p, mo)		__atomic_load_n((p), (mo))
#define __lf_store(p, v, mo)		__atomic_store_n((p), (v), (mo))
#define __lf_exchange(p, v, mo)		__atomic_exchange_n((p), (v), (mo))
#define __lf_cas(p, po, n, mo)						\
	__atomic_compare_exchange_n((p), (po), (n), 0, (mo), __ATOMIC_RELAXED)
#define __lf_fetch_add(p, v, mo)	__atomic_fetch_add((p), (v), (mo))
#define __lf_fetch_sub(p, v, mo)	__atomic_fetch_sub((p), (v), (mo))
#define __lf_fetch_or(p, v, mo)		__atomic_fetch_or((p), (v), (mo))
#define __lf_fetch_and(p, v, mo)	__atomic_fetch_and((p), (v), (mo))
#define __lf_add_fetch(p, v, mo)	__atomic_add_fetch((p), (v), (mo))
#define __lf_fence(mo)			__atomic_thread_fence(mo)
#endif

typedef struct { int counter; } lf_atomic_t;
typedef struct { long counter; } lf_atomic_long_t;
#define LF_ATOMIC_INIT(i)	{ .counter = (i) }
#define LF_ATOMIC_LONG_INIT(i)	{ .counter = (i) }

#if defined(__SANITIZE_THREAD__)
#define LF_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LF_TSAN 1
#endif
#endif

#define lf_barrier()		({ __asm__ __volatile__("" : : : "memory"); })

#if defined(LF_MODEL_CHECK)
#define lf_cpu_relax()		lf_mc_spin()
#elif defined(__x86_64__) || defined(__i386__)
#define lf_cpu_relax()		__builtin_ia32_pause()
#elif defined(__aarch64__)
#define lf_cpu_relax()		({ __asm__ __volatile__("yield" : : : "memory"); })
#else
#define lf_cpu_relax()		lf_barrier()
#endif

#if defined(LF_TSAN) && !defined(LF_MODEL_CHECK)
/* The word every fence synchronises through in TSan builds (see above). */
extern unsigned long lf_tsan_fence_word;
#define lf_smp_mb()	((void)__lf_fetch_add(&lf_tsan_fence_word, 0, __ATOMIC_SEQ_CST))
#define lf_smp_rmb()	((void)__lf_fetch_add(&lf_tsan_fence_word, 0, __ATOMIC_ACQ_REL))
#define lf_smp_wmb()	((void)__lf_fetch_add(&lf_tsan_fence_word, 0, __ATOMIC_ACQ_REL))
#define __lf_fence_full() lf_smp_mb()
#else
#define lf_smp_mb()	__lf_fence(__ATOMIC_SEQ_CST)
#define lf_smp_rmb()	__lf_fence(__ATOMIC_ACQUIRE)
#define lf_smp_wmb()	__lf_fence(__ATOMIC_RELEASE)
#define __lf_fence_full() __lf_fence(__ATOMIC_SEQ_CST)
#endif

/*
 * What makes a SeqCst RMW "fully ordered" in the kernel's sense, and what
 * smp_mb__{before,after}_atomic() must add to a relaxed RMW.
 */
#if defined(LF_MODEL_CHECK)
#define __lf_full_before()	__lf_fence_full()
#define __lf_full_after()	__lf_fence_full()
#elif defined(__x86_64__) || defined(__i386__)
#define __lf_full_before()	lf_barrier()
#define __lf_full_after()	lf_barrier()
#else
#define __lf_full_before()	__lf_fence_full()
#define __lf_full_after()	__lf_fence_full()
#endif
#define lf_smp_mb__before_atomic()	__lf_full_before()
#define lf_smp_mb__after_atomic()	__lf_full_after()

#define lf_read_once(x) ({						\
	__lf_check_size(&(x));						\
	__lf_load(&(x), __ATOMIC_RELAXED);			\
})
#define lf_write_once(x, v) do {					\
	__typeof__(x) __lf_v = (v);					\
	__lf_check_size(&(x));						\
	__lf_store(&(x), __lf_v, __ATOMIC_RELAXED);		\
} while (0)
#define lf_load_acquire(p) ({						\
	__lf_check_size(p);						\
	__lf_load((p), __ATOMIC_ACQUIRE);				\
})
#define lf_store_release(p, v) do {					\
	__typeof__(*(p)) __lf_v = (v);					\
	__lf_check_size(p);						\
	__lf_store((p), __lf_v, __ATOMIC_RELEASE);		\
} while (0)

#define __lf_xchg(p, v, mo) ({						\
	__typeof__(*(p)) __lf_v = (v);					\
	__lf_check_size(p);						\
	__lf_exchange((p), __lf_v, (mo));				\
})
#define lf_xchg(p, v) ({						\
	__typeof__(*(p)) __lf_r;					\
	__lf_full_before();						\
	__lf_r = __lf_xchg(p, v, __ATOMIC_SEQ_CST);			\
	__lf_full_after();						\
	__lf_r;								\
})
#define lf_xchg_relaxed(p, v)	__lf_xchg(p, v, __ATOMIC_RELAXED)
#define lf_xchg_acquire(p, v)	__lf_xchg(p, v, __ATOMIC_ACQUIRE)
#define lf_xchg_release(p, v)	__lf_xchg(p, v, __ATOMIC_RELEASE)

/* Strong CAS; success order by suffix, failure unordered (relaxed). */
#define __lf_try_cmpxchg(p, po, n, mo) ({				\
	__typeof__(*(p)) __lf_n = (n);					\
	__lf_check_size(p);						\
	__lf_cas((p), (po), __lf_n, (mo));			\
})
#define lf_try_cmpxchg(p, po, n) ({					\
	bool __lf_ok;							\
	__lf_full_before();						\
	__lf_ok = __lf_try_cmpxchg(p, po, n, __ATOMIC_SEQ_CST);		\
	__lf_full_after();						\
	__lf_ok;							\
})
#define lf_try_cmpxchg_relaxed(p, po, n) __lf_try_cmpxchg(p, po, n, __ATOMIC_RELAXED)
#define lf_try_cmpxchg_acquire(p, po, n) __lf_try_cmpxchg(p, po, n, __ATOMIC_ACQUIRE)
#define lf_try_cmpxchg_release(p, po, n) __lf_try_cmpxchg(p, po, n, __ATOMIC_RELEASE)

#define __lf_cmpxchg(p, o, n, mo) ({					\
	__typeof__(*(p)) __lf_o = (o);					\
	(void)__lf_try_cmpxchg(p, &__lf_o, n, mo);			\
	__lf_o;								\
})
#define lf_cmpxchg(p, o, n) ({						\
	__typeof__(*(p)) __lf_o = (o);					\
	(void)lf_try_cmpxchg(p, &__lf_o, n);				\
	__lf_o;								\
})
#define lf_cmpxchg_relaxed(p, o, n)	__lf_cmpxchg(p, o, n, __ATOMIC_RELAXED)
#define lf_cmpxchg_acquire(p, o, n)	__lf_cmpxchg(p, o, n, __ATOMIC_ACQUIRE)
#define lf_cmpxchg_release(p, o, n)	__lf_cmpxchg(p, o, n, __ATOMIC_RELEASE)

static __always_inline int lf_atomic_read(const lf_atomic_t *v)
{
	return __lf_load(&v->counter, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_set(lf_atomic_t *v, int i)
{
	__lf_store(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_add(int i, lf_atomic_t *v)
{
	(void)__lf_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_sub(int i, lf_atomic_t *v)
{
	(void)__lf_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_inc(lf_atomic_t *v)
{
	(void)__lf_fetch_add(&v->counter, 1, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_dec(lf_atomic_t *v)
{
	(void)__lf_fetch_sub(&v->counter, 1, __ATOMIC_RELAXED);
}

static __always_inline int lf_atomic_fetch_add(int i, lf_atomic_t *v)
{
	int r;

	__lf_full_before();
	r = __lf_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline int lf_atomic_fetch_add_relaxed(int i, lf_atomic_t *v)
{
	return __lf_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline int lf_atomic_fetch_add_acquire(int i, lf_atomic_t *v)
{
	return __lf_fetch_add(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline int lf_atomic_fetch_add_release(int i, lf_atomic_t *v)
{
	return __lf_fetch_add(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline int lf_atomic_fetch_sub(int i, lf_atomic_t *v)
{
	int r;

	__lf_full_before();
	r = __lf_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline int lf_atomic_fetch_sub_relaxed(int i, lf_atomic_t *v)
{
	return __lf_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline int lf_atomic_fetch_sub_acquire(int i, lf_atomic_t *v)
{
	return __lf_fetch_sub(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline int lf_atomic_fetch_sub_release(int i, lf_atomic_t *v)
{
	return __lf_fetch_sub(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline int lf_atomic_fetch_or(int i, lf_atomic_t *v)
{
	int r;

	__lf_full_before();
	r = __lf_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline int lf_atomic_fetch_or_relaxed(int i, lf_atomic_t *v)
{
	return __lf_fetch_or(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline int lf_atomic_fetch_or_acquire(int i, lf_atomic_t *v)
{
	return __lf_fetch_or(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline int lf_atomic_fetch_or_release(int i, lf_atomic_t *v)
{
	return __lf_fetch_or(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline int lf_atomic_fetch_and(int i, lf_atomic_t *v)
{
	int r;

	__lf_full_before();
	r = __lf_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline int lf_atomic_fetch_and_relaxed(int i, lf_atomic_t *v)
{
	return __lf_fetch_and(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline int lf_atomic_fetch_and_acquire(int i, lf_atomic_t *v)
{
	return __lf_fetch_and(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline int lf_atomic_fetch_and_release(int i, lf_atomic_t *v)
{
	return __lf_fetch_and(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline int lf_atomic_add_return(int i, lf_atomic_t *v)
{
	int r;

	__lf_full_before();
	r = __lf_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline int lf_atomic_add_return_relaxed(int i, lf_atomic_t *v)
{
	return __lf_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline int lf_atomic_add_return_acquire(int i, lf_atomic_t *v)
{
	return __lf_add_fetch(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline int lf_atomic_add_return_release(int i, lf_atomic_t *v)
{
	return __lf_add_fetch(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline long lf_atomic_long_read(const lf_atomic_long_t *v)
{
	return __lf_load(&v->counter, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_long_set(lf_atomic_long_t *v, long i)
{
	__lf_store(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_long_add(long i, lf_atomic_long_t *v)
{
	(void)__lf_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_long_sub(long i, lf_atomic_long_t *v)
{
	(void)__lf_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_long_inc(lf_atomic_long_t *v)
{
	(void)__lf_fetch_add(&v->counter, 1, __ATOMIC_RELAXED);
}

static __always_inline void lf_atomic_long_dec(lf_atomic_long_t *v)
{
	(void)__lf_fetch_sub(&v->counter, 1, __ATOMIC_RELAXED);
}

static __always_inline long lf_atomic_long_fetch_add(long i, lf_atomic_long_t *v)
{
	long r;

	__lf_full_before();
	r = __lf_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline long lf_atomic_long_fetch_add_relaxed(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline long lf_atomic_long_fetch_add_acquire(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_add(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline long lf_atomic_long_fetch_add_release(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_add(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline long lf_atomic_long_fetch_sub(long i, lf_atomic_long_t *v)
{
	long r;

	__lf_full_before();
	r = __lf_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline long lf_atomic_long_fetch_sub_relaxed(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline long lf_atomic_long_fetch_sub_acquire(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_sub(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline long lf_atomic_long_fetch_sub_release(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_sub(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline long lf_atomic_long_fetch_or(long i, lf_atomic_long_t *v)
{
	long r;

	__lf_full_before();
	r = __lf_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline long lf_atomic_long_fetch_or_relaxed(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_or(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline long lf_atomic_long_fetch_or_acquire(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_or(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline long lf_atomic_long_fetch_or_release(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_or(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline long lf_atomic_long_fetch_and(long i, lf_atomic_long_t *v)
{
	long r;

	__lf_full_before();
	r = __lf_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline long lf_atomic_long_fetch_and_relaxed(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_and(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline long lf_atomic_long_fetch_and_acquire(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_and(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline long lf_atomic_long_fetch_and_release(long i, lf_atomic_long_t *v)
{
	return __lf_fetch_and(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline long lf_atomic_long_add_return(long i, lf_atomic_long_t *v)
{
	long r;

	__lf_full_before();
	r = __lf_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
	__lf_full_after();
	return r;
}

static __always_inline long lf_atomic_long_add_return_relaxed(long i, lf_atomic_long_t *v)
{
	return __lf_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

static __always_inline long lf_atomic_long_add_return_acquire(long i, lf_atomic_long_t *v)
{
	return __lf_add_fetch(&v->counter, i, __ATOMIC_ACQUIRE);
}

static __always_inline long lf_atomic_long_add_return_release(long i, lf_atomic_long_t *v)
{
	return __lf_add_fetch(&v->counter, i, __ATOMIC_RELEASE);
}

static __always_inline bool lf_atomic_try_cmpxchg(lf_atomic_t *v, int *old, int new)
{
	return lf_try_cmpxchg(&v->counter, old, new);
}

static __always_inline bool lf_atomic_try_cmpxchg_relaxed(lf_atomic_t *v, int *old, int new)
{
	return lf_try_cmpxchg_relaxed(&v->counter, old, new);
}

static __always_inline bool lf_atomic_try_cmpxchg_acquire(lf_atomic_t *v, int *old, int new)
{
	return lf_try_cmpxchg_acquire(&v->counter, old, new);
}

static __always_inline bool lf_atomic_try_cmpxchg_release(lf_atomic_t *v, int *old, int new)
{
	return lf_try_cmpxchg_release(&v->counter, old, new);
}

static __always_inline bool lf_atomic_long_try_cmpxchg(lf_atomic_long_t *v, long *old, long new)
{
	return lf_try_cmpxchg(&v->counter, old, new);
}

static __always_inline bool
lf_atomic_long_try_cmpxchg_relaxed(lf_atomic_long_t *v, long *old, long new)
{
	return lf_try_cmpxchg_relaxed(&v->counter, old, new);
}

static __always_inline bool
lf_atomic_long_try_cmpxchg_acquire(lf_atomic_long_t *v, long *old, long new)
{
	return lf_try_cmpxchg_acquire(&v->counter, old, new);
}

static __always_inline bool
lf_atomic_long_try_cmpxchg_release(lf_atomic_long_t *v, long *old, long new)
{
	return lf_try_cmpxchg_release(&v->counter, old, new);
}

#ifdef __cplusplus
}
#endif

#endif /* __KERNEL__ */

/*
 * Pause points (TESTING.md tier 3): a test arms a point by name and the
 * first thread that reaches it parks there until the test releases it (see
 * lf/pause.c). Without LF_PAUSE_POINTS the macro is empty.
 */
#if defined(LF_PAUSE_POINTS) && !defined(LF_MODEL_CHECK)
#ifdef __cplusplus
extern "C" {
#endif
extern int lf_pause_armed;
void lf_pause_point_hit(const char *name);
#ifdef __cplusplus
}
#endif
/*
 * Relaxed: a stale "unarmed" only lets this pass go by unparked; the test
 * arms the point before it starts the thread that is to park.
 */
#define lf_pause_point(name) do {					\
	if (unlikely(lf_read_once(lf_pause_armed)))			\
		lf_pause_point_hit(name);				\
} while (0)
#else
#define lf_pause_point(name) do { } while (0)
#endif

#endif /* _LF_ATOMIC_H */
