// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Pause points: park one thread at a named point in an
 * operation so that a test can run other operations inside the window.
 *
 * State machine of the one armed point (lf_pause_state):
 *
 *   IDLE --lf_pause_arm()--> ARMED --first hit (cmpxchg)--> PARKED
 *   PARKED --lf_pause_release()--> RELEASED --parked thread leaves--> IDLE
 *   ARMED --lf_pause_release()--> IDLE (nobody came)
 */
#include "pause.h"

#ifdef LF_PAUSE_POINTS

enum {
	LF_PAUSE_IDLE,
	LF_PAUSE_ARMED,
	LF_PAUSE_PARKED,
	LF_PAUSE_RELEASED,
};

int lf_pause_armed;			/* fast-path flag read by lf_pause_point() */
LF_EXPORT(lf_pause_armed);
static const char *lf_pause_name;	/* the armed point's name */
static int lf_pause_state;
static lf_atomic_long_t lf_pause_nr_hits;	/* times a thread parked */

static bool lf_pause_name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void lf_pause_point_hit(const char *name)
{
	/* Pairs with the release store of lf_pause_state in lf_pause_arm(). */
	int state = lf_load_acquire(&lf_pause_state);
	const char *armed;

	if (state != LF_PAUSE_ARMED)
		return;
	armed = lf_read_once(lf_pause_name);
	if (!armed || !lf_pause_name_eq(armed, name))
		return;
	/* Only the first thread parks; acquire pairs with lf_pause_arm() too. */
	if (!lf_try_cmpxchg_acquire(&lf_pause_state, &state, LF_PAUSE_PARKED))
		return;
	lf_atomic_long_inc(&lf_pause_nr_hits);
	/* Pairs with the release store in lf_pause_release(). */
	while (lf_load_acquire(&lf_pause_state) != LF_PAUSE_RELEASED)
		lf_spin_relax();
	lf_write_once(lf_pause_armed, 0);
	/* Pairs with the acquire load in lf_pause_arm(): we are out of the way. */
	lf_store_release(&lf_pause_state, LF_PAUSE_IDLE);
}

LF_EXPORT(lf_pause_point_hit);

int lf_pause_arm(const char *name)
{
	/* Pairs with the final release store in lf_pause_point_hit(). */
	if (lf_load_acquire(&lf_pause_state) != LF_PAUSE_IDLE)
		return -EBUSY;
	lf_write_once(lf_pause_name, name);
	/* Publishes the name before the state; pairs with the hit's acquire. */
	lf_store_release(&lf_pause_state, LF_PAUSE_ARMED);
	/* Fully ordered: the flag is set after the state is visible. */
	(void)lf_xchg(&lf_pause_armed, 1);
	return 0;
}

LF_EXPORT(lf_pause_arm);

bool lf_pause_parked(void)
{
	/* Pairs with the cmpxchg_acquire that parks: caller may act on it. */
	return lf_load_acquire(&lf_pause_state) == LF_PAUSE_PARKED;
}

LF_EXPORT(lf_pause_parked);

void lf_pause_release(void)
{
	int state = LF_PAUSE_ARMED;

	/*
	 * Nobody parked: disarm. Fully ordered; pairs with the parking
	 * cmpxchg_acquire in lf_pause_point_hit(): exactly one of them wins.
	 */
	if (lf_try_cmpxchg(&lf_pause_state, &state, LF_PAUSE_IDLE)) {
		lf_write_once(lf_pause_armed, 0);
		return;
	}
	if (state != LF_PAUSE_PARKED)
		return;
	/* Pairs with the parked thread's acquire loop in lf_pause_point_hit(). */
	lf_store_release(&lf_pause_state, LF_PAUSE_RELEASED);
	/* Pairs with the parked thread's final release: it has left. */
	while (lf_load_acquire(&lf_pause_state) != LF_PAUSE_IDLE)
		lf_spin_relax();
}

LF_EXPORT(lf_pause_release);

unsigned long lf_pause_hits(void)
{
	return lf_atomic_long_read(&lf_pause_nr_hits);
}

LF_EXPORT(lf_pause_hits);

#endif /* LF_PAUSE_POINTS */
