/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Wait-free single-producer single-consumer ring of void *.
 *
 * Concurrency contract. One producer and one consumer at a time (the roles
 * may move between threads if the caller orders the hand-over, e.g. with a
 * lock or a release/acquire pair):
 *
 *               enqueue(_burst)  dequeue(_burst)/peek  count/empty/full/capacity
 *   producer    one at a time    yes                   yes
 *   consumer    yes              one at a time         yes
 *   anyone      no               no                    yes (a snapshot)
 *   init/destroy: no other operation may run
 *
 * Progress: every operation is wait-free (no loop depends on another
 * thread; bursts loop at most twice, once per side of the wrap).
 *
 * Contexts: any, IRQ/NMI and signal handlers included, as long as a
 * handler does not become a second producer or consumer of the same ring
 * while the interrupted one is inside an operation.
 *
 * Layout (as in the kernel's ptr_ring): the producer's fields, the
 * consumer's fields and the read-mostly fields each have their own cache
 * line. Each side keeps a private copy of the other side's index and
 * reloads the shared one only when its copy says "full" (producer) or
 * "empty" (consumer), so in steady state a side touches the other's line
 * once per lap rather than once per value.
 *
 * Indices: @tail counts values ever enqueued and @head values ever
 * dequeued; both run freely and wrap (unsigned arithmetic): tail - head is
 * the count. The array position of each is kept separately by its owner
 * (tail_pos, head_pos), so the capacity need not be a power of two.
 *
 * Capacity: any value from 1 to 2^20 (LF_SPSC_MAX_CAPACITY), exactly: the
 * ring holds that many values (one slot per value, no slot kept empty).
 * 0 and anything larger are -EINVAL. Memory: one pointer per value
 * (kvmalloc in-kernel) plus the three-cache-line struct.
 *
 * Memory ordering (labels as in the functions):
 *   P1 producer's release store of tail -> C1 consumer's acquire load of
 *      tail: the slot's value (and everything the producer wrote before)
 *      is visible to the consumer (message passing).
 *   C2 consumer's release store of head -> P2 producer's acquire load of
 *      head: the consumer's read of a slot happens before the producer
 *      overwrites it.
 */
#ifndef _LF_SPSC_H
#define _LF_SPSC_H

#include "atomic.h"
#include "compat.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LF_SPSC_MAX_CAPACITY	BIT(20)

/**
 * struct lf_spsc - wait-free SPSC ring
 * @tail: values ever enqueued; written by the producer (P1), read by anyone
 * @tail_pos: producer-private: slot the next value goes to (tail mod capacity)
 * @head_cache: producer-private: the last head the producer loaded
 * @head: values ever dequeued; written by the consumer (C2), read by anyone
 * @head_pos: consumer-private: slot of the oldest value
 * @tail_cache: consumer-private: the last tail the consumer loaded
 * @slots: the values (read-mostly pointer; the slots are handed over by
 *         P1/C1 and C2/P2)
 * @capacity: number of slots; 0 when not initialised
 */
struct lf_spsc {
	/* producer's line */
	__lf_cacheline_aligned unsigned long tail;
	unsigned long tail_pos;
	unsigned long head_cache;
	/* consumer's line */
	__lf_cacheline_aligned unsigned long head;
	unsigned long head_pos;
	unsigned long tail_cache;
	/* read-mostly */
	__lf_cacheline_aligned void **slots;
	unsigned int capacity;
};

int lf_spsc_init(struct lf_spsc *s, unsigned int capacity);
void lf_spsc_destroy(struct lf_spsc *s);
unsigned int lf_spsc_enqueue_burst(struct lf_spsc *s, void *const *v,
				   unsigned int n);
unsigned int lf_spsc_dequeue_burst(struct lf_spsc *s, void **v,
				   unsigned int n);

#ifdef LF_PAUSE_POINTS
/* Test builds only: lf_spsc_init() with head and tail starting at @start. */
int lf_spsc_init_at(struct lf_spsc *s, unsigned int capacity,
		    unsigned long start);
#endif

/**
 * lf_spsc_capacity() - how many values the ring holds when full
 * @s: an initialised ring
 *
 * Context: any.
 * Return: the capacity given to lf_spsc_init(), exactly.
 */
static inline unsigned int lf_spsc_capacity(const struct lf_spsc *s)
{
	return s->capacity;
}

/**
 * lf_spsc_enqueue() - append a value (producer only)
 * @s: the ring
 * @v: any value, NULL included
 *
 * Release: everything the producer wrote before is visible to the
 * consumer that dequeues @v.
 *
 * Context: any; the ring's one producer. Wait-free.
 * Return: 0, or -ENOSPC if the ring holds capacity values.
 */
static inline int lf_spsc_enqueue(struct lf_spsc *s, void *v)
{
	/* Relaxed: only this thread writes tail. */
	unsigned long tail = lf_read_once(s->tail);
	unsigned long pos = s->tail_pos;

	if (tail - s->head_cache >= s->capacity) {
		/* P2: acquire; pairs with C2, the slot we reuse has been read. */
		s->head_cache = lf_load_acquire(&s->head);
		if (tail - s->head_cache >= s->capacity)
			return -ENOSPC;
	}
	s->slots[pos] = v;	/* plain: the slot is ours until P1 */
	s->tail_pos = pos + 1 == s->capacity ? 0 : pos + 1;
	/* P1: release; pairs with C1 in the consumer. */
	lf_store_release(&s->tail, tail + 1);
	return 0;
}

/* Consumer side: is there a value? Refreshes the cached tail if needed. */
static inline bool __lf_spsc_available(struct lf_spsc *s, unsigned long head)
{
	if (head != s->tail_cache)
		return true;
	/* C1: acquire; pairs with P1, the slot's value is visible. */
	s->tail_cache = lf_load_acquire(&s->tail);
	return head != s->tail_cache;
}

/**
 * lf_spsc_dequeue() - take the oldest value (consumer only)
 * @s: the ring
 * @v: where to store it (untouched on failure)
 *
 * Acquire: the producer's writes before it enqueued the value are visible.
 *
 * Context: any; the ring's one consumer. Wait-free.
 * Return: 0, or -ENOENT if the ring is empty.
 */
static inline int lf_spsc_dequeue(struct lf_spsc *s, void **v)
{
	/* Relaxed: only this thread writes head. */
	unsigned long head = lf_read_once(s->head);
	unsigned long pos = s->head_pos;

	if (!__lf_spsc_available(s, head))
		return -ENOENT;
	*v = s->slots[pos];	/* plain: published by P1, ordered by C1 */
	s->head_pos = pos + 1 == s->capacity ? 0 : pos + 1;
	/* C2: release; our read of the slot happens before P2's reuse. */
	lf_store_release(&s->head, head + 1);
	return 0;
}

/**
 * lf_spsc_peek() - read the oldest value without taking it (consumer only)
 * @s: the ring
 * @v: where to store it (untouched on failure)
 *
 * The value stays queued; the next lf_spsc_dequeue() returns it.
 *
 * Context: any; the ring's one consumer. Wait-free.
 * Return: 0, or -ENOENT if the ring is empty.
 */
static inline int lf_spsc_peek(struct lf_spsc *s, void **v)
{
	unsigned long head = lf_read_once(s->head);

	if (!__lf_spsc_available(s, head))
		return -ENOENT;
	*v = s->slots[s->head_pos];
	return 0;
}

/**
 * lf_spsc_count() - how many values the ring holds
 * @s: the ring
 *
 * Exact when called by the producer or the consumer with the other side
 * idle; otherwise a snapshot, never above the capacity. Provides no
 * ordering for the caller.
 *
 * Context: any.
 * Return: 0 .. capacity.
 */
static inline unsigned int lf_spsc_count(const struct lf_spsc *s)
{
	/*
	 * Acquire on head orders the tail load after it, and the consumer
	 * set head from a tail it had loaded (C1 before C2), so the tail we
	 * load is at least head: the difference is never negative. Tail may
	 * run ahead of the head we saw: clamp.
	 */
	unsigned long head = lf_load_acquire(&s->head);
	unsigned long tail = lf_read_once(s->tail);
	unsigned long c = tail - head;

	return c > s->capacity ? s->capacity : (unsigned int)c;
}

/**
 * lf_spsc_empty() - does the ring hold no value?
 * @s: the ring
 *
 * Exact for the consumer (the next dequeue agrees unless the producer
 * enqueues in between); a snapshot for anyone else.
 *
 * Context: any.
 */
static inline bool lf_spsc_empty(const struct lf_spsc *s)
{
	return lf_spsc_count(s) == 0;
}

/**
 * lf_spsc_full() - does the ring hold capacity values?
 * @s: the ring
 *
 * Exact for the producer (the next enqueue agrees unless the consumer
 * dequeues in between); a snapshot for anyone else.
 *
 * Context: any.
 */
static inline bool lf_spsc_full(const struct lf_spsc *s)
{
	return lf_spsc_count(s) == s->capacity;
}

#ifdef __cplusplus
}
#endif

#endif /* _LF_SPSC_H */
