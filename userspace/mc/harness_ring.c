// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Model-checking harnesses for lf/ring.h
 * (the SCQ-based MPMC ring) and lf/spsc.h.
 *
 * Sequential specification: a FIFO of capacity n. Each thread's values
 * come out in the order it put them in, every value exactly once, and an
 * enqueue into a ring known to hold fewer than n values succeeds.
 */
#include "mc.h"
#include "../../lf/ring.h"
#include "../../lf/spsc.h"

static struct lf_ring ring;
static struct lf_spsc spsc;
static int out_count;
static unsigned long out[8];

static void ring_setup(void)
{
	lf_mc_assert(lf_ring_init(&ring, 2) == 0, "init");
	lf_mc_label(&ring, sizeof(ring), "ring");
	out_count = 0;
}

static void ring_teardown(void)
{
	lf_ring_destroy(&ring);
}

/* T0 and T1 each enqueue two tagged values; T2 dequeues all four. */
static void ring_thread(int id)
{
	unsigned long last[2] = { 0, 0 };
	int k;

	if (id < 2) {
		for (k = 1; k <= 2; k++) {
			void *v = (void *)(unsigned long)(id * 16 + k);

			while (lf_ring_enqueue(&ring, v) == -ENOSPC)
				lf_cpu_relax();
		}
		return;
	}
	while (out_count < 4) {
		void *v;

		if (lf_ring_dequeue(&ring, &v)) {
			lf_cpu_relax();
			continue;
		}
		unsigned long x = (unsigned long)v, p = x / 16, s = x % 16;

		lf_mc_assert(p < 2 && s == last[p] + 1,
			     "got %#lx after seq %lu of producer %lu", x, last[p], p);
		last[p] = s;
		out[out_count++] = x;
	}
}

static void ring_check(void)
{
	void *v;

	lf_mc_assert(lf_ring_dequeue(&ring, &v) == -ENOENT, "ring not empty");
	lf_mc_assert(lf_ring_count(&ring) == 0, "count %u", lf_ring_count(&ring));
}

LF_MC_HARNESS(ring_two_producers_one_consumer) = {
	.name = "ring_two_producers_one_consumer",
	.what = "MPMC ring, capacity 2: FIFO per producer, exactly once",
	.nr_threads = 3,
	.setup = ring_setup,
	.thread = ring_thread,
	.check = ring_check,
	.teardown = ring_teardown,
	/*
	 * Three threads over SCQ's many control-word operations: bound 2
	 * is not exhausted in 20 s (144k schedules), bound 1 is complete
	 * in under a second. The 2-thread harnesses run at bound 2.
	 */
	.preemption_bound = 1,
};

/* Capacity semantics: with one value in a ring of 2, an enqueue succeeds. */
static void ring_cap_thread(int id)
{
	void *v;

	if (id == 0) {
		lf_mc_assert(lf_ring_enqueue(&ring, (void *)1) == 0, "first enqueue");
		lf_mc_assert(lf_ring_dequeue(&ring, &v) == 0, "own value gone");
		return;
	}
	/* at most one value of T0's is in the ring: room for ours */
	lf_mc_assert(lf_ring_enqueue(&ring, (void *)2) == 0,
		     "enqueue failed with fewer than capacity values present");
}

LF_MC_HARNESS(ring_capacity_is_exact) = {
	.name = "ring_capacity_is_exact",
	.what = "MPMC ring: an enqueue with fewer than capacity values present succeeds",
	.nr_threads = 2,
	.setup = ring_setup,
	.thread = ring_cap_thread,
	.teardown = ring_teardown,
};

static void spsc_setup(void)
{
	lf_mc_assert(lf_spsc_init(&spsc, 2) == 0, "init");
	lf_mc_label(&spsc, sizeof(spsc), "spsc");
}

static void spsc_teardown(void)
{
	lf_spsc_destroy(&spsc);
}

static void spsc_thread(int id)
{
	unsigned long k;
	void *v;

	for (k = 1; k <= 3; k++) {
		if (id == 0) {
			while (lf_spsc_enqueue(&spsc, (void *)k) == -ENOSPC)
				lf_cpu_relax();
		} else {
			while (lf_spsc_dequeue(&spsc, &v) == -ENOENT)
				lf_cpu_relax();
			lf_mc_assert((unsigned long)v == k, "got %lu, want %lu",
				     (unsigned long)v, k);
		}
	}
}

LF_MC_HARNESS(spsc_stream) = {
	.name = "spsc_stream",
	.what = "SPSC ring, capacity 2: three values through, in order",
	.nr_threads = 2,
	.setup = spsc_setup,
	.thread = spsc_thread,
	.teardown = spsc_teardown,
};
