/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* A 64-bit constant in C and in assembly (vcpu_switch.S, vectors.S). */
#ifdef __ASSEMBLER__
#define U64_C(x) x
#else
#define U64_C(x) x##ull
#include <stdint.h>

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#endif

/* HCR_EL2 */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_FB (1ull << 9)
#define HCR_BSU_IS (1ull << 10)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID2 (1ull << 17)
#define HCR_TID3 (1ull << 18)
#define HCR_TSC (1ull << 19)
#define HCR_TVM (1ull << 26)
#define HCR_RW (1ull << 31)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)

/* Every vCPU runs at EL1 with stage 2 on; its interrupts, WFI and SMC come to us. Pointer
 * authentication instructions run untrapped (API); the key registers are a Linux guest's only
 * (APK, and guest_save keeps them): a secure partition's access traps, since it would read
 * the keys a guest left on its CPU. */
#define HCR_EL1_BASE (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		      HCR_TWI | HCR_TSC | HCR_RW | HCR_API)
/* A secure partition's writes of the EL1 virtual memory registers trap too (vm_regs_trap.c):
 * libkos writes them once at start, and a switch then need not read them back; so do its
 * accesses of CSSELR_EL1 and the cache ID registers (TID2, el1_cfg_trap.c), which it has no
 * reason to make often, so that a switch need not move CSSELR_EL1. */
#define HCR_PARTITION (HCR_EL1_BASE | HCR_TVM | HCR_TID2)
/* A Linux guest has its ID registers read through us (to hide SVE, SME, ...) and its WFE
 * trapped (so that a spinning vCPU yields); not TVM: Linux writes TTBR0 on every context
 * switch. */
#define HCR_GUEST (HCR_EL1_BASE | HCR_TID3 | HCR_TWE | HCR_APK)

/* ESR_ELx */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_IABT_LOW 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_SP_ALIGN 0x26
#define EC_BRK 0x3c
#define EC_SYSREG 0x18
#define ESR_DABT_WNR (1u << 6)
#define ESR_DABT_ISV (1u << 24)
#define ESR_DABT_SAS(esr) (((esr) >> 22) & 3)
#define ESR_DABT_SSE (1u << 21)
#define ESR_DABT_SRT(esr) (((esr) >> 16) & 0x1f)
#define ESR_DABT_SF (1u << 15)
#define ESR_IL (U64_C(1) << 25)
/* The syndrome of HVC #0 from AArch64, the only one a hypercall has (vectors.S tests it). */
#define ESR_HVC64_IMM0 (EC_HVC64 << ESR_EC_SHIFT | ESR_IL)
/* The ISS of a trapped MSR/MRS (EC_SYSREG): the register's encoding, Rt, the direction. */
#define SYSREG(op0, op1, crn, crm, op2)                                                         \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYSREG_MASK SYSREG(3, 7, 15, 15, 7)
#define ISS_RT(iss) (((iss) >> 5) & 0x1f)
#define ISS_READ 1u

/* SPSR: EL1h with D, A, I, F masked */
#define SPSR_EL1H_MASKED 0x3c5ull
#define SPSR_MODE_MASK 0xfull
#define SPSR_MODE_EL0T 0x0ull
#define SPSR_MODE_EL1T 0x4ull
#define SPSR_MODE_EL1H 0x5ull

/*
 * CPTR_EL2, CNTHCTL_EL2, MDCR_EL2. CPTR_EL2 holds the RES1 bits, TZ (bit 8: SVE is not offered
 * to partitions) and TCPAC: every vCPU's accesses of CPACR_EL1 trap (el1_cfg_trap.c), so that
 * the vCPU always holds its value and a switch never reads it back. For every vCPU, not only
 * secure ones: CPTR_EL2 is per CPU and rewritten by the lazy FP/SIMD trap, and a Linux guest
 * writes CPACR_EL1 only while it boots (it has no SVE or SME to turn on and off).
 */
#define CPTR_EL2_TCPAC (U64_C(1) << 31)
#define CPTR_EL2_BASE (U64_C(0x33ff) | CPTR_EL2_TCPAC)
#define CPTR_EL2_TFP_SHIFT 10
#define CPTR_EL2_TFP (U64_C(1) << CPTR_EL2_TFP_SHIFT)
#define CNTHCTL_EL1PCTEN (1ull << 0)
#define CNTHCTL_EL1PCEN (1ull << 1)

#endif
