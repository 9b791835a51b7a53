// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A KUnit-compatible runner (Linux 6.1 output).
 *
 * Userspace: every case, and every parameter of a parameterised case, runs
 * in a forked child process. The child sends its diagnostics and its result
 * through a pipe; the parent prints KTAP on stdout. A child killed by a
 * signal, exiting with a non-zero status (a sanitizer report) or running
 * past the timeout is reported "not ok" with a diagnostic saying which. The
 * child's stdout is redirected to its stderr, so only the parent writes
 * KTAP to stdout: kunit.py must read stdout only.
 *
 * Kernel without CONFIG_KUNIT: as KUnit does, every case runs in its own
 * kthread and an assertion ends that kthread; the runner waits for it with
 * a timeout.
 */
#ifdef __KERNEL__
/* KTAP lines are printed exactly as given. */
#define pr_fmt(fmt) fmt
#endif

#include "lf_kunit.h"

#if LFKIT_USE_KUNIT_SHIM

#ifdef __KERNEL__

#include <linux/completion.h>
#include <linux/glob.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

/* Fixed-size so that a failure can be reported from any context. */
#define SHIM_MSG_SIZE	1024

#else /* !__KERNEL__ */

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHIM_MSG_SIZE	4096

#endif /* __KERNEL__ */

/* One test-managed allocation. */
struct kunit_shim_res {
	struct kunit_shim_res *next;
	void *ptr;
};

/* Where a case is: a failure in the exit phase must not re-run exit(). */
enum shim_phase {
	SHIM_PHASE_CASE,
	SHIM_PHASE_EXIT,
};

struct kunit_shim_state {
	struct kunit_shim_res *res;	/* newest first; under @lock */
	enum shim_phase phase;
#ifdef __KERNEL__
	spinlock_t lock;		/* guards @res */
	struct task_struct *task;	/* the case's kthread */
	struct completion done;		/* the case's kthread is finished */
	bool aborted;
#else
	pthread_mutex_t lock;		/* guards @res */
	pthread_t thread;		/* the thread that runs the case */
	jmp_buf jb;
#endif
};

static unsigned int shim_timeout_s = 120;

void kunit_shim_set_timeout(unsigned int seconds)
{
	shim_timeout_s = seconds ? seconds : 1;
}

/* ------------------------------------------------------------------ */
/* Message buffers and output                                          */
/* ------------------------------------------------------------------ */

struct shim_msg {
	size_t len;
	char s[SHIM_MSG_SIZE];
};

static KUNIT_SHIM_PRINTF(2, 0) void shim_msg_vadd(struct shim_msg *m,
						   const char *fmt, va_list ap)
{
	size_t room = sizeof(m->s) - m->len;
	int n;

	if (room <= 1)
		return;
	n = vsnprintf(m->s + m->len, room, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		m->len = sizeof(m->s) - 1;
		/* Say that the message was cut. */
		memcpy(m->s + m->len - 3, "...", 3);
	} else {
		m->len += n;
	}
}

static KUNIT_SHIM_PRINTF(2, 3) void shim_msg_add(struct shim_msg *m,
						 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shim_msg_vadd(m, fmt, ap);
	va_end(ap);
}

#ifdef __KERNEL__

/* Prints one or more complete KTAP lines. */
static KUNIT_SHIM_PRINTF(1, 2) void shim_out(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("%pV", &vaf);
	va_end(ap);
}

/* Prints @text, already split in "    # " lines, ending with '\n'. */
static void shim_out_diag(const char *text)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		pr_info("%.*s\n", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

#else /* !__KERNEL__ */

/* In a case's child process: the write end of the result pipe. */
static int shim_out_fd = -1;
static pthread_mutex_t shim_out_lock = PTHREAD_MUTEX_INITIALIZER;

static KUNIT_SHIM_PRINTF(1, 2) void shim_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static void shim_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= n;
	}
}

/* Prints @text, already split in "    # " lines, ending with '\n'. */
static void shim_out_diag(const char *text)
{
	if (shim_out_fd < 0) {
		shim_out("%s", text);
		return;
	}
	pthread_mutex_lock(&shim_out_lock);
	shim_write_all(shim_out_fd, text, strlen(text));
	pthread_mutex_unlock(&shim_out_lock);
}

#endif /* __KERNEL__ */

/*
 * Prints @body as KTAP diagnostics: every line of it gets "    # ", the first
 * one also "<name>: " when @name is not NULL.
 */
static void shim_diag(const char *name, const char *body)
{
	struct shim_msg out = { .len = 0 };
	const char *p = body, *nl;
	bool first = true;
	size_t len;

	/* A trailing newline does not make an empty diagnostic line. */
	len = strlen(body);
	while (len && body[len - 1] == '\n')
		len--;
	do {
		nl = memchr(p, '\n', len - (p - body));
		if (!nl)
			nl = body + len;
		if (first && name)
			shim_msg_add(&out, KUNIT_SUBTEST_INDENT "# %s: %.*s\n",
				     name, (int)(nl - p), p);
		else
			shim_msg_add(&out, KUNIT_SUBTEST_INDENT "# %.*s\n",
				     (int)(nl - p), p);
		first = false;
		p = nl + 1;
	} while (nl < body + len);
	if (out.len && out.s[out.len - 1] != '\n')
		out.s[out.len - 1] = '\n';
	shim_out_diag(out.s);
}

void kunit_shim_diag(const char *msg)
{
	shim_diag(NULL, msg);
}

void kunit_shim_printk(struct kunit *test, const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	va_list ap;

	va_start(ap, fmt);
	shim_msg_vadd(&m, fmt, ap);
	va_end(ap);
	shim_diag(test->name, m.s);
}

/* ------------------------------------------------------------------ */
/* Failed checks                                                       */
/* ------------------------------------------------------------------ */

static void shim_fail_prologue(struct shim_msg *m,
			       const struct kunit_shim_loc *loc,
			       enum kunit_assert_type type)
{
	shim_msg_add(m, "%s FAILED at %s:%d\n",
		     type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION",
		     loc->file, loc->line);
}

static KUNIT_SHIM_PRINTF(3, 0) void shim_fail_finish(struct kunit *test,
						      struct shim_msg *m,
						      const char *fmt,
						      va_list ap)
{
	if (fmt) {
		shim_msg_add(m, "\n");
		shim_msg_vadd(m, fmt, ap);
	}
	kunit_set_failure(test);
	shim_diag(test->name, m->s);
}

void kunit_shim_fail(struct kunit *test, const struct kunit_shim_loc *loc,
		     enum kunit_assert_type type, const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	va_list ap;

	shim_fail_prologue(&m, loc, type);
	/* KUNIT_FAIL's message replaces the description. */
	va_start(ap, fmt);
	if (fmt)
		shim_msg_vadd(&m, fmt, ap);
	kunit_set_failure(test);
	shim_diag(test->name, m.s);
	va_end(ap);
}

void kunit_shim_fail_unary(struct kunit *test,
			   const struct kunit_shim_loc *loc,
			   enum kunit_assert_type type, bool expected_true,
			   const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	va_list ap;

	shim_fail_prologue(&m, loc, type);
	shim_msg_add(&m, "Expected %s to be %s, but is %s", loc->left_text,
		     expected_true ? "true" : "false",
		     expected_true ? "false" : "true");
	va_start(ap, fmt);
	shim_fail_finish(test, &m, fmt, ap);
	va_end(ap);
}

/* Whether @text is the literal spelling of the value (KUnit omits those). */
static bool shim_is_literal(const char *text, const char *value)
{
	return strcmp(text, value) == 0;
}

static void shim_format_int(char *buf, size_t size, unsigned long long v,
			    bool is_signed)
{
	if (is_signed)
		snprintf(buf, size, "%lld", (long long)v);
	else
		snprintf(buf, size, "%llu", v);
}

void kunit_shim_fail_int(struct kunit *test, const struct kunit_shim_loc *loc,
			 enum kunit_assert_type type,
			 unsigned long long left, bool left_signed,
			 unsigned long long right, bool right_signed,
			 const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	char lbuf[24], rbuf[24];
	va_list ap;

	shim_format_int(lbuf, sizeof(lbuf), left, left_signed);
	shim_format_int(rbuf, sizeof(rbuf), right, right_signed);
	shim_fail_prologue(&m, loc, type);
	shim_msg_add(&m, "Expected %s %s %s, but", loc->left_text,
		     loc->operation, loc->right_text);
	if (!shim_is_literal(loc->left_text, lbuf))
		shim_msg_add(&m, "\n    %s == %s", loc->left_text, lbuf);
	if (!shim_is_literal(loc->right_text, rbuf))
		shim_msg_add(&m, "\n    %s == %s", loc->right_text, rbuf);
	va_start(ap, fmt);
	shim_fail_finish(test, &m, fmt, ap);
	va_end(ap);
}

#ifdef __KERNEL__
#define SHIM_PTR_FMT	"%px"
#else
#define SHIM_PTR_FMT	"%p"
#endif

void kunit_shim_fail_ptr(struct kunit *test, const struct kunit_shim_loc *loc,
			 enum kunit_assert_type type,
			 const void *left, const void *right,
			 const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	va_list ap;

	shim_fail_prologue(&m, loc, type);
	shim_msg_add(&m, "Expected %s %s %s, but\n", loc->left_text,
		     loc->operation, loc->right_text);
	shim_msg_add(&m, "    %s == " SHIM_PTR_FMT "\n", loc->left_text, left);
	shim_msg_add(&m, "    %s == " SHIM_PTR_FMT, loc->right_text, right);
	va_start(ap, fmt);
	shim_fail_finish(test, &m, fmt, ap);
	va_end(ap);
}

/* Whether @text is the string literal "value" (KUnit omits those). */
static bool shim_is_str_literal(const char *text, const char *value)
{
	size_t len = strlen(text);

	if (len < 2 || text[0] != '"' || text[len - 1] != '"')
		return false;
	return strlen(value) == len - 2 && strncmp(text + 1, value, len - 2) == 0;
}

void kunit_shim_fail_str(struct kunit *test, const struct kunit_shim_loc *loc,
			 enum kunit_assert_type type,
			 const char *left, const char *right,
			 const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	va_list ap;

	shim_fail_prologue(&m, loc, type);
	shim_msg_add(&m, "Expected %s %s %s, but", loc->left_text,
		     loc->operation, loc->right_text);
	if (!shim_is_str_literal(loc->left_text, left))
		shim_msg_add(&m, "\n    %s == \"%s\"", loc->left_text, left);
	if (!shim_is_str_literal(loc->right_text, right))
		shim_msg_add(&m, "\n    %s == \"%s\"", loc->right_text, right);
	va_start(ap, fmt);
	shim_fail_finish(test, &m, fmt, ap);
	va_end(ap);
}

void kunit_shim_fail_not_err(struct kunit *test,
			     const struct kunit_shim_loc *loc,
			     enum kunit_assert_type type, const void *ptr,
			     const char *fmt, ...)
{
	struct shim_msg m = { .len = 0 };
	va_list ap;

	shim_fail_prologue(&m, loc, type);
	if (!ptr)
		shim_msg_add(&m, "Expected %s is not null, but is",
			     loc->left_text);
	else
		shim_msg_add(&m, "Expected %s is not error, but is: %ld",
			     loc->left_text, (long)(unsigned long)ptr);
	va_start(ap, fmt);
	shim_fail_finish(test, &m, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Test-managed allocations                                            */
/* ------------------------------------------------------------------ */

#ifdef __KERNEL__

static unsigned long shim_lock(struct kunit_shim_state *st)
	__acquires(&st->lock)
{
	unsigned long flags;

	spin_lock_irqsave(&st->lock, flags);
	return flags;
}

static void shim_unlock(struct kunit_shim_state *st, unsigned long flags)
	__releases(&st->lock)
{
	spin_unlock_irqrestore(&st->lock, flags);
}

static void *shim_alloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp);
}

static void *shim_alloc_node(gfp_t gfp)
{
	return kmalloc(sizeof(struct kunit_shim_res), gfp & ~__GFP_ZERO);
}

static void shim_free(const void *p)
{
	kfree(p);
}

#else /* !__KERNEL__ */

static unsigned long shim_lock(struct kunit_shim_state *st)
{
	pthread_mutex_lock(&st->lock);
	return 0;
}

static void shim_unlock(struct kunit_shim_state *st, unsigned long flags)
{
	(void)flags;
	pthread_mutex_unlock(&st->lock);
}

/*
 * Aligned as kmalloc() aligns power-of-two sizes, up to 128 bytes, so that
 * a structure with cache-line aligned members can live in a test-managed
 * allocation (its size is a multiple of its alignment).
 */
static void *shim_alloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes, align = 16;
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	while (align < 128 && align * 2 <= bytes)
		align *= 2;
	if (posix_memalign(&p, align, bytes ? bytes : 1))
		return NULL;
	if (gfp & __GFP_ZERO)
		memset(p, 0, bytes);
	return p;
}

static void *shim_alloc_node(gfp_t gfp)
{
	(void)gfp;
	return malloc(sizeof(struct kunit_shim_res));
}

static void shim_free(const void *p)
{
	free((void *)p);
}

#endif /* __KERNEL__ */

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp)
{
	struct kunit_shim_state *st = test->shim;
	struct kunit_shim_res *res;
	unsigned long flags;
	void *p;

	res = shim_alloc_node(gfp);
	if (!res)
		return NULL;
	p = shim_alloc(n, size, gfp);
	if (!p) {
		shim_free(res);
		return NULL;
	}
	res->ptr = p;
	flags = shim_lock(st);
	res->next = st->res;
	st->res = res;
	shim_unlock(st, flags);
	return p;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	struct kunit_shim_state *st = test->shim;
	struct kunit_shim_res **pp, *res = NULL;
	unsigned long flags;

	if (!ptr)
		return;
	flags = shim_lock(st);
	for (pp = &st->res; *pp; pp = &(*pp)->next) {
		if ((*pp)->ptr == ptr) {
			res = *pp;
			*pp = res->next;
			break;
		}
	}
	shim_unlock(st, flags);
	if (!res) {
		KUNIT_FAIL(test, "%s: " SHIM_PTR_FMT
			   " already freed or not allocated by kunit", __func__, ptr);
		return;
	}
	shim_free(res->ptr);
	shim_free(res);
}

void kunit_cleanup(struct kunit *test)
{
	struct kunit_shim_state *st = test->shim;
	struct kunit_shim_res *res;
	unsigned long flags;

	for (;;) {
		flags = shim_lock(st);
		res = st->res;
		if (res)
			st->res = res->next;
		shim_unlock(st, flags);
		if (!res)
			break;
		shim_free(res->ptr);
		shim_free(res);
	}
}

/* ------------------------------------------------------------------ */
/* Filters                                                             */
/* ------------------------------------------------------------------ */

struct shim_filter {
	char *suite_glob;	/* NULL: every suite */
	char *test_glob;	/* NULL: every case */
};

#ifdef __KERNEL__
static char *shim_strndup(const char *s, size_t n)
{
	return kstrndup(s, n, GFP_KERNEL);
}

static bool shim_glob(const char *glob, const char *name)
{
	return glob_match(glob, name);
}
#else
static char *shim_strndup(const char *s, size_t n)
{
	return strndup(s, n);
}

static bool shim_glob(const char *glob, const char *name)
{
	return fnmatch(glob, name, 0) == 0;
}
#endif

static void shim_filter_free(struct shim_filter *f)
{
	shim_free(f->suite_glob);
	shim_free(f->test_glob);
}

/* Splits "suite_glob.test_glob" at the first '.', as kunit.py does. */
static int shim_filter_parse(struct shim_filter *f, const char *glob)
{
	const char *dot;

	f->suite_glob = NULL;
	f->test_glob = NULL;
	if (!glob || !*glob)
		return 0;
	dot = strchr(glob, '.');
	f->suite_glob = shim_strndup(glob, dot ? (size_t)(dot - glob) :
				     strlen(glob));
	if (dot)
		f->test_glob = shim_strndup(dot + 1, strlen(dot + 1));
	if (!f->suite_glob || (dot && !f->test_glob)) {
		shim_filter_free(f);
		return -ENOMEM;
	}
	return 0;
}

static bool shim_case_matches(const struct shim_filter *f,
			      const struct kunit_case *tc)
{
	return !f->test_glob || shim_glob(f->test_glob, tc->name);
}

/* The number of cases of @suite that @f selects. */
static int shim_suite_matches(const struct shim_filter *f,
			      struct kunit_suite *suite)
{
	struct kunit_case *tc;
	int n = 0;

	if (f->suite_glob && !shim_glob(f->suite_glob, suite->name))
		return 0;
	kunit_suite_for_each_test_case(suite, tc)
		n += shim_case_matches(f, tc);
	return n;
}

int kunit_shim_count_cases(struct kunit_suite *const *suites, int n,
			   const char *filter_glob)
{
	struct shim_filter f;
	int i, ret, count = 0;

	ret = shim_filter_parse(&f, filter_glob);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		count += shim_suite_matches(&f, suites[i]);
	shim_filter_free(&f);
	return count;
}

void kunit_shim_list_suites(struct kunit_suite *const *suites, int n,
			    const char *filter_glob)
{
	struct shim_filter f;
	struct kunit_case *tc;
	int i;

	if (shim_filter_parse(&f, filter_glob))
		return;
	for (i = 0; i < n; i++) {
		if (!shim_suite_matches(&f, suites[i]))
			continue;
		kunit_suite_for_each_test_case(suites[i], tc) {
			if (shim_case_matches(&f, tc))
				shim_out("%s.%s\n", suites[i]->name, tc->name);
		}
	}
	shim_filter_free(&f);
}

/* ------------------------------------------------------------------ */
/* Running one case (one parameter) in isolation                       */
/* ------------------------------------------------------------------ */

static void shim_init_test(struct kunit *test, struct kunit_shim_state *st,
			   const struct kunit_case *tc, const void *param,
			   int param_index)
{
	memset(test, 0, sizeof(*test));
	memset(st, 0, sizeof(*st));
	test->name = tc->name;
	test->param_value = param;
	test->param_index = param_index;
	test->status = KUNIT_SUCCESS;
	test->shim = st;
	st->phase = SHIM_PHASE_CASE;
#ifdef __KERNEL__
	spin_lock_init(&st->lock);
	init_completion(&st->done);
#else
	pthread_mutex_init(&st->lock, NULL);
	st->thread = pthread_self();
#endif
}

/* The suite's init, then the case: the part an assertion may cut short. */
static void shim_case_run(struct kunit_suite *suite, struct kunit_case *tc,
			  struct kunit *test)
{
	if (suite->init) {
		int ret = suite->init(test);

		if (ret) {
			kunit_err(test, "failed to initialize: %d\n", ret);
			kunit_set_failure(test);
			return;
		}
	}
	tc->run_case(test);
}

#ifdef __KERNEL__

struct shim_ctx {
	struct kunit test;
	struct kunit_shim_state st;
	struct kunit_suite *suite;
	struct kunit_case *tc;
};

void kunit_shim_abort(struct kunit *test)
{
	struct kunit_shim_state *st = test->shim;

	if (!st || current != st->task) {
		kunit_set_failure(test);
		shim_diag(test->name,
			  "assertion or skip outside the test's kthread: the case goes on");
		return;
	}
	st->aborted = true;
	kthread_complete_and_exit(&st->done, -EFAULT);
}

static int shim_case_thread(void *data)
{
	struct shim_ctx *ctx = data;

	shim_case_run(ctx->suite, ctx->tc, &ctx->test);
	ctx->st.phase = SHIM_PHASE_EXIT;
	if (ctx->suite->exit)
		ctx->suite->exit(&ctx->test);
	kunit_cleanup(&ctx->test);
	kthread_complete_and_exit(&ctx->st.done, 0);
}

/*
 * Runs one case (one parameter) in a kthread; its status and status comment
 * end in @res. Returns -EINTR when the runner was killed.
 */
static int shim_run_isolated(struct kunit_suite *suite, struct kunit_case *tc,
			     const void *param, int param_index,
			     struct kunit *res)
{
	struct task_struct *task;
	struct shim_ctx *ctx;
	long left;

	res->status = KUNIT_SUCCESS;
	res->status_comment[0] = '\0';
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		res->status = KUNIT_FAILURE;
		shim_diag(tc->name, "out of memory starting the case");
		return 0;
	}
	shim_init_test(&ctx->test, &ctx->st, tc, param, param_index);
	ctx->suite = suite;
	ctx->tc = tc;
	task = kthread_create(shim_case_thread, ctx, "kunit_try_catch");
	if (IS_ERR(task)) {
		res->status = KUNIT_FAILURE;
		kunit_err(&ctx->test, "could not start the case's kthread: %ld\n",
			  PTR_ERR(task));
		kfree(ctx);
		return 0;
	}
	ctx->st.task = task;
	wake_up_process(task);

	/* Killable, so that a long case does not look like a hung task. */
	left = wait_for_completion_killable_timeout(&ctx->st.done,
						    shim_timeout_s * (long)HZ);
	if (left <= 0) {
		/*
		 * The kthread still runs this module's code and uses @ctx:
		 * keep both (a reference on the module forbids unloading).
		 */
		__module_get(THIS_MODULE);
		res->status = KUNIT_FAILURE;
		if (left == 0)
			kunit_err(&ctx->test,
				  "test case timed out after %u s; its kthread is left running\n",
				  shim_timeout_s);
		else
			kunit_err(&ctx->test,
				  "interrupted; the case's kthread is left running\n");
		return left ? -EINTR : 0;
	}

	/* Aborted by an assertion or kunit_skip(): clean up as KUnit does. */
	if (ctx->st.aborted) {
		if (ctx->st.phase == SHIM_PHASE_CASE && suite->exit)
			suite->exit(&ctx->test);
		kunit_cleanup(&ctx->test);
	}
	res->status = READ_ONCE(ctx->test.status);
	strscpy(res->status_comment, ctx->test.status_comment,
		sizeof(res->status_comment));
	kfree(ctx);
	return 0;
}

static int shim_suite_init(struct kunit_suite *suite)
{
	suite->suite_init_err = 0;
	if (suite->suite_init)
		suite->suite_init_err = suite->suite_init(suite);
	if (suite->suite_init_err)
		pr_info(KUNIT_SUBTEST_INDENT "# %s: failed to initialize (%d)\n",
			suite->name, suite->suite_init_err);
	return suite->suite_init_err;
}

static void shim_suite_exit(struct kunit_suite *suite)
{
	if (suite->suite_exit)
		suite->suite_exit(suite);
}

#else /* !__KERNEL__ */

void kunit_shim_abort(struct kunit *test)
{
	struct kunit_shim_state *st = test->shim;

	if (!st || !pthread_equal(pthread_self(), st->thread)) {
		kunit_set_failure(test);
		shim_diag(test->name,
			  "assertion or skip outside the test's thread: aborting the process");
		abort();
	}
	longjmp(st->jb, 1);
}

/* The result record that ends a child's output. */
#define SHIM_RESULT_TAG		"\036R "

static const char *shim_signame(int sig)
{
	switch (sig) {
	case SIGABRT: return "SIGABRT";
	case SIGALRM: return "SIGALRM";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGHUP: return "SIGHUP";
	case SIGILL: return "SIGILL";
	case SIGINT: return "SIGINT";
	case SIGKILL: return "SIGKILL";
	case SIGPIPE: return "SIGPIPE";
	case SIGQUIT: return "SIGQUIT";
	case SIGSEGV: return "SIGSEGV";
	case SIGSYS: return "SIGSYS";
	case SIGTERM: return "SIGTERM";
	case SIGTRAP: return "SIGTRAP";
	case SIGUSR1: return "SIGUSR1";
	case SIGUSR2: return "SIGUSR2";
	case SIGXCPU: return "SIGXCPU";
	case SIGXFSZ: return "SIGXFSZ";
	default: return "unknown signal";
	}
}

/* Names the usual culprit of a child's non-zero exit status. */
static const char *shim_exit_hint(int status)
{
	switch (status) {
	case 66:
		return " (ThreadSanitizer's exit status: its report is on stderr)";
	case 23:
		return " (LeakSanitizer's exit status: its report is on stderr)";
	case 1:
		return " (AddressSanitizer/UBSan exit with 1: any report is on stderr)";
	default:
		return " (see stderr)";
	}
}

/* The child: runs the case and reports through @fd; never returns. */
static void __attribute__((__noreturn__))
shim_child(int fd, struct kunit_suite *suite, struct kunit_case *tc,
	   const void *param, int param_index)
{
	/* Static: longjmp() must find them as the case left them. */
	static struct kunit_shim_state st;
	static struct kunit test;
	static char rec[KUNIT_STATUS_COMMENT_SIZE + 32];
	char *p;
	int err;

	/* Only the parent writes KTAP to stdout. */
	dup2(STDERR_FILENO, STDOUT_FILENO);
	shim_out_fd = fd;

	shim_init_test(&test, &st, tc, param, param_index);
	if (suite->suite_init) {
		err = suite->suite_init(suite);
		if (err) {
			struct shim_msg m = { .len = 0 };

			shim_msg_add(&m, "failed to initialize (%d)", err);
			shim_diag(suite->name, m.s);
			kunit_set_failure(&test);
			goto report;
		}
	}
	if (setjmp(st.jb) == 0)
		shim_case_run(suite, tc, &test);
	st.phase = SHIM_PHASE_EXIT;
	if (setjmp(st.jb) == 0 && suite->exit)
		suite->exit(&test);
	kunit_cleanup(&test);
	if (suite->suite_exit)
		suite->suite_exit(suite);

report:
	snprintf(rec, sizeof(rec), SHIM_RESULT_TAG "%d %s\n",
		 (int)__atomic_load_n(&test.status, __ATOMIC_RELAXED),
		 test.status_comment);
	/* The comment is one line. */
	for (p = rec + sizeof(SHIM_RESULT_TAG) - 1; *p && p[1]; p++)
		if (*p == '\n')
			*p = ' ';
	shim_out_diag(rec);
	pthread_mutex_destroy(&st.lock);
	/* exit(), not _exit(): sanitizers report leaks and races at exit. */
	fflush(NULL);
	exit(0);
}

struct shim_collect {
	char buf[SHIM_MSG_SIZE];
	size_t len;
	bool have_result;
	int status;
	char comment[KUNIT_STATUS_COMMENT_SIZE];
};

/* Handles one complete line of a child's output. */
static void shim_child_line(struct shim_collect *c, char *line)
{
	size_t tag = sizeof(SHIM_RESULT_TAG) - 1;
	const char *p;

	if (!strncmp(line, SHIM_RESULT_TAG, tag)) {
		c->status = (int)strtol(line + tag, NULL, 10);
		p = strchr(line + tag, ' ');
		snprintf(c->comment, sizeof(c->comment), "%s", p ? p + 1 : "");
		c->have_result = true;
		return;
	}
	/* Whatever a child says is a diagnostic, never a result line. */
	p = line;
	while (*p == ' ')
		p++;
	if (*p == '#')
		shim_out("%s\n", line);
	else
		shim_out(KUNIT_SUBTEST_INDENT "# %s\n", line);
}

static void shim_child_data(struct shim_collect *c, const char *data,
			    size_t n, bool flush)
{
	char *nl;

	while (n || flush) {
		size_t take = sizeof(c->buf) - 1 - c->len;

		if (take > n)
			take = n;
		memcpy(c->buf + c->len, data, take);
		c->len += take;
		c->buf[c->len] = '\0';
		data += take;
		n -= take;
		while ((nl = strchr(c->buf, '\n'))) {
			*nl = '\0';
			shim_child_line(c, c->buf);
			c->len -= nl + 1 - c->buf;
			memmove(c->buf, nl + 1, c->len + 1);
		}
		/* A line longer than the buffer, or the end: print as is. */
		if (c->len == sizeof(c->buf) - 1 || (!n && flush && c->len)) {
			shim_child_line(c, c->buf);
			c->len = 0;
			c->buf[0] = '\0';
		}
		if (!n)
			break;
	}
}

static unsigned long long shim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* Reads whatever the child has written, without blocking. */
static bool shim_drain(int fd, struct shim_collect *c)
{
	char data[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, data, sizeof(data));
		if (n > 0) {
			shim_child_data(c, data, n, false);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n == 0;	/* true at end of file */
	}
}

/*
 * Collects a child's output until it exits, or kills it at the deadline.
 * Returns the case status.
 */
static int shim_collect_child(pid_t pid, int fd, const char *name,
			      struct kunit *res)
{
	unsigned long long deadline = shim_now_ms() + shim_timeout_s * 1000ull;
	struct shim_collect *c;
	struct shim_msg m = { .len = 0 };
	bool eof = false, timed_out = false;
	int wstatus = 0;
	pid_t w;

	c = calloc(1, sizeof(*c));
	if (!c) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		shim_diag(name, "out of memory collecting the case's result");
		return KUNIT_FAILURE;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	for (;;) {
		unsigned long long now = shim_now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int wait_ms = 100;

		if (now >= deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
				;
			timed_out = true;
			break;
		}
		if (deadline - now < (unsigned long long)wait_ms)
			wait_ms = deadline - now;
		if (!eof) {
			if (poll(&pfd, 1, wait_ms) > 0)
				eof = shim_drain(fd, c);
		} else {
			/* The pipe is closed: the child is exiting. */
			struct timespec ts = { 0, 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
		w = waitpid(pid, &wstatus, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			shim_diag(name, "lost the case's process");
			wstatus = 0;
			break;
		}
	}
	/* What the child wrote before it ended. */
	if (!eof)
		shim_drain(fd, c);
	shim_child_data(c, "", 0, true);

	res->status = KUNIT_FAILURE;
	if (timed_out) {
		shim_msg_add(&m, "test case timed out after %u s: killed",
			     shim_timeout_s);
	} else if (WIFSIGNALED(wstatus)) {
		shim_msg_add(&m, "test case crashed: killed by signal %d (%s)%s",
			     WTERMSIG(wstatus), shim_signame(WTERMSIG(wstatus)),
			     WCOREDUMP(wstatus) ? ", core dumped" : "");
	} else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus)) {
		shim_msg_add(&m, "test process exited with status %d%s%s",
			     WEXITSTATUS(wstatus),
			     c->have_result ? " after the case ended" : "",
			     shim_exit_hint(WEXITSTATUS(wstatus)));
	} else if (!c->have_result) {
		shim_msg_add(&m, "test process exited without reporting a result");
	} else if (c->status != KUNIT_SUCCESS && c->status != KUNIT_SKIPPED &&
		   c->status != KUNIT_FAILURE) {
		shim_msg_add(&m, "test process reported a bad status %d",
			     c->status);
	} else {
		res->status = c->status;
		snprintf(res->status_comment, sizeof(res->status_comment),
			 "%s", c->comment);
	}
	if (m.len)
		shim_diag(name, m.s);
	free(c);
	return res->status;
}

/*
 * Runs one case (one parameter) in a child process; its status and status
 * comment end in @res.
 */
static int shim_run_isolated(struct kunit_suite *suite, struct kunit_case *tc,
			     const void *param, int param_index,
			     struct kunit *res)
{
	int pfd[2];
	pid_t pid;

	res->status = KUNIT_FAILURE;
	res->status_comment[0] = '\0';
	if (pipe(pfd)) {
		shim_diag(tc->name, "pipe() failed: cannot run the case");
		return 0;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		shim_diag(tc->name, "fork() failed: cannot run the case");
		return 0;
	}
	if (pid == 0) {
		close(pfd[0]);
		shim_child(pfd[1], suite, tc, param, param_index);
	}
	close(pfd[1]);
	shim_collect_child(pid, pfd[0], tc->name, res);
	close(pfd[0]);
	return 0;
}

/* Userspace runs suite_init()/suite_exit() in each case's process. */
static int shim_suite_init(struct kunit_suite *suite)
{
	suite->suite_init_err = 0;
	return 0;
}

static void shim_suite_exit(struct kunit_suite *suite)
{
	(void)suite;
}

#endif /* __KERNEL__ */

/* ------------------------------------------------------------------ */
/* Suites                                                              */
/* ------------------------------------------------------------------ */

struct shim_stats {
	unsigned long passed;
	unsigned long skipped;
	unsigned long failed;
	unsigned long total;
};

static void shim_stats_add(struct shim_stats *s, enum kunit_status status)
{
	switch (status) {
	case KUNIT_SUCCESS:
		s->passed++;
		break;
	case KUNIT_SKIPPED:
		s->skipped++;
		break;
	case KUNIT_FAILURE:
		s->failed++;
		break;
	}
	s->total++;
}

static const char *shim_ok(enum kunit_status status)
{
	return status == KUNIT_FAILURE ? "not ok" : "ok";
}

/* Case status from its parameters' statuses, as KUnit merges them. */
static void shim_merge_status(struct kunit_case *tc, enum kunit_status status)
{
	if (status == KUNIT_FAILURE)
		tc->status = KUNIT_FAILURE;
	else if (tc->status != KUNIT_FAILURE && status == KUNIT_SUCCESS)
		tc->status = KUNIT_SUCCESS;
}

/*
 * Runs the cases of @suite selected by @f, as suite number @number. Returns
 * the number of failed cases, or -EINTR.
 */
static int shim_run_suite(struct kunit_suite *suite, int number,
			  const struct shim_filter *f)
{
	struct shim_stats suite_stats = { 0 }, total_stats = { 0 };
	char param_desc[KUNIT_PARAM_DESC_SIZE];
	enum kunit_status suite_status = KUNIT_SKIPPED;
	struct kunit_case *tc;
	struct kunit res;
	int failed = 0, num = 0, err = 0;

	suite->status_comment[0] = '\0';
	if (shim_suite_init(suite)) {
		suite_status = KUNIT_FAILURE;
		failed = 1;
		goto suite_end;
	}

	shim_out(KUNIT_SUBTEST_INDENT "KTAP version 1\n");
	shim_out(KUNIT_SUBTEST_INDENT "# Subtest: %s\n", suite->name);
	shim_out(KUNIT_SUBTEST_INDENT "1..%d\n", shim_suite_matches(f, suite));

	kunit_suite_for_each_test_case(suite, tc) {
		struct shim_stats param_stats = { 0 };

		if (!shim_case_matches(f, tc))
			continue;
		num++;
		tc->status = KUNIT_SKIPPED;
		memset(&res, 0, sizeof(res));
		res.status = KUNIT_SUCCESS;

		if (!tc->generate_params) {
			err = shim_run_isolated(suite, tc, NULL, 0, &res);
			shim_merge_status(tc, res.status);
			shim_stats_add(&param_stats, res.status);
		} else {
			const void *param;
			int idx = 0;

			param_desc[0] = '\0';
			param = tc->generate_params(NULL, param_desc);
			shim_out(KUNIT_SUBTEST_INDENT KUNIT_SUBTEST_INDENT
				 "KTAP version 1\n");
			shim_out(KUNIT_SUBTEST_INDENT KUNIT_SUBTEST_INDENT
				 "# Subtest: %s\n", tc->name);
			while (param && !err) {
				err = shim_run_isolated(suite, tc, param, idx,
							&res);
				shim_merge_status(tc, res.status);
				if (param_desc[0] == '\0')
					snprintf(param_desc, sizeof(param_desc),
						 "param-%d", idx);
				shim_out(KUNIT_SUBTEST_INDENT KUNIT_SUBTEST_INDENT
					 "%s %d %s\n", shim_ok(res.status),
					 idx + 1, param_desc);
				shim_stats_add(&param_stats, res.status);
				param_desc[0] = '\0';
				param = tc->generate_params(param, param_desc);
				idx++;
			}
		}

		if (param_stats.total > 1)
			shim_out(KUNIT_SUBTEST_INDENT
				 "# %s: pass:%lu fail:%lu skip:%lu total:%lu\n",
				 tc->name, param_stats.passed,
				 param_stats.failed, param_stats.skipped,
				 param_stats.total);
		shim_out(KUNIT_SUBTEST_INDENT "%s %d %s%s%s\n",
			 shim_ok(tc->status), num, tc->name,
			 tc->status == KUNIT_SKIPPED ? " # SKIP " : "",
			 tc->status == KUNIT_SKIPPED ? res.status_comment : "");

		shim_stats_add(&suite_stats, tc->status);
		total_stats.passed += param_stats.passed;
		total_stats.skipped += param_stats.skipped;
		total_stats.failed += param_stats.failed;
		total_stats.total += param_stats.total;
		if (tc->status == KUNIT_FAILURE) {
			suite_status = KUNIT_FAILURE;
			failed++;
		} else if (tc->status == KUNIT_SUCCESS &&
			   suite_status != KUNIT_FAILURE) {
			suite_status = KUNIT_SUCCESS;
		}
		if (err)
			break;
	}

	shim_suite_exit(suite);
	if (suite_stats.total > 1)
		shim_out("# %s: pass:%lu fail:%lu skip:%lu total:%lu\n",
			 suite->name, suite_stats.passed, suite_stats.failed,
			 suite_stats.skipped, suite_stats.total);
	if (total_stats.total > 1)
		shim_out("# Totals: pass:%lu fail:%lu skip:%lu total:%lu\n",
			 total_stats.passed, total_stats.failed,
			 total_stats.skipped, total_stats.total);
suite_end:
	shim_out("%s %d %s%s%s\n", shim_ok(suite_status), number, suite->name,
		 suite_status == KUNIT_SKIPPED ? " # SKIP " : "",
		 suite_status == KUNIT_SKIPPED ? suite->status_comment : "");
	return err ? err : failed;
}

int kunit_shim_run_suites(struct kunit_suite *const *suites, int n,
			  const char *filter_glob)
{
	struct shim_filter f;
	int i, ret, nr_suites = 0, number = 0, failed = 0;

	ret = shim_filter_parse(&f, filter_glob);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		nr_suites += shim_suite_matches(&f, suites[i]) > 0;

	shim_out("KTAP version 1\n");
	shim_out("1..%d\n", nr_suites);
	for (i = 0; i < n; i++) {
		if (!shim_suite_matches(&f, suites[i]))
			continue;
		ret = shim_run_suite(suites[i], ++number, &f);
		if (ret < 0) {
			failed = ret;
			break;
		}
		failed += ret;
	}
	shim_filter_free(&f);
	return failed;
}

#endif /* LFKIT_USE_KUNIT_SHIM */
