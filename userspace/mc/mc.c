// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The model checker's scheduler, memory and RCU model.
 *
 * Execution model. Harness threads and one RCU callback thread run as
 * ucontext coroutines. Each scheduling point (lf_mc_op(), RCU calls,
 * lf_mc_spin()) swaps back to the scheduler context, which picks the next
 * thread and swaps to it; the picked thread then performs its pending
 * operation. So the operation a thread is about to perform is decided
 * against every other thread's pending operation.
 *
 * Choices. At a scheduling point of a thread T that can go on, the options
 * are "T again" (free) and each other runnable thread (one preemption
 * each, only while fewer than the bound have been used). When T cannot go
 * on (finished, blocked on a grace period or barrier) or yields in a spin
 * loop, every other runnable thread is an option, at no cost (a spinning T
 * only runs again when nothing else can). A thread that yields in a spin
 * loop (lf_cpu_relax(), lf_spin_relax()) is not runnable again until some
 * thread has written shared memory since its previous iteration: running
 * it earlier could only repeat the same loads, so those schedules are
 * redundant (this assumes spin loops only read until they exit, as
 * lfkit's do). A schedule is the sequence of
 * choices; the search enumerates them depth first and replays each prefix
 * from a fresh setup().
 *
 * RCU model. A grace period that starts while threads are inside read-side
 * sections ends only after each of them has left its section (outermost
 * unlock). lf_synchronize_rcu() blocks until then; lf_call_rcu() callbacks
 * become runnable on the RCU thread then, and the scheduler decides when
 * they actually run, so early and late reclamation are both explored.
 *
 * Memory model for reclamation bugs: lf_kfree() poisons the block and
 * keeps it until the schedule ends; any later lf_mc_op() on it fails the
 * schedule as a use after free.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

#include "mc.h"
#include "../../rcu/rcu.h"

#define MC_STACK_SIZE	(256 * 1024)
#define MC_MAX_CHOICES	4096
#define MC_MAX_TRACE	4096
#define MC_MAX_FREED	1024
#define MC_MAX_CBS	256
#define MC_MAX_LABELS	64

enum mc_state { MC_RUNNABLE, MC_BLOCKED_GP, MC_BLOCKED_BARRIER, MC_DONE };
enum mc_why { MC_WHY_POINT, MC_WHY_SPIN, MC_WHY_BLOCK, MC_WHY_DONE };

struct mc_thread {
	ucontext_t ctx;
	void *stack;
	enum mc_state state;
	int nesting;			/* RCU read-side depth */
	unsigned long exits;		/* outermost read unlocks so far */
	unsigned long gp_snap[LF_MC_MAX_THREADS + 1];
	unsigned long barrier_target;
	unsigned long spin_epoch;	/* write epoch when it last resumed */
	bool spinning;
	bool in_callback;
};

struct mc_cb {
	struct lf_rcu_head *head;
	void (*func)(struct lf_rcu_head *head);
	unsigned long snap[LF_MC_MAX_THREADS + 1];	/* ~0ul: not a reader */
};

struct mc_step {
	int tid;
	int op;
	int mo;
	const void *addr;
	unsigned long size;
	unsigned long v0, v1, v2;	/* op-specific values */
	const char *note;
};

struct mc_label {
	const char *base;
	unsigned long size;
	const char *name;
};

static struct {
	const struct lf_mc_harness *h;
	int nthreads;			/* harness threads + 1 RCU thread */
	int rcu_tid;
	struct mc_thread t[LF_MC_MAX_THREADS + 1];
	ucontext_t sched_ctx;
	int cur;			/* running thread, -1: scheduler/setup */
	enum mc_why why;
	int bound;
	int preemptions;
	unsigned long write_epoch;	/* shared writes so far */
	unsigned long steps, max_steps;

	/* the schedule */
	int choice[MC_MAX_CHOICES];
	int nalt[MC_MAX_CHOICES];
	int depth;			/* choices made in this execution */
	int replay;			/* choices to replay from the prefix */

	struct mc_step trace[MC_MAX_TRACE];
	unsigned long ntrace;

	void *freed[MC_MAX_FREED];
	size_t freed_size[MC_MAX_FREED];
	int nfreed;

	struct mc_cb cbs[MC_MAX_CBS];
	unsigned long cb_head, cb_tail;	/* queued [head, tail) */

	struct mc_label labels[MC_MAX_LABELS];
	int nlabels;

	bool failed;
	char failmsg[512];
	bool verbose;
} mc;

static char mc_sigstack[64 * 1024];

/* ---- trace ------------------------------------------------------------- */

static const char *const mc_op_names[] = {
	[LF_MC_LOAD] = "load", [LF_MC_STORE] = "store", [LF_MC_XCHG] = "xchg",
	[LF_MC_CAS] = "cmpxchg", [LF_MC_FETCH_ADD] = "fetch_add",
	[LF_MC_FETCH_SUB] = "fetch_sub", [LF_MC_FETCH_OR] = "fetch_or",
	[LF_MC_FETCH_AND] = "fetch_and", [LF_MC_ADD_FETCH] = "add_fetch",
	[LF_MC_FENCE] = "fence",
};

static const char *mc_mo_name(int mo)
{
	switch (mo) {
	case __ATOMIC_RELAXED: return "relaxed";
	case __ATOMIC_CONSUME: return "consume";
	case __ATOMIC_ACQUIRE: return "acquire";
	case __ATOMIC_RELEASE: return "release";
	case __ATOMIC_ACQ_REL: return "acq_rel";
	default: return "seq_cst";
	}
}

void lf_mc_label(const void *addr, unsigned long size, const char *name)
{
	if (mc.nlabels < MC_MAX_LABELS)
		mc.labels[mc.nlabels++] = (struct mc_label){ addr, size, name };
}

static void mc_addr_name(const void *addr, char *buf, size_t len)
{
	int i;

	if (!addr) {
		snprintf(buf, len, "-");
		return;
	}
	for (i = mc.nlabels - 1; i >= 0; i--) {
		const char *b = mc.labels[i].base;

		if ((const char *)addr >= b && (const char *)addr < b + mc.labels[i].size) {
			long off = (const char *)addr - b;

			if (off)
				snprintf(buf, len, "%s+%ld", mc.labels[i].name, off);
			else
				snprintf(buf, len, "%s", mc.labels[i].name);
			return;
		}
	}
	snprintf(buf, len, "%p", addr);
}

static void mc_value_name(unsigned long v, char *buf, size_t len)
{
	int i;

	for (i = mc.nlabels - 1; i >= 0; i--) {
		if (v == (unsigned long)mc.labels[i].base && v) {
			snprintf(buf, len, "&%s", mc.labels[i].name);
			return;
		}
	}
	snprintf(buf, len, "%#lx", v);
}

static void mc_trace_note(int tid, const char *note, const void *addr)
{
	if (mc.ntrace < MC_MAX_TRACE)
		mc.trace[mc.ntrace++] = (struct mc_step){
			.tid = tid, .op = -1, .addr = addr, .note = note };
}

static void mc_print_trace(FILE *f)
{
	unsigned long i;
	char a[96], x[96], y[96], z[96];

	for (i = 0; i < mc.ntrace; i++) {
		const struct mc_step *s = &mc.trace[i];
		char who[16];

		if (s->tid == mc.rcu_tid)
			snprintf(who, sizeof(who), "rcu");
		else
			snprintf(who, sizeof(who), "T%d", s->tid);
		mc_addr_name(s->addr, a, sizeof(a));
		if (s->op < 0) {
			fprintf(f, "    #   %4lu %-4s %s %s\n", i + 1, who, s->note,
				s->addr ? a : "");
			continue;
		}
		mc_value_name(s->v0, x, sizeof(x));
		mc_value_name(s->v1, y, sizeof(y));
		mc_value_name(s->v2, z, sizeof(z));
		switch (s->op) {
		case LF_MC_LOAD:
			fprintf(f, "    #   %4lu %-4s load_%s %s -> %s\n", i + 1, who,
				mc_mo_name(s->mo), a, x);
			break;
		case LF_MC_STORE:
			fprintf(f, "    #   %4lu %-4s store_%s %s = %s\n", i + 1, who,
				mc_mo_name(s->mo), a, y);
			break;
		case LF_MC_CAS:
			fprintf(f, "    #   %4lu %-4s cmpxchg_%s %s: was %s, expected %s, new %s -> %s\n",
				i + 1, who, mc_mo_name(s->mo), a, x, y, z,
				s->v0 == s->v1 ? "ok" : "failed");
			break;
		case LF_MC_FENCE:
			fprintf(f, "    #   %4lu %-4s fence_%s\n", i + 1, who,
				mc_mo_name(s->mo));
			break;
		default:
			fprintf(f, "    #   %4lu %-4s %s_%s %s: was %s, operand %s\n",
				i + 1, who, mc_op_names[s->op], mc_mo_name(s->mo),
				a, x, y);
			break;
		}
	}
}

/* ---- failure ----------------------------------------------------------- */

static void mc_fail_msg(const char *msg)
{
	if (!mc.failed) {
		mc.failed = true;
		snprintf(mc.failmsg, sizeof(mc.failmsg), "%s", msg);
	}
}

static void mc_switch_to_scheduler(enum mc_why why);

void lf_mc_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[400], full[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s (%s:%d)", msg, file, line);
	mc_fail_msg(full);
	if (mc.cur >= 0) {
		mc.t[mc.cur].state = MC_DONE;
		mc_switch_to_scheduler(MC_WHY_DONE);
	}
	/* failed outside a thread (setup/check): the scheduler sees it */
	setcontext(&mc.sched_ctx);
	abort();
}

static void mc_crash_handler(int sig, siginfo_t *si, void *uc)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "crash: signal %d (%s) at address %p",
		 sig, strsignal(sig), si->si_addr);
	mc_fail_msg(msg);
	if (mc.cur >= 0)
		mc.t[mc.cur].state = MC_DONE;
	mc.cur = -1;
	setcontext(&mc.sched_ctx);
	(void)uc;
}

/* ---- memory -------------------------------------------------------------- */

void lf_mc_free(const void *p);

void lf_mc_free(const void *p)
{
	size_t n;

	if (!p)
		return;
	n = malloc_usable_size((void *)p);
	memset((void *)p, 0x6b, n);
	if (mc.nfreed < MC_MAX_FREED) {
		mc.freed[mc.nfreed] = (void *)p;
		mc.freed_size[mc.nfreed++] = n;
	} else {
		free((void *)p);
	}
}

static void mc_check_addr(const void *addr, unsigned long size)
{
	int i;

	for (i = 0; i < mc.nfreed; i++) {
		const char *b = mc.freed[i];

		if ((const char *)addr + size > b &&
		    (const char *)addr < b + mc.freed_size[i]) {
			char a[96], msg[200];

			mc_addr_name(addr, a, sizeof(a));
			snprintf(msg, sizeof(msg),
				 "use after free: access to %s inside a block freed with lf_kfree()",
				 a);
			mc_fail_msg(msg);
			mc.t[mc.cur].state = MC_DONE;
			mc_switch_to_scheduler(MC_WHY_DONE);
		}
	}
}

/* ---- scheduling ---------------------------------------------------------- */

static void mc_switch_to_scheduler(enum mc_why why)
{
	int self = mc.cur;

	mc.why = why;
	swapcontext(&mc.t[self].ctx, &mc.sched_ctx);
	/* resumed by the scheduler */
}

/* A scheduling point inside a thread. */
static void mc_point(void)
{
	if (mc.cur < 0)		/* setup/check run outside the model */
		return;
	if (++mc.steps > mc.max_steps) {
		char msg[96];

		snprintf(msg, sizeof(msg), "livelock: no end after %lu steps",
			 mc.max_steps);
		mc_fail_msg(msg);
		mc.t[mc.cur].state = MC_DONE;
		mc_switch_to_scheduler(MC_WHY_DONE);
	}
	mc_switch_to_scheduler(MC_WHY_POINT);
}

void lf_mc_spin(void)
{
	if (mc.cur < 0)
		return;
	mc_trace_note(mc.cur, "spin (yields)", NULL);
	/*
	 * Runnable again once anyone writes after the loads this spin
	 * iteration made, i.e. after our previous resume (spin_epoch).
	 */
	mc.t[mc.cur].spinning = true;
	mc_switch_to_scheduler(MC_WHY_SPIN);
	mc.t[mc.cur].spinning = false;
	mc.t[mc.cur].spin_epoch = mc.write_epoch;
}

int lf_mc_self(void)
{
	return mc.cur;
}

static bool mc_gp_over(const unsigned long *snap)
{
	int i;

	for (i = 0; i < mc.nthreads; i++)
		if (snap[i] != ~0ul && mc.t[i].exits <= snap[i])
			return false;
	return true;
}

static void mc_take_snapshot(unsigned long *snap)
{
	int i;

	for (i = 0; i < mc.nthreads; i++)
		snap[i] = mc.t[i].nesting ? mc.t[i].exits : ~0ul;
}

static bool mc_runnable(int i)
{
	struct mc_thread *t = &mc.t[i];

	switch (t->state) {
	case MC_RUNNABLE:
		/*
		 * A thread that yielded in a spin loop waits for some other
		 * thread's write: re-running it before anything changed can
		 * only repeat the same loads (this keeps spins from
		 * multiplying schedules).
		 */
		if (t->spinning && t->spin_epoch == mc.write_epoch)
			return false;
		if (i == mc.rcu_tid)	/* runs only with a ready callback */
			return mc.cb_head < mc.cb_tail &&
			       mc_gp_over(mc.cbs[mc.cb_head % MC_MAX_CBS].snap);
		return true;
	case MC_BLOCKED_GP:
		return mc_gp_over(t->gp_snap);
	case MC_BLOCKED_BARRIER:
		return mc.cb_head >= t->barrier_target;
	case MC_DONE:
		return false;
	}
	return false;
}

/* Make (or replay) a choice among @n options; returns the index. */
static int mc_choose(int n)
{
	int c;

	if (n <= 1)
		return 0;
	if (mc.depth >= MC_MAX_CHOICES) {
		mc_fail_msg("schedule too long for the checker's choice stack");
		return 0;
	}
	if (mc.depth < mc.replay) {
		c = mc.choice[mc.depth];
		if (c >= n)	/* replay diverged: cannot happen if deterministic */
			c = n - 1;
	} else {
		c = 0;
		mc.choice[mc.depth] = 0;
	}
	mc.nalt[mc.depth] = n;
	mc.depth++;
	return c;
}

static void mc_thread_entry(unsigned int id)
{
	if ((int)id == mc.rcu_tid) {
		for (;;) {
			struct mc_cb *cb = &mc.cbs[mc.cb_head % MC_MAX_CBS];

			mc.t[id].in_callback = true;
			mc_trace_note(id, "callback starts for", cb->head);
			cb->func(cb->head);
			mc.t[id].in_callback = false;
			mc.cb_head++;
			mc_switch_to_scheduler(MC_WHY_SPIN);
		}
	}
	mc.h->thread((int)id);
	mc_trace_note(id, "finished", NULL);
	mc.t[id].state = MC_DONE;
	mc_switch_to_scheduler(MC_WHY_DONE);
}

/* Run one schedule: replay mc.choice[0..replay), then first choices. */
static void mc_execute(void)
{
	int i, n;

	mc.depth = 0;
	mc.ntrace = 0;
	mc.nfreed = 0;
	mc.nlabels = 0;
	mc.cb_head = 0;
	mc.cb_tail = 0;
	mc.failed = false;
	mc.failmsg[0] = '\0';
	mc.preemptions = 0;
	mc.write_epoch = 0;
	mc.steps = 0;
	mc.cur = -1;
	mc.nthreads = mc.h->nr_threads + 1;
	mc.rcu_tid = mc.h->nr_threads;

	mc.h->setup();
	for (i = 0; i < mc.nthreads; i++) {
		struct mc_thread *t = &mc.t[i];
		void *stack = t->stack;

		memset(t, 0, sizeof(*t));
		t->stack = stack;
		t->state = MC_RUNNABLE;
		getcontext(&t->ctx);
		t->ctx.uc_stack.ss_sp = t->stack;
		t->ctx.uc_stack.ss_size = MC_STACK_SIZE;
		t->ctx.uc_link = &mc.sched_ctx;
		makecontext(&t->ctx, (void (*)(void))mc_thread_entry, 1, (unsigned int)i);
	}

	getcontext(&mc.sched_ctx);
	/* Every switch back from a thread resumes here. */
	while (!mc.failed) {
		int prev = mc.cur, opts[LF_MC_MAX_THREADS + 1];
		bool prev_can_go = prev >= 0 && mc.why == MC_WHY_POINT &&
				   mc_runnable(prev);

		n = 0;
		if (prev_can_go) {
			opts[n++] = prev;
			if (mc.preemptions < mc.bound)
				for (i = 0; i < mc.nthreads; i++)
					if (i != prev && mc_runnable(i))
						opts[n++] = i;
		} else {
			for (i = 0; i < mc.nthreads; i++)
				if (i != prev && mc_runnable(i))
					opts[n++] = i;
			/* a spinner runs again only when no one else can */
			if (!n && prev >= 0 && mc_runnable(prev))
				opts[n++] = prev;
		}
		if (!n) {
			bool all_done = true;

			for (i = 0; i < mc.h->nr_threads; i++)
				if (mc.t[i].state != MC_DONE)
					all_done = false;
			if (!all_done || mc.cb_head < mc.cb_tail)
				mc_fail_msg("deadlock: no thread can run (blocked, or spinning on a value no one will write)");
			break;
		}
		i = mc_choose(n);
		if (prev_can_go && i != 0)
			mc.preemptions++;
		mc.cur = opts[i];
		if (mc.t[mc.cur].state != MC_RUNNABLE)
			mc.t[mc.cur].state = MC_RUNNABLE;	/* woken */
		swapcontext(&mc.sched_ctx, &mc.t[mc.cur].ctx);
		/* unreachable: threads come back through getcontext above */
	}
	mc.cur = -1;
	if (!mc.failed && mc.h->check)
		mc.h->check();
	if (mc.h->teardown)
		mc.h->teardown();
	for (i = 0; i < mc.nfreed; i++)
		free(mc.freed[i]);
	mc.nfreed = 0;
}

/* Advance to the next schedule; false when the search is complete. */
static bool mc_next_schedule(void)
{
	int d = mc.depth;

	while (d > 0 && mc.choice[d - 1] + 1 >= mc.nalt[d - 1])
		d--;
	if (!d)
		return false;
	mc.choice[d - 1]++;
	mc.replay = d;
	return true;
}

/* ---- the RCU layer under the checker (rcu/rcu.h, userspace API) ---------- */

void lf_rcu_register_thread(void)
{
}

void lf_rcu_unregister_thread(void)
{
}

void lf_rcu_misuse(const char *fn, const char *what)
{
	lf_mc_fail(__FILE__, __LINE__, "%s(): %s", fn, what);
}

bool lf_rcu_read_lock_held(void)
{
	return mc.cur < 0 || mc.t[mc.cur].nesting > 0;
}

void lf_rcu_read_lock(void)
{
	mc_point();
	if (mc.cur >= 0) {
		mc.t[mc.cur].nesting++;
		mc_trace_note(mc.cur, "rcu_read_lock", NULL);
	}
}

void lf_rcu_read_unlock(void)
{
	mc_point();
	if (mc.cur >= 0) {
		struct mc_thread *t = &mc.t[mc.cur];

		if (t->nesting <= 0)
			lf_rcu_misuse(__func__, "called without lf_rcu_read_lock()");
		if (--t->nesting == 0)
			t->exits++;
		mc_trace_note(mc.cur, "rcu_read_unlock", NULL);
	}
}

void lf_synchronize_rcu(void)
{
	struct mc_thread *t;

	if (mc.cur < 0)
		return;
	t = &mc.t[mc.cur];
	if (t->nesting)
		lf_rcu_misuse(__func__, "called inside lf_rcu_read_lock() (would deadlock)");
	if (t->in_callback)
		lf_rcu_misuse(__func__, "called from an lf_call_rcu() callback");
	mc_take_snapshot(t->gp_snap);
	mc_trace_note(mc.cur, "synchronize_rcu: waits for current readers", NULL);
	t->state = MC_BLOCKED_GP;
	mc_switch_to_scheduler(MC_WHY_BLOCK);
	mc_trace_note(mc.cur, "synchronize_rcu: grace period over", NULL);
}

void lf_call_rcu(struct lf_rcu_head *head, void (*func)(struct lf_rcu_head *))
{
	struct mc_cb *cb;

	mc_point();
	if (mc.cb_tail - mc.cb_head >= MC_MAX_CBS)
		lf_mc_fail(__FILE__, __LINE__, "too many pending callbacks");
	cb = &mc.cbs[mc.cb_tail % MC_MAX_CBS];
	cb->head = head;
	cb->func = func;
	mc_take_snapshot(cb->snap);
	mc.cb_tail++;
	mc_trace_note(mc.cur, "call_rcu", head);
}

void lf_rcu_barrier(void)
{
	struct mc_thread *t;

	if (mc.cur < 0) {
		/* from check(): run what is left, all readers are gone */
		while (mc.cb_head < mc.cb_tail) {
			struct mc_cb *cb = &mc.cbs[mc.cb_head++ % MC_MAX_CBS];

			cb->func(cb->head);
		}
		return;
	}
	t = &mc.t[mc.cur];
	if (t->nesting || t->in_callback)
		lf_rcu_misuse(__func__, "called inside a read-side section or a callback");
	t->barrier_target = mc.cb_tail;
	t->state = MC_BLOCKED_BARRIER;
	mc_switch_to_scheduler(MC_WHY_BLOCK);
}

/* ---- compat services under the checker (lf/compat.h, LF_MODEL_CHECK) ---- */

void lf_spin_lock_init(lf_spinlock_t *lock)
{
	*lock = 0;
}

void lf_spin_lock(lf_spinlock_t *lock)
{
	int old = 0;

	while (!__lf_cas(lock, &old, 1, __ATOMIC_ACQUIRE)) {
		old = 0;
		lf_mc_spin();
	}
}

void lf_spin_unlock(lf_spinlock_t *lock)
{
	__lf_store(lock, 0, __ATOMIC_RELEASE);
}

unsigned long lf_current_id(void)
{
	return (unsigned long)(mc.cur + 2);	/* never 0; setup/check is 1 */
}

void lf_report_misuse(const char *fn, const char *what)
{
	lf_mc_fail(__FILE__, __LINE__, "%s(): %s", fn, what);
}

/* ---- the atomics under the checker (lf/atomic-mc.h) ---------------------- */

static unsigned long mc_get(const void *p, unsigned long size)
{
	if (size == 4) {
		unsigned int v;

		memcpy(&v, p, 4);
		return v;
	}
	{
		unsigned long v;

		memcpy(&v, p, sizeof(v));
		return v;
	}
}

static void mc_put(void *p, unsigned long v, unsigned long size)
{
	if (size == 4) {
		unsigned int w = (unsigned int)v;

		memcpy(p, &w, 4);
	} else {
		memcpy(p, &v, sizeof(v));
	}
}

void lf_mc_op(int op, int mo, void *addr, unsigned long size, void *ret,
	      void *a, const void *b)
{
	struct mc_step s = { .tid = mc.cur, .op = op, .mo = mo, .addr = addr,
			     .size = size };
	unsigned long old = 0, arg = 0, res = 0, mask;

	mc_point();
	if (op != LF_MC_FENCE && mc.cur >= 0)
		mc_check_addr(addr, size);
	mask = size == 4 ? 0xfffffffful : ~0ul;
	if (op != LF_MC_FENCE)
		old = mc_get(addr, size);
	if (a && op != LF_MC_CAS)
		arg = mc_get(a, size);
	switch (op) {
	case LF_MC_LOAD:
		mc_put(ret, old, size);
		break;
	case LF_MC_STORE:
		mc_put(addr, arg, size);
		break;
	case LF_MC_XCHG:
		mc_put(addr, arg, size);
		mc_put(ret, old, size);
		break;
	case LF_MC_FETCH_ADD:
	case LF_MC_ADD_FETCH:
		res = (old + arg) & mask;
		mc_put(addr, res, size);
		mc_put(ret, op == LF_MC_ADD_FETCH ? res : old, size);
		break;
	case LF_MC_FETCH_SUB:
		mc_put(addr, (old - arg) & mask, size);
		mc_put(ret, old, size);
		break;
	case LF_MC_FETCH_OR:
		mc_put(addr, old | arg, size);
		mc_put(ret, old, size);
		break;
	case LF_MC_FETCH_AND:
		mc_put(addr, old & arg, size);
		mc_put(ret, old, size);
		break;
	case LF_MC_CAS: {
		unsigned long expected = mc_get(a, size), nv = mc_get(b, size);
		int ok = old == expected;

		if (ok)
			mc_put(addr, nv, size);
		else
			mc_put(a, old, size);
		*(int *)ret = ok;
		arg = expected;
		res = nv;
		break;
	}
	case LF_MC_FENCE:
		break;
	}
	if (op != LF_MC_LOAD && op != LF_MC_FENCE &&
	    (op != LF_MC_CAS || *(int *)ret))
		mc.write_epoch++;
	s.v0 = old;
	s.v1 = arg;
	s.v2 = res;
	if (mc.cur >= 0 && mc.ntrace < MC_MAX_TRACE)
		mc.trace[mc.ntrace++] = s;
}

/* ---- the runner ------------------------------------------------------------ */

static void mc_print_choices(FILE *f)
{
	int i;

	for (i = 0; i < mc.depth; i++)
		fprintf(f, "%s%d", i ? "." : "", mc.choice[i]);
}

static bool mc_parse_choices(const char *s)
{
	mc.replay = 0;
	while (*s) {
		char *end;
		long v = strtol(s, &end, 10);

		if (end == s || v < 0 || mc.replay >= MC_MAX_CHOICES)
			return false;
		mc.choice[mc.replay++] = (int)v;
		s = *end == '.' ? end + 1 : end;
		if (*end && *end != '.')
			return false;
	}
	return true;
}

static double mc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Explore one harness; print one KTAP result line (number @idx). A planted
 * bug passes when the checker finds it. Returns true on "ok".
 */
static bool mc_run_harness(const struct lf_mc_harness *h, int idx,
			   int bound, const char *replay, double budget_ms)
{
	unsigned long schedules = 0;
	double t0 = mc_now_ms(), elapsed;
	bool found = false, complete = true, ok;

	mc.h = h;
	/* an explicit --bound wins; else the harness's, else 2 */
	mc.bound = bound >= 0 ? bound : h->preemption_bound ? h->preemption_bound : 2;
	mc.max_steps = 20000;
	mc.replay = 0;
	if (replay && !mc_parse_choices(replay)) {
		printf("    # bad --replay string\n");
		return false;
	}
	for (;;) {
		mc_execute();
		schedules++;
		if (mc.failed) {
			found = true;
			break;
		}
		if (replay)
			break;
		if (!mc_next_schedule())
			break;
		if (mc_now_ms() - t0 > budget_ms) {
			complete = false;
			break;
		}
	}
	elapsed = mc_now_ms() - t0;
	ok = h->expect_failure ? found : !found;
	if (found && (mc.verbose || !h->expect_failure || replay)) {
		printf("    # %s: %s\n", h->name, mc.failmsg);
		printf("    # failing schedule, step by step (T<n>: harness thread, rcu: callback thread):\n");
		mc_print_trace(stdout);
		printf("    # replay with: --replay ");
		mc_print_choices(stdout);
		printf(" %s\n", h->name);
	} else if (found) {
		printf("    # %s: found as expected: %s (schedule of %lu steps, replay: ",
		       h->name, mc.failmsg, mc.ntrace);
		mc_print_choices(stdout);
		printf(")\n");
	}
	printf("    # %s: %lu schedules explored in %.0f ms, preemption bound %d%s\n",
	       h->name, schedules, elapsed, mc.bound,
	       complete ? (found ? ", stopped at the first failure" : ", search complete")
			: ", time budget exhausted (search incomplete)");
	if (!found && h->expect_failure)
		printf("    # %s: the planted bug was NOT found\n", h->name);
	printf("    %s %d %s\n", ok ? "ok" : "not ok", idx, h->name);
	fflush(stdout);
	return ok;
}

static int mc_glob(const char *p, const char *s)
{
	if (!*p)
		return !*s;
	if (*p == '*')
		return mc_glob(p + 1, s) || (*s && mc_glob(p, s + 1));
	return *s && (*p == '?' || *p == *s) && mc_glob(p + 1, s + 1);
}

int main(int argc, char **argv)
{
	const struct lf_mc_harness *const *hp;
	const char *filter = "*", *replay = NULL;
	int bound = -1, n = 0, idx = 0, failed = 0, i;
	double budget_ms = 20000;
	struct sigaction sa;
	stack_t ss;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--bound") && i + 1 < argc) {
			bound = atoi(argv[++i]);
			if (bound < 0 || bound > 10) {
				fprintf(stderr, "lfkit-mc: --bound takes 0..10\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--budget-ms") && i + 1 < argc) {
			budget_ms = atof(argv[++i]);
		} else if (!strcmp(argv[i], "--replay") && i + 1 < argc) {
			replay = argv[++i];
		} else if (!strcmp(argv[i], "-v")) {
			mc.verbose = true;
		} else if (!strcmp(argv[i], "--list")) {
			for (hp = __start_lf_mc_harnesses; hp < __stop_lf_mc_harnesses; hp++)
				printf("%s%s: %s\n", (*hp)->name,
				       (*hp)->expect_failure ? " (planted bug)" : "",
				       (*hp)->what);
			return 0;
		} else if (argv[i][0] != '-') {
			filter = argv[i];
		} else {
			fprintf(stderr,
				"usage: lfkit-mc [--bound N] [--budget-ms MS] [--replay CHOICES] [-v] [--list] [GLOB]\n");
			return 2;
		}
	}
	for (i = 0; i <= LF_MC_MAX_THREADS; i++)
		mc.t[i].stack = malloc(MC_STACK_SIZE);

	ss.ss_sp = mc_sigstack;
	ss.ss_size = sizeof(mc_sigstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = mc_crash_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	for (hp = __start_lf_mc_harnesses; hp < __stop_lf_mc_harnesses; hp++)
		n += mc_glob(filter, (*hp)->name);
	if (!n) {
		fprintf(stderr, "lfkit-mc: no harness matches '%s' (see --list)\n", filter);
		return 1;
	}
	printf("KTAP version 1\n");
	printf("1..1\n");
	printf("    KTAP version 1\n");
	printf("    # Subtest: lfkit_model_check\n");
	printf("    1..%d\n", n);
	fflush(stdout);
	for (hp = __start_lf_mc_harnesses; hp < __stop_lf_mc_harnesses; hp++) {
		if (!mc_glob(filter, (*hp)->name))
			continue;
		if (!mc_run_harness(*hp, ++idx, bound, replay, budget_ms))
			failed++;
	}
	printf("%s 1 lfkit_model_check\n", failed ? "not ok" : "ok");
	return failed ? 1 : 0;
}
