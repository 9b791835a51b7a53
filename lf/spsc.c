// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Allocation and burst operations of the SPSC ring
 * (see lf/spsc.h for the contract and the P1/C1, C2/P2 edges).
 */
#include "spsc.h"

static int spsc_init(struct lf_spsc *s, unsigned int capacity,
		     unsigned long start)
{
	void **slots;

	if (capacity < 1 || capacity > LF_SPSC_MAX_CAPACITY)
		return -EINVAL;
	slots = lf_kvzalloc((size_t)capacity * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	s->slots = slots;
	s->capacity = capacity;
	lf_write_once(s->tail, start);
	s->tail_pos = 0;
	s->head_cache = start;
	lf_write_once(s->head, start);
	s->head_pos = 0;
	s->tail_cache = start;
	return 0;
}

/**
 * lf_spsc_init() - allocate and initialise an empty ring
 * @s: the ring
 * @capacity: how many values it holds, exactly: 1 .. 2^20, any value
 *
 * A ring that failed to initialise needs no lf_spsc_destroy(); a destroyed
 * ring may be initialised again.
 *
 * Context: process context (may sleep: kvmalloc in-kernel).
 * Return: 0, -EINVAL (capacity 0 or above 2^20; nothing allocated), -ENOMEM.
 */
int lf_spsc_init(struct lf_spsc *s, unsigned int capacity)
{
	return spsc_init(s, capacity, 0);
}

LF_EXPORT(lf_spsc_init);

#ifdef LF_PAUSE_POINTS
int lf_spsc_init_at(struct lf_spsc *s, unsigned int capacity,
		    unsigned long start)
{
	return spsc_init(s, capacity, start);
}

LF_EXPORT(lf_spsc_init_at);
#endif

/**
 * lf_spsc_destroy() - free a ring's memory
 * @s: an initialised ring that no thread uses any more
 *
 * Values still queued are dropped (they are the caller's pointers).
 *
 * Context: process context.
 */
void lf_spsc_destroy(struct lf_spsc *s)
{
	lf_kvfree(s->slots);
	s->slots = NULL;
	s->capacity = 0;
}

LF_EXPORT(lf_spsc_destroy);

/**
 * lf_spsc_enqueue_burst() - append up to @n values (producer only)
 * @s: the ring
 * @v: the values
 * @n: how many
 *
 * Moves as many as fit, a prefix of @v in order, and publishes them with
 * one release store (P1), after which the consumer sees all of them.
 *
 * Context: any; the ring's one producer. Wait-free.
 * Return: how many were enqueued.
 */
unsigned int lf_spsc_enqueue_burst(struct lf_spsc *s, void *const *v,
				   unsigned int n)
{
	unsigned long tail = lf_read_once(s->tail);	/* we are its only writer */
	unsigned long pos = s->tail_pos, room;
	unsigned int done = 0;

	room = s->capacity - (tail - s->head_cache);
	if (room < n) {
		/* P2: acquire; pairs with C2, the slots we reuse have been read. */
		s->head_cache = lf_load_acquire(&s->head);
		room = s->capacity - (tail - s->head_cache);
	}
	if (n > room)
		n = room;
	while (done < n) {	/* at most twice: up to the end, then from 0 */
		unsigned long k = s->capacity - pos;

		if (k > n - done)
			k = n - done;
		memcpy(&s->slots[pos], &v[done], k * sizeof(*v));
		done += k;
		pos += k;
		if (pos == s->capacity)
			pos = 0;
	}
	s->tail_pos = pos;
	if (done)
		/* P1: release; pairs with C1 in the consumer. */
		lf_store_release(&s->tail, tail + done);
	return done;
}

LF_EXPORT(lf_spsc_enqueue_burst);

/**
 * lf_spsc_dequeue_burst() - take up to @n values, oldest first (consumer only)
 * @s: the ring
 * @v: where to store them; v[ret] .. v[n - 1] are untouched
 * @n: how many at most
 *
 * Context: any; the ring's one consumer. Wait-free.
 * Return: how many were dequeued.
 */
unsigned int lf_spsc_dequeue_burst(struct lf_spsc *s, void **v,
				   unsigned int n)
{
	unsigned long head = lf_read_once(s->head);	/* we are its only writer */
	unsigned long pos = s->head_pos, avail;
	unsigned int done = 0;

	avail = s->tail_cache - head;
	if (avail < n) {
		/* C1: acquire; pairs with P1, the slots' values are visible. */
		s->tail_cache = lf_load_acquire(&s->tail);
		avail = s->tail_cache - head;
	}
	if (n > avail)
		n = avail;
	while (done < n) {	/* at most twice */
		unsigned long k = s->capacity - pos;

		if (k > n - done)
			k = n - done;
		memcpy(&v[done], &s->slots[pos], k * sizeof(*v));
		done += k;
		pos += k;
		if (pos == s->capacity)
			pos = 0;
	}
	s->head_pos = pos;
	if (done)
		/* C2: release; our reads happen before the producer's reuse. */
		lf_store_release(&s->head, head + done);
	return done;
}

LF_EXPORT(lf_spsc_dequeue_burst);
