/* SPDX-License-Identifier: GPL-2.0-only */
/* The arm64 side of a Linux guest vCPU: timer, keys, traps (guest_vcpu.c, guest_traps.c). */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Save what only a guest uses and silence its virtual timer (another vCPU may run next). */
void guest_save(struct vcpu *v);
/* Undo guest_save on the CPU: the virtual timer and the virtual CPU interface. */
void guest_resume(struct vcpu *v);
void guest_load_keys(struct vcpu *v);
/* The virtual timer's interrupt fired on this CPU. */
void guest_vtimer_irq(void);
/* Deadline (ns) at which v's virtual timer fires, 0 = not armed. */
uint64_t guest_vtimer_deadline(const struct vcpu *v);

/* Traps of a guest vCPU, by exception class. */
void guest_trap_hvc(struct vcpu *v);
void guest_trap_smc(struct vcpu *v, uint64_t esr);
void guest_trap_wfx(struct vcpu *v, uint64_t esr);
void guest_trap_sysreg(struct vcpu *v, uint64_t esr);
void guest_trap_abort(struct vcpu *v, uint64_t esr);
void guest_trap_other(struct vcpu *v, uint64_t esr);

/* Exceptions delivered to the guest's EL1 vectors. */
void guest_inject_undef(struct vcpu *v);
void guest_inject_dabt(struct vcpu *v, uint64_t far);

#endif
