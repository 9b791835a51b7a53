/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Bounded MPMC ring of void * values, strictly lock-free, with
 * head and tail advanced by fetch-and-add (SCQ, Nikolaev, "A Scalable,
 * Portable, and Memory-Efficient Lock-Free FIFO Queue", DISC 2019).
 *
 * Concurrency contract. "yes": may run at the same time on the same ring,
 * from any number of CPUs/threads. No operation takes a lock.
 *
 *                   enqueue(_burst)  dequeue(_burst)  count/empty/full
 *   enqueue(_burst) yes              yes              yes
 *   dequeue(_burst) yes              yes              yes
 *   init/destroy    no: the caller excludes every other operation
 *
 * Contexts: every operation but init/destroy may run in any context,
 * IRQ and NMI included (kernel), signal handlers included (userspace): no
 * RCU, no sleeping, no allocation. A handler that interrupts an operation
 * on the same ring cannot deadlock (nothing waits), but while it runs the
 * interrupted operation holds one slot (see "capacity" below).
 *
 * Progress: enqueue and dequeue are lock-free: a thread stopped at any
 * instruction never makes another operation wait or spin; each shared
 * index advances by one fetch-and-add per attempt, and an attempt fails
 * only because another operation made progress. The threshold (below)
 * bounds how long a dequeue can search an empty ring, which is what makes
 * SCQ livelock-free. count/empty/full/capacity are wait-free.
 *
 * Design. Two SCQ rings of indices, each with 2n entries for capacity n,
 * and an array of n value slots:
 *
 *   fq  (free queue)       indices of empty slots; starts holding 0..n-1
 *   aq  (allocated queue)  indices of slots holding values, in FIFO order
 *   data[n]                the values
 *
 *   enqueue(v): i = fq.dequeue(); data[i] = v; aq.enqueue(i)
 *   dequeue():  i = aq.dequeue(); v = data[i]; fq.enqueue(i)
 *
 * SCQ stores indices, not pointers, so its entries can pack a cycle number,
 * an IsSafe bit and an index into one word and be updated with single-width
 * CAS; the value itself travels through data[]. Any void * can be stored,
 * NULL included, and the capacity is exactly n. An SCQ entry (unsigned
 * long, for a ring of order k, n = 2^k, 2n = 2^(k+1) entries):
 *
 *   bits 0..k     index (0..n-1); bit k set means "no index" (empty)
 *   bit  k+1      IsSafe: clear when a dequeuer of a later cycle passed this
 *                 entry while it still held an older value; an empty unsafe
 *                 entry may take a value only if no dequeuer has passed
 *                 the enqueuer's position yet (head <= tail)
 *   bits k+2..    cycle: the position's bits above k, i.e. which lap of
 *                 the ring wrote the entry
 *
 * A position p (a value of the free-running head/tail counters) lives in
 * entry remap(p mod 2n) with cycle p >> (k+1). Positions advance by
 * fetch-and-add; an enqueuer whose entry is unusable (a dequeuer of its
 * cycle already passed it, or it still holds a value from a lagging
 * earlier cycle) just takes the next position, and a dequeuer that finds no
 * value of its own cycle marks the entry so that a late enqueuer cannot
 * fill it, and moves on. No one waits for anyone.
 *
 * Threshold: a dequeuer that fails at a position decrements the ring's
 * threshold; a successful enqueue resets it to 3n-1. Nikolaev shows that a
 * value in the ring is found within 3n-1 failed positions, so a negative
 * threshold means "empty" and dequeuers stop searching (no livelock of
 * dequeuers chasing enqueuers). When a dequeuer finds head past tail it
 * moves tail up to head (catch-up) so enqueuers skip positions that
 * dequeuers have already abandoned.
 *
 * Memory ordering (labels as in lf/ring.c):
 *   R1 fully ordered CAS that puts an index into an SCQ entry
 *   A1 acquire CAS that takes it out. For aq, R1 -> A1 publishes data[i]
 *      written by the enqueuer to the dequeuer (message passing). For fq,
 *      R1 -> A1 orders the dequeuer's read of data[i] before the next
 *      enqueuer's write to it (no write-after-read race).
 *   Everything an enqueuer wrote before lf_ring_enqueue() is visible to the
 *   thread that dequeues the value (release/acquire, as for a lock).
 *
 * Capacity: lf_ring_capacity() values fit, exactly: when no operation is in
 * flight, enqueue fails with -ENOSPC only if the ring holds capacity
 * values, and dequeue fails with -ENOENT only if it holds none. While
 * operations are in flight, a slot of data[] belongs to exactly one of: the
 * free queue, a value in the ring, an enqueue between taking the slot and
 * publishing its index, or a dequeue between taking its value and giving
 * the slot back. So while k operations are stopped inside those windows, an
 * enqueue may report -ENOSPC with as few as capacity - k values queued (the
 * one spurious "full" this design has; it ends when they resume). A dequeue
 * never reports -ENOENT while a value is available to it: a value whose
 * position a stopped dequeuer has already claimed counts as dequeued by
 * that dequeuer (and count() no longer counts it), and it is that
 * dequeuer's result when it resumes.
 *
 * Memory: 2 x 2n entries of unsigned long plus n pointers, i.e. 5n words
 * (40 MiB on 64-bit for n = 2^20), one lf_kvzalloc(); the struct itself is
 * seven cache lines.
 *
 * 64-bit only: the cycle field must not wrap while a stopped thread still
 * holds an old position. With a 64-bit word it wraps every 2^63 positions;
 * on 32-bit it would wrap every 2^31 positions, a few seconds of traffic,
 * and a preempted thread could then corrupt the ring. So a 32-bit build is
 * a build error rather than a rare silent failure.
 */
#ifndef _LF_RING_H
#define _LF_RING_H

#include "atomic.h"
#include "compat.h"

#if __SIZEOF_LONG__ < 8
#error "lfkit's ring needs a 64-bit unsigned long (SCQ cycle field; see the header comment)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Largest capacity lf_ring_init() accepts (power of two). */
#define LF_RING_MAX_ORDER	20
#define LF_RING_MAX_CAPACITY	BIT(LF_RING_MAX_ORDER)

/**
 * struct lf_ring_scq - one SCQ ring of indices (internal to struct lf_ring)
 * @head: next position to dequeue from; fetch-and-add by dequeuers
 * @tail: next position to enqueue at; fetch-and-add by enqueuers,
 *        compare-and-swap forward by a dequeuer that found head past it
 * @threshold: failed dequeue positions left before "empty"; -1 when empty,
 *             reset to 3n-1 by every successful enqueue
 * @waste: positions between head and tail that hold no value (enqueue
 *         attempts that failed, minus dequeue attempts that failed, plus
 *         positions tail skipped in a catch-up); only failure paths touch
 *         it, so that count() = tail - head - waste is exact at rest
 *
 * @head is written by consumers and @tail by producers (for aq; the other
 * way round for fq), so each has its own cache line; @threshold and @waste
 * are written by both, rarely, and share a third.
 */
struct lf_ring_scq {
	__lf_cacheline_aligned lf_atomic_long_t head;
	__lf_cacheline_aligned lf_atomic_long_t tail;
	__lf_cacheline_aligned lf_atomic_long_t threshold;
	lf_atomic_long_t waste;
};

/**
 * struct lf_ring - bounded lock-free MPMC ring of void * values
 * @aq: indices of data[] slots holding values, FIFO (producers enqueue,
 *      consumers dequeue)
 * @fq: indices of free data[] slots (consumers enqueue, producers dequeue)
 * @aq_entries: aq's 2n entries (read-mostly pointer)
 * @fq_entries: fq's 2n entries
 * @data: the n value slots; data[i] is written only by the enqueue that
 *        took i from fq and read only by the dequeue that took i from aq
 * @order: log2 of the capacity; 0 when not initialised
 * @remap: rotate count that spreads consecutive positions over cache lines
 */
struct lf_ring {
	struct lf_ring_scq aq;
	struct lf_ring_scq fq;
	__lf_cacheline_aligned unsigned long *aq_entries;
	unsigned long *fq_entries;
	void **data;
	unsigned int order;
	unsigned int remap;
};

int lf_ring_init(struct lf_ring *r, unsigned int capacity);
void lf_ring_destroy(struct lf_ring *r);
int lf_ring_enqueue(struct lf_ring *r, void *v);
int lf_ring_dequeue(struct lf_ring *r, void **v);
unsigned int lf_ring_enqueue_burst(struct lf_ring *r, void *const *v,
				   unsigned int n);
unsigned int lf_ring_dequeue_burst(struct lf_ring *r, void **v,
				   unsigned int n);
unsigned int lf_ring_count(const struct lf_ring *r);

#ifdef LF_PAUSE_POINTS
/*
 * Test builds only: like lf_ring_init(), with both index rings' head and
 * tail starting at @start instead of 0, so that a test can run laps
 * across the wrap of the counters (and of the entries' cycle field).
 */
int lf_ring_init_at(struct lf_ring *r, unsigned int capacity,
		    unsigned long start);
#endif

/**
 * lf_ring_capacity() - how many values the ring holds when full
 * @r: an initialised ring
 *
 * Context: any.
 * Return: the capacity given to lf_ring_init(), exactly.
 */
static inline unsigned int lf_ring_capacity(const struct lf_ring *r)
{
	return 1u << r->order;
}

/**
 * lf_ring_empty() - does the ring hold no value?
 * @r: the ring
 *
 * Same as lf_ring_count() == 0: a snapshot under concurrency; at rest,
 * true exactly when the next lf_ring_dequeue() would return -ENOENT.
 *
 * Context: any.
 */
static inline bool lf_ring_empty(const struct lf_ring *r)
{
	return lf_ring_count(r) == 0;
}

/**
 * lf_ring_full() - does the ring hold lf_ring_capacity() values?
 * @r: the ring
 *
 * Same as lf_ring_count() == lf_ring_capacity(): a snapshot under
 * concurrency; at rest, true exactly when the next lf_ring_enqueue() would
 * return -ENOSPC.
 *
 * Context: any.
 */
static inline bool lf_ring_full(const struct lf_ring *r)
{
	return lf_ring_count(r) == lf_ring_capacity(r);
}

#ifdef __cplusplus
}
#endif

#endif /* _LF_RING_H */
