/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Lock-free LIFO stack (Treiber), RCU-protected pop.
 *
 * Concurrency contract. "yes" means the two may run at the same time, on
 * the same stack, from any CPUs/threads; no operation ever takes a lock.
 *
 *                 push/push_batch  pop        pop_all   empty
 *   push/batch    yes              yes        yes       yes
 *   pop           yes              yes (RCU)  yes       yes
 *   pop_all       yes              yes        yes       yes
 *
 * Progress: push, push_batch and pop are lock-free (a CAS retry loop fails
 * only because another operation succeeded); pop_all and empty are
 * wait-free (one exchange, one load).
 *
 * Contexts: push, push_batch, pop_all and empty may be called from any
 * context, IRQ and NMI included (kernel), signal handlers included
 * (userspace: they are plain atomic instructions on the stack). pop must
 * run inside lf_rcu_read_lock() (so: not from NMI, and in userspace only
 * from a registered thread, which a signal handler is only if the thread
 * it interrupted is).
 *
 * The ABA rule: pop reads top->next before its CAS. If the node could be
 * popped, freed or re-pushed and come back to the top in that window, the
 * CAS would succeed with a stale next. lfkit rules that out with RCU: a
 * node returned by lf_stack_pop() may be freed or pushed again (onto any
 * stack) only after a grace period (lf_call_rcu()/lf_synchronize_rcu()),
 * and every pop runs inside a read-side critical section, so no node a
 * popper has loaded can be recycled under it. Nodes detached by
 * lf_stack_pop_all() follow the same rule if other threads may be popping
 * the same stack. No double-width CAS and no tag bits are needed.
 *
 * Memory ordering: everything the pusher wrote to a node (including
 * node->next) before push is visible to the thread that pops it or takes
 * it with pop_all (message passing: release CAS in push, acquire in pop and
 * pop_all).
 */
#ifndef _LF_STACK_H
#define _LF_STACK_H

#include "atomic.h"
#include "compat.h"
#include "../rcu/rcu.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lf_stack_node - intrusive link, embedded in the caller's object
 * @next: the node below; written by push, read by pop and iterators
 */
struct lf_stack_node {
	struct lf_stack_node *next;
};

/**
 * struct lf_stack - a lock-free stack
 * @top: the newest node, or NULL; every writer changes it with a CAS or
 *       an exchange, so its modification order is one release sequence
 */
struct lf_stack {
	struct lf_stack_node *top;
};

/**
 * LF_STACK_INIT - static initialiser for an empty stack
 * @name: the stack variable being initialised (unused, kept for symmetry
 *        with the kernel's LLIST_HEAD_INIT style)
 */
#define LF_STACK_INIT(name)	{ .top = NULL }

/**
 * lf_stack_init() - initialise an empty stack at run time
 * @s: the stack
 *
 * Context: any; the stack must not be in use by other threads.
 */
static inline void lf_stack_init(struct lf_stack *s)
{
	lf_write_once(s->top, NULL);
}

/**
 * lf_stack_empty() - is the stack empty right now?
 * @s: the stack
 *
 * A snapshot: under concurrency the answer may be stale by the time the
 * caller acts on it. Provides no ordering.
 *
 * Context: any.
 * Return: true if no node was on the stack at the moment of the load.
 */
static inline bool lf_stack_empty(const struct lf_stack *s)
{
	/* Relaxed: a snapshot; nothing is dereferenced. */
	return !lf_read_once(s->top);
}

bool lf_stack_push_batch(struct lf_stack *s, struct lf_stack_node *first,
			 struct lf_stack_node *last);

/**
 * lf_stack_push() - push one node
 * @s: the stack
 * @node: the node; owned by the caller until this call, by the stack after
 *
 * Everything the caller wrote to the object before the call is visible to
 * whoever pops it (release).
 *
 * Context: any, including IRQ and NMI; no RCU read lock needed.
 * Return: true if the stack was empty before this push.
 */
static inline bool lf_stack_push(struct lf_stack *s, struct lf_stack_node *node)
{
	return lf_stack_push_batch(s, node, node);
}

struct lf_stack_node *lf_stack_pop(struct lf_stack *s);

/**
 * lf_stack_pop_all() - detach every node at once
 * @s: the stack
 *
 * Wait-free: one exchange. The returned chain is private to the caller;
 * walk it with lf_stack_for_each_safe().
 *
 * Context: any, including IRQ and NMI; no RCU read lock needed.
 * Return: the former top (newest node first, NULL-terminated), or NULL.
 */
static inline struct lf_stack_node *lf_stack_pop_all(struct lf_stack *s)
{
	/*
	 * Acquire pairs with the release CAS in lf_stack_push_batch(): every
	 * node's ->next and contents in the chain are visible (they were all
	 * published by pushes in top's release sequence).
	 */
	return lf_xchg_acquire(&s->top, NULL);
}

/**
 * lf_stack_for_each_safe - iterate over a detached chain
 * @pos: loop cursor (struct lf_stack_node *)
 * @n: temporary (struct lf_stack_node *); lets the body free @pos
 * @first: the first node of a chain from lf_stack_pop_all()
 *
 * Only for chains no other thread can reach.
 */
#define lf_stack_for_each_safe(pos, n, first)				\
	for ((pos) = (first); (pos) && ((n) = (pos)->next, 1); (pos) = (n))

/**
 * lf_stack_entry_or_null - the object containing a node, or NULL
 * @ptr: struct lf_stack_node pointer, evaluated once; may be NULL
 * @type: the containing type
 * @member: the name of the struct lf_stack_node within @type
 */
#define lf_stack_entry_or_null(ptr, type, member) ({			\
	struct lf_stack_node *__lf_n = (ptr);				\
	__lf_n ? container_of(__lf_n, type, member) : (type *)NULL;	\
})

/**
 * lf_stack_for_each_entry_safe - iterate over the objects of a detached chain
 * @pos: loop cursor, a pointer to the containing type
 * @n: temporary of the same type; lets the body free @pos
 * @first: the first node of a chain from lf_stack_pop_all() (evaluated once)
 * @member: the name of the struct lf_stack_node within the type
 */
#define lf_stack_for_each_entry_safe(pos, n, first, member)		\
	for ((pos) = lf_stack_entry_or_null((first), __typeof__(*(pos)), member); \
	     (pos) && ((n) = lf_stack_entry_or_null((pos)->member.next,	\
					__typeof__(*(pos)), member), 1); \
	     (pos) = (n))

#ifdef __cplusplus
}
#endif

#endif /* _LF_STACK_H */
