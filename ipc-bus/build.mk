# SPDX-License-Identifier: GPL-2.0-only
# ipc-bus/: host side for now — the EDL/CDL/IDL front end (libspecs), the message schema and
# validator (msg/, freestanding C also built for the host) and idlc. Included by the top
# Makefile when present.

SPECS_DIR := $(srctree)/ipc-bus/specs
SPECS_OUT := $(HOST_OBJ)/ipc-bus/specs
SPECS_LIB := $(SPECS_OUT)/libspecs.a
SPECS_INC := -I$(SPECS_DIR)/include
SPECS_GEN := $(SPECS_OUT)/parser.c $(SPECS_OUT)/parser.h $(SPECS_OUT)/lexer.c $(SPECS_OUT)/lexer.h
SPECS_SRCS := $(wildcard $(SPECS_DIR)/src/*.c)
SPECS_OBJS := $(patsubst $(SPECS_DIR)/src/%.c,$(SPECS_OUT)/%.o,$(SPECS_SRCS)) \
	$(SPECS_OUT)/parser.o $(SPECS_OUT)/lexer.o
SPECS_CFLAGS := $(HOST_CFLAGS) $(SPECS_INC) -I$(SPECS_DIR)/src -I$(SPECS_OUT) -MMD -MP
# The default search path of idlc, einit and pslc: the SDK specifications shipped here.
SPECS_SDK_DIR := $(srctree)/ipc-bus/sdk

# Grouped targets (&:): one bison run makes both files, even under -j.
$(SPECS_OUT)/parser.c $(SPECS_OUT)/parser.h &: $(SPECS_DIR)/src/parser.y | $(DEPS_STAMP)
	$(Q)mkdir -p $(SPECS_OUT)
	@echo "  BISON   ipc-bus/specs/parser.y"
	$(Q)bison -Wall -Werror -o $(SPECS_OUT)/parser.c --header=$(SPECS_OUT)/parser.h $<

$(SPECS_OUT)/lexer.c $(SPECS_OUT)/lexer.h &: $(SPECS_DIR)/src/lexer.l | $(DEPS_STAMP)
	$(Q)mkdir -p $(SPECS_OUT)
	@echo "  FLEX    ipc-bus/specs/lexer.l"
	$(Q)flex -o $(SPECS_OUT)/lexer.c --header-file=$(SPECS_OUT)/lexer.h $<

# Generated scanners trip -Wextra in code we do not write; the grammar actions are ours.
$(SPECS_OUT)/lexer.o: $(SPECS_OUT)/lexer.c $(SPECS_OUT)/parser.h
	@echo "  HOSTCC  ipc-bus/specs/lexer.c"
	$(Q)$(HOSTCC) $(SPECS_CFLAGS) -Wno-sign-compare -Wno-unused-function -c $< -o $@

$(SPECS_OUT)/parser.o: $(SPECS_OUT)/parser.c $(SPECS_OUT)/lexer.h
	@echo "  HOSTCC  ipc-bus/specs/parser.c"
	$(Q)$(HOSTCC) $(SPECS_CFLAGS) -c $< -o $@

$(SPECS_OUT)/%.o: $(SPECS_DIR)/src/%.c $(SPECS_OUT)/parser.h $(SPECS_OUT)/lexer.h
	@echo "  HOSTCC  ipc-bus/specs/$*.c"
	$(Q)$(HOSTCC) $(SPECS_CFLAGS) -c $< -o $@

$(SPECS_LIB): $(SPECS_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

-include $(SPECS_OBJS:.o=.d)

.PHONY: specs
specs: $(SPECS_LIB)

# ---- message schema and validation (freestanding C; here built for the host) ----
MSG_DIR := $(srctree)/ipc-bus/msg
MSG_INC := -I$(MSG_DIR)/include
MSG_SRCS := $(MSG_DIR)/src/schema.c $(MSG_DIR)/src/validate.c

# ---- idlc ----
IDLC := $(HOST_BIN)/idlc
IDLC_SRCS := $(wildcard $(srctree)/ipc-bus/idlc/*.c)
$(IDLC): $(IDLC_SRCS) $(wildcard $(srctree)/ipc-bus/idlc/*.h) $(SPECS_LIB) $(MSG_SRCS) \
		$(wildcard $(MSG_DIR)/include/msg/*.h) $(srctree)/hyp/include/uapi/bulkhead/msg.h
	$(Q)mkdir -p $(dir $@)
	@echo "  HOSTCC  $(notdir $@)"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SPECS_INC) $(MSG_INC) $(UAPI_INC) \
		-DIDLC_SDK_DIR='"$(SPECS_SDK_DIR)"' $(IDLC_SRCS) $(MSG_SRCS) $(SPECS_LIB) -o $@

HOST_TOOLS += $(IDLC)
