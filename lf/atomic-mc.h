/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The model-checking backend of lf/atomic.h's primitive
 * layer (built with -DLF_MODEL_CHECK; see userspace/mc/mc.c).
 *
 * Every primitive becomes a call into the checker, which first yields to
 * its scheduler (a scheduling point: the checker may switch to another
 * thread here) and then performs the access sequentially consistently,
 * recording thread, operation, address and values for the trace. Memory
 * orders are recorded but not modelled: the checker explores interleavings
 * under sequential consistency; weak-memory reorderings are KCSAN's and
 * TSan's job.
 *
 * Operands travel as raw bytes (4 or 8, checked by __lf_check_size), so
 * the same entry points serve ints, longs and pointers.
 */
#ifndef _LF_ATOMIC_MC_H
#define _LF_ATOMIC_MC_H

#ifdef __cplusplus
extern "C" {
#endif

enum lf_mc_op {
	LF_MC_LOAD,
	LF_MC_STORE,
	LF_MC_XCHG,
	LF_MC_CAS,
	LF_MC_FETCH_ADD,
	LF_MC_FETCH_SUB,
	LF_MC_FETCH_OR,
	LF_MC_FETCH_AND,
	LF_MC_ADD_FETCH,
	LF_MC_FENCE,
};

/*
 * lf_mc_op - one shared-memory operation under the checker
 * @op: the operation
 * @mo: the __ATOMIC_* order requested (recorded only)
 * @addr: the operand; @size bytes (4 or 8)
 * @ret: where the value read goes (old value; new value for ADD_FETCH;
 *       for CAS the bool result as an int)
 * @a: the value to write/operand (STORE, XCHG, FETCH_*); for CAS the
 *     address of the expected value, updated on failure
 * @b: for CAS the new value
 */
void lf_mc_op(int op, int mo, void *addr, unsigned long size, void *ret,
	      void *a, const void *b);
void lf_mc_spin(void);

/* An rvalue of *(p)'s type without its qualifiers (a cast drops them). */
#define __lf_mc_type(p)	__typeof__((__typeof__(*(p)))*(p))

#define __lf_load(p, mo) ({						\
	__lf_mc_type(p) __lf_mc_r;						\
	lf_mc_op(LF_MC_LOAD, (mo), (void *)(p), sizeof(*(p)), &__lf_mc_r,	\
		 (void *)0, (void *)0);					\
	__lf_mc_r;								\
})
#define __lf_store(p, v, mo) do {					\
	__lf_mc_type(p) __lf_mc_v = (v);					\
	lf_mc_op(LF_MC_STORE, (mo), (void *)(p), sizeof(*(p)), (void *)0, \
		 &__lf_mc_v, (void *)0);					\
} while (0)
#define __lf_mc_rmw(op, p, v, mo) ({					\
	__lf_mc_type(p) __lf_mc_v = (v), __lf_mc_r;				\
	lf_mc_op((op), (mo), (void *)(p), sizeof(*(p)), &__lf_mc_r,	\
		 &__lf_mc_v, (void *)0);					\
	__lf_mc_r;								\
})
#define __lf_exchange(p, v, mo)		__lf_mc_rmw(LF_MC_XCHG, p, v, mo)
#define __lf_fetch_add(p, v, mo)	__lf_mc_rmw(LF_MC_FETCH_ADD, p, v, mo)
#define __lf_fetch_sub(p, v, mo)	__lf_mc_rmw(LF_MC_FETCH_SUB, p, v, mo)
#define __lf_fetch_or(p, v, mo)		__lf_mc_rmw(LF_MC_FETCH_OR, p, v, mo)
#define __lf_fetch_and(p, v, mo)	__lf_mc_rmw(LF_MC_FETCH_AND, p, v, mo)
#define __lf_add_fetch(p, v, mo)	__lf_mc_rmw(LF_MC_ADD_FETCH, p, v, mo)
#define __lf_cas(p, po, n, mo) ({					\
	__lf_mc_type(p) __lf_mc_n = (n);					\
	int __lf_mc_ok;							\
	lf_mc_op(LF_MC_CAS, (mo), (void *)(p), sizeof(*(p)), &__lf_mc_ok,	\
		 (void *)(po), &__lf_mc_n);				\
	(bool)__lf_mc_ok;							\
})
#define __lf_fence(mo)							\
	lf_mc_op(LF_MC_FENCE, (mo), (void *)0, 0, (void *)0, (void *)0, (void *)0)

#ifdef __cplusplus
}
#endif

#endif /* _LF_ATOMIC_MC_H */
