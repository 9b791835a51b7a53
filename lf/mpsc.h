/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Intrusive multi-producer single-consumer FIFO queue:
 * wait-free producers, one consumer (Vyukov's exchange-based queue, in the
 * stub-node form of liburcu's wfcqueue).
 *
 * Concurrency contract. "yes" means the two may run at the same time on
 * the same queue; "no" means the caller must serialise them (they are all
 * consumer operations: one consumer at a time).
 *
 *                push/push_chain  pop/try_pop  pop_all/splice(src)  empty
 *   push/chain   yes              yes          yes                  yes
 *   pop/try_pop  yes              no           no                   yes
 *   pop_all      yes              no           no                   yes
 *
 * lf_mpsc_splice(dst, src) is a consumer operation on @src and a producer
 * operation (push_chain) on @dst.
 *
 * Progress: push and push_chain are wait-free (one exchange, one store).
 * try_pop never waits. pop and pop_all may wait for a producer that has
 * exchanged the tail but not yet linked its node (the "window"): they spin
 * a bounded number of times, then yield (lf_spin_relax()). Iterating a
 * chain detached by pop_all waits in the same way.
 *
 * Contexts: push and push_chain may be called from any context, IRQ and
 * NMI included; in userspace from signal handlers. A producer interrupted
 * in its window by a handler that waits for the consumer can deadlock, as
 * with any exchange-based queue; in-kernel, a producer preempted in its
 * window delays the consumer (pop spins) until it runs again. The consumer
 * operations may be called from any context that can wait for a
 * producer's window to close; try_pop from any context. No operation
 * needs RCU: a popped node may be freed or pushed again at once.
 *
 * "Empty", precisely: the queue is empty when every node whose push has
 * exchanged the tail has been consumed (the tail is the stub again).
 * lf_mpsc_push() returns true exactly when it is the first push after the
 * queue became empty. So if the consumer observed "empty" (pop returned
 * NULL, try_pop -ENOENT, pop_all false, or lf_mpsc_empty() true), the next
 * push to complete returns true. The wake-up protocol built on that:
 *
 *	producer:                        consumer:
 *	if (lf_mpsc_push(q, n))          for (;;) {
 *		wake(consumer);              while ((n = lf_mpsc_pop(q)))
 *	                                         handle(n);
 *	                                     wait_for_wake();
 *	                                 }
 *
 * never loses a wake-up, provided wake()/wait_for_wake() remember a wake
 * that comes before the wait (a semaphore, an eventfd, a futex on a
 * counter, a completion, wait_event() on !lf_mpsc_empty(q)). Wakes may be
 * spurious (a push can find the queue empty because the consumer took the
 * last node without ever seeing "empty"); the consumer just pops again.
 *
 * Once a push has returned, neither pop nor try_pop reports the queue
 * empty until that node has been consumed: while a producer is in its
 * window, try_pop answers -EAGAIN and pop waits.
 *
 * Memory ordering: everything a producer wrote to a node before pushing
 * it is visible to the consumer that pops it (release store of the link,
 * acquire load by the consumer).
 */
#ifndef _LF_MPSC_H
#define _LF_MPSC_H

#include "atomic.h"
#include "compat.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lf_mpsc_node - intrusive link, embedded in the caller's object
 * @next: the next node in FIFO order; written once by the producer that
 *        pushes the next node (or by the consumer on the stub)
 */
struct lf_mpsc_node {
	struct lf_mpsc_node *next;
};

/**
 * struct lf_mpsc - a wait-free MPSC queue
 * @tail: the newest node, or &@head (the stub) when the queue is empty.
 *        Producers exchange it; the consumer resets it to the stub with a
 *        CAS when it takes the last node. Its own cache line.
 * @head: the stub. @head.next is the oldest node (NULL when empty or while
 *        the first producer after "empty" is in its window). Written by
 *        the consumer, and by the one producer whose exchange returned the
 *        stub. Its own cache line, away from the producers' @tail.
 *
 * The structure contains cache-line aligned members: static, automatic or
 * kmalloc()ed storage is fine; in userspace heap storage must come from an
 * aligned allocator (aligned_alloc(), posix_memalign()).
 */
struct lf_mpsc {
	__lf_cacheline_aligned struct lf_mpsc_node *tail;
	__lf_cacheline_aligned struct lf_mpsc_node head;
};

/**
 * struct lf_mpsc_chain - nodes detached by lf_mpsc_pop_all(), oldest first
 * @first: the oldest node, or NULL for an empty chain
 * @last: the newest node, or NULL for an empty chain
 *
 * The links between @first and @last may still be in a producer's window;
 * walk the chain with lf_mpsc_chain_next() or lf_mpsc_chain_for_each_safe(),
 * which wait for them, never by reading ->next directly.
 */
struct lf_mpsc_chain {
	struct lf_mpsc_node *first;
	struct lf_mpsc_node *last;
};

/**
 * LF_MPSC_INIT - static initialiser for an empty queue
 * @name: the queue variable being initialised
 */
#define LF_MPSC_INIT(name)	{ .tail = &(name).head, .head = { .next = NULL } }

/**
 * lf_mpsc_init() - initialise an empty queue at run time
 * @q: the queue
 *
 * Context: any; the queue must not be in use.
 */
static inline void lf_mpsc_init(struct lf_mpsc *q)
{
	lf_write_once(q->head.next, NULL);
	lf_write_once(q->tail, &q->head);
}

/**
 * lf_mpsc_empty() - is the queue empty right now?
 * @q: the queue
 *
 * "Empty" as defined at the top of this file: true means every node pushed
 * so far has been consumed, so the next push returns true; false means a
 * pop would return a node (possibly after waiting out a producer's
 * window). A snapshot under concurrency; provides no ordering.
 *
 * Context: any, from any thread.
 * Return: true if the tail was the stub at the moment of the load.
 */
static inline bool lf_mpsc_empty(const struct lf_mpsc *q)
{
	/* Relaxed: a snapshot, compared only, never dereferenced. */
	return lf_read_once(q->tail) == &q->head;
}

bool lf_mpsc_push_chain(struct lf_mpsc *q, const struct lf_mpsc_chain *c);
bool lf_mpsc_push(struct lf_mpsc *q, struct lf_mpsc_node *node);
struct lf_mpsc_node *lf_mpsc_pop(struct lf_mpsc *q);
int lf_mpsc_try_pop(struct lf_mpsc *q, struct lf_mpsc_node **node);
bool lf_mpsc_pop_all(struct lf_mpsc *q, struct lf_mpsc_chain *c);
struct lf_mpsc_node *lf_mpsc_chain_next(const struct lf_mpsc_chain *c,
					struct lf_mpsc_node *node);
bool lf_mpsc_splice(struct lf_mpsc *dst, struct lf_mpsc *src);

/**
 * lf_mpsc_chain_for_each_safe - iterate over a detached chain, oldest first
 * @pos: loop cursor (struct lf_mpsc_node *)
 * @n: temporary (struct lf_mpsc_node *): the successor, fetched (waiting
 *     out a producer's window if need be) before the body runs, so the
 *     body may free or push @pos elsewhere
 * @c: the chain (const struct lf_mpsc_chain *), filled by lf_mpsc_pop_all()
 */
#define lf_mpsc_chain_for_each_safe(pos, n, c)				\
	for ((pos) = (c)->first;					\
	     (pos) && ((n) = lf_mpsc_chain_next((c), (pos)), 1);	\
	     (pos) = (n))

/**
 * lf_mpsc_entry_or_null - the object containing a node, or NULL
 * @ptr: struct lf_mpsc_node pointer, evaluated once; may be NULL
 * @type: the containing type
 * @member: the name of the struct lf_mpsc_node within @type
 */
#define lf_mpsc_entry_or_null(ptr, type, member) ({			\
	struct lf_mpsc_node *__lf_n = (ptr);				\
	__lf_n ? container_of(__lf_n, type, member) : (type *)NULL;	\
})

#ifdef __cplusplus
}
#endif

#endif /* _LF_MPSC_H */
