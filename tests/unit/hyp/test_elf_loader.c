// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test builds its images with the host's <elf.h>, which also cross-checks the loader's
 * own structure definitions.
 */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <hyp/elf_loader.h>
#include <uapi/bulkhead/retcode.h>

#define WIN_IPA 0x40000000ull
#define WIN_SIZE 0x8000ull
#define WIN_FILL 0xee

/* The default image: text at window +0, data + bss at window +0x2000, a PT_NOTE to ignore. */
#define TEXT_OFF 0x1000
#define TEXT_SIZE 0x100
#define DATA_OFF 0x1100
#define DATA_FILESZ 0x80
#define DATA_MEMSZ 0x1000
#define DATA_VADDR (WIN_IPA + 0x2000)
#define FILE_SIZE (DATA_OFF + DATA_FILESZ)
#define ENTRY (WIN_IPA + 0x40)

union image {
	uint8_t bytes[0x2000];
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph[4];
	} h;
};

static union image img;
static size_t img_size;
static uint8_t *win;
static struct elf_dest dst;
static ipaddr_t entry;
static const char *err;

static void build_default(void)
{
	Elf64_Ehdr *eh = &img.h.eh;
	Elf64_Phdr *ph = img.h.ph;

	memset(&img, 0, sizeof(img));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_AARCH64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = ENTRY;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;

	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = TEXT_OFF,
			      .p_vaddr = WIN_IPA, .p_paddr = WIN_IPA, .p_filesz = TEXT_SIZE,
			      .p_memsz = TEXT_SIZE, .p_align = 0x1000 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = DATA_OFF,
			      .p_vaddr = DATA_VADDR, .p_paddr = DATA_VADDR,
			      .p_filesz = DATA_FILESZ, .p_memsz = DATA_MEMSZ, .p_align = 0x1000 };
	ph[2] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x800, .p_vaddr = 0xdead0000,
			      .p_filesz = 0x10, .p_memsz = 0x10 };
	memset(img.bytes + TEXT_OFF, 0x11, TEXT_SIZE);
	memset(img.bytes + DATA_OFF, 0x22, DATA_FILESZ);
	img_size = FILE_SIZE;
}

static void setup(void)
{
	build_default();
	win = malloc(WIN_SIZE);
	cr_assert_not_null(win);
	memset(win, WIN_FILL, WIN_SIZE);
	dst = (struct elf_dest){ .ipa = ipa_init(WIN_IPA), .hva = win, .size = WIN_SIZE };
	entry = ipa_init(0);
	err = NULL;
}

static void teardown(void)
{
	free(win);
}

TestSuite(elf_loader, .init = setup, .fini = teardown);

static int load(void)
{
	return elf_load(img.bytes, img_size, &dst, &entry, &err);
}

static bool window_untouched(void)
{
	for (size_t i = 0; i < WIN_SIZE; i++)
		if (win[i] != WIN_FILL)
			return false;
	return true;
}

/* Loading must fail with rcInvalidArgument, an error naming `what`, and no byte written. */
static void assert_rejected(const char *what)
{
	int rc = load();

	cr_assert_eq(rc, rcInvalidArgument, "rc %d", rc);
	cr_assert_not_null(err);
	cr_assert(strstr(err, what), "error \"%s\" does not mention \"%s\"", err, what);
	cr_assert(window_untouched(), "a rejected image wrote to the window (%s)", err);
}

Test(elf_loader, valid_image_loads_segments_zeroes_bss_and_returns_entry)
{
	cr_assert_eq(load(), rcOk, "%s", err ? err : "");
	cr_assert_null(err);
	cr_assert_eq(ipa_addr(entry), ENTRY);
	for (size_t i = 0; i < TEXT_SIZE; i++)
		cr_assert_eq(win[i], 0x11, "text byte %zu", i);
	/* Between the segments nothing is written. */
	for (size_t i = TEXT_SIZE; i < 0x2000; i++)
		cr_assert_eq(win[i], WIN_FILL, "gap byte 0x%zx", i);
	for (size_t i = 0; i < DATA_FILESZ; i++)
		cr_assert_eq(win[0x2000 + i], 0x22, "data byte %zu", i);
	for (size_t i = DATA_FILESZ; i < DATA_MEMSZ; i++)
		cr_assert_eq(win[0x2000 + i], 0, "bss byte 0x%zx", i);
	for (size_t i = 0x2000 + DATA_MEMSZ; i < WIN_SIZE; i++)
		cr_assert_eq(win[i], WIN_FILL, "tail byte 0x%zx", i);
}

Test(elf_loader, segment_filling_the_window_to_its_last_byte_is_accepted)
{
	img.h.ph[1].p_vaddr = WIN_IPA + WIN_SIZE - DATA_MEMSZ;
	cr_assert_eq(load(), rcOk, "%s", err ? err : "");
	cr_assert_eq(win[WIN_SIZE - 1], 0);
}

Test(elf_loader, adjacent_segments_do_not_count_as_overlap)
{
	img.h.ph[1].p_vaddr = WIN_IPA + TEXT_SIZE;
	cr_assert_eq(load(), rcOk, "%s", err ? err : "");
}

Test(elf_loader, empty_pt_load_is_ignored_wherever_it_points)
{
	img.h.ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_vaddr = 0xffffffffffff0000ull };
	cr_assert_eq(load(), rcOk, "%s", err ? err : "");
}

Test(elf_loader, unaligned_image_buffer_is_handled)
{
	uint8_t *copy = malloc(img_size + 1);

	cr_assert_not_null(copy);
	memcpy(copy + 1, img.bytes, img_size);
	cr_assert_eq(elf_load(copy + 1, img_size, &dst, &entry, &err), rcOk, "%s", err ? err : "");
	cr_assert_eq(ipa_addr(entry), ENTRY);
	cr_assert_eq(win[0], 0x11);
	free(copy);
}

Test(elf_loader, err_may_be_null)
{
	img.h.eh.e_machine = EM_X86_64;
	cr_assert_eq(elf_load(img.bytes, img_size, &dst, &entry, NULL), rcInvalidArgument);
}

Test(elf_loader, rejects_bad_magic)
{
	img.bytes[1] = 'X';
	assert_rejected("bad magic 7f 58 4c 46");
}

Test(elf_loader, rejects_32_bit_class)
{
	img.h.eh.e_ident[EI_CLASS] = ELFCLASS32;
	assert_rejected("ELF class 1 is not ELFCLASS64");
}

Test(elf_loader, rejects_big_endian)
{
	img.h.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	assert_rejected("not little endian");
}

Test(elf_loader, rejects_wrong_version)
{
	img.h.eh.e_version = 2;
	assert_rejected("version");
}

Test(elf_loader, rejects_wrong_machine)
{
	img.h.eh.e_machine = EM_X86_64;
	assert_rejected("ELF machine 62 is not EM_AARCH64");
}

Test(elf_loader, rejects_position_independent_executable)
{
	img.h.eh.e_type = ET_DYN;
	assert_rejected("ET_DYN");
}

Test(elf_loader, rejects_relocatable_object)
{
	img.h.eh.e_type = ET_REL;
	assert_rejected("ELF type 1 (ET_REL) is not ET_EXEC");
}

Test(elf_loader, rejects_file_without_program_headers)
{
	img.h.eh.e_phnum = 0;
	assert_rejected("no PT_LOAD");
}

Test(elf_loader, rejects_file_without_pt_load)
{
	img.h.ph[0].p_type = PT_NOTE;
	img.h.ph[1].p_type = PT_GNU_STACK;
	assert_rejected("no PT_LOAD");
}

Test(elf_loader, rejects_dynamically_linked_image)
{
	img.h.ph[2] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = 0x800, .p_filesz = 8 };
	assert_rejected("segment 2 is PT_INTERP");
}

Test(elf_loader, rejects_program_headers_past_end_of_file)
{
	img.h.eh.e_phoff = FILE_SIZE - 8;
	assert_rejected("program headers at 0x1178 (3 x 56 bytes) are past the end of the file");
}

Test(elf_loader, rejects_program_header_offset_that_wraps)
{
	img.h.eh.e_phoff = UINT64_MAX - 8;
	assert_rejected("past the end of the file");
}

Test(elf_loader, rejects_program_header_count_past_end_of_file)
{
	img.h.eh.e_phnum = 100;
	assert_rejected("(100 x 56 bytes) are past the end of the file (0x1180 bytes)");
}

Test(elf_loader, rejects_extended_program_header_numbering)
{
	img.h.eh.e_phnum = PN_XNUM;
	assert_rejected("e_phnum 65535");
}

Test(elf_loader, rejects_wrong_phentsize)
{
	img.h.eh.e_phentsize = 32;
	assert_rejected("e_phentsize 32");
}

Test(elf_loader, rejects_segment_file_range_past_eof)
{
	img.h.ph[1].p_filesz = 0x1000;
	assert_rejected("segment 1 file range 0x1100+0x1000 is past the end of the file (0x1180 "
			"bytes)");
}

Test(elf_loader, rejects_segment_file_offset_that_wraps)
{
	img.h.ph[0].p_offset = UINT64_MAX - 0x10;
	assert_rejected("segment 0 file range");
}

Test(elf_loader, rejects_filesz_larger_than_memsz)
{
	img.h.ph[1].p_memsz = 0x40;
	assert_rejected("segment 1 p_filesz 0x80 is larger than p_memsz 0x40");
}

Test(elf_loader, rejects_segment_below_the_window)
{
	img.h.ph[0].p_vaddr = WIN_IPA - 0x1000;
	assert_rejected("segment 0 at 0x3ffff000+0x100 is outside the partition RAM "
			"0x40000000+0x8000");
}

Test(elf_loader, rejects_segment_straddling_the_window_start)
{
	img.h.ph[0].p_vaddr = WIN_IPA - 0x10;
	assert_rejected("segment 0 at 0x3ffffff0+0x100 is outside");
}

Test(elf_loader, rejects_segment_running_past_the_window_end)
{
	img.h.ph[1].p_vaddr = WIN_IPA + WIN_SIZE - DATA_MEMSZ + 0x1000;
	assert_rejected("segment 1 at 0x40008000+0x1000 is outside");
}

Test(elf_loader, rejects_segment_one_byte_past_the_window_end)
{
	img.h.ph[1].p_vaddr = WIN_IPA + WIN_SIZE - DATA_MEMSZ + 1;
	assert_rejected("segment 1 at 0x40007001+0x1000 is outside");
}

Test(elf_loader, rejects_segment_far_above_the_window)
{
	img.h.ph[1].p_vaddr = 0x80000000ull;
	assert_rejected("segment 1 at 0x80000000+0x1000 is outside");
}

Test(elf_loader, rejects_address_plus_size_overflow)
{
	img.h.ph[1].p_vaddr = 0xfffffffffffff000ull;
	img.h.ph[1].p_memsz = 0x2000;
	assert_rejected("segment 1 address range 0xfffffffffffff000+0x2000 wraps");
}

Test(elf_loader, rejects_huge_memsz_that_would_wrap_the_window_check)
{
	img.h.ph[1].p_memsz = UINT64_MAX - DATA_VADDR + 1;
	assert_rejected("wraps");
	img.h.ph[1].p_memsz = UINT64_MAX - DATA_VADDR;
	assert_rejected("outside");
}

Test(elf_loader, rejects_entry_above_the_window)
{
	img.h.eh.e_entry = WIN_IPA + WIN_SIZE;
	assert_rejected("entry point 0x40008000 is outside the partition RAM 0x40000000+0x8000");
}

Test(elf_loader, rejects_entry_below_the_window)
{
	img.h.eh.e_entry = 0;
	assert_rejected("entry point 0x0 is outside");
}

Test(elf_loader, rejects_unaligned_entry)
{
	img.h.eh.e_entry = ENTRY + 2;
	assert_rejected("not 4-byte aligned");
}

Test(elf_loader, rejects_overlapping_segments)
{
	img.h.ph[1].p_vaddr = WIN_IPA + TEXT_SIZE - 1;
	assert_rejected("segments 0 (0x40000000+0x100) and 1 (0x400000ff+0x1000) overlap");
}

Test(elf_loader, rejects_segment_inside_another)
{
	img.h.ph[0].p_vaddr = DATA_VADDR + 0x200;
	assert_rejected("overlap");
}

Test(elf_loader, rejects_window_that_wraps_and_null_arguments)
{
	dst.ipa = ipa_init(UINT64_MAX - 0x100);
	assert_rejected("wraps");
	dst.ipa = ipa_init(WIN_IPA);
	cr_assert_eq(elf_load(img.bytes, img_size, NULL, &entry, &err), rcInvalidArgument);
	cr_assert_eq(elf_load(img.bytes, img_size, &dst, NULL, &err), rcInvalidArgument);
	cr_assert_eq(elf_load(NULL, img_size, &dst, &entry, &err), rcInvalidArgument);
	cr_assert_eq(elf_load(NULL, 0, &dst, &entry, &err), rcInvalidArgument);
}

Test(elf_loader, rejects_image_overlapping_its_destination)
{
	struct elf_dest self = { .ipa = ipa_init(WIN_IPA), .hva = img.bytes, .size = WIN_SIZE };

	cr_assert_eq(elf_load(img.bytes, img_size, &self, &entry, &err), rcInvalidArgument);
	cr_assert(strstr(err, "overlaps its destination"), "%s", err);
}

Test(elf_loader, every_truncation_fails_cleanly)
{
	/*
	 * Each prefix is copied into a buffer of exactly that size, so any read past the end
	 * is caught by valgrind or ASan rather than landing in the rest of img.
	 */
	for (size_t len = 0; len < img_size; len++) {
		uint8_t *prefix = malloc(len ? len : 1);
		int rc;

		cr_assert_not_null(prefix);
		memcpy(prefix, img.bytes, len);
		err = NULL;
		rc = elf_load(len ? prefix : NULL, len, &dst, &entry, &err);
		cr_assert_eq(rc, rcInvalidArgument, "prefix of %zu bytes: rc %d", len, rc);
		cr_assert(err && err[0], "prefix of %zu bytes: no error text", len);
		cr_assert(win[0] == WIN_FILL && win[0x2000] == WIN_FILL &&
			  win[0x2000 + DATA_FILESZ] == WIN_FILL,
			  "prefix of %zu bytes wrote to the window", len);
		free(prefix);
	}
	cr_assert_eq(load(), rcOk, "the full image must still load: %s", err ? err : "");
}

Test(elf_loader, truncation_errors_say_what_is_missing)
{
	img_size = 10;
	assert_rejected("smaller than an ELF64 header");
	img_size = sizeof(Elf64_Ehdr) + 10;
	assert_rejected("program headers at 0x40");
	img_size = FILE_SIZE - 1;
	assert_rejected("segment 1 file range 0x1100+0x80 is past the end of the file (0x117f");
}
