// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A textbook Michael-Scott queue, written
 * here on lf/atomic.h, in two variants: the reference one (a dequeuer
 * helps a lagging tail before unlinking, and frees the old head after a
 * grace period) and the planted bug the checker must find (no tail help,
 * old head freed at once, so the tail can point at freed memory).
 *
 * Scenario: the queue holds only its dummy D. T0 enqueues A and may stall
 * after linking D->A but before swinging the tail. T1 dequeues (takes A,
 * retires D) and then enqueues B, which reads the tail.
 */
#include "mc.h"
#include "../../rcu/rcu.h"

struct msq_node {
	struct msq_node *next;
	struct lf_rcu_head rcu;
	int value;
};

struct msq {
	struct msq_node *head;
	struct msq_node *tail;
};

static struct msq msq;
static struct msq_node *mnodes[3];	/* D, A, B */
static int got;

static void msq_enqueue(struct msq *q, struct msq_node *n)
{
	struct msq_node *t, *next;

	lf_write_once(n->next, NULL);
	for (;;) {
		/* pairs with the release CAS that swung the tail */
		t = lf_load_acquire(&q->tail);
		/* pairs with the release CAS that linked t->next */
		next = lf_load_acquire(&t->next);
		if (next) {	/* help a lagging tail */
			/* release: pairs with the acquire tail loads */
			lf_try_cmpxchg_release(&q->tail, &t, next);
			continue;
		}
		/* release publishes n; pairs with the acquire next loads */
		if (lf_try_cmpxchg_release(&t->next, &next, n))
			break;
	}
	/* release: pairs with the acquire tail loads; may fail if helped */
	lf_try_cmpxchg_release(&q->tail, &t, n);
}

static void msq_free_cb(struct lf_rcu_head *head)
{
	lf_kfree(container_of(head, struct msq_node, rcu));
}

static int msq_dequeue(struct msq *q, bool help_tail, bool defer_free)
{
	struct msq_node *h, *t, *next;
	int v;

	for (;;) {
		/* pairs with the release head CAS of the previous dequeue */
		h = lf_load_acquire(&q->head);
		/* pairs with the enqueuers' release tail CAS */
		t = lf_load_acquire(&q->tail);
		/* pairs with the enqueuer's release link */
		next = lf_load_acquire(&h->next);
		if (!next)
			return -1;
		if (help_tail && h == t) {
			/* release: pairs with the acquire tail loads */
			lf_try_cmpxchg_release(&q->tail, &t, next);
			continue;
		}
		v = lf_read_once(next->value);
		/* release: pairs with the acquire head load above */
		if (lf_try_cmpxchg_release(&q->head, &h, next))
			break;
	}
	if (defer_free)
		lf_call_rcu(&h->rcu, msq_free_cb);
	else
		lf_kfree(h);	/* planted: the tail may still point at h */
	return v;
}

static void msq_setup(void)
{
	static const char *const names[] = { "D", "A", "B" };
	int i;

	for (i = 0; i < 3; i++) {
		mnodes[i] = lf_kzalloc(sizeof(*mnodes[i]));
		mnodes[i]->value = i;
		lf_mc_label(mnodes[i], sizeof(*mnodes[i]), names[i]);
	}
	msq.head = mnodes[0];
	msq.tail = mnodes[0];
	lf_mc_label(&msq.head, sizeof(msq.head), "head");
	lf_mc_label(&msq.tail, sizeof(msq.tail), "tail");
	got = -1;
}

static void msq_thread_with(int id, bool correct)
{
	if (id == 0) {
		msq_enqueue(&msq, mnodes[1]);		/* A */
		return;
	}
	lf_rcu_read_lock();
	got = msq_dequeue(&msq, correct, correct);
	lf_rcu_read_unlock();
	lf_rcu_read_lock();
	msq_enqueue(&msq, mnodes[2]);			/* B */
	lf_rcu_read_unlock();
}

static void msq_thread(int id)
{
	msq_thread_with(id, true);
}

static void msq_bug_thread(int id)
{
	msq_thread_with(id, false);
}

static void msq_check(void)
{
	struct msq_node *n;
	int count = 0;

	lf_rcu_barrier();
	for (n = msq.head->next; n; n = n->next)
		count++;
	/* A was dequeued (got 1) and B is left, or A and B are both left */
	lf_mc_assert((got == 1 && count == 1) || (got == -1 && count == 2),
		     "dequeued %d, %d left", got, count);
}

static void msq_teardown(void)
{
	struct msq_node *n = msq.head, *next;

	while (n) {
		next = n->next;
		free(n);
		n = next;
	}
}

LF_MC_HARNESS(msq_reference_tail_help) = {
	.name = "msq_reference_tail_help",
	.what = "Michael-Scott: dequeue helps a lagging tail, frees after a GP",
	.nr_threads = 2,
	.setup = msq_setup,
	.thread = msq_thread,
	.check = msq_check,
	.teardown = msq_teardown,
};

LF_MC_HARNESS(planted_msq_free_under_tail) = {
	.name = "planted_msq_free_under_tail",
	.what = "planted bug: dequeue frees the old head while the tail points at it",
	.nr_threads = 2,
	.setup = msq_setup,
	.thread = msq_bug_thread,
	.check = msq_check,
	.teardown = msq_teardown,
	.expect_failure = true,
};
