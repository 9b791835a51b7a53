/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Sequence counts, sequence locks and latches, with
 * race-free copy helpers for the data they protect.
 *
 * Readers never block writers: a reader samples an even sequence count,
 * copies the protected data, and retries if the count moved. Three shapes:
 *
 *   lf_seqcount_t        the bare count; writers serialised by the caller
 *   struct lf_seqlock    a count plus its own writer lock
 *   lf_seqcount_latch_t  a count selecting one of two copies of the data:
 *                        readers never wait, even for a writer they have
 *                        interrupted (NMI, signal handler)
 *
 * Concurrency contract ("yes": may run at the same time on the same
 * object, from any CPUs/threads; "no": the caller must exclude it):
 *
 *                       read side        write side
 *   seqcount  read      yes              yes (the reader retries)
 *             write     yes              no: caller serialises writers
 *   seqlock   read      yes              yes (the reader retries)
 *             write     yes              yes (the writer lock serialises)
 *   latch     read      yes              yes (the reader retries)
 *             write     yes              no: caller serialises writers
 *
 * Contexts:
 *
 *   seqcount/seqlock readers: any context in which the write section they
 *     read cannot be suspended underneath them. A reader that interrupts
 *     its own CPU's/thread's writer (an IRQ or NMI handler in-kernel, a
 *     signal handler in userspace, or plain recursion) would wait forever
 *     for an even count. That is detected, always (it costs the writer two
 *     relaxed stores): userspace prints "lfkit: lf_read_seqcount_begin():
 *     ..." and aborts, the kernel WARNs once and lets the read complete
 *     (see lf_read_seqcount_begin()). Use the latch for such readers.
 *   seqcount writers: any context, serialised by the caller. In-kernel,
 *     with preemption disabled (normally by the lock that serialises
 *     them): a preempted writer makes readers on its CPU spin until it
 *     runs again.
 *   seqlock writers: process or softirq context in-kernel (spin_lock();
 *     there is no _irqsave variant: no writer in hardirq/NMI), any
 *     thread in userspace but not a signal handler.
 *   latch readers: any context, NMI and signal handlers included; they
 *     never wait (lock-free: a retry means a write completed a flip).
 *   latch writers: any context, serialised by the caller.
 *   lf_seq_read_copy()/lf_seq_write_copy(): any context.
 *
 * Data: every access to protected data that can race goes through
 * lf_seq_read_copy()/lf_seq_write_copy() (or lf_read_once()/lf_write_once()
 * per word). A reader copies first and looks at the copy only after the
 * retry check passed: until then it may be a mix of two versions. Plain
 * accesses would be data races (undefined behaviour in C11, reported by
 * TSan and KCSAN); see Documentation/seqlock.rst and Boehm, "Can Seqlocks
 * Get Along With Programming Language Memory Models?", MSPC 2012.
 *
 * Memory ordering, labelled so pairs can be audited (both are message
 * passing, MP, in recipes.txt terms):
 *
 *   W1 wmb in lf_write_seqcount_begin()  (count odd, then data)
 *      pairs with R2, the rmb in lf_read_seqcount_retry(): a reader that
 *      saw any of this write's data sees the odd (or a later) count.
 *   W2 wmb in lf_write_seqcount_end()    (data, then count even)
 *      pairs with R1, the rmb in lf_read_seqcount_begin(): a reader that
 *      saw the new even count sees all of the write's data.
 *   L1 first wmb in lf_write_seqcount_latch() (previous copy's data, then
 *      the flip) pairs with LR1, the rmb in lf_read_seqcount_latch().
 *   L2 second wmb in lf_write_seqcount_latch() (flip, then the next
 *      copy's data) pairs with LR2, the rmb in
 *      lf_read_seqcount_latch_retry().
 *
 * The count is an unsigned int compared for equality only, so it wraps
 * freely; a reader stalled across exactly 2^32 write sections would be
 * fooled, as the kernel's would.
 */
#ifndef _LF_SEQLOCK_H
#define _LF_SEQLOCK_H

#include "atomic.h"
#include "compat.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * typedef lf_seqcount_t - a sequence count (opaque)
 *
 * Members (for the implementation only):
 * @sequence: even while no write is in progress, odd inside a write
 *	section; written by the one writer, read by everyone
 * @owner: lf_current_id() of the writer while @sequence is odd, 0
 *	otherwise; written by the writer, read by a reader that finds
 *	@sequence odd (re-entry detection)
 *
 * Valid when zero-initialised.
 */
typedef struct {
	unsigned int sequence;
	unsigned long owner;
} lf_seqcount_t;

/**
 * LF_SEQCOUNT_INIT - static initialiser for an lf_seqcount_t
 * @name: the variable being initialised (unused)
 */
#define LF_SEQCOUNT_INIT(name)	{ .sequence = 0, .owner = 0 }

/**
 * lf_seqcount_init() - initialise a sequence count at run time
 * @s: the count
 *
 * Provides no ordering: publish @s to other threads afterwards.
 *
 * Context: any; @s must not be in use.
 */
static inline void lf_seqcount_init(lf_seqcount_t *s)
{
	lf_write_once(s->sequence, 0);
	lf_write_once(s->owner, 0);
}

unsigned int lf_seqcount_wait_even(const lf_seqcount_t *s);

/**
 * lf_read_seqcount_begin() - start a read section
 * @s: the count
 *
 * Waits while a write is in progress (the count is odd), like the
 * kernel's read_seqcount_begin(). The data the caller then copies is
 * ordered after the load of the count (R1, pairs with W2 in
 * lf_write_seqcount_end()).
 *
 * Re-entry: if the write in progress belongs to the caller's own thread
 * of control (this thread in userspace, signal handlers included; this
 * task in-kernel, its IRQ and NMI handlers included), waiting would never
 * end. That is detected: userspace prints "lfkit: lf_read_seqcount_begin():
 * called inside this thread's own write section (would wait forever)" and
 * aborts; the kernel WARNs once and returns the odd count, so the read
 * completes (lf_read_seqcount_retry() then says "no retry" unless another
 * write happens) with data that may be half-updated — a loud bug report
 * instead of a hard lockup. Use the latch for such readers.
 *
 * Context: any, except inside a write section of @s that the caller's
 * thread/task has entered (see above).
 * Return: the (even) count to pass to lf_read_seqcount_retry().
 */
static inline unsigned int lf_read_seqcount_begin(const lf_seqcount_t *s)
{
	/* Relaxed: R1 below orders it before the caller's data loads. */
	unsigned int seq = lf_read_once(s->sequence);

	if (unlikely(seq & 1))
		seq = lf_seqcount_wait_even(s);
	/*
	 * R1: pairs with W2 in lf_write_seqcount_end(): having seen the count
	 * a writer left, we see every data store of its write section.
	 */
	lf_smp_rmb();
	return seq;
}

/**
 * lf_read_seqcount_retry() - end a read section: must it be redone?
 * @s: the count
 * @start: what lf_read_seqcount_begin() returned
 *
 * The caller's data loads are ordered before the re-read of the count
 * (R2, pairs with W1 in lf_write_seqcount_begin()): if any of them saw a
 * store of a write section, the count has moved and this returns true.
 *
 * Context: any (the pair to lf_read_seqcount_begin()).
 * Return: true if a write began since @start: the copy may be torn and
 * must be discarded; false if the copy is consistent.
 */
static inline bool lf_read_seqcount_retry(const lf_seqcount_t *s,
					  unsigned int start)
{
	/* R2: pairs with W1 in lf_write_seqcount_begin(). */
	lf_smp_rmb();
	return unlikely(lf_read_once(s->sequence) != start);
}

/**
 * lf_write_seqcount_begin() - enter a write section
 * @s: the count
 *
 * Makes the count odd (readers starting now wait, readers in progress
 * will retry), then orders the caller's data stores after that (W1,
 * pairs with R2 in lf_read_seqcount_retry()). Records the caller as the
 * owner for re-entry detection.
 *
 * Context: any, writers serialised by the caller; in-kernel with
 * preemption disabled. Must not nest inside another write section of @s.
 */
static inline void lf_write_seqcount_begin(lf_seqcount_t *s)
{
	/*
	 * The owner store comes first, in program order, so that a reader on
	 * this thread that sees the odd count sees its own id; other threads
	 * never see their own id here (their last store to it was 0), so no
	 * ordering is needed for them.
	 */
	lf_write_once(s->owner, lf_current_id());
	/* Only the writer stores the count: a plain read-increment suffices. */
	lf_write_once(s->sequence, lf_read_once(s->sequence) + 1);
	/* W1: the odd count before the data; pairs with R2. */
	lf_smp_wmb();
	lf_pause_point("lf_write_seqcount_begin:in_write_section");
}

/**
 * lf_write_seqcount_end() - leave a write section
 * @s: the count
 *
 * Orders the caller's data stores before making the count even again
 * (W2, pairs with R1 in lf_read_seqcount_begin()).
 *
 * Context: the writer that called lf_write_seqcount_begin().
 */
static inline void lf_write_seqcount_end(lf_seqcount_t *s)
{
	/*
	 * Cleared before the count goes even, so that when this thread later
	 * reads a count another writer made odd it reads that writer's id or
	 * 0, never its own stale id (coherence: its own 0 is its last store).
	 */
	lf_write_once(s->owner, 0);
	/* W2: the data before the even count; pairs with R1. */
	lf_smp_wmb();
	lf_write_once(s->sequence, lf_read_once(s->sequence) + 1);
}

/**
 * lf_seqcount_write_owned() - is the caller inside its own write section?
 * @s: the count
 *
 * For assertions and for the re-entry check. True from the caller's own
 * thread of control (including a signal/IRQ/NMI handler that interrupted
 * it) between lf_write_seqcount_begin() and lf_write_seqcount_end(); never
 * true for another thread. Provides no ordering.
 *
 * Context: any.
 * Return: true if the write section of @s in progress is the caller's.
 */
static inline bool lf_seqcount_write_owned(const lf_seqcount_t *s)
{
	/* Relaxed: see lf_write_seqcount_begin() and _end(). */
	return (lf_read_once(s->sequence) & 1) &&
	       lf_read_once(s->owner) == lf_current_id();
}

/**
 * struct lf_seqlock - a sequence count with its own writer lock
 * @seqcount: the count readers sample
 * @lock: serialises writers (a spinlock_t in-kernel, visible to lockdep)
 */
struct lf_seqlock {
	lf_seqcount_t seqcount;
	lf_spinlock_t lock;
};

/**
 * lf_seqlock_init() - initialise a seqlock
 * @sl: the seqlock
 *
 * Provides no ordering: publish @sl to other threads afterwards.
 *
 * Context: process context; @sl must not be in use.
 */
static inline void lf_seqlock_init(struct lf_seqlock *sl)
{
	lf_seqcount_init(&sl->seqcount);
	lf_spin_lock_init(&sl->lock);
}

/**
 * lf_read_seqbegin() - start a read section of a seqlock
 * @sl: the seqlock
 *
 * As lf_read_seqcount_begin(): waits while a writer holds @sl, and the
 * caller's data loads are ordered after the load of the count. Readers
 * never take the lock.
 *
 * Context: any, except a context that interrupted the holder of @sl's
 * write side (detected, see lf_read_seqcount_begin()).
 * Return: the count to pass to lf_read_seqretry().
 */
static inline unsigned int lf_read_seqbegin(const struct lf_seqlock *sl)
{
	return lf_read_seqcount_begin(&sl->seqcount);
}

/**
 * lf_read_seqretry() - end a read section of a seqlock
 * @sl: the seqlock
 * @start: what lf_read_seqbegin() returned
 *
 * As lf_read_seqcount_retry(): the caller's data loads are ordered before
 * the re-read of the count.
 *
 * Context: any.
 * Return: true if a writer entered since @start (discard the copy).
 */
static inline bool lf_read_seqretry(const struct lf_seqlock *sl,
				    unsigned int start)
{
	return lf_read_seqcount_retry(&sl->seqcount, start);
}

/**
 * lf_write_seqlock() - take the writer lock and enter the write section
 * @sl: the seqlock
 *
 * The lock acquisition orders this writer after the previous one
 * (acquire); then as lf_write_seqcount_begin() (W1).
 *
 * Context: in-kernel process or softirq context (may spin; disables
 * preemption); userspace any thread, not a signal handler.
 */
static inline void lf_write_seqlock(struct lf_seqlock *sl)
	__acquires(&sl->lock)
{
	lf_spin_lock(&sl->lock);
	lf_write_seqcount_begin(&sl->seqcount);
}

/**
 * lf_write_sequnlock() - leave the write section and drop the writer lock
 * @sl: the seqlock
 *
 * As lf_write_seqcount_end() (W2); the unlock then publishes this write
 * section to the next writer (release).
 *
 * Context: the holder, from the context that called lf_write_seqlock().
 */
static inline void lf_write_sequnlock(struct lf_seqlock *sl)
	__releases(&sl->lock)
{
	lf_write_seqcount_end(&sl->seqcount);
	lf_spin_unlock(&sl->lock);
}

/**
 * typedef lf_seqcount_latch_t - a latch: a count selecting one of two
 * copies of the data (opaque)
 *
 * Members (for the implementation only):
 * @sequence: bit 0 says which copy readers use; written by the one
 *	writer, read by everyone
 *
 * Valid when zero-initialised. The two copies are the caller's, e.g.
 * ``struct { lf_seqcount_latch_t seq; struct data copy[2]; }``.
 */
typedef struct {
	unsigned int sequence;
} lf_seqcount_latch_t;

/**
 * LF_SEQCOUNT_LATCH_INIT - static initialiser for an lf_seqcount_latch_t
 * @name: the variable being initialised (unused)
 */
#define LF_SEQCOUNT_LATCH_INIT(name)	{ .sequence = 0 }

/**
 * lf_seqcount_latch_init() - initialise a latch at run time
 * @l: the latch
 *
 * Equivalent to zero-initialisation. Provides no ordering.
 *
 * Context: any; @l must not be in use.
 */
static inline void lf_seqcount_latch_init(lf_seqcount_latch_t *l)
{
	lf_write_once(l->sequence, 0);
}

/**
 * lf_write_seqcount_latch() - flip the latch: send readers to the other copy
 * @l: the latch
 *
 * A write is two flips, as in the kernel::
 *
 *	lf_write_seqcount_latch(&l->seq);	// readers now use copy[1]
 *	lf_seq_write_copy(&l->copy[0], &new, sizeof(new));
 *	lf_write_seqcount_latch(&l->seq);	// readers now use copy[0]
 *	lf_seq_write_copy(&l->copy[1], &new, sizeof(new));
 *
 * Stores before the call are ordered before the flip (L1, pairs with LR1
 * in lf_read_seqcount_latch()), and the flip before stores after the call
 * (L2, pairs with LR2 in lf_read_seqcount_latch_retry()).
 *
 * Context: any, NMI included; writers serialised by the caller.
 */
static inline void lf_write_seqcount_latch(lf_seqcount_latch_t *l)
{
	/*
	 * L1: the copy just written before the flip sends readers to it;
	 * pairs with LR1 in lf_read_seqcount_latch().
	 */
	lf_smp_wmb();
	/* Only the writer stores the count: a plain read-increment suffices. */
	lf_write_once(l->sequence, lf_read_once(l->sequence) + 1);
	/*
	 * L2: the flip before the caller modifies the copy readers just
	 * left; pairs with LR2 in lf_read_seqcount_latch_retry().
	 */
	lf_smp_wmb();
	lf_pause_point("lf_write_seqcount_latch:after_flip");
}

/**
 * lf_read_seqcount_latch() - start a latch read section
 * @l: the latch
 *
 * Never waits. The caller reads copy ``seq & 1`` and then calls
 * lf_read_seqcount_latch_retry(). Data loads after the call are ordered
 * after the load of the count (LR1, pairs with L1).
 *
 * Context: any, NMI and signal handlers included, even one that
 * interrupted the writer: the copy it selects is never the one being
 * modified.
 * Return: the count; bit 0 selects the copy to read.
 */
static inline unsigned int lf_read_seqcount_latch(const lf_seqcount_latch_t *l)
{
	/* Relaxed: LR1 below orders it before the caller's data loads. */
	unsigned int seq = lf_read_once(l->sequence);

	/*
	 * LR1: pairs with L1 in lf_write_seqcount_latch(): the copy this
	 * count selects was completely written before the flip we saw. (The
	 * kernel relies on the address dependency through seq & 1; C11 gives
	 * no such guarantee, hence the fence.)
	 */
	lf_smp_rmb();
	return seq;
}

/**
 * lf_read_seqcount_latch_retry() - end a latch read section
 * @l: the latch
 * @start: what lf_read_seqcount_latch() returned
 *
 * The caller's data loads are ordered before the re-read of the count
 * (LR2, pairs with L2): if any of them saw a store the writer made after
 * a flip, this sees that flip.
 *
 * Context: any, NMI and signal handlers included.
 * Return: true if the latch flipped since @start (the copy may be torn;
 * read again), false if the copy is consistent.
 */
static inline bool lf_read_seqcount_latch_retry(const lf_seqcount_latch_t *l,
						unsigned int start)
{
	/* LR2: pairs with L2 in lf_write_seqcount_latch(). */
	lf_smp_rmb();
	return unlikely(lf_read_once(l->sequence) != start);
}

/*
 * The copy helpers move whole words with relaxed atomic accesses. This
 * type aliases anything (like char), so copying a caller's struct through
 * it is not a strict-aliasing violation.
 */
typedef unsigned long __attribute__((__may_alias__)) lf_seq_word_t;

/* Build error when a copy's size is a constant and not whole words. */
__attribute__((__error__("lf_seq_*_copy(): size must be a multiple of sizeof(long)")))
void lf_seq_copy_size_not_whole_words(void);

static __always_inline bool lf_seq_copy_args_ok(const void *dst,
						const void *src, size_t size)
{
	if (__builtin_constant_p(size) && size % sizeof(long))
		lf_seq_copy_size_not_whole_words();
	return !LF_WARN_ON(((unsigned long)dst | (unsigned long)src | size) &
			   (sizeof(long) - 1));
}

/**
 * lf_seq_read_copy() - copy protected data out, race-free
 * @dst: the reader's private buffer
 * @src: the protected data
 * @size: bytes; a multiple of sizeof(long)
 *
 * Copies @size bytes, one relaxed atomic load (lf_read_once()) per word,
 * lowest address first. No word is torn; the copy as a whole is consistent
 * only if the enclosing retry check says so. Provides no ordering itself:
 * the begin/retry calls around it do.
 *
 * @dst and @src must be aligned to sizeof(long) and @size a multiple of it
 * (a build error when @size is a constant; otherwise a warning and nothing
 * is copied).
 *
 * Context: any.
 */
static __always_inline void lf_seq_read_copy(void *dst, const void *src,
					     size_t size)
{
	const lf_seq_word_t *s = (const lf_seq_word_t *)src;
	lf_seq_word_t *d = (lf_seq_word_t *)dst;
	size_t i;

	if (!lf_seq_copy_args_ok(dst, src, size))
		return;
	for (i = 0; i < size / sizeof(long); i++)
		d[i] = lf_read_once(s[i]);	/* d is private: a plain store */
}

/**
 * lf_seq_write_copy() - copy data into protected storage, race-free
 * @dst: the protected data
 * @src: the writer's private buffer
 * @size: bytes; a multiple of sizeof(long)
 *
 * Copies @size bytes, one relaxed atomic store (lf_write_once()) per
 * word, lowest address first. Provides no ordering itself: the write
 * section (or latch flips) around it does.
 *
 * Same alignment and size rules as lf_seq_read_copy().
 *
 * Context: any; inside a write section (or between latch flips).
 */
static __always_inline void lf_seq_write_copy(void *dst, const void *src,
					      size_t size)
{
	const lf_seq_word_t *s = (const lf_seq_word_t *)src;
	lf_seq_word_t *d = (lf_seq_word_t *)dst;
	size_t i;

	if (!lf_seq_copy_args_ok(dst, src, size))
		return;
	for (i = 0; i < size / sizeof(long); i++)
		lf_write_once(d[i], s[i]);	/* s is private: a plain load */
}

/*
 * Test-only hooks (test builds: LF_PAUSE_POINTS): start a count just
 * below its wrap. Only while nobody else uses the object.
 */
#ifdef LF_PAUSE_POINTS
static inline void lf_seqcount_test_set_sequence(lf_seqcount_t *s,
						 unsigned int seq)
{
	LF_WARN_ON(seq & 1);
	lf_write_once(s->sequence, seq & ~1u);
}

static inline void lf_seqcount_latch_test_set_sequence(lf_seqcount_latch_t *l,
						       unsigned int seq)
{
	lf_write_once(l->sequence, seq);
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* _LF_SEQLOCK_H */
