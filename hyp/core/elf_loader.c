// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF64 loader for partition images. The file is hostile until proven otherwise: every field
 * is range-checked with arithmetic that cannot wrap, and all checks run before the first byte
 * is copied, so a rejected image leaves the destination window untouched.
 *
 * Headers are copied out with memcpy because the image sits inside the boot package, where it
 * is only guaranteed 4-byte alignment. Fields are read in host byte order, which is fine as
 * long as the host is little endian like the images we accept.
 *
 * Segments are placed by p_vaddr: partitions are linked at their IPA and start with the MMU
 * off, and the entry point is a virtual address too, so p_vaddr is the one consistent choice;
 * p_paddr is ignored.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <hyp/elf_loader.h>
#include <hyp/printf.h>
#include <uapi/bulkhead/retcode.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "elf_loader reads ELF fields in host byte order and accepts little-endian ELF only"
#endif

_Static_assert(sizeof(size_t) == sizeof(uint64_t), "segment sizes are passed to memcpy as size_t");

#define EI_MAG0 0
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_NIDENT 16

#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_AARCH64 183
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PN_XNUM 0xffff

/*
 * Real partition images have a handful of program headers; the cap bounds the quadratic
 * overlap check and turns a header claiming thousands of segments into a clear error.
 */
#define ELF_MAX_PHNUM 128

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "Elf64_Phdr is 56 bytes");

/*
 * Formatted error text handed back through *err. Not reentrant: partitions are loaded from
 * one CPU at boot or under the partition lock, and the caller prints *err before the next
 * load can overwrite it.
 */
static char err_buf[192];

typedef unsigned long long ull;

static int __attribute__((format(printf, 2, 3))) fail(const char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
	if (err)
		*err = err_buf;
	return rcInvalidArgument;
}

/* True when [off, off + len) lies inside [0, size); never overflows. */
static bool range_in(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static const char *type_name(uint16_t type)
{
	static const char *const names[] = { "ET_NONE", "ET_REL", "ET_EXEC", "ET_DYN", "ET_CORE" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

static void read_phdr(const uint8_t *elf, const struct elf64_ehdr *eh, unsigned int i,
		      struct elf64_phdr *ph)
{
	memcpy(ph, elf + eh->e_phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

/* A PT_LOAD that occupies memory; empty ones are legal and simply ignored. */
static bool loadable(const struct elf64_phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_memsz != 0;
}

static int check_ehdr(const uint8_t *elf, uint64_t elf_size, struct elf64_ehdr *eh,
		      const char **err)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (elf_size < sizeof(*eh))
		return fail(err, "file is %llu bytes, smaller than an ELF64 header (%zu bytes)",
			    (ull)elf_size, sizeof(*eh));
	memcpy(eh, elf, sizeof(*eh));
	if (memcmp(eh->e_ident + EI_MAG0, magic, sizeof(magic)) != 0)
		return fail(err, "not an ELF file: bad magic %02x %02x %02x %02x",
			    eh->e_ident[0], eh->e_ident[1], eh->e_ident[2], eh->e_ident[3]);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, "ELF class %u is not ELFCLASS64 (2): only 64-bit images load",
			    eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, "ELF data encoding %u is not little endian (ELFDATA2LSB = 1)",
			    eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(err, "ELF version %u/%u is not EV_CURRENT (1)", eh->e_ident[EI_VERSION],
			    eh->e_version);
	if (eh->e_machine != EM_AARCH64)
		return fail(err, "ELF machine %u is not EM_AARCH64 (183)", eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return fail(err, "ELF type %u (%s) is not ET_EXEC (2)%s", eh->e_type,
			    type_name(eh->e_type),
			    eh->e_type == ET_DYN ? ": link statically, not as PIE" : "");
	if (eh->e_phnum == 0)
		return fail(err, "no PT_LOAD segment: the file has no program headers");
	if (eh->e_phnum == PN_XNUM || eh->e_phnum > ELF_MAX_PHNUM)
		return fail(err, "e_phnum %u is more program headers than supported (%u)",
			    eh->e_phnum, ELF_MAX_PHNUM);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(err, "e_phentsize %u is not the size of an Elf64_Phdr (%zu)",
			    eh->e_phentsize, sizeof(struct elf64_phdr));
	if (!range_in(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), elf_size))
		return fail(err,
			    "program headers at 0x%llx (%u x %zu bytes) are past the end of the "
			    "file (0x%llx bytes)", (ull)eh->e_phoff, eh->e_phnum,
			    sizeof(struct elf64_phdr), (ull)elf_size);
	return rcOk;
}

static int check_phdr(const struct elf64_phdr *ph, unsigned int i, uint64_t elf_size,
		      const struct elf_dest *dst, const char **err)
{
	uint64_t win = ipa_addr(dst->ipa);

	if (ph->p_type == PT_INTERP || ph->p_type == PT_DYNAMIC)
		return fail(err, "segment %u is %s: dynamically linked images are not supported", i,
			    ph->p_type == PT_INTERP ? "PT_INTERP" : "PT_DYNAMIC");
	if (ph->p_type != PT_LOAD)
		return rcOk;
	if (!range_in(ph->p_offset, ph->p_filesz, elf_size))
		return fail(err, "segment %u file range 0x%llx+0x%llx is past the end of the file "
			    "(0x%llx bytes)", i, (ull)ph->p_offset, (ull)ph->p_filesz,
			    (ull)elf_size);
	if (ph->p_filesz > ph->p_memsz)
		return fail(err, "segment %u p_filesz 0x%llx is larger than p_memsz 0x%llx", i,
			    (ull)ph->p_filesz, (ull)ph->p_memsz);
	if (ph->p_memsz == 0)
		return rcOk;
	if (ph->p_vaddr > UINT64_MAX - ph->p_memsz)
		return fail(err, "segment %u address range 0x%llx+0x%llx wraps around the address "
			    "space", i, (ull)ph->p_vaddr, (ull)ph->p_memsz);
	if (ph->p_vaddr < win || !range_in(ph->p_vaddr - win, ph->p_memsz, dst->size))
		return fail(err, "segment %u at 0x%llx+0x%llx is outside the partition RAM "
			    "0x%llx+0x%llx", i, (ull)ph->p_vaddr, (ull)ph->p_memsz, (ull)win,
			    (ull)dst->size);
	return rcOk;
}

int elf_load(const void *elf, uint64_t elf_size, const struct elf_dest *dst, ipaddr_t *entry,
	     const char **err)
{
	const uint8_t *img = elf;
	struct elf64_ehdr eh;
	struct elf64_phdr ph, other;
	unsigned int nload = 0;
	uint64_t win;
	int rc;

	if ((!img && elf_size) || !dst || !entry || (!dst->hva && dst->size))
		return fail(err, "elf_load: NULL argument");
	win = ipa_addr(dst->ipa);
	if (win > UINT64_MAX - dst->size)
		return fail(err, "destination 0x%llx+0x%llx wraps around the address space",
			    (ull)win, (ull)dst->size);
	/* memcpy from the image into itself would be undefined and would corrupt the source. */
	if (elf_size && dst->size && (uintptr_t)img < (uintptr_t)dst->hva + dst->size &&
	    (uintptr_t)dst->hva < (uintptr_t)img + elf_size)
		return fail(err, "the ELF image overlaps its destination window");

	rc = check_ehdr(img, elf_size, &eh, err);
	if (rc != rcOk)
		return rc;

	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		read_phdr(img, &eh, i, &ph);
		rc = check_phdr(&ph, i, elf_size, dst, err);
		if (rc != rcOk)
			return rc;
		if (!loadable(&ph))
			continue;
		nload++;
		/* Both ranges are inside the window by now, so the ends cannot wrap. */
		for (unsigned int j = 0; j < i; j++) {
			read_phdr(img, &eh, j, &other);
			if (!loadable(&other))
				continue;
			if (ph.p_vaddr < other.p_vaddr + other.p_memsz &&
			    other.p_vaddr < ph.p_vaddr + ph.p_memsz)
				return fail(err,
					    "segments %u (0x%llx+0x%llx) and %u (0x%llx+0x%llx) "
					    "overlap", j, (ull)other.p_vaddr, (ull)other.p_memsz,
					    i, (ull)ph.p_vaddr, (ull)ph.p_memsz);
		}
	}
	if (nload == 0)
		return fail(err, "no PT_LOAD segment with p_memsz > 0 among %u program headers",
			    eh.e_phnum);
	if (eh.e_entry < win || eh.e_entry - win >= dst->size)
		return fail(err, "entry point 0x%llx is outside the partition RAM 0x%llx+0x%llx",
			    (ull)eh.e_entry, (ull)win, (ull)dst->size);
	if (!IS_ALIGNED(eh.e_entry, 4))
		return fail(err, "entry point 0x%llx is not 4-byte aligned", (ull)eh.e_entry);

	/* Everything is validated: only now touch the destination. */
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		uint8_t *to;

		read_phdr(img, &eh, i, &ph);
		if (!loadable(&ph))
			continue;
		to = (uint8_t *)dst->hva + (ph.p_vaddr - win);
		if (ph.p_filesz)
			memcpy(to, img + ph.p_offset, ph.p_filesz);
		memset(to + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
	}
	*entry = ipa_init(eh.e_entry);
	if (err)
		*err = NULL;
	return rcOk;
}
