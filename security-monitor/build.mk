# SPDX-License-Identifier: GPL-2.0-only
# security-monitor/: pslc (host), the policy engine (freestanding C, built for the host and for
# aarch64) and the standard PSL library. Included by the top Makefile; needs ipc-bus/build.mk
# (libspecs) first.

PSL_DIR := $(srctree)/security-monitor
PSL_OUT := $(HOST_OBJ)/security-monitor
PSL_LIB := $(PSL_OUT)/libpsl.a
PSLC := $(HOST_BIN)/pslc
PSL_INC := -I$(PSL_DIR)/include
PSL_STDLIB_DIR := $(PSL_DIR)/lib
# pslc's default search path: the standard library, then the SDK specifications.
PSLC_DEFAULT_PATH := $(PSL_STDLIB_DIR):$(SPECS_SDK_DIR)

PSL_ENGINE_SRCS := $(wildcard $(PSL_DIR)/engine/*.c)
PSLC_SRCS := $(filter-out $(PSL_DIR)/pslc/main.c,$(wildcard $(PSL_DIR)/pslc/*.c))
PSL_GEN := $(PSL_OUT)/parser.c $(PSL_OUT)/parser.h $(PSL_OUT)/lexer.c $(PSL_OUT)/lexer.h
PSL_OBJS := $(patsubst $(PSL_DIR)/%.c,$(PSL_OUT)/%.o,$(PSL_ENGINE_SRCS) $(PSLC_SRCS)) \
	$(PSL_OUT)/parser.o $(PSL_OUT)/lexer.o
PSL_CFLAGS := $(HOST_CFLAGS) $(PSL_INC) -I$(PSL_DIR)/pslc -I$(PSL_OUT) $(SPECS_INC) -MMD -MP

# Grouped targets (&:): one bison run makes both files, even under -j.
$(PSL_OUT)/parser.c $(PSL_OUT)/parser.h &: $(PSL_DIR)/pslc/parser.y | $(DEPS_STAMP)
	$(Q)mkdir -p $(PSL_OUT)
	@echo "  BISON   security-monitor/pslc/parser.y"
	$(Q)bison -Wall -Werror -o $(PSL_OUT)/parser.c --header=$(PSL_OUT)/parser.h $<

$(PSL_OUT)/lexer.c $(PSL_OUT)/lexer.h &: $(PSL_DIR)/pslc/lexer.l | $(DEPS_STAMP)
	$(Q)mkdir -p $(PSL_OUT)
	@echo "  FLEX    security-monitor/pslc/lexer.l"
	$(Q)flex -o $(PSL_OUT)/lexer.c --header-file=$(PSL_OUT)/lexer.h $<

# Generated scanners trip -Wextra in code we do not write.
$(PSL_OUT)/lexer.o: $(PSL_OUT)/lexer.c $(PSL_OUT)/parser.h
	@echo "  HOSTCC  security-monitor/pslc/lexer.c"
	$(Q)$(HOSTCC) $(PSL_CFLAGS) -Wno-sign-compare -Wno-unused-function \
		-Wno-unused-const-variable -c $< -o $@

$(PSL_OUT)/parser.o: $(PSL_OUT)/parser.c $(PSL_OUT)/lexer.h
	@echo "  HOSTCC  security-monitor/pslc/parser.c"
	$(Q)$(HOSTCC) $(PSL_CFLAGS) -c $< -o $@

$(PSL_OUT)/%.o: $(PSL_DIR)/%.c $(PSL_OUT)/parser.h $(PSL_OUT)/lexer.h $(SPECS_LIB)
	$(Q)mkdir -p $(dir $@)
	@echo "  HOSTCC  security-monitor/$*.c"
	$(Q)$(HOSTCC) $(PSL_CFLAGS) -c $< -o $@

$(PSL_LIB): $(PSL_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(PSLC): $(PSL_DIR)/pslc/main.c $(PSL_LIB) $(SPECS_LIB)
	$(Q)mkdir -p $(dir $@)
	@echo "  HOSTCC  pslc"
	$(Q)$(HOSTCC) $(filter-out -MMD -MP,$(PSL_CFLAGS)) -DPSLC_DEFAULT_INCLUDE='"$(PSLC_DEFAULT_PATH)"' $< \
		$(PSL_LIB) $(SPECS_LIB) -o $@

# The engine as the monitor partition links it: aarch64, freestanding, one relocatable object.
# The check after linking enforces "no libc beyond string functions".
PSL_ENGINE_A64 := $(O)/security-monitor/psl-engine-aarch64.o
PSL_ENGINE_A64_OBJS := $(patsubst $(PSL_DIR)/engine/%.c,$(O)/security-monitor/a64/%.o,$(PSL_ENGINE_SRCS))
PSL_A64_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-common -fno-pie \
	-fno-stack-protector -mcpu=cortex-a57 -mgeneral-regs-only -mstrict-align -nostdinc \
	-isystem $(shell $(TARGET_CC) -print-file-name=include 2>/dev/null) \
	-I$(srctree)/hyp/include/libc $(PSL_INC) -fno-tree-loop-distribute-patterns -MMD -MP
PSL_ENGINE_ALLOWED_UNDEF := memcpy memmove memset memcmp strlen strcmp

$(O)/security-monitor/a64/%.o: $(PSL_DIR)/engine/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      security-monitor/engine/$*.c (aarch64)"
	$(Q)$(TARGET_CC) $(PSL_A64_CFLAGS) -c $< -o $@

$(PSL_ENGINE_A64): $(PSL_ENGINE_A64_OBJS)
	@echo "  LD      $(notdir $@)"
	$(Q)$(TARGET_LD) -r -o $@ $^
	$(Q)bad=$$($(CROSS_COMPILE)nm -u $@ | awk '{print $$2}' | \
		grep -vxF -e $(subst $(eval) , -e ,$(PSL_ENGINE_ALLOWED_UNDEF)) || true); \
	if [ -n "$$bad" ]; then echo "engine needs more than string functions: $$bad"; rm -f $@; exit 1; fi

psl-engine: $(PSL_ENGINE_A64)
.PHONY: psl-engine

-include $(PSL_OBJS:.o=.d) $(PSL_ENGINE_A64_OBJS:.o=.d)

HOST_TOOLS += $(PSLC)
UNIT_DEPS += $(PSL_LIB) $(SPECS_LIB) $(PSLC) $(PSL_ENGINE_A64)
UNIT_LIBS += $(PSL_LIB) $(SPECS_LIB)
UNIT_CFLAGS += $(PSL_INC) -I$(PSL_DIR)/pslc $(SPECS_INC) \
	-DPSL_STDLIB_DIR='"$(PSL_STDLIB_DIR)"' -DPSL_SDK_DIR='"$(SPECS_SDK_DIR)"' \
	-DPSL_SRCTREE='"$(srctree)"' -DPSLC_PATH='"$(PSLC)"' -DPSL_ENGINE_A64='"$(PSL_ENGINE_A64)"'

# make bench: the host benchmark of the engine (tests/bench/psl_engine.c), then the size of the
# freestanding engine object.
PSL_BENCH := $(HOST_BIN)/psl-bench
$(PSL_BENCH): $(srctree)/tests/bench/psl_engine.c $(PSL_LIB) $(SPECS_LIB)
	$(Q)mkdir -p $(dir $@)
	@echo "  HOSTCC  psl-bench"
	$(Q)$(HOSTCC) $(filter-out -MMD -MP,$(PSL_CFLAGS)) $< $(PSL_LIB) $(SPECS_LIB) -o $@

PSL_BENCH_ARGS := $(srctree)/tests/bench/psl/bench.psl $(srctree)/tests/unit/security-monitor/specs \
	$(PSL_STDLIB_DIR) $(SPECS_SDK_DIR)
# Instructions per event (deterministic): callgrind counts measured_loop over 20,000 events.
PSL_BENCH_ICOUNT := for f in 0 1 2 3; do \
	valgrind --tool=callgrind --toggle-collect=measured_loop --callgrind-out-file=/dev/null \
		$(PSL_BENCH) --only $$f 20000 $(PSL_BENCH_ARGS) 2>&1 | \
	awk '/Collected :/ {n = $$NF} !/^==/ && NF {name = $$0} END \
		{printf "%-44s %10.0f instructions/event\n", name, n / 20000}'; done
PSL_BENCH_RUN := $(PSL_BENCH) $(PSL_BENCH_ARGS) && $(PSL_BENCH_ICOUNT) && \
	echo "freestanding engine (aarch64, -O2): $$($(CROSS_COMPILE)size $(PSL_ENGINE_A64) | \
	awk 'NR==2 {print $$1 " bytes text, " $$2 " data, " $$3 " bss"}')"
BENCH_HOST_DEPS += $(PSL_BENCH) $(PSL_ENGINE_A64)
BENCH_HOST_RUN += $(PSL_BENCH_RUN);

# The monitor partition (monitor/): libkos, the freestanding engine above, the schema reader of
# ipc-bus/msg, and Xen's io/ring.h (libxen-dev; -idirafter so that no Xen header shadows the C
# library's). partitions/build.mk packs it as the image "Monitor" of solutions with a policy.
MONITOR_OUT := $(O)/security-monitor/monitor
MONITOR_ELF := $(MONITOR_OUT)/Monitor.elf
MONITOR_SRCS := $(wildcard $(PSL_DIR)/monitor/*.c) $(srctree)/ipc-bus/msg/src/schema.c
MONITOR_OBJS := $(addprefix $(MONITOR_OUT)/,$(notdir $(MONITOR_SRCS:.c=.o)))
# -mgeneral-regs-only: the monitor's own code never touches FP/SIMD registers, so deciding an
# event costs no lazy FP/SIMD trap and switch in the hypervisor (only printf's float
# formatting, never used, has such instructions); the link checks the objects stay so.
MONITOR_CFLAGS := $(PARTITION_CFLAGS) -mgeneral-regs-only $(PSL_INC) \
	-I$(srctree)/ipc-bus/msg/include -idirafter /usr/include/xen

$(MONITOR_OUT)/%.o: $(PSL_DIR)/monitor/%.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      security-monitor/monitor/$*.c"
	$(Q)$(TARGET_CC) $(MONITOR_CFLAGS) -c $< -o $@

$(MONITOR_OUT)/schema.o: $(srctree)/ipc-bus/msg/src/schema.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      ipc-bus/msg/src/schema.c (monitor)"
	$(Q)$(TARGET_CC) $(MONITOR_CFLAGS) -c $< -o $@

$(MONITOR_ELF): $(MONITOR_OBJS) $(PSL_ENGINE_A64) $(LIBKOS_ALWAYS) $(LIBKOS_LIB) $(srctree)/libkos/partition.lds
	@echo "  LD      Monitor"
	$(Q)$(TARGET_CC) $(PARTITION_LDFLAGS) $(LIBKOS_ALWAYS) $(MONITOR_OBJS) $(PSL_ENGINE_A64) \
		-Wl,--start-group $(LIBKOS_LIB) -lc -lgcc -Wl,--end-group -o $@
	$(Q)for o in $(MONITOR_OBJS) $(PSL_ENGINE_A64); do \
		$(srctree)/scripts/check_no_fpsimd.sh $$o $(CROSS_COMPILE)objdump || { rm -f $@; exit 1; }; \
	done

-include $(MONITOR_OBJS:.o=.d)
