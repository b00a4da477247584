// SPDX-License-Identifier: GPL-2.0-only
/*
 * Touches a device it is granted without registering and mapping it first: the grant alone
 * maps nothing, so this must stop the partition with a stage-2 fault
 * (tests/qemu/test_grants.c boots it with a manifest of its own).
 */
#include <stdint.h>
#include <stdio.h>

#define PL061_GPIO 0x09030000u

int main(void)
{
	printf("reading the GPIO without mapping it\n");
	printf("read 0x%x: the device was mapped without asking\n",
	       *(volatile uint32_t *)(uintptr_t)PL061_GPIO);
	return 1;
}
