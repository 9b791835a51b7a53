// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A worker pool fed by lfkit's unbounded MPMC queue (Michael-Scott with
 * RCU reclamation).
 *
 * Two submitter threads enqueue jobs; four workers dequeue and run them.
 * No locks anywhere; a worker that finds the queue empty yields. The queue
 * is intrusive: each job embeds a struct lf_queue_node. What a worker may
 * do with a job it dequeued:
 *
 *  - use the whole job object at once: the node has left the queue;
 *  - free it (or enqueue it again) only after a grace period, because
 *    other workers' dequeues may still hold a stale pointer to it: here
 *    lf_call_rcu(&job->rcu, free_job) when done.
 *
 * A job sums the squares of a range. At the end the program checks
 * conservation: every job run exactly once, each submitter's jobs seen in
 * submission order by every worker (FIFO per producer), the grand total
 * equal to the closed form, every job freed. Exit status 0 on success, 1 on
 * a conservation failure.
 *
 * Build: `make examples` in the lfkit tree gives build/examples/worker_pool,
 * compiled with -I. and linked with build/liblfkit.a -lurcu-memb
 * -lurcu-common -lpthread.
 */
#include <lf/queue.h>
#include <rcu/rcu.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define SUBMITTERS	2
#define WORKERS		4
#define JOBS		100000		/* per submitter */
#define SPAN		64		/* numbers per job */

struct job {
	struct lf_queue_node node;
	struct lf_rcu_head rcu;		/* to free it after a grace period */
	int submitter;
	long seq;
	unsigned long from;		/* sum i*i for i in [from, from + SPAN) */
};

static struct lf_queue jobs;
static unsigned char ran[SUBMITTERS * JOBS];
static long jobs_done, jobs_freed;
static unsigned long long grand_total;
static long order_errors;

static void free_job(struct lf_rcu_head *head)
{
	free(container_of(head, struct job, rcu));
	__atomic_fetch_add(&jobs_freed, 1, __ATOMIC_RELAXED);
}

static void *submitter(void *arg)
{
	int id = (int)(long)arg;

	lf_rcu_register_thread();
	for (long i = 0; i < JOBS; i++) {
		struct job *j = malloc(sizeof(*j));

		if (!j)
			abort();
		j->submitter = id;
		j->seq = i;
		j->from = ((unsigned long)id * JOBS + i) * SPAN;
		lf_rcu_read_lock();
		lf_queue_enqueue(&jobs, &j->node);
		lf_rcu_read_unlock();
	}
	lf_rcu_unregister_thread();
	return NULL;
}

static void *worker(void *arg)
{
	long last[SUBMITTERS];
	unsigned long long sum = 0;

	(void)arg;
	for (int i = 0; i < SUBMITTERS; i++)
		last[i] = -1;
	lf_rcu_register_thread();
	while (__atomic_load_n(&jobs_done, __ATOMIC_RELAXED) < (long)SUBMITTERS * JOBS) {
		struct lf_queue_node *n;
		struct job *j;

		lf_rcu_read_lock();
		n = lf_queue_dequeue(&jobs);
		lf_rcu_read_unlock();
		if (!n) {
			sched_yield();
			continue;
		}
		j = container_of(n, struct job, node);
		for (unsigned long x = j->from; x < j->from + SPAN; x++)
			sum += (unsigned long long)x * x;
		if (j->seq <= last[j->submitter])
			__atomic_fetch_add(&order_errors, 1, __ATOMIC_RELAXED);
		last[j->submitter] = j->seq;
		__atomic_fetch_add(&ran[j->submitter * JOBS + j->seq], 1, __ATOMIC_RELAXED);
		lf_call_rcu(&j->rcu, free_job);	/* not free(j): a GP first */
		__atomic_fetch_add(&jobs_done, 1, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&grand_total, sum, __ATOMIC_RELAXED);
	lf_rcu_unregister_thread();
	return NULL;
}

int main(void)
{
	pthread_t s[SUBMITTERS], w[WORKERS];
	unsigned long long n = (unsigned long long)SUBMITTERS * JOBS * SPAN, expected;
	long bad = 0;
	int err;

	if (lf_queue_init(&jobs) != 0) {
		fprintf(stderr, "worker_pool: lf_queue_init: out of memory\n");
		return 2;
	}
	for (long i = 0; i < WORKERS; i++)
		pthread_create(&w[i], NULL, worker, NULL);
	for (long i = 0; i < SUBMITTERS; i++)
		pthread_create(&s[i], NULL, submitter, (void *)i);
	for (int i = 0; i < SUBMITTERS; i++)
		pthread_join(s[i], NULL);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(w[i], NULL);

	lf_rcu_register_thread();
	err = lf_queue_destroy(&jobs);	/* frees the queue's dummies (after a GP) */
	lf_rcu_barrier();		/* every free_job() has run */
	lf_rcu_unregister_thread();

	for (long i = 0; i < (long)SUBMITTERS * JOBS; i++)
		bad += ran[i] != 1;
	/* sum of i*i for i in [0, n) = (n-1) n (2n-1) / 6, taken modulo 2^64 */
	expected = (unsigned long long)((__uint128_t)(n - 1) * n * (2 * n - 1) / 6);
	printf("worker_pool: %ld jobs by %d workers, total %llu (expected %llu), %ld freed\n",
	       jobs_done, WORKERS, grand_total, expected, jobs_freed);
	if (err || bad || order_errors || grand_total != expected ||
	    jobs_freed != (long)SUBMITTERS * JOBS) {
		fprintf(stderr,
			"worker_pool: conservation FAILED (destroy %d, %ld jobs not run exactly once, %ld out of order)\n",
			err, bad, order_errors);
		return 1;
	}
	return 0;
}
