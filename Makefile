# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# lfkit - the one entry point.
#
#   make                 userspace library: build/liblfkit.a, build/liblfkit.so.0,
#                        build/lfkit.pc, and the selftest runner build/lfkit-test
#   make check           every test (see scripts/check.sh); ends "N passed, N failed"
#   make run             the main job (kernel suites in QEMU + userspace); see README
#   make module KDIR=... lfkit.ko against any kernel build tree
#   make install PREFIX=/usr/local DESTDIR=
#   make uninstall PREFIX=/usr/local DESTDIR=
#
# Kernel-side targets live in scripts/kernel.mk (Kbuild is the kernel build).

VERSION    := 0.1.0
SOVERSION  := 0
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR    ?=
B          := build

CC         ?= cc
# Default to gcc when make's built-in "cc" is not there.
ifeq ($(origin CC),default)
CC := gcc
endif

URCU_LIBS  := -lurcu-memb -lurcu-common -lpthread
WARN       := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	      -Wno-unused-parameter
BASE_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) -I. -g
CFLAGS     ?= -O2
LDFLAGS    ?=

# Structure and layer sources shared with the kernel build (Kbuild).
# Every lf/*.c but the kernel-only module glue.
LIB_SRCS   := $(filter-out lf/module.c,$(sort $(wildcard lf/*.c))) rcu/rcu.c userspace/compat.c
HDRS       := $(wildcard lf/*.h rcu/*.h)
# Selftest sources: the same *_kunit.c files the kernel's lfkit_test.ko uses.
TEST_SRCS  := $(wildcard selftests/*_kunit.c) selftests/kunit_shim.c \
	      selftests/lf_test.c userspace/test_main.c userspace/test_child.c userspace/tsan_supp.c
TEST_HDRS  := $(wildcard selftests/*.h)

LIB_OBJS   := $(LIB_SRCS:%.c=$(B)/obj/%.o)
PIC_OBJS   := $(LIB_SRCS:%.c=$(B)/pic/%.o)

# Test builds: plain, ASan+UBSan, TSan. All with pause points and -O1/-O2.
SAN_asan   := -fsanitize=address,undefined -fno-sanitize-recover=all \
	      -fno-omit-frame-pointer
SAN_tsan   := -fsanitize=thread
OPT_plain  := -O2
OPT_asan   := -O1
OPT_tsan   := -O1

.PHONY: all lib tests examples check run run install uninstall clean test-plain test-asan test-tsan
.DEFAULT_GOAL := all

all: lib $(B)/lfkit-test $(B)/lfkit-mc examples

lib: $(B)/liblfkit.a $(B)/liblfkit.so.$(SOVERSION) $(B)/lfkit.pc

$(B)/obj/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/pic/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -fPIC -c $< -o $@

$(B)/liblfkit.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/liblfkit.so.$(SOVERSION): $(PIC_OBJS) userspace/lfkit.map
	$(CC) -shared -Wl,-soname,liblfkit.so.$(SOVERSION) \
		-Wl,--version-script=userspace/lfkit.map -Wl,-z,defs \
		-o $@ $(PIC_OBJS) $(LDFLAGS) $(URCU_LIBS)
	ln -sf liblfkit.so.$(SOVERSION) $(B)/liblfkit.so

PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	     -e 's|@VERSION@|$(VERSION)|'

# Regenerated on every make: its contents depend on PREFIX and LIBDIR.
.PHONY: $(B)/lfkit.pc
$(B)/lfkit.pc: userspace/lfkit.pc.in
	@mkdir -p $(B)
	@$(PC_SED) $< > $@.tmp && (cmp -s $@.tmp $@ || mv $@.tmp $@); rm -f $@.tmp

# One test runner per variant, built from the library sources (with pause
# points) and the shared selftests.
define test_variant
$(B)/$(1)/%.o: %.c $(HDRS) $(TEST_HDRS) Makefile
	@mkdir -p $$(dir $$@)
	$$(CC) $(BASE_CFLAGS) $(OPT_$(1)) $(SAN_$(1)) -DLF_PAUSE_POINTS -Iselftests -c $$< -o $$@

$(B)/$(1)/lfkit-test: $(patsubst %.c,$(B)/$(1)/%.o,$(LIB_SRCS) $(TEST_SRCS))
	$$(CC) $(SAN_$(1)) -o $$@ $$^ $(LDFLAGS) $(URCU_LIBS)
endef
$(eval $(call test_variant,plain))
$(eval $(call test_variant,asan))
$(eval $(call test_variant,tsan))

# The model checker: the library sources again, every atomic a scheduling
# point (-DLF_MODEL_CHECK), plus the checker and its harnesses.
MC_SRCS    := $(LIB_SRCS) $(sort $(wildcard userspace/mc/*.c))
MC_OBJS    := $(MC_SRCS:%.c=$(B)/mc/%.o)

$(B)/mc/%.o: %.c $(HDRS) userspace/mc/mc.h Makefile
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O1 -DLF_MODEL_CHECK -c $< -o $@

$(B)/lfkit-mc: $(MC_OBJS)
	$(CC) -o $@ $^ $(LDFLAGS)

# Example programs (run briefly by make check), linked like a user's program.
EXAMPLES   := $(patsubst examples/%.c,$(B)/examples/%,$(sort $(wildcard examples/*.c)))

$(B)/examples/%: examples/%.c $(B)/liblfkit.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(B)/liblfkit.a $(LDFLAGS) $(URCU_LIBS)

examples: $(EXAMPLES)

$(B)/lfkit-test: $(B)/plain/lfkit-test
	ln -sf plain/lfkit-test $@

tests: $(B)/plain/lfkit-test $(B)/asan/lfkit-test $(B)/tsan/lfkit-test

# Installs what is missing first, like make run.
check:
	@bash scripts/deps.sh
	@$(MAKE) -s all tests
	@bash scripts/check.sh

# The main job: see scripts/make-run.sh (installs, builds, runs, summarises).
run:
	@bash scripts/make-run.sh

install: lib
	install -d $(DESTDIR)$(INCLUDEDIR)/lfkit/lf $(DESTDIR)$(INCLUDEDIR)/lfkit/rcu \
		$(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 lf/*.h $(DESTDIR)$(INCLUDEDIR)/lfkit/lf/
	install -m 644 rcu/rcu.h $(DESTDIR)$(INCLUDEDIR)/lfkit/rcu/
	install -m 644 $(B)/liblfkit.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/liblfkit.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf liblfkit.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/liblfkit.so
	$(PC_SED) userspace/lfkit.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/lfkit.pc

uninstall:
	rm -rf $(DESTDIR)$(INCLUDEDIR)/lfkit
	rm -f $(DESTDIR)$(LIBDIR)/liblfkit.a $(DESTDIR)$(LIBDIR)/liblfkit.so \
	      $(DESTDIR)$(LIBDIR)/liblfkit.so.$(SOVERSION) \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/lfkit.pc

clean:
	rm -rf $(B)

-include scripts/kernel.mk
