// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The out-of-line part of lf/compat.h and lf/atomic.h
 * for the userspace library.
 */
#include "../lf/atomic.h"

#ifdef LF_TSAN
/* The word TSan builds route every fence through (see lf/atomic.h). */
unsigned long lf_tsan_fence_word;
#endif

static lf_alloc_fail_hook_t lf_alloc_fail_hook;

/**
 * lf_set_alloc_fail_hook() - make lfkit's allocations fail on demand
 * @hook: called with the size of each allocation; returning true makes
 *        that allocation fail. NULL removes the hook.
 *
 * For tests of the -ENOMEM paths (the kernel's equivalent is failslab).
 */
void lf_set_alloc_fail_hook(lf_alloc_fail_hook_t hook)
{
	/* Release pairs with the acquire in lf_alloc_should_fail(). */
	lf_store_release(&lf_alloc_fail_hook, hook);
}

bool lf_alloc_should_fail(size_t size)
{
	/* Acquire pairs with the release in lf_set_alloc_fail_hook(). */
	lf_alloc_fail_hook_t hook = lf_load_acquire(&lf_alloc_fail_hook);

	return hook && hook(size);
}

void lf_warn_report(const char *file, int line, const char *cond)
{
	fprintf(stderr, "lfkit: WARNING at %s:%d: %s\n", file, line, cond);
}
