// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/queue.h, in-kernel (KUnit) and in userspace (the KUnit
 * shim), from this one file.
 *
 * Every test follows DESIGN.md's contract: a dequeued node is the caller's,
 * freed (lf_call_rcu(), or lf_synchronize_rcu() then free) or enqueued
 * again only after a grace period. Freed items are poisoned, so ASan/KASAN
 * and the checks below see any use after free.
 *
 * Tiers (TESTING.md): 1 contract (table-driven against an array model;
 * after every dequeue the node has left: neither head, tail nor the list
 * reaches it, and the tail is reachable from the head; free right after
 * lf_synchronize_rcu(); re-enqueue after a grace period; destroy -EBUSY
 * keeps the queue usable and leaks nothing; -ENOMEM for init and a
 * dequeue that cannot get a dummy, via the failing allocator hook), 2
 * wraparound (not applicable: no counters), 3 pause points (enqueuer
 * parked after its link while the item, or the one before it, is taken,
 * freed through lf_call_rcu and a grace period passes, then more
 * enqueues; enqueuer parked before its link holding a node that leaves;
 * dequeuer parked before its head CAS while the node is recycled: ABA;
 * dequeuer parked after linking a dummy), 4 stress with conservation
 * (producers x consumers, 2^20 items in userspace, per-producer FIFO and
 * exactly-once, poisoned frees via lf_call_rcu, a watchdog; a recycling
 * pool), 7 lifecycle (init/destroy loops with callbacks pending,
 * lf_rcu_barrier), misuse checks.
 *
 * Queues live in static storage: struct lf_queue has cache-line aligned
 * members, which a plain heap allocation would misalign (UBSan checks).
 */
#include "lf_kunit.h"
#include "../lf/queue.h"
#include "../lf/pause.h"
#include "../rcu/rcu.h"
#include "lf_test_child.h"

#define POISON_BYTE	0x6b

struct qitem {
	struct lf_queue_node node;
	struct lf_rcu_head rcu;
	u32 producer;
	u32 seq;
	int owner;		/* recycling tests: 1 while someone holds it */
	lf_atomic_t parked;	/* recycling tests: times it was retired */
};

static struct qitem *to_qitem(struct lf_queue_node *n)
{
	return n ? container_of(n, struct qitem, node) : NULL;
}

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

static void enqueue_locked(struct lf_queue *q, struct qitem *it)
{
	lf_rcu_read_lock();
	lf_queue_enqueue(q, &it->node);
	lf_rcu_read_unlock();
}

static struct qitem *dequeue_locked(struct lf_queue *q)
{
	struct lf_queue_node *n;

	lf_rcu_read_lock();
	n = lf_queue_dequeue(q);
	lf_rcu_read_unlock();
	return to_qitem(n);
}

/* Bit per item index (seq < 32) for items freed by poison_free_rcu. */
static lf_atomic_t freed_mask;
static lf_atomic_long_t freed_count;

static void poison_free(struct qitem *it)
{
	if (it->seq < 32)
		lf_atomic_fetch_or(1 << it->seq, &freed_mask);	/* pairs with was_freed() */
	lf_atomic_long_inc(&freed_count);
	/* Freed nodes are poisoned: a late reader sees garbage, ASan a UAF. */
	memset(it, POISON_BYTE, sizeof(*it));
	lf_kfree(it);
}

static void poison_free_rcu(struct lf_rcu_head *head)
{
	poison_free(container_of(head, struct qitem, rcu));
}

/* DESIGN.md's rule: free a dequeued item after a grace period. */
static void free_item_rcu(struct qitem *it)
{
	lf_call_rcu(&it->rcu, poison_free_rcu);
}

static bool was_freed(u32 seq)
{
	/* Pairs with the fully ordered fetch_or in poison_free(). */
	return lf_atomic_fetch_or(0, &freed_mask) & (1 << seq);
}

static struct qitem *new_item(u32 seq)
{
	struct qitem *it = lf_kzalloc(sizeof(*it));

	if (it)
		it->seq = seq;
	return it;
}

/*
 * Structure checks, for tests where nothing runs concurrently (or the only
 * other thread is parked): the tail is reachable from the head, and @n (if
 * given) is not reachable, nor the head, nor the tail.
 */
static bool node_reachable(struct lf_queue *q, struct lf_queue_node *n)
{
	struct lf_queue_node *p = lf_read_once(q->head);
	int i;

	for (i = 0; p && i < 10000; i++, p = lf_read_once(p->next))
		if (p == n)
			return true;
	return false;
}

static void expect_left(struct kunit *test, struct lf_queue *q,
			struct lf_queue_node *n, const char *where)
{
	KUNIT_EXPECT_TRUE_MSG(test, node_reachable(q, lf_read_once(q->tail)),
			      "%s: the tail is not reachable from the head", where);
	if (!n)
		return;
	KUNIT_EXPECT_PTR_NE_MSG(test, lf_read_once(q->head), n,
				"%s: the head still points at the dequeued node", where);
	KUNIT_EXPECT_PTR_NE_MSG(test, lf_read_once(q->tail), n,
				"%s: the tail still points at the dequeued node", where);
	KUNIT_EXPECT_FALSE_MSG(test, node_reachable(q, n),
			       "%s: the dequeued node is still linked in the queue", where);
}

/* ---- tier 1: contract -------------------------------------------------- */

enum op { OP_ENQ, OP_DEQ, OP_EMPTY, OP_DESTROY };

struct step {
	enum op op;
	int arg;		/* items enqueued (OP_ENQ) */
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
	{ "empty queue: dequeue NULL, empty true, destroy 0",
	  STEPS({ OP_EMPTY, 0 }, { OP_DEQ, 0 }, { OP_EMPTY, 0 }, { OP_DESTROY, 0 },
		{ OP_DEQ, 0 }) },
	{ "one item, many times (the last node needs a dummy each time)",
	  STEPS({ OP_ENQ, 1 }, { OP_EMPTY, 0 }, { OP_DEQ, 0 }, { OP_EMPTY, 0 }, { OP_DEQ, 0 },
		{ OP_ENQ, 1 }, { OP_DEQ, 0 }, { OP_ENQ, 1 }, { OP_EMPTY, 0 }, { OP_DEQ, 0 },
		{ OP_DEQ, 0 }, { OP_EMPTY, 0 }) },
	{ "FIFO order, then empty again",
	  STEPS({ OP_ENQ, 4 }, { OP_EMPTY, 0 }, { OP_DEQ, 0 }, { OP_DEQ, 0 }, { OP_DEQ, 0 },
		{ OP_DEQ, 0 }, { OP_DEQ, 0 }, { OP_EMPTY, 0 }, { OP_ENQ, 1 }, { OP_DEQ, 0 }) },
	{ "enqueue behind a dummy the last dequeue linked",
	  STEPS({ OP_ENQ, 2 }, { OP_DEQ, 0 }, { OP_DEQ, 0 }, { OP_ENQ, 1 }, { OP_EMPTY, 0 },
		{ OP_ENQ, 1 }, { OP_DEQ, 0 }, { OP_ENQ, 1 }, { OP_DEQ, 0 }, { OP_DEQ, 0 },
		{ OP_DEQ, 0 }) },
	{ "destroy of a non-empty queue is -EBUSY and the queue stays usable",
	  STEPS({ OP_ENQ, 3 }, { OP_DESTROY, 0 }, { OP_DESTROY, 0 }, { OP_ENQ, 1 },
		{ OP_DEQ, 0 }, { OP_DESTROY, 0 }, { OP_DEQ, 0 }, { OP_DEQ, 0 },
		{ OP_DESTROY, 0 }, { OP_DEQ, 0 }, { OP_EMPTY, 0 }, { OP_DESTROY, 0 }) },
	{ "interleaved, with destroy and re-init in between",
	  STEPS({ OP_ENQ, 2 }, { OP_DEQ, 0 }, { OP_ENQ, 3 }, { OP_DEQ, 0 }, { OP_DEQ, 0 },
		{ OP_DEQ, 0 }, { OP_DEQ, 0 }, { OP_DESTROY, 0 }, { OP_ENQ, 5 },
		{ OP_DEQ, 0 }, { OP_EMPTY, 0 }, { OP_DESTROY, 0 }) },
};

#define MODEL_MAX 32

struct model {
	struct qitem *slot[MODEL_MAX];
	int head, tail;
};

static struct lf_queue contract_q;

/*
 * One script against the queue and an array model. After every dequeue the
 * node has left the structure. Items live in a test-owned pool; before the
 * pool is reused for the next script a grace period passes.
 */
static void queue_ops_match_array_model(struct kunit *test)
{
	struct qitem *pool = kunit_kcalloc(test, MODEL_MAX, sizeof(*pool), GFP_KERNEL);
	struct lf_queue *q = &contract_q;
	unsigned int si;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, pool);
	for (si = 0; si < ARRAY_SIZE(contract_scripts); si++) {
		const struct script *sc = &contract_scripts[si];
		struct model m = { .head = 0, .tail = 0 };
		struct qitem *got;
		int next_item = 0, k, ret;

		lf_synchronize_rcu();	/* the pool is reused: a grace period first */
		memset(pool, 0, MODEL_MAX * sizeof(*pool));
		KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
		for (k = 0; k < sc->nr_steps; k++) {
			const struct step *st = &sc->steps[k];
			bool model_empty = m.head == m.tail;

			switch (st->op) {
			case OP_ENQ:
				for (i = 0; i < st->arg; i++) {
					struct qitem *it = &pool[next_item++];

					KUNIT_ASSERT_LT(test, next_item, MODEL_MAX);
					it->seq = next_item - 1;
					/* garbage: enqueue must initialise the link */
					it->node.next = &it->node;
					it->node.dummy = 1;
					enqueue_locked(q, it);
					m.slot[m.tail++] = it;
				}
				expect_left(test, q, NULL, sc->name);
				break;
			case OP_DEQ:
				got = dequeue_locked(q);
				KUNIT_EXPECT_PTR_EQ_MSG(test, got,
							model_empty ? NULL : m.slot[m.head],
							"script '%s' step %d: dequeue",
							sc->name, k);
				expect_left(test, q, got ? &got->node : NULL, sc->name);
				if (!model_empty && got)
					m.head++;
				break;
			case OP_EMPTY:
				KUNIT_EXPECT_EQ_MSG(test, lf_queue_empty(q), model_empty,
						    "script '%s' step %d: empty", sc->name, k);
				break;
			case OP_DESTROY:
				ret = lf_queue_destroy(q);
				KUNIT_EXPECT_EQ_MSG(test, ret, model_empty ? 0 : -EBUSY,
						    "script '%s' step %d: destroy", sc->name, k);
				if (!ret)	/* destroyed: a fresh init must work */
					KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
				else
					expect_left(test, q, NULL, sc->name);
				break;
			}
		}
		/* Drain what the script left, then destroy. */
		while ((got = dequeue_locked(q))) {
			KUNIT_EXPECT_PTR_EQ(test, got, m.slot[m.head]);
			expect_left(test, q, &got->node, sc->name);
			m.head++;
		}
		KUNIT_EXPECT_EQ(test, m.head, m.tail);
		KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	}
	lf_rcu_barrier();	/* the queues' dummies */
}

/*
 * DESIGN.md's "freed after a grace period", the synchronous way: the
 * dequeued item (the last one, and one from the middle) is freed right
 * after lf_synchronize_rcu(), poisoned, and the queue keeps working.
 */
static void queue_dequeued_node_freed_after_synchronize_rcu(struct kunit *test)
{
	struct lf_queue *q = &contract_q;
	struct qitem *it;
	u32 i, round;

	lf_atomic_long_set(&freed_count, 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	for (round = 0; round < 8; round++) {
		u32 n = round % 4 + 1;

		for (i = 0; i < n; i++) {
			it = new_item(i);
			KUNIT_ASSERT_NOT_NULL(test, it);
			enqueue_locked(q, it);
		}
		for (i = 0; i < n; i++) {
			it = dequeue_locked(q);
			KUNIT_ASSERT_NOT_NULL(test, it);
			KUNIT_EXPECT_EQ(test, it->seq, i);
			expect_left(test, q, &it->node, "after dequeue");
			lf_synchronize_rcu();
			poison_free(it);	/* at once, no callback */
		}
		KUNIT_EXPECT_TRUE(test, lf_queue_empty(q));
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	}
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&freed_count), 20L);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
}

static struct lf_queue other_q;

/* A dequeued node may be enqueued again, onto any queue, after a grace period. */
static void queue_dequeued_node_reenqueued_after_grace_period(struct kunit *test)
{
	struct lf_queue *q = &contract_q;
	struct qitem it[2] = { { .seq = 0 }, { .seq = 1 } };
	int round;

	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(&other_q), 0);
	enqueue_locked(q, &it[0]);
	for (round = 0; round < 4; round++) {
		/* it[0] alone: the last node, taken with a dummy */
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), &it[0]);
		expect_left(test, q, &it[0].node, "last node");
		lf_synchronize_rcu();
		enqueue_locked(q, &it[0]);
		enqueue_locked(q, &it[1]);
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), &it[0]);
		expect_left(test, q, &it[0].node, "first of two");
		lf_synchronize_rcu();
		enqueue_locked(&other_q, &it[0]);
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), &it[1]);
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(&other_q), &it[0]);
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(&other_q), (struct qitem *)NULL);
		lf_synchronize_rcu();
		enqueue_locked(q, &it[0]);
	}
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), &it[0]);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(&other_q), 0);
	lf_synchronize_rcu();	/* before the stack frame holding it[] goes */
	lf_rcu_barrier();
}

/*
 * destroy on a non-empty queue: -EBUSY, nothing freed or lost, the queue
 * still works; the heap items are all freed in the end (the leak checker
 * watches in the ASan build, kmemleak in-kernel).
 */
static void queue_destroy_nonempty_returns_ebusy_leaks_nothing(struct kunit *test)
{
	struct lf_queue *q = &contract_q;
	struct qitem *it;
	u32 i;

	lf_atomic_set(&freed_mask, 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	for (i = 0; i < 4; i++) {
		it = new_item(i);
		KUNIT_ASSERT_NOT_NULL(test, it);
		enqueue_locked(q, it);
	}
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), -EBUSY);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), -EBUSY);
	KUNIT_EXPECT_FALSE(test, lf_queue_empty(q));
	it = new_item(4);
	KUNIT_ASSERT_NOT_NULL(test, it);
	enqueue_locked(q, it);
	for (i = 0; i < 5; i++) {
		it = dequeue_locked(q);
		KUNIT_EXPECT_NOT_NULL(test, it);
		if (!it)
			break;
		KUNIT_EXPECT_EQ(test, it->seq, i);
		free_item_rcu(it);
		if (i == 3)	/* one left: still busy */
			KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), -EBUSY);
	}
	KUNIT_EXPECT_TRUE(test, lf_queue_empty(q));
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&freed_mask), 0x1f);
}

#ifndef __KERNEL__
/* The hook fails calls number fail_from .. fail_from + fail_count - 1. */
static lf_atomic_t alloc_calls;
static int fail_from, fail_count;

static bool fail_window(size_t size)
{
	/* Fully ordered: the count is exact across threads. */
	int n = lf_atomic_fetch_add(1, &alloc_calls);

	(void)size;
	return n >= lf_read_once(fail_from) &&
	       n < lf_read_once(fail_from) + lf_read_once(fail_count);
}

static void fail_allocations(int from, int count)
{
	lf_atomic_set(&alloc_calls, 0);
	lf_write_once(fail_from, from);
	lf_write_once(fail_count, count);
	lf_set_alloc_fail_hook(fail_window);
}

static const int init_fail_at[] = { 0, 1 };

static void init_fail_desc(const int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "allocation %d fails", *n + 1);
}

KUNIT_ARRAY_PARAM(init_fail, init_fail_at, init_fail_desc);

/*
 * lf_queue_init's first (dummy) or second (spare) allocation fails:
 * -ENOMEM, @q untouched, nothing leaked (ASan's leak check).
 */
static void queue_init_alloc_failure_returns_enomem(struct kunit *test)
{
	const int at = *(const int *)test->param_value;
	struct lf_queue *q = &contract_q;
	struct lf_queue_node sentinel;

	lf_write_once(q->head, &sentinel);
	lf_write_once(q->tail, &sentinel);
	lf_write_once(q->spare, &sentinel);
	fail_allocations(at, 1);
	KUNIT_EXPECT_EQ(test, lf_queue_init(q), -ENOMEM);
	lf_set_alloc_fail_hook(NULL);
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&alloc_calls), at + 1);
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(q->head), &sentinel);
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(q->tail), &sentinel);
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(q->spare), &sentinel);
	/* and then it works */
	KUNIT_EXPECT_EQ(test, lf_queue_init(q), 0);
	KUNIT_EXPECT_TRUE(test, lf_queue_empty(q));
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
}

/*
 * Taking the last node needs a dummy. With the spare used up and the
 * allocations failing, nothing is lost, reordered or reported empty: the
 * first dequeue uses the spare (its refill fails); the next last-node
 * dequeue finds no spare, sees 3 allocations fail, retries and succeeds
 * with the 4th. Nodes that need no dummy are taken while every
 * allocation fails.
 */
static void queue_dequeue_dummy_alloc_failure_loses_nothing(struct kunit *test)
{
	struct lf_queue *q = &contract_q;
	struct qitem *it[5];
	u32 i;

	lf_atomic_set(&freed_mask, 0);
	for (i = 0; i < 5; i++) {
		it[i] = new_item(i);
		KUNIT_ASSERT_NOT_NULL(test, it[i]);
	}
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	enqueue_locked(q, it[0]);
	fail_allocations(0, 1000);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), it[0]);	/* the spare */
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&alloc_calls), 1);	/* refill failed */
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(q->spare), (struct lf_queue_node *)NULL);
	expect_left(test, q, &it[0]->node, "with the spare");
	free_item_rcu(it[0]);

	enqueue_locked(q, it[1]);
	enqueue_locked(q, it[2]);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), it[1]);	/* no dummy needed */
	KUNIT_EXPECT_FALSE(test, lf_queue_empty(q));
	fail_allocations(0, 3);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), it[2]);	/* retried */
	lf_set_alloc_fail_hook(NULL);
	KUNIT_EXPECT_GE(test, lf_atomic_read(&alloc_calls), 4);
	expect_left(test, q, &it[2]->node, "after the retries");
	KUNIT_EXPECT_TRUE(test, lf_queue_empty(q));
	free_item_rcu(it[1]);
	free_item_rcu(it[2]);

	enqueue_locked(q, it[3]);
	enqueue_locked(q, it[4]);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), it[3]);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), it[4]);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	free_item_rcu(it[3]);
	free_item_rcu(it[4]);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&freed_mask), 0x1f);
}
#endif

/* ---- tier 3: pause points --------------------------------------------- */

struct parked_enq {
	struct lf_queue *q;
	struct qitem *it;
};

static int parked_enqueue_fn(void *arg)
{
	struct parked_enq *p = arg;

	lf_rcu_register_thread();
	enqueue_locked(p->q, p->it);
	lf_rcu_unregister_thread();
	return 0;
}

/* Waits up to 200 ms for item @seq to be freed; true if it was. */
static bool freed_within_200ms(u32 seq)
{
	int i;

	for (i = 0; i < 200 && !was_freed(seq); i++)
		lf_test_msleep(1);
	return was_freed(seq);
}

static struct lf_queue window_q;

enum lag_variant { LAG_TAKE_LINKED, LAG_TAKE_BEFORE };

static const enum lag_variant lag_variants[] = { LAG_TAKE_LINKED, LAG_TAKE_BEFORE };

static void lag_desc(const enum lag_variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",
		 *v == LAG_TAKE_LINKED ? "the parked enqueuer's own item taken"
				       : "the item the tail lags at taken");
}

KUNIT_ARRAY_PARAM(lag, lag_variants, lag_desc);

/*
 * The lagging tail. An enqueuer links X and parks before swinging the
 * tail, so the tail still points at X's predecessor P (the queue's dummy,
 * or a real item A). A dequeuer takes the oldest item (X, or A) while the
 * enqueuer is parked: when the node the tail points at leaves, the tail
 * must be swung first, and the dequeued item must have left. The test
 * frees it, poisoned, through lf_call_rcu(): that grace period cannot end
 * while the enqueuer is parked in its read-side section. Once it resumes
 * and a grace period elapses, the item is freed; then another enqueue and
 * dequeue must not touch it (ASan/KASAN and the poison watch).
 */
static void queue_enqueue_parked_after_link_tail_never_points_at_freed(struct kunit *test)
{
	const enum lag_variant v = *(const enum lag_variant *)test->param_value;
	struct lf_queue *q = &window_q;
	struct qitem *a = new_item(0), *x = new_item(1), *y = new_item(2);
	struct parked_enq p = { .q = q, .it = x };
	struct lf_test_thread *t;
	struct qitem *taken;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_TRUE(test, a && x && y);
	lf_atomic_set(&freed_mask, 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	if (v == LAG_TAKE_BEFORE)
		enqueue_locked(q, a);

	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_queue_enqueue:after_link"), 0);
	t = lf_test_thread_start(parked_enqueue_fn, &p, "queue_parked_enq");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());
	/* The window: linked, tail not swung. */
	KUNIT_EXPECT_PTR_NE(test, lf_read_once(q->tail), &x->node);

	taken = dequeue_locked(q);
	KUNIT_EXPECT_PTR_EQ(test, taken, v == LAG_TAKE_BEFORE ? a : x);
	if (!taken) {
		lf_pause_release();
		lf_test_thread_join(t);
		return;
	}
	expect_left(test, q, &taken->node, "enqueuer parked after its link");
	free_item_rcu(taken);
	KUNIT_EXPECT_FALSE_MSG(test, freed_within_200ms(taken == a ? 0 : 1),
			       "freed while an enqueuer that may hold it was parked");

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	lf_synchronize_rcu();
	lf_rcu_barrier();
	KUNIT_EXPECT_TRUE_MSG(test, was_freed(taken == a ? 0 : 1), "never freed");
	expect_left(test, q, NULL, "after the enqueuer resumed");

	/* The tail must not lead into freed memory. */
	enqueue_locked(q, y);
	if (v == LAG_TAKE_BEFORE) {
		KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), x);
		free_item_rcu(x);
	} else {
		lf_kfree(a);	/* never enqueued */
		lf_atomic_fetch_or(1, &freed_mask);	/* pairs with was_freed() */
	}
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), y);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	free_item_rcu(y);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&freed_mask), 0x7);
}

/*
 * An enqueuer loads tail = A (the last node) and parks before linking.
 * A dequeuer takes A (linking a dummy after it): A leaves and is freed
 * through lf_call_rcu(). The parked enqueuer still holds A: the grace
 * period must wait for it; when it resumes its link CAS on A fails and it
 * appends after the dummy.
 */
static void queue_enqueue_parked_before_link_holds_grace_period(struct kunit *test)
{
	struct lf_queue *q = &window_q;
	struct qitem *a = new_item(0), *x = new_item(1);
	struct parked_enq p = { .q = q, .it = x };
	struct lf_test_thread *t;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_TRUE(test, a && x);
	lf_atomic_set(&freed_mask, 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	enqueue_locked(q, a);

	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_queue_enqueue:before_link"), 0);
	t = lf_test_thread_start(parked_enqueue_fn, &p, "queue_parked_enq");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), a);	/* A leaves */
	expect_left(test, q, &a->node, "enqueuer parked before its link");
	free_item_rcu(a);
	KUNIT_EXPECT_FALSE_MSG(test, freed_within_200ms(0),
			       "A freed while a parked enqueuer held it");

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_TRUE(test, was_freed(0));
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), x);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	free_item_rcu(x);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&freed_mask), 0x3);
}

struct parked_deq {
	struct lf_queue *q;
	struct qitem *got;
};

static int parked_dequeue_fn(void *arg)
{
	struct parked_deq *p = arg;

	lf_rcu_register_thread();
	p->got = dequeue_locked(p->q);
	lf_rcu_unregister_thread();
	return 0;
}

static lf_atomic_t recycled;

static void recycle_into_window_q(struct lf_rcu_head *head)
{
	struct qitem *it = container_of(head, struct qitem, rcu);

	lf_rcu_read_lock();
	lf_queue_enqueue(&window_q, &it->node);
	lf_rcu_read_unlock();
	/* Pairs with the fully ordered read in the test. */
	lf_atomic_fetch_add(1, &recycled);
}

/*
 * ABA on the head. A and B are queued (A is the head). A dequeuer loads
 * head = A and next = B, and parks before its CAS. Others dequeue A and
 * B, and A is enqueued again a grace period later (lf_call_rcu). If that
 * could happen before the parked dequeuer's read section ends, A could be
 * the head again when it resumes, and its CAS (A -> B) would resurrect B.
 * With RCU, A comes back only after the parked dequeuer is gone: it must
 * retry and take C; then A is dequeued once more.
 */
static void queue_dequeue_parked_before_cas_no_aba(struct kunit *test)
{
	struct lf_queue *q = &window_q;
	struct qitem *it = kunit_kcalloc(test, 4, sizeof(*it), GFP_KERNEL);
	struct qitem *x, *a, *b, *c;
	struct parked_deq p = { .q = q };
	struct lf_test_thread *t;
	int waited;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_NOT_NULL(test, it);
	x = &it[0];
	a = &it[1];
	b = &it[2];
	c = &it[3];
	lf_atomic_set(&recycled, 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	enqueue_locked(q, x);
	enqueue_locked(q, a);
	enqueue_locked(q, b);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), x);	/* head: A */

	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_queue_dequeue:after_load"), 0);
	t = lf_test_thread_start(parked_dequeue_fn, &p, "queue_parked_deq");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), a);
	lf_call_rcu(&a->rcu, recycle_into_window_q);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), b);
	for (waited = 0; waited < 200 && !lf_atomic_fetch_add(0, &recycled); waited++)
		lf_test_msleep(1);
	KUNIT_EXPECT_EQ_MSG(test, lf_atomic_fetch_add(0, &recycled), 0,
			    "A recycled while a dequeuer that holds it was parked");
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	enqueue_locked(q, c);

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_PTR_EQ_MSG(test, p.got, c, "the parked dequeue must retry and take C");
	lf_rcu_barrier();
	KUNIT_EXPECT_EQ(test, lf_atomic_fetch_add(0, &recycled), 1);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), a);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_synchronize_rcu();	/* before kunit frees it[] */
	lf_rcu_barrier();
}

/*
 * A dequeuer taking the last node A links a dummy behind it and parks
 * before swinging the tail to the dummy. Meanwhile B is enqueued (the
 * enqueuer must swing the tail for it) and another dequeuer takes A. The
 * parked one then takes B; nothing is lost or seen twice.
 */
static void queue_dequeue_parked_after_dummy_link(struct kunit *test)
{
	struct lf_queue *q = &window_q;
	struct qitem *a = new_item(0), *b = new_item(1);
	struct parked_deq p = { .q = q };
	struct lf_test_thread *t;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_TRUE(test, a && b);
	lf_atomic_set(&freed_mask, 0);
	KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
	enqueue_locked(q, a);

	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_queue_dequeue:after_dummy_link"), 0);
	t = lf_test_thread_start(parked_dequeue_fn, &p, "queue_parked_deq");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(q->tail), &a->node);	/* lagging */
	KUNIT_EXPECT_FALSE(test, lf_queue_empty(q));

	enqueue_locked(q, b);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), a);
	expect_left(test, q, &a->node, "dequeuer parked after its dummy link");
	free_item_rcu(a);
	KUNIT_EXPECT_FALSE_MSG(test, freed_within_200ms(0),
			       "A freed while a parked dequeuer held it");

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_PTR_EQ(test, p.got, b);
	if (p.got == b)
		free_item_rcu(b);
	KUNIT_EXPECT_PTR_EQ(test, dequeue_locked(q), (struct qitem *)NULL);
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&freed_mask), 0x3);
}

/* ---- tier 4: stress with conservation ---------------------------------- */

/*
 * Items per run: the 8-producer/4-consumer run moves 2^20 (at least 10^6)
 * in userspace, the other shapes 2^18 (they would only add minutes under
 * TSan). In-kernel the suites run under QEMU TCG with KASAN or KCSAN, where
 * every item costs a kmalloc, a call_rcu and a kfree at emulated speed (the
 * debug kernel took ~3 min for 2^16 items with 8 producers and 4 consumers
 * on a 2-core host): there every count is divided by STRESS_KERNEL_DIV.
 */
#ifdef __KERNEL__
#define STRESS_KERNEL_DIV	32
#else
#define STRESS_KERNEL_DIV	1
#endif
#define MAX_PRODUCERS	16

struct stress_param {
	unsigned int producers;
	unsigned int consumers;
	u32 items;
};

static const struct stress_param stress_params[] = {
	{ 8, 4, 1u << 20 }, { 1, 1, 1u << 18 }, { 2, 2, 1u << 18 }, { 16, 8, 1u << 18 },
};

static void stress_param_desc(const struct stress_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u producers, %u consumers, %u items",
		 p->producers, p->consumers, p->items / STRESS_KERNEL_DIV);
}

KUNIT_ARRAY_PARAM(stress, stress_params, stress_param_desc);

static struct lf_queue stress_q;

struct stress {
	unsigned int nr_producers;
	u32 per_producer;
	unsigned long total;
	int stop;
	unsigned long progress;
	lf_atomic_t *seen;		/* [producer][seq]: times dequeued */
	lf_atomic_long_t consumed;
	lf_atomic_long_t dup, bad, order;
};

struct stress_worker {
	struct stress *st;
	u32 id;
	int ret;
};

static int stress_producer_fn(void *arg)
{
	struct stress_worker *w = arg;
	struct stress *st = w->st;
	u32 seq;
	int ret = 0;

	lf_rcu_register_thread();
	for (seq = 0; seq < st->per_producer && !lf_read_once(st->stop); seq++) {
		struct qitem *it = lf_kmalloc(sizeof(*it));

		if (!it) {
			ret = -ENOMEM;
			lf_write_once(st->stop, 1);
			break;
		}
		it->producer = w->id;
		it->seq = seq;
		enqueue_locked(&stress_q, it);
		if ((seq & 255) == 0)
			progress_tick(&st->progress);
	}
	lf_rcu_unregister_thread();
	return ret;
}

static void stress_free_rcu(struct lf_rcu_head *head)
{
	struct qitem *it = container_of(head, struct qitem, rcu);

	memset(it, POISON_BYTE, sizeof(*it));
	lf_kfree(it);
}

static int stress_consumer_fn(void *arg)
{
	struct stress_worker *w = arg;
	struct stress *st = w->st;
	u32 last[MAX_PRODUCERS];
	unsigned int i, idle = 0;

	for (i = 0; i < MAX_PRODUCERS; i++)
		last[i] = U32_MAX;
	lf_rcu_register_thread();
	while (!lf_read_once(st->stop) &&
	       (unsigned long)lf_atomic_long_read(&st->consumed) < st->total) {
		struct lf_queue_node *n;
		struct qitem *it;

		lf_rcu_read_lock();
		n = lf_queue_dequeue(&stress_q);
		lf_rcu_read_unlock();
		if (!n) {
			/*
			 * Idle: yield, and after a while sleep, so idle
			 * consumers do not steal the producers' (virtual)
			 * CPUs (QEMU TCG on a small host).
			 */
			if (++idle & 255)
				lf_test_yield();
			else
				lf_test_msleep(1);
			continue;
		}
		idle = 0;
		it = to_qitem(n);
		if (it->producer >= st->nr_producers || it->seq >= st->per_producer) {
			lf_atomic_long_inc(&st->bad);
		} else {
			lf_atomic_t *cell = &st->seen[(size_t)it->producer *
						      st->per_producer + it->seq];

			/* Relaxed: counted, checked after the join. */
			if (lf_atomic_fetch_add_relaxed(1, cell) != 0)
				lf_atomic_long_inc(&st->dup);
			/* One consumer sees each producer's items in order. */
			if (last[it->producer] != U32_MAX && it->seq <= last[it->producer])
				lf_atomic_long_inc(&st->order);
			last[it->producer] = it->seq;
		}
		/* The item is ours: free it after a grace period. */
		lf_call_rcu(&it->rcu, stress_free_rcu);
		lf_atomic_long_inc(&st->consumed);
		if ((lf_atomic_long_read(&st->consumed) & 255) == 0)
			progress_tick(&st->progress);
	}
	lf_rcu_unregister_thread();
	return 0;
}

static void queue_stress_producers_consumers_fifo_exactly_once(struct kunit *test)
{
	const struct stress_param *sp = test->param_value;
	const unsigned int nr = sp->producers + sp->consumers;
	struct stress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct stress_worker *w = kunit_kcalloc(test, nr, sizeof(*w), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, nr, sizeof(*t), GFP_KERNEL);
	struct lf_test_watchdog *wd;
	struct qitem *it;
	unsigned long missing = 0, left = 0;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_LE(test, sp->producers, (unsigned int)MAX_PRODUCERS);
	st->nr_producers = sp->producers;
	st->per_producer = sp->items / STRESS_KERNEL_DIV / sp->producers;
	st->total = (unsigned long)st->per_producer * sp->producers;
	st->seen = lf_kvzalloc(st->total * sizeof(*st->seen));
	KUNIT_ASSERT_NOT_NULL(test, st->seen);
	KUNIT_ASSERT_EQ(test, lf_queue_init(&stress_q), 0);
	wd = lf_test_watchdog_start(&st->progress, &st->stop, 10000);

	/* Interleave the starts: consumers first, so they find it empty too. */
	for (i = 0; i < nr; i++) {
		bool producer = i >= sp->consumers;

		w[i].st = st;
		w[i].id = producer ? i - sp->consumers : i;
		t[i] = lf_test_thread_start(producer ? stress_producer_fn : stress_consumer_fn,
					    &w[i], producer ? "queue_prod" : "queue_cons");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < nr; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");

	/* Anything left (only after a failure) is drained and counted. */
	while ((it = dequeue_locked(&stress_q))) {
		left++;
		lf_call_rcu(&it->rcu, stress_free_rcu);
	}
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(&stress_q), 0);
	lf_rcu_barrier();		/* every poisoned free has run */

	for (i = 0; i < st->total; i++)
		if (lf_atomic_read(&st->seen[i]) != 1)
			missing++;
	KUNIT_EXPECT_EQ_MSG(test, (unsigned long)lf_atomic_long_read(&st->consumed),
			    st->total, "items dequeued");
	KUNIT_EXPECT_EQ(test, left, 0ul);
	KUNIT_EXPECT_EQ_MSG(test, missing, 0ul, "items not seen exactly once");
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&st->dup), 0L);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&st->bad), 0L);
	KUNIT_EXPECT_EQ_MSG(test, lf_atomic_long_read(&st->order), 0L,
			    "a consumer saw a producer's items out of order");
	kunit_info(test, "%lu items through %u producers and %u consumers",
		   st->total, sp->producers, sp->consumers);
	lf_kvfree(st->seen);
}

/*
 * A fixed pool of nodes recycled through the queue: dequeued (the owner
 * flag must have been clear), then handed to lf_call_rcu() with a callback
 * that clears the flag and enqueues the node again, a grace period after
 * it was dequeued. ABA or a node still in the structure when dequeued
 * would hand out an owned node or lose one. At the end
 * every pool node is accounted for exactly once.
 */
#define RECYCLE_POOL 64

static const unsigned int recycle_threads[] = { 2, 4, 8 };

static void recycle_threads_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u threads", *n);
}

KUNIT_ARRAY_PARAM(recycle_threads, recycle_threads, recycle_threads_desc);

struct recycle {
	struct qitem *pool;
	int stop;
	int stop_recycling;
	unsigned long progress;
	lf_atomic_long_t double_owned;
	lf_atomic_long_t ops;
	u64 deadline_ns;
};

static struct recycle *recycle_ctx;

static void recycle_release(struct lf_rcu_head *head)
{
	struct qitem *it = container_of(head, struct qitem, rcu);

	/* Pairs with the release store in the test, after the workers joined. */
	if (lf_load_acquire(&recycle_ctx->stop_recycling)) {
		lf_atomic_fetch_add(1, &it->parked);	/* retired for good */
		return;
	}
	/* Release pairs with the owner xchg in the next dequeuer. */
	lf_store_release(&it->owner, 0);
	lf_rcu_read_lock();
	lf_queue_enqueue(&stress_q, &it->node);
	lf_rcu_read_unlock();
}

static int recycle_worker_fn(void *arg)
{
	struct recycle *r = arg;

	lf_rcu_register_thread();
	while (!lf_read_once(r->stop) && lf_test_now_ns() < r->deadline_ns) {
		struct lf_queue_node *n;

		lf_rcu_read_lock();
		n = lf_queue_dequeue(&stress_q);
		if (n) {
			/* Fully ordered: pairs with the release in recycle_release(). */
			if (lf_xchg(&to_qitem(n)->owner, 1) != 0)
				lf_atomic_long_inc(&r->double_owned);
			lf_call_rcu(&to_qitem(n)->rcu, recycle_release);
			lf_atomic_long_inc(&r->ops);
		}
		lf_rcu_read_unlock();
		if (!n)
			lf_test_yield();
		progress_tick(&r->progress);
	}
	lf_rcu_unregister_thread();
	return 0;
}

static void queue_stress_recycle_after_grace_period(struct kunit *test)
{
	const unsigned int nr = *(const unsigned int *)test->param_value;
	struct recycle *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, nr, sizeof(*t), GFP_KERNEL);
	struct lf_test_watchdog *wd;
	struct qitem *it;
	unsigned int i, bad = 0, drained = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, t);
	r->pool = kunit_kcalloc(test, RECYCLE_POOL, sizeof(*r->pool), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->pool);
	recycle_ctx = r;
	KUNIT_ASSERT_EQ(test, lf_queue_init(&stress_q), 0);
	for (i = 0; i < RECYCLE_POOL; i++) {
		r->pool[i].seq = i;
		enqueue_locked(&stress_q, &r->pool[i]);
	}
	r->deadline_ns = lf_test_now_ns() + (u64)lf_test_stress_ms() * 1000000ull / 4;
	wd = lf_test_watchdog_start(&r->progress, &r->stop, 10000);
	for (i = 0; i < nr; i++) {
		t[i] = lf_test_thread_start(recycle_worker_fn, r, "queue_recycle");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < nr; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");

	/* Stop recycling; every node still circulating gets retired once. */
	lf_store_release(&r->stop_recycling, 1);	/* pairs with recycle_release() */
	lf_rcu_barrier();
	while ((it = dequeue_locked(&stress_q))) {
		if (it < r->pool || it >= r->pool + RECYCLE_POOL) {
			bad++;
			break;
		}
		if (lf_xchg(&it->owner, 1) != 0)	/* pairs with recycle_release() */
			lf_atomic_long_inc(&r->double_owned);
		lf_call_rcu(&it->rcu, recycle_release);
		if (++drained > RECYCLE_POOL)
			break;	/* a cycle: the list is corrupt */
	}
	KUNIT_EXPECT_EQ(test, lf_queue_destroy(&stress_q), 0);
	lf_synchronize_rcu();
	lf_rcu_barrier();

	KUNIT_EXPECT_EQ(test, bad, 0u);
	KUNIT_EXPECT_LE(test, drained, (unsigned int)RECYCLE_POOL);
	for (i = 0; i < RECYCLE_POOL; i++)
		KUNIT_EXPECT_EQ_MSG(test, lf_atomic_read(&r->pool[i].parked), 1,
				    "pool node %u retired", i);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&r->double_owned), 0L);
	KUNIT_EXPECT_GT(test, lf_atomic_long_read(&r->ops), 0L);
	kunit_info(test, "%ld dequeue/recycle operations", lf_atomic_long_read(&r->ops));
}

/* ---- tier 7: lifecycle -------------------------------------------------- */

/* init/use/destroy in a loop, callbacks left pending each time. */
static void queue_init_destroy_loop_with_pending_callbacks(struct kunit *test)
{
	struct lf_queue *q = &contract_q;
	int round, i;
	long expected = 0;

	lf_atomic_long_set(&freed_count, 0);
	for (round = 0; round < 200; round++) {
		KUNIT_ASSERT_EQ(test, lf_queue_init(q), 0);
		for (i = 0; i < round % 5; i++) {
			struct qitem *it = new_item(i);

			KUNIT_ASSERT_NOT_NULL(test, it);
			enqueue_locked(q, it);
		}
		for (i = 0; i < round % 5; i++) {
			struct qitem *it = dequeue_locked(q);

			KUNIT_ASSERT_NOT_NULL(test, it);
			KUNIT_EXPECT_EQ(test, it->seq, (u32)i);
			free_item_rcu(it);
			expected++;
		}
		/* destroy at once: the frees are still pending */
		KUNIT_EXPECT_EQ(test, lf_queue_destroy(q), 0);
	}
	lf_rcu_barrier();	/* teardown: every pending callback has run */
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&freed_count), expected);
}

/* ---- misuse is reported, not silent (userspace; lockdep in-kernel) ---- */

#ifndef __KERNEL__
static void enqueue_without_read_lock(void)
{
	static struct qitem it;

	lf_rcu_register_thread();
	if (lf_queue_init(&contract_q) == 0)
		lf_queue_enqueue(&contract_q, &it.node);
}

static void dequeue_without_read_lock(void)
{
	lf_rcu_register_thread();
	if (lf_queue_init(&contract_q) == 0)
		(void)lf_queue_dequeue(&contract_q);
}

static const struct misuse_case {
	const char *desc;
	void (*fn)(void);
	const char *message;
} misuse_cases[] = {
	{ "lf_queue_enqueue outside the read lock", enqueue_without_read_lock,
	  "lfkit: lf_queue_enqueue(): called outside lf_rcu_read_lock()" },
	{ "lf_queue_dequeue outside the read lock", dequeue_without_read_lock,
	  "lfkit: lf_queue_dequeue(): called outside lf_rcu_read_lock()" },
};

static void misuse_desc(const struct misuse_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(misuse, misuse_cases, misuse_desc);

static void queue_rcu_misuse_aborts_with_message(struct kunit *test)
{
	const struct misuse_case *c = test->param_value;
	char out[512];
	int status;

	status = lf_test_run_child_thread(c->fn, out, sizeof(out));
	KUNIT_EXPECT_TRUE_MSG(test, status == LF_TEST_CHILD_ABORTED,
			      "child status %d, stderr: %s", status, out);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(out, c->message),
				  "stderr was: %s", out);
}
#endif

static struct kunit_case lfkit_queue_cases[] = {
	KUNIT_CASE(queue_ops_match_array_model),
	KUNIT_CASE(queue_dequeued_node_freed_after_synchronize_rcu),
	KUNIT_CASE(queue_dequeued_node_reenqueued_after_grace_period),
	KUNIT_CASE(queue_destroy_nonempty_returns_ebusy_leaks_nothing),
#ifndef __KERNEL__
	KUNIT_CASE_PARAM(queue_init_alloc_failure_returns_enomem, init_fail_gen_params),
	KUNIT_CASE(queue_dequeue_dummy_alloc_failure_loses_nothing),
#endif
	KUNIT_CASE_PARAM(queue_enqueue_parked_after_link_tail_never_points_at_freed,
			 lag_gen_params),
	KUNIT_CASE(queue_enqueue_parked_before_link_holds_grace_period),
	KUNIT_CASE(queue_dequeue_parked_before_cas_no_aba),
	KUNIT_CASE(queue_dequeue_parked_after_dummy_link),
	KUNIT_CASE_PARAM(queue_stress_producers_consumers_fifo_exactly_once,
			 stress_gen_params),
	KUNIT_CASE_PARAM(queue_stress_recycle_after_grace_period,
			 recycle_threads_gen_params),
	KUNIT_CASE(queue_init_destroy_loop_with_pending_callbacks),
#ifndef __KERNEL__
	KUNIT_CASE_PARAM(queue_rcu_misuse_aborts_with_message, misuse_gen_params),
#endif
	{}
};

/* The test thread itself uses RCU: register it (a no-op in-kernel). */
static int queue_test_init(struct kunit *test)
{
	lf_rcu_register_thread();
	return 0;
}

static void queue_test_exit(struct kunit *test)
{
	lf_rcu_unregister_thread();
}

struct kunit_suite lfkit_queue_suite = {
	.name = "lfkit_queue",
	.init = queue_test_init,
	.exit = queue_test_exit,
	.test_cases = lfkit_queue_cases,
};
