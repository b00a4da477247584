// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exceptions from partitions, dispatched by exception class. Whatever a partition does, the
 * outcome is a hypercall result, a reschedule, or that partition being stopped; never a
 * hypervisor crash.
 */
#include <hyp/arch.h>
#include <hyp/compiler.h>
#include <hyp/cpu.h>
#include <hyp/hypercall.h>
#include <hyp/ipc.h>
#include <hyp/log.h>
#include <hyp/partition.h>
#include <hyp/sched.h>

#include <arch/guest.h>
#include <arch/sysreg.h>
#include <arch/vm_regs.h>

const char *arch_exception_name(uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case EC_UNKNOWN: return "undefined instruction";
	case EC_WFX: return "WFI/WFE";
	case EC_FP: return "FP/SIMD access";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC";
	case EC_HVC64: return "HVC";
	case EC_SMC64: return "SMC";
	case EC_SYSREG: return "system register access";
	case EC_IABT_LOW: case 0x21: return "instruction abort";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOW: case 0x25: return "data abort";
	case EC_SP_ALIGN: return "SP alignment fault";
	case 0x2c: return "FP exception";
	case 0x2f: return "SError";
	case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: return "debug exception";
	case EC_BRK: return "BRK instruction";
	default: return "exception";
	}
}

static void stage2_abort(struct vcpu *v, uint64_t esr, const char *what)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (far & 0xfff);
	const char *access = ESR_EC(esr) == EC_IABT_LOW ? "executing" :
			     (esr & ESR_DABT_WNR) ? "writing" : "reading";

	partition_fault(v->part, "stage-2 %s %s IPA 0x%lx (ESR 0x%lx, PC 0x%lx)", what, access,
			ipa, esr, v->arch.regs.elr);
}

/* A Linux guest's vCPU: nothing it does stops it (arch/arm64/guest_traps.c). */
static void guest_trap(struct vcpu *v, uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case EC_HVC64:
		if (ESR_ISS(esr) & 0xffff)
			guest_inject_undef(v);
		else
			guest_trap_hvc(v);
		break;
	case EC_SMC64:
		guest_trap_smc(v, esr);
		break;
	case EC_WFX:
		guest_trap_wfx(v, esr);
		break;
	case EC_SYSREG:
		guest_trap_sysreg(v, esr);
		break;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		guest_trap_abort(v, esr);
		break;
	default:
		guest_trap_other(v, esr);
		break;
	}
}

/*
 * Resume the vCPU this CPU now runs (vectors.S: return_to_guest). A branch, not a call of a
 * noreturn function: GCC takes a function that ends in one for cold, and stops inlining the
 * fast path's steps into it. What follows the branch (the epilogue) never runs.
 */
static inline void resume_guest(void)
{
	__asm__ volatile("b	return_to_guest" ::: "memory");
}

static inline void lower_sync(void)
{
	struct vcpu *v = this_cpu()->current;
	uint64_t esr = read_sysreg(esr_el2);
	struct hc_args a;

	/* Lazy FP/SIMD: the first use since another vCPU had the registers (fpsimd.c). */
	if (ESR_EC(esr) == EC_FP) {
		fpsimd_trap(v);
		sched_trap_exit();
		return;
	}
	if (v->arch.is_guest) {
		guest_trap(v, esr);
		sched_trap_exit();
		return;
	}

	switch (ESR_EC(esr)) {
	case EC_HVC64:
		a.fn = v->arch.regs.x[0];
		a.imm = ESR_ISS(esr) & 0xffff;
		/* Spelled out: three load and store pairs, not a loop of six. */
		a.arg[0] = v->arch.regs.x[1], a.arg[1] = v->arch.regs.x[2];
		a.arg[2] = v->arch.regs.x[3], a.arg[3] = v->arch.regs.x[4];
		a.arg[4] = v->arch.regs.x[5], a.arg[5] = v->arch.regs.x[6];
		hypercall_handle(v, &a);
		break;
	case EC_WFX:
		/* A partition waiting for an interrupt it will never get: let others run. */
		v->arch.regs.elr += 4;
		spin_lock(&sched_lock);
		sched_yield_current();
		spin_unlock(&sched_lock);
		break;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		spin_lock(&sched_lock);
		stage2_abort(v, esr, ESR_EC(esr) == EC_DABT_LOW ? "data abort" : "instruction abort");
		spin_unlock(&sched_lock);
		break;
	default:
		if (ESR_EC(esr) == EC_SYSREG) {
			vm_reg_trap(v, esr); /* HCR_EL2.TVM: vm_regs_trap.c */
			break;
		}
		spin_lock(&sched_lock);
		partition_fault(v->part, "%s trapped to EL2 (ESR 0x%lx, PC 0x%lx)",
				arch_exception_name(esr), esr, v->arch.regs.elr);
		spin_unlock(&sched_lock);
		break;
	}
	sched_trap_exit();
}

/* Every synchronous exception from a partition that the fast path does not take. It does not
 * return either: it resumes a vCPU itself, as the fast path's entries do. */
__attribute__((noinline)) void trap_lower_sync(void)
{
	lower_sync();
	resume_guest();
}

/*
 * Call and ReplyRecv of a secure partition's vCPU v, from the vectors (lower_sync64), which
 * have tested that they are HVC #0 of such a vCPU and saved all of its registers but x6..x13
 * (vectors.S). In their common case they go by the fast path (hyp/core/ipc_fastpath.c).
 * When it leaves the CPU to the peer, a vCPU of a running partition with no scheduling
 * decision due, the exit's check (sched_trap_exit) has nothing to do: a kick from another
 * CPU comes as an interrupt. Nothing is kept across the fast path: when it does nothing,
 * trap_lower_sync() reads the vCPU and the syndrome again.
 *
 * These two do not return: they resume a vCPU themselves (resume_guest), so that their frame
 * is not unwound only to be dropped (every trap starts the CPU's stack afresh) and the
 * callee-saved registers it holds, which return_to_guest overwrites anyway, are not reloaded.
 */
_Static_assert(BH_HC_IPC_CALL == BH_HC_IPC_GROUP, "lower_sync64 tests Call as 0");
_Static_assert(BH_HC_IPC_REPLY_RECV == BH_HC_IPC_GROUP + 5, "lower_sync64 tests ReplyRecv as 5");

static inline void ipc_fast_done(enum ipc_fast done)
{
	if (likely(done == IPC_FAST_SWITCHED)) {
		resume_guest();
		return;
	}
	if (done == IPC_FAST_BLOCKED)
		sched_trap_exit();
	else
		trap_lower_sync();
	resume_guest();
}

void trap_ipc_call(struct vcpu *v)
{
	ipc_fast_done(ipc_fastpath(v, false));
}

void trap_ipc_reply_recv(struct vcpu *v)
{
	ipc_fast_done(ipc_fastpath(v, true));
}

void trap_lower_irq(void)
{
	arch_irq_handle_pending();
	sched_trap_exit();
}

void trap_lower_serror(void)
{
	struct vcpu *v = this_cpu()->current;

	spin_lock(&sched_lock);
	partition_fault(v->part, "SError (ESR 0x%lx, PC 0x%lx)", read_sysreg(esr_el2),
			v->arch.regs.elr);
	spin_unlock(&sched_lock);
	sched_trap_exit();
}

/* An exception taken at EL2: a hypervisor bug. Report everything and stop the machine. */
void hyp_exception_report(const uint64_t *frame, uint64_t kind)
{
	static const char *const kinds[] = { "synchronous", "IRQ", "FIQ", "SError" };
	uint64_t esr = frame[33], far = frame[34];

	arch_irq_disable();
	log_error("hypervisor exception on CPU %u: %s, %s", arch_cpu_id(), kinds[kind & 3],
		  arch_exception_name(esr));
	log_error("  ESR 0x%016lx  FAR 0x%016lx  ELR 0x%016lx  SPSR 0x%016lx", esr, far,
		  frame[31], frame[32]);
	for (int i = 0; i < 30; i += 3)
		log_error("  x%-2d %016lx  x%-2d %016lx  x%-2d %016lx", i, frame[i], i + 1,
			  frame[i + 1], i + 2, frame[i + 2]);
	log_error("  x30 %016lx  sp  %016lx", frame[30], (uint64_t)(frame + 36));
	panic("hypervisor exception (see above)");
}
