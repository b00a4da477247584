# The EDL/CDL/IDL front end (libspecs) and what is built on it.
UNIT_SRCS += tests/unit/ipc-bus/spec_files.c
UNIT_SRCS += tests/unit/ipc-bus/test_specs_parse.c
UNIT_SRCS += tests/unit/ipc-bus/test_specs_errors.c
UNIT_CFLAGS += $(SPECS_INC) -DBH_SPECS_SDK_DIR='"$(SPECS_SDK_DIR)"'
UNIT_DEPS += $(SPECS_LIB)
UNIT_LIBS += $(SPECS_LIB)
