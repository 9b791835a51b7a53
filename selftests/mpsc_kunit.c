// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/mpsc.h, in-kernel (KUnit) and in
 * userspace (the KUnit shim), from this one file.
 *
 * Tiers (TESTING.md): 1 contract (table-driven against an array model,
 * every push variant x every pop variant; push_chain, pop_all, splice),
 * 2 wraparound (not applicable: no counters), 3 pause points (a producer
 * parked between its exchange and its link while the consumer polls, with
 * the queue empty and non-empty before it; the consumer parked before its
 * tail CAS while a producer pushes; pop_all and splice across a pending
 * link), 4 stress with conservation (producers x consumer modes, >= 2^20
 * items in userspace, per-producer FIFO and exactly-once, a linearisability
 * check of "empty", poisoned nodes, a watchdog), and the push-return
 * wake-up protocol over many sleep/wake rounds.
 *
 * Queues live in static storage: struct lf_mpsc has cache-line aligned
 * members, which a plain heap allocation would misalign (UBSan checks).
 */
#include "lf_kunit.h"
#include "../lf/mpsc.h"
#include "../lf/pause.h"

#define POISON_BYTE	0x6b

struct item {
	struct lf_mpsc_node node;
	u32 producer;
	u32 seq;
};

static struct item *to_item(struct lf_mpsc_node *n)
{
	return n ? container_of(n, struct item, node) : NULL;
}

/* The watchdog's progress counter: any change will do. */
static void progress_tick(unsigned long *progress)
{
	lf_write_once(*progress, lf_read_once(*progress) + 1);
}

static bool wait_parked(void)
{
	int i;

	for (i = 0; i < 5000 && !lf_pause_parked(); i++)
		lf_test_msleep(1);
	return lf_pause_parked();
}

/* ---- tier 1: contract, one body for every push x pop variant ---------- */

enum push_variant { PUSH_ONE, PUSH_CHAIN_OF_ONE, PUSH_CHAIN_PAIRS };
enum pop_variant { POP_WAIT, POP_TRY };

struct variant {
	enum push_variant push;
	enum pop_variant pop;
};

static const char *const push_variant_names[] = {
	[PUSH_ONE] = "push",
	[PUSH_CHAIN_OF_ONE] = "push_chain(n..n)",
	[PUSH_CHAIN_PAIRS] = "push_chain of two-node chains",
};

static const char *const pop_variant_names[] = {
	[POP_WAIT] = "pop",
	[POP_TRY] = "try_pop",
};

static const struct variant variants[] = {
	{ PUSH_ONE, POP_WAIT }, { PUSH_ONE, POP_TRY },
	{ PUSH_CHAIN_OF_ONE, POP_WAIT }, { PUSH_CHAIN_OF_ONE, POP_TRY },
	{ PUSH_CHAIN_PAIRS, POP_WAIT }, { PUSH_CHAIN_PAIRS, POP_TRY },
};

static void variant_desc(const struct variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, %s",
		 push_variant_names[v->push], pop_variant_names[v->pop]);
}

KUNIT_ARRAY_PARAM(variant, variants, variant_desc);

enum op { OP_PUSH, OP_POP, OP_POP_ALL, OP_EMPTY };

struct step {
	enum op op;
	int arg;		/* items pushed (OP_PUSH) */
};

struct script {
	const char *name;
	const struct step *steps;
	int nr_steps;
};

#define STEPS(...) .steps = (const struct step[]){ __VA_ARGS__ },		\
	.nr_steps = (int)(sizeof((const struct step[]){ __VA_ARGS__ }) /	\
			  sizeof(struct step))

static const struct script contract_scripts[] = {
	{ "empty queue: pop NULL / -ENOENT, pop_all false, empty true",
	  STEPS({ OP_EMPTY, 0 }, { OP_POP, 0 }, { OP_POP_ALL, 0 }, { OP_EMPTY, 0 }) },
	{ "push reports was-empty only for the first node",
	  STEPS({ OP_PUSH, 1 }, { OP_PUSH, 1 }, { OP_PUSH, 1 }, { OP_EMPTY, 0 }) },
	{ "FIFO order, then empty again, then was-empty again",
	  STEPS({ OP_PUSH, 4 }, { OP_POP, 0 }, { OP_POP, 0 }, { OP_POP, 0 }, { OP_POP, 0 },
		{ OP_POP, 0 }, { OP_EMPTY, 0 }, { OP_PUSH, 1 }, { OP_POP, 0 }) },
	{ "taking the last node makes the next push see empty",
	  STEPS({ OP_PUSH, 1 }, { OP_POP, 0 }, { OP_PUSH, 1 }, { OP_PUSH, 1 }, { OP_POP, 0 },
		{ OP_POP, 0 }, { OP_EMPTY, 0 }, { OP_PUSH, 2 }) },
	{ "pop_all takes everything oldest first",
	  STEPS({ OP_PUSH, 6 }, { OP_POP_ALL, 0 }, { OP_EMPTY, 0 }, { OP_POP, 0 },
		{ OP_PUSH, 2 }, { OP_POP_ALL, 0 }, { OP_PUSH, 1 }) },
	{ "interleaved pushes and pops",
	  STEPS({ OP_PUSH, 2 }, { OP_POP, 0 }, { OP_PUSH, 3 }, { OP_POP, 0 },
		{ OP_POP, 0 }, { OP_PUSH, 1 }, { OP_POP_ALL, 0 }, { OP_POP, 0 },
		{ OP_PUSH, 5 }, { OP_POP, 0 }, { OP_POP_ALL, 0 }) },
};

#define MODEL_MAX 64

struct model {
	struct item *slot[MODEL_MAX];
	int head, tail;		/* FIFO: slot[head..tail) */
};

static struct lf_mpsc contract_q;

static void contract_push(struct kunit *test, struct lf_mpsc *q,
			  struct model *m, struct item *pool, int *next_item,
			  int count, enum push_variant v)
{
	int i = 0;

	while (i < count) {
		bool was_empty, want = m->head == m->tail;
		struct item *a = &pool[(*next_item)++];

		KUNIT_ASSERT_LT(test, *next_item, MODEL_MAX);
		/* garbage in ->next: push must not rely on the caller's */
		a->node.next = &a->node;
		if (v == PUSH_CHAIN_PAIRS && i + 1 < count) {
			struct item *b = &pool[(*next_item)++];
			struct lf_mpsc_chain c = { &a->node, &b->node };

			a->node.next = &b->node;
			b->node.next = &a->node;	/* garbage: push_chain sets it */
			was_empty = lf_mpsc_push_chain(q, &c);
			m->slot[m->tail++] = a;
			m->slot[m->tail++] = b;
			i += 2;
		} else {
			struct lf_mpsc_chain c = { &a->node, &a->node };

			if (v == PUSH_ONE)
				was_empty = lf_mpsc_push(q, &a->node);
			else
				was_empty = lf_mpsc_push_chain(q, &c);
			m->slot[m->tail++] = a;
			i++;
		}
		KUNIT_EXPECT_EQ_MSG(test, was_empty, want,
				    "push return value disagrees with the model");
	}
}

static struct lf_mpsc_node *contract_pop(struct kunit *test, struct lf_mpsc *q,
					 enum pop_variant v, bool model_empty)
{
	struct lf_mpsc_node *n = NULL;
	int ret;

	if (v == POP_WAIT)
		return lf_mpsc_pop(q);
	ret = lf_mpsc_try_pop(q, &n);
	/* single-threaded: never -EAGAIN, and -ENOENT exactly when empty */
	KUNIT_EXPECT_EQ(test, ret, model_empty ? -ENOENT : 0);
	return ret ? NULL : n;
}

static void mpsc_ops_match_array_model(struct kunit *test)
{
	const struct variant *v = test->param_value;
	struct item *pool = kunit_kcalloc(test, MODEL_MAX, sizeof(*pool), GFP_KERNEL);
	struct lf_mpsc *q = &contract_q;
	unsigned int si;

	KUNIT_ASSERT_NOT_NULL(test, pool);
	for (si = 0; si < ARRAY_SIZE(contract_scripts); si++) {
		const struct script *sc = &contract_scripts[si];
		struct model m = { .head = 0, .tail = 0 };
		struct lf_mpsc_chain c;
		struct lf_mpsc_node *got, *pos, *tmp;
		int next_item = 0, k;

		lf_mpsc_init(q);
		for (k = 0; k < sc->nr_steps; k++) {
			const struct step *st = &sc->steps[k];
			bool model_empty = m.head == m.tail;

			switch (st->op) {
			case OP_PUSH:
				contract_push(test, q, &m, pool, &next_item,
					      st->arg, v->push);
				break;
			case OP_POP:
				got = contract_pop(test, q, v->pop, model_empty);
				KUNIT_EXPECT_PTR_EQ_MSG(test, to_item(got),
							model_empty ? NULL : m.slot[m.head],
							"script '%s' step %d: pop", sc->name, k);
				if (!model_empty)
					m.head++;
				break;
			case OP_POP_ALL:
				KUNIT_EXPECT_EQ_MSG(test, lf_mpsc_pop_all(q, &c), !model_empty,
						    "script '%s' step %d: pop_all return",
						    sc->name, k);
				lf_mpsc_chain_for_each_safe(pos, tmp, &c) {
					KUNIT_EXPECT_LT_MSG(test, m.head, m.tail,
							    "script '%s' step %d: pop_all returned extra nodes",
							    sc->name, k);
					if (m.head == m.tail)
						break;
					KUNIT_EXPECT_PTR_EQ_MSG(test, to_item(pos),
								m.slot[m.head],
								"script '%s' step %d: pop_all order",
								sc->name, k);
					m.head++;
				}
				KUNIT_EXPECT_EQ_MSG(test, m.head, m.tail,
						    "script '%s' step %d: pop_all left nodes behind",
						    sc->name, k);
				m.head = m.tail;
				break;
			case OP_EMPTY:
				KUNIT_EXPECT_EQ_MSG(test, lf_mpsc_empty(q), model_empty,
						    "script '%s' step %d: empty", sc->name, k);
				break;
			}
		}
	}
}

/* The static initialiser gives the same empty queue as lf_mpsc_init(). */
static struct lf_mpsc static_q = LF_MPSC_INIT(static_q);

static void mpsc_static_init_is_empty(struct kunit *test)
{
	struct item it = { .seq = 1 };
	struct lf_mpsc_node *n = NULL;

	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&static_q));
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(&static_q, &n), -ENOENT);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_push(&static_q, &it.node));
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(&static_q), &it.node);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&static_q));
}

static void mpsc_push_chain_empty_chain_does_nothing(struct kunit *test)
{
	struct lf_mpsc *q = &contract_q;
	struct lf_mpsc_chain c = { NULL, NULL };
	struct item it;

	lf_mpsc_init(q);
	KUNIT_EXPECT_FALSE(test, lf_mpsc_push_chain(q, &c));
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(q));
	KUNIT_EXPECT_TRUE(test, lf_mpsc_push(q, &it.node));
	KUNIT_EXPECT_FALSE(test, lf_mpsc_push_chain(q, &c));
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(q), &it.node);
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(q), (struct lf_mpsc_node *)NULL);
}

static struct lf_mpsc splice_src, splice_dst;

/*
 * splice(dst, src): src's nodes follow dst's, in order; src is left empty;
 * the return value is "dst was empty and received nodes".
 */
static void mpsc_splice_moves_everything_in_order(struct kunit *test)
{
	struct item it[5];
	struct lf_mpsc_node *n;
	int i;

	lf_mpsc_init(&splice_src);
	lf_mpsc_init(&splice_dst);
	/* empty src: nothing moves, false */
	KUNIT_EXPECT_FALSE(test, lf_mpsc_splice(&splice_dst, &splice_src));
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&splice_dst));

	for (i = 0; i < 5; i++)
		it[i].seq = i;
	lf_mpsc_push(&splice_dst, &it[0].node);
	lf_mpsc_push(&splice_dst, &it[1].node);
	lf_mpsc_push(&splice_src, &it[2].node);
	lf_mpsc_push(&splice_src, &it[3].node);
	lf_mpsc_push(&splice_src, &it[4].node);
	/* dst not empty: false */
	KUNIT_EXPECT_FALSE(test, lf_mpsc_splice(&splice_dst, &splice_src));
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&splice_src));
	for (i = 0; i < 5; i++) {
		n = lf_mpsc_pop(&splice_dst);
		KUNIT_EXPECT_PTR_EQ_MSG(test, n, &it[i].node, "position %d", i);
		if (n != &it[i].node)
			return;
	}
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&splice_dst));
	/* into an empty dst: true (wake dst's consumer) */
	lf_mpsc_push(&splice_src, &it[3].node);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_splice(&splice_dst, &splice_src));
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(&splice_dst), &it[3].node);
	/* the source's next push sees it empty */
	KUNIT_EXPECT_TRUE(test, lf_mpsc_push(&splice_src, &it[4].node));
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(&splice_src), &it[4].node);
}

static void mpsc_chain_safe_iterator_allows_free(struct kunit *test)
{
	struct lf_mpsc *q = &contract_q;
	struct lf_mpsc_chain c;
	struct lf_mpsc_node *pos, *tmp;
	int i, seen = 0;

	lf_mpsc_init(q);
	for (i = 0; i < 5; i++) {
		struct item *it = lf_kzalloc(sizeof(*it));

		KUNIT_ASSERT_NOT_NULL(test, it);
		it->seq = i;
		lf_mpsc_push(q, &it->node);
	}
	KUNIT_ASSERT_TRUE(test, lf_mpsc_pop_all(q, &c));
	/* oldest first: 0 1 2 3 4; freeing inside the loop must be safe */
	lf_mpsc_chain_for_each_safe(pos, tmp, &c) {
		struct item *it = to_item(pos);

		KUNIT_EXPECT_EQ(test, it->seq, (u32)seen);
		seen++;
		memset(it, POISON_BYTE, sizeof(*it));
		lf_kfree(it);
	}
	KUNIT_EXPECT_EQ(test, seen, 5);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(q));
}

/* ---- tier 3: pause points --------------------------------------------- */

struct parked_push {
	struct lf_mpsc *q;
	struct item *it;
	int ret;		/* push's return value */
};

static int parked_push_fn(void *arg)
{
	struct parked_push *p = arg;

	/* Release pairs with the acquire load of ->ret after the join. */
	lf_store_release(&p->ret, lf_mpsc_push(p->q, &p->it->node));
	return 0;
}

struct waiting_pop {
	struct lf_mpsc *q;
	struct lf_mpsc_node *got;
	int done;
};

static int waiting_pop_fn(void *arg)
{
	struct waiting_pop *w = arg;

	lf_write_once(w->got, lf_mpsc_pop(w->q));
	/* Release pairs with the acquire in waiting_pop_done(). */
	lf_store_release(&w->done, 1);
	return 0;
}

static bool waiting_pop_done(struct waiting_pop *w)
{
	/* Acquire pairs with the release store in waiting_pop_fn(). */
	return lf_load_acquire(&w->done);
}

static struct lf_mpsc window_q;

/*
 * A producer parked between its exchange and its link, with @nr_before
 * nodes queued before it (0: it found the queue empty, so the stub's link
 * is the one missing; >0: the last queued node's link is missing) and more
 * pushed by others after it. The consumer polls: every node before the
 * parked one comes out, then try_pop answers -EAGAIN (never -ENOENT), the
 * head is left exactly as it was, empty() is false, and a blocking pop
 * waits. When the producer resumes, nothing is lost and the order is kept.
 */
static void mpsc_window_case(struct kunit *test, int nr_before)
{
	struct item *it = kunit_kcalloc(test, 8, sizeof(*it), GFP_KERNEL);
	struct lf_mpsc *q = &window_q;
	struct parked_push p = { .q = q, .ret = -1 };
	struct waiting_pop w = { .q = q };
	struct lf_test_thread *t, *pt;
	struct lf_mpsc_node *n, *head_before;
	int i, polls, eagain = 0, enoent = 0, other = 0;
	const int nr_after = 3, x = nr_before;	/* it[x] is the parked node */

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_NOT_NULL(test, it);
	lf_mpsc_init(q);
	for (i = 0; i < nr_before + 1 + nr_after; i++)
		it[i].seq = i;
	for (i = 0; i < nr_before; i++)
		lf_mpsc_push(q, &it[i].node);

	p.it = &it[x];
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_mpsc_push:after_xchg"), 0);
	t = lf_test_thread_start(parked_push_fn, &p, "mpsc_parked_push");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());
	/* Others push after the parked node; their pushes complete. */
	for (i = x + 1; i <= x + nr_after; i++)
		KUNIT_EXPECT_FALSE(test, lf_mpsc_push(q, &it[i].node));

	/* Everything before the parked node is reachable... */
	for (i = 0; i < nr_before - 1; i++) {
		KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(q, &n), 0);
		KUNIT_EXPECT_PTR_EQ(test, n, &it[i].node);
	}
	/*
	 * ...but the last node before it is not: its ->next is the missing
	 * link (or, with nothing before, the stub's). Poll many times.
	 */
	head_before = lf_read_once(q->head.next);
	for (polls = 0; polls < 1000; polls++) {
		n = NULL;
		switch (lf_mpsc_try_pop(q, &n)) {
		case -EAGAIN:
			eagain++;
			break;
		case -ENOENT:
			enoent++;
			break;
		default:
			other++;
			break;
		}
		KUNIT_EXPECT_PTR_EQ_MSG(test, lf_read_once(q->head.next), head_before,
					"poll %d: try_pop changed the head", polls);
		if (lf_read_once(q->head.next) != head_before)
			break;
	}
	KUNIT_EXPECT_EQ_MSG(test, enoent, 0, "-ENOENT while a push was in its window");
	KUNIT_EXPECT_EQ_MSG(test, other, 0, "a node came out past the missing link");
	KUNIT_EXPECT_EQ(test, eagain, polls);
	KUNIT_EXPECT_FALSE(test, lf_mpsc_empty(q));

	/* A blocking pop waits for the link. */
	pt = lf_test_thread_start(waiting_pop_fn, &w, "mpsc_waiting_pop");
	KUNIT_ASSERT_NOT_NULL(test, pt);
	lf_test_msleep(50);
	KUNIT_EXPECT_FALSE_MSG(test, waiting_pop_done(&w),
			       "pop returned while the next link was missing");
	KUNIT_EXPECT_TRUE(test, lf_pause_parked());

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(pt), 0);
	/* Acquire pairs with the release in parked_push_fn (after the join anyway). */
	KUNIT_EXPECT_EQ(test, lf_load_acquire(&p.ret), nr_before == 0 ? 1 : 0);
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(w.got),
			    &it[nr_before ? nr_before - 1 : x].node);

	/* The rest, in order. */
	for (i = nr_before ? x : x + 1; i <= x + nr_after; i++) {
		KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(q, &n), 0);
		KUNIT_EXPECT_PTR_EQ_MSG(test, n, &it[i].node, "position %d", i);
	}
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(q, &n), -ENOENT);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(q));
}

static void mpsc_try_pop_in_window_after_empty_returns_eagain(struct kunit *test)
{
	mpsc_window_case(test, 0);
}

static void mpsc_try_pop_in_window_after_last_node_returns_eagain(struct kunit *test)
{
	mpsc_window_case(test, 1);
}

static void mpsc_try_pop_in_window_behind_nodes_returns_eagain(struct kunit *test)
{
	mpsc_window_case(test, 3);
}

struct parked_consumer {
	struct lf_mpsc *q;
	struct lf_mpsc_node *got;
	int ret;
};

static int parked_try_pop_fn(void *arg)
{
	struct parked_consumer *c = arg;

	c->ret = lf_mpsc_try_pop(c->q, &c->got);
	return 0;
}

/*
 * The consumer takes what looks like the last node A: it clears the stub's
 * link and parks before its CAS of the tail back to the stub. A producer
 * pushes B meanwhile: the queue was not empty (A is still in it), so B's
 * push returns false, and the consumer's CAS must fail and take B's link
 * instead. Afterwards B comes out, and the push after that sees empty.
 */
static void mpsc_consumer_parked_before_cas_loses_no_push(struct kunit *test)
{
	struct lf_mpsc *q = &window_q;
	struct item a = { .seq = 0 }, b = { .seq = 1 }, c = { .seq = 2 };
	struct parked_consumer pc = { .q = q };
	struct lf_test_thread *t;
	struct lf_mpsc_node *n = NULL;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	lf_mpsc_init(q);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_push(q, &a.node));
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_mpsc_pop:before_cas"), 0);
	t = lf_test_thread_start(parked_try_pop_fn, &pc, "mpsc_parked_pop");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());
	KUNIT_EXPECT_FALSE_MSG(test, lf_mpsc_push(q, &b.node),
			       "A was still queued: B's push must not report empty");
	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_EQ(test, pc.ret, 0);
	KUNIT_EXPECT_PTR_EQ(test, pc.got, &a.node);
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(q, &n), 0);
	KUNIT_EXPECT_PTR_EQ(test, n, &b.node);
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(q, &n), -ENOENT);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_push(q, &c.node));
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(q), &c.node);
}

/*
 * pop_all and splice across a pending link: A is queued, the producer of
 * X is parked in its window (A->next missing), Y is pushed after X. pop_all
 * detaches A..Y and leaves the source empty (its next push reports empty);
 * the chain is appended to another queue whose consumer answers -EAGAIN
 * (never -ENOENT; A's link is missing) until X's producer links, then sees
 * A, X and Y.
 */
static void mpsc_splice_across_pending_link_keeps_order(struct kunit *test)
{
	struct item it[4];	/* A X Y Z */
	struct parked_push p = { .q = &splice_src, .it = &it[1], .ret = -1 };
	struct lf_mpsc_chain c;
	struct lf_test_thread *t;
	struct lf_mpsc_node *n = NULL;
	int i;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	lf_mpsc_init(&splice_src);
	lf_mpsc_init(&splice_dst);
	for (i = 0; i < 4; i++)
		it[i].seq = i;
	lf_mpsc_push(&splice_src, &it[0].node);
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_mpsc_push:after_xchg"), 0);
	t = lf_test_thread_start(parked_push_fn, &p, "mpsc_parked_push");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());
	lf_mpsc_push(&splice_src, &it[2].node);

	KUNIT_EXPECT_TRUE(test, lf_mpsc_pop_all(&splice_src, &c));
	KUNIT_EXPECT_PTR_EQ(test, c.first, &it[0].node);
	KUNIT_EXPECT_PTR_EQ(test, c.last, &it[2].node);
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&splice_src));
	KUNIT_EXPECT_TRUE(test, lf_mpsc_push(&splice_src, &it[3].node));

	KUNIT_EXPECT_TRUE(test, lf_mpsc_push_chain(&splice_dst, &c));
	/* A cannot come out before its successor's link exists. */
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(&splice_dst, &n), -EAGAIN);
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(splice_dst.head.next), &it[0].node);
	KUNIT_EXPECT_FALSE(test, lf_mpsc_empty(&splice_dst));

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(&splice_dst, &n), 0);
	KUNIT_EXPECT_PTR_EQ(test, n, &it[0].node);
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(&splice_dst, &n), 0);
	KUNIT_EXPECT_PTR_EQ(test, n, &it[1].node);
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(&splice_dst, &n), 0);
	KUNIT_EXPECT_PTR_EQ(test, n, &it[2].node);
	KUNIT_EXPECT_EQ(test, lf_mpsc_try_pop(&splice_dst, &n), -ENOENT);
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(&splice_src), &it[3].node);
	KUNIT_EXPECT_PTR_EQ(test, lf_mpsc_pop(&splice_src), (struct lf_mpsc_node *)NULL);
}

/* ---- tier 4: stress with conservation ---------------------------------- */

/*
 * Items per run: every 8-producer run moves 2^20 (at least 10^6) in
 * userspace, the other shapes 2^18. The kernel suites run under QEMU TCG
 * (and KASAN/KCSAN), where that would take minutes: there every count is
 * divided by STRESS_KERNEL_DIV.
 */
#ifdef __KERNEL__
#define STRESS_KERNEL_DIV	8
#else
#define STRESS_KERNEL_DIV	1
#endif
#define MAX_PRODUCERS	16

enum consumer_mode { CONS_POP, CONS_TRY_POP, CONS_POP_ALL, CONS_MIXED };

static const char *const consumer_mode_names[] = {
	[CONS_POP] = "pop", [CONS_TRY_POP] = "try_pop",
	[CONS_POP_ALL] = "pop_all", [CONS_MIXED] = "pop/try_pop/pop_all/splice",
};

struct stress_param {
	unsigned int producers;
	enum consumer_mode mode;
	u32 items;
};

static const struct stress_param stress_params[] = {
	{ 8, CONS_POP, 1u << 20 }, { 8, CONS_TRY_POP, 1u << 20 },
	{ 8, CONS_POP_ALL, 1u << 20 }, { 8, CONS_MIXED, 1u << 20 },
	{ 1, CONS_TRY_POP, 1u << 18 }, { 2, CONS_MIXED, 1u << 18 },
	{ 16, CONS_MIXED, 1u << 18 },
};

static void stress_param_desc(const struct stress_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u producers, 1 consumer (%s), %u items",
		 p->producers, consumer_mode_names[p->mode],
		 p->items / STRESS_KERNEL_DIV);
}

KUNIT_ARRAY_PARAM(stress, stress_params, stress_param_desc);

struct stress {
	unsigned int nr_producers;
	u32 per_producer;
	enum consumer_mode mode;
	int stop;
	unsigned long progress;
	struct item *items[MAX_PRODUCERS];
	lf_atomic_long_t pushed;	/* pushes that have returned */
	/* consumer-only */
	u32 next_seq[MAX_PRODUCERS];
	unsigned long consumed;
	unsigned long bad;		/* impossible tags (poisoned: consumed twice) */
	unsigned long order;		/* a producer's items out of order / twice */
	unsigned long false_empty;	/* empty answered with pushed > consumed */
	unsigned long eagain;
};

static struct lf_mpsc stress_q, stress_aux;

struct stress_producer {
	struct stress *st;
	u32 id;
};

static int stress_producer_fn(void *arg)
{
	struct stress_producer *p = arg;
	struct stress *st = p->st;
	u32 seq;

	for (seq = 0; seq < st->per_producer && !lf_read_once(st->stop); seq++) {
		struct item *it = &st->items[p->id][seq];

		it->producer = p->id;
		it->seq = seq;
		lf_mpsc_push(&stress_q, &it->node);
		/* Fully ordered: counted only after the push has returned. */
		lf_atomic_long_fetch_add(1, &st->pushed);
		if ((seq & 255) == 0)
			progress_tick(&st->progress);
	}
	return 0;
}

static void stress_consume(struct stress *st, struct lf_mpsc_node *n)
{
	struct item *it = to_item(n);

	if (it->producer >= st->nr_producers || it->seq >= st->per_producer) {
		st->bad++;
	} else {
		/* per producer: exactly the next sequence number (FIFO, once) */
		if (it->seq != st->next_seq[it->producer])
			st->order++;
		st->next_seq[it->producer] = it->seq + 1;
	}
	st->consumed++;
	/* Poisoned: a second delivery of this node shows impossible tags. */
	memset(it, POISON_BYTE, sizeof(*it));
}

static int stress_consumer_fn(void *arg)
{
	struct stress *st = arg;
	const unsigned long total = (unsigned long)st->nr_producers * st->per_producer;
	struct lf_mpsc_chain c;
	struct lf_mpsc_node *n, *tmp;
	unsigned long round = 0;

	while (st->consumed < total && !lf_read_once(st->stop)) {
		enum consumer_mode mode = st->mode;
		long pushed;
		int ret;

		if (mode == CONS_MIXED)
			mode = (enum consumer_mode)(round % 4);
		round++;
		/*
		 * Fully ordered (a relaxed RMW between full barriers would
		 * do): pushes counted here returned before the pop below.
		 */
		pushed = lf_atomic_long_add_return(0, &st->pushed);
		switch (mode) {
		case CONS_POP:
			n = lf_mpsc_pop(&stress_q);
			if (n)
				stress_consume(st, n);
			else if (st->consumed < (unsigned long)pushed)
				st->false_empty++;
			break;
		case CONS_TRY_POP:
			ret = lf_mpsc_try_pop(&stress_q, &n);
			if (!ret)
				stress_consume(st, n);
			else if (ret == -EAGAIN)
				st->eagain++;
			else if (st->consumed < (unsigned long)pushed)
				st->false_empty++;
			break;
		case CONS_POP_ALL:
			if (!lf_mpsc_pop_all(&stress_q, &c)) {
				if (st->consumed < (unsigned long)pushed)
					st->false_empty++;
				break;
			}
			lf_mpsc_chain_for_each_safe(n, tmp, &c)
				stress_consume(st, n);
			break;
		case CONS_MIXED:	/* the fourth turn: splice, then drain */
			if (!lf_mpsc_splice(&stress_aux, &stress_q) &&
			    lf_mpsc_empty(&stress_aux) &&
			    st->consumed < (unsigned long)pushed)
				st->false_empty++;
			while ((n = lf_mpsc_pop(&stress_aux)))
				stress_consume(st, n);
			break;
		}
		progress_tick(&st->progress);
		if ((round & 63) == 0)
			lf_test_yield();
	}
	return 0;
}

static void mpsc_stress_producers_one_consumer_fifo_exactly_once(struct kunit *test)
{
	const struct stress_param *sp = test->param_value;
	struct stress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct stress_producer *p = kunit_kcalloc(test, sp->producers, sizeof(*p), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, sp->producers, sizeof(*t), GFP_KERNEL);
	struct lf_test_thread *consumer;
	struct lf_test_watchdog *wd;
	unsigned long total, missing = 0;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_LE(test, sp->producers, (unsigned int)MAX_PRODUCERS);
	st->nr_producers = sp->producers;
	st->per_producer = sp->items / STRESS_KERNEL_DIV / sp->producers;
	st->mode = sp->mode;
	total = (unsigned long)st->nr_producers * st->per_producer;
	for (i = 0; i < st->nr_producers; i++) {
		st->items[i] = lf_kvzalloc((size_t)st->per_producer * sizeof(struct item));
		KUNIT_ASSERT_NOT_NULL(test, st->items[i]);
	}
	lf_mpsc_init(&stress_q);
	lf_mpsc_init(&stress_aux);
	wd = lf_test_watchdog_start(&st->progress, &st->stop, 10000);

	consumer = lf_test_thread_start(stress_consumer_fn, st, "mpsc_consumer");
	KUNIT_ASSERT_NOT_NULL(test, consumer);
	for (i = 0; i < st->nr_producers; i++) {
		p[i].st = st;
		p[i].id = i;
		t[i] = lf_test_thread_start(stress_producer_fn, &p[i], "mpsc_producer");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < st->nr_producers; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(consumer), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");

	for (i = 0; i < st->nr_producers; i++)
		missing += st->per_producer - st->next_seq[i];
	KUNIT_EXPECT_EQ_MSG(test, st->consumed, total, "items consumed");
	KUNIT_EXPECT_EQ_MSG(test, missing, 0ul, "items never consumed");
	KUNIT_EXPECT_EQ_MSG(test, st->order, 0ul, "per-producer FIFO or once violated");
	KUNIT_EXPECT_EQ_MSG(test, st->bad, 0ul, "poisoned or impossible items");
	KUNIT_EXPECT_EQ_MSG(test, st->false_empty, 0ul,
			    "empty reported while a returned push was unconsumed");
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&stress_q));
	KUNIT_EXPECT_TRUE(test, lf_mpsc_empty(&stress_aux));
	kunit_info(test, "%lu items, %lu -EAGAIN answers", st->consumed, st->eagain);
	for (i = 0; i < st->nr_producers; i++)
		lf_kvfree(st->items[i]);
}

/* ---- the push-return wake-up protocol ----------------------------------- */

/*
 * A portable sleep/wake primitive that remembers a wake sent before the
 * wait (a counting semaphore): the consumer polls the token count, first
 * yielding, then sleeping, so a lost wake-up leaves it asleep with a
 * non-empty queue until the watchdog stops the run.
 */
struct doorbell {
	lf_atomic_t tokens;
};

static void doorbell_ring(struct doorbell *d)
{
	/* Fully ordered: the push is visible to a consumer that takes the token. */
	lf_atomic_fetch_add(1, &d->tokens);
}

/* Returns false if *stop was set while waiting. */
static bool doorbell_wait(struct doorbell *d, const int *stop)
{
	unsigned int spins = 0;

	for (;;) {
		/*
		 * One waiter: the count only grows under us, so a positive
		 * read means a token is ours. Fully ordered: pairs with
		 * doorbell_ring().
		 */
		if (lf_atomic_read(&d->tokens) > 0) {
			lf_atomic_fetch_sub(1, &d->tokens);
			return true;
		}
		if (lf_read_once(*stop))
			return false;
		if (spins++ < 64)
			lf_test_yield();
		else
			lf_test_msleep(1);
	}
}

#define WAKE_PRODUCERS	4
#ifdef __KERNEL__
#define WAKE_ROUNDS	300
#else
#define WAKE_ROUNDS	2000
#endif
#define WAKE_BURST	4

struct wake {
	struct doorbell bell;
	int stop;
	unsigned long progress;
	struct item *items;		/* [producer * WAKE_ROUNDS * WAKE_BURST] */
	lf_atomic_long_t wakes;		/* pushes that returned true */
	/* consumer-only */
	unsigned long consumed, sleeps, order;
	u32 next_seq[WAKE_PRODUCERS];
	int lost;			/* asleep with a non-empty queue at stop */
};

static struct lf_mpsc wake_q;

struct wake_producer {
	struct wake *w;
	u32 id;
};

static int wake_producer_fn(void *arg)
{
	struct wake_producer *p = arg;
	struct wake *w = p->w;
	u32 seq = 0, r, k;

	for (r = 0; r < WAKE_ROUNDS && !lf_read_once(w->stop); r++) {
		for (k = 0; k < WAKE_BURST; k++, seq++) {
			struct item *it = &w->items[(p->id * WAKE_ROUNDS * WAKE_BURST) + seq];

			it->producer = p->id;
			it->seq = seq;
			if (lf_mpsc_push(&wake_q, &it->node)) {
				lf_atomic_long_inc(&w->wakes);
				doorbell_ring(&w->bell);
			}
		}
		progress_tick(&w->progress);
		/* Let the consumer drain and go to sleep between bursts. */
		if (r & 1)
			lf_test_yield();
		else
			lf_test_msleep(0);
	}
	return 0;
}

static int wake_consumer_fn(void *arg)
{
	struct wake *w = arg;
	const unsigned long total = WAKE_PRODUCERS * WAKE_ROUNDS * WAKE_BURST;
	struct lf_mpsc_node *n;

	for (;;) {
		while ((n = lf_mpsc_pop(&wake_q))) {
			struct item *it = to_item(n);

			if (it->producer >= WAKE_PRODUCERS ||
			    it->seq != w->next_seq[it->producer])
				w->order++;
			else
				w->next_seq[it->producer]++;
			w->consumed++;
			progress_tick(&w->progress);
		}
		if (w->consumed >= total)
			return 0;
		/* Told "empty": sleep until a push that returned true wakes us. */
		w->sleeps++;
		if (!doorbell_wait(&w->bell, &w->stop)) {
			/* The watchdog stopped us: was a wake-up lost? */
			w->lost = !lf_mpsc_empty(&wake_q);
			return 0;
		}
	}
}

static void mpsc_push_return_wakes_sleeping_consumer(struct kunit *test)
{
	struct wake *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct wake_producer p[WAKE_PRODUCERS];
	struct lf_test_thread *t[WAKE_PRODUCERS], *consumer;
	struct lf_test_watchdog *wd;
	const unsigned long total = WAKE_PRODUCERS * WAKE_ROUNDS * WAKE_BURST;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->items = lf_kvzalloc(total * sizeof(struct item));
	KUNIT_ASSERT_NOT_NULL(test, w->items);
	lf_mpsc_init(&wake_q);
	wd = lf_test_watchdog_start(&w->progress, &w->stop, 5000);
	consumer = lf_test_thread_start(wake_consumer_fn, w, "mpsc_sleeper");
	KUNIT_ASSERT_NOT_NULL(test, consumer);
	for (i = 0; i < WAKE_PRODUCERS; i++) {
		p[i].w = w;
		p[i].id = i;
		t[i] = lf_test_thread_start(wake_producer_fn, &p[i], "mpsc_waker");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < WAKE_PRODUCERS; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(consumer), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress (a lost wake-up?)");
	KUNIT_EXPECT_EQ_MSG(test, w->lost, 0,
			    "consumer asleep with a non-empty queue: lost wake-up");
	KUNIT_EXPECT_EQ(test, w->consumed, total);
	KUNIT_EXPECT_EQ(test, w->order, 0ul);
	/* The protocol was exercised: the consumer slept and was woken. */
	KUNIT_EXPECT_GT(test, w->sleeps, 0ul);
	KUNIT_EXPECT_GT(test, (unsigned long)lf_atomic_long_read(&w->wakes), 0ul);
	kunit_info(test, "%lu items, %lu sleeps, %ld wake-ups", w->consumed,
		   w->sleeps, lf_atomic_long_read(&w->wakes));
	lf_kvfree(w->items);
}

static struct kunit_case lfkit_mpsc_cases[] = {
	KUNIT_CASE_PARAM(mpsc_ops_match_array_model, variant_gen_params),
	KUNIT_CASE(mpsc_static_init_is_empty),
	KUNIT_CASE(mpsc_push_chain_empty_chain_does_nothing),
	KUNIT_CASE(mpsc_splice_moves_everything_in_order),
	KUNIT_CASE(mpsc_chain_safe_iterator_allows_free),
	KUNIT_CASE(mpsc_try_pop_in_window_after_empty_returns_eagain),
	KUNIT_CASE(mpsc_try_pop_in_window_after_last_node_returns_eagain),
	KUNIT_CASE(mpsc_try_pop_in_window_behind_nodes_returns_eagain),
	KUNIT_CASE(mpsc_consumer_parked_before_cas_loses_no_push),
	KUNIT_CASE(mpsc_splice_across_pending_link_keeps_order),
	KUNIT_CASE_PARAM(mpsc_stress_producers_one_consumer_fifo_exactly_once,
			 stress_gen_params),
	KUNIT_CASE(mpsc_push_return_wakes_sleeping_consumer),
	{}
};

struct kunit_suite lfkit_mpsc_suite = {
	.name = "lfkit_mpsc",
	.test_cases = lfkit_mpsc_cases,
};
