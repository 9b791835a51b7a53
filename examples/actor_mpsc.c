// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * An actor with an lfkit MPSC mailbox.
 *
 * Several sender threads post messages to one actor thread. Sending never
 * blocks and never takes a lock: lf_mpsc_push() is one exchange and one
 * store. The actor sleeps on an eventfd when its mailbox is empty, and a
 * sender writes to the eventfd only when its push returned true (the
 * mailbox was empty), so a busy actor costs its senders no system call,
 * and no wake-up is ever lost (see "the wake-up protocol" in lf/mpsc.h):
 *
 *	sender:  if (lf_mpsc_push(&box, &m->node)) eventfd_write(efd, 1);
 *	actor:   for (;;) { while ((n = lf_mpsc_pop(&box))) handle(n);
 *	                    eventfd_read(efd, &v); }
 *
 * The eventfd remembers a wake that arrives before the actor waits.
 *
 * The actor is a bank account: messages deposit or withdraw amounts. At the
 * end it checks conservation: every message handled exactly once, each
 * sender's messages in the order sent, the balance equal to the sum of all
 * amounts. Exit status 0 on success, 1 on a conservation failure.
 *
 * Build: `make examples` in the lfkit tree gives build/examples/actor_mpsc,
 * compiled with -I. and linked with build/liblfkit.a -lurcu-memb
 * -lurcu-common -lpthread.
 */
#include <lf/mpsc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>

#define SENDERS		4
#define MESSAGES	250000		/* per sender */

struct msg {
	struct lf_mpsc_node node;
	int sender;
	long seq;
	long amount;
};

static struct lf_mpsc mailbox = LF_MPSC_INIT(mailbox);
static int efd;				/* the actor's doorbell */
static long wakes_sent;			/* pushes that found the box empty */
static long expected_balance[SENDERS];

static void send_msg(struct msg *m)
{
	/* true: the actor may be asleep (it saw an empty box): wake it */
	if (lf_mpsc_push(&mailbox, &m->node)) {
		__atomic_fetch_add(&wakes_sent, 1, __ATOMIC_RELAXED);
		if (eventfd_write(efd, 1) != 0)
			abort();
	}
}

static void *sender(void *arg)
{
	int id = (int)(long)arg;
	unsigned long rng = 0x9e3779b97f4a7c15ul * (id + 1);
	long sum = 0;

	for (long i = 0; i < MESSAGES; i++) {
		struct msg *m = malloc(sizeof(*m));

		if (!m)
			abort();
		rng = rng * 6364136223846793005ul + 1442695040888963407ul;
		m->sender = id;
		m->seq = i;
		m->amount = (long)(rng >> 40) % 1000 - 400;	/* deposit or withdraw */
		sum += m->amount;
		send_msg(m);
	}
	expected_balance[id] = sum;
	return NULL;
}

struct actor_state {
	long balance;
	long handled;
	long next_seq[SENDERS];
	long out_of_order;
	long sleeps;
};

static void *actor(void *arg)
{
	struct actor_state *st = arg;
	const long total = (long)SENDERS * MESSAGES;
	struct lf_mpsc_node *n;
	eventfd_t v;

	for (;;) {
		/* Drain the mailbox; pop waits out a sender's push window. */
		while ((n = lf_mpsc_pop(&mailbox))) {
			struct msg *m = container_of(n, struct msg, node);

			if (m->seq != st->next_seq[m->sender])
				st->out_of_order++;
			st->next_seq[m->sender] = m->seq + 1;
			st->balance += m->amount;
			st->handled++;
			free(m);	/* popped nodes are ours at once: no RCU */
		}
		if (st->handled == total)
			return NULL;
		/* Told "empty": sleep until a push that found it empty wakes us. */
		st->sleeps++;
		if (eventfd_read(efd, &v) != 0)
			abort();
	}
}

int main(void)
{
	pthread_t a, s[SENDERS];
	struct actor_state st = { 0 };
	long expected = 0, behind = 0;

	efd = eventfd(0, EFD_CLOEXEC);
	if (efd < 0) {
		perror("eventfd");
		return 2;
	}
	pthread_create(&a, NULL, actor, &st);
	for (long i = 0; i < SENDERS; i++)
		pthread_create(&s[i], NULL, sender, (void *)i);
	for (int i = 0; i < SENDERS; i++)
		pthread_join(s[i], NULL);
	pthread_join(a, NULL);	/* returns only once every message arrived */

	for (int i = 0; i < SENDERS; i++) {
		expected += expected_balance[i];
		behind += MESSAGES - st.next_seq[i];
	}
	printf("actor_mpsc: %ld messages from %d senders, balance %ld (expected %ld), %ld sleeps, %ld wake-ups sent\n",
	       st.handled, SENDERS, st.balance, expected, st.sleeps, wakes_sent);
	if (st.handled != (long)SENDERS * MESSAGES || behind || st.out_of_order ||
	    st.balance != expected || !lf_mpsc_empty(&mailbox)) {
		fprintf(stderr, "actor_mpsc: conservation FAILED (%ld out of order, %ld missing)\n",
			st.out_of_order, behind);
		return 1;
	}
	return 0;
}
