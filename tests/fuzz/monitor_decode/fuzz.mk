# SPDX-License-Identifier: GPL-2.0-only
# The security monitor's decoder (security-monitor/monitor/decode.c): every message the
# validator accepts against the rt.Every schema (every IDL type) is decoded into a PSL value.
FUZZ_TARGETS += monitor_decode
monitor_decode-srcs := $(srctree)/tests/fuzz/monitor_decode/fuzz_monitor_decode.c \
	$(srctree)/security-monitor/monitor/decode.c $(srctree)/security-monitor/engine/value.c \
	$(srctree)/ipc-bus/msg/src/schema.c $(srctree)/ipc-bus/msg/src/validate.c
monitor_decode-cflags := $(MSG_INC) $(PSL_INC) -I$(srctree)/hyp/include -I$(srctree)/libkos/include \
	-I$(IDLC_TEST_GEN) -I$(srctree)/security-monitor/monitor
monitor_decode-deps := $(IDLC_TEST_GEN)/rt/Server.edl.h
