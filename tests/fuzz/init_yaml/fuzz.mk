# SPDX-License-Identifier: GPL-2.0-only
# The init.yaml loader of einit on arbitrary bytes (libyaml itself is Debian's, uninstrumented).
FUZZ_TARGETS += init_yaml
init_yaml-srcs := $(srctree)/tests/fuzz/init_yaml/fuzz_init_yaml.c \
	$(srctree)/partitions/tools/solution/init_yaml.c $(srctree)/partitions/tools/solution/util.c \
	$(srctree)/partitions/tools/solution/config.c
init_yaml-cflags := -I$(srctree)/partitions/tools/solution
init_yaml-libs := -lyaml
init_yaml-deps := $(wildcard $(srctree)/partitions/tools/solution/*.h)
