// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* memmem */
/*
 * A damaged boot package is refused at boot with a message that names the damage: one flipped
 * bit anywhere in any image (the chunks of a Linux kernel and initramfs, a secure partition,
 * the manifest, the chunk-digest table) stops the boot before anything runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <libfdt.h>

#include "qemu/harness.h"

static unsigned char *read_package_of(const char *config, size_t *size)
{
	FILE *f = fopen(test_path(config, "solution/package.itb"), "rb");
	unsigned char *buf;

	cr_assert(f);
	fseek(f, 0, SEEK_END);
	*size = ftell(f);
	rewind(f);
	buf = malloc(*size);
	cr_assert(buf && fread(buf, 1, *size, f) == *size);
	fclose(f);
	return buf;
}

static unsigned char *read_package(size_t *size)
{
	return read_package_of("qemu_virt_hello", size);
}

static void boot_config_with(struct boot *b, const char *config, const void *pkg, size_t size)
{
	char path[] = "/tmp/bulkhead-pkg-XXXXXX";
	int fd = mkstemp(path);
	struct boot_opts opts = { .initrd = path, .timeout_s = 30 };

	cr_assert(fd >= 0);
	cr_assert(write(fd, pkg, size) == (ssize_t)size);
	close(fd);
	boot(b, config, &opts);
	unlink(path);
}

static void boot_with(struct boot *b, const void *pkg, size_t size)
{
	boot_config_with(b, "qemu_virt_hello", pkg, size);
}

/* Flip one bit of image `name` at `offset` into its data (counted from its end if < 0). */
static void flip_bit(unsigned char *pkg, const char *name, long offset)
{
	int images = fdt_path_offset(pkg, "/images");
	int node = fdt_subnode_offset(pkg, images, name);
	uint8_t *data;
	int len;

	cr_assert_geq(node, 0, "no image '%s' in the package", name);
	data = fdt_getprop_w(pkg, node, "data", &len);
	cr_assert(data && len > 0, "image '%s' has no data", name);
	if (offset < 0)
		offset += len;
	cr_assert(offset >= 0 && offset < len, "offset %ld outside image '%s' (%d bytes)", offset,
		  name, len);
	data[offset] ^= 0x08;
}

/* config's package with one bit of `image` flipped is refused with `why` (and `more`). */
static void assert_flip_refused(const char *config, const char *image, long offset,
				const char *why, const char *more)
{
	size_t size;
	unsigned char *pkg = read_package_of(config, &size);
	struct boot b;

	flip_bit(pkg, image, offset);
	boot_config_with(&b, config, pkg, size);
	expect_line(&b, "hyp: PANIC: boot package refused: ");
	expect_line(&b, why);
	if (more)
		expect_line(&b, more);
	expect_no_line(&b, "hyp: partition '");
	expect_no_line(&b, "[Hello]");
	expect_no_line(&b, "[linux]");
	expect_powered_off(&b);
	boot_free(&b);
	free(pkg);
}

static void expect_refused(struct boot *b, const char *why)
{
	expect_line(b, "hyp: PANIC: boot package refused: ");
	expect_line(b, why);
	expect_no_line(b, "[Hello]");
	/* The hypervisor stops the machine rather than hanging. */
	expect_powered_off(b);
}

Test(qemu_package, corrupt_image_is_refused)
{
	size_t size;
	unsigned char *pkg = read_package(&size);
	unsigned char *elf = memmem(pkg, size, "\x7f" "ELF", 4);
	struct boot b;

	cr_assert(elf, "no ELF inside the package");
	elf[200] ^= 0x55;
	boot_with(&b, pkg, size);
	expect_refused(&b, "image 'Hello'");
	expect_line(&b, "sha256");
	boot_free(&b);
	free(pkg);
}

Test(qemu_package, truncated_package_is_refused)
{
	size_t size;
	unsigned char *pkg = read_package(&size);
	struct boot b;

	boot_with(&b, pkg, size / 2);
	expect_refused(&b, "truncated");
	boot_free(&b);
	free(pkg);
}

Test(qemu_package, wrong_magic_is_refused)
{
	size_t size;
	unsigned char *pkg = read_package(&size);
	struct boot b;

	memcpy(pkg, "JUNK", 4);
	boot_with(&b, pkg, size);
	expect_refused(&b, "magic");
	boot_free(&b);
	free(pkg);
}

/* The Linux solution's package: kernel, initramfs, a secure partition, manifest and table. */
Test(qemu_package, flipped_bit_in_a_kernel_chunk_is_refused)
{
	assert_flip_refused("test_linux", "linux", 5 * 1048576 + 4321,
			    "image 'linux': sha256 mismatch in chunk 5 (bytes 0x500000..0x5fffff)",
			    NULL);
}

Test(qemu_package, flipped_bit_in_the_last_kernel_chunk_is_refused)
{
	assert_flip_refused("test_linux", "linux", -1, "image 'linux': sha256 mismatch in chunk",
			    NULL);
}

Test(qemu_package, flipped_bit_in_the_initramfs_is_refused)
{
	assert_flip_refused("test_linux", "linux-initrd", 1048576,
			    "image 'linux-initrd': sha256 mismatch in chunk 1", NULL);
}

Test(qemu_package, flipped_bit_in_a_secure_partition_beside_linux_is_refused)
{
	assert_flip_refused("test_linux", "Beat", 100, "image 'Beat': sha256 mismatch", NULL);
}

Test(qemu_package, flipped_bit_in_the_manifest_is_refused)
{
	assert_flip_refused("test_linux", "manifest", 40, "image 'manifest': sha256 mismatch",
			    NULL);
}

Test(qemu_package, flipped_bit_in_the_chunk_table_is_refused)
{
	/* In a digest of the kernel's, and in the header. */
	assert_flip_refused("test_linux", "chunk-digests", -40,
			    "image 'chunk-digests': sha256 mismatch", NULL);
	assert_flip_refused("qemu_virt_hello", "chunk-digests", 9,
			    "image 'chunk-digests': sha256 mismatch", NULL);
}
