// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests for lf/atomic.h, in both worlds.
 *
 * Single-thread semantics of every primitive (each ordering variant run
 * through one table-driven body, int and long), then two litmus patterns
 * run for real on several CPUs:
 *
 *  MP (message passing): W: data = i; publish(flag = i)
 *                        R: f = observe(flag); d = data;   d >= f required
 *     with release/acquire, wmb/rmb and fully ordered xchg. A violation
 *     fails the test.
 *  SB (store buffering): T0: x = 1; fence; r0 = y
 *                        T1: y = 1; fence; r1 = x          r0 == r1 == 0 ?
 *     forbidden with smp_mb() and with fully ordered xchg (a hit fails the
 *     test); allowed with relaxed accesses, where the count is reported as
 *     information (x86 store buffers make it common on real hardware).
 */
#include "lf_kunit.h"
#include "../lf/atomic.h"

/* ---- loads and stores ------------------------------------------------- */

static void atomic_read_write_once_and_acquire_release(struct kunit *test)
{
	int i = 0;
	long l = 0;
	void *p = NULL;
	u32 u = 0;

	lf_write_once(i, -7);
	KUNIT_EXPECT_EQ(test, lf_read_once(i), -7);
	lf_write_once(l, LONG_MIN);
	KUNIT_EXPECT_EQ(test, lf_read_once(l), LONG_MIN);
	lf_write_once(p, &i);
	KUNIT_EXPECT_PTR_EQ(test, lf_read_once(p), (void *)&i);
	lf_store_release(&u, U32_MAX);
	KUNIT_EXPECT_EQ(test, lf_load_acquire(&u), U32_MAX);
	lf_store_release(&p, NULL);
	KUNIT_EXPECT_PTR_EQ(test, lf_load_acquire(&p), (void *)NULL);
	lf_store_release(&l, LONG_MAX);
	KUNIT_EXPECT_EQ(test, lf_load_acquire(&l), LONG_MAX);
}

/* ---- exchange and compare-exchange, every ordering, one body ------------ */

struct xchg_variant {
	const char *name;
	int (*xchg_int)(int *p, int v);
	long (*xchg_long)(long *p, long v);
	int (*cmpxchg_int)(int *p, int o, int n);
	long (*cmpxchg_long)(long *p, long o, long n);
	bool (*try_int)(int *p, int *o, int n);
	bool (*try_long)(long *p, long *o, long n);
};

#define XCHG_WRAPPERS(sfx)						\
static int xchg_i##sfx(int *p, int v) { return lf_xchg##sfx(p, v); }	\
static long xchg_l##sfx(long *p, long v) { return lf_xchg##sfx(p, v); }	\
static int cmpxchg_i##sfx(int *p, int o, int n)				\
{ return lf_cmpxchg##sfx(p, o, n); }					\
static long cmpxchg_l##sfx(long *p, long o, long n)			\
{ return lf_cmpxchg##sfx(p, o, n); }					\
static bool try_i##sfx(int *p, int *o, int n)				\
{ return lf_try_cmpxchg##sfx(p, o, n); }				\
static bool try_l##sfx(long *p, long *o, long n)			\
{ return lf_try_cmpxchg##sfx(p, o, n); }

XCHG_WRAPPERS()
XCHG_WRAPPERS(_relaxed)
XCHG_WRAPPERS(_acquire)
XCHG_WRAPPERS(_release)

static const struct xchg_variant xchg_variants[] = {
	{ "fully ordered", xchg_i, xchg_l, cmpxchg_i, cmpxchg_l, try_i, try_l },
	{ "relaxed", xchg_i_relaxed, xchg_l_relaxed, cmpxchg_i_relaxed,
	  cmpxchg_l_relaxed, try_i_relaxed, try_l_relaxed },
	{ "acquire", xchg_i_acquire, xchg_l_acquire, cmpxchg_i_acquire,
	  cmpxchg_l_acquire, try_i_acquire, try_l_acquire },
	{ "release", xchg_i_release, xchg_l_release, cmpxchg_i_release,
	  cmpxchg_l_release, try_i_release, try_l_release },
};

static void xchg_variant_desc(const struct xchg_variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", v->name);
}

KUNIT_ARRAY_PARAM(xchg_variant, xchg_variants, xchg_variant_desc);

static void atomic_xchg_cmpxchg_semantics(struct kunit *test)
{
	const struct xchg_variant *v = test->param_value;
	int i = 5, io;
	long l = LONG_MAX, lo;

	/* xchg returns the old value and stores the new one */
	KUNIT_EXPECT_EQ(test, v->xchg_int(&i, -1), 5);
	KUNIT_EXPECT_EQ(test, i, -1);
	KUNIT_EXPECT_EQ(test, v->xchg_long(&l, LONG_MIN), LONG_MAX);
	KUNIT_EXPECT_EQ(test, l, LONG_MIN);

	/* cmpxchg: success returns old == expected and stores */
	KUNIT_EXPECT_EQ(test, v->cmpxchg_int(&i, -1, 9), -1);
	KUNIT_EXPECT_EQ(test, i, 9);
	/* failure returns the current value and stores nothing */
	KUNIT_EXPECT_EQ(test, v->cmpxchg_int(&i, 8, 100), 9);
	KUNIT_EXPECT_EQ(test, i, 9);
	KUNIT_EXPECT_EQ(test, v->cmpxchg_long(&l, LONG_MIN, 3), LONG_MIN);
	KUNIT_EXPECT_EQ(test, l, 3L);
	KUNIT_EXPECT_EQ(test, v->cmpxchg_long(&l, 4, 5), 3L);
	KUNIT_EXPECT_EQ(test, l, 3L);

	/* try_cmpxchg: true and stores on success, leaves *old alone */
	io = 9;
	KUNIT_EXPECT_TRUE(test, v->try_int(&i, &io, 10));
	KUNIT_EXPECT_EQ(test, i, 10);
	KUNIT_EXPECT_EQ(test, io, 9);
	/* false on failure, *old updated to the current value, no store */
	io = 1;
	KUNIT_EXPECT_FALSE(test, v->try_int(&i, &io, 11));
	KUNIT_EXPECT_EQ(test, io, 10);
	KUNIT_EXPECT_EQ(test, i, 10);
	lo = 3;
	KUNIT_EXPECT_TRUE(test, v->try_long(&l, &lo, -3));
	KUNIT_EXPECT_EQ(test, l, -3L);
	lo = 0;
	KUNIT_EXPECT_FALSE(test, v->try_long(&l, &lo, 7));
	KUNIT_EXPECT_EQ(test, lo, -3L);
	KUNIT_EXPECT_EQ(test, l, -3L);
}

static void atomic_xchg_on_pointers(struct kunit *test)
{
	int a, b;
	int *p = &a, *o = &b;

	KUNIT_EXPECT_PTR_EQ(test, lf_xchg(&p, &b), &a);
	KUNIT_EXPECT_PTR_EQ(test, lf_cmpxchg_release(&p, &b, NULL), &b);
	KUNIT_EXPECT_PTR_EQ(test, p, (int *)NULL);
	KUNIT_EXPECT_FALSE(test, lf_try_cmpxchg_acquire(&p, &o, &a));
	KUNIT_EXPECT_PTR_EQ(test, o, (int *)NULL);
	KUNIT_EXPECT_TRUE(test, lf_try_cmpxchg_acquire(&p, &o, &a));
	KUNIT_EXPECT_PTR_EQ(test, p, &a);
}

/* ---- counters: every fetch op and ordering, one body -------------------- */

enum fop { FOP_ADD, FOP_SUB, FOP_OR, FOP_AND, FOP_ADD_RETURN };

struct fetch_variant {
	const char *name;
	enum fop op;
	int (*fi)(int i, lf_atomic_t *v);
	long (*fl)(long i, lf_atomic_long_t *v);
};

static const struct fetch_variant fetch_variants[] = {
	{ "fetch_add", FOP_ADD, lf_atomic_fetch_add, lf_atomic_long_fetch_add },
	{ "fetch_add_relaxed", FOP_ADD, lf_atomic_fetch_add_relaxed,
	  lf_atomic_long_fetch_add_relaxed },
	{ "fetch_add_acquire", FOP_ADD, lf_atomic_fetch_add_acquire,
	  lf_atomic_long_fetch_add_acquire },
	{ "fetch_add_release", FOP_ADD, lf_atomic_fetch_add_release,
	  lf_atomic_long_fetch_add_release },
	{ "fetch_sub", FOP_SUB, lf_atomic_fetch_sub, lf_atomic_long_fetch_sub },
	{ "fetch_sub_relaxed", FOP_SUB, lf_atomic_fetch_sub_relaxed,
	  lf_atomic_long_fetch_sub_relaxed },
	{ "fetch_sub_acquire", FOP_SUB, lf_atomic_fetch_sub_acquire,
	  lf_atomic_long_fetch_sub_acquire },
	{ "fetch_sub_release", FOP_SUB, lf_atomic_fetch_sub_release,
	  lf_atomic_long_fetch_sub_release },
	{ "fetch_or", FOP_OR, lf_atomic_fetch_or, lf_atomic_long_fetch_or },
	{ "fetch_or_relaxed", FOP_OR, lf_atomic_fetch_or_relaxed, lf_atomic_long_fetch_or_relaxed },
	{ "fetch_or_acquire", FOP_OR, lf_atomic_fetch_or_acquire, lf_atomic_long_fetch_or_acquire },
	{ "fetch_or_release", FOP_OR, lf_atomic_fetch_or_release, lf_atomic_long_fetch_or_release },
	{ "fetch_and", FOP_AND, lf_atomic_fetch_and, lf_atomic_long_fetch_and },
	{ "fetch_and_relaxed", FOP_AND, lf_atomic_fetch_and_relaxed,
	  lf_atomic_long_fetch_and_relaxed },
	{ "fetch_and_acquire", FOP_AND, lf_atomic_fetch_and_acquire,
	  lf_atomic_long_fetch_and_acquire },
	{ "fetch_and_release", FOP_AND, lf_atomic_fetch_and_release,
	  lf_atomic_long_fetch_and_release },
	{ "add_return", FOP_ADD_RETURN, lf_atomic_add_return, lf_atomic_long_add_return },
	{ "add_return_relaxed", FOP_ADD_RETURN, lf_atomic_add_return_relaxed,
	  lf_atomic_long_add_return_relaxed },
	{ "add_return_acquire", FOP_ADD_RETURN, lf_atomic_add_return_acquire,
	  lf_atomic_long_add_return_acquire },
	{ "add_return_release", FOP_ADD_RETURN, lf_atomic_add_return_release,
	  lf_atomic_long_add_return_release },
};

static void fetch_variant_desc(const struct fetch_variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", v->name);
}

KUNIT_ARRAY_PARAM(fetch_variant, fetch_variants, fetch_variant_desc);

/* The model: two's complement wrapping, as the kernel defines atomics. */
static unsigned long model(enum fop op, unsigned long old, unsigned long i)
{
	switch (op) {
	case FOP_ADD:
	case FOP_ADD_RETURN:
		return old + i;
	case FOP_SUB:
		return old - i;
	case FOP_OR:
		return old | i;
	case FOP_AND:
		return old & i;
	}
	return 0;
}

static void atomic_fetch_ops_match_model(struct kunit *test)
{
	const struct fetch_variant *v = test->param_value;
	static const struct { long start, operand; } cases[] = {
		{ 0, 1 }, { 5, 3 }, { -1, 1 }, { 0x0f0f, 0x00ff }, { -8, -8 },
		{ INT_MAX, 1 },		/* int wraps to INT_MIN */
		{ INT_MIN, 1 },		/* and back for sub */
		{ LONG_MAX, 1 }, { LONG_MIN, 1 }, { 0x5a5a5a5aL, -1 },
	};
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		int is = (int)cases[k].start, ii = (int)cases[k].operand;
		long ls = cases[k].start, li = cases[k].operand;
		lf_atomic_t a = LF_ATOMIC_INIT(is);
		lf_atomic_long_t b = LF_ATOMIC_LONG_INIT(ls);
		int iwant = (int)(unsigned int)model(v->op, (unsigned int)is, (unsigned int)ii);
		long lwant = (long)model(v->op, (unsigned long)ls, (unsigned long)li);
		int iret = v->fi(ii, &a);
		long lret = v->fl(li, &b);

		KUNIT_EXPECT_EQ_MSG(test, lf_atomic_read(&a), iwant, "int case %u", k);
		KUNIT_EXPECT_EQ_MSG(test, lf_atomic_long_read(&b), lwant, "long case %u", k);
		KUNIT_EXPECT_EQ_MSG(test, iret, v->op == FOP_ADD_RETURN ? iwant : is,
				    "int return, case %u", k);
		KUNIT_EXPECT_EQ_MSG(test, lret, v->op == FOP_ADD_RETURN ? lwant : ls,
				    "long return, case %u", k);
	}
}

static void atomic_relaxed_counter_ops(struct kunit *test)
{
	lf_atomic_t a = LF_ATOMIC_INIT(0);
	lf_atomic_long_t b;

	lf_atomic_set(&a, 10);
	lf_atomic_add(5, &a);
	lf_atomic_sub(3, &a);
	lf_atomic_inc(&a);
	lf_atomic_dec(&a);
	lf_atomic_dec(&a);
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&a), 11);
	lf_atomic_set(&a, INT_MAX);
	lf_atomic_inc(&a);
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&a), INT_MIN);

	lf_atomic_long_set(&b, LONG_MAX - 1);
	lf_atomic_long_inc(&b);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&b), LONG_MAX);
	lf_atomic_long_add(2, &b);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&b), LONG_MIN + 1);
	lf_atomic_long_sub(2, &b);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&b), LONG_MAX);
	lf_atomic_long_dec(&b);
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&b), LONG_MAX - 1);
}

struct counter_cas_variant {
	const char *name;
	bool (*ci)(lf_atomic_t *v, int *o, int n);
	bool (*cl)(lf_atomic_long_t *v, long *o, long n);
};

static const struct counter_cas_variant counter_cas_variants[] = {
	{ "fully ordered", lf_atomic_try_cmpxchg, lf_atomic_long_try_cmpxchg },
	{ "relaxed", lf_atomic_try_cmpxchg_relaxed, lf_atomic_long_try_cmpxchg_relaxed },
	{ "acquire", lf_atomic_try_cmpxchg_acquire, lf_atomic_long_try_cmpxchg_acquire },
	{ "release", lf_atomic_try_cmpxchg_release, lf_atomic_long_try_cmpxchg_release },
};

static void counter_cas_desc(const struct counter_cas_variant *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", v->name);
}

KUNIT_ARRAY_PARAM(counter_cas, counter_cas_variants, counter_cas_desc);

static void atomic_counter_try_cmpxchg_semantics(struct kunit *test)
{
	const struct counter_cas_variant *v = test->param_value;
	lf_atomic_t a = LF_ATOMIC_INIT(4);
	lf_atomic_long_t b = LF_ATOMIC_LONG_INIT(LONG_MIN);
	int io = 4;
	long lo = 0;

	KUNIT_EXPECT_TRUE(test, v->ci(&a, &io, -4));
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&a), -4);
	KUNIT_EXPECT_EQ(test, io, 4);
	KUNIT_EXPECT_FALSE(test, v->ci(&a, &io, 9));
	KUNIT_EXPECT_EQ(test, io, -4);
	KUNIT_EXPECT_EQ(test, lf_atomic_read(&a), -4);
	KUNIT_EXPECT_FALSE(test, v->cl(&b, &lo, 1));
	KUNIT_EXPECT_EQ(test, lo, LONG_MIN);
	KUNIT_EXPECT_TRUE(test, v->cl(&b, &lo, LONG_MAX));
	KUNIT_EXPECT_EQ(test, lf_atomic_long_read(&b), LONG_MAX);
}

static void atomic_fences_and_hints_compile_and_run(struct kunit *test)
{
	int x = 0;

	/* Single-threaded they must be no-ops on values; MP/SB test them. */
	lf_write_once(x, 1);
	lf_smp_wmb();
	lf_smp_rmb();
	lf_smp_mb();
	lf_smp_mb__before_atomic();
	lf_smp_mb__after_atomic();
	lf_barrier();
	lf_cpu_relax();
	KUNIT_EXPECT_EQ(test, lf_read_once(x), 1);
	KUNIT_EXPECT_GE(test, (int)LF_CACHELINE_BYTES, 64);
}

/* ---- litmus: message passing ------------------------------------------- */

enum mp_kind { MP_RELEASE_ACQUIRE, MP_WMB_RMB, MP_XCHG_ACQUIRE };

static const enum mp_kind mp_kinds[] = {
	MP_RELEASE_ACQUIRE, MP_WMB_RMB, MP_XCHG_ACQUIRE,
};

static void mp_kind_desc(const enum mp_kind *k, char *desc)
{
	static const char *const names[] = {
		[MP_RELEASE_ACQUIRE] = "store_release/load_acquire",
		[MP_WMB_RMB] = "smp_wmb/smp_rmb",
		[MP_XCHG_ACQUIRE] = "xchg/load_acquire",
	};

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", names[*k]);
}

KUNIT_ARRAY_PARAM(mp_kind, mp_kinds, mp_kind_desc);

struct mp {
	enum mp_kind kind;

	__lf_cacheline_aligned unsigned long data;
	__lf_cacheline_aligned unsigned long flag;
	u64 deadline_ns;
	u64 hard_deadline_ns;
	unsigned long violations;	/* written by the reader only */
	unsigned long observed;		/* flag changes the reader saw */
	int started;
	int done;
};

#define MP_WANT_OBSERVED	20000ul
#define MP_MIN_OBSERVED		100ul

/*
 * Stop after MP_WANT_OBSERVED publications were seen, or once the stress
 * time is over and at least MP_MIN_OBSERVED were (a run in which the two
 * threads barely overlapped proves nothing, so it goes on until then), or
 * at the hard limit, which the test then reports as a failure.
 */
static bool mp_writer_done(struct mp *m, unsigned long i)
{
	unsigned long seen = lf_read_once(m->observed);
	u64 now;

	if (seen >= MP_WANT_OBSERVED)
		return true;
	if (i & 1023)
		return false;
	now = lf_test_now_ns();
	return (now >= m->deadline_ns && seen >= MP_MIN_OBSERVED) ||
	       now >= m->hard_deadline_ns;
}

static int mp_writer(void *arg)
{
	struct mp *m = arg;
	unsigned long i;

	/* pairs with the release store of started in mp_reader() */
	while (!lf_load_acquire(&m->started))
		lf_test_yield();
	for (i = 1; !mp_writer_done(m, i); i++) {
		lf_write_once(m->data, i);
		switch (m->kind) {
		case MP_RELEASE_ACQUIRE:
			/* pairs with the load_acquire of flag in mp_reader() */
			lf_store_release(&m->flag, i);
			break;
		case MP_WMB_RMB:
			/* pairs with the smp_rmb() in mp_reader() */
			lf_smp_wmb();
			lf_write_once(m->flag, i);
			break;
		case MP_XCHG_ACQUIRE:
			/* fully ordered; pairs with the load_acquire in mp_reader() */
			(void)lf_xchg(&m->flag, i);
			break;
		}
	}
	/* pairs with the acquire in mp_reader()'s loop condition */
	lf_store_release(&m->done, 1);
	return 0;
}

static int mp_reader(void *arg)
{
	struct mp *m = arg;
	unsigned long f, d, last = 0;

	/* pairs with the acquire load of started in mp_writer() */
	lf_store_release(&m->started, 1);
	while (!lf_load_acquire(&m->done)) {
		if (m->kind == MP_WMB_RMB) {
			f = lf_read_once(m->flag);
			/* pairs with the smp_wmb() in mp_writer() */
			lf_smp_rmb();
		} else {
			/* pairs with the release/xchg in mp_writer() */
			f = lf_load_acquire(&m->flag);
		}
		d = lf_read_once(m->data);
		if (d < f)
			m->violations++;
		if (f != last) {
			last = f;
			/* read by the writer to know when to stop */
			lf_write_once(m->observed, m->observed + 1);
		}
	}
	return 0;
}

static void atomic_message_passing_holds(struct kunit *test)
{
	struct mp *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct lf_test_thread *w, *r;

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->kind = *(const enum mp_kind *)test->param_value;
	m->deadline_ns = lf_test_now_ns() + (u64)lf_test_stress_ms() * 1000000ull / 8;
	m->hard_deadline_ns = m->deadline_ns + 60ull * 1000000000ull;
	r = lf_test_thread_start(mp_reader, m, "mp_reader");
	KUNIT_ASSERT_NOT_NULL(test, r);
	w = lf_test_thread_start(mp_writer, m, "mp_writer");
	KUNIT_EXPECT_NOT_NULL(test, w);
	if (w)
		KUNIT_EXPECT_EQ(test, lf_test_thread_join(w), 0);
	else
		lf_store_release(&m->done, 1);
	KUNIT_EXPECT_EQ(test, lf_test_thread_join(r), 0);
	KUNIT_EXPECT_EQ(test, m->violations, 0ul);
	/* A run where the two never overlapped would prove nothing. */
	KUNIT_EXPECT_GE_MSG(test, m->observed, MP_MIN_OBSERVED,
			    "the reader saw too few publications to test anything");
	kunit_info(test, "reader saw %lu publications", m->observed);
}

/* ---- litmus: store buffering --------------------------------------------- */

enum sb_kind { SB_SMP_MB, SB_XCHG, SB_RELAXED };

static const enum sb_kind sb_kinds[] = { SB_SMP_MB, SB_XCHG, SB_RELAXED };

static void sb_kind_desc(const enum sb_kind *k, char *desc)
{
	static const char *const names[] = {
		[SB_SMP_MB] = "smp_mb (forbidden)",
		[SB_XCHG] = "fully ordered xchg (forbidden)",
		[SB_RELAXED] = "relaxed (allowed, informational)",
	};

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", names[*k]);
}

KUNIT_ARRAY_PARAM(sb_kind, sb_kinds, sb_kind_desc);

struct sb {
	enum sb_kind kind;
	__lf_cacheline_aligned int x;
	__lf_cacheline_aligned int y;
	int r[2];
	__lf_cacheline_aligned lf_atomic_t arrived;
	int sense;
	unsigned long rounds;
	unsigned long both_zero;
};

/* Sense-reversing barrier for the two SB threads. */
static void sb_barrier(struct sb *s, int *local_sense)
{
	unsigned int spins = 0;

	*local_sense = !*local_sense;
	/* fully ordered: everything before the barrier precedes the release */
	if (lf_atomic_fetch_add(1, &s->arrived) == 1) {
		lf_atomic_set(&s->arrived, 0);
		/* pairs with the acquire load below in the other thread */
		lf_store_release(&s->sense, *local_sense);
		return;
	}
	while (lf_load_acquire(&s->sense) != *local_sense) {
		if (++spins < 1000)
			lf_cpu_relax();
		else
			lf_test_yield();
	}
}

static void sb_side(struct sb *s, int *mine, int *other, int *out)
{
	switch (s->kind) {
	case SB_SMP_MB:
		lf_write_once(*mine, 1);
		lf_smp_mb();	/* pairs with the other thread's smp_mb() */
		*out = lf_read_once(*other);
		break;
	case SB_XCHG:
		(void)lf_xchg(mine, 1);	/* fully ordered; pairs with the other xchg */
		*out = lf_read_once(*other);
		break;
	case SB_RELAXED:
		lf_write_once(*mine, 1);
		*out = lf_read_once(*other);
		break;
	}
}

struct sb_thread {
	struct sb *s;
	int id;
};

static int sb_thread_fn(void *arg)
{
	struct sb_thread *t = arg;
	struct sb *s = t->s;
	int sense = 0;
	unsigned long i;

	for (i = 0; i < s->rounds; i++) {
		sb_barrier(s, &sense);
		if (t->id == 0)
			sb_side(s, &s->x, &s->y, &s->r[0]);
		else
			sb_side(s, &s->y, &s->x, &s->r[1]);
		sb_barrier(s, &sense);
		if (t->id == 0) {
			if (s->r[0] == 0 && s->r[1] == 0)
				s->both_zero++;
			lf_write_once(s->x, 0);
			lf_write_once(s->y, 0);
		}
	}
	return 0;
}

static void atomic_store_buffering_outcome(struct kunit *test)
{
	struct sb *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct sb_thread t[2];
	struct lf_test_thread *th[2];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->kind = *(const enum sb_kind *)test->param_value;
	s->rounds = 20000;
	for (i = 0; i < 2; i++) {
		t[i].s = s;
		t[i].id = i;
		th[i] = lf_test_thread_start(sb_thread_fn, &t[i], "sb");
		KUNIT_ASSERT_NOT_NULL(test, th[i]);
	}
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, lf_test_thread_join(th[i]), 0);
	if (s->kind == SB_RELAXED) {
		kunit_info(test, "relaxed SB: r0 == r1 == 0 in %lu of %lu rounds (allowed)",
			   s->both_zero, s->rounds);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, s->both_zero, 0ul,
				    "forbidden SB outcome in %lu rounds", s->rounds);
	}
}

static struct kunit_case lfkit_atomic_cases[] = {
	KUNIT_CASE(atomic_read_write_once_and_acquire_release),
	KUNIT_CASE_PARAM(atomic_xchg_cmpxchg_semantics, xchg_variant_gen_params),
	KUNIT_CASE(atomic_xchg_on_pointers),
	KUNIT_CASE_PARAM(atomic_fetch_ops_match_model, fetch_variant_gen_params),
	KUNIT_CASE(atomic_relaxed_counter_ops),
	KUNIT_CASE_PARAM(atomic_counter_try_cmpxchg_semantics, counter_cas_gen_params),
	KUNIT_CASE(atomic_fences_and_hints_compile_and_run),
	KUNIT_CASE_PARAM(atomic_message_passing_holds, mp_kind_gen_params),
	KUNIT_CASE_PARAM(atomic_store_buffering_outcome, sb_kind_gen_params),
	{}
};

struct kunit_suite lfkit_atomic_suite = {
	.name = "lfkit_atomic",
	.test_cases = lfkit_atomic_cases,
};
