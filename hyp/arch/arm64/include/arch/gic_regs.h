/* SPDX-License-Identifier: GPL-2.0-only */
/* GICv3 system registers of the CPU interface and of its virtualisation (ICH_*). */
#ifndef ARCH_GIC_REGS_H
#define ARCH_GIC_REGS_H

#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_SGI1R_EL1 S3_0_C12_C11_5

#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_MISR_EL2 S3_4_C12_C11_2
#define ICH_VMCR_EL2 S3_4_C12_C11_7

#define ICC_CTLR_EOIMODE (1u << 1)

#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)

#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_PENDING (1ull << 62)
#define ICH_LR_ACTIVE (1ull << 63)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_GROUP1 (1ull << 60)
#define ICH_LR_EOI (1ull << 41)
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_PINTID_SHIFT 32

/* The EL2 interrupts the hypervisor itself takes. */
#define INTID_MAINTENANCE 25u /* PPI 9 */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
/* gicv3.c */
void gic_enable_spi(uint32_t intid); /* route to CPU 0, enable */
void gic_deactivate(uint32_t intid);
/* SPIs passed through to Linux guests (vgic.c), through the distributor. */
void gic_spi_set_pending(uint32_t intid);
bool gic_spi_is_pending(uint32_t intid);
void gic_spi_clear(uint32_t intid);	 /* neither pending nor active */
void gic_spi_clear_pending(uint32_t intid);
void gic_spi_deactivate(uint32_t intid); /* no longer active (from any CPU) */
void gic_spi_set_target(uint32_t intid, uint32_t cpu);
void gic_spi_set_edge(uint32_t intid, bool edge); /* caller holds sched_lock */
#endif

#endif
