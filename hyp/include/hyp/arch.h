/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hooks the architecture-neutral core calls. hyp/core never reads a system register
 * itself; a port to another architecture implements these and struct arch_vcpu.
 */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include <arch/vcpu.h>
#include <hyp/addr.h>

struct vcpu;
struct partition;
struct platform;

/* CPU */
uint32_t arch_cpu_id(void);
void arch_irq_disable(void);
void arch_wait_for_interrupt(void);   /* returns when an interrupt is pending (IRQs masked) */
_Noreturn void arch_halt_system(void); /* stop every CPU after a panic */
_Noreturn void arch_power_off(void);
bool arch_cpu_start(uint32_t cpu, uint64_t mpidr); /* bring up a secondary CPU */
void arch_cpu_init(uint32_t cpu);                  /* EL2 set-up on the running CPU */

/* Interrupts and timer */
void arch_irq_init(const struct platform *plat, uint32_t cpu);
void arch_irq_handle_pending(void);     /* acknowledge and dispatch every pending interrupt */
void arch_send_resched(uint32_t cpu);   /* make another CPU re-run its scheduler */
void arch_timer_init(void);              /* boot CPU, before any time is read */
uint64_t arch_time_now_ns(void);
void arch_timer_set_deadline(uint64_t ns); /* 0 = none (tickless); may fire early, never late */
void arch_timer_mask(void);		    /* it fired: masked until the next deadline */
/* SPIs granted to partitions: route one to a CPU (group 1), mask or unmask it. The caller
 * serialises (sched_lock); a routed SPI that fires calls io_irq_raised() (hyp/io.h). */
void arch_irq_spi_route(uint32_t intid, uint32_t cpu, bool edge);
void arch_irq_spi_mask(uint32_t intid, bool masked);

/* vCPUs */
void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t sp, uint64_t arg);
void arch_vcpu_inherit(struct vcpu *v, const struct vcpu *parent); /* share the EL1 MMU set-up */
void arch_vcpu_save(struct vcpu *v);   /* live EL1 state into v (before it leaves the CPU) */
void arch_vcpu_load(struct vcpu *v);   /* v's EL1 state and stage 2 onto the CPU */
/* arch_vcpu_save(prev), then arch_vcpu_load(next), in one call: for a CPU whose current vCPU
 * prev hands it to another vCPU next (the CPU holds prev's state). */
void arch_vcpu_switch(struct vcpu *next, struct vcpu *prev);
/* arch_vcpu_set_return(v, rc, r1): hypercall results rc (x0) and r1 (x1) of v;
 * arch_vcpu_set_result(v, n, value): result n (x<n>). Both inline in arch/vcpu.h. */
/* Last step before v runs again (every trap exit): a guest's pending interrupts go to it.
 * Inline in arch/vcpu.h: it is on the path of every hypercall. */

/* Linux guests */
/* vCPU `index` of a guest, powered on at entry with x0 (boot protocol, PSCI CPU_ON). */
void arch_guest_vcpu_init(struct vcpu *v, uint32_t index, uint64_t entry, uint64_t x0);
void arch_guest_reset(struct partition *p); /* emulated devices to their reset state */
/* Boot: SPI intid (granted by the manifest) is passed through to guest p from now on. */
void arch_guest_spi_grant(struct partition *p, uint32_t intid);
uint64_t arch_ns_to_ticks(uint64_t ns);
void arch_guest_uart_receive(struct partition *p, char c); /* console input, guest lock held */
uint64_t arch_ticks_to_ns(uint64_t ticks);

/* Stage 2 */
void arch_stage2_init_cpu(void);

#endif
