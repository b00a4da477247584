# SPDX-License-Identifier: GPL-2.0-only
# "make test": every test in one Criterion binary, so one summary closes the run.
#  - host unit tests (tests/unit/*/unit.mk list their sources, hypervisor code built for the host)
#  - QEMU scenarios (tests/qemu/*.c), which boot images built here from their own
#    configurations: each is a complete build in $(TEST_OUT)/<config>.

TEST_OUT := $(O)/tests
TEST_BIN := $(TEST_OUT)/bulkhead-tests
TEST_CONFIGS := qemu_virt_hello qemu_virt_duo qemu_virt_echo test_ipc test_ipc_monitor test_reply_recv qemu_virt_ping test_monitor_gone test_security test_security_monitor test_faults test_threads test_concurrency test_libkos \
	test_isolation \
	test_linux
TEST_JOBS ?= 2

UNIT_SRCS :=
include $(wildcard $(srctree)/tests/unit/*/unit.mk)
include $(wildcard $(srctree)/tests/fuzz/build.mk)
# unit.mk files (and the build.mk of host libraries) may also add generated sources
# (UNIT_GEN_SRCS, absolute paths), prerequisites (UNIT_DEPS), flags (UNIT_CFLAGS), libraries (UNIT_LIBS).
TEST_SRCS := $(addprefix $(srctree)/,$(UNIT_SRCS)) $(UNIT_GEN_SRCS) \
	$(wildcard $(srctree)/tests/qemu/*.c) $(srctree)/tests/unit/support/host_log.c

# The unit tests build sources of several directories, with their private headers too (such
# as hyp/core/ipc_internal.h): a change in any of them rebuilds the binary.
TEST_HDRS := $(shell find $(addprefix $(srctree)/,hyp ipc-bus libkos security-monitor tests) \
	-name '*.h' 2>/dev/null)
$(TEST_BIN): $(TEST_SRCS) $(TEST_HDRS) $(UNIT_DEPS) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  HOSTCC  $(notdir $@)"
	$(Q)$(HOSTCC) -std=gnu11 -O1 -g $(WARN) -DBH_HOST_TEST -I$(srctree)/hyp/include \
		-I$(srctree)/tests $(UNIT_CFLAGS) $(TEST_SRCS) $(UNIT_LIBS) -lcriterion -lfdt -o $@

# A scenario image: configured once (again only when its defconfig changes), then built.
test-image-%: $(DEPS_STAMP) $(LIBFDT_SRC)/fdt.c FORCE
	$(Q)cfg=$$(ls $(srctree)/configs/$*_defconfig $(srctree)/tests/qemu/configs/$*_defconfig \
		2>/dev/null | head -n 1); \
	if [ ! -f $(TEST_OUT)/$*/.config ] || [ "$$cfg" -nt $(TEST_OUT)/$*/.config ]; then \
		$(MAKE) -f $(srctree)/Makefile --no-print-directory O=$(TEST_OUT)/$* \
			DEPS_DIR=$(DEPS_DIR) $*_defconfig; \
	fi
	$(Q)$(MAKE) -f $(srctree)/Makefile --no-print-directory O=$(TEST_OUT)/$* DEPS_DIR=$(DEPS_DIR) \
		all qemu-cmd

test-images: $(addprefix test-image-,$(TEST_CONFIGS))

unit-test qemu-test test: export BH_TEST_OUT = $(TEST_OUT)
unit-test qemu-test test: export BH_SOLUTION_TOOL = $(SOLUTION_TOOL)

# Transcripts of shared boots (harness.c, boot_shared) belong to one run each.
test: $(TEST_BIN) $(SOLUTION_TOOL) test-images
	$(Q)rm -f $(TEST_OUT)/*/transcript.*
	$(Q)$(TEST_BIN) --jobs $(TEST_JOBS)

unit-test: $(TEST_BIN) $(SOLUTION_TOOL)
	$(Q)$(TEST_BIN) --jobs $(TEST_JOBS) --filter='!(qemu_*)/*'

qemu-test: $(TEST_BIN) test-images
	$(Q)rm -f $(TEST_OUT)/*/transcript.*
	$(Q)$(TEST_BIN) --jobs $(TEST_JOBS) --filter='qemu_*/*'

# make bench: see docs/benchmarks.md.
BENCH_CONFIGS := qemu_virt_hello bench_switch bench_ipc bench_linux
# Host benchmarks of other directories add their programs to BENCH_HOST_DEPS and their command
# lines to BENCH_HOST_RUN (each ending in ';').
bench: $(addprefix test-image-,$(BENCH_CONFIGS)) $(BENCH_HOST_DEPS)
	$(Q)$(PYTHON) $(srctree)/scripts/bench.py $(TEST_OUT)/qemu_virt_hello \
		$(TEST_OUT)/bench_switch $(TEST_OUT)/qemu_virt_hello/hyp/bulkhead.bin \
		$(TEST_OUT)/bench_ipc
	$(Q)$(srctree)/tests/bench/fetch_xen.sh $(DEPS_DIR)/xen
	$(Q)$(PYTHON) $(srctree)/scripts/bench_linux.py $(TEST_OUT)/bench_linux $(DEPS_DIR)/xen \
		$(TEST_OUT)/bench_ipc/bench.json
	$(Q)$(BENCH_HOST_RUN) true

.PHONY: FORCE test-images bench
FORCE:
