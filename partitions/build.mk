# SPDX-License-Identifier: GPL-2.0-only
# The solution: its programs (linked with libkos and picolibc), the manifest made by the
# solution tool from init.yaml + .config, and the boot package (a FIT image, mkimage).
#
# A solution directory holds init.yaml and solution.mk, which lists its programs:
#   PROGRAMS := Hello                   executables, named as init.yaml's "path" (or class)
#   Hello-srcs := hello.c               sources of each, relative to the solution directory
#   Hello-cflags := -DEXTRA             optional
#   IDL_EDLS := echo/Server.edl         IPC: EDLs under specs/ that idlc compiles (headers for the
#                                       programs, the schemas the hypervisor validates against);
#                                       a solution with connections also has security.psl

SOLUTION_SYM := $(firstword $(filter-out CUSTOM CUSTOM_DIR,$(patsubst CONFIG_SOLUTION_%,%,\
	$(foreach v,$(filter CONFIG_SOLUTION_%,$(.VARIABLES)),$(if $(filter y,$($(v))),$(v))))))
ifeq ($(CONFIG_SOLUTION_CUSTOM),y)
SOLUTION_DIR := $(srctree)/$(call unquote,$(CONFIG_SOLUTION_CUSTOM_DIR))
else
SOLUTION_DIR := $(srctree)/partitions/examples/$(shell echo '$(SOLUTION_SYM)' | tr A-Z a-z)
endif
SOLUTION_NAME := $(notdir $(SOLUTION_DIR))
SOLUTION_OUT := $(O)/solution
IMAGES := $(SOLUTION_OUT)/images
PACKAGE := $(SOLUTION_OUT)/package.itb
MANIFEST := $(SOLUTION_OUT)/manifest.dtb
# The solution tool is einit (partitions/tools/solution/README.md): it also checks init.yaml
# against the EDLs found in the solution directory and the SDK specifications.
SOLUTION_TOOL := $(HOST_BIN)/einit

PROGRAMS :=
LINUX_GUESTS :=
IDL_EDLS :=
# auto.conf is made on the first pass, then make restarts: only then is the solution known.
ifneq ($(NEED_CONFIG),)
ifneq ($(wildcard $(O)/include/config/auto.conf),)
ifeq ($(wildcard $(SOLUTION_DIR)/solution.mk),)
$(error solution '$(SOLUTION_NAME)': $(SOLUTION_DIR)/solution.mk not found)
endif
include $(SOLUTION_DIR)/solution.mk
endif
endif

# IPC: idlc writes headers and schemas into $(SOLUTION_GEN); pslc compiles security.psl.
SOLUTION_GEN := $(SOLUTION_OUT)/gen
SOLUTION_GEN_STAMP := $(if $(IDL_EDLS),$(SOLUTION_GEN)/.stamp)
SOLUTION_POLICY := $(if $(wildcard $(SOLUTION_DIR)/security.psl),$(SOLUTION_OUT)/policy.psli)
SOLUTION_IPC_SPECS := $(shell find $(SOLUTION_DIR) -name '*.edl' -o -name '*.cdl' -o -name '*.idl' 2>/dev/null)
ifneq ($(IDL_EDLS),)
$(SOLUTION_GEN_STAMP): $(IDLC) $(SOLUTION_IPC_SPECS)
	$(Q)rm -rf $(SOLUTION_GEN) && mkdir -p $(SOLUTION_GEN)
	@echo "  IDLC    $(SOLUTION_NAME): $(IDL_EDLS)"
	$(Q)$(IDLC) -I $(SOLUTION_DIR)/specs -o $(SOLUTION_GEN) --schema \
		$(addprefix $(SOLUTION_DIR)/specs/,$(IDL_EDLS))
	$(Q)touch $@
endif
ifneq ($(SOLUTION_POLICY),)
$(SOLUTION_POLICY): $(SOLUTION_DIR)/security.psl $(PSLC) $(SOLUTION_IPC_SPECS)
	$(Q)mkdir -p $(dir $@)
	@echo "  PSLC    $(SOLUTION_NAME)/security.psl"
	$(Q)$(PSLC) -I $(SOLUTION_DIR)/specs -I $(SOLUTION_DIR) -o $@ $(SOLUTION_DIR)/security.psl
endif

# One program: objects and the ELF with debug information in $(SOLUTION_OUT)/<prog>/ (for
# gdb), the stripped ELF that goes into the boot package in $(IMAGES)/<prog>.
define program_rules
$(1)-objs := $$(patsubst %.c,$(SOLUTION_OUT)/$(1)/%.o,$$($(1)-srcs))
$(SOLUTION_OUT)/$(1)/%.o: $(SOLUTION_DIR)/%.c $(AUTOCONF) $(SOLUTION_GEN_STAMP) | $(DEPS_STAMP)
	$(Q)mkdir -p $$(dir $$@)
	@echo "  CC      $(SOLUTION_NAME)/$$*.c"
	$(Q)$(TARGET_CC) $(PARTITION_CFLAGS) $(if $(IDL_EDLS),-I$(SOLUTION_GEN)) $$($(1)-cflags) \
		-c $$< -o $$@
$(SOLUTION_OUT)/$(1)/$(1).elf: $$($(1)-objs) $(LIBKOS_ALWAYS) $(LIBKOS_LIB) $(srctree)/libkos/partition.lds
	$(Q)mkdir -p $$(dir $$@)
	@echo "  LD      $(1)"
	$(Q)$(TARGET_CC) $(PARTITION_LDFLAGS) $(LIBKOS_ALWAYS) $$($(1)-objs) \
		-Wl,--start-group $(LIBKOS_LIB) -lc -lgcc -Wl,--end-group -o $$@
$(IMAGES)/$(1): $(SOLUTION_OUT)/$(1)/$(1).elf
	$(Q)mkdir -p $$(dir $$@)
	$(Q)$(TARGET_OBJCOPY) --strip-debug $$< $$@
-include $$($(1)-objs:.o=.d)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rules,$(p))))

# A solution with a policy may run the security monitor (init.yaml: an entity with
# `partition: { role: monitor }` whose executable is Monitor, built in security-monitor/).
MONITOR_IMAGE := $(if $(SOLUTION_POLICY),$(IMAGES)/Monitor)
ifneq ($(MONITOR_IMAGE),)
$(MONITOR_IMAGE): $(MONITOR_ELF)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TARGET_OBJCOPY) --strip-debug $< $@
endif

LINUX_GUESTS ?=
include $(srctree)/partitions/linux/build.mk

SOLUTION_TOOL_SRCS := $(wildcard $(srctree)/partitions/tools/solution/*.c)
$(SOLUTION_TOOL): $(SOLUTION_TOOL_SRCS) $(wildcard $(srctree)/partitions/tools/solution/*.h) \
		$(srctree)/hyp/include/uapi/bulkhead/manifest.h $(SPECS_LIB) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@echo "  HOSTCC  $(notdir $@)"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -g $(WARN) $(UAPI_INC) $(SPECS_INC) \
		-DEINIT_SDK_DIR='"$(SPECS_SDK_DIR)"' $(SOLUTION_TOOL_SRCS) $(SPECS_LIB) -lyaml -lfdt -lnettle -o $@

HOST_TOOLS += $(SOLUTION_TOOL)

SOLUTION_SPECS := $(SOLUTION_IPC_SPECS)
$(PACKAGE): $(SOLUTION_DIR)/init.yaml $(CONFIG) $(SOLUTION_TOOL) $(addprefix $(IMAGES)/,$(PROGRAMS)) $(MONITOR_IMAGE) \
		$(SOLUTION_SPECS) $(SOLUTION_GEN_STAMP) $(SOLUTION_POLICY)
	@echo "  PACK    $(SOLUTION_NAME) -> $(notdir $@)"
	$(Q)$(SOLUTION_TOOL) --config $(CONFIG) --init $(SOLUTION_DIR)/init.yaml --images $(IMAGES) \
		--solution $(SOLUTION_NAME) --manifest $(MANIFEST) --its $(SOLUTION_OUT)/package.its \
		--dts $(SOLUTION_OUT)/manifest.dts --chunks $(SOLUTION_OUT)/chunk-digests.bin -I $(SOLUTION_DIR) $(if $(wildcard $(SOLUTION_DIR)/specs),-I $(SOLUTION_DIR)/specs) \
		$(if $(IDL_EDLS),--schemas $(SOLUTION_GEN)) $(if $(SOLUTION_POLICY),--policy $(SOLUTION_POLICY))
	$(Q)SOURCE_DATE_EPOCH=0 mkimage -f $(SOLUTION_OUT)/package.its $@.tmp >$(SOLUTION_OUT)/mkimage.log || \
		{ cat $(SOLUTION_OUT)/mkimage.log; exit 1; }
	$(Q)mv $@.tmp $@
