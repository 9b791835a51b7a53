// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Model-checking harness for lf/queue.h
 * (Michael-Scott with RCU reclamation and queue-owned dummies).
 *
 * T0 enqueues A then B; T1 dequeues, enqueues C, dequeues again. Against
 * the sequential specification: per-producer FIFO, every node exactly
 * once (dequeued, or left in the queue), a dequeued node is no longer
 * reachable, and dummies are reclaimed only after a grace period (the
 * checker's quarantine turns any access to a reclaimed one into a use
 * after free).
 */
#include "mc.h"
#include "../../lf/queue.h"

struct qitem {
	struct lf_queue_node node;
	int id;			/* 0 = A, 1 = B, 2 = C */
};

static struct lf_queue mq;
static struct qitem *qitems[3];
static int dequeued[3];		/* times each item came out */
static int order[3], norder;

static void q_setup(void)
{
	static const char *const names[] = { "A", "B", "C" };
	int i;

	lf_mc_assert(lf_queue_init(&mq) == 0, "init");
	lf_mc_label(&mq, sizeof(mq), "queue");
	for (i = 0; i < 3; i++) {
		qitems[i] = lf_kzalloc(sizeof(*qitems[i]));
		qitems[i]->id = i;
		lf_mc_label(qitems[i], sizeof(*qitems[i]), names[i]);
		dequeued[i] = 0;
	}
	norder = 0;
}

static void q_take(void)
{
	struct lf_queue_node *n;

	lf_rcu_read_lock();
	n = lf_queue_dequeue(&mq);
	lf_rcu_read_unlock();
	if (n) {
		int id = container_of(n, struct qitem, node)->id;

		dequeued[id]++;
		order[norder++] = id;
	}
}

static void q_thread(int id)
{
	if (id == 0) {
		lf_rcu_read_lock();
		lf_queue_enqueue(&mq, &qitems[0]->node);
		lf_rcu_read_unlock();
		lf_rcu_read_lock();
		lf_queue_enqueue(&mq, &qitems[1]->node);
		lf_rcu_read_unlock();
		return;
	}
	q_take();
	lf_rcu_read_lock();
	lf_queue_enqueue(&mq, &qitems[2]->node);
	lf_rcu_read_unlock();
	q_take();
}

static void q_check(void)
{
	int i, posA = -1, posB = -1;

	/* drain what is left (no thread runs any more) */
	while (norder < 3)
		q_take();
	lf_mc_assert(lf_queue_empty(&mq), "queue not empty after draining");
	for (i = 0; i < 3; i++)
		lf_mc_assert(dequeued[i] == 1, "item %d came out %d times", i, dequeued[i]);
	for (i = 0; i < 3; i++) {
		if (order[i] == 0)
			posA = i;
		if (order[i] == 1)
			posB = i;
	}
	lf_mc_assert(posA < posB, "A and B out of order (producer FIFO)");
	lf_mc_assert(lf_queue_destroy(&mq) == 0, "destroy of an empty queue");
	lf_rcu_barrier();
}

static void q_teardown(void)
{
	int i;

	for (i = 0; i < 3; i++)
		free(qitems[i]);
}

LF_MC_HARNESS(queue_enqueue_dequeue) = {
	.name = "queue_enqueue_dequeue",
	.what = "MPMC queue: FIFO per producer, exactly once, dummies reclaimed safely",
	.nr_threads = 2,
	.setup = q_setup,
	.thread = q_thread,
	.check = q_check,
	.teardown = q_teardown,
};
