# SPDX-License-Identifier: GPL-2.0-only
# The EDL/CDL/IDL front end on arbitrary text: parse, resolve (with the SDK on the search
# path, so imports resolve), and format errors. Built from the sources, instrumented.
FUZZ_TARGETS += idl_parser
idl_parser-srcs := $(srctree)/tests/fuzz/idl_parser/fuzz_idl_parser.c \
	$(wildcard $(srctree)/ipc-bus/specs/src/*.c) $(SPECS_OUT)/parser.c $(SPECS_OUT)/lexer.c
idl_parser-cflags := $(SPECS_INC) -I$(srctree)/ipc-bus/specs/src -I$(SPECS_OUT) \
	-DBH_SPECS_SDK_DIR='"$(SPECS_SDK_DIR)"'
idl_parser-deps := $(SPECS_OUT)/parser.h $(SPECS_OUT)/lexer.h \
	$(wildcard $(srctree)/ipc-bus/specs/src/*.h $(srctree)/ipc-bus/specs/include/specs/*.h)
