/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 translation tables of a partition (ARMv8 VMSAv8-64, 4 KiB granule, 39-bit IPA,
 * walk starting at level 1, so VTCR_EL2.T0SZ = 25 and SL0 = 1). Mappings use 2 MiB blocks
 * where IPA, PA and size allow, 4 KiB pages elsewhere. Tables come from page_alloc.
 * Not thread safe: the caller serialises operations on one struct stage2 (partition lock).
 */
#ifndef HYP_STAGE2_H
#define HYP_STAGE2_H

#include <stdbool.h>
#include <hyp/addr.h>

#define STAGE2_IPA_BITS 39

enum stage2_attr {
	S2_NORMAL_RWX, /* partition RAM: normal write-back memory, read/write/execute */
	S2_NORMAL_RO,  /* read-only, execute-never (shared read-only data) */
	S2_DEVICE_RW,  /* granted MMIO: device-nGnRE, execute-never */
	S2_DEVICE_RO,  /* granted MMIO mapped read-only */
};

struct stage2 {
	paddr_t root;  /* level-1 table */
	uint16_t vmid;
};

/* Returns rcOk, or rcOutOfMemory when no page is left for the root table. */
int stage2_init(struct stage2 *s2, uint16_t vmid);

/*
 * Map [ipa, ipa + size) to [pa, pa + size). All three must be 4 KiB aligned; size > 0; the
 * range must fit the IPA space, the PA range 48 bits, and must not overlap an existing mapping.
 * Returns rcOk, rcInvalidArgument (alignment, range, overlap) or rcOutOfMemory (tables); on
 * failure nothing stays mapped from this call and the tables it took are freed.
 */
int stage2_map(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size, enum stage2_attr attr);

/*
 * Remove mappings in [ipa, ipa + size) (a 2 MiB block is split when partly unmapped) and
 * invalidate the TLB for the VMID; tables left empty are freed. Unmapped holes are fine.
 * Returns rcOk, rcInvalidArgument (alignment, range) or rcOutOfMemory (no page to split a
 * block; nothing changed). Splitting follows break-before-make, so the whole 2 MiB block is
 * briefly unmapped: a vCPU touching it then takes a stage-2 fault that must be retried.
 */
int stage2_unmap(struct stage2 *s2, ipaddr_t ipa, uint64_t size);

/* Walk the tables: true and the PA (and attribute) when ipa is mapped. pa and attr may be
 * NULL. */
bool stage2_translate(const struct stage2 *s2, ipaddr_t ipa, paddr_t *pa, enum stage2_attr *attr);

/* Free every table (not the mapped memory) and invalidate the TLB for the VMID. The
 * partition's vCPUs must be stopped and its VTTBR no longer loaded. */
void stage2_destroy(struct stage2 *s2);

/* Architecture hooks, implemented in hyp/arch/arm64 and by a no-op in host tests. */
void arch_stage2_tlb_flush_vmid(uint16_t vmid);
void arch_stage2_table_sync(void); /* barrier after descriptor writes */

#endif
