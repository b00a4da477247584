# SPDX-License-Identifier: GPL-2.0-only
# Hostile policy images through psl_image_load and, when accepted, the engine.
FUZZ_TARGETS += psl_image
psl_image-srcs := $(srctree)/tests/fuzz/psl_image/fuzz_psl_image.c $(PSL_ENGINE_SRCS)
psl_image-cflags := $(PSL_INC)
