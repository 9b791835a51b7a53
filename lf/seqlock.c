// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The slow path of the sequence-count reader (see
 * lf/seqlock.h): waiting for an even count, and detecting a reader that
 * would wait for its own write section.
 */
#include "seqlock.h"

/**
 * lf_seqcount_wait_even() - wait until no write is in progress
 * @s: the count, found odd by lf_read_seqcount_begin()
 *
 * Spins until the count is even (cpu_relax, then lf_spin_relax(): in
 * userspace the writer may be preempted on an oversubscribed machine). If the write in progress is
 * the caller's own (lf_seqcount_write_owned()), the wait could never end:
 * the misuse is reported (userspace: message and abort; kernel: WARN once)
 * and, in-kernel, the odd count is returned so the caller's read
 * completes instead of locking up the CPU.
 *
 * Provides no ordering: lf_read_seqcount_begin() issues R1 after it.
 *
 * Context: as lf_read_seqcount_begin().
 * Return: the count, even unless the re-entry above was detected.
 */
unsigned int lf_seqcount_wait_even(const lf_seqcount_t *s)
{
	unsigned int seq, spins = 0;

	/*
	 * Relaxed: the caller's R1 orders the final load before its data
	 * loads; earlier odd values are discarded.
	 */
	while ((seq = lf_read_once(s->sequence)) & 1) {
		if (unlikely(lf_seqcount_write_owned(s))) {
			lf_report_misuse("lf_read_seqcount_begin",
					 "called inside this thread's own write section (would wait forever)");
			return seq;
		}
		if (++spins < 128)
			lf_cpu_relax();
		else
			lf_spin_relax();
	}
	return seq;
}

LF_EXPORT(lf_seqcount_wait_even);
