// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/ring.h (bounded MPMC ring, SCQ),
 * in-kernel (KUnit) and in userspace (the KUnit shim), from this one file.
 *
 * Tiers (TESTING.md): 1 contract: the capacity table (with an allocation
 * counter in userspace), allocation failure, re-init, every operation
 * variant checked against a plain FIFO model with count/empty/full checked
 * against the next operation before every step, and a burst sweep (every
 * start offset x values present x values requested, canaries around the
 * caller's array) of the fast bursts against the single-operation loop;
 * 2 wraparound: laps with both index rings' counters started just below
 * 2^63 (where the entries' cycle field wraps) and 2^64; 3 pause points:
 * an enqueuer parked after its tail fetch-and-add, a dequeuer parked after
 * its head fetch-and-add, a dequeuer parked before giving its slot back
 * (the documented spurious "full"); 4 stress with conservation: tagged
 * values (producer, seq), exactly once, per-producer FIFO per consumer, a
 * monitor asserting count() <= capacity(), a watchdog, 1..16 threads;
 * layout: producer- and consumer-written words on different cache lines.
 */
#include "lf_kunit.h"
#include "../lf/ring.h"
#include "../lf/pause.h"

static void *to_ptr(unsigned long x)
{
	return (void *)(uintptr_t)x;
}

static unsigned long from_ptr(const void *p)
{
	return (unsigned long)(uintptr_t)p;
}

static void progress_tick(unsigned long *progress)
{
	lf_write_once(*progress, lf_read_once(*progress) + 1);
}

/* Reference bursts: the single operations in a loop (what the fast ones must match). */
static unsigned int ref_enqueue_burst(struct lf_ring *r, void *const *v,
				      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (lf_ring_enqueue(r, v[i]))
			break;
	return i;
}

static unsigned int ref_dequeue_burst(struct lf_ring *r, void **v,
				      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (lf_ring_dequeue(r, &v[i]))
			break;
	return i;
}

/* count(), empty() and full() must all say @expect; reports once, returns ok. */
static bool check_level(struct kunit *test, const struct lf_ring *r,
			unsigned int expect, const char *what, unsigned long step)
{
	unsigned int c = lf_ring_count(r);
	bool e = lf_ring_empty(r), f = lf_ring_full(r);
	bool want_e = expect == 0, want_f = expect == lf_ring_capacity(r);

	if (c == expect && e == want_e && f == want_f)
		return true;
	KUNIT_FAIL(test, "%s, step %lu: count %u empty %d full %d, expected %u of %u",
		   what, step, c, e, f, expect, lf_ring_capacity(r));
	return false;
}

#ifndef __KERNEL__
static lf_atomic_long_t nr_allocs;

static bool count_allocs(size_t size)
{
	lf_atomic_long_inc(&nr_allocs);
	return false;
}

static bool fail_allocs(size_t size)
{
	return true;
}
#endif

/* ---- tier 1: capacities ----------------------------------------------- */

static const unsigned int capacities[] = {
	0, 1, 2, 3, 4, 6, 1000, 1024, 1u << 20, (1u << 20) + 1, 1u << 31, ~0u,
};

static void capacity_desc(const unsigned int *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "capacity %u", *c);
}

KUNIT_ARRAY_PARAM(capacity, capacities, capacity_desc);

static bool capacity_valid(unsigned int c)
{
	return c >= 2 && c <= LF_RING_MAX_CAPACITY && !(c & (c - 1));
}

/*
 * Valid capacities: exactly that many values fit (filled with bursts for
 * speed, checked one by one at the edges), one more is -ENOSPC, then FIFO
 * out. Invalid ones: -EINVAL and no allocation at all.
 */
static void ring_init_capacity_is_exact_or_einval(struct kunit *test)
{
	const unsigned int cap = *(const unsigned int *)test->param_value;
	struct lf_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	void **buf = kunit_kcalloc(test, 256, sizeof(*buf), GFP_KERNEL);
	unsigned long i, n;
	void *v = NULL;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, buf);
#ifndef __KERNEL__
	lf_atomic_long_set(&nr_allocs, 0);
	lf_set_alloc_fail_hook(count_allocs);
#endif
	ret = lf_ring_init(r, cap);
#ifndef __KERNEL__
	lf_set_alloc_fail_hook(NULL);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&nr_allocs),
			capacity_valid(cap) ? 1L : 0L);
#endif
	if (!capacity_valid(cap)) {
		KUNIT_EXPECT_EQ(test, ret, -EINVAL);
		return;		/* a failed init needs no destroy */
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, lf_ring_capacity(r), cap);
	check_level(test, r, 0, "new ring", 0);
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(r, &v), -ENOENT);

	for (i = 0; i < cap; i += n) {
		unsigned long k;

		n = cap - i < 256 ? cap - i : 256;
		for (k = 0; k < n; k++)
			buf[k] = to_ptr(i + k);
		if (lf_ring_enqueue_burst(r, buf, n) != n) {
			KUNIT_FAIL(test, "fill stopped near %lu of %u", i, cap);
			break;
		}
	}
	check_level(test, r, cap, "filled", i);
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue(r, to_ptr(~0ul)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue_burst(r, buf, 1), 0u);
	check_level(test, r, cap, "after -ENOSPC", 0);
	for (i = 0; i < cap; i++) {
		v = NULL;
		if (lf_ring_dequeue(r, &v) || from_ptr(v) != i) {
			KUNIT_FAIL(test, "dequeue %lu: got %lu", i, from_ptr(v));
			break;
		}
	}
	check_level(test, r, 0, "drained", i);
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(r, &v), -ENOENT);
	lf_ring_destroy(r);
}

static void ring_init_allocation_failure_returns_enomem(struct kunit *test)
{
#ifdef __KERNEL__
	kunit_skip(test, "failslab injection is driven from outside in-kernel");
#else
	struct lf_ring r;
	void *v = NULL;

	lf_set_alloc_fail_hook(fail_allocs);
	KUNIT_EXPECT_EQ(test, lf_ring_init(&r, 8), -ENOMEM);
	KUNIT_EXPECT_EQ(test, lf_ring_init(&r, 1u << 20), -ENOMEM);
	lf_set_alloc_fail_hook(NULL);
	/* No destroy needed after a failed init; the struct is reusable. */
	KUNIT_ASSERT_EQ(test, lf_ring_init(&r, 8), 0);
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(5)), 0);
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
	KUNIT_EXPECT_EQ(test, from_ptr(v), 5ul);
	lf_ring_destroy(&r);
#endif
}

static void ring_destroyed_ring_can_be_initialised_again(struct kunit *test)
{
	struct lf_ring r;
	unsigned int round, i;
	void *v = NULL;

	for (round = 0; round < 64; round++) {
		unsigned int cap = 2u << (round % 10);

		KUNIT_ASSERT_EQ(test, lf_ring_init(&r, cap), 0);
		for (i = 0; i < round % (cap + 1); i++)
			KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(i)), 0);
		KUNIT_EXPECT_EQ(test, lf_ring_count(&r), round % (cap + 1));
		if (round & 1) {	/* destroy with values still queued */
			lf_ring_destroy(&r);
			continue;
		}
		for (i = 0; i < round % (cap + 1); i++) {
			KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
			KUNIT_EXPECT_EQ(test, from_ptr(v), (unsigned long)i);
		}
		lf_ring_destroy(&r);
	}
}

/* ---- tier 1: every variant against a FIFO model ------------------------ */

enum variant { SINGLE_OPS, FAST_BURSTS, LOOP_BURSTS };

static const char *const variant_names[] = {
	[SINGLE_OPS] = "enqueue/dequeue",
	[FAST_BURSTS] = "enqueue_burst/dequeue_burst",
	[LOOP_BURSTS] = "reference loop bursts",
};

static const enum variant variants[] = { SINGLE_OPS, FAST_BURSTS, LOOP_BURSTS };

static void variant_desc(const enum variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", variant_names[*v]);
}

KUNIT_ARRAY_PARAM(variant, variants, variant_desc);

#define MODEL_MAX	64

struct model {
	unsigned long v[MODEL_MAX];
	unsigned int head, n, cap;
};

static void model_push(struct model *m, unsigned long x)
{
	m->v[(m->head + m->n++) % m->cap] = x;
}

static unsigned long model_pop(struct model *m)
{
	unsigned long x = m->v[m->head];

	m->head = (m->head + 1) % m->cap;
	m->n--;
	return x;
}

static unsigned int do_enqueue(struct lf_ring *r, enum variant var,
			       void *const *v, unsigned int n)
{
	if (var == FAST_BURSTS)
		return lf_ring_enqueue_burst(r, v, n);
	if (var == LOOP_BURSTS || n != 1)
		return ref_enqueue_burst(r, v, n);
	return lf_ring_enqueue(r, v[0]) == 0;
}

static unsigned int do_dequeue(struct lf_ring *r, enum variant var,
			       void **v, unsigned int n)
{
	if (var == FAST_BURSTS)
		return lf_ring_dequeue_burst(r, v, n);
	if (var == LOOP_BURSTS || n != 1)
		return ref_dequeue_burst(r, v, n);
	return lf_ring_dequeue(r, v) == 0;
}

/*
 * Random operations; before each one count/empty/full are checked against
 * the model, and the operation must then do exactly what they announced
 * (full -> nothing enqueued, empty -> nothing dequeued, otherwise as much
 * as the model allows). Values include NULL.
 */
static void ring_ops_match_fifo_model(struct kunit *test)
{
	const enum variant var = *(const enum variant *)test->param_value;
	static const unsigned int caps[] = { 2, 4, 8, 64 };
	void **buf = kunit_kcalloc(test, MODEL_MAX + 4, sizeof(*buf), GFP_KERNEL);
	struct model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct lf_ring r;
	unsigned int ci, k;
	unsigned long step, next = 0;
	u64 rng = lf_test_seed() + var;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	for (ci = 0; ci < ARRAY_SIZE(caps); ci++) {
		bool ok = true;

		KUNIT_ASSERT_EQ(test, lf_ring_init(&r, caps[ci]), 0);
		m->head = 0;
		m->n = 0;
		m->cap = caps[ci];
		for (step = 0; step < 4000 && ok; step++) {
			u32 x = lf_test_prandom(&rng);
			unsigned int want = var == SINGLE_OPS ? 1 :
					    (x >> 8) % (m->cap + 3);
			unsigned int room = m->cap - m->n, got;

			/* phases that lean to filling, draining, or neither */
			const u32 bias[] = { 3, 1, 2 };

			ok = check_level(test, &r, m->n, "model", step);
			if ((x & 3) < bias[(step / 300) % 3]) {
				/* enqueue; value 0 is NULL */
				for (k = 0; k < want; k++)
					buf[k] = to_ptr(next + k);
				got = do_enqueue(&r, var, buf, want);
				if (got != (want < room ? want : room)) {
					KUNIT_FAIL(test, "cap %u step %lu: enqueued %u of %u, room %u",
						   m->cap, step, got, want, room);
					ok = false;
				}
				for (k = 0; k < got && k < room; k++)
					model_push(m, next + k);
				next += want;
			} else {
				for (k = 0; k < want; k++)
					buf[k] = to_ptr(0xdead);
				got = do_dequeue(&r, var, buf, want);
				if (got != (want < m->n ? want : m->n)) {
					KUNIT_FAIL(test, "cap %u step %lu: dequeued %u of %u, had %u",
						   m->cap, step, got, want, m->n);
					ok = false;
				}
				for (k = 0; k < got && m->n; k++) {
					unsigned long exp = model_pop(m);

					if (from_ptr(buf[k]) != exp) {
						KUNIT_FAIL(test, "cap %u step %lu: got %lu, expected %lu",
							   m->cap, step, from_ptr(buf[k]), exp);
						ok = false;
						break;
					}
				}
				for (k = got; k < want; k++)
					if (from_ptr(buf[k]) != 0xdead) {
						KUNIT_FAIL(test, "step %lu: buf[%u] written past the count",
							   step, k);
						ok = false;
					}
			}
		}
		lf_ring_destroy(&r);
	}
}

/*
 * Fill one by one and drain one by one; before every operation empty() and
 * full() announce what it will do.
 */
static void ring_full_and_empty_agree_with_next_operation(struct kunit *test)
{
	struct lf_ring r;
	unsigned int cap, i, lap;
	void *v = NULL;

	for (cap = 2; cap <= 128; cap *= 2) {
		KUNIT_ASSERT_EQ(test, lf_ring_init(&r, cap), 0);
		for (lap = 0; lap < 3; lap++) {
			for (i = 0; i <= cap; i++) {
				bool full = lf_ring_full(&r);

				KUNIT_EXPECT_EQ_MSG(test, full, i == cap, "cap %u i %u", cap, i);
				KUNIT_EXPECT_EQ_MSG(test, lf_ring_enqueue(&r, to_ptr(i)),
						    full ? -ENOSPC : 0, "cap %u i %u", cap, i);
			}
			for (i = 0; i <= cap; i++) {
				bool empty = lf_ring_empty(&r);

				KUNIT_EXPECT_EQ_MSG(test, empty, i == cap, "cap %u i %u", cap, i);
				KUNIT_EXPECT_EQ_MSG(test, lf_ring_dequeue(&r, &v),
						    empty ? -ENOENT : 0, "cap %u i %u", cap, i);
			}
		}
		lf_ring_destroy(&r);
	}
}

/* ---- tier 1: burst sweep ---------------------------------------------- */

#define SWEEP_CAP	8
#define CANARY		0x5a5a5a5aul

/*
 * On a ring of 8 (16 positions per index ring), for every start offset
 * (positions already used: 0..15, from a base just below the 2^64 wrap in
 * test builds, so some cases cross it), every number of values present
 * (0..8) and every request (0..10): the fast burst moves exactly what the
 * reference loop moves, a prefix in order, never touches the caller's
 * array beyond it (canaries on both sides), and leaves the same ring.
 */
static void sweep_setup(struct kunit *test, struct lf_ring *r,
			unsigned int offset, unsigned int present)
{
	unsigned int i;
	void *v = NULL;

#ifdef LF_PAUSE_POINTS
	KUNIT_ASSERT_EQ(test, lf_ring_init_at(r, SWEEP_CAP, ~0ul - 12), 0);
#else
	KUNIT_ASSERT_EQ(test, lf_ring_init(r, SWEEP_CAP), 0);
#endif
	for (i = 0; i < offset; i++) {
		KUNIT_ASSERT_EQ(test, lf_ring_enqueue(r, to_ptr(99)), 0);
		KUNIT_ASSERT_EQ(test, lf_ring_dequeue(r, &v), 0);
	}
	for (i = 0; i < present; i++)
		KUNIT_ASSERT_EQ(test, lf_ring_enqueue(r, to_ptr(100 + i)), 0);
}

/* Drains @r and @ref in lockstep; they must hold the same values. */
static bool sweep_same_contents(struct kunit *test, struct lf_ring *r,
				struct lf_ring *ref, const char *what)
{
	void *a = NULL, *b = NULL;
	int ra, rb;

	do {
		if (lf_ring_count(r) != lf_ring_count(ref)) {
			KUNIT_FAIL(test, "%s: count %u vs reference %u", what,
				   lf_ring_count(r), lf_ring_count(ref));
			return false;
		}
		ra = lf_ring_dequeue(r, &a);
		rb = lf_ring_dequeue(ref, &b);
		if (ra != rb || (!ra && a != b)) {
			KUNIT_FAIL(test, "%s: contents differ from the reference", what);
			return false;
		}
	} while (!ra);
	return true;
}

static void ring_burst_sweep_matches_single_operations(struct kunit *test)
{
	struct lf_ring *r = kunit_kzalloc(test, 2 * sizeof(*r), GFP_KERNEL);
	void *buf[SWEEP_CAP + 4], *rbuf[SWEEP_CAP + 4];
	unsigned int off, present, req, k, got, want, fails = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (off = 0; off < 2 * SWEEP_CAP && fails < 5; off++) {
		for (present = 0; present <= SWEEP_CAP; present++) {
			for (req = 0; req <= SWEEP_CAP + 2; req++) {
				bool bad = false;

				/* enqueue_burst */
				sweep_setup(test, &r[0], off, present);
				sweep_setup(test, &r[1], off, present);
				buf[0] = to_ptr(CANARY);
				buf[req + 1] = to_ptr(CANARY);
				for (k = 0; k < req; k++)
					buf[k + 1] = to_ptr(200 + k);
				got = lf_ring_enqueue_burst(&r[0], &buf[1], req);
				want = ref_enqueue_burst(&r[1], &buf[1], req);
				bad |= got != want ||
				       want != (req < SWEEP_CAP - present ?
						req : SWEEP_CAP - present);
				bad |= from_ptr(buf[0]) != CANARY ||
				       from_ptr(buf[req + 1]) != CANARY;
				for (k = 0; k < req; k++)
					bad |= from_ptr(buf[k + 1]) != 200 + k;
				bad |= !sweep_same_contents(test, &r[0], &r[1],
							    "enqueue_burst");
				lf_ring_destroy(&r[0]);
				lf_ring_destroy(&r[1]);

				/* dequeue_burst */
				sweep_setup(test, &r[0], off, present);
				sweep_setup(test, &r[1], off, present);
				for (k = 0; k < req + 2; k++) {
					buf[k] = to_ptr(CANARY);
					rbuf[k] = to_ptr(CANARY);
				}
				got = lf_ring_dequeue_burst(&r[0], &buf[1], req);
				want = ref_dequeue_burst(&r[1], &rbuf[1], req);
				bad |= got != want ||
				       want != (req < present ? req : present);
				for (k = 0; k < req + 2; k++)
					bad |= buf[k] != rbuf[k];
				for (k = 0; k < got; k++)
					bad |= from_ptr(buf[k + 1]) != 100 + k;
				bad |= !sweep_same_contents(test, &r[0], &r[1],
							    "dequeue_burst");
				lf_ring_destroy(&r[0]);
				lf_ring_destroy(&r[1]);

				if (bad && fails++ < 5)
					KUNIT_FAIL(test, "offset %u present %u requested %u: got %u, reference %u",
						   off, present, req, got, want);
			}
		}
	}
}

/* ---- tier 2: wraparound ----------------------------------------------- */

struct wrap_case {
	const char *name;
	unsigned long start;
	unsigned int cap;
};

static const struct wrap_case wrap_cases[] = {
	{ "from 0, capacity 2", 0, 2 },
	{ "2^63 - 5 (entry cycle wraps), capacity 2", (1ul << 63) - 5, 2 },
	{ "2^63 - 37 (entry cycle wraps), capacity 8", (1ul << 63) - 37, 8 },
	{ "2^64 - 5 (counters wrap), capacity 2", ~0ul - 4, 2 },
	{ "2^64 - 37 (counters wrap), capacity 8", ~0ul - 36, 8 },
	{ "2^64 - 100 (counters wrap), capacity 32", ~0ul - 99, 32 },
};

static void wrap_desc(const struct wrap_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(wrap, wrap_cases, wrap_desc);

/*
 * Laps across the boundary: fill to full, drain half, top up with a burst,
 * drain with bursts of varying size, then single pairs; order, count(),
 * empty() and full() after every single operation. Each lap moves every
 * index ring's counters by at least 2 x capacity; 12 laps cross the start
 * boundary with room to spare.
 */
static void ring_wraparound_laps_keep_order_and_count(struct kunit *test)
{
	const struct wrap_case *wc = test->param_value;
	struct lf_ring r;
	struct model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned long next = 1, step = 0;
	unsigned int lap, i, k, got;
	void **buf = kunit_kcalloc(test, MODEL_MAX + 4, sizeof(*buf), GFP_KERNEL);
	bool ok = true;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	m->cap = wc->cap;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS (no lf_ring_init_at)");
#ifdef LF_PAUSE_POINTS
	KUNIT_ASSERT_EQ(test, lf_ring_init_at(&r, wc->cap, wc->start), 0);
#endif
	for (lap = 0; lap < 12 && ok; lap++) {
		while (m->n < m->cap && ok) {		/* fill */
			KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(next)), 0);
			model_push(m, next++);
			ok = check_level(test, &r, m->n, "fill", step++);
		}
		KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(next)), -ENOSPC);
		while (m->n > m->cap / 2 && ok) {		/* drain half */
			void *v = NULL;

			KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
			KUNIT_EXPECT_EQ(test, from_ptr(v), model_pop(m));
			ok = check_level(test, &r, m->n, "drain", step++);
		}
		for (k = 0; k < m->cap; k++)		/* top up, burst */
			buf[k] = to_ptr(next + k);
		got = lf_ring_enqueue_burst(&r, buf, m->cap);
		KUNIT_EXPECT_EQ(test, got, m->cap - m->n);
		for (k = 0; k < got; k++)
			model_push(m, next++);
		ok = ok && check_level(test, &r, m->n, "burst in", step++);
		for (i = 1; m->n && ok; i++) {		/* drain, bursts of 1, 2, 3 ... */
			unsigned int want = i < m->n ? i : m->n;

			got = lf_ring_dequeue_burst(&r, buf, i);
			KUNIT_EXPECT_EQ(test, got, want);
			for (k = 0; k < got; k++) {
				unsigned long exp = model_pop(m);

				if (from_ptr(buf[k]) != exp) {
					KUNIT_FAIL(test, "lap %u: got %lu, expected %lu",
						   lap, from_ptr(buf[k]), exp);
					ok = false;
				}
			}
			ok = ok && check_level(test, &r, m->n, "burst out", step++);
		}
		for (i = 0; i < m->cap && ok; i++) {	/* pairs */
			void *v = NULL;

			KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(next)), 0);
			ok = check_level(test, &r, 1, "pair in", step++);
			KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
			KUNIT_EXPECT_EQ(test, from_ptr(v), next++);
			ok = ok && check_level(test, &r, 0, "pair out", step++);
		}
	}
	lf_ring_destroy(&r);
}

/* ---- tier 3: pause points --------------------------------------------- */

static bool wait_parked(void)
{
	int i;

	for (i = 0; i < 5000 && !lf_pause_parked(); i++)
		lf_test_msleep(1);
	return lf_pause_parked();
}

struct parked_op {
	struct lf_ring *r;
	void *v;
	int ret;
};

static int parked_enqueue_fn(void *arg)
{
	struct parked_op *p = arg;

	p->ret = lf_ring_enqueue(p->r, p->v);
	return 0;
}

static int parked_dequeue_fn(void *arg)
{
	struct parked_op *p = arg;

	p->ret = lf_ring_dequeue(p->r, &p->v);
	return 0;
}

#define PARK_CAP	8
#define PAIRS		(3 * PARK_CAP)

struct pair_worker {
	struct lf_ring *r;
	unsigned long id;
};

/*
 * Enqueue/dequeue pairs: each must succeed (a linearizable FIFO never
 * fails a dequeue that follows the same thread's enqueue, and at most
 * 2 values + 2 slots in flight + 1 parked slot < 8 are ever in use).
 */
static int pair_worker_fn(void *arg)
{
	struct pair_worker *w = arg;
	unsigned long i;
	void *v = NULL;

	for (i = 0; i < PAIRS; i++) {
		if (lf_ring_enqueue(w->r, to_ptr((w->id << 16) | i)))
			return -ENOSPC;
		if (lf_ring_dequeue(w->r, &v))
			return -ENOENT;
		if ((from_ptr(v) >> 16) < 1 || (from_ptr(v) >> 16) > 2)
			return -EINVAL;
	}
	return 0;
}

/* Pairs from this thread alone: strict FIFO, every one must succeed. */
static void do_pairs(struct kunit *test, struct lf_ring *r, unsigned long tag)
{
	unsigned long i;
	void *v = NULL;

	for (i = 0; i < PAIRS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, lf_ring_enqueue(r, to_ptr(tag + i)), 0,
				    "pair %lu: spurious full", i);
		v = NULL;
		KUNIT_EXPECT_EQ_MSG(test, lf_ring_dequeue(r, &v), 0,
				    "pair %lu: spurious empty", i);
		KUNIT_EXPECT_EQ(test, from_ptr(v), tag + i);
	}
}

/*
 * A producer stopped right after claiming its aq position (tail
 * fetch-and-add): other threads do 3 x capacity enqueue/dequeue pairs and
 * none of them fails or waits; the ring still takes capacity - 1 more
 * values (the parked one holds one slot, as documented); then the parked
 * enqueue completes and its value is delivered.
 */
static void ring_enqueue_parked_after_tail_faa_blocks_no_one(struct kunit *test)
{
	struct lf_ring r;
	struct parked_op p = { .r = &r, .v = to_ptr(0x7777) };
	struct pair_worker w[2] = { { &r, 1 }, { &r, 2 } };
	struct lf_test_thread *t, *wt[2];
	unsigned int i;
	void *v = NULL;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_EQ(test, lf_ring_init(&r, PARK_CAP), 0);
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_ring_enqueue:after_tail_faa"), 0);
	t = lf_test_thread_start(parked_enqueue_fn, &p, "ring_parked_enq");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	for (i = 0; i < 2; i++)
		wt[i] = lf_test_thread_start(pair_worker_fn, &w[i], "ring_pairs");
	for (i = 0; i < 2; i++)
		if (wt[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(wt[i]), 0);
	do_pairs(test, &r, 0x10000);
	/*
	 * The parked enqueue is not linearized yet: dequeue finds nothing,
	 * but count() already includes its claimed position (documented).
	 */
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), -ENOENT);
	KUNIT_EXPECT_EQ(test, lf_ring_count(&r), 1u);
	for (i = 0; i < PARK_CAP - 1; i++)
		KUNIT_EXPECT_EQ_MSG(test, lf_ring_enqueue(&r, to_ptr(0x20000 + i)), 0,
				    "value %u of %u", i, PARK_CAP - 1);
	KUNIT_EXPECT_TRUE(test, lf_ring_full(&r));	/* agrees with: */
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(1)), -ENOSPC);
	for (i = 0; i < PARK_CAP - 1; i++) {
		KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
		KUNIT_EXPECT_EQ(test, from_ptr(v), 0x20000ul + i);
	}
	KUNIT_EXPECT_TRUE(test, lf_pause_parked());

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_EQ(test, p.ret, 0);
	KUNIT_EXPECT_EQ(test, lf_ring_count(&r), 1u);
	v = NULL;
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
	KUNIT_EXPECT_EQ(test, from_ptr(v), 0x7777ul);
	KUNIT_EXPECT_TRUE(test, lf_ring_empty(&r));
	do_pairs(test, &r, 0x30000);
	lf_ring_destroy(&r);
}

/*
 * A consumer stopped right after claiming the position of value X (head
 * fetch-and-add): X counts as dequeued (count() 0, other dequeues see
 * empty), and 3 x capacity pairs by other threads all succeed, in order,
 * around X's entry; when the consumer resumes it gets X.
 */
static void ring_dequeue_parked_after_head_faa_keeps_its_value(struct kunit *test)
{
	struct lf_ring r;
	struct parked_op p = { .r = &r, .v = NULL };
	struct pair_worker w[2] = { { &r, 1 }, { &r, 2 } };
	struct lf_test_thread *t, *wt[2];
	unsigned int i;
	void *v = NULL;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_EQ(test, lf_ring_init(&r, PARK_CAP), 0);
	KUNIT_ASSERT_EQ(test, lf_ring_enqueue(&r, to_ptr(0x7777)), 0);
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_ring_dequeue:after_head_faa"), 0);
	t = lf_test_thread_start(parked_dequeue_fn, &p, "ring_parked_deq");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	KUNIT_EXPECT_EQ(test, lf_ring_count(&r), 0u);
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), -ENOENT);
	do_pairs(test, &r, 0x10000);
	for (i = 0; i < 2; i++)
		wt[i] = lf_test_thread_start(pair_worker_fn, &w[i], "ring_pairs");
	for (i = 0; i < 2; i++)
		if (wt[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(wt[i]), 0);
	do_pairs(test, &r, 0x20000);
	KUNIT_EXPECT_TRUE(test, lf_pause_parked());

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_EQ(test, p.ret, 0);
	KUNIT_EXPECT_EQ(test, from_ptr(p.v), 0x7777ul);
	KUNIT_EXPECT_TRUE(test, lf_ring_empty(&r));
	/* All 8 slots are free again. */
	for (i = 0; i < PARK_CAP; i++)
		KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(i)), 0);
	KUNIT_EXPECT_TRUE(test, lf_ring_full(&r));
	lf_ring_destroy(&r);
}

/*
 * The documented spurious "full": a consumer stopped after taking its
 * value but before giving the slot back. The ring holds capacity - 1
 * values (count() says so), yet an enqueue finds no free slot. When the
 * consumer resumes, the slot returns and the enqueue succeeds.
 */
static void ring_dequeue_parked_before_freeing_slot_holds_it(struct kunit *test)
{
	struct lf_ring r;
	struct parked_op p = { .r = &r, .v = NULL };
	struct lf_test_thread *t;
	unsigned int i;
	void *v = NULL;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_EQ(test, lf_ring_init(&r, 4), 0);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, lf_ring_enqueue(&r, to_ptr(i)), 0);
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_ring_dequeue:after_free_tail_faa"), 0);
	t = lf_test_thread_start(parked_dequeue_fn, &p, "ring_parked_free");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	KUNIT_EXPECT_EQ(test, lf_ring_count(&r), 3u);
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(9)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);	/* dequeues go on */
	KUNIT_EXPECT_EQ(test, from_ptr(v), 1ul);
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(4)), 0);

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_EQ(test, p.ret, 0);
	KUNIT_EXPECT_EQ(test, from_ptr(p.v), 0ul);
	KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(5)), 0);
	KUNIT_EXPECT_TRUE(test, lf_ring_full(&r));
	for (i = 2; i < 6; i++) {
		KUNIT_EXPECT_EQ(test, lf_ring_dequeue(&r, &v), 0);
		KUNIT_EXPECT_EQ(test, from_ptr(v), (unsigned long)i);
	}
	KUNIT_EXPECT_TRUE(test, lf_ring_empty(&r));
	lf_ring_destroy(&r);
}

struct parked_count {
	struct lf_ring *r;
	unsigned int count;
};

static int parked_count_fn(void *arg)
{
	struct parked_count *p = arg;

	p->count = lf_ring_count(p->r);
	return 0;
}

/*
 * count() stopped between its loads of head and tail while other threads
 * move values through: the tail it then reads is far ahead of the head it
 * read, and the result must still be within 0 .. capacity.
 */
static void ring_count_parked_between_loads_stays_in_range(struct kunit *test)
{
	struct lf_ring r;
	struct parked_count p = { .r = &r };
	struct lf_test_thread *t;
	unsigned int i;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_EQ(test, lf_ring_init(&r, 4), 0);
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_ring_count:after_head_load"), 0);
	t = lf_test_thread_start(parked_count_fn, &p, "ring_parked_count");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());
	do_pairs(test, &r, 0x1000);	/* tail and head advance by 24 */
	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_LE(test, p.count, lf_ring_capacity(&r));
	KUNIT_EXPECT_EQ(test, lf_ring_count(&r), 0u);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, lf_ring_enqueue(&r, to_ptr(i)), 0);
	KUNIT_EXPECT_EQ(test, lf_ring_count(&r), 3u);
	lf_ring_destroy(&r);
}

/* ---- tier 4: stress with conservation ---------------------------------- */

static const unsigned int stress_threads[] = { 1, 2, 4, 8, 16 };

static void stress_threads_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u threads", *n);
}

KUNIT_ARRAY_PARAM(stress_threads, stress_threads, stress_threads_desc);

#define STRESS_MAX_PRODUCERS	16
#define STRESS_MAX_SEQ		BIT(17)
#define STRESS_CAP		16
#define STRESS_MIN_ITERS	2000

/* Value of item (producer p, sequence s); never 0, so never NULL. */
static unsigned long tag(unsigned int p, u32 s)
{
	return ((unsigned long)(p + 1) << 32) | s;
}

struct stress {
	struct lf_ring r;
	unsigned int nr;
	bool split;		/* producers and consumers are separate threads */
	int stop;
	int producers_done;
	unsigned long progress;
	u64 deadline_ns;
	u32 produced[STRESS_MAX_PRODUCERS];
	lf_atomic_t *seen;	/* [producer][seq]: times dequeued */
	lf_atomic_long_t dup, bad, order, over;
};

struct stress_worker {
	struct stress *st;
	unsigned int id;
	bool produce, consume;
	u32 last[STRESS_MAX_PRODUCERS];	/* per-producer FIFO, as this consumer sees it */
	u64 rng;
};

static void stress_record(struct stress *st, struct stress_worker *w, void *v)
{
	unsigned long x = from_ptr(v);
	unsigned int p = (unsigned int)(x >> 32) - 1;
	u32 s = (u32)x;

	if (p >= st->nr || s >= STRESS_MAX_SEQ) {
		lf_atomic_long_inc(&st->bad);
		return;
	}
	/* Relaxed: counted, checked after the join. A second get is a bug. */
	if (lf_atomic_fetch_add_relaxed(1, &st->seen[(size_t)p * STRESS_MAX_SEQ + s]))
		lf_atomic_long_inc(&st->dup);
	if (w->last[p] != U32_MAX && s <= w->last[p])
		lf_atomic_long_inc(&st->order);
	w->last[p] = s;
}

static int stress_worker_fn(void *arg)
{
	struct stress_worker *w = arg;
	struct stress *st = w->st;
	void *buf[8];
	u32 seq = 0, iter = 0;

	/* Time-bounded, but at least MIN_ITERS (slow emulated kernels). */
	while (!lf_read_once(st->stop) &&
	       (lf_test_now_ns() < st->deadline_ns || iter++ < STRESS_MIN_ITERS)) {
		u32 x = lf_test_prandom(&w->rng);
		unsigned int k, n = 1 + (x >> 4) % 8, got;

		if (w->produce && (!w->consume || (x & 1))) {
			if (seq + 8 >= STRESS_MAX_SEQ)
				break;
			if (x & 2) {
				got = !lf_ring_enqueue(&st->r, to_ptr(tag(w->id, seq)));
			} else {
				for (k = 0; k < n; k++)
					buf[k] = to_ptr(tag(w->id, seq + k));
				got = lf_ring_enqueue_burst(&st->r, buf, n);
			}
			seq += got;
			/* Full: let a preempted consumer run (2 CPUs, many threads). */
			if (!got && !w->consume)
				lf_test_yield();
		} else {
			if (x & 2) {
				if (!lf_ring_dequeue(&st->r, &buf[0]))
					stress_record(st, w, buf[0]);
			} else {
				got = lf_ring_dequeue_burst(&st->r, buf, n);
				for (k = 0; k < got; k++)
					stress_record(st, w, buf[k]);
			}
		}
		progress_tick(&st->progress);
	}
	/* Published by the join. */
	if (w->produce)
		st->produced[w->id] = seq;
	return 0;
}

/* Consumers of a split run keep draining until every producer is done. */
static int stress_consumer_fn(void *arg)
{
	struct stress_worker *w = arg;
	struct stress *st = w->st;
	void *buf[8];
	unsigned int k, got;

	/* Acquire pairs with the release store after the producers' join. */
	while (!lf_load_acquire(&st->producers_done) && !lf_read_once(st->stop)) {
		got = lf_ring_dequeue_burst(&st->r, buf, 1 + (lf_test_prandom(&w->rng) & 7));
		for (k = 0; k < got; k++)
			stress_record(st, w, buf[k]);
		if (!got)
			lf_test_yield();
		progress_tick(&st->progress);
	}
	return 0;
}

/* The monitor: count() never above capacity, ever. */
static int stress_monitor_fn(void *arg)
{
	struct stress *st = arg;

	while (!lf_load_acquire(&st->producers_done) && !lf_read_once(st->stop)) {
		unsigned int c = lf_ring_count(&st->r);

		if (c > lf_ring_capacity(&st->r))
			lf_atomic_long_inc(&st->over);
		lf_test_yield();
	}
	return 0;
}

static void ring_stress(struct kunit *test, bool split)
{
	const unsigned int nr = *(const unsigned int *)test->param_value;
	struct stress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct stress_worker *w = kunit_kcalloc(test, 2 * nr, sizeof(*w), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, 2 * nr, sizeof(*t), GFP_KERNEL);
	struct lf_test_thread *monitor;
	struct lf_test_watchdog *wd;
	struct stress_worker drain = { 0 };
	unsigned int i, nw = split ? 2 * nr : nr, p;
	unsigned long missing = 0, total = 0;
	void *v = NULL;
	u32 s;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_LE(test, nr, (unsigned int)STRESS_MAX_PRODUCERS);
	st->seen = lf_kvzalloc((size_t)nr * STRESS_MAX_SEQ * sizeof(*st->seen));
	KUNIT_ASSERT_NOT_NULL(test, st->seen);
	KUNIT_ASSERT_EQ(test, lf_ring_init(&st->r, STRESS_CAP), 0);
	st->nr = nr;
	st->split = split;
	st->deadline_ns = lf_test_now_ns() +
		(u64)lf_test_stress_ms() * 1000000ull / 8;
	wd = lf_test_watchdog_start(&st->progress, &st->stop, 10000);
	monitor = lf_test_thread_start(stress_monitor_fn, st, "ring_monitor");
	KUNIT_EXPECT_NOT_NULL(test, monitor);

	for (i = 0; i < nw; i++) {
		w[i].st = st;
		w[i].id = split ? i / 2 : i;
		w[i].produce = !split || !(i & 1);
		w[i].consume = !split || (i & 1);
		w[i].rng = lf_test_seed() + i * 0x9e3779b97f4a7c15ull + 1;
		for (p = 0; p < STRESS_MAX_PRODUCERS; p++)
			w[i].last[p] = U32_MAX;
		t[i] = lf_test_thread_start(split && (i & 1) ? stress_consumer_fn :
					    stress_worker_fn, &w[i], "ring_stress");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < nw; i++)	/* producers (all workers if not split) */
		if (t[i] && w[i].produce)
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	lf_store_release(&st->producers_done, 1);
	for (i = 0; i < nw; i++)
		if (t[i] && !w[i].produce)
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	if (monitor)
		KUNIT_EXPECT_EQ(test, lf_test_thread_join(monitor), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");

	/* Drain what is left, as one more consumer (its order is checked too). */
	drain.st = st;
	for (p = 0; p < STRESS_MAX_PRODUCERS; p++)
		drain.last[p] = U32_MAX;
	KUNIT_EXPECT_LE(test, lf_ring_count(&st->r), (unsigned int)STRESS_CAP);
	while (!lf_ring_dequeue(&st->r, &v))
		stress_record(st, &drain, v);
	KUNIT_EXPECT_TRUE(test, lf_ring_empty(&st->r));
	KUNIT_EXPECT_EQ(test, lf_ring_count(&st->r), 0u);

	for (p = 0; p < nr; p++) {
		for (s = 0; s < st->produced[p]; s++) {
			int c = lf_atomic_read(&st->seen[(size_t)p * STRESS_MAX_SEQ + s]);

			if (c != 1) {
				if (!missing)
					KUNIT_FAIL(test, "item %u.%u seen %d times", p, s, c);
				missing++;
			}
		}
		total += st->produced[p];
	}
	KUNIT_EXPECT_EQ_MSG(test, missing, 0ul, "of %lu items", total);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&st->dup), 0L);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&st->bad), 0L);
	KUNIT_EXPECT_EQ_MSG(test, lf_atomic_long_read(&st->order), 0L,
			    "a consumer saw a producer's values out of order");
	KUNIT_EXPECT_EQ_MSG(test, lf_atomic_long_read(&st->over), 0L,
			    "count() above capacity");
	KUNIT_EXPECT_GT(test, total, 0ul);
	kunit_info(test, "%u threads%s: %lu values through a ring of %u", nr,
		   split ? " per side" : "", total, STRESS_CAP);
	lf_ring_destroy(&st->r);
	lf_kvfree(st->seen);
}

/* Every thread both enqueues and dequeues, single and burst, at random. */
static void ring_stress_mixed_exactly_once_fifo(struct kunit *test)
{
	ring_stress(test, false);
}

/* N producers and N consumers: the ring swings between full and empty. */
static void ring_stress_producers_consumers_exactly_once_fifo(struct kunit *test)
{
	ring_stress(test, true);
}

/* ---- layout ------------------------------------------------------------ */

#define LINE_OF(member)	(offsetof(struct lf_ring, member) / LF_CACHELINE_BYTES)

/*
 * Producers write aq.tail and fq.head, consumers aq.head and fq.tail, both
 * (rarely) the thresholds; the read-mostly fields are on their own line.
 * Every pair written by different sides must be on different lines.
 */
static void ring_layout_separates_producer_and_consumer_fields(struct kunit *test)
{
	const size_t lines[] = {
		LINE_OF(aq.head), LINE_OF(aq.tail), LINE_OF(aq.threshold),
		LINE_OF(fq.head), LINE_OF(fq.tail), LINE_OF(fq.threshold),
		LINE_OF(aq_entries),
	};
	unsigned int i, j;

	KUNIT_EXPECT_GE(test, (size_t)__alignof__(struct lf_ring),
			(size_t)LF_CACHELINE_BYTES);
	for (i = 0; i < ARRAY_SIZE(lines); i++)
		for (j = i + 1; j < ARRAY_SIZE(lines); j++)
			KUNIT_EXPECT_NE_MSG(test, lines[i], lines[j],
					    "fields %u and %u share a cache line", i, j);
	KUNIT_EXPECT_EQ(test, LINE_OF(aq.waste), LINE_OF(aq.threshold));
	KUNIT_EXPECT_GE(test, offsetof(struct lf_ring, aq.tail) -
			offsetof(struct lf_ring, aq.head), (size_t)LF_CACHELINE_BYTES);
	KUNIT_EXPECT_GE(test, offsetof(struct lf_ring, fq.tail) -
			offsetof(struct lf_ring, fq.head), (size_t)LF_CACHELINE_BYTES);
}

static struct kunit_case lfkit_ring_cases[] = {
	KUNIT_CASE_PARAM(ring_init_capacity_is_exact_or_einval, capacity_gen_params),
	KUNIT_CASE(ring_init_allocation_failure_returns_enomem),
	KUNIT_CASE(ring_destroyed_ring_can_be_initialised_again),
	KUNIT_CASE_PARAM(ring_ops_match_fifo_model, variant_gen_params),
	KUNIT_CASE(ring_full_and_empty_agree_with_next_operation),
	KUNIT_CASE(ring_burst_sweep_matches_single_operations),
	KUNIT_CASE_PARAM(ring_wraparound_laps_keep_order_and_count, wrap_gen_params),
	KUNIT_CASE(ring_enqueue_parked_after_tail_faa_blocks_no_one),
	KUNIT_CASE(ring_dequeue_parked_after_head_faa_keeps_its_value),
	KUNIT_CASE(ring_dequeue_parked_before_freeing_slot_holds_it),
	KUNIT_CASE(ring_count_parked_between_loads_stays_in_range),
	KUNIT_CASE_PARAM(ring_stress_mixed_exactly_once_fifo, stress_threads_gen_params),
	KUNIT_CASE_PARAM(ring_stress_producers_consumers_exactly_once_fifo,
			 stress_threads_gen_params),
	KUNIT_CASE(ring_layout_separates_producer_and_consumer_fields),
	{}
};

struct kunit_suite lfkit_ring_suite = {
	.name = "lfkit_ring",
	.test_cases = lfkit_ring_cases,
};
