/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Every selftest suite, one LF_SUITE(<suite>) a line.
 *
 * An X-macro list without include guard: define LF_SUITE(s), include this
 * file, undefine LF_SUITE. Each selftests/<structure>_kunit.c defines a
 * non-static `struct kunit_suite lfkit_<structure>_suite`.
 */
LF_SUITE(lfkit_atomic_suite)
LF_SUITE(lfkit_stack_suite)
LF_SUITE(lfkit_seqlock_suite)
LF_SUITE(lfkit_mpsc_suite)
LF_SUITE(lfkit_queue_suite)
LF_SUITE(lfkit_ring_suite)
LF_SUITE(lfkit_spsc_suite)
