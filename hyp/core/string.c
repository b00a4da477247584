// SPDX-License-Identifier: GPL-2.0-only
/*
 * String functions for the hypervisor. Simple loops, word-at-a-time where both pointers are
 * aligned: the hypervisor copies little (hypercall arguments, console lines, ELF segments at
 * load time) apart from a Linux guest's images, and must not touch FP/SIMD registers.
 */
#include <stdint.h>
#include <string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Widest aligned words the two pointers allow, eight at a time: a Linux guest's kernel
	 * (tens of MiB) is copied at every boot, and under QEMU the cost is per instruction.
	 * Images inside the boot package are only 4-byte aligned, hence the 32-bit path.
	 */
	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; n && ((uintptr_t)d & 7); n--)
			*d++ = *s++;
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const uint64_t *sw = (const uint64_t *)s;
			uint64_t *dw = (uint64_t *)d;
			/* All loads before the stores, so that they pair (LDP/STP). */
			uint64_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
			uint64_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];

			dw[0] = w0, dw[1] = w1, dw[2] = w2, dw[3] = w3;
			dw[4] = w4, dw[5] = w5, dw[6] = w6, dw[7] = w7;
		}
		/* Then two words a step: IPC messages are copied with this, and their 40-byte
		 * headers are most of a small message. */
		for (; n >= 16; n -= 16, d += 16, s += 16) {
			uint64_t a = ((const uint64_t *)s)[0], b = ((const uint64_t *)s)[1];

			((uint64_t *)d)[0] = a;
			((uint64_t *)d)[1] = b;
		}
		if (n >= 8) {
			*(uint64_t *)d = *(const uint64_t *)s;
			n -= 8, d += 8, s += 8;
		}
	} else if ((((uintptr_t)d ^ (uintptr_t)s) & 3) == 0) {
		for (; n && ((uintptr_t)d & 3); n--)
			*d++ = *s++;
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			const uint32_t *sw = (const uint32_t *)s;
			uint32_t *dw = (uint32_t *)d;
			uint32_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
			uint32_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];

			dw[0] = w0, dw[1] = w1, dw[2] = w2, dw[3] = w3;
			dw[4] = w4, dw[5] = w5, dw[6] = w6, dw[7] = w7;
		}
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)d = *(const uint32_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (((uintptr_t)d & 7) == 0) {
		uint64_t v = (unsigned char)c * 0x0101010101010101ull;

		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)d = v;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
