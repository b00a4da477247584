# SPDX-License-Identifier: GPL-2.0-only
# The PSL front end (and, for inputs that compile, the engine) under libFuzzer. The PSL sources
# are instrumented; libspecs (EDL/CDL/IDL, fuzzed by idl_parser) is linked as built.
FUZZ_TARGETS += psl_parser
psl_parser-srcs := $(srctree)/tests/fuzz/psl_parser/fuzz_psl_parser.c $(PSL_ENGINE_SRCS) \
	$(PSLC_SRCS) $(PSL_OUT)/parser.c $(PSL_OUT)/lexer.c $(SPECS_LIB)
psl_parser-cflags := $(PSL_INC) -I$(PSL_DIR)/pslc -I$(PSL_OUT) $(SPECS_INC) \
	-DPSL_FUZZ_INCLUDE='"$(srctree)/tests/unit/security-monitor/specs", \
	"$(PSL_STDLIB_DIR)", "$(SPECS_SDK_DIR)"'
psl_parser-deps := $(PSL_GEN)
