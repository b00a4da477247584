UNIT_SRCS += hyp/core/page_alloc.c
UNIT_SRCS += hyp/core/sha256.c
UNIT_SRCS += hyp/core/elf_loader.c
UNIT_SRCS += hyp/core/package.c
UNIT_SRCS += hyp/arch/arm64/stage2.c
UNIT_SRCS += tests/unit/hyp/fake_mem.c
UNIT_SRCS += tests/unit/hyp/test_page_alloc.c
UNIT_SRCS += tests/unit/hyp/test_sha256.c
UNIT_SRCS += tests/unit/hyp/test_elf_loader.c
UNIT_SRCS += tests/unit/hyp/test_package.c
UNIT_SRCS += tests/unit/hyp/test_stage2.c
UNIT_SRCS += hyp/arch/arm64/el1_ctx.c
UNIT_SRCS += tests/unit/hyp/test_el1_ctx.c
UNIT_SRCS += hyp/core/guest_dtb.c
UNIT_SRCS += hyp/core/guest_dtb_devices.c
UNIT_SRCS += tests/unit/hyp/test_guest_dtb.c
UNIT_CFLAGS += -I$(srctree)/hyp/arch/arm64/include
UNIT_SRCS += tests/unit/hyp/sha256_arch_host.c
UNIT_SRCS += tests/unit/hyp/test_guest_dtb_devices.c
UNIT_SRCS += hyp/core/package_chunks.c
UNIT_SRCS += tests/unit/hyp/boot_parallel_host.c
UNIT_SRCS += tests/unit/hyp/test_package_chunks.c
UNIT_SRCS += hyp/core/handle.c
UNIT_SRCS += tests/unit/hyp/kobj_teardown.c
UNIT_SRCS += tests/unit/hyp/test_handle.c

# The IPC path (hyp/core/ipc.c) over a recorded scheduler, with a policy and a schema compiled
# from tests/unit/hyp/ipc/ by the project's own idlc and pslc.
IPC_TEST_GEN := $(TEST_OUT)/ipc-host-gen
IPC_TEST_SPECS := $(wildcard $(srctree)/tests/unit/hyp/ipc/specs/ipch/*) \
	$(srctree)/tests/unit/hyp/ipc/security.psl $(srctree)/tests/unit/hyp/ipc/monitor.psl \
	$(srctree)/tests/unit/hyp/ipc/security_events.psl
$(IPC_TEST_GEN)/.stamp: $(IDLC) $(PSLC) $(IPC_TEST_SPECS)
	$(Q)rm -rf $(IPC_TEST_GEN) && mkdir -p $(IPC_TEST_GEN)
	@echo "  IDLC    tests/unit/hyp/ipc"
	$(Q)$(IDLC) -I $(srctree)/tests/unit/hyp/ipc/specs -o $(IPC_TEST_GEN) --schema \
		$(srctree)/tests/unit/hyp/ipc/specs/ipch/Server.edl \
		$(srctree)/tests/unit/hyp/ipc/specs/ipch/Asker.edl
	$(Q)$(PSLC) -I $(srctree)/tests/unit/hyp/ipc/specs -o $(IPC_TEST_GEN)/policy.psli \
		$(srctree)/tests/unit/hyp/ipc/security.psl
	$(Q)$(PSLC) -I $(srctree)/tests/unit/hyp/ipc/specs -o $(IPC_TEST_GEN)/monitor.psli \
		$(srctree)/tests/unit/hyp/ipc/monitor.psl
	$(Q)$(PSLC) -I $(srctree)/tests/unit/hyp/ipc/specs -o $(IPC_TEST_GEN)/security_events.psli \
		$(srctree)/tests/unit/hyp/ipc/security_events.psl
	$(Q)touch $@
UNIT_SRCS += hyp/core/ipc.c
UNIT_SRCS += hyp/core/ipc_fastpath.c
UNIT_SRCS += hyp/core/ipc_monitor.c
UNIT_SRCS += tests/unit/hyp/ipc_world.c
UNIT_SRCS += tests/unit/hyp/test_ipc_path.c
UNIT_SRCS += tests/unit/hyp/test_ipc_monitor.c
UNIT_SRCS += tests/unit/hyp/test_ipc_security.c
UNIT_CFLAGS += -I$(IPC_TEST_GEN) -DBH_IPC_TEST_GEN='"$(IPC_TEST_GEN)"'
UNIT_DEPS += $(IPC_TEST_GEN)/.stamp
