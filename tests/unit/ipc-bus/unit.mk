# SPDX-License-Identifier: GPL-2.0-only
# The EDL/CDL/IDL front end (libspecs), idlc's generated code, the message schema and
# validator, the arena helpers and the transport calls of libkos (all built for the host).
UNIT_SRCS += tests/unit/ipc-bus/spec_files.c
UNIT_SRCS += tests/unit/ipc-bus/test_specs_parse.c
UNIT_SRCS += tests/unit/ipc-bus/test_specs_errors.c
UNIT_SRCS += tests/unit/ipc-bus/loopback.c tests/unit/ipc-bus/rt_server.c
UNIT_SRCS += tests/unit/ipc-bus/test_idlc_roundtrip.c
UNIT_SRCS += tests/unit/ipc-bus/test_idlc_corrupt.c
UNIT_SRCS += tests/unit/ipc-bus/test_idlc_examples.c

UNIT_SRCS += tests/unit/ipc-bus/test_schema.c
UNIT_SRCS += tests/unit/ipc-bus/test_arena.c
UNIT_SRCS += tests/unit/ipc-bus/test_transport.c tests/unit/ipc-bus/test_proxy_checks.c
UNIT_SRCS += ipc-bus/msg/src/schema.c ipc-bus/msg/src/validate.c libkos/src/nk/arena.c

# Headers idlc generates from tests/unit/ipc-bus/idl for the round-trip tests.
IDLC_TEST_GEN := $(TEST_OUT)/idlc-gen
IDLC_TEST_SPECS := $(wildcard $(srctree)/tests/unit/ipc-bus/idl/rt/*)
$(IDLC_TEST_GEN)/rt/Server.edl.h: $(IDLC) $(IDLC_TEST_SPECS)
	$(Q)rm -rf $(IDLC_TEST_GEN) && mkdir -p $(IDLC_TEST_GEN)
	@echo "  IDLC    tests/unit/ipc-bus/idl/rt/Server.edl"
	$(Q)$(IDLC) -I $(srctree)/tests/unit/ipc-bus/idl -o $(IDLC_TEST_GEN) \
		$(srctree)/tests/unit/ipc-bus/idl/rt/Server.edl

UNIT_CFLAGS += $(SPECS_INC) $(MSG_INC) -I$(srctree)/libkos/include -I$(IDLC_TEST_GEN) \
	-DBH_SPECS_SDK_DIR='"$(SPECS_SDK_DIR)"' -DBH_IDLC='"$(IDLC)"' -DBH_SRCTREE='"$(srctree)"'
UNIT_DEPS += $(SPECS_LIB) $(IDLC) $(IDLC_TEST_GEN)/rt/Server.edl.h
# The generated code and the transport tests inline libkos's nk/ headers.
UNIT_DEPS += $(wildcard $(srctree)/libkos/include/nk/*.h)
UNIT_LIBS += $(SPECS_LIB)
