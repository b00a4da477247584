# SPDX-License-Identifier: GPL-2.0-only
# The EL2 hypervisor: hyp/core (architecture neutral), hyp/arch/arm64, hyp/platform/qemu-virt,
# and libfdt compiled freestanding from Debian's source (scripts/deps.sh source).

HYP_OUT := $(O)/hyp
HYP_ELF := $(HYP_OUT)/bulkhead.elf
HYP_IMAGE := $(HYP_OUT)/bulkhead.bin

HYP_SRCS := $(wildcard $(srctree)/hyp/core/*.c $(srctree)/hyp/arch/arm64/*.c \
	$(srctree)/hyp/arch/arm64/*.S $(srctree)/hyp/platform/qemu-virt/*.c)
LIBFDT_NAMES := fdt.c fdt_ro.c fdt_wip.c fdt_sw.c fdt_rw.c fdt_strerror.c fdt_addresses.c
LIBFDT_OBJS := $(addprefix $(O)/libfdt/,$(LIBFDT_NAMES:.c=.o))

HYP_OBJS := $(patsubst $(srctree)/%,$(O)/%.o,$(HYP_SRCS))
# IPC: the message schema and validator (ipc-bus/msg) and the policy image loader with its
# verdict table (security-monitor/engine/image.c), all freestanding C, compiled in.
HYP_SHARED_SRCS := $(srctree)/ipc-bus/msg/src/schema.c $(srctree)/ipc-bus/msg/src/validate.c \
	$(srctree)/security-monitor/engine/image.c $(srctree)/security-monitor/engine/methods.c
HYP_OBJS += $(patsubst $(srctree)/%.c,$(O)/hyp-shared/%.o,$(HYP_SHARED_SRCS))

# Link-time optimisation: the IPC fast path's steps live in the files of their concepts (the
# scheduler, the channel layer, the architecture's timer) and are inlined across them at link
# time. string.c is compiled without it: the compiler emits calls to memset and memcpy after
# LTO has already decided what is used. No frame pointer: gdb unwinds from the DWARF call frame
# information (-g), and x29 is one more register for the fast path.
# The hypervisor never touches FP/SIMD registers (they belong to the partitions: saving them
# on every trap would cost more than it saves), and runs its early C with the MMU off, where
# unaligned accesses fault: hence -mgeneral-regs-only and -mstrict-align.
HYP_CFLAGS := $(COMMON_TARGET_CFLAGS) -flto -mgeneral-regs-only -mstrict-align -nostdinc \
	-isystem $(shell $(TARGET_CC) -print-file-name=include) -I$(srctree)/hyp/include/libc \
	-I$(srctree)/hyp/include -I$(srctree)/hyp/arch/arm64/include -I$(LIBFDT_SRC) -fomit-frame-pointer \
	-fno-tree-loop-distribute-patterns -I$(srctree)/ipc-bus/msg/include \
	-I$(srctree)/security-monitor/include
HYP_LDFLAGS := -nostdlib -static -T $(srctree)/hyp/arch/arm64/hyp.lds -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

# The flags as a file that changes only when they do: every object depends on it, so a change
# of flags (LTO, say) rebuilds the objects it affects; make compares times, not commands.
HYP_FLAGS_FILE := $(HYP_OUT)/flags
$(HYP_FLAGS_FILE): FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo '$(HYP_CFLAGS) $(HYP_LDFLAGS)' | cmp -s - $@ || \
		echo '$(HYP_CFLAGS) $(HYP_LDFLAGS)' > $@
.PHONY: FORCE
FORCE:

$(O)/hyp/%.c.o: $(srctree)/hyp/%.c $(AUTOCONF) $(HYP_FLAGS_FILE) | $(LIBFDT_SRC)/fdt.c
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      hyp/$*.c"
	$(Q)$(TARGET_CC) $(HYP_CFLAGS) -c $< -o $@

$(O)/hyp/core/string.c.o: HYP_CFLAGS += -fno-lto

$(O)/hyp-shared/%.o: $(srctree)/%.c $(AUTOCONF) $(HYP_FLAGS_FILE)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      $*.c (hypervisor)"
	$(Q)$(TARGET_CC) $(HYP_CFLAGS) -c $< -o $@

$(O)/hyp/%.S.o: $(srctree)/hyp/%.S $(AUTOCONF) $(HYP_FLAGS_FILE)
	$(Q)mkdir -p $(dir $@)
	@echo "  AS      hyp/$*.S"
	$(Q)$(TARGET_CC) $(HYP_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

# libfdt is third-party code: warnings are its maintainers' business, not -Werror's.
$(O)/libfdt/%.o: $(LIBFDT_SRC)/fdt.c $(AUTOCONF) $(HYP_FLAGS_FILE)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      libfdt/$*.c"
	$(Q)$(TARGET_CC) $(filter-out -Werror -Wextra -MMD -MP,$(HYP_CFLAGS)) -w -c $(LIBFDT_SRC)/$*.c -o $@

$(HYP_ELF): $(HYP_OBJS) $(LIBFDT_OBJS) $(srctree)/hyp/arch/arm64/hyp.lds $(HYP_FLAGS_FILE)
	@echo "  LD      $(notdir $@)"
	$(Q)$(TARGET_CC) $(HYP_CFLAGS) -flto=auto $(HYP_LDFLAGS) $(HYP_OBJS) $(LIBFDT_OBJS) -lgcc -o $@
	$(Q)$(srctree)/scripts/check_no_fpsimd.sh $@ $(CROSS_COMPILE)objdump || { rm -f $@; exit 1; }

$(HYP_IMAGE): $(HYP_ELF)
	$(Q)$(TARGET_OBJCOPY) -O binary $< $@
	@echo "  IMAGE   $(notdir $@) ($$(stat -c %s $@) bytes)"

-include $(HYP_OBJS:.o=.d)
