// SPDX-License-Identifier: GPL-2.0-only
/* The SHA-256 hook of hyp/sha256.h: the cryptographic extension when the CPU has it. */
#include <stdbool.h>

#include <hyp/sha256.h>

#include <arch/sysreg.h>
#include <arch/vcpu.h>

void sha256_ce_blocks(uint32_t state[8], const uint8_t *data, size_t nblocks, const uint32_t *k);

size_t sha256_blocks_arch(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	/* ID_AA64ISAR0_EL1.SHA2, bits [15:12]: 1 = SHA256H and friends. */
	if (((read_sysreg(id_aa64isar0_el1) >> 12) & 0xf) == 0)
		return 0;
	/* The vector registers may hold a partition's values: sha256_ce_blocks saves what it
	 * uses, and the lazy FP trap is lifted only around it. */
	fpsimd_hyp_begin();
	sha256_ce_blocks(state, data, nblocks, sha256_k);
	fpsimd_hyp_end();
	return nblocks;
}
