# SPDX-License-Identifier: GPL-2.0-only
# Tests of security-monitor/: parser, semantic checks, models, engine, image, verdict table,
# regex, audit, the example policies and the pslc command line.
UNIT_SRCS += tests/unit/security-monitor/support.c
UNIT_SRCS += tests/unit/security-monitor/test_parser.c
UNIT_SRCS += tests/unit/security-monitor/test_errors.c
UNIT_SRCS += tests/unit/security-monitor/test_models.c
UNIT_SRCS += tests/unit/security-monitor/test_mic.c
UNIT_SRCS += tests/unit/security-monitor/test_engine.c
UNIT_SRCS += tests/unit/security-monitor/test_regex.c
UNIT_SRCS += tests/unit/security-monitor/test_verdict.c
UNIT_SRCS += tests/unit/security-monitor/test_policies.c
UNIT_SRCS += tests/unit/security-monitor/test_plan.c
