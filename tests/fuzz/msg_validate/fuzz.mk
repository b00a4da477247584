# SPDX-License-Identifier: GPL-2.0-only
# Message validation against the rt.Every schema (every IDL type), and schema checking of
# arbitrary blobs. The schema comes from the header idlc generates for the unit tests.
FUZZ_TARGETS += msg_validate
msg_validate-srcs := $(srctree)/tests/fuzz/msg_validate/fuzz_msg_validate.c \
	$(srctree)/ipc-bus/msg/src/schema.c $(srctree)/ipc-bus/msg/src/validate.c
msg_validate-cflags := $(MSG_INC) -I$(srctree)/libkos/include -I$(IDLC_TEST_GEN)
msg_validate-deps := $(IDLC_TEST_GEN)/rt/Server.edl.h $(wildcard $(MSG_DIR)/include/msg/*.h)
