// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/spsc.h (wait-free SPSC ring), in
 * both worlds.
 *
 * Tiers (TESTING.md): 1 contract: the capacity table (any capacity 1..2^20,
 * exact; 0 and above are -EINVAL with no allocation), allocation failure,
 * re-init, peek, every variant against a FIFO model with count/empty/full
 * announcing the next operation, a burst sweep (every start offset x
 * present x requested, canaries) against the single-operation loop;
 * 2 wraparound: laps with head and tail started just below 2^64 (and 2^63),
 * power-of-two and other capacities; 3 pause points: none (wait-free: no
 * window in which one side can stop the other); 4 stress: independent
 * producer/consumer pairs (2..16 threads on 2 CPUs), sequence numbers
 * exactly once in order, a monitor asserting count() <= capacity(), a
 * watchdog; layout: producer and consumer fields on different cache lines.
 */
#include "lf_kunit.h"
#include "../lf/spsc.h"
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

static unsigned int ref_enqueue_burst(struct lf_spsc *s, void *const *v,
				      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (lf_spsc_enqueue(s, v[i]))
			break;
	return i;
}

static unsigned int ref_dequeue_burst(struct lf_spsc *s, void **v,
				      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (lf_spsc_dequeue(s, &v[i]))
			break;
	return i;
}

static bool check_level(struct kunit *test, const struct lf_spsc *s,
			unsigned int expect, const char *what, unsigned long step)
{
	unsigned int c = lf_spsc_count(s);
	bool e = lf_spsc_empty(s), f = lf_spsc_full(s);
	bool want_e = expect == 0, want_f = expect == lf_spsc_capacity(s);

	if (c == expect && e == want_e && f == want_f)
		return true;
	KUNIT_FAIL(test, "%s, step %lu: count %u empty %d full %d, expected %u of %u",
		   what, step, c, e, f, expect, lf_spsc_capacity(s));
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

/* ---- tier 1 ----------------------------------------------------------- */

static const unsigned int capacities[] = {
	0, 1, 2, 3, 6, 1000, 1024, 1u << 20, (1u << 20) + 1, 1u << 31, ~0u,
};

static void capacity_desc(const unsigned int *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "capacity %u", *c);
}

KUNIT_ARRAY_PARAM(capacity, capacities, capacity_desc);

static void spsc_init_capacity_is_exact_or_einval(struct kunit *test)
{
	const unsigned int cap = *(const unsigned int *)test->param_value;
	const bool valid = cap >= 1 && cap <= LF_SPSC_MAX_CAPACITY;
	struct lf_spsc *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned long i;
	void *v = NULL;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, s);
#ifndef __KERNEL__
	lf_atomic_long_set(&nr_allocs, 0);
	lf_set_alloc_fail_hook(count_allocs);
#endif
	ret = lf_spsc_init(s, cap);
#ifndef __KERNEL__
	lf_set_alloc_fail_hook(NULL);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&nr_allocs), valid ? 1L : 0L);
#endif
	if (!valid) {
		KUNIT_EXPECT_EQ(test, ret, -EINVAL);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_capacity(s), cap);
	check_level(test, s, 0, "new ring", 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(s, &v), -ENOENT);
	KUNIT_EXPECT_EQ(test, lf_spsc_peek(s, &v), -ENOENT);
	for (i = 0; i < cap; i++)
		if (lf_spsc_enqueue(s, to_ptr(i))) {
			KUNIT_FAIL(test, "full after %lu of %u", i, cap);
			break;
		}
	check_level(test, s, cap, "filled", i);
	KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(s, NULL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, lf_spsc_enqueue_burst(s, &v, 1), 0u);
	for (i = 0; i < cap; i++) {
		v = NULL;
		if (lf_spsc_dequeue(s, &v) || from_ptr(v) != i) {
			KUNIT_FAIL(test, "dequeue %lu: got %lu", i, from_ptr(v));
			break;
		}
	}
	check_level(test, s, 0, "drained", i);
	lf_spsc_destroy(s);
}

static void spsc_init_allocation_failure_returns_enomem(struct kunit *test)
{
#ifdef __KERNEL__
	kunit_skip(test, "failslab injection is driven from outside in-kernel");
#else
	struct lf_spsc s;
	void *v = NULL;

	lf_set_alloc_fail_hook(fail_allocs);
	KUNIT_EXPECT_EQ(test, lf_spsc_init(&s, 5), -ENOMEM);
	lf_set_alloc_fail_hook(NULL);
	KUNIT_ASSERT_EQ(test, lf_spsc_init(&s, 5), 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(&s, to_ptr(3)), 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(&s, &v), 0);
	KUNIT_EXPECT_EQ(test, from_ptr(v), 3ul);
	lf_spsc_destroy(&s);
#endif
}

static void spsc_destroyed_ring_can_be_initialised_again(struct kunit *test)
{
	struct lf_spsc s;
	unsigned int round, i;
	void *v = NULL;

	for (round = 0; round < 64; round++) {
		unsigned int cap = 1 + round % 13;

		KUNIT_ASSERT_EQ(test, lf_spsc_init(&s, cap), 0);
		for (i = 0; i < round % (cap + 1); i++)
			KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(&s, to_ptr(i)), 0);
		if (!(round & 1))
			for (i = 0; i < round % (cap + 1); i++) {
				KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(&s, &v), 0);
				KUNIT_EXPECT_EQ(test, from_ptr(v), (unsigned long)i);
			}
		lf_spsc_destroy(&s);
	}
}

static void spsc_peek_leaves_the_value_queued(struct kunit *test)
{
	struct lf_spsc s;
	void *v = to_ptr(1), *w = NULL;

	KUNIT_ASSERT_EQ(test, lf_spsc_init(&s, 2), 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_peek(&s, &v), -ENOENT);
	KUNIT_EXPECT_EQ(test, from_ptr(v), 1ul);	/* untouched */
	KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(&s, NULL), 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(&s, to_ptr(7)), 0);
	KUNIT_EXPECT_EQ(test, lf_spsc_peek(&s, &v), 0);
	KUNIT_EXPECT_PTR_EQ(test, v, NULL);
	KUNIT_EXPECT_EQ(test, lf_spsc_peek(&s, &v), 0);
	KUNIT_EXPECT_PTR_EQ(test, v, NULL);
	KUNIT_EXPECT_EQ(test, lf_spsc_count(&s), 2u);
	KUNIT_EXPECT_TRUE(test, lf_spsc_full(&s));
	KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(&s, &w), 0);
	KUNIT_EXPECT_PTR_EQ(test, w, NULL);
	KUNIT_EXPECT_EQ(test, lf_spsc_peek(&s, &v), 0);
	KUNIT_EXPECT_EQ(test, from_ptr(v), 7ul);
	KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(&s, &w), 0);
	KUNIT_EXPECT_EQ(test, from_ptr(w), 7ul);
	KUNIT_EXPECT_EQ(test, lf_spsc_peek(&s, &v), -ENOENT);
	lf_spsc_destroy(&s);
}

/* ---- tier 1: variants against a FIFO model ----------------------------- */

enum variant { SINGLE_OPS, FAST_BURSTS, LOOP_BURSTS };

static const char *const variant_names[] = {
	[SINGLE_OPS] = "enqueue/dequeue/peek",
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

static void spsc_ops_match_fifo_model(struct kunit *test)
{
	const enum variant var = *(const enum variant *)test->param_value;
	static const unsigned int caps[] = { 1, 2, 3, 5, 8, 64 };
	const u32 bias[] = { 3, 1, 2 };
	void **buf = kunit_kcalloc(test, MODEL_MAX + 4, sizeof(*buf), GFP_KERNEL);
	struct model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct lf_spsc s;
	unsigned int ci, k;
	unsigned long step, next = 0;
	u64 rng = lf_test_seed() + 17 + var;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	for (ci = 0; ci < ARRAY_SIZE(caps); ci++) {
		bool ok = true;

		KUNIT_ASSERT_EQ(test, lf_spsc_init(&s, caps[ci]), 0);
		m->head = 0;
		m->n = 0;
		m->cap = caps[ci];
		for (step = 0; step < 4000 && ok; step++) {
			u32 x = lf_test_prandom(&rng);
			unsigned int want = var == SINGLE_OPS ? 1 : (x >> 8) % (m->cap + 3);
			unsigned int room = m->cap - m->n, got;

			ok = check_level(test, &s, m->n, "model", step);
			if ((x & 3) < bias[(step / 300) % 3]) {
				for (k = 0; k < want; k++)
					buf[k] = to_ptr(next + k);
				if (var == FAST_BURSTS)
					got = lf_spsc_enqueue_burst(&s, buf, want);
				else if (var == LOOP_BURSTS)
					got = ref_enqueue_burst(&s, buf, want);
				else
					got = !lf_spsc_enqueue(&s, buf[0]);
				if (got != (want < room ? want : room)) {
					KUNIT_FAIL(test, "cap %u step %lu: enqueued %u of %u, room %u",
						   m->cap, step, got, want, room);
					ok = false;
				}
				for (k = 0; k < got && k < room; k++)
					model_push(m, next + k);
				next += want;
			} else {
				void *p = to_ptr(0xbeef);

				if (var == SINGLE_OPS && (x & 4)) {
					int ret = lf_spsc_peek(&s, &p);

					if (ret != (m->n ? 0 : -ENOENT) ||
					    (m->n && from_ptr(p) != m->v[m->head])) {
						KUNIT_FAIL(test, "cap %u step %lu: peek",
							   m->cap, step);
						ok = false;
					}
				}
				for (k = 0; k < want; k++)
					buf[k] = to_ptr(0xdead);
				if (var == FAST_BURSTS)
					got = lf_spsc_dequeue_burst(&s, buf, want);
				else if (var == LOOP_BURSTS)
					got = ref_dequeue_burst(&s, buf, want);
				else
					got = !lf_spsc_dequeue(&s, buf);
				if (got != (want < m->n ? want : m->n)) {
					KUNIT_FAIL(test, "cap %u step %lu: dequeued %u of %u, had %u",
						   m->cap, step, got, want, m->n);
					ok = false;
				}
				for (k = 0; k < got && m->n; k++)
					if (from_ptr(buf[k]) != model_pop(m)) {
						KUNIT_FAIL(test, "cap %u step %lu: order",
							   m->cap, step);
						ok = false;
						break;
					}
				for (k = got; k < want; k++)
					if (from_ptr(buf[k]) != 0xdead) {
						KUNIT_FAIL(test, "step %lu: buf[%u] written past the count",
							   step, k);
						ok = false;
					}
			}
		}
		lf_spsc_destroy(&s);
	}
}

/* ---- tier 1: burst sweep ---------------------------------------------- */

#define CANARY		0x5a5a5a5aul

static void sweep_setup(struct kunit *test, struct lf_spsc *s, unsigned int cap,
			unsigned int offset, unsigned int present)
{
	unsigned int i;
	void *v = NULL;

#ifdef LF_PAUSE_POINTS
	KUNIT_ASSERT_EQ(test, lf_spsc_init_at(s, cap, ~0ul - 6), 0);
#else
	KUNIT_ASSERT_EQ(test, lf_spsc_init(s, cap), 0);
#endif
	for (i = 0; i < offset; i++) {
		KUNIT_ASSERT_EQ(test, lf_spsc_enqueue(s, to_ptr(99)), 0);
		KUNIT_ASSERT_EQ(test, lf_spsc_dequeue(s, &v), 0);
	}
	for (i = 0; i < present; i++)
		KUNIT_ASSERT_EQ(test, lf_spsc_enqueue(s, to_ptr(100 + i)), 0);
}

static bool sweep_same_contents(struct kunit *test, struct lf_spsc *a,
				struct lf_spsc *b)
{
	void *x = NULL, *y = NULL;
	int ra, rb;

	do {
		if (lf_spsc_count(a) != lf_spsc_count(b)) {
			KUNIT_FAIL(test, "count %u vs reference %u",
				   lf_spsc_count(a), lf_spsc_count(b));
			return false;
		}
		ra = lf_spsc_dequeue(a, &x);
		rb = lf_spsc_dequeue(b, &y);
		if (ra != rb || (!ra && x != y)) {
			KUNIT_FAIL(test, "contents differ from the reference");
			return false;
		}
	} while (!ra);
	return true;
}

/*
 * Capacities 5 and 8; every start position (0..cap-1, from a base just
 * below the 2^64 wrap in test builds), every number present, every request
 * up to cap + 2: the fast bursts do what the single-operation loop does,
 * touch nothing beyond the returned prefix, and leave the same ring.
 */
static void spsc_burst_sweep_matches_single_operations(struct kunit *test)
{
	static const unsigned int caps[] = { 5, 8 };
	struct lf_spsc *s = kunit_kzalloc(test, 2 * sizeof(*s), GFP_KERNEL);
	void *buf[16], *rbuf[16];
	unsigned int ci, off, present, req, k, got, want, fails = 0;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (ci = 0; ci < ARRAY_SIZE(caps); ci++) {
		const unsigned int cap = caps[ci];

		for (off = 0; off < cap; off++)
			for (present = 0; present <= cap; present++)
				for (req = 0; req <= cap + 2; req++) {
					bool bad = false;

					sweep_setup(test, &s[0], cap, off, present);
					sweep_setup(test, &s[1], cap, off, present);
					buf[0] = to_ptr(CANARY);
					buf[req + 1] = to_ptr(CANARY);
					for (k = 0; k < req; k++)
						buf[k + 1] = to_ptr(200 + k);
					got = lf_spsc_enqueue_burst(&s[0], &buf[1], req);
					want = ref_enqueue_burst(&s[1], &buf[1], req);
					bad |= got != want || want !=
					       (req < cap - present ? req : cap - present);
					bad |= from_ptr(buf[0]) != CANARY ||
					       from_ptr(buf[req + 1]) != CANARY;
					bad |= !sweep_same_contents(test, &s[0], &s[1]);
					lf_spsc_destroy(&s[0]);
					lf_spsc_destroy(&s[1]);

					sweep_setup(test, &s[0], cap, off, present);
					sweep_setup(test, &s[1], cap, off, present);
					for (k = 0; k < req + 2; k++) {
						buf[k] = to_ptr(CANARY);
						rbuf[k] = to_ptr(CANARY);
					}
					got = lf_spsc_dequeue_burst(&s[0], &buf[1], req);
					want = ref_dequeue_burst(&s[1], &rbuf[1], req);
					bad |= got != want ||
					       want != (req < present ? req : present);
					for (k = 0; k < req + 2; k++)
						bad |= buf[k] != rbuf[k];
					for (k = 0; k < got; k++)
						bad |= from_ptr(buf[k + 1]) != 100 + k;
					bad |= !sweep_same_contents(test, &s[0], &s[1]);
					lf_spsc_destroy(&s[0]);
					lf_spsc_destroy(&s[1]);
					if (bad && fails++ < 5)
						KUNIT_FAIL(test, "cap %u offset %u present %u requested %u: got %u, reference %u",
							   cap, off, present, req, got, want);
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
	{ "2^64 - 3, capacity 1", ~0ul - 2, 1 },
	{ "2^64 - 5, capacity 3", ~0ul - 4, 3 },
	{ "2^64 - 17, capacity 8", ~0ul - 16, 8 },
	{ "2^64 - 30, capacity 7", ~0ul - 29, 7 },
	{ "2^63 - 9, capacity 6", (1ul << 63) - 9, 6 },
};

static void wrap_desc(const struct wrap_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->name);
}

KUNIT_ARRAY_PARAM(wrap, wrap_cases, wrap_desc);

static void spsc_wraparound_laps_keep_order_and_count(struct kunit *test)
{
	const struct wrap_case *wc = test->param_value;
	struct lf_spsc s;
	struct model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned long next = 1, step = 0;
	unsigned int lap, i, k, got;
	void **buf = kunit_kcalloc(test, MODEL_MAX + 4, sizeof(*buf), GFP_KERNEL);
	void *v = NULL;
	bool ok = true;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	m->cap = wc->cap;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS (no lf_spsc_init_at)");
#ifdef LF_PAUSE_POINTS
	KUNIT_ASSERT_EQ(test, lf_spsc_init_at(&s, wc->cap, wc->start), 0);
#endif
	for (lap = 0; lap < 12 && ok; lap++) {
		while (m->n < m->cap && ok) {
			KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(&s, to_ptr(next)), 0);
			model_push(m, next++);
			ok = check_level(test, &s, m->n, "fill", step++);
		}
		KUNIT_EXPECT_EQ(test, lf_spsc_enqueue(&s, to_ptr(next)), -ENOSPC);
		while (m->n > m->cap / 2 && ok) {
			v = NULL;
			KUNIT_EXPECT_EQ(test, lf_spsc_peek(&s, &v), 0);
			KUNIT_EXPECT_EQ(test, from_ptr(v), m->v[m->head]);
			KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(&s, &v), 0);
			KUNIT_EXPECT_EQ(test, from_ptr(v), model_pop(m));
			ok = check_level(test, &s, m->n, "drain", step++);
		}
		for (k = 0; k < m->cap; k++)
			buf[k] = to_ptr(next + k);
		got = lf_spsc_enqueue_burst(&s, buf, m->cap);
		KUNIT_EXPECT_EQ(test, got, m->cap - m->n);
		for (k = 0; k < got; k++)
			model_push(m, next++);
		ok = ok && check_level(test, &s, m->n, "burst in", step++);
		for (i = 1; m->n && ok; i++) {
			unsigned int want = i < m->n ? i : m->n;

			got = lf_spsc_dequeue_burst(&s, buf, i);
			KUNIT_EXPECT_EQ(test, got, want);
			for (k = 0; k < got; k++)
				if (from_ptr(buf[k]) != model_pop(m)) {
					KUNIT_FAIL(test, "lap %u: order", lap);
					ok = false;
				}
			ok = ok && check_level(test, &s, m->n, "burst out", step++);
		}
		KUNIT_EXPECT_EQ(test, lf_spsc_dequeue(&s, &v), -ENOENT);
	}
	lf_spsc_destroy(&s);
}

/* ---- tier 4: stress ---------------------------------------------------- */

static const unsigned int stress_threads[] = { 2, 4, 8, 16 };

static void stress_threads_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u threads", *n);
}

KUNIT_ARRAY_PARAM(stress_threads, stress_threads, stress_threads_desc);

/* One watchdog for all pairs: a pair that has finished must not trip it. */
struct pairs_shared {
	int stop;
	unsigned long progress;	/* any thread's tick will do */
};

struct pair {
	struct lf_spsc s;
	struct pairs_shared *sh;
	int done;		/* producer finished */
	u64 deadline_ns;
	unsigned long produced;
	unsigned long consumed;
	unsigned long bad;	/* out of order, duplicated or lost */
	unsigned long over;	/* count() above capacity, seen by the consumer */
	unsigned long mon_over;	/* ... seen by the monitor */
	bool burst;
	u64 rng;
};

static int spsc_producer_fn(void *arg)
{
	struct pair *p = arg;
	unsigned long seq = 1;
	void *buf[8];

	/* Time-bounded, but at least 2000 values (slow emulated kernels). */
	while (!lf_read_once(p->sh->stop) &&
	       (lf_test_now_ns() < p->deadline_ns || seq <= 2000)) {
		unsigned int k, n = 1 + (lf_test_prandom(&p->rng) & 7), got;

		if (p->burst) {
			for (k = 0; k < n; k++)
				buf[k] = to_ptr(seq + k);
			got = lf_spsc_enqueue_burst(&p->s, buf, n);
		} else {
			got = !lf_spsc_enqueue(&p->s, to_ptr(seq));
		}
		seq += got;
		if (!got)
			lf_test_yield();
		progress_tick(&p->sh->progress);
	}
	p->produced = seq - 1;
	/* Release pairs with the consumer's acquire: produced is final. */
	lf_store_release(&p->done, 1);
	return 0;
}

static int spsc_consumer_fn(void *arg)
{
	struct pair *p = arg;
	unsigned long expect = 1;
	bool done = false;
	void *buf[8];

	for (;;) {
		unsigned int k, got;

		if (p->burst) {
			got = lf_spsc_dequeue_burst(&p->s, buf, 8);
		} else {
			void *peeked = NULL;

			got = 0;
			if (!lf_spsc_peek(&p->s, &peeked)) {
				got = !lf_spsc_dequeue(&p->s, buf);
				if (!got || buf[0] != peeked)
					p->bad++;
			}
		}
		for (k = 0; k < got; k++)
			if (from_ptr(buf[k]) != expect++)
				p->bad++;
		if (lf_spsc_count(&p->s) > lf_spsc_capacity(&p->s))
			p->over++;
		if (!got) {
			if (done || lf_read_once(p->sh->stop))
				break;
			/* Acquire pairs with the producer's release of done. */
			done = lf_load_acquire(&p->done);
			lf_test_yield();
		}
		progress_tick(&p->sh->progress);
	}
	p->consumed = expect - 1;
	return 0;
}

/* A third thread of each pair: count() never above capacity. */
static int spsc_monitor_fn(void *arg)
{
	struct pair *p = arg;

	while (!lf_load_acquire(&p->done) && !lf_read_once(p->sh->stop)) {
		if (lf_spsc_count(&p->s) > lf_spsc_capacity(&p->s))
			p->mon_over++;
		lf_test_yield();
	}
	return 0;
}

/*
 * nr/2 independent pairs (oversubscribed on 2 CPUs so threads are
 * preempted mid-operation), capacities 1, 2, 7, 64 ..., single operations
 * with peek or bursts; every value arrives once and in order.
 */
static void spsc_stress_pairs_deliver_in_order_exactly_once(struct kunit *test)
{
	static const unsigned int caps[] = { 1, 2, 7, 64, 1000 };
	const unsigned int nr = *(const unsigned int *)test->param_value;
	const unsigned int npairs = nr / 2;
	struct pair *p = kunit_kcalloc(test, npairs, sizeof(*p), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, 3 * npairs, sizeof(*t), GFP_KERNEL);
	struct pairs_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	struct lf_test_watchdog *wd;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, sh);
	wd = lf_test_watchdog_start(&sh->progress, &sh->stop, 10000);
	for (i = 0; i < npairs; i++) {
		p[i].sh = sh;
		KUNIT_ASSERT_EQ(test, lf_spsc_init(&p[i].s, caps[i % ARRAY_SIZE(caps)]), 0);
		p[i].burst = i & 1;
		p[i].rng = lf_test_seed() + i + 1;
		p[i].deadline_ns = lf_test_now_ns() +
			(u64)lf_test_stress_ms() * 1000000ull / 8;
		t[3 * i] = lf_test_thread_start(spsc_consumer_fn, &p[i], "spsc_cons");
		t[3 * i + 1] = lf_test_thread_start(spsc_producer_fn, &p[i], "spsc_prod");
		t[3 * i + 2] = lf_test_thread_start(spsc_monitor_fn, &p[i], "spsc_mon");
	}
	for (i = 0; i < 3 * npairs; i++) {
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	}
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");
	for (i = 0; i < npairs; i++) {
		KUNIT_EXPECT_EQ_MSG(test, p[i].bad, 0ul, "pair %u: values out of order", i);
		KUNIT_EXPECT_EQ_MSG(test, p[i].over + p[i].mon_over, 0ul,
				    "pair %u: count() > capacity", i);
		KUNIT_EXPECT_EQ_MSG(test, p[i].consumed, p[i].produced,
				    "pair %u: values lost", i);
		KUNIT_EXPECT_GT(test, p[i].produced, 0ul);
		KUNIT_EXPECT_TRUE(test, lf_spsc_empty(&p[i].s));
		kunit_info(test, "pair %u (capacity %u, %s): %lu values", i,
			   lf_spsc_capacity(&p[i].s), p[i].burst ? "bursts" : "single+peek",
			   p[i].produced);
		lf_spsc_destroy(&p[i].s);
	}
}

/* ---- layout ------------------------------------------------------------ */

#define LINE_OF(member)	(offsetof(struct lf_spsc, member) / LF_CACHELINE_BYTES)

static void spsc_layout_separates_producer_and_consumer_fields(struct kunit *test)
{
	const size_t prod[] = { LINE_OF(tail), LINE_OF(tail_pos), LINE_OF(head_cache) };
	const size_t cons[] = { LINE_OF(head), LINE_OF(head_pos), LINE_OF(tail_cache) };
	unsigned int i, j;

	KUNIT_EXPECT_GE(test, (size_t)__alignof__(struct lf_spsc),
			(size_t)LF_CACHELINE_BYTES);
	KUNIT_EXPECT_GE(test, offsetof(struct lf_spsc, head) -
			offsetof(struct lf_spsc, tail), (size_t)LF_CACHELINE_BYTES);
	for (i = 0; i < ARRAY_SIZE(prod); i++)
		for (j = 0; j < ARRAY_SIZE(cons); j++)
			KUNIT_EXPECT_NE_MSG(test, prod[i], cons[j],
					    "producer field %u and consumer field %u share a line",
					    i, j);
	for (i = 0; i < ARRAY_SIZE(prod); i++) {
		KUNIT_EXPECT_NE(test, prod[i], LINE_OF(slots));
		KUNIT_EXPECT_NE(test, cons[i], LINE_OF(slots));
	}
}

static struct kunit_case lfkit_spsc_cases[] = {
	KUNIT_CASE_PARAM(spsc_init_capacity_is_exact_or_einval, capacity_gen_params),
	KUNIT_CASE(spsc_init_allocation_failure_returns_enomem),
	KUNIT_CASE(spsc_destroyed_ring_can_be_initialised_again),
	KUNIT_CASE(spsc_peek_leaves_the_value_queued),
	KUNIT_CASE_PARAM(spsc_ops_match_fifo_model, variant_gen_params),
	KUNIT_CASE(spsc_burst_sweep_matches_single_operations),
	KUNIT_CASE_PARAM(spsc_wraparound_laps_keep_order_and_count, wrap_gen_params),
	KUNIT_CASE_PARAM(spsc_stress_pairs_deliver_in_order_exactly_once,
			 stress_threads_gen_params),
	KUNIT_CASE(spsc_layout_separates_producer_and_consumer_fields),
	{}
};

struct kunit_suite lfkit_spsc_suite = {
	.name = "lfkit_spsc",
	.test_cases = lfkit_spsc_cases,
};
