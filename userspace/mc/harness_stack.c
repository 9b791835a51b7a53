// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Model-checking harnesses for lf/stack.h,
 * and the planted bugs the checker must find: an ABA-prone pop without
 * RCU, and the seed's broken two-step lock (with its compare-exchange fix).
 */
#include "mc.h"
#include "../../lf/stack.h"

struct mnode {
	struct lf_stack_node node;
	struct lf_rcu_head rcu;
	int id;
	int owner;		/* how many threads hold it right now */
};

static struct lf_stack stk;
static struct mnode *nodes[3];
static int popped_by[3][3];	/* popped_by[thread][k] = node id + 1 */
static struct lf_stack *repush_to;

static struct mnode *to_m(struct lf_stack_node *n)
{
	return n ? container_of(n, struct mnode, node) : NULL;
}

static void stack_setup_nodes(int count)
{
	int i;

	lf_stack_init(&stk);
	lf_mc_label(&stk, sizeof(stk), "stack");
	memset(popped_by, 0, sizeof(popped_by));
	for (i = 0; i < 3; i++)
		nodes[i] = NULL;
	for (i = 0; i < count; i++) {
		static const char *const names[] = { "A", "B", "C" };

		nodes[i] = lf_kzalloc(sizeof(*nodes[i]));
		nodes[i]->id = i;
		lf_mc_label(nodes[i], sizeof(*nodes[i]), names[i]);
	}
}

/* push_pop frees popped nodes through callbacks; nothing else to free. */
static void pp_teardown(void)
{
}

/* The ABA harnesses never free: every node is freed here. */
static void stack_teardown(void)
{
	int i;

	for (i = 0; i < 3; i++)
		free(nodes[i]);
}

/* Every node is on the stack or was popped, exactly once in all. */
static void stack_check_conservation(int count)
{
	int seen[3] = { 0 }, t, k, on = 0;
	struct lf_stack_node *n;

	for (t = 0; t < 3; t++)
		for (k = 0; k < 3; k++)
			if (popped_by[t][k])
				seen[popped_by[t][k] - 1]++;
	for (n = stk.top; n; n = n->next) {
		lf_mc_assert(++on <= count, "cycle on the stack");
		seen[to_m(n)->id]++;
	}
	for (k = 0; k < count; k++)
		lf_mc_assert(seen[k] == 1, "node %d accounted %d times", k, seen[k]);
}

/* ---- push/pop: two pushers that pop, popped nodes freed after a GP ---- */

static void free_cb(struct lf_rcu_head *head)
{
	lf_kfree(container_of(head, struct mnode, rcu));
}

static void pp_setup(void)
{
	stack_setup_nodes(2);
}

static void pp_thread(int id)
{
	struct lf_stack_node *n;

	lf_stack_push(&stk, &nodes[id]->node);
	lf_rcu_read_lock();
	n = lf_stack_pop(&stk);
	lf_rcu_read_unlock();
	/* our own push happened before: the stack was not empty */
	lf_mc_assert(n, "pop returned NULL after our push");
	popped_by[id][0] = to_m(n)->id + 1;
	lf_call_rcu(&to_m(n)->rcu, free_cb);
}

static void pp_check(void)
{
	int a = popped_by[0][0], b = popped_by[1][0];

	lf_mc_assert(a && b && a != b, "both threads popped node %d", a - 1);
	lf_mc_assert(lf_stack_empty(&stk), "stack not empty at the end");
	lf_rcu_barrier();
}

LF_MC_HARNESS(stack_push_pop) = {
	.name = "stack_push_pop",
	.what = "two threads each push then pop; each gets a distinct node",
	.nr_threads = 2,
	.setup = pp_setup,
	.thread = pp_thread,
	.check = pp_check,
	.teardown = pp_teardown,
};

/* ---- ABA window: pops racing a re-push after a grace period ---------- */

static void repush_cb(struct lf_rcu_head *head)
{
	struct mnode *m = container_of(head, struct mnode, rcu);

	lf_stack_push(repush_to, &m->node);
}

static void aba_setup(void)
{
	stack_setup_nodes(3);
	lf_stack_push(&stk, &nodes[2]->node);	/* C */
	lf_stack_push(&stk, &nodes[1]->node);	/* B */
	lf_stack_push(&stk, &nodes[0]->node);	/* A on top */
	repush_to = &stk;
}

/* T0: one pop. T1: two pops, then gives the first back after a GP. */
static void aba_rcu_thread(int id)
{
	struct lf_stack_node *n;
	int k;

	for (k = 0; k < (id ? 2 : 1); k++) {
		lf_rcu_read_lock();
		n = lf_stack_pop(&stk);
		lf_rcu_read_unlock();
		if (!n)
			continue;
		lf_mc_assert(lf_xchg(&to_m(n)->owner, 1) == 0,
			     "node %d popped while owned", to_m(n)->id);
		popped_by[id][k] = to_m(n)->id + 1;
	}
	if (id == 1 && popped_by[1][0]) {
		struct mnode *m = nodes[popped_by[1][0] - 1];

		popped_by[1][0] = 0;	/* given back */
		lf_write_once(m->owner, 0);
		lf_call_rcu(&m->rcu, repush_cb);
	}
}

static void aba_check(void)
{
	lf_rcu_barrier();		/* the deferred re-push has happened */
	stack_check_conservation(3);
}

LF_MC_HARNESS(stack_aba_rcu) = {
	.name = "stack_aba_rcu",
	.what = "pop vs pop, pop and re-push after a grace period: no ABA",
	.nr_threads = 2,
	.setup = aba_setup,
	.thread = aba_rcu_thread,
	.check = aba_check,
	.teardown = stack_teardown,
};

/* ---- planted: the same without RCU (re-push at once) ------------------ */

/* Treiber pop with no read-side protection: the textbook ABA bug. */
static struct lf_stack_node *pop_no_rcu(struct lf_stack *s)
{
	struct lf_stack_node *top = lf_load_acquire(&s->top), *next;

	while (top) {
		next = lf_read_once(top->next);
		if (lf_try_cmpxchg_acquire(&s->top, &top, next))
			break;
		top = lf_load_acquire(&s->top);
	}
	return top;
}

static void aba_bug_thread(int id)
{
	struct lf_stack_node *n;
	int k;

	for (k = 0; k < (id ? 2 : 1); k++) {
		n = pop_no_rcu(&stk);
		if (!n)
			continue;
		lf_mc_assert(lf_xchg(&to_m(n)->owner, 1) == 0,
			     "node %d popped while another thread owns it (ABA)",
			     to_m(n)->id);
		popped_by[id][k] = to_m(n)->id + 1;
	}
	if (id == 1 && popped_by[1][0]) {
		struct mnode *m = nodes[popped_by[1][0] - 1];

		popped_by[1][0] = 0;
		lf_write_once(m->owner, 0);
		lf_stack_push(&stk, &m->node);	/* no grace period */
	}
}

static void aba_bug_check(void)
{
	stack_check_conservation(3);
}

LF_MC_HARNESS(planted_stack_aba_without_rcu) = {
	.name = "planted_stack_aba_without_rcu",
	.what = "planted bug: Treiber pop without RCU, node re-pushed at once",
	.nr_threads = 2,
	.setup = aba_setup,
	.thread = aba_bug_thread,
	.check = aba_bug_check,
	.teardown = stack_teardown,
	.expect_failure = true,
};

/* ---- planted: the seed's two-step lock, and the CAS lock that fixes it -- */

static int lock_word;
static int in_cs;

static void lock_setup(void)
{
	lock_word = 0;
	in_cs = 0;
	lf_mc_label(&lock_word, sizeof(lock_word), "lock");
	lf_mc_label(&in_cs, sizeof(in_cs), "in_critical_section");
}

static void critical_section(void)
{
	int inside = lf_atomic_add_return(1, (lf_atomic_t *)&in_cs);

	lf_mc_assert(inside == 1, "%d threads inside the critical section", inside);
	lf_atomic_sub(1, (lf_atomic_t *)&in_cs);
}

static void two_step_thread(int id)
{
	/* load until free, then store taken: two steps, not one */
	while (lf_read_once(lock_word))
		lf_cpu_relax();
	lf_write_once(lock_word, 1);
	critical_section();
	lf_store_release(&lock_word, 0);
}

LF_MC_HARNESS(planted_two_step_lock) = {
	.name = "planted_two_step_lock",
	.what = "planted bug: lock = wait until free, then store taken",
	.nr_threads = 2,
	.setup = lock_setup,
	.thread = two_step_thread,
	.expect_failure = true,
};

static void cas_lock_thread(int id)
{
	int k;

	for (k = 0; k < 2; k++) {
		int old = 0;

		while (!lf_try_cmpxchg_acquire(&lock_word, &old, 1)) {
			old = 0;
			lf_cpu_relax();
		}
		critical_section();
		lf_store_release(&lock_word, 0);
	}
}

LF_MC_HARNESS(cas_lock) = {
	.name = "cas_lock",
	.what = "the fix: lock = compare-exchange 0 -> 1; mutual exclusion holds",
	.nr_threads = 2,
	.setup = lock_setup,
	.thread = cas_lock_thread,
};
