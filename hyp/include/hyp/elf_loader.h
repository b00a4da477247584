/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loads a statically linked AArch64 ELF64 executable into a partition's RAM. Everything in
 * the file is distrusted: every offset, size and address is bounds-checked (with overflow
 * checks) before use.
 */
#ifndef HYP_ELF_LOADER_H
#define HYP_ELF_LOADER_H

#include <hyp/addr.h>

struct elf_dest {
	ipaddr_t ipa;   /* where the window starts in the partition's address space */
	void *hva;      /* the same window as the hypervisor sees it */
	uint64_t size;  /* bytes usable by segments */
};

/*
 * Copy every PT_LOAD segment into `dst` (zero-filling p_memsz beyond p_filesz; the rest of
 * the window is left untouched) and return the entry point. Requirements: ELFCLASS64,
 * little endian, EM_AARCH64, ET_EXEC, at least one PT_LOAD, every segment and the entry
 * inside the window, file ranges inside the file, p_filesz <= p_memsz, no overlapping
 * segments. Returns rcOk, or rcInvalidArgument with *err naming the problem (for example
 * "segment 1 file range 0x1000+0x2000 is past the end of the file (0x1800 bytes)").
 *
 * Segments are placed by p_vaddr (p_paddr is ignored); "segment N" is program header N. The
 * entry must be 4-byte aligned and at most 128 program headers are accepted. Everything is
 * checked before the first write, so on failure the window is untouched. On success *err is
 * NULL; err may be NULL. *err points to a static buffer (not reentrant) valid until the next
 * call.
 */
int elf_load(const void *elf, uint64_t elf_size, const struct elf_dest *dst, ipaddr_t *entry,
	     const char **err);

#endif
