// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The wait-free MPSC queue (see lf/mpsc.h).
 *
 * Shape: a singly linked list from the stub (q->head) to q->tail.
 *
 *	q->head (stub) -> A -> B -> C <- q->tail
 *
 * A producer sets node->next = NULL, exchanges q->tail with its node (from
 * that instant the node is in the queue's order) and then links the
 * previous tail to it. Between the two steps (the "window") the list is
 * broken after the previous tail: the consumer sees prev->next == NULL
 * although q->tail is further on. The consumer takes nodes from the front;
 * to take the last node it stores head.next = NULL and CASes q->tail from
 * that node back to the stub, which is what makes the next push see
 * "empty" (its exchange returns the stub).
 *
 * Synchronisation edges:
 *   M1 (push: fully ordered exchange of tail)
 *        release half: node->next = NULL (and the caller's chain links) are
 *        in place before any later producer can link to the node;
 *        acquire half: pairs with M4/M5, so a producer that finds the stub
 *        links head.next after the consumer's head.next = NULL
 *   M2 (push: release store of prev->next) -> M3 (consumer: acquire loads
 *        of head.next and node->next): the node's contents are visible to
 *        the consumer that reaches it
 *   M4 (pop: release CAS of tail, last node -> stub) -> M1
 *   M5 (pop_all: release exchange of tail -> stub) -> M1
 */
#include "mpsc.h"

/* Turns of lf_cpu_relax() before a waiting consumer starts to yield. */
#define LF_MPSC_SPINS	128

/*
 * Wait until a producer in its window has linked @node->next. The producer
 * has already exchanged the tail, so this is bounded by its next two
 * instructions, unless it is preempted: spin briefly, then yield.
 */
static struct lf_mpsc_node *lf_mpsc_wait_next(struct lf_mpsc_node *node)
{
	struct lf_mpsc_node *next;
	unsigned int spins = 0;

	/* M3: acquire pairs with M2 of the producer that links @node. */
	while (!(next = lf_load_acquire(&node->next))) {
		if (spins < LF_MPSC_SPINS) {
			spins++;
			lf_cpu_relax();
		} else {
			lf_spin_relax();
		}
	}
	return next;
}

/**
 * lf_mpsc_push_chain() - append a chain of nodes in one step
 * @q: the queue
 * @c: the chain: from lf_mpsc_pop_all() (of any queue), or built by the
 *     caller with @c->first linked through ->next to @c->last; the
 *     function sets @c->last->next. An empty chain (@c->first NULL) is
 *     allowed and does nothing.
 *
 * The chain is appended atomically: the consumer sees all of its nodes
 * after everything pushed before and before everything pushed after.
 * Links inside a chain from lf_mpsc_pop_all() that are still in a
 * producer's window are completed by that producer and waited for by @q's
 * consumer, as for any push.
 *
 * Context: any, including IRQ and NMI. Wait-free.
 * Return: true if @q was empty before (see lf/mpsc.h): the cue to wake
 * @q's consumer.
 */
bool lf_mpsc_push_chain(struct lf_mpsc *q, const struct lf_mpsc_chain *c)
{
	struct lf_mpsc_node *prev;

	if (!c->first)
		return false;
	/*
	 * Relaxed: no producer links to c->last (it is not q's tail yet, and
	 * a chain from pop_all never has a producer behind its last node);
	 * M1 orders this store before the node can be anyone's prev.
	 */
	lf_write_once(c->last->next, NULL);
	/*
	 * M1: fully ordered. Release half pairs with the acquire half of the
	 * next producer's M1 (which will write c->last->next); acquire half
	 * pairs with M4/M5 (the consumer's head.next = NULL precedes our
	 * link when prev is the stub).
	 */
	prev = lf_xchg(&q->tail, c->last);
	lf_pause_point("lf_mpsc_push:after_xchg");
	/* M2: release pairs with M3 in the consumer: publishes the chain. */
	lf_store_release(&prev->next, c->first);
	return prev == &q->head;
}

LF_EXPORT(lf_mpsc_push_chain);

/**
 * lf_mpsc_push() - append one node
 * @q: the queue
 * @node: the node; owned by the queue from the call until it is popped
 *
 * Everything the caller wrote to the object before the call is visible to
 * the consumer that pops it (release).
 *
 * Context: any, including IRQ and NMI. Wait-free: one exchange, one store.
 * Return: true if the queue was empty before this push (every earlier node
 * had been consumed): the caller's cue to wake the consumer. See the
 * wake-up protocol in lf/mpsc.h.
 */
bool lf_mpsc_push(struct lf_mpsc *q, struct lf_mpsc_node *node)
{
	const struct lf_mpsc_chain c = { .first = node, .last = node };

	return lf_mpsc_push_chain(q, &c);
}

LF_EXPORT(lf_mpsc_push);

/*
 * The consumer's path behind pop (@wait: wait out a producer's window) and
 * try_pop (answer -EAGAIN instead). The queue is left exactly as found
 * whenever no node is returned.
 */
static int lf_mpsc_pop_common(struct lf_mpsc *q, struct lf_mpsc_node **out,
			      bool wait)
{
	struct lf_mpsc_node *node, *next, *expected;

	/* M3: acquire pairs with M2 of the producer that linked the stub. */
	node = lf_load_acquire(&q->head.next);
	if (!node) {
		/*
		 * Relaxed: the acquire above orders this load after it, and
		 * a push that returned before this call is visible here by
		 * coherence (its M1 happens before us). The stub means empty:
		 * the linearisation point of an empty answer.
		 */
		if (lf_read_once(q->tail) == &q->head)
			return -ENOENT;
		/* Not empty: the first producer is in its window. */
		if (wait) {
			node = lf_mpsc_wait_next(&q->head);
		} else {
			/* M3 again, pairs with M2: it may have linked by now. */
			node = lf_load_acquire(&q->head.next);
			if (!node)
				return -EAGAIN;
		}
	}
	/* M3: acquire pairs with M2 of the producer that linked @node. */
	next = lf_load_acquire(&node->next);
	if (!next) {
		/*
		 * @node looks like the newest node. Relaxed: the tail cannot
		 * be older than @node here (M2 -> M3 put @node's M1 before
		 * us), and the CAS below decides anyway. If the tail moved on,
		 * a producer is in its window after @node.
		 */
		if (lf_read_once(q->tail) == node) {
			/*
			 * Clear the stub's link first: once the CAS succeeds a
			 * producer may link the stub, and its store must come
			 * after this one. No producer writes head.next now (the
			 * tail is not the stub), so the relaxed store is ours.
			 */
			lf_write_once(q->head.next, NULL);
			lf_pause_point("lf_mpsc_pop:before_cas");
			expected = node;
			/* M4: release pairs with M1 of the next producer. */
			if (lf_try_cmpxchg_release(&q->tail, &expected, &q->head)) {
				*out = node;
				return 0;
			}
			/* A producer exchanged after @node: it will link it. */
		}
		if (wait) {
			next = lf_mpsc_wait_next(node);
		} else {
			/* M3 again, pairs with M2 of that producer. */
			next = lf_load_acquire(&node->next);
			if (!next) {
				/* Put the head back as it was; never corrupt it. */
				lf_write_once(q->head.next, node);
				return -EAGAIN;
			}
		}
	}
	/* Relaxed: head.next is the consumer's while the tail is not the stub. */
	lf_write_once(q->head.next, next);
	*out = node;
	return 0;
}

/**
 * lf_mpsc_pop() - take the oldest node
 * @q: the queue
 *
 * If a producer is between its exchange and its link, waits for it: a
 * bounded spin, then lf_spin_relax() turns (yield in userspace). Never
 * returns NULL while a node whose push has returned is in the queue. The
 * node is the caller's at once (no grace period needed): it may be freed or
 * pushed again, onto any queue.
 *
 * Context: the single consumer of @q (one consumer operation at a time).
 * Return: the node, or NULL if the queue was empty.
 */
struct lf_mpsc_node *lf_mpsc_pop(struct lf_mpsc *q)
{
	struct lf_mpsc_node *node;

	return lf_mpsc_pop_common(q, &node, true) ? NULL : node;
}

LF_EXPORT(lf_mpsc_pop);

/**
 * lf_mpsc_try_pop() - take the oldest node without waiting
 * @q: the queue
 * @node: where the node is stored on success
 *
 * Like lf_mpsc_pop() but never waits: when the next node is not linked yet
 * because its producer is in its window, answers -EAGAIN and leaves the
 * queue as it was (retry later). -EAGAIN is never turned into -ENOENT:
 * once a push has returned, -ENOENT is not answered until its node has
 * been consumed.
 *
 * Context: the single consumer of @q; any context.
 * Return: 0 and *@node set; -ENOENT if the queue is empty; -EAGAIN if it is
 * not empty but the next node is still in a producer's window.
 */
int lf_mpsc_try_pop(struct lf_mpsc *q, struct lf_mpsc_node **node)
{
	return lf_mpsc_pop_common(q, node, false);
}

LF_EXPORT(lf_mpsc_try_pop);

/**
 * lf_mpsc_pop_all() - detach every node at once
 * @q: the queue
 * @c: filled with the detached chain, oldest node first
 *
 * O(1): waits only if the first node is still in its producer's window
 * (as lf_mpsc_pop() does), then takes everything up to the current tail
 * with one exchange. Later links inside the chain may still be in their
 * producers' windows: iterate with lf_mpsc_chain_for_each_safe() or
 * lf_mpsc_chain_next(), which wait for them, or append the chain to
 * another queue with lf_mpsc_push_chain(). Afterwards @q is empty and its
 * next push returns true.
 *
 * Context: the single consumer of @q.
 * Return: true if nodes were detached; false (and an empty chain) if the
 * queue was empty.
 */
bool lf_mpsc_pop_all(struct lf_mpsc *q, struct lf_mpsc_chain *c)
{
	struct lf_mpsc_node *first;

	/* M3: acquire pairs with M2 of the producer that linked the stub. */
	first = lf_load_acquire(&q->head.next);
	if (!first) {
		/* Relaxed, as in lf_mpsc_pop_common(): the stub means empty. */
		if (lf_read_once(q->tail) == &q->head) {
			c->first = NULL;
			c->last = NULL;
			return false;
		}
		first = lf_mpsc_wait_next(&q->head);
	}
	/* Relaxed: the consumer's while the tail is not the stub (M5 orders it). */
	lf_write_once(q->head.next, NULL);
	/*
	 * M5: release pairs with M1 of the next producer, which will link
	 * the stub after our store above. Nothing is read through the old
	 * tail here: the chain's nodes are reached through links (M3).
	 */
	c->last = lf_xchg_release(&q->tail, &q->head);
	c->first = first;
	return true;
}

LF_EXPORT(lf_mpsc_pop_all);

/**
 * lf_mpsc_chain_next() - the successor of a node in a detached chain
 * @c: the chain, from lf_mpsc_pop_all()
 * @node: a node of @c
 *
 * Waits (as lf_mpsc_pop() does) if the link is still in a producer's
 * window. The successor is fetched from @node, so call it before freeing
 * or re-pushing @node.
 *
 * Context: the owner of the chain.
 * Return: the next node, or NULL after @c->last.
 */
struct lf_mpsc_node *lf_mpsc_chain_next(const struct lf_mpsc_chain *c,
					struct lf_mpsc_node *node)
{
	if (node == c->last)
		return NULL;
	return lf_mpsc_wait_next(node);
}

LF_EXPORT(lf_mpsc_chain_next);

/**
 * lf_mpsc_splice() - move every node of @src to the end of @dst, in O(1)
 * @dst: the destination: this is a producer operation on it
 * @src: the source: this is a consumer operation on it (its single
 *       consumer calls it); afterwards @src is empty
 *
 * lf_mpsc_pop_all(@src) followed by lf_mpsc_push_chain(@dst): the nodes keep
 * their order and come after everything already in @dst. Waits only if
 * @src's first node is in its producer's window.
 *
 * Context: @src's consumer; any context a push to @dst is allowed in.
 * Return: true if nodes were moved and @dst was empty before (the cue to
 * wake @dst's consumer); false otherwise.
 */
bool lf_mpsc_splice(struct lf_mpsc *dst, struct lf_mpsc *src)
{
	struct lf_mpsc_chain c;

	if (!lf_mpsc_pop_all(src, &c))
		return false;
	return lf_mpsc_push_chain(dst, &c);
}

LF_EXPORT(lf_mpsc_splice);
