// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A program using lfkit's stack from several threads, built against an
 * installed lfkit with pkg-config:
 *
 *	cc -O2 stack_threads.c $(pkg-config --cflags --libs lfkit) -lpthread
 *
 * Four threads each push 100000 numbered jobs and pop jobs (from anyone)
 * until all are done; popped jobs are freed after a grace period. Exits 0
 * when every job was popped exactly once.
 */
#include <lf/stack.h>
#include <rcu/rcu.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS		4
#define JOBS		100000

struct job {
	struct lf_stack_node node;
	struct lf_rcu_head rcu;
	int id;
};

static struct lf_stack jobs = LF_STACK_INIT(jobs);
static unsigned char done[THREADS * JOBS];
static long popped;

static void free_job(struct lf_rcu_head *head)
{
	free(container_of(head, struct job, rcu));
}

static void *worker(void *arg)
{
	int base = (int)(long)arg * JOBS;

	lf_rcu_register_thread();
	for (int i = 0; i < JOBS; i++) {
		struct job *j = malloc(sizeof(*j));

		if (!j)
			abort();
		j->id = base + i;
		lf_stack_push(&jobs, &j->node);

		lf_rcu_read_lock();
		struct lf_stack_node *n = lf_stack_pop(&jobs);

		if (n) {
			struct job *got = container_of(n, struct job, node);

			__atomic_fetch_add(&done[got->id], 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&popped, 1, __ATOMIC_RELAXED);
			/* freed only after every concurrent pop has finished */
			lf_call_rcu(&got->rcu, free_job);
		}
		lf_rcu_read_unlock();
	}
	lf_rcu_unregister_thread();
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	struct lf_stack_node *n, *tmp;
	long left = 0, bad = 0;

	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);

	lf_stack_for_each_safe(n, tmp, lf_stack_pop_all(&jobs)) {
		struct job *j = container_of(n, struct job, node);

		done[j->id]++;
		left++;
		free(j);
	}
	lf_rcu_register_thread();
	lf_rcu_barrier();	/* wait for the deferred frees */
	lf_rcu_unregister_thread();

	for (long i = 0; i < THREADS * JOBS; i++)
		bad += done[i] != 1;
	printf("%ld jobs popped by the workers, %ld left at the end, %ld lost or duplicated\n",
	       popped, left, bad);
	return bad ? 1 : 0;
}
