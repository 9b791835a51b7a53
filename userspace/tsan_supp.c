// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * ThreadSanitizer defaults for lfkit's test runner.
 *
 * Debian's liburcu is not built with TSan. Its call_rcu worker and
 * rcu_barrier() hand memory between threads through futexes and atomics
 * TSan cannot see, so TSan reports its internal calloc()/free() pairs as
 * races. "called_from_lib" tells TSan to ignore the interceptors *called
 * from that library* (its own malloc/free/pthread use); lfkit's code and
 * lfkit's callbacks stay instrumented, and the happens-before edges RCU
 * gives lfkit's users are annotated in rcu/rcu.c, not suppressed.
 */
#if defined(__SANITIZE_THREAD__)
const char *__tsan_default_suppressions(void);

const char *__tsan_default_suppressions(void)
{
	return "called_from_lib:liburcu-memb.so\n"
	       "called_from_lib:liburcu-common.so\n";
}
#endif
