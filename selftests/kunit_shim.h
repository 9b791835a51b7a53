/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The subset of the KUnit API (Linux 6.1) that
 * lfkit's selftests use, for userspace and for kernels built without
 * CONFIG_KUNIT (a stock distribution kernel).
 *
 * Test files do not include this header directly: they include lf_kunit.h,
 * which picks the real <kunit/test.h> when the kernel has KUnit.
 *
 * Names and semantics are KUnit's: struct kunit, struct kunit_case,
 * struct kunit_suite, KUNIT_CASE(), KUNIT_CASE_PARAM(), KUNIT_ARRAY_PARAM(),
 * the KUNIT_EXPECT_*() and KUNIT_ASSERT_*() families (each with a _MSG
 * variant), KUNIT_FAIL(), KUNIT_SUCCEED(), kunit_skip(),
 * kunit_mark_skipped(), kunit_info()/kunit_warn()/kunit_err() and the
 * test-managed allocations kunit_kmalloc() and friends. Operands of the
 * comparison macros are evaluated exactly once.
 *
 * Differences a test author may notice:
 *
 *  - Integer comparisons print unsigned operands as unsigned long long
 *    (KUnit prints every operand as long long).
 *  - Userspace: every case (every parameter of a parameterised case) runs
 *    in its own forked process, so suite_init()/suite_exit() run in that
 *    process around the case, and nothing a case does survives it. An
 *    assertion or kunit_skip() aborts the case with longjmp(), so it must be
 *    called from the thread that runs the case (elsewhere it aborts the
 *    process, which reports the case as failed).
 *  - Kernel shim: each case runs in its own kthread, as with KUnit; an
 *    assertion ends that kthread. An assertion that fails in another thread
 *    marks the case failed and returns.
 *
 * Output is KTAP version 1 as printed by Linux 6.1's KUnit, so that
 * tools/testing/kunit/kunit.py parse reads it. In userspace KTAP goes to
 * stdout and everything else (sanitizer reports, a test's own printf) to
 * stderr.
 */
#ifndef _LFKIT_KUNIT_SHIM_H
#define _LFKIT_KUNIT_SHIM_H

#ifdef __KERNEL__

#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

#define KUNIT_SHIM_PRINTF(a, b)		__printf(a, b)
/* Returns when called outside the case's kthread (see above). */
#define KUNIT_SHIM_NORETURN
#define KUNIT_SHIM_IS_ERR_OR_NULL(p)	IS_ERR_OR_NULL(p)
#define kunit_shim_write_once(x, v)	WRITE_ONCE(x, v)

/* Comparisons are done in the operands' own types, as KUnit does. */
#define KUNIT_SHIM_CMP(expr)		(expr)

#else /* !__KERNEL__ */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define KUNIT_SHIM_PRINTF(a, b)		__attribute__((__format__(__printf__, a, b)))
#define KUNIT_SHIM_NORETURN		__attribute__((__noreturn__))
#define KUNIT_SHIM_IS_ERR_OR_NULL(p)					\
	(!(p) || (unsigned long)(const void *)(p) >= (unsigned long)-4095)
#define kunit_shim_write_once(x, v)					\
	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/*
 * Comparisons are done in the operands' own types, as KUnit does (so
 * -1 == UINT_MAX holds, as in the kernel). The kernel does not build with
 * -Wsign-compare; userspace does (-Wextra), and a test comparing an
 * unsigned result with a plain constant must not warn.
 */
#define KUNIT_SHIM_CMP(expr) ({						\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wsign-compare\"")		\
	_Pragma("GCC diagnostic ignored \"-Wtype-limits\"")		\
	bool __kunit_cmp = (expr);					\
	_Pragma("GCC diagnostic pop")					\
	__kunit_cmp;							\
})

#ifndef GFP_KERNEL
typedef unsigned int gfp_t;
#define GFP_KERNEL	0x0cc0u
#define GFP_ATOMIC	0x0a20u
#define GFP_NOWAIT	0x0800u
#define __GFP_NOWARN	0x2000u
#define __GFP_ZERO	0x0100u
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#endif /* __KERNEL__ */

#ifdef __cplusplus
extern "C" {
#endif

struct kunit;
struct kunit_shim_state;

/* Size of a parameter description (KUnit's value). */
#define KUNIT_PARAM_DESC_SIZE		128
/* Maximum size of a status comment (a skip reason). */
#define KUNIT_STATUS_COMMENT_SIZE	256
/* KTAP subtest indentation. */
#define KUNIT_SUBTEST_INDENT		"    "
#define KUNIT_SUBSUBTEST_INDENT		"        "

/**
 * enum kunit_status - result of a test case, a parameter run or a suite
 * @KUNIT_SUCCESS: no failed expectation and not skipped
 * @KUNIT_FAILURE: an expectation or assertion failed, or the case crashed
 * @KUNIT_SKIPPED: kunit_skip() or kunit_mark_skipped() was called
 */
enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

/* Whether a failed check aborts the case (assertion) or not (expectation). */
enum kunit_assert_type {
	KUNIT_ASSERTION,
	KUNIT_EXPECTATION,
};

/**
 * struct kunit_case - one test case
 * @run_case: the test function
 * @name: its name, as printed in the KTAP result line
 * @generate_params: parameter generator for parameterised cases, or NULL.
 *	Called with NULL for the first parameter, then with the previous one;
 *	returns NULL when done. It may write a description of the parameter
 *	(at most KUNIT_PARAM_DESC_SIZE bytes) into @desc.
 *
 * Arrays of cases end with an empty element ({}).
 */
struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);

	/* private: internal use only. */
	enum kunit_status status;
	char *log;
};

/**
 * struct kunit_suite - a named collection of test cases
 * @name: suite name (lfkit_<structure>)
 * @suite_init: called before the suite's cases (userspace: before each case,
 *	in the case's process); a non-zero return fails the suite
 * @suite_exit: called after the suite's cases (userspace: after each case)
 * @init: called before every case; a non-zero return fails the case
 * @exit: called after every case, also after an aborted one
 * @test_cases: the cases, ending with an empty element
 */
struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;

	/* private: internal use only. */
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	char *log;
	int suite_init_err;
};

/**
 * struct kunit - a running test case
 * @priv: for the test's own use (typically set by the suite's init)
 *
 * The other fields are private; tests read @param_value through
 * test->param_value, as with KUnit.
 */
struct kunit {
	void *priv;

	/* private: internal use only. */
	const char *name;
	char *log;
	const void *param_value;
	int param_index;
	enum kunit_status status;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	struct kunit_shim_state *shim;
};

#define KUNIT_CASE(test_name) { .run_case = test_name, .name = #test_name }

#define KUNIT_CASE_PARAM(test_name, gen_params)			\
		{ .run_case = test_name, .name = #test_name,		\
		  .generate_params = gen_params }

#define kunit_suite_for_each_test_case(suite, test_case)		\
	for (test_case = (suite)->test_cases; test_case->run_case; test_case++)

/**
 * KUNIT_ARRAY_PARAM() - define a parameter generator over an array
 * @name: prefix: the generator is @name_gen_params
 * @array: the parameters
 * @get_desc: void (*)(typeof(&array[0]), char *desc) or NULL
 */
#define KUNIT_ARRAY_PARAM(name, array, get_desc)				\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		typeof(&(array)[0]) __next = prev ?				\
			((typeof(__next))prev) + 1 : (array);			\
		if ((size_t)(__next - (array)) < ARRAY_SIZE((array))) {	\
			void (*__get_desc)(typeof(__next), char *) = get_desc;	\
			if (__get_desc)						\
				__get_desc(__next, desc);			\
			return __next;						\
		}								\
		return NULL;							\
	}

static inline void kunit_set_failure(struct kunit *test)
{
	kunit_shim_write_once(test->status, KUNIT_FAILURE);
}

/* Test-managed allocations: freed when the case ends, also when aborted. */
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);

static inline void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, 1, size, gfp);
}

static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}

static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size,
				  gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}

/* Frees every test-managed allocation of @test, newest first. */
void kunit_cleanup(struct kunit *test);

/*
 * Prints "    # <test name>: <message>" as KTAP diagnostic lines (every line
 * of a multi-line message gets its own "# ").
 */
void kunit_shim_printk(struct kunit *test, const char *fmt, ...)
	KUNIT_SHIM_PRINTF(2, 3);

#define kunit_info(test, fmt, ...)	kunit_shim_printk(test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	kunit_shim_printk(test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	kunit_shim_printk(test, fmt, ##__VA_ARGS__)

/* Ends the running case now (an assertion failed or the case was skipped). */
void kunit_shim_abort(struct kunit *test) KUNIT_SHIM_NORETURN;

/**
 * kunit_mark_skipped() - mark the case skipped, with a reason; it goes on
 * @test: the test context
 * @fmt: printf-style reason, printed after "# SKIP"
 */
#define kunit_mark_skipped(test, fmt, ...)				\
	do {								\
		kunit_shim_write_once((test)->status, KUNIT_SKIPPED);	\
		snprintf((test)->status_comment,			\
			 KUNIT_STATUS_COMMENT_SIZE,			\
			 fmt, ##__VA_ARGS__);				\
	} while (0)

/**
 * kunit_skip() - mark the case skipped, with a reason, and end it
 * @test: the test context
 * @fmt: printf-style reason, printed after "# SKIP"
 */
#define kunit_skip(test, fmt, ...)					\
	do {								\
		kunit_mark_skipped((test), fmt, ##__VA_ARGS__);		\
		kunit_shim_abort(test);					\
	} while (0)

/* The text of a failed check, one static instance per call site. */
struct kunit_shim_loc {
	const char *file;
	int line;
	const char *operation;	/* "==", "!=", ...; NULL for unary checks */
	const char *left_text;	/* the expression, for unary checks */
	const char *right_text;
};

#define KUNIT_SHIM_LOC(op, l, r)					\
	static const struct kunit_shim_loc __kunit_loc = {		\
		.file = __FILE__, .line = __LINE__,			\
		.operation = op, .left_text = l, .right_text = r,	\
	}

/*
 * Report a failed check. @fmt may be NULL (no user message). The caller
 * then calls kunit_shim_abort() for an assertion.
 */
void kunit_shim_fail(struct kunit *test, const struct kunit_shim_loc *loc,
		     enum kunit_assert_type type, const char *fmt, ...)
	KUNIT_SHIM_PRINTF(4, 5);
void kunit_shim_fail_unary(struct kunit *test,
			   const struct kunit_shim_loc *loc,
			   enum kunit_assert_type type, bool expected_true,
			   const char *fmt, ...) KUNIT_SHIM_PRINTF(5, 6);
void kunit_shim_fail_int(struct kunit *test, const struct kunit_shim_loc *loc,
			 enum kunit_assert_type type,
			 unsigned long long left, bool left_signed,
			 unsigned long long right, bool right_signed,
			 const char *fmt, ...) KUNIT_SHIM_PRINTF(8, 9);
void kunit_shim_fail_ptr(struct kunit *test, const struct kunit_shim_loc *loc,
			 enum kunit_assert_type type,
			 const void *left, const void *right,
			 const char *fmt, ...) KUNIT_SHIM_PRINTF(6, 7);
void kunit_shim_fail_str(struct kunit *test, const struct kunit_shim_loc *loc,
			 enum kunit_assert_type type,
			 const char *left, const char *right,
			 const char *fmt, ...) KUNIT_SHIM_PRINTF(6, 7);
void kunit_shim_fail_not_err(struct kunit *test,
			     const struct kunit_shim_loc *loc,
			     enum kunit_assert_type type, const void *ptr,
			     const char *fmt, ...) KUNIT_SHIM_PRINTF(5, 6);

#define __KUNIT_SHIM_END(test, assert_type)				\
	do {								\
		if ((assert_type) == KUNIT_ASSERTION)			\
			kunit_shim_abort(test);				\
	} while (0)

/* True when an integer expression has a signed type. */
#define KUNIT_SHIM_IS_SIGNED(x)	((typeof(x))-1 < (typeof(x))1)

#define KUNIT_FAIL_ASSERTION(test, assert_type, fmt, ...)		\
	do {								\
		KUNIT_SHIM_LOC(NULL, NULL, NULL);			\
		kunit_shim_fail(test, &__kunit_loc, assert_type,	\
				fmt, ##__VA_ARGS__);			\
		__KUNIT_SHIM_END(test, assert_type);			\
	} while (0)

#define KUNIT_UNARY_ASSERTION(test, assert_type, condition, expected_true, \
			      fmt, ...)					\
	do {								\
		if (likely(!!(condition) == !!(expected_true)))		\
			break;						\
		{							\
			KUNIT_SHIM_LOC(NULL, #condition, NULL);		\
			kunit_shim_fail_unary(test, &__kunit_loc,	\
					      assert_type,		\
					      expected_true,		\
					      fmt, ##__VA_ARGS__);	\
		}							\
		__KUNIT_SHIM_END(test, assert_type);			\
	} while (0)

#define KUNIT_BINARY_INT_ASSERTION(test, assert_type, left, op, right,	\
				   fmt, ...)				\
	do {								\
		const typeof(left) __left = (left);			\
		const typeof(right) __right = (right);			\
		if (likely(KUNIT_SHIM_CMP(__left op __right)))		\
			break;						\
		{							\
			KUNIT_SHIM_LOC(#op, #left, #right);		\
			kunit_shim_fail_int(test, &__kunit_loc,		\
				assert_type,				\
				(unsigned long long)__left,		\
				KUNIT_SHIM_IS_SIGNED(__left),		\
				(unsigned long long)__right,		\
				KUNIT_SHIM_IS_SIGNED(__right),		\
				fmt, ##__VA_ARGS__);			\
		}							\
		__KUNIT_SHIM_END(test, assert_type);			\
	} while (0)

#define KUNIT_BINARY_PTR_ASSERTION(test, assert_type, left, op, right,	\
				   fmt, ...)				\
	do {								\
		const typeof(left) __left = (left);			\
		const typeof(right) __right = (right);			\
		if (likely(__left op __right))				\
			break;						\
		{							\
			KUNIT_SHIM_LOC(#op, #left, #right);		\
			kunit_shim_fail_ptr(test, &__kunit_loc,		\
					    assert_type,		\
					    (const void *)__left,	\
					    (const void *)__right,	\
					    fmt, ##__VA_ARGS__);	\
		}							\
		__KUNIT_SHIM_END(test, assert_type);			\
	} while (0)

#define KUNIT_BINARY_STR_ASSERTION(test, assert_type, left, op, right,	\
				   fmt, ...)				\
	do {								\
		const char *__left = (left);				\
		const char *__right = (right);				\
		if (likely(strcmp(__left, __right) op 0))		\
			break;						\
		{							\
			KUNIT_SHIM_LOC(#op, #left, #right);		\
			kunit_shim_fail_str(test, &__kunit_loc,		\
					    assert_type,		\
					    __left, __right,		\
					    fmt, ##__VA_ARGS__);	\
		}							\
		__KUNIT_SHIM_END(test, assert_type);			\
	} while (0)

#define KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, assert_type, ptr,	\
						fmt, ...)		\
	do {								\
		const typeof(ptr) __ptr = (ptr);			\
		if (!KUNIT_SHIM_IS_ERR_OR_NULL(__ptr))			\
			break;						\
		{							\
			KUNIT_SHIM_LOC(NULL, #ptr, NULL);		\
			kunit_shim_fail_not_err(test, &__kunit_loc,	\
						assert_type,		\
						(const void *)__ptr,	\
						fmt, ##__VA_ARGS__);	\
		}							\
		__KUNIT_SHIM_END(test, assert_type);			\
	} while (0)

/**
 * KUNIT_SUCCEED() - an expectation that cannot fail (for clarity only)
 * @test: the test context
 */
#define KUNIT_SUCCEED(test) do { } while (0)

/**
 * KUNIT_FAIL() - an expectation that always fails
 * @test: the test context
 * @fmt: printf-style message
 */
#define KUNIT_FAIL(test, fmt, ...)					\
	KUNIT_FAIL_ASSERTION(test, KUNIT_EXPECTATION, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_FAILURE(test, fmt, ...)				\
	KUNIT_FAIL_ASSERTION(test, KUNIT_ASSERTION, fmt, ##__VA_ARGS__)

/* The EXPECT (goes on) and ASSERT (ends the case) families. */
#define KUNIT_EXPECT_TRUE(test, condition)				\
	KUNIT_EXPECT_TRUE_MSG(test, condition, NULL)
#define KUNIT_EXPECT_TRUE_MSG(test, condition, fmt, ...)		\
	KUNIT_UNARY_ASSERTION(test, KUNIT_EXPECTATION, condition, true,	\
			      fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE(test, condition)				\
	KUNIT_EXPECT_FALSE_MSG(test, condition, NULL)
#define KUNIT_EXPECT_FALSE_MSG(test, condition, fmt, ...)		\
	KUNIT_UNARY_ASSERTION(test, KUNIT_EXPECTATION, condition, false, \
			      fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_EQ(test, left, right)				\
	KUNIT_EXPECT_EQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE(test, left, right)				\
	KUNIT_EXPECT_NE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT(test, left, right)				\
	KUNIT_EXPECT_LT_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_LT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, <, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE(test, left, right)				\
	KUNIT_EXPECT_LE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_LE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, <=, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT(test, left, right)				\
	KUNIT_EXPECT_GT_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_GT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, >, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE(test, left, right)				\
	KUNIT_EXPECT_GE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_GE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_EXPECTATION, left, >=, right, \
				   fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_PTR_EQ(test, left, right)				\
	KUNIT_EXPECT_PTR_EQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_PTR_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE(test, left, right)				\
	KUNIT_EXPECT_PTR_NE_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_PTR_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL(test, ptr)					\
	KUNIT_EXPECT_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, ptr, ==, NULL, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL(test, ptr)				\
	KUNIT_EXPECT_NOT_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NOT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_EXPECTATION, ptr, !=, NULL, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(test, ptr)				\
	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, ptr, NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, ptr, fmt, ...)		\
	KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, KUNIT_EXPECTATION, \
						ptr, fmt, ##__VA_ARGS__)

#define KUNIT_EXPECT_STREQ(test, left, right)				\
	KUNIT_EXPECT_STREQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_STREQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_EXPECTATION, left, ==, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ(test, left, right)				\
	KUNIT_EXPECT_STRNEQ_MSG(test, left, right, NULL)
#define KUNIT_EXPECT_STRNEQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_EXPECTATION, left, !=, right, \
				   fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_TRUE(test, condition)				\
	KUNIT_ASSERT_TRUE_MSG(test, condition, NULL)
#define KUNIT_ASSERT_TRUE_MSG(test, condition, fmt, ...)		\
	KUNIT_UNARY_ASSERTION(test, KUNIT_ASSERTION, condition, true,	\
			      fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE(test, condition)				\
	KUNIT_ASSERT_FALSE_MSG(test, condition, NULL)
#define KUNIT_ASSERT_FALSE_MSG(test, condition, fmt, ...)		\
	KUNIT_UNARY_ASSERTION(test, KUNIT_ASSERTION, condition, false,	\
			      fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_EQ(test, left, right)				\
	KUNIT_ASSERT_EQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE(test, left, right)				\
	KUNIT_ASSERT_NE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT(test, left, right)				\
	KUNIT_ASSERT_LT_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_LT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, <, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE(test, left, right)				\
	KUNIT_ASSERT_LE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_LE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, <=, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT(test, left, right)				\
	KUNIT_ASSERT_GT_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_GT_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, >, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE(test, left, right)				\
	KUNIT_ASSERT_GE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_GE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_INT_ASSERTION(test, KUNIT_ASSERTION, left, >=, right, \
				   fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_PTR_EQ(test, left, right)				\
	KUNIT_ASSERT_PTR_EQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_PTR_EQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE(test, left, right)				\
	KUNIT_ASSERT_PTR_NE_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_PTR_NE_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NULL(test, ptr)					\
	KUNIT_ASSERT_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, ptr, ==, NULL, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL(test, ptr)				\
	KUNIT_ASSERT_NOT_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NOT_NULL_MSG(test, ptr, fmt, ...)			\
	KUNIT_BINARY_PTR_ASSERTION(test, KUNIT_ASSERTION, ptr, !=, NULL, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ptr)				\
	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ptr, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, ptr, fmt, ...)		\
	KUNIT_PTR_NOT_ERR_OR_NULL_MSG_ASSERTION(test, KUNIT_ASSERTION,	\
						ptr, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_STREQ(test, left, right)				\
	KUNIT_ASSERT_STREQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_STREQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_ASSERTION, left, ==, right, \
				   fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ(test, left, right)				\
	KUNIT_ASSERT_STRNEQ_MSG(test, left, right, NULL)
#define KUNIT_ASSERT_STRNEQ_MSG(test, left, right, fmt, ...)		\
	KUNIT_BINARY_STR_ASSERTION(test, KUNIT_ASSERTION, left, !=, right, \
				   fmt, ##__VA_ARGS__)

/*
 * The runner, shared by userspace's lfkit-test and the kernel test module.
 */

/**
 * kunit_shim_run_suites() - run suites and print KTAP version 1
 * @suites: the suites
 * @n: how many
 * @filter_glob: NULL, "" (everything), "suite_glob" or
 *	"suite_glob.case_glob" (kunit.py's syntax); suites with no matching
 *	case are neither printed nor counted
 *
 * Return: the number of failed cases (a suite whose suite_init failed
 * counts as one), or a negative errno if the run could not be done.
 */
int kunit_shim_run_suites(struct kunit_suite *const *suites, int n,
			  const char *filter_glob);

/* The number of cases matching @filter_glob (or a negative errno). */
int kunit_shim_count_cases(struct kunit_suite *const *suites, int n,
			   const char *filter_glob);

/* Prints "suite.case" for every case matching @filter_glob. */
void kunit_shim_list_suites(struct kunit_suite *const *suites, int n,
			    const char *filter_glob);

/* Per-case (userspace: per process) timeout in seconds; default 120. */
void kunit_shim_set_timeout(unsigned int seconds);

/*
 * Prints @msg as a diagnostic of the running case ("    # <msg>"), from any
 * thread. Used by lf_test.c (watchdog messages).
 */
void kunit_shim_diag(const char *msg);

#ifdef __cplusplus
}
#endif

#endif /* _LFKIT_KUNIT_SHIM_H */
