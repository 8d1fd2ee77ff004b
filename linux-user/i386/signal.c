/*
 * signal.c: x86 signal frames for linux-user/signal.c's hooks, for both
 * mimic-i386 and mimic-x86_64 (the layouts of the kernel's
 * arch/x86 signal code as user space sees them: asm/sigcontext.h,
 * asm/ucontext.h).
 *
 * x86-64 (always the rt frame):   i386 rt frame:       i386 old frame:
 *   pretcode (sa_restorer)          pretcode             pretcode
 *   ucontext                        sig, &info, &uc      sig
 *   siginfo                         siginfo              sigcontext
 *                                   ucontext             fpstate (unused)
 *                                   retcode[8]           extramask
 *                                                        retcode[8]
 * The FPU state goes in a separate 64-byte aligned block above the frame
 * (FXSAVE image; i386 puts the FNSAVE-format header in front of it), and
 * the handler starts with a fresh FPU, as under Linux.
 */
#include <signal.h>

#include "linux-user/i386/trap.h"
#include "linux-user/user.h"
#include "target-x86/cpu.h"
#include "target-x86/fpu_helper.h"

#define CODE64 (TARGET_ABI_BITS == 64)

#define TARGET_SA_RESTORER 0x04000000u
#define UC_SIGCONTEXT_SS 2
#define FXSAVE_SIZE 512
#define FSAVE_HEADER_SIZE 112 /* struct _fpstate_32 before _fxsr_env */

static CPUX86State *x86_env(CPUCommon *cpu)
{
    return (CPUX86State *)cpu;
}

/* ---- the layouts ---------------------------------------------------------- */

#if CODE64
struct target_sigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;
    uint64_t reserved[8];
};

struct target_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct target_stack_t uc_stack;
    struct target_sigcontext uc_mcontext;
    uint64_t uc_sigmask;
};

struct target_rt_sigframe {
    uint64_t pretcode;
    struct target_ucontext uc;
    target_siginfo info;
};

_Static_assert(sizeof(struct target_sigcontext) == 256, "sigcontext");
_Static_assert(sizeof(struct target_rt_sigframe) == 440, "rt_sigframe");
#else
struct target_sigcontext {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
    uint32_t trapno, err, eip, cs, eflags, esp_at_signal, ss;
    uint32_t fpstate, oldmask, cr2;
};

struct target_ucontext {
    uint32_t uc_flags;
    uint32_t uc_link;
    struct target_stack_t uc_stack;
    struct target_sigcontext uc_mcontext;
    uint32_t uc_sigmask[2];
};

struct target_rt_sigframe {
    uint32_t pretcode;
    int32_t sig;
    uint32_t pinfo;
    uint32_t puc;
    target_siginfo info;
    struct target_ucontext uc;
    uint8_t retcode[8];
};

struct target_sigframe {
    uint32_t pretcode;
    int32_t sig;
    struct target_sigcontext sc;
    uint8_t fpstate_unused[624];
    uint32_t extramask;
    uint8_t retcode[8];
};

_Static_assert(sizeof(struct target_sigcontext) == 88, "sigcontext");
_Static_assert(sizeof(struct target_ucontext) == 116, "ucontext");
#endif

/* ---- FPU state ------------------------------------------------------------ */

#define FX_FMT (CODE64 ? X86_IMAGE_FXSAVE64 : X86_IMAGE_FXSAVE32)

/* Write the FPU state block at host pointer out (FPU_BLOCK_SIZE bytes),
 * then give the handler a fresh FPU. */
#define FPU_BLOCK_SIZE (CODE64 ? FXSAVE_SIZE : FSAVE_HEADER_SIZE + FXSAVE_SIZE)

static void save_fpu(CPUX86State *env, uint8_t *out)
{
    memset(out, 0, FPU_BLOCK_SIZE);
    uint8_t *fx = out + (CODE64 ? 0 : FSAVE_HEADER_SIZE);
    x86_helper_image_save(env, FX_FMT);
    for (unsigned i = 0; i < x86_fpu_image_size(FX_FMT) / 8; i++) {
        uint64_t v = x86_helper_image_get(i);
        memcpy(fx + 8 * i, &v, 8);
    }
    if (!CODE64) {
        /* The FNSAVE-format header (FNSAVE also reinitialises the FPU);
         * its magic 0 says an FXSAVE image follows. */
        x86_helper_image_save(env, X86_IMAGE_SAVE32);
        for (unsigned i = 0; i < 108 / 8; i++) {
            uint64_t v = x86_helper_image_get(i);
            memcpy(out + 8 * i, &v, 8);
        }
        uint32_t last = (uint32_t)x86_helper_image_get(108 / 8);
        memcpy(out + 104, &last, 4);
        uint16_t sw = x86_fpu_status(env);
        memcpy(out + 108, &sw, 2);
    }
    x86_helper_fninit(env);
    env->mxcsr = 0x1f80;
    memset(env->xmm, 0, sizeof(env->xmm));
}

/* Load the FPU state from the FXSAVE image at guest address addr. */
static bool restore_fpu(CPUX86State *env, abi_ulong addr)
{
    const uint8_t *in = guest_ptr(addr, FPU_BLOCK_SIZE, PAGE_READ);
    if (!in) {
        return false;
    }
    const uint8_t *fx = in + (CODE64 ? 0 : FSAVE_HEADER_SIZE);
    for (unsigned i = 0; i < x86_fpu_image_size(FX_FMT) / 8; i++) {
        uint64_t v;
        memcpy(&v, fx + 8 * i, 8);
        if (i == 3) {
            /* MXCSR (bytes 24-27): reserved bits cannot come back. */
            v &= ~((uint64_t)0xffff0000u);
        }
        x86_helper_image_put(i, v);
    }
    x86_helper_image_load(env, FX_FMT);
    return true;
}

/* ---- the last exception ------------------------------------------------------ */

/* What the kernel keeps per thread about the last exception (trap number,
 * error code, and CR2 of the last page fault) and copies into every
 * signal frame, also into frames of later asynchronous signals. */
static __thread struct {
    uint32_t trapno, err;
    uint64_t cr2;
} last_trap;

void x86_note_trap(unsigned trapno, uint32_t err)
{
    last_trap.trapno = trapno;
    last_trap.err = err;
}

void x86_note_page_fault(abi_ulong addr, uint32_t err)
{
    x86_note_trap(EXCP_X86_SEGV, err);
    last_trap.cr2 = addr;
}

void target_note_data_fault(abi_ulong addr, uint32_t pf_error_code)
{
    enum { PF_PRESENT = 1, PF_WRITE = 2, PF_USER = 4 };
    x86_note_page_fault(addr, (pf_error_code & (PF_PRESENT | PF_WRITE)) |
                                  PF_USER);
}

/* Host pointer to a frame of size bytes at addr, writable, or NULL. */
static void *frame_ptr(abi_ulong addr, size_t size)
{
    return guest_ptr(addr, size, PAGE_READ | PAGE_WRITE);
}

/* ---- x86-64 ----------------------------------------------------------------- */

#if CODE64
static void save_sigcontext(CPUX86State *env, struct target_sigcontext *sc,
                            uint64_t mask, abi_ulong fpstate)
{
    static const int order[] = { 8, 9, 10, 11, 12, 13, 14, 15, R_EDI, R_ESI,
                                 R_EBP, R_EBX, R_EDX, R_EAX, R_ECX, R_ESP };
    uint64_t *r = &sc->r8;
    for (int i = 0; i < 16; i++) {
        r[i] = env->regs[order[i]];
    }
    sc->rip = env->common.pc;
    sc->eflags = x86_get_eflags(env);
    sc->cs = X86_USER64_CS;
    sc->ss = X86_USER_DS;
    sc->oldmask = mask;
    sc->fpstate = fpstate;
    sc->trapno = last_trap.trapno;
    sc->err = last_trap.err;
    sc->cr2 = last_trap.cr2;
}

static void restore_sigcontext(CPUX86State *env,
                               const struct target_sigcontext *sc)
{
    static const int order[] = { 8, 9, 10, 11, 12, 13, 14, 15, R_EDI, R_ESI,
                                 R_EBP, R_EBX, R_EDX, R_EAX, R_ECX, R_ESP };
    const uint64_t *r = &sc->r8;
    for (int i = 0; i < 16; i++) {
        env->regs[order[i]] = r[i];
    }
    env->common.pc = sc->rip;
    x86_set_eflags(env, (uint32_t)sc->eflags);
}

bool target_setup_frame(CPUCommon *cpu, int sig,
                        const struct target_sigaction *ka,
                        const target_siginfo *info, uint64_t oldmask)
{
    CPUX86State *env = x86_env(cpu);
    if (!(ka->flags & TARGET_SA_RESTORER)) {
        return false;
    }
    /* Below the red zone, or on the alternate stack. */
    abi_ulong sp = signal_frame_stack(ka, env->regs[R_ESP] - 128);
    abi_ulong fp = (sp - FPU_BLOCK_SIZE) & ~(abi_ulong)63;
    abi_ulong addr = ((fp - sizeof(struct target_rt_sigframe)) & ~(abi_ulong)15)
                     - 8;
    struct target_rt_sigframe *f = frame_ptr(addr, sizeof(*f));
    uint8_t *fpu = frame_ptr(fp, FPU_BLOCK_SIZE);
    if (!f || !fpu) {
        return false;
    }
    memset(f, 0, sizeof(*f));
    f->pretcode = ka->restorer;
    f->uc.uc_flags = UC_SIGCONTEXT_SS;
    signal_save_altstack(&f->uc.uc_stack, env->regs[R_ESP]);
    save_sigcontext(env, &f->uc.uc_mcontext, oldmask, fp);
    f->uc.uc_sigmask = oldmask;
    f->info = *info;
    save_fpu(env, fpu);

    env->regs[R_EDI] = (uint64_t)sig;
    env->regs[R_ESI] = addr + offsetof(struct target_rt_sigframe, info);
    env->regs[R_EDX] = addr + offsetof(struct target_rt_sigframe, uc);
    env->regs[R_EAX] = 0;
    env->regs[R_ESP] = addr;
    env->common.pc = ka->handler;
    x86_set_eflags(env, x86_get_eflags(env) & ~(EFLAGS_DF | EFLAGS_TF));
    return true;
}

bool target_rt_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    CPUX86State *env = x86_env(cpu);
    /* The handler's ret popped pretcode. */
    abi_ulong handler_sp = env->regs[R_ESP];
    abi_ulong addr = handler_sp - 8;
    struct target_rt_sigframe f;
    if (copy_from_guest(&f, addr, sizeof(f)) < 0) {
        return false;
    }
    *mask = f.uc.uc_sigmask;
    if (f.uc.uc_mcontext.fpstate &&
        !restore_fpu(env, f.uc.uc_mcontext.fpstate)) {
        return false;
    }
    restore_sigcontext(env, &f.uc.uc_mcontext);
    /* Seen from the handler's stack pointer, as the x86-64 kernel does
     * (a handler on the alternate stack cannot change it this way; the
     * i386 frame's return sees the restored one). */
    signal_restore_altstack(&f.uc.uc_stack, handler_sp);
    return true;
}

bool target_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    return false; /* x86-64 has rt_sigreturn only */
}

#else /* i386 */

static void save_sigcontext(CPUX86State *env, struct target_sigcontext *sc,
                            uint32_t mask, abi_ulong fpstate)
{
    sc->gs = env->segs[R_GS].selector;
    sc->fs = env->segs[R_FS].selector;
    sc->es = env->segs[R_ES].selector;
    sc->ds = env->segs[R_DS].selector;
    sc->edi = (uint32_t)env->regs[R_EDI];
    sc->esi = (uint32_t)env->regs[R_ESI];
    sc->ebp = (uint32_t)env->regs[R_EBP];
    sc->esp = (uint32_t)env->regs[R_ESP];
    sc->ebx = (uint32_t)env->regs[R_EBX];
    sc->edx = (uint32_t)env->regs[R_EDX];
    sc->ecx = (uint32_t)env->regs[R_ECX];
    sc->eax = (uint32_t)env->regs[R_EAX];
    sc->eip = (uint32_t)env->common.pc;
    sc->cs = env->segs[R_CS].selector;
    sc->eflags = x86_get_eflags(env);
    sc->esp_at_signal = (uint32_t)env->regs[R_ESP];
    sc->ss = env->segs[R_SS].selector;
    sc->fpstate = fpstate;
    sc->oldmask = mask;
    sc->trapno = last_trap.trapno;
    sc->err = last_trap.err;
    sc->cr2 = (uint32_t)last_trap.cr2;
}

static bool restore_sigcontext(CPUX86State *env,
                               const struct target_sigcontext *sc)
{
    /* FS and GS come back as the guest left them (TLS); an unloadable
     * selector is a fault, as with the kernel's segment loads. */
    if (!x86_load_seg(env, R_GS, sc->gs & 0xffff) ||
        !x86_load_seg(env, R_FS, sc->fs & 0xffff)) {
        return false;
    }
    env->regs[R_EDI] = sc->edi;
    env->regs[R_ESI] = sc->esi;
    env->regs[R_EBP] = sc->ebp;
    env->regs[R_ESP] = sc->esp;
    env->regs[R_EBX] = sc->ebx;
    env->regs[R_EDX] = sc->edx;
    env->regs[R_ECX] = sc->ecx;
    env->regs[R_EAX] = sc->eax;
    env->common.pc = sc->eip;
    x86_set_eflags(env, sc->eflags);
    return !sc->fpstate || restore_fpu(env, sc->fpstate);
}

/* The frame address for a frame of size bytes below the FPU block at fp:
 * the stack pointer at the handler's entry is 16-byte aligned minus 4
 * (as after a call). */
static abi_ulong frame_below(abi_ulong fp, size_t size)
{
    return ((fp - size + 4) & ~(abi_ulong)15) - 4;
}

bool target_setup_frame(CPUCommon *cpu, int sig,
                        const struct target_sigaction *ka,
                        const target_siginfo *info, uint64_t oldmask)
{
    CPUX86State *env = x86_env(cpu);
    bool rt = ka->flags & SA_SIGINFO;
    abi_ulong sp = signal_frame_stack(ka, (abi_ulong)env->regs[R_ESP]);
    abi_ulong fp = (sp - FPU_BLOCK_SIZE) & ~(abi_ulong)63;
    uint8_t *fpu = frame_ptr(fp, FPU_BLOCK_SIZE);
    abi_ulong addr;
    if (!fpu) {
        return false;
    }
    /* Without SA_RESTORER, the return goes through the retcode, in the
     * frame as the old kernels did (for debuggers that look for it), run
     * from an executable page as the kernel's vDSO does (stacks are not
     * executable): popl %eax (old frame only); movl $nr, %eax; int $0x80. */
    static const uint8_t retcodes[16] = {
        0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80, /* sigreturn */
        0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0,    /* rt_sigreturn */
    };
    enum { RT_RETCODE = 8 };
    abi_ulong page = ka->flags & TARGET_SA_RESTORER
                         ? 0
                         : signal_trampoline_page(retcodes, sizeof(retcodes));
    if (rt) {
        addr = frame_below(fp, sizeof(struct target_rt_sigframe));
        struct target_rt_sigframe *f = frame_ptr(addr, sizeof(*f));
        if (!f) {
            return false;
        }
        memset(f, 0, sizeof(*f));
        f->sig = sig;
        f->pinfo = addr + offsetof(struct target_rt_sigframe, info);
        f->puc = addr + offsetof(struct target_rt_sigframe, uc);
        f->info = *info;
        signal_save_altstack(&f->uc.uc_stack, (abi_ulong)env->regs[R_ESP]);
        save_sigcontext(env, &f->uc.uc_mcontext, (uint32_t)oldmask, fp);
        f->uc.uc_sigmask[0] = (uint32_t)oldmask;
        f->uc.uc_sigmask[1] = (uint32_t)(oldmask >> 32);
        memcpy(f->retcode, retcodes + RT_RETCODE, sizeof(f->retcode));
        f->pretcode = ka->flags & TARGET_SA_RESTORER ? ka->restorer
                      : page ? page + RT_RETCODE
                             : addr + offsetof(struct target_rt_sigframe,
                                               retcode);
        env->regs[R_EDX] = f->pinfo;
        env->regs[R_ECX] = f->puc;
    } else {
        addr = frame_below(fp, sizeof(struct target_sigframe));
        struct target_sigframe *f = frame_ptr(addr, sizeof(*f));
        if (!f) {
            return false;
        }
        memset(f, 0, sizeof(*f));
        f->sig = sig;
        save_sigcontext(env, &f->sc, (uint32_t)oldmask, fp);
        f->extramask = (uint32_t)(oldmask >> 32);
        memcpy(f->retcode, retcodes, sizeof(f->retcode));
        f->pretcode = ka->flags & TARGET_SA_RESTORER ? ka->restorer
                      : page ? page
                             : addr + offsetof(struct target_sigframe, retcode);
        env->regs[R_EDX] = 0;
        env->regs[R_ECX] = 0;
    }
    save_fpu(env, fpu);
    env->regs[R_EAX] = (uint32_t)sig;
    env->regs[R_ESP] = addr;
    env->common.pc = ka->handler;
    x86_load_seg(env, R_DS, X86_USER_DS);
    x86_load_seg(env, R_ES, X86_USER_DS);
    x86_set_eflags(env, x86_get_eflags(env) & ~(EFLAGS_DF | EFLAGS_TF));
    return true;
}

bool target_rt_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    CPUX86State *env = x86_env(cpu);
    /* The handler's ret popped pretcode. */
    abi_ulong addr = (abi_ulong)env->regs[R_ESP] - 4;
    struct target_rt_sigframe f;
    if (copy_from_guest(&f, addr, sizeof(f)) < 0) {
        return false;
    }
    *mask = f.uc.uc_sigmask[0] | (uint64_t)f.uc.uc_sigmask[1] << 32;
    if (!restore_sigcontext(env, &f.uc.uc_mcontext)) {
        return false;
    }
    signal_restore_altstack(&f.uc.uc_stack, (abi_ulong)env->regs[R_ESP]);
    return true;
}

bool target_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    CPUX86State *env = x86_env(cpu);
    /* ret popped pretcode, the restorer popped sig. */
    abi_ulong addr = (abi_ulong)env->regs[R_ESP] - 8;
    struct target_sigframe f;
    if (copy_from_guest(&f, addr, sizeof(f)) < 0) {
        return false;
    }
    *mask = f.sc.oldmask | (uint64_t)f.extramask << 32;
    return restore_sigcontext(env, &f.sc);
}
#endif

/* syscall and int $0x80 are both two bytes long. */
void target_syscall_set_eintr(CPUCommon *cpu)
{
    CPUX86State *env = x86_env(cpu);
    cpu->pc += 2;
    env->regs[R_EAX] = CODE64 ? (uint64_t)-EINTR : (uint32_t)-EINTR;
}

abi_ulong target_signal_sp(CPUCommon *cpu)
{
    return (abi_ulong)x86_env(cpu)->regs[R_ESP];
}
