/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Unbounded intrusive MPMC FIFO queue: Michael & Scott's
 * lock-free queue (PODC 1996) in the "dequeue returns the old head" form
 * (as liburcu's rculfqueue), nodes reclaimed through RCU.
 *
 * Concurrency contract. "yes" means the two may run at the same time on
 * the same queue, from any CPUs/threads; no operation takes a lock.
 *
 *                   enqueue  dequeue  empty  init/destroy
 *   enqueue         yes      yes      yes    no
 *   dequeue         yes      yes      yes    no
 *   empty           yes      yes      yes    no
 *
 * Progress: enqueue is lock-free (a CAS fails only because another
 * operation made progress; a stalled enqueuer never blocks others: whoever
 * finds the tail lagging swings it forward). dequeue is lock-free as long
 * as memory can be had (see "Dummies" below); empty is wait-free.
 *
 * Contexts: enqueue and dequeue run inside lf_rcu_read_lock() (checked:
 * lockdep in-kernel, abort with a message in userspace); with that, any
 * context that may use RCU (in-kernel process, softirq or hard IRQ
 * context, not NMI: dequeue may call lf_call_rcu() and lf_kmalloc_atomic()).
 * empty takes the read lock itself. init (may sleep) and destroy need
 * process context and exclusive use of the queue.
 *
 * The node the caller gets: lf_queue_dequeue() returns the oldest node,
 * which has LEFT the structure when it is returned: neither the head, the
 * tail nor any node's ->next in the queue points at it any more. Only
 * concurrent operations that loaded it before it left (inside their
 * read-side sections) may still hold it. So the caller owns the whole
 * object at once, and may free it, or enqueue it again (onto any queue),
 * after a grace period: lf_call_rcu(), or lf_synchronize_rcu() then free.
 * That rule is also what makes the head CAS immune to ABA.
 *
 * Dummies: the head points at the oldest real node or at a dummy node the
 * queue owns. To take the last real node, a dequeue first links a fresh
 * dummy behind it. Dummies are the queue's business: init allocates the
 * first one and a spare; a dequeue that needs a dummy takes the spare and
 * refills it (lf_kmalloc_atomic(), after its head CAS); a dummy that leaves
 * the head is freed after a grace period (lf_call_rcu()). If the spare is
 * gone and the atomic allocation fails, that dequeue keeps retrying
 * (lf_spin_relax() between tries; another thread may take or follow the
 * node meanwhile) and never reports a non-empty queue as empty nor loses
 * a node: under persistent memory exhaustion it waits.
 *
 * Reclamation rule: a node leaves the structure only through a head CAS,
 * and only after the dequeuer has made sure the tail is not pointing at it
 * (it helps the tail forward first), so once it left, only RCU readers that
 * were already running can hold it. Dummies freed by the queue are
 * reclaimed with lf_call_rcu(): before unloading a module that uses lfkit
 * or checking for leaks, call lf_rcu_barrier() (lfkit's own module exit
 * and library teardown do).
 *
 * Memory ordering: everything the enqueuer wrote to the object before
 * lf_queue_enqueue() is visible to the thread that dequeues it (release CAS
 * of the link, acquire loads in dequeue). Per-producer FIFO; linearizable.
 */
#ifndef _LF_QUEUE_H
#define _LF_QUEUE_H

#include "atomic.h"
#include "compat.h"
#include "../rcu/rcu.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lf_queue_node - intrusive link, embedded in the caller's object
 * @next: the next node; set by the enqueuer that links after this node
 * @dummy: nonzero only in the queue's own dummies (0 in the caller's nodes)
 *
 * Both fields belong to the queue from lf_queue_enqueue() until the node
 * is returned by lf_queue_dequeue(); the caller never reads or writes them.
 */
struct lf_queue_node {
	struct lf_queue_node *next;
	int dummy;
};

/**
 * struct lf_queue - an unbounded lock-free MPMC queue
 * @head: the oldest real node, or a dummy in front of it (or alone: the
 *        queue is empty). Dequeuers CAS it. Its own cache line.
 * @spare: a dummy ready for the next dequeue that takes the last real
 *         node, or NULL; dequeuers exchange it. Shares @head's line.
 * @tail: the last node or, briefly, the one before it (an enqueuer has
 *        linked but not yet swung it). Enqueuers CAS it; dequeuers help
 *        it forward. Never behind @head. Its own cache line.
 *
 * Contains cache-line aligned members: static, automatic or kmalloc()ed
 * storage is fine; in userspace heap storage must come from an aligned
 * allocator (aligned_alloc(), posix_memalign()).
 */
struct lf_queue {
	__lf_cacheline_aligned struct lf_queue_node *head;
	struct lf_queue_node *spare;
	__lf_cacheline_aligned struct lf_queue_node *tail;
};

int lf_queue_init(struct lf_queue *q);
int lf_queue_destroy(struct lf_queue *q);
void lf_queue_enqueue(struct lf_queue *q, struct lf_queue_node *node);
struct lf_queue_node *lf_queue_dequeue(struct lf_queue *q);
bool lf_queue_empty(struct lf_queue *q);

/**
 * lf_queue_entry_or_null - the object containing a node, or NULL
 * @ptr: struct lf_queue_node pointer, evaluated once; may be NULL
 * @type: the containing type
 * @member: the name of the struct lf_queue_node within @type
 */
#define lf_queue_entry_or_null(ptr, type, member) ({			\
	struct lf_queue_node *__lf_n = (ptr);				\
	__lf_n ? container_of(__lf_n, type, member) : (type *)NULL;	\
})

#ifdef __cplusplus
}
#endif

#endif /* _LF_QUEUE_H */
