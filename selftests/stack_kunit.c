// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/stack.h, in-kernel (KUnit) and in
 * userspace (the KUnit shim), from this one file.
 *
 * Tiers (TESTING.md): 1 contract (table-driven, checked against a plain
 * array model), 2 wraparound (not applicable: the stack has no counters),
 * 3 pause points (the ABA window in pop, a pusher parked before its CAS),
 * 4 stress with conservation (parameterised by thread count, poisoned
 * frees through lf_call_rcu, recycled nodes, a watchdog), misuse checks
 * (userspace: the RCU layer's abort with a message).
 */
#include "lf_kunit.h"
#include "../lf/stack.h"
#include "../lf/pause.h"
#include "../rcu/rcu.h"
#include "lf_test_child.h"

#define POISON_BYTE	0x6b

struct item {
	struct lf_stack_node node;
	u32 producer;
	u32 seq;
	int owner;		/* ownership flag for recycling tests */
	struct lf_rcu_head rcu;
};

static struct item *to_item(struct lf_stack_node *n)
{
	return n ? container_of(n, struct item, node) : NULL;
}

/*
 * The watchdog's progress counter: any change will do, so a lost update
 * between two threads is harmless; marked accesses keep it race-free.
 */
static void progress_tick(unsigned long *progress)
{
	lf_write_once(*progress, lf_read_once(*progress) + 1);
}

static struct lf_stack_node *pop_locked(struct lf_stack *s)
{
	struct lf_stack_node *n;

	lf_rcu_read_lock();
	n = lf_stack_pop(s);
	lf_rcu_read_unlock();
	return n;
}

/* ---- tier 1: contract, one body for every push variant ---------------- */

enum push_variant { PUSH_ONE, PUSH_BATCH_OF_ONE, PUSH_BATCH_PAIRS };

static const char *const push_variant_names[] = {
	[PUSH_ONE] = "push",
	[PUSH_BATCH_OF_ONE] = "push_batch(n, n)",
	[PUSH_BATCH_PAIRS] = "push_batch of two-node chains",
};

static const enum push_variant push_variants[] = {
	PUSH_ONE, PUSH_BATCH_OF_ONE, PUSH_BATCH_PAIRS,
};

static void push_variant_desc(const enum push_variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", push_variant_names[*v]);
}

KUNIT_ARRAY_PARAM(push_variant, push_variants, push_variant_desc);

/*
 * One operation of a contract script, applied to the stack and to a
 * plain-array model; every result must agree with the model's.
 */
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
	{ "empty stack: pop NULL, pop_all NULL, empty true",
	  STEPS({ OP_EMPTY, 0 }, { OP_POP, 0 }, { OP_POP_ALL, 0 }, { OP_EMPTY, 0 }) },
	{ "push reports was-empty only for the first node",
	  STEPS({ OP_PUSH, 1 }, { OP_PUSH, 1 }, { OP_PUSH, 1 }, { OP_EMPTY, 0 }) },
	{ "LIFO order, then empty again",
	  STEPS({ OP_PUSH, 4 }, { OP_POP, 0 }, { OP_POP, 0 }, { OP_POP, 0 }, { OP_POP, 0 },
		{ OP_POP, 0 }, { OP_EMPTY, 0 }, { OP_PUSH, 1 }) },
	{ "pop_all takes everything newest first",
	  STEPS({ OP_PUSH, 6 }, { OP_POP_ALL, 0 }, { OP_EMPTY, 0 }, { OP_POP, 0 },
		{ OP_PUSH, 2 }, { OP_POP_ALL, 0 }) },
	{ "interleaved pushes and pops",
	  STEPS({ OP_PUSH, 2 }, { OP_POP, 0 }, { OP_PUSH, 3 }, { OP_POP, 0 },
		{ OP_POP, 0 }, { OP_PUSH, 1 }, { OP_POP_ALL, 0 }, { OP_POP, 0 }) },
};

#define MODEL_MAX 64

struct model {
	struct item *slot[MODEL_MAX];
	int n;
};

/* Push @count items with the chosen variant; check against the model. */
static void contract_push(struct kunit *test, struct lf_stack *s,
			  struct model *m, struct item *pool, int *next_item,
			  int count, enum push_variant v)
{
	int i = 0;

	while (i < count) {
		bool was_empty, want = m->n == 0;
		struct item *a = &pool[(*next_item)++];

		KUNIT_ASSERT_LT(test, *next_item, 2 * MODEL_MAX);
		if (v == PUSH_BATCH_PAIRS && i + 1 < count) {
			struct item *b = &pool[(*next_item)++];

			/* chain b -> a: b becomes the top, a->next is set by push */
			b->node.next = &a->node;
			a->node.next = (struct lf_stack_node *)&a->node; /* garbage */
			was_empty = lf_stack_push_batch(s, &b->node, &a->node);
			m->slot[m->n++] = a;
			m->slot[m->n++] = b;
			i += 2;
		} else {
			a->node.next = (struct lf_stack_node *)&a->node; /* garbage */
			if (v == PUSH_ONE)
				was_empty = lf_stack_push(s, &a->node);
			else
				was_empty = lf_stack_push_batch(s, &a->node, &a->node);
			m->slot[m->n++] = a;
			i++;
		}
		KUNIT_EXPECT_EQ_MSG(test, was_empty, want,
				    "push return value disagrees with the model");
	}
}

static void stack_ops_match_array_model(struct kunit *test)
{
	const enum push_variant v = *(const enum push_variant *)test->param_value;
	struct item *pool = kunit_kcalloc(test, 2 * MODEL_MAX, sizeof(*pool), GFP_KERNEL);
	unsigned int si;

	KUNIT_ASSERT_NOT_NULL(test, pool);
	for (si = 0; si < ARRAY_SIZE(contract_scripts); si++) {
		const struct script *sc = &contract_scripts[si];
		struct lf_stack s = LF_STACK_INIT(s);
		struct model m = { .n = 0 };
		struct lf_stack_node *got, *pos, *tmp;
		int next_item = 0, k;

		for (k = 0; k < sc->nr_steps; k++) {
			const struct step *st = &sc->steps[k];

			switch (st->op) {
			case OP_PUSH:
				contract_push(test, &s, &m, pool, &next_item,
					      st->arg, v);
				break;
			case OP_POP:
				got = pop_locked(&s);
				KUNIT_EXPECT_PTR_EQ_MSG(test, to_item(got),
							m.n ? m.slot[m.n - 1] : NULL,
							"script '%s' step %d: pop", sc->name, k);
				if (m.n)
					m.n--;
				break;
			case OP_POP_ALL:
				got = lf_stack_pop_all(&s);
				lf_stack_for_each_safe(pos, tmp, got) {
					KUNIT_EXPECT_GT_MSG(test, m.n, 0,
							    "script '%s' step %d: pop_all returned extra nodes",
							    sc->name, k);
					if (!m.n)
						break;
					KUNIT_EXPECT_PTR_EQ_MSG(test, to_item(pos),
								m.slot[m.n - 1],
								"script '%s' step %d: pop_all order",
								sc->name, k);
					m.n--;
				}
				KUNIT_EXPECT_EQ_MSG(test, m.n, 0,
						    "script '%s' step %d: pop_all left nodes behind",
						    sc->name, k);
				m.n = 0;
				break;
			case OP_EMPTY:
				KUNIT_EXPECT_EQ_MSG(test, lf_stack_empty(&s), m.n == 0,
						    "script '%s' step %d: empty", sc->name, k);
				break;
			}
		}
	}
}

static void stack_push_batch_sets_last_next(struct kunit *test)
{
	struct lf_stack s;
	struct item it[4];
	struct lf_stack_node *chain;

	lf_stack_init(&s);
	KUNIT_EXPECT_TRUE(test, lf_stack_push(&s, &it[0].node));
	/* chain 3 -> 2 -> 1, last->next deliberately garbage */
	it[3].node.next = &it[2].node;
	it[2].node.next = &it[1].node;
	it[1].node.next = (struct lf_stack_node *)&it[3];
	KUNIT_EXPECT_FALSE(test, lf_stack_push_batch(&s, &it[3].node, &it[1].node));
	KUNIT_EXPECT_PTR_EQ(test, it[1].node.next, &it[0].node);
	chain = lf_stack_pop_all(&s);
	KUNIT_EXPECT_PTR_EQ(test, chain, &it[3].node);
	KUNIT_EXPECT_PTR_EQ(test, it[0].node.next, (struct lf_stack_node *)NULL);
	KUNIT_EXPECT_TRUE(test, lf_stack_empty(&s));
}

static void stack_entry_safe_iterator_allows_free(struct kunit *test)
{
	struct lf_stack s = LF_STACK_INIT(s);
	struct item *it, *tmp;
	int i, seen = 0;

	for (i = 0; i < 5; i++) {
		it = lf_kzalloc(sizeof(*it));
		KUNIT_ASSERT_NOT_NULL(test, it);
		it->seq = i;
		lf_stack_push(&s, &it->node);
	}
	/* newest first: 4 3 2 1 0; freeing inside the loop must be safe */
	lf_stack_for_each_entry_safe(it, tmp, lf_stack_pop_all(&s), node) {
		KUNIT_EXPECT_EQ(test, it->seq, (u32)(4 - seen));
		seen++;
		lf_kfree(it);
	}
	KUNIT_EXPECT_EQ(test, seen, 5);
}

/* ---- tier 3: pause points --------------------------------------------- */

struct aba_ctx {
	struct lf_stack *s;
	struct lf_stack_node *popped;
	int repushed;		/* deferred re-push has run */
	struct item *a;
	struct lf_stack *repush_to;
};

static int aba_popper(void *arg)
{
	struct aba_ctx *c = arg;

	lf_rcu_register_thread();
	lf_rcu_read_lock();
	c->popped = lf_stack_pop(c->s);	/* parks after loading top and next */
	lf_rcu_read_unlock();
	lf_rcu_unregister_thread();
	return 0;
}

static struct aba_ctx *aba_cb_ctx;

static void aba_repush_cb(struct lf_rcu_head *head)
{
	struct aba_ctx *c = aba_cb_ctx;

	/* Only now, a grace period after its pop, may A go back on a stack. */
	lf_stack_push(c->repush_to, &c->a->node);
	lf_store_release(&c->repushed, 1);
}

static bool aba_repushed(struct aba_ctx *c)
{
	/* pairs with the release store in aba_repush_cb() */
	return lf_load_acquire(&c->repushed);
}

static bool wait_parked(void)
{
	int i;

	for (i = 0; i < 5000 && !lf_pause_parked(); i++)
		lf_test_msleep(1);
	return lf_pause_parked();
}

/*
 * The classic ABA: stack A -> B -> C. A popper loads top = A and
 * next = B, then stalls. Meanwhile A and B are popped and A is pushed back
 * (the contract says: only after a grace period). When the popper resumes,
 * a CAS(top: A -> B) would succeed with a stale next and hand B — which
 * someone else owns — back to the stack.
 *
 * With RCU the deferred re-push cannot run while the popper is inside its
 * read-side section, so the popper's CAS sees top == C, retries and pops C.
 * Expected end state: popper has C, we have B, the stack holds exactly A.
 * If RCU protection is removed (pop outside the read lock, or the grace
 * period not waiting for readers), A comes back while the popper is
 * parked and the end state is wrong; this test then fails.
 */
static void stack_pop_parked_in_aba_window_stays_correct(struct kunit *test)
{
	struct lf_stack s = LF_STACK_INIT(s);
	struct item *it = kunit_kcalloc(test, 3, sizeof(*it), GFP_KERNEL);
	struct aba_ctx c = { .s = &s };
	struct lf_test_thread *t;
	struct lf_stack_node *n, *rest;
	int waited;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_NOT_NULL(test, it);
	lf_stack_push(&s, &it[2].node);	/* C */
	lf_stack_push(&s, &it[1].node);	/* B */
	lf_stack_push(&s, &it[0].node);	/* A on top */
	c.a = &it[0];
	c.repush_to = &s;
	aba_cb_ctx = &c;

	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_stack_pop:after_load"), 0);
	t = lf_test_thread_start(aba_popper, &c, "aba_popper");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	n = pop_locked(&s);
	KUNIT_EXPECT_PTR_EQ(test, n, &it[0].node);	/* A */
	n = pop_locked(&s);
	KUNIT_EXPECT_PTR_EQ(test, n, &it[1].node);	/* B: ours now */
	lf_call_rcu(&it[0].rcu, aba_repush_cb);		/* A back, after a GP */

	/* The grace period must not end while the popper is parked. */
	for (waited = 0; waited < 200 && !aba_repushed(&c); waited++)
		lf_test_msleep(1);
	KUNIT_EXPECT_FALSE_MSG(test, aba_repushed(&c),
			       "grace period ended while a reader was parked in pop");

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	lf_rcu_barrier();
	KUNIT_EXPECT_TRUE(test, aba_repushed(&c));

	KUNIT_EXPECT_PTR_EQ_MSG(test, c.popped, &it[2].node,
				"the parked pop must retry and take C");
	rest = lf_stack_pop_all(&s);
	KUNIT_EXPECT_PTR_EQ_MSG(test, rest, &it[0].node,
				"the stack must hold exactly A");
	if (rest)
		KUNIT_EXPECT_PTR_EQ_MSG(test, rest->next,
					(struct lf_stack_node *)NULL,
					"B or C leaked back onto the stack (ABA)");
}

struct parked_pusher {
	struct lf_stack *s;
	struct item *it;
};

static int parked_push_fn(void *arg)
{
	struct parked_pusher *p = arg;

	lf_stack_push(p->s, &p->it->node);
	return 0;
}

/*
 * Lock-freedom, shown: a pusher stalled between linking and its CAS does
 * not stop anyone else. Other operations all complete, then the stalled
 * push retries and nothing is lost.
 */
static void stack_parked_push_blocks_no_one(struct kunit *test)
{
	struct lf_stack s = LF_STACK_INIT(s);
	struct item *it = kunit_kcalloc(test, 65, sizeof(*it), GFP_KERNEL);
	struct parked_pusher p = { .s = &s };
	struct lf_test_thread *t;
	struct lf_stack_node *n, *tmp, *chain;
	int i, round, count = 0;
	bool seen_parked = false;

	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	KUNIT_ASSERT_NOT_NULL(test, it);
	p.it = &it[64];
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_stack_push:before_cas"), 0);
	t = lf_test_thread_start(parked_push_fn, &p, "parked_pusher");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, wait_parked());

	for (round = 0; round < 16; round++) {
		for (i = 0; i < 64; i++)
			lf_stack_push(&s, &it[i].node);
		for (i = 63; i >= 0; i--) {
			n = pop_locked(&s);
			KUNIT_EXPECT_PTR_EQ_MSG(test, n, &it[i].node,
						"round %d: pop order", round);
		}
		/* No pop above may have seen the unpublished node. */
		KUNIT_EXPECT_TRUE(test, lf_stack_empty(&s));
		/* Re-pushing needs a grace period between rounds. */
		lf_synchronize_rcu();
	}
	seen_parked = lf_pause_parked();
	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
	KUNIT_EXPECT_TRUE(test, seen_parked);
	chain = lf_stack_pop_all(&s);
	lf_stack_for_each_safe(n, tmp, chain) {
		KUNIT_EXPECT_PTR_EQ(test, n, &it[64].node);
		count++;
	}
	KUNIT_EXPECT_EQ(test, count, 1);
}

/* ---- tier 4: stress with conservation ---------------------------------- */

static const unsigned int stress_threads[] = { 1, 2, 4, 8, 16 };

static void stress_threads_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u threads", *n);
}

KUNIT_ARRAY_PARAM(stress_threads, stress_threads, stress_threads_desc);

/*
 * Every worker does at least this much, whatever the clock says: a purely
 * time-bound run can do nothing at all on a loaded host or under QEMU TCG
 * (seen with stress_ms=200), and an empty run proves nothing.
 */
#define STRESS_MIN_OPS		2000u
#define STRESS_MAX_PER_THREAD	BIT(16)

struct stress {
	struct lf_stack s;
	unsigned int nr_threads;
	int stop;
	unsigned long progress;
	u64 deadline_ns;
	lf_atomic_t *seen;	/* [producer][seq]: times popped */
	u32 produced[16];
	lf_atomic_long_t dup;	/* an item popped twice */
	lf_atomic_long_t bad;	/* a popped item with impossible tags */
};

struct stress_worker {
	struct stress *st;
	u32 id;
	u64 rng;
};

static void poison_free_cb(struct lf_rcu_head *head)
{
	struct item *it = container_of(head, struct item, rcu);

	/* Freed nodes are poisoned: a late reader sees garbage, ASan a UAF. */
	memset(it, POISON_BYTE, sizeof(*it));
	lf_kfree(it);
}

static void stress_record(struct stress *st, struct item *it)
{
	lf_atomic_t *cell;

	if (it->producer >= st->nr_threads ||
	    it->seq >= STRESS_MAX_PER_THREAD) {
		lf_atomic_long_inc(&st->bad);
		return;
	}
	cell = &st->seen[(size_t)it->producer * STRESS_MAX_PER_THREAD + it->seq];
	/* Relaxed: counted, checked after the join. A second pop is a bug. */
	if (lf_atomic_fetch_add_relaxed(1, cell) != 0)
		lf_atomic_long_inc(&st->dup);
}

static int stress_worker_fn(void *arg)
{
	struct stress_worker *w = arg;
	struct stress *st = w->st;
	u32 seq = 0;
	int ret = 0;

	lf_rcu_register_thread();
	while (!lf_read_once(st->stop) && seq < STRESS_MAX_PER_THREAD &&
	       (seq < STRESS_MIN_OPS || lf_test_now_ns() < st->deadline_ns)) {
		u32 r = lf_test_prandom(&w->rng);
		struct item *it;

		if (r & 1) {	/* push a fresh tagged item */
			it = lf_kmalloc(sizeof(*it));
			if (!it) {
				ret = -ENOMEM;
				break;
			}
			it->producer = w->id;
			it->seq = seq++;
			lf_stack_push(&st->s, &it->node);
		} else {	/* pop one, record it, free after a GP */
			struct lf_stack_node *n;

			lf_rcu_read_lock();
			n = lf_stack_pop(&st->s);
			if (n) {
				it = to_item(n);
				stress_record(st, it);
				lf_call_rcu(&it->rcu, poison_free_cb);
			}
			lf_rcu_read_unlock();
		}
		progress_tick(&st->progress);
	}
	st->produced[w->id] = seq;
	lf_rcu_unregister_thread();
	return ret;
}

static void stack_stress_push_pop_exactly_once(struct kunit *test)
{
	const unsigned int nr = *(const unsigned int *)test->param_value;
	struct stress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct stress_worker *w = kunit_kcalloc(test, nr, sizeof(*w), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, nr, sizeof(*t), GFP_KERNEL);
	struct lf_test_watchdog *wd;
	struct lf_stack_node *n, *tmp;
	unsigned long missing = 0, total = 0;
	unsigned int i;
	u32 seq;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_LE(test, nr, (unsigned int)ARRAY_SIZE(st->produced));
	st->seen = lf_kvzalloc((size_t)nr * STRESS_MAX_PER_THREAD * sizeof(*st->seen));
	KUNIT_ASSERT_NOT_NULL(test, st->seen);
	lf_stack_init(&st->s);
	st->nr_threads = nr;
	st->deadline_ns = lf_test_now_ns() +
		(u64)lf_test_stress_ms() * 1000000ull / 4;
	wd = lf_test_watchdog_start(&st->progress, &st->stop, 10000);

	for (i = 0; i < nr; i++) {
		w[i].st = st;
		w[i].id = i;
		w[i].rng = lf_test_seed() + i * 0x9e3779b97f4a7c15ull + 1;
		t[i] = lf_test_thread_start(stress_worker_fn, &w[i], "stack_stress");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < nr; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");

	/* Drain: what is left on the stack counts as consumed now. */
	lf_stack_for_each_safe(n, tmp, lf_stack_pop_all(&st->s)) {
		stress_record(st, to_item(n));
		lf_kfree(to_item(n));
	}
	lf_rcu_barrier();		/* every poisoned free has run */

	for (i = 0; i < nr; i++) {
		for (seq = 0; seq < st->produced[i]; seq++) {
			int c = lf_atomic_read(&st->seen[(size_t)i * STRESS_MAX_PER_THREAD + seq]);

			if (c != 1) {
				if (!missing)
					KUNIT_FAIL(test, "item %u.%u seen %d times",
						   i, seq, c);
				missing++;
			}
		}
		total += st->produced[i];
	}
	KUNIT_EXPECT_EQ_MSG(test, missing, 0ul, "of %lu items", total);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&st->dup), 0L);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&st->bad), 0L);
	KUNIT_EXPECT_GT(test, total, 0ul);
	kunit_info(test, "%u threads: %lu items pushed and popped", nr, total);
	lf_kvfree(st->seen);
}

/*
 * A fixed pool of nodes recycled through the stack: popped, owned (the
 * owner flag must have been clear), then pushed back after a grace period
 * from an RCU callback. ABA on pop would hand out a node that someone
 * already owns, or lose one; at the end all nodes must be on the stack
 * exactly once.
 */
#define RECYCLE_POOL 64

struct recycle {
	struct lf_stack s;
	struct item *pool;
	int stop;
	unsigned long progress;
	lf_atomic_long_t double_owned;
	u64 deadline_ns;
};

static struct recycle *recycle_ctx;

static void recycle_cb(struct lf_rcu_head *head)
{
	struct item *it = container_of(head, struct item, rcu);

	/* Release pairs with the owner xchg in the next popper. */
	lf_store_release(&it->owner, 0);
	lf_stack_push(&recycle_ctx->s, &it->node);
}

static int recycle_worker_fn(void *arg)
{
	struct recycle *r = arg;
	unsigned int ops = 0;

	lf_rcu_register_thread();
	while (!lf_read_once(r->stop) &&
	       (ops++ < STRESS_MIN_OPS || lf_test_now_ns() < r->deadline_ns)) {
		struct lf_stack_node *n;

		lf_rcu_read_lock();
		n = lf_stack_pop(&r->s);
		if (n) {
			struct item *it = to_item(n);

			/* Fully ordered: we must be the only owner. */
			if (lf_xchg(&it->owner, 1) != 0)
				lf_atomic_long_inc(&r->double_owned);
			lf_call_rcu(&it->rcu, recycle_cb);
		}
		lf_rcu_read_unlock();
		progress_tick(&r->progress);
	}
	lf_rcu_unregister_thread();
	return 0;
}

static void stack_stress_recycle_after_grace_period(struct kunit *test)
{
	const unsigned int nr = *(const unsigned int *)test->param_value;
	struct recycle *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, nr, sizeof(*t), GFP_KERNEL);
	struct lf_test_watchdog *wd;
	struct lf_stack_node *n, *tmp;
	unsigned int count[RECYCLE_POOL] = { 0 };
	unsigned int i, on_stack = 0, bad = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, t);
	r->pool = kunit_kcalloc(test, RECYCLE_POOL, sizeof(*r->pool), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->pool);
	recycle_ctx = r;
	for (i = 0; i < RECYCLE_POOL; i++) {
		r->pool[i].seq = i;
		lf_stack_push(&r->s, &r->pool[i].node);
	}
	r->deadline_ns = lf_test_now_ns() +
		(u64)lf_test_stress_ms() * 1000000ull / 4;
	wd = lf_test_watchdog_start(&r->progress, &r->stop, 10000);
	for (i = 0; i < nr; i++) {
		t[i] = lf_test_thread_start(recycle_worker_fn, r, "stack_recycle");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < nr; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");
	lf_rcu_barrier();	/* every pending re-push has run */

	lf_stack_for_each_safe(n, tmp, lf_stack_pop_all(&r->s)) {
		struct item *it = to_item(n);

		if (it < r->pool || it >= r->pool + RECYCLE_POOL) {
			bad++;
			break;
		}
		count[it - r->pool]++;
		on_stack++;
		if (on_stack > RECYCLE_POOL)
			break;	/* a cycle: ABA corrupted the list */
	}
	KUNIT_EXPECT_EQ(test, bad, 0u);
	KUNIT_EXPECT_EQ(test, on_stack, (unsigned int)RECYCLE_POOL);
	for (i = 0; i < RECYCLE_POOL; i++)
		KUNIT_EXPECT_EQ_MSG(test, count[i], 1u, "pool node %u", i);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&r->double_owned), 0L);
}

/*
 * pop_all as the consumer: producers push tagged items, one thread drains
 * with pop_all (needs no RCU). Every item exactly once, and each chain is
 * newest first, so per producer the sequence numbers in one chain descend.
 */
struct drain {
	struct lf_stack s;
	unsigned int nr_producers;
	int stop;
	int producers_done;
	unsigned long progress;
	u64 deadline_ns;
	u32 produced[16];
	u8 *seen;
	unsigned long dup;
	unsigned long order;
};

struct drain_producer {
	struct drain *d;
	u32 id;
};

static int drain_producer_fn(void *arg)
{
	struct drain_producer *p = arg;
	struct drain *d = p->d;
	u32 seq = 0;

	while (!lf_read_once(d->stop) && seq < STRESS_MAX_PER_THREAD &&
	       (seq < STRESS_MIN_OPS || lf_test_now_ns() < d->deadline_ns)) {
		struct item *it = lf_kmalloc(sizeof(*it));

		if (!it)
			return -ENOMEM;
		it->producer = p->id;
		it->seq = seq++;
		lf_stack_push(&d->s, &it->node);
		progress_tick(&d->progress);
	}
	d->produced[p->id] = seq;
	return 0;
}

static void drain_chain(struct drain *d, struct lf_stack_node *chain)
{
	u32 last[16];
	struct lf_stack_node *n, *tmp;
	unsigned int i;

	for (i = 0; i < 16; i++)
		last[i] = U32_MAX;
	lf_stack_for_each_safe(n, tmp, chain) {
		struct item *it = to_item(n);
		u8 *cell = &d->seen[(size_t)it->producer * STRESS_MAX_PER_THREAD + it->seq];

		if ((*cell)++)
			d->dup++;
		if (it->seq >= last[it->producer])
			d->order++;
		last[it->producer] = it->seq;
		lf_kfree(it);
	}
}

static int drain_consumer_fn(void *arg)
{
	struct drain *d = arg;

	while (!lf_load_acquire(&d->producers_done)) {
		drain_chain(d, lf_stack_pop_all(&d->s));
		progress_tick(&d->progress);
		lf_test_yield();
	}
	drain_chain(d, lf_stack_pop_all(&d->s));
	return 0;
}

static void stack_pop_all_drains_every_item_once(struct kunit *test)
{
	const unsigned int nr = *(const unsigned int *)test->param_value;
	struct drain *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct drain_producer *p = kunit_kcalloc(test, nr, sizeof(*p), GFP_KERNEL);
	struct lf_test_thread **t = kunit_kcalloc(test, nr, sizeof(*t), GFP_KERNEL);
	struct lf_test_thread *consumer;
	struct lf_test_watchdog *wd;
	unsigned long missing = 0;
	unsigned int i;
	u32 seq;

	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, t);
	d->seen = lf_kvzalloc((size_t)nr * STRESS_MAX_PER_THREAD);
	KUNIT_ASSERT_NOT_NULL(test, d->seen);
	d->nr_producers = nr;
	d->deadline_ns = lf_test_now_ns() +
		(u64)lf_test_stress_ms() * 1000000ull / 4;
	wd = lf_test_watchdog_start(&d->progress, &d->stop, 10000);
	consumer = lf_test_thread_start(drain_consumer_fn, d, "stack_drain");
	KUNIT_ASSERT_NOT_NULL(test, consumer);
	for (i = 0; i < nr; i++) {
		p[i].d = d;
		p[i].id = i;
		t[i] = lf_test_thread_start(drain_producer_fn, &p[i], "stack_prod");
		KUNIT_EXPECT_NOT_NULL(test, t[i]);
	}
	for (i = 0; i < nr; i++)
		if (t[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(t[i]), 0);
	lf_store_release(&d->producers_done, 1);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(consumer), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");
	for (i = 0; i < nr; i++)
		for (seq = 0; seq < d->produced[i]; seq++)
			if (d->seen[(size_t)i * STRESS_MAX_PER_THREAD + seq] != 1)
				missing++;
	KUNIT_EXPECT_EQ(test, missing, 0ul);
	KUNIT_EXPECT_EQ(test, d->dup, 0ul);
	KUNIT_EXPECT_EQ_MSG(test, d->order, 0ul,
			    "a chain from pop_all was not newest-first");
	lf_kvfree(d->seen);
}

/* ---- misuse is reported, not silent (userspace; lockdep in-kernel) ---- */

#ifndef __KERNEL__
static void pop_without_read_lock(void)
{
	struct lf_stack s = LF_STACK_INIT(s);

	lf_rcu_register_thread();
	(void)lf_stack_pop(&s);
}

static void read_lock_unregistered(void)
{
	lf_rcu_read_lock();
}

static void synchronize_inside_read_lock(void)
{
	lf_rcu_register_thread();
	lf_rcu_read_lock();
	lf_synchronize_rcu();
}

static const struct misuse_case {
	const char *desc;
	void (*fn)(void);
	const char *message;
} misuse_cases[] = {
	{ "lf_stack_pop outside the read lock", pop_without_read_lock,
	  "lfkit: lf_stack_pop(): called outside lf_rcu_read_lock()" },
	{ "read lock from an unregistered thread", read_lock_unregistered,
	  "lfkit: lf_rcu_read_lock(): called from a thread that has not called lf_rcu_register_thread()",
	},
	{ "synchronize_rcu inside the read lock", synchronize_inside_read_lock,
	  "lfkit: lf_synchronize_rcu(): called inside lf_rcu_read_lock() (would deadlock)" },
};

static void misuse_desc(const struct misuse_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(misuse, misuse_cases, misuse_desc);

static void stack_rcu_misuse_aborts_with_message(struct kunit *test)
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

static struct kunit_case lfkit_stack_cases[] = {
	KUNIT_CASE_PARAM(stack_ops_match_array_model, push_variant_gen_params),
	KUNIT_CASE(stack_push_batch_sets_last_next),
	KUNIT_CASE(stack_entry_safe_iterator_allows_free),
	KUNIT_CASE(stack_pop_parked_in_aba_window_stays_correct),
	KUNIT_CASE(stack_parked_push_blocks_no_one),
	KUNIT_CASE_PARAM(stack_stress_push_pop_exactly_once, stress_threads_gen_params),
	KUNIT_CASE_PARAM(stack_stress_recycle_after_grace_period, stress_threads_gen_params),
	KUNIT_CASE_PARAM(stack_pop_all_drains_every_item_once, stress_threads_gen_params),
#ifndef __KERNEL__
	KUNIT_CASE_PARAM(stack_rcu_misuse_aborts_with_message, misuse_gen_params),
#endif
	{}
};

/* The test thread itself uses RCU: register it (a no-op in-kernel). */
static int stack_test_init(struct kunit *test)
{
	lf_rcu_register_thread();
	return 0;
}

static void stack_test_exit(struct kunit *test)
{
	lf_rcu_unregister_thread();
}

struct kunit_suite lfkit_stack_suite = {
	.name = "lfkit_stack",
	.init = stack_test_init,
	.exit = stack_test_exit,
	.test_cases = lfkit_stack_cases,
};
