// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The out-of-line half of the portable RCU layer.
 *
 * Both worlds route lf_call_rcu() through a trampoline: the kernel's
 * callback type takes a struct rcu_head *, lfkit's a struct lf_rcu_head *,
 * and calling through a cast function pointer would be undefined (and
 * trips kCFI).
 *
 * Userspace only: the wrappers around liburcu (memb flavour), the misuse
 * checks, and the ThreadSanitizer annotations for the happens-before edges
 * RCU provides but TSan cannot see, because Debian's liburcu is not
 * instrumented:
 *
 *   reader's lf_rcu_read_unlock()  --release(&lf_rcu_tsan_gp)-->
 *       lf_synchronize_rcu() return, and start of any callback
 *   lf_call_rcu(head)              --release(head)-->  start of that callback
 *   end of a callback              --release(&lf_rcu_tsan_barrier)-->
 *       lf_rcu_barrier() return
 *
 * These edges are at least as strong as RCU's guarantees (every earlier
 * unlock, not only the overlapping ones), so they hide no race that RCU
 * would not also order.
 */
#include "rcu.h"

#ifdef __KERNEL__

static void lf_rcu_trampoline(struct rcu_head *rh)
{
	struct lf_rcu_head *head = container_of(rh, struct lf_rcu_head, head);

	head->func(head);
}

void lf_call_rcu(struct lf_rcu_head *head, void (*func)(struct lf_rcu_head *))
{
	head->func = func;
	call_rcu(&head->head, lf_rcu_trampoline);
}

LF_EXPORT(lf_call_rcu);

#elif defined(LF_MODEL_CHECK)

/* The model checker implements the RCU layer itself (userspace/mc/mc.c). */

#else /* userspace */

#include <assert.h>
#include <urcu/urcu-memb.h>

#ifdef LF_TSAN
#include <sanitizer/tsan_interface.h>
static char lf_rcu_tsan_gp;
static char lf_rcu_tsan_barrier;
#define lf_tsan_release(addr)	__tsan_release(addr)
#define lf_tsan_acquire(addr)	__tsan_acquire(addr)
#else
#define lf_tsan_release(addr)	do { } while (0)
#define lf_tsan_acquire(addr)	do { } while (0)
#endif

static_assert(sizeof(struct rcu_head) ==
	      sizeof(((struct lf_rcu_head *)0)->__urcu_head),
	      "struct lf_rcu_head must embed liburcu's struct rcu_head");
static_assert(offsetof(struct lf_rcu_head, __urcu_head) == 0,
	      "liburcu's rcu_head must come first");

/* Per-thread state behind the misuse checks. */
struct lf_rcu_thread {
	bool registered;	/* lf_rcu_register_thread() called */
	bool in_callback;	/* running an lf_call_rcu() callback */
	int nesting;		/* read-side critical section depth */
};

static __thread struct lf_rcu_thread lf_rcu_self;

void lf_rcu_misuse(const char *fn, const char *what)
{
	fprintf(stderr, "lfkit: %s(): %s\n", fn, what);
	fflush(stderr);
	abort();
}

void lf_rcu_register_thread(void)
{
	if (lf_rcu_self.registered)
		lf_rcu_misuse(__func__, "thread is already registered");
	urcu_memb_register_thread();
	lf_rcu_self.registered = true;
}

void lf_rcu_unregister_thread(void)
{
	if (!lf_rcu_self.registered)
		lf_rcu_misuse(__func__, "thread is not registered");
	if (lf_rcu_self.nesting)
		lf_rcu_misuse(__func__, "called inside lf_rcu_read_lock()");
	urcu_memb_unregister_thread();
	lf_rcu_self.registered = false;
}

void lf_rcu_read_lock(void)
{
	if (unlikely(!lf_rcu_self.registered))
		lf_rcu_misuse(__func__,
			      "called from a thread that has not called lf_rcu_register_thread()");
	lf_rcu_self.nesting++;
	urcu_memb_read_lock();
}

void lf_rcu_read_unlock(void)
{
	if (unlikely(lf_rcu_self.nesting <= 0))
		lf_rcu_misuse(__func__, "called without a matching lf_rcu_read_lock()");
	lf_tsan_release(&lf_rcu_tsan_gp);
	urcu_memb_read_unlock();
	lf_rcu_self.nesting--;
}

bool lf_rcu_read_lock_held(void)
{
	return lf_rcu_self.nesting > 0;
}

void lf_synchronize_rcu(void)
{
	if (unlikely(lf_rcu_self.nesting))
		lf_rcu_misuse(__func__,
			      "called inside lf_rcu_read_lock() (would deadlock)");
	if (unlikely(lf_rcu_self.in_callback))
		lf_rcu_misuse(__func__, "called from an lf_call_rcu() callback");
	urcu_memb_synchronize_rcu();
	lf_tsan_acquire(&lf_rcu_tsan_gp);
}

static void lf_rcu_trampoline(struct rcu_head *rh)
{
	struct lf_rcu_head *head = container_of((void *)rh, struct lf_rcu_head,
						__urcu_head);

	lf_tsan_acquire(head);
	lf_tsan_acquire(&lf_rcu_tsan_gp);
	/* liburcu's call_rcu worker threads are registered reader threads. */
	lf_rcu_self.registered = true;
	lf_rcu_self.in_callback = true;
	head->func(head);
	lf_rcu_self.in_callback = false;
	lf_tsan_release(&lf_rcu_tsan_barrier);
}

void lf_call_rcu(struct lf_rcu_head *head, void (*func)(struct lf_rcu_head *))
{
	if (unlikely(!lf_rcu_self.registered))
		lf_rcu_misuse(__func__,
			      "called from a thread that has not called lf_rcu_register_thread()");
	head->func = func;
	lf_tsan_release(head);
	urcu_memb_call_rcu((struct rcu_head *)(void *)head->__urcu_head,
			   lf_rcu_trampoline);
}

void lf_rcu_barrier(void)
{
	if (unlikely(lf_rcu_self.nesting))
		lf_rcu_misuse(__func__,
			      "called inside lf_rcu_read_lock() (would deadlock)");
	if (unlikely(lf_rcu_self.in_callback))
		lf_rcu_misuse(__func__,
			      "called from an lf_call_rcu() callback (would deadlock)");
	urcu_memb_barrier();
	lf_tsan_acquire(&lf_rcu_tsan_barrier);
}

#endif /* __KERNEL__ */
