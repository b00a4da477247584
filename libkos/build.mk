# SPDX-License-Identifier: GPL-2.0-only
# libkos: the runtime every secure partition links (crt0, EL1 set-up, the Kos* API, picolibc
# glue). Built as an archive plus the objects that must always be linked (crt0, vectors,
# lock.c: picolibc's own stub locks must never be chosen over ours).

LIBKOS_OUT := $(O)/libkos
LIBKOS_LIB := $(LIBKOS_OUT)/libkos.a
LIBKOS_ALWAYS := $(LIBKOS_OUT)/arch/arm64/crt0.S.o $(LIBKOS_OUT)/arch/arm64/vectors.S.o \
	$(LIBKOS_OUT)/src/lock.c.o
LIBKOS_SRCS := $(filter-out $(srctree)/libkos/src/lock.c,$(wildcard $(srctree)/libkos/src/*.c))
# nk/: arena helpers and the transport the idlc-generated code targets.
LIBKOS_SRCS += $(wildcard $(srctree)/libkos/src/nk/*.c)
LIBKOS_OBJS := $(patsubst $(srctree)/libkos/%,$(LIBKOS_OUT)/%.o,$(LIBKOS_SRCS))
PICOLIBC := /usr/lib/picolibc/aarch64-linux-gnu

# Flags for everything that runs in a partition (libkos and the components). BH_PARTITION:
# the code has the hypercalls (nk/transport.h then calls NkKosTransport in place).
PARTITION_CFLAGS := $(COMMON_TARGET_CFLAGS) --specs=$(PICOLIBC)/picolibc.specs \
	$(UAPI_INC) -I$(srctree)/libkos/include -mstrict-align -DBH_PARTITION
PARTITION_LDFLAGS := --specs=$(PICOLIBC)/picolibc.specs -nostartfiles -static \
	-T $(srctree)/libkos/partition.lds -Wl,--gc-sections -Wl,-z,noexecstack -Wl,-z,max-page-size=4096 \
	-Wl,--no-warn-rwx-segments

$(LIBKOS_OUT)/%.c.o: $(srctree)/libkos/%.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      libkos/$*.c"
	$(Q)$(TARGET_CC) $(PARTITION_CFLAGS) -c $< -o $@

$(LIBKOS_OUT)/%.S.o: $(srctree)/libkos/%.S $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  AS      libkos/$*.S"
	$(Q)$(TARGET_CC) $(PARTITION_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(LIBKOS_LIB): $(LIBKOS_OBJS)
	$(Q)rm -f $@
	$(Q)$(TARGET_AR) rcs $@ $^

-include $(LIBKOS_OBJS:.o=.d) $(LIBKOS_ALWAYS:.o=.d)
