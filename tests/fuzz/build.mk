# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer targets (clang-14 from Debian, libclang-rt-14-dev). Each tests/fuzz/<name>/fuzz.mk
# adds <name> to FUZZ_TARGETS and sets <name>-srcs (absolute paths), optionally <name>-cflags,
# <name>-libs (linked after the sources) and <name>-deps. Every target is built with ASan +
# UBSan into $(FUZZ_OUT)/<name>, and tests/fuzz/run_fuzzers.c (part of the one test binary)
# runs each for FUZZ_SECONDS from its seed corpus tests/fuzz/<name>/corpus/ (if any), failing
# on any crash, leak or timeout.

FUZZ_CC := clang-14
FUZZ_OUT := $(TEST_OUT)/fuzz
FUZZ_SECONDS ?= 10
FUZZ_CFLAGS := -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	-Wno-unused-function -I$(srctree)/hyp/include
FUZZ_TARGETS :=
include $(wildcard $(srctree)/tests/fuzz/*/fuzz.mk)

define fuzz_rule
$(FUZZ_OUT)/$(1): $$($(1)-srcs) $$($(1)-deps) $(srctree)/tests/fuzz/$(1)/fuzz.mk | $(DEPS_STAMP)
	$(Q)mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $(1)"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $$($(1)-cflags) $$($(1)-srcs) $$($(1)-libs) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

FUZZ_BINS := $(addprefix $(FUZZ_OUT)/,$(FUZZ_TARGETS))
.PHONY: fuzzers
fuzzers: $(FUZZ_BINS)

UNIT_SRCS += tests/fuzz/run_fuzzers.c
UNIT_DEPS += $(FUZZ_BINS)
UNIT_CFLAGS += -DBH_FUZZ_DIR='"$(FUZZ_OUT)"' -DBH_FUZZ_TARGETS='"$(FUZZ_TARGETS)"' \
	-DBH_FUZZ_SECONDS=$(FUZZ_SECONDS) -DBH_FUZZ_SRC='"$(srctree)/tests/fuzz"'
