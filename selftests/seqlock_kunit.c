// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/seqlock.h, in-kernel (KUnit) and
 * in userspace (the KUnit shim), from this one file.
 *
 * Tiers (TESTING.md): 1 contract (seqcount and seqlock through one
 * table-driven body; the latch; the copy helpers), 2 wraparound (counts
 * started just below 2^32, several write sections across it; the stress
 * runs start there too), 3 interleavings (a reader started while a writer
 * is parked inside its write section does not accept; a read torn by hand
 * is caught by the invariant checker and by retry; a latch reader run from
 * inside the write section on the same thread/CPU: a signal handler in
 * userspace, a hardirq (irq_work) in-kernel), 4 stress (a writer
 * continuously rewriting records of 8, 64 and 256 bytes in which every
 * word derives from the first; readers on other threads accept copies and
 * check the invariant over at least 10^6 accepted reads), and misuse (a
 * plain reader re-entering its own write section aborts with a message in
 * userspace).
 */
#include "lf_kunit.h"
#include "../lf/seqlock.h"
#include "../lf/pause.h"
#ifdef __KERNEL__
#include <linux/irq_work.h>
#include <linux/preempt.h>
#else
#include <signal.h>
#include "lf_test_child.h"
#endif

/* ---- records whose every word derives from the first ------------------- */

#define REC_MAX_BYTES	256
#define REC_MAX_WORDS	(REC_MAX_BYTES / sizeof(unsigned long))

/* Word @i of the record of version @v (word 0 is @v itself). */
static unsigned long rec_word(unsigned long v, size_t i)
{
	u64 x;

	if (i == 0)
		return v;
	x = (u64)v * 0x9e3779b97f4a7c15ull + (u64)i * 0xbf58476d1ce4e5b9ull;
	x ^= x >> 31;
	x *= 0x94d049bb133111ebull;
	return (unsigned long)(x ^ (x >> 29));
}

static void rec_fill(unsigned long *w, size_t words, unsigned long v)
{
	size_t i;

	for (i = 0; i < words; i++)
		w[i] = rec_word(v, i);
}

/* The invariant: every word is the one its version (word 0) dictates. */
static bool rec_valid(const unsigned long *w, size_t words)
{
	size_t i;

	for (i = 1; i < words; i++)
		if (w[i] != rec_word(w[0], i))
			return false;
	return true;
}

/*
 * The protected object of every test: a seqcount, a seqlock and a latch,
 * and two copies of a record (seqcount and seqlock use copy 0 only).
 */
struct seq_shared {
	lf_seqcount_t sc;
	struct lf_seqlock sl;
	lf_seqcount_latch_t latch;
	unsigned long data[2][REC_MAX_WORDS];
};

static void shared_init(struct seq_shared *sh, size_t words, unsigned long v)
{
	lf_seqcount_init(&sh->sc);
	lf_seqlock_init(&sh->sl);
	lf_seqcount_latch_init(&sh->latch);
	rec_fill(sh->data[0], words, v);
	rec_fill(sh->data[1], words, v);
}

/* ---- one read-side interface for the three kinds ------------------------ */

/*
 * A kind's read side: begin (returns the count and the copy to read),
 * retry; and its update, which rewrites the record as version + 1 (the
 * writer reads the current version itself, so with the seqlock two
 * writers can share the object and a lost update shows in the total).
 */
struct seq_kind {
	const char *name;
	unsigned int (*begin)(struct seq_shared *sh, const unsigned long **copy);
	bool (*retry)(struct seq_shared *sh, unsigned int start);
	void (*update)(struct seq_shared *sh, size_t words, unsigned long *scratch);
	unsigned int nr_writers;
};

static unsigned int sc_begin(struct seq_shared *sh, const unsigned long **copy)
{
	*copy = sh->data[0];
	return lf_read_seqcount_begin(&sh->sc);
}

static bool sc_retry(struct seq_shared *sh, unsigned int start)
{
	return lf_read_seqcount_retry(&sh->sc, start);
}

static void sc_update(struct seq_shared *sh, size_t words, unsigned long *scratch)
{
	/* The one writer reads its own stores: relaxed is enough. */
	unsigned long v = lf_read_once(sh->data[0][0]) + 1;

	rec_fill(scratch, words, v);
	lf_write_seqcount_begin(&sh->sc);
	lf_seq_write_copy(sh->data[0], scratch, words * sizeof(long));
	lf_write_seqcount_end(&sh->sc);
}

static unsigned int sl_begin(struct seq_shared *sh, const unsigned long **copy)
{
	*copy = sh->data[0];
	return lf_read_seqbegin(&sh->sl);
}

static bool sl_retry(struct seq_shared *sh, unsigned int start)
{
	return lf_read_seqretry(&sh->sl, start);
}

static void sl_update(struct seq_shared *sh, size_t words, unsigned long *scratch)
{
	unsigned long v;

	lf_write_seqlock(&sh->sl);
	/* Under the writer lock: the previous writer's stores are visible. */
	v = lf_read_once(sh->data[0][0]) + 1;
	rec_fill(scratch, words, v);
	lf_seq_write_copy(sh->data[0], scratch, words * sizeof(long));
	lf_write_sequnlock(&sh->sl);
}

static unsigned int latch_begin(struct seq_shared *sh, const unsigned long **copy)
{
	unsigned int seq = lf_read_seqcount_latch(&sh->latch);

	*copy = sh->data[seq & 1];
	return seq;
}

static bool latch_retry(struct seq_shared *sh, unsigned int start)
{
	return lf_read_seqcount_latch_retry(&sh->latch, start);
}

static void latch_update(struct seq_shared *sh, size_t words, unsigned long *scratch)
{
	unsigned long v = lf_read_once(sh->data[1][0]) + 1;

	rec_fill(scratch, words, v);
	lf_write_seqcount_latch(&sh->latch);	/* readers -> copy 1 */
	lf_seq_write_copy(sh->data[0], scratch, words * sizeof(long));
	lf_write_seqcount_latch(&sh->latch);	/* readers -> copy 0 */
	lf_seq_write_copy(sh->data[1], scratch, words * sizeof(long));
}

static const struct seq_kind kind_seqcount = {
	"seqcount", sc_begin, sc_retry, sc_update, 1,
};

static const struct seq_kind kind_seqlock = {
	"seqlock", sl_begin, sl_retry, sl_update, 2,
};

static const struct seq_kind kind_latch = {
	"latch", latch_begin, latch_retry, latch_update, 1,
};

/* One read attempt; true if the copy in @dst was accepted. */
static bool kind_read(const struct seq_kind *k, struct seq_shared *sh,
		      unsigned long *dst, size_t words)
{
	const unsigned long *copy;
	unsigned int seq = k->begin(sh, &copy);

	lf_seq_read_copy(dst, copy, words * sizeof(long));
	return !k->retry(sh, seq);
}

/* ---- tier 1: contract of seqcount and seqlock, one body ------------------ */

/* The count-level interface shared by lf_seqcount_t and struct lf_seqlock. */
struct seq_rw_ops {
	const char *name;
	unsigned int (*begin)(struct seq_shared *sh);
	bool (*retry)(struct seq_shared *sh, unsigned int start);
	void (*write_begin)(struct seq_shared *sh);
	void (*write_end)(struct seq_shared *sh);
	lf_seqcount_t *(*count)(struct seq_shared *sh);
};

static unsigned int rw_sc_begin(struct seq_shared *sh)
{
	return lf_read_seqcount_begin(&sh->sc);
}

static void rw_sc_write_begin(struct seq_shared *sh)
{
	lf_write_seqcount_begin(&sh->sc);
}

static void rw_sc_write_end(struct seq_shared *sh)
{
	lf_write_seqcount_end(&sh->sc);
}

static lf_seqcount_t *rw_sc_count(struct seq_shared *sh)
{
	return &sh->sc;
}

static unsigned int rw_sl_begin(struct seq_shared *sh)
{
	return lf_read_seqbegin(&sh->sl);
}

static void rw_sl_write_begin(struct seq_shared *sh)
	__acquires(&sh->sl.lock)
{
	lf_write_seqlock(&sh->sl);
}

static void rw_sl_write_end(struct seq_shared *sh)
	__releases(&sh->sl.lock)
{
	lf_write_sequnlock(&sh->sl);
}

static lf_seqcount_t *rw_sl_count(struct seq_shared *sh)
{
	return &sh->sl.seqcount;
}

static const struct seq_rw_ops rw_seqcount = {
	"seqcount", rw_sc_begin, sc_retry, rw_sc_write_begin, rw_sc_write_end,
	rw_sc_count,
};

static const struct seq_rw_ops rw_seqlock = {
	"seqlock", rw_sl_begin, sl_retry, rw_sl_write_begin, rw_sl_write_end,
	rw_sl_count,
};

struct rw_param {
	const struct seq_rw_ops *ops;
	unsigned int start;	/* initial count (test hook); 0 = as initialised */
};

static const struct rw_param rw_params[] = {
	{ &rw_seqcount, 0 },
	{ &rw_seqcount, U32_MAX - 5 },	/* wraps in the third write section */
	{ &rw_seqlock, 0 },
	{ &rw_seqlock, U32_MAX - 5 },
};

static void rw_param_desc(const struct rw_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, count from %u",
		 p->ops->name, p->start);
}

KUNIT_ARRAY_PARAM(rw, rw_params, rw_param_desc);

static bool set_start(lf_seqcount_t *s, unsigned int start)
{
#ifdef LF_PAUSE_POINTS
	lf_seqcount_test_set_sequence(s, start);
	return true;
#else
	return start == 0;
#endif
}

/*
 * Every call's documented result, write section by write section, across
 * the wrap when started below it:
 *
 *   begin -> even c; retry(c) false      nothing happened
 *   write_begin: count c + 1 (odd)       retry(c) true (write in progress)
 *   write_end:   count c + 2 (even)      retry(c) true (write completed)
 *   begin -> c + 2; retry(c + 2) false
 */
static void seqcount_begin_retry_follow_write_sections(struct kunit *test)
{
	const struct rw_param *p = test->param_value;
	struct seq_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	lf_seqcount_t *s;
	unsigned int c, c2, i;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	shared_init(sh, 1, 0);
	s = p->ops->count(sh);
	if (!set_start(s, p->start))
		kunit_skip(test, "built without LF_PAUSE_POINTS (no test hook)");

	c = p->ops->begin(sh);
	KUNIT_EXPECT_EQ(test, c, p->start);
	KUNIT_EXPECT_FALSE(test, p->ops->retry(sh, c));
	KUNIT_EXPECT_FALSE(test, p->ops->retry(sh, c));	/* idempotent */

	for (i = 0; i < 8; i++) {
		c = p->ops->begin(sh);
		KUNIT_EXPECT_EQ_MSG(test, c, p->start + 2 * i,
				    "write section %u: begin", i);
		KUNIT_EXPECT_EQ_MSG(test, c & 1, 0u, "write section %u", i);
		KUNIT_EXPECT_FALSE_MSG(test, lf_seqcount_write_owned(s),
				       "write section %u: owned outside", i);

		p->ops->write_begin(sh);
		KUNIT_EXPECT_EQ_MSG(test, lf_read_once(s->sequence), c + 1,
				    "write section %u: odd inside", i);
		KUNIT_EXPECT_TRUE_MSG(test, lf_seqcount_write_owned(s),
				      "write section %u: not owned inside", i);
		KUNIT_EXPECT_TRUE_MSG(test, p->ops->retry(sh, c),
				      "write section %u: retry during write", i);
		p->ops->write_end(sh);

		KUNIT_EXPECT_TRUE_MSG(test, p->ops->retry(sh, c),
				      "write section %u: retry after write", i);
		c2 = p->ops->begin(sh);
		KUNIT_EXPECT_EQ_MSG(test, c2, c + 2, "write section %u", i);
		KUNIT_EXPECT_FALSE_MSG(test, p->ops->retry(sh, c2),
				       "write section %u: retry, no write", i);
	}
	/* Below the wrap we went across it: 8 sections from U32_MAX - 5. */
	if (p->start)
		KUNIT_EXPECT_EQ(test, lf_read_once(s->sequence), 10u);
}

static void seqcount_init_forms_agree(struct kunit *test)
{
	lf_seqcount_t a = LF_SEQCOUNT_INIT(a), b, z;
	lf_seqcount_latch_t la = LF_SEQCOUNT_LATCH_INIT(la), lb, lz;
	struct lf_seqlock sl;

	memset(&b, 0x5a, sizeof(b));
	memset(&z, 0, sizeof(z));
	lf_seqcount_init(&b);
	KUNIT_EXPECT_EQ(test, lf_read_seqcount_begin(&a), 0u);
	KUNIT_EXPECT_EQ(test, lf_read_seqcount_begin(&b), 0u);
	KUNIT_EXPECT_EQ(test, lf_read_seqcount_begin(&z), 0u);	/* zeroed is valid */
	KUNIT_EXPECT_FALSE(test, lf_seqcount_write_owned(&b));

	memset(&lb, 0x5a, sizeof(lb));
	memset(&lz, 0, sizeof(lz));
	lf_seqcount_latch_init(&lb);
	KUNIT_EXPECT_EQ(test, lf_read_seqcount_latch(&la), 0u);
	KUNIT_EXPECT_EQ(test, lf_read_seqcount_latch(&lb), 0u);
	KUNIT_EXPECT_EQ(test, lf_read_seqcount_latch(&lz), 0u);

	memset(&sl.seqcount, 0x5a, sizeof(sl.seqcount));
	lf_seqlock_init(&sl);
	KUNIT_EXPECT_EQ(test, lf_read_seqbegin(&sl), 0u);
	lf_write_seqlock(&sl);
	lf_write_sequnlock(&sl);
	KUNIT_EXPECT_EQ(test, lf_read_seqbegin(&sl), 2u);
}

/* Owned by the writer's own thread only, never by another thread. */
struct owned_probe {
	lf_seqcount_t *s;
	int owned;
};

static int owned_probe_fn(void *arg)
{
	struct owned_probe *o = arg;

	return lf_seqcount_write_owned(o->s) ? 1 : 0;
}

static void seqcount_write_owned_only_by_the_writer(struct kunit *test)
{
	lf_seqcount_t s = LF_SEQCOUNT_INIT(s);
	struct owned_probe o = { .s = &s };
	struct lf_test_thread *t;

	lf_write_seqcount_begin(&s);
	KUNIT_EXPECT_TRUE(test, lf_seqcount_write_owned(&s));
	t = lf_test_thread_start(owned_probe_fn, &o, "seq_owned");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ_MSG(test, lf_test_thread_join(t), 0,
			    "another thread saw itself as the writer");
	lf_write_seqcount_end(&s);
	KUNIT_EXPECT_FALSE(test, lf_seqcount_write_owned(&s));

	/* The former writer's id does not linger for the next writer. */
	t = lf_test_thread_start(owned_probe_fn, &o, "seq_owned");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(t), 0);
}

/* ---- tier 1: the latch ----------------------------------------------------- */

static const unsigned int latch_starts[] = { 0, U32_MAX - 4, U32_MAX - 1 };

static void latch_start_desc(const unsigned int *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "latch from %u", *s);
}

KUNIT_ARRAY_PARAM(latch_start, latch_starts, latch_start_desc);

/*
 * Each flip moves readers to the other copy, and the copy they are sent
 * to is always the last complete one:
 *
 *   count c:      readers use copy[c & 1]      both copies hold v
 *   flip -> c+1:  readers use copy[(c+1) & 1]  the other one is rewritten
 *   flip -> c+2:  readers use copy[c & 1]      ... and so on
 *
 * retry(start) is true exactly when a flip happened since start.
 */
static void latch_flip_selects_the_stable_copy(struct kunit *test)
{
	const unsigned int start = *(const unsigned int *)test->param_value;
	struct seq_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	unsigned long rec[4];
	unsigned int seq, seq2, i;
	int c;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	shared_init(sh, 4, 1);
#ifdef LF_PAUSE_POINTS
	lf_seqcount_latch_test_set_sequence(&sh->latch, start);
#else
	if (start)
		kunit_skip(test, "built without LF_PAUSE_POINTS (no test hook)");
#endif
	for (i = 0; i < 8; i++) {
		unsigned long v = 2 + i;

		seq = lf_read_seqcount_latch(&sh->latch);
		KUNIT_EXPECT_EQ_MSG(test, seq, start + 2 * i, "write %u", i);
		KUNIT_EXPECT_FALSE(test, lf_read_seqcount_latch_retry(&sh->latch, seq));

		rec_fill(rec, 4, v);
		/* c is the copy readers leave at the first flip */
		c = seq & 1;
		lf_write_seqcount_latch(&sh->latch);
		KUNIT_EXPECT_TRUE_MSG(test, lf_read_seqcount_latch_retry(&sh->latch, seq),
				      "write %u: retry after a flip", i);
		seq2 = lf_read_seqcount_latch(&sh->latch);
		KUNIT_EXPECT_EQ(test, (int)(seq2 & 1), !c);
		KUNIT_EXPECT_EQ_MSG(test, sh->data[seq2 & 1][0], v - 1,
				    "write %u: readers sent to the old copy", i);
		lf_seq_write_copy(sh->data[c], rec, sizeof(rec));
		lf_write_seqcount_latch(&sh->latch);
		seq2 = lf_read_seqcount_latch(&sh->latch);
		KUNIT_EXPECT_EQ(test, (int)(seq2 & 1), c);
		KUNIT_EXPECT_EQ_MSG(test, sh->data[seq2 & 1][0], v,
				    "write %u: readers sent to the new copy", i);
		lf_seq_write_copy(sh->data[!c], rec, sizeof(rec));
		KUNIT_EXPECT_FALSE(test, lf_read_seqcount_latch_retry(&sh->latch, seq2));
	}
}

/* ---- tier 1: the copy helpers --------------------------------------------- */

static const unsigned int copy_words[] = { 0, 1, 2, 7, REC_MAX_WORDS };

static void copy_words_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u words", *n);
}

KUNIT_ARRAY_PARAM(copy_words, copy_words, copy_words_desc);

#define GUARD	0xdeadbeefUL

/* Both helpers copy exactly @size bytes, word for word, nothing around. */
static void seq_copy_helpers_copy_exactly_size_bytes(struct kunit *test)
{
	const unsigned int n = *(const unsigned int *)test->param_value;
	unsigned long *src = kunit_kcalloc(test, REC_MAX_WORDS + 2, sizeof(long), GFP_KERNEL);
	unsigned long *dst = kunit_kcalloc(test, REC_MAX_WORDS + 2, sizeof(long), GFP_KERNEL);
	int pass;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < REC_MAX_WORDS + 2; i++) {
			src[i] = rec_word(77 + pass, i) | 1;
			dst[i] = GUARD;
		}
		/* dst[0] and dst[n + 1] are guards; copy into dst[1 .. n]. */
		if (pass == 0)
			lf_seq_read_copy(dst + 1, src + 1, n * sizeof(long));
		else
			lf_seq_write_copy(dst + 1, src + 1, n * sizeof(long));
		KUNIT_EXPECT_EQ(test, dst[0], GUARD);
		for (i = 1; i <= n; i++)
			KUNIT_EXPECT_EQ_MSG(test, dst[i], src[i], "%s word %u",
					    pass ? "write_copy" : "read_copy", i);
		KUNIT_EXPECT_EQ_MSG(test, dst[n + 1], GUARD, "%s wrote past the end",
				    pass ? "write_copy" : "read_copy");
	}
}

/* ---- tier 3: a torn read, made by hand, is caught ------------------------ */

static const struct seq_kind *const all_kinds[] = {
	&kind_seqcount, &kind_seqlock, &kind_latch,
};

static void kind_desc(const struct seq_kind *const *k, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", (*k)->name);
}

KUNIT_ARRAY_PARAM(kind, all_kinds, kind_desc);

/*
 * The checker the stress test relies on must see a mixed record: words
 * 0 .. n/2 - 1 of one version and the rest of the next. And the reader
 * that made that mix by hand (half copied before a complete write, half
 * after) must be told to retry. A reader without the retry check would
 * have accepted exactly this record.
 */
static void seq_torn_read_is_detected_by_checker_and_retry(struct kunit *test)
{
	const struct seq_kind *k = *(const struct seq_kind *const *)test->param_value;
	struct seq_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	unsigned long *buf = kunit_kcalloc(test, 3 * REC_MAX_WORDS, sizeof(long), GFP_KERNEL);
	unsigned long *a, *scratch, *got;
	const size_t words = 8, half = words / 2;
	const unsigned long *copy;
	unsigned int seq;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	a = buf;
	scratch = buf + REC_MAX_WORDS;
	got = buf + 2 * REC_MAX_WORDS;
	/* The checker itself: whole records pass, a mix of two fails. */
	rec_fill(a, words, 41);
	KUNIT_EXPECT_TRUE(test, rec_valid(a, words));
	rec_fill(got, words, 42);
	KUNIT_EXPECT_TRUE(test, rec_valid(got, words));
	memcpy(got, a, half * sizeof(long));
	KUNIT_EXPECT_FALSE_MSG(test, rec_valid(got, words),
			       "the invariant checker accepts a mixed record");
	got[0] = 42;
	KUNIT_EXPECT_FALSE(test, rec_valid(got, words));

	/* A torn read, interleaved by hand. */
	shared_init(sh, words, 41);
	seq = k->begin(sh, &copy);
	lf_seq_read_copy(got, copy, half * sizeof(long));
	k->update(sh, words, scratch);		/* version 42, complete */
	lf_seq_read_copy(got + half, copy + half, (words - half) * sizeof(long));
	KUNIT_EXPECT_FALSE_MSG(test, rec_valid(got, words),
			       "%s: the hand-made torn read was not torn", k->name);
	KUNIT_EXPECT_TRUE_MSG(test, k->retry(sh, seq),
			      "%s: retry accepted a torn read", k->name);
	/* The next read is whole and new. */
	KUNIT_EXPECT_TRUE(test, kind_read(k, sh, got, words));
	KUNIT_EXPECT_EQ(test, got[0], 42ul);
	KUNIT_EXPECT_TRUE(test, rec_valid(got, words));
}

/* ---- tier 3: a reader that starts while the count is odd --------------- */

struct odd_reader {
	const struct seq_kind *kind;
	struct seq_shared *sh;
	int started;
	int done;
	unsigned long got[8];
	int accepted;
};

static int odd_reader_fn(void *arg)
{
	struct odd_reader *r = arg;

	lf_store_release(&r->started, 1);
	/* begin must not return while the writer is inside its section */
	r->accepted = kind_read(r->kind, r->sh, r->got, 8);
	/* pairs with the acquire loads in the test */
	lf_store_release(&r->done, 1);
	return 0;
}

struct parked_writer {
	const struct seq_rw_ops *ops;
	struct seq_shared *sh;
	unsigned long v;
};

static int parked_writer_fn(void *arg)
{
	struct parked_writer *w = arg;
	unsigned long rec[8];

	rec_fill(rec, 8, w->v);
	w->ops->write_begin(w->sh);	/* parks inside, count odd */
	lf_seq_write_copy(w->sh->data[0], rec, sizeof(rec));
	w->ops->write_end(w->sh);
	return 0;
}

struct odd_param {
	const struct seq_rw_ops *ops;
	const struct seq_kind *kind;
	bool pause_point;	/* writer parked in another thread */
};

static const struct odd_param odd_params[] = {
	{ &rw_seqcount, &kind_seqcount, false },
	{ &rw_seqcount, &kind_seqcount, true },
	{ &rw_seqlock, &kind_seqlock, false },
	{ &rw_seqlock, &kind_seqlock, true },
};

static void odd_param_desc(const struct odd_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, writer %s", p->ops->name,
		 p->pause_point ? "parked at a pause point" : "is the test thread");
}

KUNIT_ARRAY_PARAM(odd, odd_params, odd_param_desc);

static bool wait_parked(void)
{
	int i;

	for (i = 0; i < 5000 && !lf_pause_parked(); i++)
		lf_test_msleep(1);
	return lf_pause_parked();
}

/*
 * Writer inside its section (count odd); a reader on another thread
 * starts: it must not return from begin (let alone accept) until the
 * writer has finished, and then it reads the new record. A reader that
 * accepted the odd count would be done long before the writer resumes.
 */
static void seq_reader_waits_while_count_is_odd(struct kunit *test)
{
	const struct odd_param *p = test->param_value;
	struct seq_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	struct odd_reader *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct parked_writer w;
	struct lf_test_thread *rt, *wt = NULL;
	unsigned long rec[8];
	unsigned int c0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	KUNIT_ASSERT_NOT_NULL(test, r);
	if (p->pause_point && !lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
#ifdef __KERNEL__
	/* The test thread would sleep holding the writer spinlock. */
	if (p->ops == &rw_seqlock && !p->pause_point)
		kunit_skip(test, "in-kernel the writer may not sleep in lf_write_seqlock()");
#endif
	shared_init(sh, 8, 100);
	c0 = lf_read_once(p->ops->count(sh)->sequence);
	r->kind = p->kind;
	r->sh = sh;

	if (p->pause_point) {
		w.ops = p->ops;
		w.sh = sh;
		w.v = 101;
		KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_write_seqcount_begin:in_write_section"), 0);
		wt = lf_test_thread_start(parked_writer_fn, &w, "seq_parked_writer");
		KUNIT_ASSERT_NOT_NULL(test, wt);
		KUNIT_ASSERT_TRUE(test, wait_parked());
	} else {
		p->ops->write_begin(sh);
	}
	KUNIT_EXPECT_EQ(test, lf_read_once(p->ops->count(sh)->sequence), c0 + 1);

	rt = lf_test_thread_start(odd_reader_fn, r, "seq_odd_reader");
	KUNIT_ASSERT_NOT_NULL(test, rt);
	for (i = 0; i < 5000 && !lf_load_acquire(&r->started); i++)
		lf_test_msleep(1);
	lf_test_msleep(30);
	KUNIT_EXPECT_FALSE_MSG(test, lf_load_acquire(&r->done),
			       "a reader finished while the count was odd (accepted %d, version %lu)",
			       r->accepted, r->got[0]);

	if (p->pause_point) {
		lf_pause_release();
		KUNIT_EXPECT_EQ(test, lf_test_thread_join(wt), 0);
	} else {
		rec_fill(rec, 8, 101);
		lf_seq_write_copy(sh->data[0], rec, sizeof(rec));
		p->ops->write_end(sh);
	}
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(rt), 0);
	KUNIT_EXPECT_TRUE(test, r->accepted);
	KUNIT_EXPECT_EQ(test, r->got[0], 101ul);
	KUNIT_EXPECT_TRUE(test, rec_valid(r->got, 8));
}

/*
 * The latch, by contrast, never waits: with the writer parked right after
 * its first flip, a reader on another thread gets the old record at once.
 */
struct parked_latch_writer {
	struct seq_shared *sh;
	unsigned long scratch[8];
};

static int parked_latch_writer_fn(void *arg)
{
	struct parked_latch_writer *w = arg;

	latch_update(w->sh, 8, w->scratch);	/* parks after the first flip */
	return 0;
}

static void latch_reader_does_not_wait_for_parked_writer(struct kunit *test)
{
	struct seq_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	struct parked_latch_writer *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct lf_test_thread *wt;
	unsigned long got[8];

	KUNIT_ASSERT_NOT_NULL(test, sh);
	KUNIT_ASSERT_NOT_NULL(test, w);
	if (!lf_pause_points_enabled())
		kunit_skip(test, "built without LF_PAUSE_POINTS");
	shared_init(sh, 8, 7);
	w->sh = sh;
	KUNIT_ASSERT_EQ(test, lf_pause_arm("lf_write_seqcount_latch:after_flip"), 0);
	wt = lf_test_thread_start(parked_latch_writer_fn, w, "latch_parked_writer");
	KUNIT_ASSERT_NOT_NULL(test, wt);
	KUNIT_ASSERT_TRUE(test, wait_parked());

	KUNIT_EXPECT_TRUE_MSG(test, kind_read(&kind_latch, sh, got, 8),
			      "latch reader told to retry with no flip in between");
	KUNIT_EXPECT_EQ(test, got[0], 7ul);
	KUNIT_EXPECT_TRUE(test, rec_valid(got, 8));

	lf_pause_release();
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(wt), 0);
	KUNIT_EXPECT_TRUE(test, kind_read(&kind_latch, sh, got, 8));
	KUNIT_EXPECT_EQ(test, got[0], 8ul);
}

/* ---- tier 3: a latch reader interrupting its own writer ------------------ */

/*
 * The writer (the test thread) stops at each point of a latch write in
 * turn and runs a reader in a context that interrupts it on the same
 * thread/CPU: a signal handler in userspace (raise(): delivered before it
 * returns), a hardirq in-kernel (irq_work on this CPU, preemption off).
 * The reader must accept at the first try (it never waits) and get the old
 * record before the second flip, the new one after: never a mix.
 */
enum latch_point {
	LP_AFTER_FIRST_FLIP,
	LP_MID_COPY0,
	LP_AFTER_COPY0,
	LP_AFTER_SECOND_FLIP,
	LP_MID_COPY1,
	LP_AFTER_COPY1,
	LP_NR,
};

static const char *const latch_point_names[LP_NR] = {
	"after the first flip", "half of copy 0 rewritten",
	"copy 0 rewritten", "after the second flip",
	"half of copy 1 rewritten", "copy 1 rewritten",
};

#define PROBE_WORDS	16

struct latch_probe {
	struct seq_shared *sh;
	int done;
	unsigned int tries;
	unsigned long version;
	int valid;
	unsigned long buf[PROBE_WORDS];
};

static struct latch_probe latch_probe;

/* The reader, run from the interrupting context. */
static void latch_probe_read(void)
{
	struct latch_probe *pr = &latch_probe;
	unsigned int tries = 0, seq;

	do {
		seq = lf_read_seqcount_latch(&pr->sh->latch);
		lf_seq_read_copy(pr->buf, pr->sh->data[seq & 1], sizeof(pr->buf));
		tries++;
	} while (lf_read_seqcount_latch_retry(&pr->sh->latch, seq) && tries < 3);
	lf_write_once(pr->tries, tries);
	lf_write_once(pr->version, pr->buf[0]);
	lf_write_once(pr->valid, (int)rec_valid(pr->buf, PROBE_WORDS));
	lf_store_release(&pr->done, 1);
}

#ifdef __KERNEL__
static void latch_probe_irq(struct irq_work *work)
{
	latch_probe_read();
}

static struct irq_work latch_probe_work = IRQ_WORK_INIT_HARD(latch_probe_irq);

static const char *const interrupt_kind = "hardirq (irq_work)";

static int interrupt_setup(void)
{
	return 0;
}

static void interrupt_teardown(void)
{
	irq_work_sync(&latch_probe_work);
}

/* The write section runs with preemption off: the irq_work hits this CPU. */
static void write_section_enter(void)
{
	preempt_disable();
}

static void write_section_exit(void)
{
	preempt_enable();
}

static bool interrupt_self(void)
{
	u64 deadline = lf_test_now_ns() + 2000000000ull;

	lf_write_once(latch_probe.done, 0);
	if (!irq_work_queue(&latch_probe_work))
		return false;
	while (!lf_load_acquire(&latch_probe.done) && lf_test_now_ns() < deadline)
		cpu_relax();
	return lf_load_acquire(&latch_probe.done);
}
#else
static void latch_probe_signal(int sig)
{
	latch_probe_read();
}

static const char *const interrupt_kind = "signal handler";
static struct sigaction saved_sigusr1;

static int interrupt_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = latch_probe_signal;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGUSR1, &sa, &saved_sigusr1);
}

static void interrupt_teardown(void)
{
	sigaction(SIGUSR1, &saved_sigusr1, NULL);
}

static void write_section_enter(void)
{
}

static void write_section_exit(void)
{
}

static bool interrupt_self(void)
{
	lf_write_once(latch_probe.done, 0);
	/* raise(): the handler has run on this thread when it returns */
	if (raise(SIGUSR1))
		return false;
	return lf_load_acquire(&latch_probe.done);
}
#endif

struct probe_result {
	bool ran;
	unsigned int tries;
	unsigned long version;
	int valid;
};

/* Interrupt the write section if this is the point under test. */
static void probe_if(int point, int here, struct probe_result *res)
{
	if (point != here)
		return;
	res[here].ran = interrupt_self();
	res[here].tries = lf_read_once(latch_probe.tries);
	res[here].version = lf_read_once(latch_probe.version);
	res[here].valid = lf_read_once(latch_probe.valid);
}

static void latch_reader_interrupting_writer_gets_old_or_new(struct kunit *test)
{
	struct seq_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	struct probe_result res[LP_NR];
	unsigned long rec[PROBE_WORDS];
	const size_t half = sizeof(rec) / 2;
	int point;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	memset(res, 0, sizeof(res));
	KUNIT_ASSERT_EQ(test, interrupt_setup(), 0);
	latch_probe.sh = sh;

	for (point = 0; point < LP_NR; point++) {
		const unsigned long old = 10 + point, new = old + 1;

		shared_init(sh, PROBE_WORDS, old);
		rec_fill(rec, PROBE_WORDS, new);

		write_section_enter();
		lf_write_seqcount_latch(&sh->latch);
		probe_if(point, LP_AFTER_FIRST_FLIP, res);
		lf_seq_write_copy(sh->data[0], rec, half);
		probe_if(point, LP_MID_COPY0, res);
		lf_seq_write_copy((char *)sh->data[0] + half, (char *)rec + half, half);
		probe_if(point, LP_AFTER_COPY0, res);
		lf_write_seqcount_latch(&sh->latch);
		probe_if(point, LP_AFTER_SECOND_FLIP, res);
		lf_seq_write_copy(sh->data[1], rec, half);
		probe_if(point, LP_MID_COPY1, res);
		lf_seq_write_copy((char *)sh->data[1] + half, (char *)rec + half, half);
		probe_if(point, LP_AFTER_COPY1, res);
		write_section_exit();
	}
	interrupt_teardown();

	for (point = 0; point < LP_NR; point++) {
		const unsigned long old = 10 + point;
		const unsigned long want = point < LP_AFTER_SECOND_FLIP ? old : old + 1;

		KUNIT_EXPECT_TRUE_MSG(test, res[point].ran, "%s: the %s did not run",
				      latch_point_names[point], interrupt_kind);
		if (!res[point].ran)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, res[point].tries, 1u,
				    "%s: the reader had to retry", latch_point_names[point]);
		KUNIT_EXPECT_TRUE_MSG(test, res[point].valid, "%s: a mixed record",
				      latch_point_names[point]);
		KUNIT_EXPECT_EQ_MSG(test, res[point].version, want, "%s",
				    latch_point_names[point]);
	}
}

/* ---- misuse: a plain reader inside its own write section ---------------- */

#ifndef __KERNEL__
static lf_seqcount_t reentry_sc;
static struct lf_seqlock reentry_sl;

static void reentry_direct(void)
{
	lf_write_seqcount_begin(&reentry_sc);
	(void)lf_read_seqcount_begin(&reentry_sc);
}

static void reentry_handler(int sig)
{
	(void)lf_read_seqcount_begin(&reentry_sc);
}

static void reentry_signal(void)
{
	signal(SIGUSR1, reentry_handler);
	lf_write_seqcount_begin(&reentry_sc);
	raise(SIGUSR1);
}

static void reentry_seqlock(void)
{
	lf_seqlock_init(&reentry_sl);
	lf_write_seqlock(&reentry_sl);
	(void)lf_read_seqbegin(&reentry_sl);
}

static const struct reentry_case {
	const char *desc;
	void (*fn)(void);
} reentry_cases[] = {
	{ "seqcount reader called inside its own write section", reentry_direct },
	{ "seqcount reader in a signal handler interrupting the writer", reentry_signal },
	{ "seqlock reader inside lf_write_seqlock()", reentry_seqlock },
};

static void reentry_desc(const struct reentry_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(reentry, reentry_cases, reentry_desc);

#define REENTRY_MESSAGE \
	"lfkit: lf_read_seqcount_begin(): called inside this thread's own write section (would wait forever)"

static void seqcount_reader_reentering_write_section_aborts(struct kunit *test)
{
	const struct reentry_case *c = test->param_value;
	char out[1024];
	int status;

	status = lf_test_run_child(c->fn, out, sizeof(out));
	KUNIT_EXPECT_TRUE_MSG(test, status == LF_TEST_CHILD_ABORTED,
			      "child status %d (not an abort), stderr: %s", status, out);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(out, REENTRY_MESSAGE),
				  "stderr was: %s", out);
}

/* Misaligned or partial-word copies warn and copy nothing. */
static size_t bad_size = 12;	/* read with lf_read_once(): no build error */

static void copy_misuse(void)
{
	unsigned long src[4] = { 1, 2, 3, 4 }, dst[4] = { 0 };
	size_t size = lf_read_once(bad_size);

	lf_seq_read_copy(dst, src, size);
	lf_seq_write_copy(dst, src, size);
	lf_seq_read_copy((char *)dst + 1, src, 2 * sizeof(long));
	lf_seq_write_copy(dst, (char *)src + 4, 2 * sizeof(long));
	if (dst[0] || dst[1] || dst[2] || dst[3])
		exit(3);
}

static void seq_copy_misuse_warns_and_copies_nothing(struct kunit *test)
{
	char out[1024];
	int status;

	status = lf_test_run_child(copy_misuse, out, sizeof(out));
	KUNIT_EXPECT_EQ_MSG(test, status, LF_TEST_CHILD_RETURNED,
			    "status %d (3: something was copied), stderr: %s", status, out);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(out, "lfkit: WARNING"),
				  "stderr was: %s", out);
}
#else
static void seqcount_reader_reentering_write_section_aborts(struct kunit *test)
{
	/*
	 * In-kernel the detection is a WARNING (see lf_read_seqcount_begin()),
	 * and any WARNING fails the kernel run. lf_seqcount_write_owned(), the
	 * predicate it rests on, is tested in both worlds.
	 */
	kunit_skip(test, "detection WARNs in-kernel, which fails the run; tested in userspace");
}
#endif

/* ---- tier 4: stress --------------------------------------------------------- */

struct stress_param {
	const struct seq_kind *kind;
	unsigned int bytes;
};

static const struct stress_param stress_params[] = {
	{ &kind_seqcount, 8 }, { &kind_seqcount, 64 }, { &kind_seqcount, 256 },
	{ &kind_seqlock, 8 }, { &kind_seqlock, 64 }, { &kind_seqlock, 256 },
	{ &kind_latch, 8 }, { &kind_latch, 64 }, { &kind_latch, 256 },
};

static void stress_param_desc(const struct stress_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, %u-byte records",
		 p->kind->name, p->bytes);
}

KUNIT_ARRAY_PARAM(stress, stress_params, stress_param_desc);

/*
 * Accepted reads, and updates they raced with, required per case. In-kernel
 * the suites run under QEMU TCG (and KCSAN, which instruments every
 * access), tens of times slower: there the requirements are scaled down to
 * 10^5 reads and 5000 updates, only there.
 */
#ifdef __KERNEL__
#define STRESS_MIN_ACCEPTED	100000ul
#define STRESS_MIN_WRITES	5000ul
#else
#define STRESS_MIN_ACCEPTED	1000000ul
#define STRESS_MIN_WRITES	50000ul
#endif
/* Reads that overlapped an update: evidence that the threads raced. */
#define STRESS_MIN_RETRIES	64ul
#define STRESS_MAX_READERS	16
/* The counts start this far below the wrap: the stress crosses it early. */
#define STRESS_WRAP_DISTANCE	2048u

struct stress {
	const struct seq_kind *kind;
	struct seq_shared sh;
	size_t words;
	int stop;
	unsigned long progress;
	unsigned long writes[2];
	unsigned long accepted[STRESS_MAX_READERS];	/* published every 256 */
	unsigned long retries[STRESS_MAX_READERS];
	unsigned long torn[STRESS_MAX_READERS];		/* invariant broken */
	unsigned long backwards[STRESS_MAX_READERS];	/* version went back */
};

struct stress_reader {
	struct stress *st;
	unsigned int id;
};

static int stress_reader_fn(void *arg)
{
	struct stress_reader *r = arg;
	struct stress *st = r->st;
	unsigned long buf[REC_MAX_WORDS], last = 0;
	unsigned long accepted = 0, retries = 0, torn = 0, backwards = 0;

	while (!lf_read_once(st->stop)) {
		if (!kind_read(st->kind, &st->sh, buf, st->words)) {
			if (!(++retries & 63))
				lf_write_once(st->retries[r->id], retries);
			continue;
		}
		if (!rec_valid(buf, st->words))
			torn++;
		if (buf[0] < last)
			backwards++;
		last = buf[0];
		if (!(++accepted & 255)) {
			lf_write_once(st->accepted[r->id], accepted);
			lf_test_yield();
		}
	}
	lf_write_once(st->accepted[r->id], accepted);
	lf_write_once(st->retries[r->id], retries);
	lf_write_once(st->torn[r->id], torn);
	lf_write_once(st->backwards[r->id], backwards);
	return 0;
}

struct stress_writer {
	struct stress *st;
	unsigned int id;
	u64 rng;
};

static int stress_writer_fn(void *arg)
{
	struct stress_writer *w = arg;
	struct stress *st = w->st;
	unsigned long scratch[REC_MAX_WORDS], n = 0;

	while (!lf_read_once(st->stop)) {
		unsigned int gap = lf_test_prandom(&w->rng) & 63;

		st->kind->update(&st->sh, st->words, scratch);
		n++;
		lf_write_once(st->progress, lf_read_once(st->progress) + 1);
		/* A short random gap lets readers complete between writes. */
		while (gap--)
			lf_cpu_relax();
		if (!(n & 1023))
			lf_test_yield();
	}
	lf_write_once(st->writes[w->id], n);
	return 0;
}

static unsigned long stress_sum(const unsigned long *a, unsigned int n)
{
	unsigned long s = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		s += lf_read_once(a[i]);
	return s;
}

/*
 * One writer (two with the seqlock, serialised by its lock) rewrites the
 * record continuously; readers accept copies. No accepted copy may break
 * the invariant or go back in version; the final version is the number of
 * updates (the seqlock's lock lost none); at least
 * STRESS_MIN_ACCEPTED reads were accepted while at least STRESS_MIN_WRITES
 * updates ran, and at least STRESS_MIN_RETRIES reads overlapped an update
 * (the threads really raced). The case runs at least its share of
 * lf_test_stress_ms(), until all three counts are reached, and at most 8
 * times lf_test_stress_ms() (then a count falls short: a visible failure).
 */
static void seq_stress_readers_never_accept_a_mixed_record(struct kunit *test)
{
	const struct stress_param *p = test->param_value;
	struct stress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct stress_reader *r = kunit_kcalloc(test, STRESS_MAX_READERS, sizeof(*r), GFP_KERNEL);
	struct stress_writer w[2];
	struct lf_test_thread *rt[STRESS_MAX_READERS] = { NULL }, *wt[2] = { NULL };
	struct lf_test_watchdog *wd;
	unsigned int nr_readers = lf_test_threads(), i;
	unsigned long accepted, writes, final, start_version = 1000;
	u64 t0 = lf_test_now_ns(), min_end, max_end;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, r);
	if (nr_readers < 2)
		nr_readers = 2;
	if (nr_readers > STRESS_MAX_READERS)
		nr_readers = STRESS_MAX_READERS;
	st->kind = p->kind;
	st->words = p->bytes / sizeof(long);
	shared_init(&st->sh, st->words, start_version);
#ifdef LF_PAUSE_POINTS
	lf_seqcount_test_set_sequence(&st->sh.sc, 0u - STRESS_WRAP_DISTANCE);
	lf_seqcount_test_set_sequence(&st->sh.sl.seqcount, 0u - STRESS_WRAP_DISTANCE);
	lf_seqcount_latch_test_set_sequence(&st->sh.latch, 0u - STRESS_WRAP_DISTANCE);
#endif
	min_end = t0 + (u64)lf_test_stress_ms() * 1000000ull / ARRAY_SIZE(stress_params);
	max_end = t0 + (u64)lf_test_stress_ms() * 8000000ull;
	wd = lf_test_watchdog_start(&st->progress, &st->stop, 10000);

	for (i = 0; i < p->kind->nr_writers; i++) {
		w[i].st = st;
		w[i].id = i;
		w[i].rng = lf_test_seed() + i * 0x9e3779b97f4a7c15ull + 1;
		wt[i] = lf_test_thread_start(stress_writer_fn, &w[i], "seq_writer");
		KUNIT_EXPECT_NOT_NULL(test, wt[i]);
	}
	for (i = 0; i < nr_readers; i++) {
		r[i].st = st;
		r[i].id = i;
		rt[i] = lf_test_thread_start(stress_reader_fn, &r[i], "seq_reader");
		KUNIT_EXPECT_NOT_NULL(test, rt[i]);
	}
	for (;;) {
		u64 now = lf_test_now_ns();

		accepted = stress_sum(st->accepted, nr_readers);
		/* Updates so far: the record's version (a marked read). */
		writes = lf_read_once(st->sh.data[p->kind == &kind_latch][0]) -
			 start_version;
		if (lf_read_once(st->stop) || now >= max_end ||
		    (now >= min_end && accepted >= STRESS_MIN_ACCEPTED &&
		     writes >= STRESS_MIN_WRITES &&
		     stress_sum(st->retries, nr_readers) >= STRESS_MIN_RETRIES))
			break;
		lf_test_msleep(5);
	}
	lf_write_once(st->stop, 1);
	for (i = 0; i < p->kind->nr_writers; i++)
		if (wt[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(wt[i]), 0);
	for (i = 0; i < nr_readers; i++)
		if (rt[i])
			KUNIT_EXPECT_EQ(test, lf_test_thread_join(rt[i]), 0);
	KUNIT_EXPECT_FALSE_MSG(test, wd && lf_test_watchdog_stop(wd),
			       "watchdog: no progress");

	accepted = stress_sum(st->accepted, nr_readers);
	writes = stress_sum(st->writes, p->kind->nr_writers);
	final = lf_read_once(st->sh.data[p->kind == &kind_latch][0]);
	KUNIT_EXPECT_EQ_MSG(test, stress_sum(st->torn, nr_readers), 0ul,
			    "accepted copies that broke the invariant, of %lu", accepted);
	KUNIT_EXPECT_EQ_MSG(test, stress_sum(st->backwards, nr_readers), 0ul,
			    "accepted copies older than an earlier one, of %lu", accepted);
	KUNIT_EXPECT_EQ_MSG(test, final - start_version, writes,
			    "updates lost (writers not serialised?)");
	KUNIT_EXPECT_GE_MSG(test, accepted, STRESS_MIN_ACCEPTED,
			    "too few accepted reads in %llu ms: the run proves little",
			    (unsigned long long)((lf_test_now_ns() - t0) / 1000000));
	KUNIT_EXPECT_GE_MSG(test, writes, STRESS_MIN_WRITES,
			    "too few updates for the readers to race with");
	KUNIT_EXPECT_GE_MSG(test, stress_sum(st->retries, nr_readers), STRESS_MIN_RETRIES,
			    "readers and writers hardly overlapped");
	kunit_info(test, "%s %u B: %u readers, %lu accepted, %lu retries, %lu writes",
		   p->kind->name, p->bytes, nr_readers, accepted,
		   stress_sum(st->retries, nr_readers), writes);
}

static struct kunit_case lfkit_seqlock_cases[] = {
	KUNIT_CASE_PARAM(seqcount_begin_retry_follow_write_sections, rw_gen_params),
	KUNIT_CASE(seqcount_init_forms_agree),
	KUNIT_CASE(seqcount_write_owned_only_by_the_writer),
	KUNIT_CASE_PARAM(latch_flip_selects_the_stable_copy, latch_start_gen_params),
	KUNIT_CASE_PARAM(seq_copy_helpers_copy_exactly_size_bytes, copy_words_gen_params),
	KUNIT_CASE_PARAM(seq_torn_read_is_detected_by_checker_and_retry, kind_gen_params),
	KUNIT_CASE_PARAM(seq_reader_waits_while_count_is_odd, odd_gen_params),
	KUNIT_CASE(latch_reader_does_not_wait_for_parked_writer),
	KUNIT_CASE(latch_reader_interrupting_writer_gets_old_or_new),
#ifndef __KERNEL__
	KUNIT_CASE_PARAM(seqcount_reader_reentering_write_section_aborts, reentry_gen_params),
	KUNIT_CASE(seq_copy_misuse_warns_and_copies_nothing),
#else
	KUNIT_CASE(seqcount_reader_reentering_write_section_aborts),
#endif
	KUNIT_CASE_PARAM(seq_stress_readers_never_accept_a_mixed_record, stress_gen_params),
	{}
};

struct kunit_suite lfkit_seqlock_suite = {
	.name = "lfkit_seqlock",
	.test_cases = lfkit_seqlock_cases,
};
