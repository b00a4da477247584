// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device grants and partition restarts (tests/qemu/test_grants.c boots this with manifests of
 * its own):
 *  - no arguments: touch the granted GPIO without registering and mapping it; the grant alone
 *    maps nothing, so the partition must stop with a stage-2 fault;
 *  - "restart": take the GPIO's page, its interrupt and a DMA buffer, then fault; after the
 *    restart (on-fault: restart) all of them must be free to take again.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <coresrv/io/dma.h>
#include <coresrv/io/irq.h>
#include <coresrv/io/mmio.h>
#include <coresrv/stat/stat_api.h>
#include <uapi/bulkhead/layout.h>

#define PL061_GPIO 0x09030000u
#define GPIO_IRQ 39
#define NOT_GRANTED 0x09040000u

extern const struct bh_boot_info *__kos_boot_info; /* libkos: the hypervisor's boot info */

static int take_everything(void)
{
	Handle region, map, irq, attach, dma;
	void *va;

	if (KnRegisterPhyMem(PL061_GPIO, 0x1000, &region) != rcOk ||
	    KnIoMapMem(region, VMM_FLAG_READ | VMM_FLAG_WRITE, 0, &va, &map) != rcOk)
		return 1;
	if (KnRegisterIrq(GPIO_IRQ, &irq) != rcOk || KnIoAttachIrq(irq, 0, &attach) != rcOk)
		return 2;
	if (KnIoDmaCreate(0, 65536, 0, &dma) != rcOk)
		return 3;
	return 0;
}

int main(int argc, char **argv)
{
	rtl_uint64_t dma = 1;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "restart")) {
		if (__kos_boot_info->restart_count == 0) {
			rc = take_everything();
			printf("first run: took everything (%d)\n", rc);
			*(volatile uint32_t *)(uintptr_t)NOT_GRANTED = 1; /* fault: restart */
			return 1;
		}
		KnTaskStatGetParam(KOS_TASK_SELF, TASK_PARAM_MEM_DMA, &dma);
		rc = take_everything();
		printf("%s restart released everything (%d, DMA %llu)\n",
		       rc == 0 && dma == 0 ? "PASS" : "FAIL", rc, (unsigned long long)dma);
		return rc;
	}
	printf("reading the GPIO without mapping it\n");
	printf("read 0x%x: the device was mapped without asking\n",
	       *(volatile uint32_t *)(uintptr_t)PL061_GPIO);
	return 1;
}
