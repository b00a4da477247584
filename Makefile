# SPDX-License-Identifier: GPL-2.0-only
#
# Bulkhead: the one entry point for every action. "make help" lists them.
#
# Everything is built in $(O) (default: build/), including .config, so several configurations
# can live side by side: make O=build/other qemu_virt_hello_defconfig && make O=build/other run

O ?= build
override O := $(abspath $(O))
srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VPATH := $(srctree)

# Debian's python3 carries kconfiglib; a python3 earlier on PATH (pyenv, venv) may not.
PYTHON := /usr/bin/python3
CROSS_COMPILE ?= aarch64-linux-gnu-
HOSTCC ?= gcc
QEMU ?= qemu-system-aarch64
Q := $(if $(V),,@)

KCONFIG_ENV := srctree=$(srctree) KCONFIG_CONFIG=$(O)/.config
CONFIG := $(O)/.config
AUTOCONF := $(O)/include/generated/autoconf.h

# Targets that work without a configuration.
NOCONFIG_TARGETS := help %_defconfig menuconfig deps clean distclean test unit-test \
	qemu-test tools test-images test-image-% bench
CONFIG_TARGETS := $(filter-out $(NOCONFIG_TARGETS),$(or $(MAKECMDGOALS),all))
NEED_CONFIG := $(strip $(foreach t,$(CONFIG_TARGETS),$(if $(filter $(NOCONFIG_TARGETS),$(t)),,$(t))))

.DEFAULT_GOAL := all
.PHONY: all help deps menuconfig savedefconfig olddefconfig run debug test unit-test qemu-test \
	tools clean distclean hyp libkos solution qemu-cmd print-qemu-cmd

# The rules name the build directory's files by absolute path; a goal that names one relative
# to here (make build/tests/bulkhead-tests) means the same file.
REL_GOALS := $(foreach g,$(filter-out /%,$(MAKECMDGOALS)),$(if $(filter $(O)/%,$(abspath $(g))),$(g)))
.PHONY: $(REL_GOALS)
$(foreach g,$(REL_GOALS),$(eval $(g): $(abspath $(g))))

help:
	@echo 'Bulkhead — configure, build and boot a partitioned solution on QEMU virt'
	@echo
	@echo '  make run                  set up, configure (qemu_virt_defconfig), build and boot in QEMU'
	@echo '  make test                 the whole test suite (host unit tests + QEMU scenarios)'
	@echo '  make <name>_defconfig     configure from configs/<name>_defconfig:'
	@cd $(srctree)/configs && ls *_defconfig | sed 's/^/                              /'
	@echo '  make menuconfig           edit the configuration (kconfiglib)'
	@echo '  make savedefconfig        write the minimal configuration to $$(O)/defconfig'
	@echo '  make                      build the hypervisor and the boot package'
	@echo '  make debug                boot with QEMU waiting for gdb-multiarch (the attach command is printed)'
	@echo '  make bench                instruction counts (deterministic) and boot times (docs/benchmarks.md)'
	@echo '  make tools                build the host tools into $$(O)/host/bin and $$(O)/tools'
	@echo '  make deps                 install missing Debian packages and fetch libfdt source'
	@echo '  make clean | distclean    remove build outputs | and the configuration and downloads'
	@echo
	@echo 'Variables: O=<dir> (build directory, default build/), ACCEL=tcg|kvm (QEMU accelerator),'
	@echo '           V=1 (show commands), QEMU_ARGS=... (extra QEMU arguments)'

# ---- dependencies -----------------------------------------------------------------------------
# scripts/deps.sh check is a handful of stat() calls; apt-get only runs when something is missing.
# Downloads are cached in DEPS_DIR; the test images' builds share the top-level one.
DEPS_DIR ?= $(O)/deps
DEPS_STAMP := $(DEPS_DIR)/.installed
LIBFDT_SRC := $(DEPS_DIR)/libfdt

$(DEPS_STAMP): $(srctree)/scripts/packages.txt
	$(Q)mkdir -p $(dir $@)
	$(Q)$(srctree)/scripts/deps.sh check || $(srctree)/scripts/deps.sh install
	$(Q)touch $@

$(LIBFDT_SRC)/fdt.c: | $(DEPS_STAMP)
	$(Q)$(srctree)/scripts/deps.sh source $(DEPS_DIR)

deps: $(DEPS_STAMP) $(LIBFDT_SRC)/fdt.c

# ---- configuration ----------------------------------------------------------------------------
# configs/ holds the solutions users build; tests/qemu/configs/ those the test suite boots.
DEFCONFIG_FILE = $(firstword $(wildcard $(srctree)/configs/$@ $(srctree)/tests/qemu/configs/$@ \
	$(srctree)/tests/bench/configs/$@))
%_defconfig: $(DEPS_STAMP)
	$(Q)test -n "$(DEFCONFIG_FILE)" || { echo "no such configuration: configs/$@"; exit 1; }
	$(Q)mkdir -p $(O)
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m defconfig --kconfig Kconfig $(DEFCONFIG_FILE) >/dev/null
	$(Q)echo "configured $(O) from $(DEFCONFIG_FILE:$(srctree)/%=%)"

menuconfig: $(DEPS_STAMP)
	$(Q)mkdir -p $(O)
	$(Q)cd $(srctree) && $(KCONFIG_ENV) MENUCONFIG_STYLE=aquatic $(PYTHON) -m menuconfig Kconfig

savedefconfig: $(CONFIG)
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m savedefconfig --kconfig Kconfig --out $(O)/defconfig
	$(Q)echo "wrote $(O)/defconfig"

olddefconfig: $(CONFIG)
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m olddefconfig Kconfig >/dev/null

# No configuration yet: take the default one, so that a plain "make run" works on a fresh clone.
$(CONFIG): | $(DEPS_STAMP)
	$(Q)echo "no configuration in $(O): using configs/qemu_virt_defconfig"
	$(Q)$(MAKE) -f $(srctree)/Makefile --no-print-directory O=$(O) qemu_virt_defconfig

$(AUTOCONF) $(O)/include/config/auto.conf: $(CONFIG) $(shell find $(srctree) -name 'Kconfig*' -not -path '*/build/*')
	$(Q)mkdir -p $(dir $(AUTOCONF)) $(O)/include/config
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m olddefconfig Kconfig >/dev/null
	$(Q)cd $(srctree) && $(KCONFIG_ENV) $(PYTHON) -m genconfig --header-path $(AUTOCONF) \
		--config-out $(O)/include/config/auto.conf Kconfig

ifneq ($(NEED_CONFIG),)
-include $(O)/include/config/auto.conf
endif
# Kconfig strings arrive quoted in auto.conf.
unquote = $(patsubst "%",%,$(1))

# ---- compilers --------------------------------------------------------------------------------
TARGET_CC := $(CROSS_COMPILE)gcc
TARGET_LD := $(CROSS_COMPILE)ld
TARGET_OBJCOPY := $(CROSS_COMPILE)objcopy
TARGET_AR := $(CROSS_COMPILE)ar
WARN := -Wall -Wextra -Werror -Wno-unused-parameter
COMMON_TARGET_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-common -fno-pie \
	-fno-stack-protector -mcpu=cortex-a57 -mno-outline-atomics -include $(AUTOCONF) -MMD -MP
UAPI_INC := -I$(srctree)/hyp/include

# Host tools (idlc, pslc, the solution tool) land in $(HOST_BIN); each build.mk that makes one adds
# it to HOST_TOOLS, and host libraries the unit tests link go through the UNIT_* variables of
# tests/build.mk. ipc-bus/ and security-monitor/ are included when they exist.
HOST_BIN := $(O)/host/bin
HOST_OBJ := $(O)/host/obj
HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN)
HOST_TOOLS :=
UNIT_CFLAGS :=
UNIT_LIBS :=
UNIT_DEPS :=
UNIT_GEN_SRCS :=

include $(srctree)/hyp/build.mk
include $(srctree)/libkos/build.mk
include $(wildcard $(srctree)/ipc-bus/build.mk)
include $(wildcard $(srctree)/security-monitor/build.mk)
include $(srctree)/partitions/build.mk
include $(srctree)/tests/build.mk

tools: $(HOST_TOOLS)

all: $(HYP_IMAGE) $(PACKAGE)

hyp: $(HYP_IMAGE)
libkos: $(LIBKOS_LIB)
solution: $(PACKAGE)

# ---- running ----------------------------------------------------------------------------------
ACCEL ?= $(call unquote,$(CONFIG_QEMU_ACCEL))
QEMU_MACHINE := virt,virtualization=on,gic-version=3
QEMU_CPU := max,pauth-impdef=on
ifeq ($(ACCEL),kvm)
# KVM cannot emulate EL2 for us unless the host kernel runs KVM with nested virtualisation.
QEMU_ACCEL_ARGS := -accel kvm -cpu host
else
QEMU_ACCEL_ARGS := -accel tcg -cpu $(QEMU_CPU)
endif
QEMU_CMD = $(QEMU) -M $(QEMU_MACHINE) $(QEMU_ACCEL_ARGS) -smp $(CONFIG_NR_CPUS) -m $(CONFIG_RAM_MB) \
	-nographic -nic none -no-reboot -kernel $(HYP_IMAGE) -initrd $(PACKAGE) $(call unquote,$(CONFIG_QEMU_EXTRA_ARGS)) $(QEMU_ARGS)

run: all
	@echo "booting $(notdir $(SOLUTION_DIR)) — Ctrl-A X quits QEMU"
	$(QEMU_CMD)

debug: all
	@echo "QEMU waits for a debugger. In another terminal:"
	@echo "  gdb-multiarch $(HYP_ELF) -ex 'target remote localhost:1234'"
	@echo "  (a partition's symbols: add-symbol-file $(O)/solution/<Executable>/<Executable>.elf)"
	$(QEMU_CMD) -S -gdb tcp::1234

print-qemu-cmd: all
	@echo '$(QEMU_CMD)'

# The command line the QEMU scenario tests start (tests/qemu/harness.c reads it).
qemu-cmd: all
	$(Q)echo '$(QEMU_CMD)' > $(O)/qemu.cmd

# ---- cleaning ---------------------------------------------------------------------------------
clean:
	$(Q)rm -rf $(O)/hyp $(O)/libkos $(O)/solution $(O)/tools $(O)/host $(O)/tests $(O)/libfdt

distclean:
	$(Q)rm -rf $(O)
