// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Model-checking harnesses for
 * lf/seqlock.h, and the planted bug the checker must find: a seqcount
 * reader that does not re-check the sequence.
 *
 * The protected record keeps an invariant (word 1 == 2 * word 0, word 2 ==
 * word 0 + 7), so a torn or mixed copy is visible.
 */
#include "mc.h"
#include "../../lf/seqlock.h"

struct rec {
	unsigned long w[3];
};

static lf_seqcount_t sc;
static struct lf_seqlock sl;
static lf_seqcount_latch_t latch;
static struct rec data, copies[2];
static int accepted[LF_MC_MAX_THREADS];

static void rec_make(struct rec *r, unsigned long v)
{
	r->w[0] = v;
	r->w[1] = 2 * v;
	r->w[2] = v + 7;
}

static bool rec_ok(const struct rec *r)
{
	return r->w[1] == 2 * r->w[0] && r->w[2] == r->w[0] + 7;
}

static void seq_setup(void)
{
	lf_seqcount_init(&sc);
	lf_seqlock_init(&sl);
	lf_seqcount_latch_init(&latch);
	rec_make(&data, 1);
	rec_make(&copies[0], 1);
	rec_make(&copies[1], 1);
	memset(accepted, 0, sizeof(accepted));
	lf_mc_label(&sc, sizeof(sc), "seqcount");
	lf_mc_label(&sl, sizeof(sl), "seqlock");
	lf_mc_label(&latch, sizeof(latch), "latch");
	lf_mc_label(&data, sizeof(data), "data");
	lf_mc_label(&copies[0], sizeof(copies[0]), "copy0");
	lf_mc_label(&copies[1], sizeof(copies[1]), "copy1");
}

/* ---- seqcount: one writer, one reader (two attempts) -------------------- */

static void sc_writer(void)
{
	struct rec r;
	unsigned long v;

	for (v = 2; v <= 3; v++) {
		rec_make(&r, v);
		lf_write_seqcount_begin(&sc);
		lf_seq_write_copy(&data, &r, sizeof(r));
		lf_write_seqcount_end(&sc);
	}
}

static void sc_thread(int id)
{
	struct rec r;
	unsigned int seq;
	int k;

	if (id == 0) {
		sc_writer();
		return;
	}
	for (k = 0; k < 2; k++) {
		seq = lf_read_seqcount_begin(&sc);
		lf_seq_read_copy(&r, &data, sizeof(r));
		if (lf_read_seqcount_retry(&sc, seq))
			continue;
		lf_mc_assert(rec_ok(&r), "accepted a mixed record: %lu %lu %lu",
			     r.w[0], r.w[1], r.w[2]);
		accepted[id]++;
	}
}

LF_MC_HARNESS(seqcount_reader_writer) = {
	.name = "seqcount_reader_writer",
	.what = "a seqcount reader never accepts a mixed record",
	.nr_threads = 2,
	.setup = seq_setup,
	.thread = sc_thread,
};

/* ---- planted: the reader that does not re-check -------------------------- */

static void sc_bad_thread(int id)
{
	struct rec r;

	if (id == 0) {
		sc_writer();
		return;
	}
	(void)lf_read_seqcount_begin(&sc);
	lf_seq_read_copy(&r, &data, sizeof(r));
	/* planted bug: no lf_read_seqcount_retry() */
	lf_mc_assert(rec_ok(&r), "accepted a mixed record: %lu %lu %lu",
		     r.w[0], r.w[1], r.w[2]);
}

LF_MC_HARNESS(planted_seqcount_reader_no_recheck) = {
	.name = "planted_seqcount_reader_no_recheck",
	.what = "planted bug: a seqcount reader that skips the retry check",
	.nr_threads = 2,
	.setup = seq_setup,
	.thread = sc_bad_thread,
	.expect_failure = true,
};

/* ---- seqlock: two writers (the lock serialises them), one reader --------- */

static void sl_thread(int id)
{
	struct rec r;
	unsigned int seq;

	if (id < 2) {
		lf_write_seqlock(&sl);
		lf_seq_read_copy(&r, &data, sizeof(r));	/* writers are serialised */
		rec_make(&r, r.w[0] + 1);
		lf_seq_write_copy(&data, &r, sizeof(r));
		lf_write_sequnlock(&sl);
		return;
	}
	seq = lf_read_seqbegin(&sl);
	lf_seq_read_copy(&r, &data, sizeof(r));
	if (!lf_read_seqretry(&sl, seq))
		lf_mc_assert(rec_ok(&r), "accepted a mixed record: %lu %lu %lu",
			     r.w[0], r.w[1], r.w[2]);
}

static void sl_check(void)
{
	/* both increments happened: no lost update under the writer lock */
	lf_mc_assert(data.w[0] == 3 && rec_ok(&data), "final record %lu %lu %lu",
		     data.w[0], data.w[1], data.w[2]);
}

LF_MC_HARNESS(seqlock_two_writers_one_reader) = {
	.name = "seqlock_two_writers_one_reader",
	.what = "seqlock: writers serialised (no lost update), reader never mixed",
	.nr_threads = 3,
	.setup = seq_setup,
	.thread = sl_thread,
	.check = sl_check,
};

/* ---- latch: a reader never waits and never accepts a mix ---------------- */

static void latch_thread(int id)
{
	struct rec r;
	unsigned int seq;
	unsigned long v;
	int k;

	if (id == 0) {
		for (v = 2; v <= 3; v++) {
			rec_make(&r, v);
			lf_write_seqcount_latch(&latch);
			lf_seq_write_copy(&copies[0], &r, sizeof(r));
			lf_write_seqcount_latch(&latch);
			lf_seq_write_copy(&copies[1], &r, sizeof(r));
		}
		return;
	}
	for (k = 0; k < 2; k++) {
		seq = lf_read_seqcount_latch(&latch);
		lf_seq_read_copy(&r, &copies[seq & 1], sizeof(r));
		if (lf_read_seqcount_latch_retry(&latch, seq))
			continue;
		lf_mc_assert(rec_ok(&r), "latch reader accepted a mix: %lu %lu %lu",
			     r.w[0], r.w[1], r.w[2]);
	}
}

LF_MC_HARNESS(latch_reader_writer) = {
	.name = "latch_reader_writer",
	.what = "latch: the reader's accepted copy is always consistent",
	.nr_threads = 2,
	.setup = seq_setup,
	.thread = latch_thread,
};
