# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# scripts/kernel.mk - the kernel half of lfkit's build; included by the
# top-level Makefile (after its default goal):
#
#   include scripts/kernel.mk
#
# Targets:
#   module        lfkit.ko + lfkit_test.ko against KDIR, built in MODULE_OUT
#                 (W=1; any compiler warning fails the build)
#   kernels       build (or find cached) the test kernels: debug, kcsan
#   run-kernel    build what is missing, boot every flavour of
#                 KERNEL_FLAVOURS in QEMU, run the in-kernel selftests and
#                 print one summary (scripts/run.sh); non-zero exit on any
#                 failure or kernel report
#   check-kernel  the same, as make check runs it
#   kernel-clean  remove MODULE_OUT and KERNEL_OUT (not the kernel cache)
#
# Variables (all optional):
#   KDIR               kernel build tree for `module` (default: the running
#                      kernel's, else the newest installed Debian headers)
#   MODULE_OUT         where `module` builds (default build/module)
#   LFKIT_PAUSE_POINTS y (default, test builds) or n (production modules)
#   KERNEL_FLAVOURS    default "debug kcsan stock"
#   KERNEL_OUT         run results (default build/kernel)
#   FILTER THREADS STRESS_MS SEED   passed to lfkit_test.ko (filter=, ...)
#   LOOPS              insmod/rmmod iterations after the run (default 20)
#   QEMU_TIMEOUT       hard limit per QEMU run in seconds (default 900)
#   JOBS               parallel jobs for kernel builds (default: nproc)
#   XDG_CACHE_HOME     kernels are cached in $(XDG_CACHE_HOME)/lfkit

LFKIT_KERNEL_TOP := $(patsubst %/scripts/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

ifeq ($(origin KDIR),undefined)
KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(wildcard $(KDIR)/Makefile),)
# No headers for the running kernel (e.g. in a container): use the newest
# installed Debian headers.
KDIR := $(lastword $(sort $(patsubst %/Makefile,%,$(wildcard /usr/src/linux-headers-*-amd64/Makefile))))
endif
endif

MODULE_OUT ?= build/module
KERNEL_OUT ?= build/kernel
LFKIT_PAUSE_POINTS ?= y
KERNEL_FLAVOURS ?= debug kcsan stock
LOOPS ?= 20
QEMU_TIMEOUT ?= 900

LFKIT_RUN_ARGS = --flavours "$(KERNEL_FLAVOURS)" --loops $(LOOPS) --timeout $(QEMU_TIMEOUT) \
	$(if $(FILTER),--filter '$(FILTER)') $(if $(THREADS),--threads $(THREADS)) \
	$(if $(STRESS_MS),--stress-ms $(STRESS_MS)) $(if $(SEED),--seed $(SEED)) \
	$(if $(filter 1,$(V)),--verbose)

.PHONY: module kernels run-kernel check-kernel kernel-clean

module:
	@test -n "$(KDIR)" || { echo "make module: no kernel build tree; pass KDIR= or install linux-headers-$$(uname -r)" >&2; exit 1; }
	$(LFKIT_KERNEL_TOP)/scripts/build-module.sh "$(KDIR)" "$(MODULE_OUT)" LFKIT_PAUSE_POINTS=$(LFKIT_PAUSE_POINTS)

kernels:
	$(LFKIT_KERNEL_TOP)/scripts/build-kernel.sh $(filter-out stock,$(KERNEL_FLAVOURS)) >/dev/null

run-kernel check-kernel:
	LFKIT_KERNEL_OUT="$(abspath $(KERNEL_OUT))" $(LFKIT_KERNEL_TOP)/scripts/run.sh $(LFKIT_RUN_ARGS)

kernel-clean:
	rm -rf "$(MODULE_OUT)" "$(KERNEL_OUT)"
