// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The bounded MPMC ring: two SCQ index rings and a value array
 * (see lf/ring.h for the design, the entry layout and the contract).
 *
 * Synchronisation edges:
 *   R1 scq_put_at(): fully ordered CAS that stores an index into an entry
 *   A1 scq_take_at(): acquire CAS that consumes it (reads from R1, or from
 *      a later RMW of the same entry: the IsSafe-clearing CAS M1, which
 *      continues R1's release sequence)
 *        aq: enqueue's plain write of data[i] -> R1 -> A1 -> dequeue's read
 *        fq: dequeue's plain read of data[i] -> R1 -> A1 -> next enqueue's
 *            write of data[i] (the slot is reused only after it was read)
 *   T1 scq_put_at() -> threshold reset: the reset is ordered after R1 (R1 is
 *      fully ordered), so no dequeuer can use up a fresh threshold before
 *      the value it was reset for is visible in its entry (Nikolaev's
 *      argument needs: insert, then reset)
 *   SC1 head/tail fetch-and-adds, catch-up CAS, entry marks (M1) and
 *   threshold decrements are fully ordered and pair with each other (one
 *   total order over the control words), as SCQ's proof assumes sequential
 *   consistency for them. On x86 each of these is one locked
 *   instruction whatever its order; on weaker CPUs they cost a barrier.
 *
 * data[] is accessed with plain loads and stores on purpose: it is payload,
 * ordered only by R1 -> A1. A missing edge then shows up as a data race in
 * TSan and KCSAN instead of hiding behind relaxed atomics.
 */
#include "ring.h"

/* Values moved per claim in the burst operations (a stack array of indices). */
#define LF_RING_BURST	16

/* Entries per cache line: rotate positions so that neighbours do not share one. */
#define LF_RING_LINE_SHIFT \
	(__builtin_ctz(LF_CACHELINE_BYTES) - __builtin_ctz(sizeof(unsigned long)))

enum scq_take {
	SCQ_TAKEN,	/* an index was consumed at this position */
	SCQ_MISSED,	/* no index here; keep searching */
	SCQ_EMPTY,	/* no index here and the ring is empty (or threshold spent) */
};

/* n, the number of indices; also the entry's "no index" bit. */
static __always_inline unsigned long scq_n(const struct lf_ring *r)
{
	return 1UL << r->order;
}

/* The IsSafe bit. */
static __always_inline unsigned long scq_safe(const struct lf_ring *r)
{
	return 2UL << r->order;
}

/* The cycle of position @p, in place (bits k+2 and up), low bits clear. */
static __always_inline unsigned long scq_cycle(const struct lf_ring *r,
					       unsigned long p)
{
	return (p << 1) & ~((4UL << r->order) - 1);
}

/* The entry of position @p: p mod 2n, rotated so neighbours use different lines. */
static __always_inline unsigned long scq_slot(const struct lf_ring *r,
					      unsigned long p)
{
	unsigned int bits = r->order + 1;
	unsigned long mask = (1UL << bits) - 1, j = p & mask;

	return (j >> r->remap) | ((j << (bits - r->remap)) & mask);
}

/* Wrap-safe "a is before b" on counters and on cycles. */
static __always_inline bool scq_before(unsigned long a, unsigned long b)
{
	return (long)(a - b) < 0;
}

/*
 * Head and tail take both fetch-and-add and (for the catch-up) a CAS:
 * the counter's try_cmpxchg, on unsigned positions.
 */
static __always_inline bool scq_counter_try_cmpxchg(lf_atomic_long_t *v,
						    unsigned long *old,
						    unsigned long new)
{
	long o = (long)*old;
	/* SC1: fully ordered, as SCQ's control words must be. */
	bool ok = lf_atomic_long_try_cmpxchg(v, &o, (long)new);

	*old = (unsigned long)o;
	return ok;
}

/* tail < head: move tail up to head so enqueuers skip abandoned positions. */
static void scq_catchup(struct lf_ring_scq *q, unsigned long tail,
			unsigned long head)
{
	while (!scq_counter_try_cmpxchg(&q->tail, &tail, head)) {
		/* A failed CAS reloaded @tail; reload head too. */
		head = (unsigned long)lf_atomic_long_read(&q->head);
		if (!scq_before(tail, head))
			return;
	}
	/* Positions [tail, head) will never hold a value: count them as waste. */
	lf_atomic_long_add((long)(head - tail), &q->waste);
}

/*
 * Try to store index @idx at position @t. Fails (the caller takes another
 * position) if the entry belongs to this or a later cycle already (a
 * dequeuer of position t passed it), still holds a value of an earlier
 * cycle, or is unsafe while a dequeuer may have passed position t.
 */
static __always_inline bool scq_put_at(const struct lf_ring *r,
				       struct lf_ring_scq *q,
				       unsigned long *ent, unsigned long t,
				       unsigned long idx)
{
	const unsigned long n = scq_n(r), safe = scq_safe(r);
	unsigned long *e = &ent[scq_slot(r, t)];
	unsigned long tc = scq_cycle(r, t);
	/* Relaxed: every decision below is confirmed by the CAS on *e. */
	unsigned long v = lf_read_once(*e);

	for (;;) {
		if (!scq_before(v & ~((n << 2) - 1), tc) || !(v & n))
			return false;
		/* Relaxed: head only grows; a stale value errs towards failing. */
		if (!(v & safe) &&
		    scq_before(t, (unsigned long)lf_atomic_long_read(&q->head)))
			return false;
		/*
		 * R1: fully ordered. Release half: publishes the enqueuer's
		 * write of data[idx] (aq) or the dequeuer's read of it (fq);
		 * pairs with A1 in scq_take_at(). Full half: T1, the threshold
		 * reset below is not visible before this entry is.
		 */
		if (lf_try_cmpxchg(e, &v, tc | safe | idx))
			return true;
		/* @v was reloaded (unordered); decide again. */
	}
}

/*
 * Store @cnt indices, in order, at consecutive successful positions. One
 * fetch-and-add claims a position for each index still to store; a failed
 * position is skipped and the indices after it move to the next ones, so
 * their order is kept.
 */
static __always_inline void scq_enqueue(const struct lf_ring *r,
					struct lf_ring_scq *q,
					unsigned long *ent,
					const unsigned long *idx,
					unsigned int cnt, const char *pause)
{
	const long threshold = 3 * (long)scq_n(r) - 1;
	unsigned int i = 0;

	while (i < cnt) {
		unsigned int k, m = cnt - i;
		/* SC1: fully ordered, as SCQ's control words must be. */
		unsigned long t = (unsigned long)lf_atomic_long_fetch_add(m, &q->tail);

		lf_pause_point(pause);
		for (k = 0; k < m; k++, t++) {
			if (!scq_put_at(r, q, ent, t, idx[i])) {
				lf_atomic_long_inc(&q->waste);
				continue;
			}
			i++;
			/* T1: after R1. Reading first keeps the line shared. */
			if (lf_atomic_long_read(&q->threshold) != threshold)
				lf_atomic_long_set(&q->threshold, threshold);
		}
	}
}

/*
 * Dequeue at position @h: consume the index of @h's cycle if it is there;
 * otherwise mark the entry so that no enqueuer of @h's cycle fills it (an
 * empty entry moves to @h's cycle; an entry still holding an older value
 * loses IsSafe) and report whether to keep searching.
 */
static __always_inline enum scq_take scq_take_at(const struct lf_ring *r,
						 struct lf_ring_scq *q,
						 unsigned long *ent,
						 unsigned long h,
						 unsigned long *idx)
{
	const unsigned long n = scq_n(r), safe = scq_safe(r);
	unsigned long *e = &ent[scq_slot(r, h)];
	unsigned long hc = scq_cycle(r, h), v, nv, t;

	/* Relaxed: a consume is confirmed by A1, a mark by M1. */
	v = lf_read_once(*e);
	for (;;) {
		unsigned long vc = v & ~((n << 2) - 1);

		if (vc == hc && !(v & n)) {
			/*
			 * A1: acquire; pairs with R1 of the enqueue that stored
			 * this index, so its data[] write (aq) or the previous
			 * reader's data[] read (fq) happens before ours. Only
			 * the IsSafe bit can change under us, so this retries
			 * at most once.
			 */
			if (lf_try_cmpxchg_acquire(e, &v, v | n)) {
				*idx = v & (n - 1);
				return SCQ_TAKEN;
			}
			continue;
		}
		if (!scq_before(vc, hc))
			break;		/* a later cycle already: we lag */
		if (v & n) {
			nv = hc | (v & safe) | n;
		} else {
			nv = v & ~safe;
			if (nv == v)
				break;	/* already unsafe */
		}
		/* M1 (SC1): fully ordered; reloads @v on failure. */
		if (lf_try_cmpxchg(e, &v, nv))
			break;
	}

	/* A failed position: one less than tail - head suggests. */
	lf_atomic_long_dec(&q->waste);
	t = (unsigned long)lf_atomic_long_read(&q->tail);
	if (!scq_before(h + 1, t)) {
		scq_catchup(q, t, h + 1);
		/* SC1: fully ordered threshold decrement. */
		(void)lf_atomic_long_fetch_sub(1, &q->threshold);
		return SCQ_EMPTY;
	}
	/* SC1: fully ordered threshold decrement. */
	if (lf_atomic_long_fetch_sub(1, &q->threshold) <= 0)
		return SCQ_EMPTY;
	return SCQ_MISSED;
}

/*
 * Take up to @want indices, in FIFO order. One fetch-and-add claims a
 * position per index still wanted; every claimed position is processed
 * (consumed or marked), even after the ring was found empty, because an
 * unmarked claimed position could later receive a value nobody would
 * dequeue. Claiming several positions at once is the same as that many
 * dequeuers claiming one each back to back, which SCQ allows.
 */
static __always_inline unsigned int scq_dequeue(const struct lf_ring *r,
						struct lf_ring_scq *q,
						unsigned long *ent,
						unsigned long *idx,
						unsigned int want,
						const char *pause)
{
	unsigned int got = 0;

	/*
	 * Relaxed: a negative threshold means the ring was empty when it was
	 * written (Nikolaev, Lemma on the threshold); the result is a snapshot.
	 */
	if (lf_atomic_long_read(&q->threshold) < 0)
		return 0;
	while (got < want) {
		unsigned int k, m = want - got;
		/* SC1: fully ordered, as SCQ's control words must be. */
		unsigned long h = (unsigned long)lf_atomic_long_fetch_add(m, &q->head);
		bool empty = false;

		lf_pause_point(pause);
		for (k = 0; k < m; k++, h++) {
			switch (scq_take_at(r, q, ent, h, &idx[got])) {
			case SCQ_TAKEN:
				got++;
				break;
			case SCQ_EMPTY:
				empty = true;
				break;
			case SCQ_MISSED:
				break;
			}
		}
		if (empty)
			break;
	}
	return got;
}

static int ring_init(struct lf_ring *r, unsigned int capacity,
		     unsigned long start)
{
	unsigned long n, i, empty_entry, *mem;
	unsigned int order, bits, data_remap;

	if (capacity < 2 || capacity > LF_RING_MAX_CAPACITY ||
	    (capacity & (capacity - 1)))
		return -EINVAL;
	order = __builtin_ctz(capacity);
	n = capacity;
	mem = lf_kvzalloc(4 * n * sizeof(unsigned long) + n * sizeof(void *));
	if (!mem)
		return -ENOMEM;

	r->order = order;
	bits = order + 1;
	r->remap = bits > LF_RING_LINE_SHIFT ? bits - LF_RING_LINE_SHIFT : 0;
	r->aq_entries = mem;
	r->fq_entries = mem + 2 * n;
	r->data = (void **)(mem + 4 * n);

	/* Every entry empty, safe, one cycle before the first position. */
	empty_entry = (scq_cycle(r, start) - (4UL << order)) | scq_safe(r) | n;
	for (i = 0; i < 2 * n; i++) {
		r->aq_entries[i] = empty_entry;
		r->fq_entries[i] = empty_entry;
	}
	/*
	 * fq starts full: positions start .. start+n-1 hold every slot index,
	 * rotated like the entries so consecutive values use different lines.
	 */
	data_remap = order > LF_RING_LINE_SHIFT ? order - LF_RING_LINE_SHIFT : 0;
	for (i = 0; i < n; i++) {
		unsigned long d = (i >> data_remap) |
				  ((i << (order - data_remap)) & (n - 1));

		r->fq_entries[scq_slot(r, start + i)] =
			scq_cycle(r, start + i) | scq_safe(r) | d;
	}
	lf_atomic_long_set(&r->aq.head, (long)start);
	lf_atomic_long_set(&r->aq.tail, (long)start);
	lf_atomic_long_set(&r->aq.threshold, -1);
	lf_atomic_long_set(&r->aq.waste, 0);
	lf_atomic_long_set(&r->fq.head, (long)start);
	lf_atomic_long_set(&r->fq.tail, (long)(start + n));
	lf_atomic_long_set(&r->fq.threshold, 3 * (long)n - 1);
	lf_atomic_long_set(&r->fq.waste, 0);
	return 0;
}

/**
 * lf_ring_init() - allocate and initialise an empty ring
 * @r: the ring
 * @capacity: how many values it holds: a power of two, 2 .. 2^20
 *
 * A ring that failed to initialise needs no lf_ring_destroy(); a destroyed
 * ring may be initialised again.
 *
 * Context: process context (may sleep: kvmalloc in-kernel).
 * Return: 0; -EINVAL for any other capacity (nothing allocated); -ENOMEM.
 */
int lf_ring_init(struct lf_ring *r, unsigned int capacity)
{
	return ring_init(r, capacity, 0);
}

LF_EXPORT(lf_ring_init);

#ifdef LF_PAUSE_POINTS
int lf_ring_init_at(struct lf_ring *r, unsigned int capacity,
		    unsigned long start)
{
	return ring_init(r, capacity, start);
}

LF_EXPORT(lf_ring_init_at);
#endif

/**
 * lf_ring_destroy() - free a ring's memory
 * @r: an initialised ring, no longer in use by any thread
 *
 * Values still in the ring are dropped (they are the caller's pointers).
 *
 * Context: process context.
 */
void lf_ring_destroy(struct lf_ring *r)
{
	lf_kvfree(r->aq_entries);
	r->aq_entries = NULL;
	r->fq_entries = NULL;
	r->data = NULL;
	r->order = 0;
}

LF_EXPORT(lf_ring_destroy);

/**
 * lf_ring_enqueue() - append a value
 * @r: the ring
 * @v: any value, NULL included
 *
 * Everything the caller wrote before the call is visible to the thread
 * that dequeues @v (release; pairs with the acquire in the dequeue).
 *
 * Context: any, IRQ and NMI included. Lock-free.
 * Return: 0, or -ENOSPC if the ring is full (see "capacity" in lf/ring.h
 * for operations in flight).
 */
int lf_ring_enqueue(struct lf_ring *r, void *v)
{
	unsigned long i;

	if (!scq_dequeue(r, &r->fq, r->fq_entries, &i, 1,
			 "lf_ring_enqueue:after_free_head_faa"))
		return -ENOSPC;
	/* Plain: slot i is ours (A1 on fq) until R1 on aq publishes it. */
	r->data[i] = v;
	scq_enqueue(r, &r->aq, r->aq_entries, &i, 1,
		    "lf_ring_enqueue:after_tail_faa");
	return 0;
}

LF_EXPORT(lf_ring_enqueue);

/**
 * lf_ring_dequeue() - take the oldest value
 * @r: the ring
 * @v: where to store it (untouched on failure)
 *
 * Acquire: the enqueuer's writes before lf_ring_enqueue() are visible.
 *
 * Context: any, IRQ and NMI included. Lock-free.
 * Return: 0, or -ENOENT if the ring is empty.
 */
int lf_ring_dequeue(struct lf_ring *r, void **v)
{
	unsigned long i;

	if (!scq_dequeue(r, &r->aq, r->aq_entries, &i, 1,
			 "lf_ring_dequeue:after_head_faa"))
		return -ENOENT;
	/* Plain: A1 on aq made the enqueuer's write visible; slot i is ours. */
	*v = r->data[i];
	scq_enqueue(r, &r->fq, r->fq_entries, &i, 1,
		    "lf_ring_dequeue:after_free_tail_faa");
	return 0;
}

LF_EXPORT(lf_ring_dequeue);

static __always_inline unsigned int ring_burst_chunk(const struct lf_ring *r,
						     unsigned int left)
{
	unsigned int chunk = lf_ring_capacity(r);

	if (chunk > LF_RING_BURST)
		chunk = LF_RING_BURST;
	return left < chunk ? left : chunk;
}

/**
 * lf_ring_enqueue_burst() - append up to @n values, in order
 * @r: the ring
 * @v: the values
 * @n: how many
 *
 * Moves as many as fit: a prefix of @v, in order, and stops at the first
 * one that does not fit. Claims positions for up to 16 values with one
 * fetch-and-add on each index ring. Not atomic: other producers' values
 * may interleave. Ordering as lf_ring_enqueue() for each value.
 *
 * Context: any, IRQ and NMI included. Lock-free.
 * Return: how many values were enqueued (v[0] .. v[ret - 1]).
 */
unsigned int lf_ring_enqueue_burst(struct lf_ring *r, void *const *v,
				   unsigned int n)
{
	unsigned long idx[LF_RING_BURST];
	unsigned int done = 0;

	while (done < n) {
		unsigned int k, got, want = ring_burst_chunk(r, n - done);

		got = scq_dequeue(r, &r->fq, r->fq_entries, idx, want,
				  "lf_ring_enqueue:after_free_head_faa");
		for (k = 0; k < got; k++)
			r->data[idx[k]] = v[done + k];	/* as in lf_ring_enqueue() */
		scq_enqueue(r, &r->aq, r->aq_entries, idx, got,
			    "lf_ring_enqueue:after_tail_faa");
		done += got;
		if (got < want)
			break;
	}
	return done;
}

LF_EXPORT(lf_ring_enqueue_burst);

/**
 * lf_ring_dequeue_burst() - take up to @n values, oldest first
 * @r: the ring
 * @v: where to store them
 * @n: how many at most
 *
 * Takes as many as there are, up to @n, into v[0] .. v[ret - 1] in FIFO
 * order; the rest of @v is untouched. Ordering as lf_ring_dequeue().
 *
 * Context: any, IRQ and NMI included. Lock-free.
 * Return: how many values were dequeued.
 */
unsigned int lf_ring_dequeue_burst(struct lf_ring *r, void **v,
				   unsigned int n)
{
	unsigned long idx[LF_RING_BURST];
	unsigned int done = 0;

	while (done < n) {
		unsigned int k, got, want = ring_burst_chunk(r, n - done);

		got = scq_dequeue(r, &r->aq, r->aq_entries, idx, want,
				  "lf_ring_dequeue:after_head_faa");
		for (k = 0; k < got; k++)
			v[done + k] = r->data[idx[k]];	/* as in lf_ring_dequeue() */
		scq_enqueue(r, &r->fq, r->fq_entries, idx, got,
			    "lf_ring_dequeue:after_free_tail_faa");
		done += got;
		if (got < want)
			break;
	}
	return done;
}

LF_EXPORT(lf_ring_dequeue_burst);

/**
 * lf_ring_count() - how many values the ring holds
 * @r: the ring
 *
 * aq's tail - head - waste. Exact when no operation is in flight; under
 * concurrency a snapshot assembled from three loads, clamped to
 * 0 .. lf_ring_capacity() so it is never out of range. A value claimed by
 * a dequeuer that has not finished is no longer counted; an enqueue that
 * has claimed its position (tail) but not yet stored its index is counted
 * already. Provides no ordering.
 *
 * Context: any.
 * Return: the number of values, 0 .. capacity.
 */
unsigned int lf_ring_count(const struct lf_ring *r)
{
	/* Relaxed: an approximate snapshot; see above. */
	unsigned long w = (unsigned long)lf_atomic_long_read(&r->aq.waste);
	unsigned long h = (unsigned long)lf_atomic_long_read(&r->aq.head);
	unsigned long t;
	long c;

	/* Tail may run far ahead of the head just read: hence the clamp. */
	lf_pause_point("lf_ring_count:after_head_load");
	t = (unsigned long)lf_atomic_long_read(&r->aq.tail);
	c = (long)(t - h - w);

	if (c <= 0)
		return 0;
	if (c >= (long)lf_ring_capacity(r))
		return lf_ring_capacity(r);
	return (unsigned int)c;
}

LF_EXPORT(lf_ring_count);
