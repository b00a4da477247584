# SPDX-License-Identifier: GPL-2.0-only
# The Linux guest recipe. A solution's solution.mk names its Linux partitions' images:
#   LINUX_GUESTS := linux          kernel image $(IMAGES)/linux, initramfs $(IMAGES)/linux.cpio
#   linux-rootfs := rootfs         optional: a directory of the solution copied into the initramfs
#   linux-progs := tool.c          optional: C programs of the solution, built static against
#                                  Debian's glibc for arm64 (libc6-dev-arm64-cross), /usr/bin/tool
# The kernel and busybox come from Debian's arm64 packages (fetch.sh), cached in
# $(DEPS_DIR)/linux; the initramfs is made by mkinitramfs.py from busybox, init and the extra
# files (the solution's, then CONFIG_LINUX_GUEST_INITRAMFS_EXTRA's).

LINUX_CACHE := $(DEPS_DIR)/linux
LINUX_CC := aarch64-linux-gnu-gcc
LINUX_DIR := $(srctree)/partitions/linux
LINUX_EXTRA := $(if $(call unquote,$(CONFIG_LINUX_GUEST_INITRAMFS_EXTRA)),\
	$(srctree)/$(call unquote,$(CONFIG_LINUX_GUEST_INITRAMFS_EXTRA)))

$(LINUX_CACHE)/VERSION: $(LINUX_DIR)/fetch.sh | $(DEPS_STAMP)
	$(Q)$(LINUX_DIR)/fetch.sh $(LINUX_CACHE)
	$(Q)touch $@

define linux_guest_rules
$(1)-rootfs-dir := $$(if $$($(1)-rootfs),$(SOLUTION_DIR)/$$($(1)-rootfs))
$(1)-progs-dir := $$(if $$($(1)-progs),$(IMAGES)/$(1)-progs)
$(1)-progs-bins := $$(patsubst %.c,$$($(1)-progs-dir)/usr/bin/%,$$($(1)-progs))
$$($(1)-progs-dir)/usr/bin/%: $(SOLUTION_DIR)/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $$(dir $$@)
	@echo "  LINUXCC $$(notdir $$@)"
	$(Q)$(LINUX_CC) -std=gnu11 -O2 $(WARN) -static -o $$@ $$<
$(IMAGES)/$(1): $(LINUX_CACHE)/VERSION
	$(Q)mkdir -p $$(dir $$@)
	@echo "  KERNEL  $(1) <- $$$$(head -n 1 $(LINUX_CACHE)/VERSION)"
	$(Q)ln -sf $(LINUX_CACHE)/Image $$@
$(IMAGES)/$(1).cpio: $(LINUX_CACHE)/VERSION $(LINUX_DIR)/init $(LINUX_DIR)/mkinitramfs.py $(CONFIG) \
		$$(if $$(strip $$($(1)-rootfs-dir) $(LINUX_EXTRA)),$$(shell find $$($(1)-rootfs-dir) \
			$(LINUX_EXTRA) -type f 2>/dev/null)) $$($(1)-progs-bins)
	$(Q)mkdir -p $$(dir $$@)
	@echo "  CPIO    $(1).cpio"
	$(Q)$(PYTHON) $(LINUX_DIR)/mkinitramfs.py --busybox $(LINUX_CACHE)/busybox \
		--init $(LINUX_DIR)/init $$(addprefix --extra ,$$($(1)-rootfs-dir) \
			$$($(1)-progs-dir) $(LINUX_EXTRA)) --out $$@
$(PACKAGE): $(IMAGES)/$(1) $(IMAGES)/$(1).cpio
endef
$(foreach g,$(LINUX_GUESTS),$(eval $(call linux_guest_rules,$(g))))
