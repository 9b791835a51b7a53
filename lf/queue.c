// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Michael-Scott lock-free queue with RCU reclamation (see lf/queue.h),
 * in the form where dequeue returns the old head.
 *
 * Shape: a singly linked list from q->head to the last node; q->tail is
 * the last node or, while an enqueuer is between its link and its tail
 * swing, the one before it. Dummies (d) are the queue's own nodes; the
 * caller's nodes are real (A, B, C).
 *
 *	q->head -> d -> A -> B -> C <- q->tail      (d: a dummy, or none)
 *
 * enqueue: link at tail->next with a CAS (NULL -> node), then swing the
 * tail to the node with a CAS; an enqueuer that finds tail->next already
 * set swings the tail for the stalled one first (helping), then retries.
 *
 * dequeue: let H = q->head, N = H->next.
 *  - N == NULL and H a dummy: empty.
 *  - N == NULL and H real (the last node): link a dummy after H (CAS
 *    H->next NULL -> dummy, then swing the tail H -> dummy), then go on.
 *  - otherwise: if the tail is still at H, swing it to N first, so that a
 *    node never leaves while the tail points at it; then CAS the head
 *    H -> N. H has left: if it is real it is returned (the caller frees
 *    or reuses it after a grace period); if it is a dummy it is freed
 *    after a grace period (lf_call_rcu) and the dequeue goes on from N.
 * A dummy is only ever linked after a real node, so a dummy head with a
 * successor has a real one behind it.
 *
 * A node that has left always has ->next != NULL, and keeps it until a
 * grace period later (only then may it be freed or enqueued again): so a
 * dequeuer that sees H->next == NULL inside its read-side section knows H
 * was still in the structure, as the last node, at that load.
 *
 * Synchronisation edges:
 *   Q1 (release CAS of X->next, NULL -> node: enqueue, and dequeue linking
 *       a dummy) -> Q2 (acquire loads of X->next in enqueue and dequeue):
 *       the node's initialisation and the caller's contents are visible to
 *       whoever reaches it
 *   Q3 (release CAS of q->tail: the enqueuer's swing, every helper's, the
 *       dummy linker's) -> Q4 (acquire loads of q->tail): the new tail's
 *       ->next = NULL and contents are visible before it is used as a tail
 *   Q5 (dequeue: release CAS of q->head) -> Q6 (acquire loads of q->head):
 *       carries "the tail was already past the old head" to the next
 *       dequeuer, whose tail load (ordered after Q6) cannot see an older
 *       tail; and the new head's contents
 *   Q7 (release cmpxchg of q->spare, NULL -> dummy) -> Q8 (acquire xchg of
 *       q->spare): the spare's allocation and fields are visible to the
 *       dequeuer that takes it
 */
#include "queue.h"

/* The queue's own nodes: a node plus what reclaiming it needs. */
struct lf_queue_dummy {
	struct lf_queue_node node;
	struct lf_rcu_head rcu;
};

static struct lf_queue_node *lf_queue_dummy_init(struct lf_queue_dummy *d)
{
	if (!d)
		return NULL;
	/* Relaxed: private until published by Q1 or Q7 (or init's caller). */
	lf_write_once(d->node.next, NULL);
	lf_write_once(d->node.dummy, 1);
	return &d->node;
}

static void lf_queue_dummy_free(struct lf_queue_node *node)
{
	lf_kfree(container_of(node, struct lf_queue_dummy, node));
}

static void lf_queue_dummy_rcu_cb(struct lf_rcu_head *head)
{
	lf_kfree(container_of(head, struct lf_queue_dummy, rcu));
}

/* Free a dummy that has left the structure, after a grace period. */
static void lf_queue_dummy_free_rcu(struct lf_queue_node *node)
{
	lf_call_rcu(&container_of(node, struct lf_queue_dummy, node)->rcu,
		    lf_queue_dummy_rcu_cb);
}

/* Make @d (never published) the spare, or free it if there is one. */
static void lf_queue_put_spare(struct lf_queue *q, struct lf_queue_node *d)
{
	/* Q7: release pairs with Q8 in the dequeuer that takes it. */
	if (lf_cmpxchg_release(&q->spare, (struct lf_queue_node *)NULL, d))
		lf_queue_dummy_free(d);
}

/* A dummy for the dequeue that takes the last node: the spare, or a new one. */
static struct lf_queue_node *lf_queue_get_dummy(struct lf_queue *q)
{
	/* Q8: acquire pairs with Q7: the spare's fields are initialised. */
	struct lf_queue_node *d = lf_xchg_acquire(&q->spare, NULL);

	if (d)
		return d;
	return lf_queue_dummy_init(lf_kmalloc_atomic(sizeof(struct lf_queue_dummy)));
}

/**
 * lf_queue_init() - initialise an empty queue
 * @q: the queue
 *
 * Allocates the queue's first dummy and a spare one. A queue that failed
 * to initialise needs no destroy; a destroyed queue may be initialised
 * again.
 *
 * Context: process context (may sleep in-kernel); @q not in use.
 * Return: 0, or -ENOMEM (nothing allocated, @q untouched).
 */
int lf_queue_init(struct lf_queue *q)
{
	struct lf_queue_node *dummy, *spare;

	dummy = lf_queue_dummy_init(lf_kmalloc(sizeof(struct lf_queue_dummy)));
	if (!dummy)
		return -ENOMEM;
	spare = lf_queue_dummy_init(lf_kmalloc(sizeof(struct lf_queue_dummy)));
	if (!spare) {
		lf_queue_dummy_free(dummy);
		return -ENOMEM;
	}
	/* Relaxed: the caller publishes @q to other threads (release) itself. */
	lf_write_once(q->head, dummy);
	lf_write_once(q->tail, dummy);
	lf_write_once(q->spare, spare);
	return 0;
}

LF_EXPORT(lf_queue_init);

/**
 * lf_queue_destroy() - tear down an empty queue
 * @q: the queue
 *
 * If the queue is empty, its spare dummy is freed at once and its current
 * dummy after a grace period (as are dummies earlier dequeues removed):
 * call lf_rcu_barrier() before unloading code or checking for leaks. If
 * the queue is not empty, nothing changes: it stays intact and usable.
 *
 * Context: no other operation on @q may be running or start; any context
 * where lf_call_rcu() is allowed (in userspace, a registered thread).
 * Return: 0, or -EBUSY if nodes are still queued.
 */
int lf_queue_destroy(struct lf_queue *q)
{
	/* Relaxed (all of it): exclusive use, the caller synchronised with us. */
	struct lf_queue_node *head = lf_read_once(q->head);
	struct lf_queue_node *spare = lf_read_once(q->spare);

	if (!lf_read_once(head->dummy) || lf_read_once(head->next))
		return -EBUSY;
	/* Quiescent and empty: every enqueuer has swung the tail to the end. */
	LF_WARN_ON(lf_read_once(q->tail) != head);
	lf_write_once(q->head, NULL);
	lf_write_once(q->tail, NULL);
	lf_write_once(q->spare, NULL);
	if (spare)			/* never published: no reader can hold it */
		lf_queue_dummy_free(spare);
	lf_queue_dummy_free_rcu(head);
	return 0;
}

LF_EXPORT(lf_queue_destroy);

/**
 * lf_queue_enqueue() - append a node
 * @q: the queue
 * @node: the node, embedded in the caller's object; the queue owns the
 *        struct lf_queue_node from now until lf_queue_dequeue() returns it
 *
 * Everything the caller wrote to the object before the call is visible to
 * the thread that dequeues it (release). FIFO with respect to every other
 * enqueue that completed before this one started (per producer, in
 * particular). A node that was dequeued may be enqueued again only after a
 * grace period.
 *
 * Context: inside lf_rcu_read_lock() (checked). Lock-free.
 */
void lf_queue_enqueue(struct lf_queue *q, struct lf_queue_node *node)
{
	struct lf_queue_node *tail, *next;

	lf_rcu_assert_read_locked("lf_queue_enqueue");

	/* Relaxed: @node is private until Q1 publishes it. */
	lf_write_once(node->next, NULL);
	lf_write_once(node->dummy, 0);

	for (;;) {
		/* Q4: acquire pairs with Q3: tail->next is initialised. */
		tail = lf_load_acquire(&q->tail);
		/*
		 * Q2: acquire pairs with Q1 of whoever linked after @tail.
		 * @tail cannot be freed under us: we are inside the read-side
		 * section, and the tail never points at a node that has left.
		 */
		next = lf_load_acquire(&tail->next);
		if (next) {
			/*
			 * The tail lags (an enqueuer is between its link and
			 * its swing): swing it for them, then retry. Q3:
			 * release pairs with Q4; a failure means someone else
			 * moved it.
			 */
			(void)lf_cmpxchg_release(&q->tail, tail, next);
			continue;
		}
		lf_pause_point("lf_queue_enqueue:before_link");
		/* Q1: release pairs with Q2: publishes @node and its contents. */
		if (lf_try_cmpxchg_release(&tail->next, &next, node))
			break;
	}
	lf_pause_point("lf_queue_enqueue:after_link");
	/*
	 * Q3: release pairs with Q4. Fails harmlessly if a helper already
	 * swung the tail past @tail. Inside the read-side section @tail cannot
	 * have been freed and reused, so no ABA.
	 */
	(void)lf_cmpxchg_release(&q->tail, tail, node);
}

LF_EXPORT(lf_queue_enqueue);

/**
 * lf_queue_dequeue() - take the oldest node
 * @q: the queue
 *
 * The returned node has left the queue: the caller owns its whole object
 * at once (everything its enqueuer wrote is visible: acquire), and may
 * free it, or enqueue it again, after a grace period (lf_call_rcu(), or
 * lf_synchronize_rcu() then free): concurrent operations may still hold
 * stale pointers to it until then.
 *
 * To take the last node, a dummy is linked behind it: the queue's spare,
 * refilled with lf_kmalloc_atomic() after the head CAS, or a freshly
 * allocated one. If neither can be had the dequeue retries until one can,
 * or until another thread takes the node or links after it.
 *
 * Context: inside lf_rcu_read_lock() (checked). Lock-free while memory
 * can be had.
 * Return: the node, or NULL if the queue was empty.
 */
struct lf_queue_node *lf_queue_dequeue(struct lf_queue *q)
{
	struct lf_queue_node *head, *next, *tail, *dummy = NULL;
	bool refill = false;

	lf_rcu_assert_read_locked("lf_queue_dequeue");

	/* Q6: acquire pairs with Q5 of the dequeue that installed @head. */
	head = lf_load_acquire(&q->head);
	for (;;) {
		/*
		 * Q2: acquire pairs with Q1: @next's contents are visible. A
		 * node that has left keeps ->next set for a grace period, so
		 * NULL means @head was the last node at this load.
		 */
		next = lf_load_acquire(&head->next);
		if (!next) {
			/* Relaxed: set before @head was published (Q1/Q5). */
			if (lf_read_once(head->dummy)) {
				head = NULL;		/* empty */
				break;
			}
			/* @head is real and the last node: link a dummy after it. */
			if (!dummy)
				dummy = lf_queue_get_dummy(q);
			if (!dummy) {
				/* No memory: retry (see the kernel-doc). */
				lf_spin_relax();
				/* Q6: acquire pairs with Q5. */
				head = lf_load_acquire(&q->head);
				continue;
			}
			/*
			 * Q1: release pairs with Q2: publishes the dummy. On
			 * failure someone linked after @head: loop and reload.
			 */
			if (!lf_try_cmpxchg_release(&head->next, &next, dummy))
				continue;
			next = dummy;
			dummy = NULL;
			refill = true;
			lf_pause_point("lf_queue_dequeue:after_dummy_link");
			/* Q3: release pairs with Q4: @head was the tail. */
			(void)lf_cmpxchg_release(&q->tail, head, next);
		}
		/*
		 * Q4: acquire pairs with Q3. Not older than the tail the
		 * installer of @head saw (Q6, or our own earlier accesses to
		 * q->tail and q->head), so the tail is at @head or beyond.
		 */
		tail = lf_load_acquire(&q->tail);
		if (tail == head) {
			/*
			 * The tail lags at the node that is about to leave:
			 * swing it first, so no tail (and no enqueuer that
			 * loads it after the head CAS) points at a node on
			 * its way to reclamation. Q3: release pairs with Q4;
			 * a failure means it moved past @head already.
			 */
			(void)lf_cmpxchg_release(&q->tail, head, next);
		}
		lf_pause_point("lf_queue_dequeue:after_load");
		/*
		 * Q5: release pairs with Q6 in the next dequeuer; orders our
		 * tail check (tail past @head) before the head moves. Inside
		 * the read-side section @head cannot have left and come back
		 * (it is reused only a grace period after it left): no ABA.
		 */
		if (lf_try_cmpxchg_release(&q->head, &head, next)) {
			/* Relaxed: set before @head was published (Q1/Q5). */
			if (!lf_read_once(head->dummy))
				break;
			/* A dummy left: free it after a grace period, go on. */
			lf_queue_dummy_free_rcu(head);
			head = next;
			continue;
		}
		/* The failed CAS reloaded @head unordered: Q6 again (pairs with Q5). */
		head = lf_load_acquire(&q->head);
	}
	if (dummy)			/* got one, then did not need it */
		lf_queue_put_spare(q, dummy);
	/* Relaxed: a hint; lf_queue_put_spare() settles races. */
	if (refill && !lf_read_once(q->spare)) {
		dummy = lf_queue_dummy_init(lf_kmalloc_atomic(sizeof(struct lf_queue_dummy)));
		if (dummy)
			lf_queue_put_spare(q, dummy);
	}
	return head;
}

LF_EXPORT(lf_queue_dequeue);

/**
 * lf_queue_empty() - is the queue empty right now?
 * @q: the queue
 *
 * A snapshot: true means a dequeue at that instant would have returned
 * NULL. Takes the read lock itself (nesting is fine). Provides no ordering.
 *
 * Context: any context that may use RCU (in userspace, a registered thread).
 * Return: true if no node was queued at the moment of the load.
 */
bool lf_queue_empty(struct lf_queue *q)
{
	struct lf_queue_node *head;
	bool empty;

	lf_rcu_read_lock();
	/* Q6: acquire pairs with Q5, so @head is safe to dereference. */
	head = lf_load_acquire(&q->head);
	/*
	 * Relaxed: ->next is compared with NULL only, never dereferenced;
	 * ->dummy was set before @head was published. A dummy is never
	 * linked after a dummy, so a dummy with a successor means "not empty".
	 */
	empty = lf_read_once(head->dummy) && !lf_read_once(head->next);
	lf_rcu_read_unlock();
	return empty;
}

LF_EXPORT(lf_queue_empty);
