// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Model-checking harnesses for lf/mpsc.h,
 * and the planted bug the checker must find: a try_pop that reports the
 * queue empty while a producer is between its exchange and its link.
 *
 * Property (DESIGN.md): once a push has returned, neither pop nor try_pop
 * may report the queue empty until that node is consumed. Producers count
 * their returned pushes; the consumer reads that count before each
 * try_pop and checks an -ENOENT answer against it.
 */
#include "mc.h"
#include "../../lf/mpsc.h"

struct mitem {
	struct lf_mpsc_node node;
	int producer;
	int seq;
};

#define MPSC_PER_PRODUCER	2

static struct lf_mpsc mq;
static struct mitem items[2][MPSC_PER_PRODUCER];
static int returned;		/* pushes that have returned */
static int consumed;
static int woken;		/* pushes that returned "was empty" */

static void mpsc_setup(void)
{
	int p, k;

	lf_mpsc_init(&mq);
	lf_mc_label(&mq.tail, sizeof(mq.tail), "tail");
	lf_mc_label(&mq.head, sizeof(mq.head), "stub");
	returned = 0;
	consumed = 0;
	woken = 0;
	for (p = 0; p < 2; p++) {
		for (k = 0; k < MPSC_PER_PRODUCER; k++) {
			static const char *const names[2][2] = {
				{ "A0", "A1" }, { "B0", "B1" } };

			items[p][k].producer = p;
			items[p][k].seq = k;
			lf_mc_label(&items[p][k], sizeof(items[p][k]), names[p][k]);
		}
	}
}

static void mpsc_consume(int (*try_pop)(struct lf_mpsc *, struct lf_mpsc_node **))
{
	int last[2] = { -1, -1 };

	while (consumed < 2 * MPSC_PER_PRODUCER) {
		struct lf_mpsc_node *n;
		/* pairs with the release increment after each push */
		int seen_returned = lf_load_acquire(&returned);
		int r = try_pop(&mq, &n);

		if (r == 0) {
			struct mitem *it = container_of(n, struct mitem, node);

			lf_mc_assert(it->seq == last[it->producer] + 1,
				     "producer %d: got seq %d after %d",
				     it->producer, it->seq, last[it->producer]);
			last[it->producer] = it->seq;
			consumed++;
			continue;
		}
		lf_mc_assert(r == -ENOENT || r == -EAGAIN, "try_pop returned %d", r);
		lf_mc_assert(r != -ENOENT || seen_returned <= consumed,
			     "-ENOENT with %d returned pushes and %d consumed",
			     seen_returned, consumed);
		lf_cpu_relax();
	}
}

static void mpsc_thread_with(int id,
			     int (*try_pop)(struct lf_mpsc *, struct lf_mpsc_node **))
{
	int k;

	if (id == 2) {
		mpsc_consume(try_pop);
		return;
	}
	for (k = 0; k < MPSC_PER_PRODUCER; k++) {
		if (lf_mpsc_push(&mq, &items[id][k].node))
			lf_atomic_inc((lf_atomic_t *)&woken);
		/* pairs with the consumer's acquire load of returned */
		lf_atomic_fetch_add_release(1, (lf_atomic_t *)&returned);
	}
}

static void mpsc_thread(int id)
{
	mpsc_thread_with(id, lf_mpsc_try_pop);
}

static void mpsc_check(void)
{
	lf_mc_assert(lf_mpsc_empty(&mq), "queue not empty at the end");
	lf_mc_assert(woken >= 1, "no push reported an empty queue");
}

LF_MC_HARNESS(mpsc_two_producers_try_pop) = {
	.name = "mpsc_two_producers_try_pop",
	.what = "MPSC: FIFO per producer, no -ENOENT once a push has returned",
	.nr_threads = 3,
	.setup = mpsc_setup,
	.thread = mpsc_thread,
	.check = mpsc_check,
};

/* ---- planted: empty reported in the exchange-to-link window ------------ */

static int buggy_try_pop(struct lf_mpsc *q, struct lf_mpsc_node **out)
{
	/* pairs with the producer's release link (M2 in lf/mpsc.c) */
	if (!lf_load_acquire(&q->head.next))
		return -ENOENT;	/* planted: never looks at the tail */
	return lf_mpsc_try_pop(q, out);
}

static void mpsc_buggy_thread(int id)
{
	mpsc_thread_with(id, buggy_try_pop);
}

LF_MC_HARNESS(planted_mpsc_empty_in_window) = {
	.name = "planted_mpsc_empty_in_window",
	.what = "planted bug: try_pop says -ENOENT while a producer is in its window",
	.nr_threads = 3,
	.setup = mpsc_setup,
	.thread = mpsc_buggy_thread,
	.expect_failure = true,
};
