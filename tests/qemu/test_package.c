// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* memmem */
/* A damaged boot package is refused at boot with a message that names the damage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "qemu/harness.h"

static unsigned char *read_package(size_t *size)
{
	FILE *f = fopen(test_path("qemu_virt_hello", "solution/package.itb"), "rb");
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

static void boot_with(struct boot *b, const void *pkg, size_t size)
{
	char path[] = "/tmp/bulkhead-pkg-XXXXXX";
	int fd = mkstemp(path);
	struct boot_opts opts = { .initrd = path, .timeout_s = 30 };

	cr_assert(fd >= 0);
	cr_assert(write(fd, pkg, size) == (ssize_t)size);
	close(fd);
	boot(b, "qemu_virt_hello", &opts);
	unlink(path);
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
