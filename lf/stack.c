// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The retry loops of the Treiber stack (see lf/stack.h).
 *
 * Synchronisation edges:
 *   S1 (push, release CAS on top) -> S2 (pop, acquire load of top)
 *   S1 -> S3 (pop_all, acquire exchange of top; in the header)
 */
#include "stack.h"

/**
 * lf_stack_push_batch() - push a chain the caller has linked
 * @s: the stack
 * @first: newest node of the chain: it becomes the top
 * @last: oldest node of the chain (@first for a single node); the function
 *        sets @last->next
 *
 * The caller links @first -> ... -> @last beforehand; the chain is pushed
 * atomically: a concurrent pop sees all of it or none of it. Everything the
 * caller wrote to the nodes is visible to whoever pops them (release).
 *
 * Context: any, including IRQ and NMI; no RCU read lock needed. Lock-free.
 * Return: true if the stack was empty before the push.
 */
bool lf_stack_push_batch(struct lf_stack *s, struct lf_stack_node *first,
			 struct lf_stack_node *last)
{
	/* Relaxed: only stored into last->next, never dereferenced. */
	struct lf_stack_node *top = lf_read_once(s->top);

	do {
		/*
		 * last->next is still private to us (not yet published), so
		 * a relaxed store is enough; the CAS below orders it.
		 */
		lf_write_once(last->next, top);
		lf_pause_point("lf_stack_push:before_cas");
		/*
		 * S1: release publishes the chain and its contents; pairs
		 * with the acquire load in lf_stack_pop() (S2) and the
		 * acquire exchange in lf_stack_pop_all() (S3). On failure
		 * @top is reloaded (unordered) and we link again.
		 */
	} while (!lf_try_cmpxchg_release(&s->top, &top, first));

	return !top;
}

LF_EXPORT(lf_stack_push_batch);

/**
 * lf_stack_pop() - pop the newest node
 * @s: the stack
 *
 * The returned node belongs to the caller, who may read it at once but may
 * free it or push it again (onto any stack) only after a grace period
 * (lf_call_rcu() or lf_synchronize_rcu()) — that rule is what makes the
 * CAS below immune to ABA.
 *
 * Context: inside lf_rcu_read_lock() (checked: lockdep in-kernel, abort
 * with a message in userspace). Lock-free.
 * Return: the node, or NULL if the stack was empty.
 */
struct lf_stack_node *lf_stack_pop(struct lf_stack *s)
{
	struct lf_stack_node *top, *next;

	lf_rcu_assert_read_locked("lf_stack_pop");

	/* S2: acquire pairs with S1, so top->next is the pusher's value. */
	top = lf_load_acquire(&s->top);
	while (top) {
		/*
		 * top cannot be freed or recycled while we are inside the
		 * read-side critical section, so this load is safe and, if
		 * the CAS succeeds, still the right successor (no ABA).
		 */
		next = lf_read_once(top->next);
		lf_pause_point("lf_stack_pop:after_load");
		/*
		 * Acquire on success: the claim of top is ordered before the
		 * caller's accesses to the node (pairs with S1 of the push
		 * that published it, through top's release sequence).
		 */
		if (lf_try_cmpxchg_acquire(&s->top, &top, next))
			break;
		/*
		 * A failed CAS reloads top without ordering; reload it with
		 * acquire before dereferencing it (S2 again: pairs with S1).
		 */
		top = lf_load_acquire(&s->top);
	}
	return top;
}

LF_EXPORT(lf_stack_pop);
