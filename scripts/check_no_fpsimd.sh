#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The hypervisor must not touch FP/SIMD registers outside the few functions that save what
# they use or switch the partitions' state (hyp/arch/arm64/fpsimd.c): those registers belong
# to whichever vCPU owns them, and with the lazy switch an access traps at EL2. The C code is
# built with -mgeneral-regs-only, but library code linked in (libgcc) is not; this catches it.
#   check_no_fpsimd.sh ELF OBJDUMP
elf=$1
objdump=${2:-aarch64-linux-gnu-objdump}
allowed='fpsimd_save|fpsimd_load|sha256_ce_blocks'
bad=$($objdump -d --no-show-raw-insn "$elf" | awk -v allowed="^<($allowed)>:$" '
	/^[0-9a-f]+ <.*>:$/ { fn = $2; next }
	fn ~ allowed { next }
	# a branch names only its target (in an object file a small hex offset, like "d0")
	/\t(b|bl|b\.[a-z]+|cbz|cbnz|tbz|tbnz)\t/ { next }
	/\t[a-z0-9.]+\t/ {
		# an operand that names a vector/FP register (v0.16b, q1, d2, s3, h4, b5) or FPCR/FPSR
		ops = $0; sub(/^[^\t]*\t[^\t]*\t/, "", ops); sub(/\/\/.*/, "", ops)
		if (ops ~ /(^|[ ,{\[])([vqdshb][0-9]+)([ ,.}\]]|$)/ || ops ~ /fp[cs]r/)
			print fn ": " $0
	}' | head -n 5)
if [ -n "$bad" ]; then
	echo "$elf: FP/SIMD instructions outside $allowed:" >&2
	echo "$bad" >&2
	exit 1
fi
