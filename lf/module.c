// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * lfkit.ko: the lock-free structures as a kernel module.
 *
 * The structures themselves live in lf/ and rcu/ and export their API with
 * LF_EXPORT() (EXPORT_SYMBOL_NS_GPL(sym, LFKIT)); users add
 * MODULE_IMPORT_NS(LFKIT).  This file only carries the module boilerplate.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/rcupdate.h>

static int __init lfkit_init(void)
{
	return 0;
}

static void __exit lfkit_exit(void)
{
	/*
	 * RCU callbacks queued by lfkit (lf_call_rcu(), e.g. deferred frees)
	 * point into this module's text: wait until every one of them has run
	 * before the text goes away.
	 */
	rcu_barrier();
}

module_init(lfkit_init);
module_exit(lfkit_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lfkit: lock-free data structures (stack, queues, rings, seqlocks)");
