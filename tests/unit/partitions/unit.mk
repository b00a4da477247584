UNIT_SRCS += hyp/core/manifest.c
UNIT_SRCS += tests/unit/partitions/solution_test.c
UNIT_SRCS += tests/unit/partitions/manifest_test.c
UNIT_SRCS += tests/unit/partitions/einit_check_test.c
UNIT_SRCS += tests/unit/partitions/manifest_devices_test.c
