// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices the manifest grants to a Linux guest (its `devices:`), passed through to it. Unlike
 * a secure driver, which registers and maps its grants by hypercall, Linux knows nothing of
 * Bulkhead: at boot each granted MMIO range is mapped into the guest's stage 2 at IPA = PA as
 * device memory, each granted SPI is handed to the emulated GIC (arch_guest_spi_grant), and
 * the guest's device tree describes the devices with the machine's own nodes (guest_dtb.c),
 * so that Linux binds its drivers to them. One device, one owner: the manifest parser and
 * io_grants_check() have refused any grant that RAM, the GIC, the console or another
 * partition already has.
 */
#include <hyp/arch.h>
#include <hyp/guest.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/platform.h>
#include <hyp/stage2.h>

static const struct platform *platform;

void guest_devices_setup(const struct platform *plat)
{
	platform = plat;
}

void guest_devices_init(struct partition *p)
{
	const struct manifest_partition *d = p->desc;

	p->guest.host_dtb = platform ? platform->dtb : NULL;
	for (uint32_t i = 0; i < d->ndevices; i++) {
		const struct manifest_device *dev = &d->dev[i];

		if (dev->size && stage2_map(&p->s2, ipa_init(dev->pa), pa_init(dev->pa), dev->size,
					    S2_DEVICE_RW))
			panic("partition '%s': device '%s' (0x%lx+0x%lx) cannot be mapped into its "
			      "stage 2 (out of memory for tables?)",
			      p->name, dev->name, dev->pa, dev->size);
		for (uint32_t j = 0; j < dev->nirqs; j++)
			arch_guest_spi_grant(p, dev->irqs[j]);
		log_info("partition '%s': device '%s' passed through: MMIO 0x%lx+0x%lx, %u "
			 "interrupt%s",
			 p->name, dev->name, dev->pa, dev->size, dev->nirqs,
			 dev->nirqs == 1 ? "" : "s");
	}
}
