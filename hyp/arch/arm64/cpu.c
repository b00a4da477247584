// SPDX-License-Identifier: GPL-2.0-only
/* Per-CPU EL2 set-up, power control through PSCI, and CPU-level hooks of hyp/arch.h. */
#include <hyp/arch.h>
#include <hyp/cpu.h>
#include <hyp/log.h>

#include <arch/sysreg.h>

#define PSCI_CPU_ON 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SUCCESS 0
#define PSCI_ALREADY_ON -4

extern char hyp_vectors[];
extern char secondary_entry[];

static int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* With virtualization=on QEMU implements PSCI on the SMC conduit (EL3). */
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

uint32_t arch_cpu_id(void)
{
	return this_cpu()->id;
}

void arch_cpu_init(uint32_t cpu)
{
	write_sysreg(tpidr_el2, &pcpus[cpu]);
	write_sysreg(vbar_el2, hyp_vectors);
	write_sysreg(hcr_el2, HCR_PARTITION);
	/* No trace traps. FP/SIMD use traps until a vCPU takes the registers (fpsimd.c). */
	write_sysreg(cptr_el2, CPTR_EL2_BASE | CPTR_EL2_TFP);
	pcpus[cpu].fp_trapped = true;
	pcpus[cpu].fp_owner = NULL;
	pcpus[cpu].timer_ns = ~0ull; /* whatever the timer holds: the first deadline is written */
	/* Partitions may read the counters but not program the physical timer. */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(cntvoff_el2, 0);
	/* Debug register accesses from partitions trap (MDCR_EL2: TDE, TDA, TDOSA, TDRA). The PMU
	 * stays available to partitions: "make bench" reads its counters from inside them;
	 * HPMN = PMCR.N gives them every counter. */
	write_sysreg(mdcr_el2, (read_sysreg(pmcr_el0) >> 11 & 0x1f) |
				       (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11));
	/* No vCPU can write MDSCR_EL1 (TDA traps it: el1_cfg_trap.c), so no switch moves it: it
	 * keeps this value, no debug event enabled, whoever runs. */
	write_sysreg(mdscr_el1, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	arch_stage2_init_cpu();
	isb();
}

bool arch_cpu_start(uint32_t cpu, uint64_t mpidr)
{
	int64_t rc = psci_call(PSCI_CPU_ON, mpidr, (uint64_t)secondary_entry, cpu);

	if (rc != PSCI_SUCCESS && rc != PSCI_ALREADY_ON) {
		log_warn("CPU %u (MPIDR 0x%lx) did not start: PSCI error %ld", cpu, mpidr, rc);
		return false;
	}
	return true;
}

void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
	dsb(sy);
	__asm__ volatile("wfi" ::: "memory");
}

_Noreturn void arch_power_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

_Noreturn void arch_halt_system(void)
{
	/* After a panic: leave the machine for a debugger, unless the panic came so early that
	 * nobody could attach; QEMU then exits (tests see the panic line, not a timeout). */
	arch_power_off();
}
