/*
 * signal.c: the ppc32 Linux signal frames (layouts of the kernel's
 * arch/powerpc/kernel/signal_32.c and uapi asm/ucontext.h, asm/ptrace.h).
 *
 * RT frame (SA_SIGINFO): siginfo + ucontext (with an mcontext of every
 * register) + 56 words of ABI gap, entered with r1 = frame - 80 (the
 * 64-byte caller frame + 16, with a back chain), r3 = signal, r4 =
 * &siginfo, r5 = &ucontext, r6 = frame.  Old frame: sigcontext + mcontext
 * + ABI gap, r1 = frame - 64, r3 = signal, r4 = &sigcontext.  LR is the
 * vDSO's sigreturn trampoline, as the kernel sets it (ppc has no
 * SA_RESTORER); the CFI of linux-user/ppc/vdso.S describes these frames,
 * so the offsets of the mcontext from the handler's r1 are pinned below.
 */
#include <stddef.h>

#include "linux-user/user.h"
#include "linux-user/vdso.h"
#include "target-ppc/cpu.h"

/* The ABI's minimal caller frame below the handler's stack pointer. */
#define SIGNAL_FRAMESIZE 64

/* mc_gregs indices (asm/ptrace.h PT_*). */
enum {
    PT_NIP = 32, PT_MSR = 33, PT_ORIG_R3 = 34, PT_CTR = 35, PT_LNK = 36,
    PT_XER = 37, PT_CCR = 38, PT_MQ = 39, PT_TRAP = 40, PT_DAR = 41,
    PT_DSISR = 42, PT_RESULT = 43, PPC_NGREG = 48,
};

/* The MSR user code runs with: EE PR FP ME IR DR RI. */
#define PPC_USER_MSR 0xd032u

struct ppc_mcontext {
    uint32_t gregs[PPC_NGREG];
    uint64_t fregs[33]; /* fpr0-31, then the FPSCR in the low word */
    uint32_t pad[2];
    uint32_t vregs[33 * 4] __attribute__((aligned(16)));
};

struct ppc_ucontext {
    uint32_t uc_flags;
    uint32_t uc_link;
    struct target_stack_t uc_stack;
    int32_t uc_pad[7];
    uint32_t uc_regs; /* -> uc_mcontext */
    uint32_t uc_sigmask[2];
    uint32_t uc_maskext[30];
    int32_t uc_pad2[3];
    struct ppc_mcontext uc_mcontext;
};

struct ppc_rt_sigframe {
    target_siginfo info;
    struct ppc_ucontext uc;
    int32_t abigap[56];
};

struct ppc_sigcontext {
    uint32_t unused[4]; /* unused[3]: the high word of the old mask */
    int32_t signal;
    uint32_t handler;
    uint32_t oldmask;
    uint32_t regs; /* -> the mcontext */
};

struct ppc_sigframe {
    struct ppc_sigcontext sctx;
    struct ppc_mcontext mctx;
    int32_t abigap[56];
};

_Static_assert(sizeof(struct ppc_mcontext) == 992, "mcontext layout");
_Static_assert(offsetof(struct ppc_ucontext, uc_regs) == 48, "uc_regs");
_Static_assert(offsetof(struct ppc_ucontext, uc_mcontext) == 192,
               "uc_mcontext");
_Static_assert(sizeof(struct ppc_rt_sigframe) == 1536, "rt_sigframe size");
_Static_assert(sizeof(struct ppc_sigframe) == 1248, "sigframe size");
/* The CFA of vdso.S's trampolines: the mcontext, seen from r1. */
_Static_assert(SIGNAL_FRAMESIZE + 16 +
                   offsetof(struct ppc_rt_sigframe, uc.uc_mcontext) == 400,
               "vdso.S: rt frame's mcontext at r1 + 400");
_Static_assert(SIGNAL_FRAMESIZE + offsetof(struct ppc_sigframe, mctx) == 96,
               "vdso.S: old frame's mcontext at r1 + 96");
_Static_assert(offsetof(struct ppc_mcontext, fregs) == 192,
               "vdso.S: FPRs at mcontext + 192");

static CPUPPCState *ppc_env(CPUCommon *cpu)
{
    return (CPUPPCState *)cpu;
}

/* The vDSO's return path of a handler: its name, looked up once. */
static abi_ulong sigtramp(bool rt)
{
    static abi_ulong addr[2];
    abi_ulong a = __atomic_load_n(&addr[rt], __ATOMIC_RELAXED);
    if (!a) {
        a = vdso_symbol(rt ? "__kernel_sigtramp_rt32" : "__kernel_sigtramp32");
        __atomic_store_n(&addr[rt], a, __ATOMIC_RELAXED);
    }
    return a;
}

/* Whether the thread's last data fault was a store (DSISR bit 6). */
static __thread bool last_fault_was_store;

void target_note_data_fault(abi_ulong addr, uint32_t pf_error_code)
{
    (void)addr;
    last_fault_was_store = pf_error_code & 2; /* x86 PF: write */
}

/* Trap number, DAR and DSISR the kernel would have recorded. */
static void save_fault_state(struct ppc_mcontext *mc, int sig,
                             const target_siginfo *info)
{
    int32_t code = tget(info->s.si_code);
    uint32_t addr = tget(info->s.f.fault.addr);
    uint32_t trap = 0x500; /* asynchronous: as if at an interrupt */
    if (code > 0 && code != SI_KERNEL) {
        switch (sig) {
        case SIGSEGV:
            trap = 0x300;
            tput(mc->gregs[PT_DAR], addr);
            tput(mc->gregs[PT_DSISR],
                 (code == SEGV_MAPERR ? 0x40000000u : 0x08000000u) |
                     (last_fault_was_store ? 0x02000000u : 0));
            break;
        case SIGBUS:
            trap = 0x600;
            tput(mc->gregs[PT_DAR], addr);
            break;
        case SIGILL: case SIGFPE: case SIGTRAP:
            trap = 0x700;
            break;
        default:
            break;
        }
    }
    tput(mc->gregs[PT_TRAP], trap);
}

static void save_regs(struct ppc_mcontext *mc, CPUPPCState *env)
{
    for (int i = 0; i < 32; i++) {
        tput(mc->gregs[i], env->gpr[i]);
    }
    tput(mc->gregs[PT_NIP], (uint32_t)env->common.pc);
    tput(mc->gregs[PT_MSR], PPC_USER_MSR);
    tput(mc->gregs[PT_ORIG_R3], env->gpr[3]);
    tput(mc->gregs[PT_CTR], env->ctr);
    tput(mc->gregs[PT_LNK], env->lr);
    tput(mc->gregs[PT_XER], ppc_get_xer(env));
    tput(mc->gregs[PT_CCR], ppc_get_cr(env));
    for (int i = 0; i < 32; i++) {
        tput(mc->fregs[i], env->fpr[i]);
    }
    tput(mc->fregs[32], (uint64_t)ppc_get_fpscr(env));
}

static void restore_regs(CPUPPCState *env, const struct ppc_mcontext *mc)
{
    for (int i = 0; i < 32; i++) {
        env->gpr[i] = tget(mc->gregs[i]);
    }
    env->common.pc = tget(mc->gregs[PT_NIP]) & ~3u;
    env->ctr = tget(mc->gregs[PT_CTR]);
    env->lr = tget(mc->gregs[PT_LNK]);
    ppc_set_xer(env, tget(mc->gregs[PT_XER]));
    ppc_set_cr(env, tget(mc->gregs[PT_CCR]));
    for (int i = 0; i < 32; i++) {
        env->fpr[i] = tget(mc->fregs[i]);
    }
    ppc_set_fpscr(env, (uint32_t)tget(mc->fregs[32]));
    env->reserve_addr = (uint32_t)-1;
}

/* Registers common to both frames; tramp is the return address. */
static void enter(CPUPPCState *env, const struct target_sigaction *ka, int sig,
                  abi_ulong newsp, abi_ulong tramp)
{
    /* Back chain of the handler's caller frame. */
    uint32_t *chain = g2h(newsp);
    tput(*chain, env->gpr[1]);
    env->lr = tramp;
    ppc_set_fpscr(env, 0); /* handlers start with FP exceptions off */
    env->gpr[1] = newsp;
    env->gpr[3] = (uint32_t)sig;
    env->common.pc = tget(ka->handler) & ~3u;
    env->reserve_addr = (uint32_t)-1;
}

bool target_setup_frame(CPUCommon *cpu, int sig,
                        const struct target_sigaction *ka,
                        const target_siginfo *info, uint64_t oldmask)
{
    CPUPPCState *env = ppc_env(cpu);
    bool rt = tget(ka->flags) & SA_SIGINFO;
    abi_ulong sp = signal_frame_stack(ka, env->gpr[1]);
    size_t size = rt ? sizeof(struct ppc_rt_sigframe)
                     : sizeof(struct ppc_sigframe);
    size_t below = rt ? SIGNAL_FRAMESIZE + 16 : SIGNAL_FRAMESIZE;
    abi_ulong frame = (abi_ulong)((sp - size) & ~(abi_ulong)15);
    abi_ulong newsp = frame - (abi_ulong)below;
    if (frame < below || !guest_ptr(newsp, below + size, PAGE_WRITE)) {
        return false;
    }
    abi_ulong tramp = sigtramp(rt);
    if (!tramp) {
        return false;
    }
    if (rt) {
        struct ppc_rt_sigframe *f = g2h(frame);
        memset(f, 0, sizeof(*f));
        f->info = *info;
        signal_save_altstack(&f->uc.uc_stack, env->gpr[1]);
        abi_ulong mc = frame + offsetof(struct ppc_rt_sigframe, uc.uc_mcontext);
        tput(f->uc.uc_regs, mc);
        tput(f->uc.uc_sigmask[0], (uint32_t)oldmask);
        tput(f->uc.uc_sigmask[1], (uint32_t)(oldmask >> 32));
        save_regs(&f->uc.uc_mcontext, env);
        save_fault_state(&f->uc.uc_mcontext, sig, info);
        enter(env, ka, sig, newsp, tramp);
        env->gpr[4] = frame;
        env->gpr[5] = frame + offsetof(struct ppc_rt_sigframe, uc);
        env->gpr[6] = frame;
    } else {
        struct ppc_sigframe *f = g2h(frame);
        memset(f, 0, sizeof(*f));
        abi_ulong mc = frame + offsetof(struct ppc_sigframe, mctx);
        tput(f->sctx.signal, sig);
        tput(f->sctx.handler, tget(ka->handler));
        tput(f->sctx.oldmask, (uint32_t)oldmask);
        tput(f->sctx.unused[3], (uint32_t)(oldmask >> 32));
        tput(f->sctx.regs, mc);
        save_regs(&f->mctx, env);
        save_fault_state(&f->mctx, sig, info);
        enter(env, ka, sig, newsp, tramp);
        env->gpr[4] = frame;
    }
    return true;
}

/* Restore from the mcontext at guest address mc. */
static bool restore_mcontext(CPUPPCState *env, abi_ulong mc)
{
    struct ppc_mcontext m;
    if (copy_from_guest(&m, mc, offsetof(struct ppc_mcontext, pad)) < 0) {
        return false;
    }
    restore_regs(env, &m);
    return true;
}

bool target_rt_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    CPUPPCState *env = ppc_env(cpu);
    abi_ulong frame = env->gpr[1] + SIGNAL_FRAMESIZE + 16;
    struct ppc_ucontext uc;
    if (copy_from_guest(&uc, frame + offsetof(struct ppc_rt_sigframe, uc),
                        offsetof(struct ppc_ucontext, uc_mcontext)) < 0) {
        return false;
    }
    *mask = tget(uc.uc_sigmask[0]) | (uint64_t)tget(uc.uc_sigmask[1]) << 32;
    if (!restore_mcontext(env, tget(uc.uc_regs))) {
        return false;
    }
    signal_restore_altstack(&uc.uc_stack, env->gpr[1]);
    return true;
}

bool target_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    CPUPPCState *env = ppc_env(cpu);
    struct ppc_sigcontext sc;
    if (copy_from_guest(&sc, env->gpr[1] + SIGNAL_FRAMESIZE, sizeof(sc)) < 0) {
        return false;
    }
    *mask = tget(sc.oldmask) | (uint64_t)tget(sc.unused[3]) << 32;
    return restore_mcontext(env, tget(sc.regs));
}

/* swapcontext(old_ctx, new_ctx, ctx_size), ppc32's user context switch
 * (glibc's swapcontext/setcontext): save the registers as they are at the
 * sc (nip after it, r3 = old_ctx) and the signal mask into old_ctx; then,
 * if new_ctx is given, load every register and the mask from it and
 * return without touching r3 or CR, as sigreturn does. */
static int64_t sys_swapcontext(const uint64_t *a)
{
    CPUPPCState *env = ppc_env(user_cpu);
    abi_ulong old_ctx = (abi_ulong)a[0], new_ctx = (abi_ulong)a[1];

    if (old_ctx) {
        abi_ulong mc = (old_ctx + offsetof(struct ppc_ucontext, uc_mcontext)) &
                       ~(abi_ulong)15;
        uint64_t mask = signal_thread_mask();
        struct ppc_mcontext m;
        memset(&m, 0, sizeof(m));
        save_regs(&m, env);
        if (copy_to_guest(mc, &m, offsetof(struct ppc_mcontext, pad)) < 0 ||
            put_guest_val(uint32_t, old_ctx + offsetof(struct ppc_ucontext, uc_sigmask),
                          (uint32_t)mask) < 0 ||
            put_guest_val(uint32_t, old_ctx + offsetof(struct ppc_ucontext, uc_sigmask) + 4,
                          (uint32_t)(mask >> 32)) < 0 ||
            put_guest_val(uint32_t, old_ctx + offsetof(struct ppc_ucontext, uc_regs),
                          mc) < 0) {
            return -EFAULT;
        }
    }
    if (!new_ctx) {
        return 0;
    }
    struct ppc_ucontext uc;
    if (copy_from_guest(&uc, new_ctx, offsetof(struct ppc_ucontext, uc_mcontext)) < 0) {
        return -EFAULT;
    }
    uint64_t mask = tget(uc.uc_sigmask[0]) | (uint64_t)tget(uc.uc_sigmask[1]) << 32;
    return signal_finish_sigreturn(restore_mcontext(env, tget(uc.uc_regs)), mask);
}

const SyscallDef sys_arch_defs[] = {
    { "swapcontext", sys_swapcontext, "ppd", 'd' },
    { NULL, NULL, NULL, 0 },
};

void target_syscall_set_eintr(CPUCommon *cpu)
{
    CPUPPCState *env = ppc_env(cpu);
    env->common.pc += 4;
    env->gpr[3] = EINTR;
    env->crf[0] |= CRF_SO;
}

abi_ulong target_signal_sp(CPUCommon *cpu)
{
    return ppc_env(cpu)->gpr[1];
}
