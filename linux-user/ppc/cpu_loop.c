/*
 * cpu_loop.c: the PowerPC 32-bit guest under Linux: process start state,
 * the loop that runs guest code and turns exceptions into system calls or
 * fatal signals, the system-call convention, and the ELF aux vector
 * identity of the CPU.
 */
#include <signal.h>
#include <stdlib.h>

#include "linux-user/user.h"
#include "target-ppc/cpu.h"
#include "util/log.h"

/* asm/cputable.h */
#define PPC_FEATURE_32 0x80000000u
#define PPC_FEATURE_HAS_FPU 0x08000000u
#define PPC_FEATURE_HAS_MMU 0x04000000u
#define PPC_FEATURE_TRUE_LE 0x00000002u
#define PPC_FEATURE_PPC_LE 0x00000001u

/* The first thread's CPU; every other guest thread runs a copy
 * (target_cpu_thread_copy). */
static CPUPPCState main_cpu;
__thread CPUCommon *user_cpu = &main_cpu.common;

/* The calling thread's CPU. */
static inline CPUPPCState *cpu(void)
{
    return (CPUPPCState *)((char *)user_cpu - offsetof(CPUPPCState, common));
}

static const char *platform;

static const char *const syscall_names[] = {
#define TARGET_SYSCALL(nr, name) [nr] = #name,
#include "syscall_nr.h"
#undef TARGET_SYSCALL
};

const char *target_syscall_name(int nr)
{
    if (nr < 0 || nr >= target_syscall_count()) {
        return NULL;
    }
    return syscall_names[nr];
}

int target_syscall_count(void)
{
    return (int)(sizeof(syscall_names) / sizeof(syscall_names[0]));
}

void target_cpu_list(FILE *out)
{
    ppc_cpu_list(out);
}

bool target_cpu_model_ok(const char *name)
{
    return ppc_cpu_model_find(name) != NULL;
}

/* AT_PLATFORM by processor version, as in the kernel's cputable. */
static const char *platform_for_pvr(uint32_t pvr)
{
    static const struct {
        uint16_t version;
        const char *platform;
    } table[] = {
        { 0x0001, "ppc601" },  { 0x0003, "ppc603" },  { 0x0006, "ppc603" },
        { 0x0007, "ppc603" },  { 0x0004, "ppc604" },  { 0x0009, "ppc604" },
        { 0x0008, "ppc750" },  { 0x000c, "ppc7400" }, { 0x800c, "ppc7400" },
        { 0x8000, "ppc7450" }, { 0x8001, "ppc7450" }, { 0x0083, "ppc603" },
        { 0x0084, "ppc603" },  { 0x0085, "ppc603" },  { 0x0086, "ppc603" },
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (table[i].version == pvr >> 16) {
            return table[i].platform;
        }
    }
    return "ppc750";
}

void target_cpu_create(const char *model)
{
    ppc_cpu_reset(cpu());
    const PPCCPUModel *m = model ? ppc_cpu_model_find(model) : NULL;
    if (m) {
        cpu()->pvr = m->pvr;
    }
    platform = platform_for_pvr(cpu()->pvr);
}

const char *target_elf_platform(void)
{
    return platform;
}

uint32_t target_elf_hwcap(void)
{
    return PPC_FEATURE_32 | PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU;
}

uint32_t target_elf_hwcap2(void)
{
    return 0;
}

uint64_t target_cpu_pc(void)
{
    return cpu()->common.pc;
}

void target_cpu_start(const ImageInfo *info)
{
    /* The SysV ppc32 process entry: r1 at argc; r3-r6 argc, argv, envp,
     * auxv; r7 the rtld finalizer (none for a static program). */
    cpu()->gpr[1] = info->sp;
    cpu()->gpr[3] = (uint32_t)info->argc;
    cpu()->gpr[4] = info->argv;
    cpu()->gpr[5] = info->envp;
    cpu()->gpr[6] = info->auxv;
    cpu()->gpr[7] = 0;
    cpu()->common.pc = info->entry;
}

void target_cpu_clone_child(abi_ulong sp)
{
    if (sp) {
        cpu()->gpr[1] = sp;
    }
}

CPUCommon *target_cpu_thread_copy(abi_ulong sp, bool set_tls, abi_ulong tls)
{
    CPUPPCState *env = aligned_alloc(64, (sizeof(*env) + 63) & ~(size_t)63);
    if (!env) {
        return NULL;
    }
    *env = *cpu();
    /* The child's clone returns 0 (r3, CR0.SO clear); r2 is the thread
     * pointer of the SysV ppc32 ABI. */
    env->gpr[3] = 0;
    env->crf[0] &= ~(uint32_t)CRF_SO;
    if (sp) {
        env->gpr[1] = sp;
    }
    if (set_tls) {
        env->gpr[2] = tls;
    }
    env->reserve_addr = UINT32_MAX;
    return &env->common;
}

/* sc: number in r0, arguments in r3-r8; the result goes to r3 with
 * CR0.SO clear, or the positive errno to r3 with CR0.SO set.  A call
 * interrupted by a signal runs again from the sc (r3 still holds its
 * first argument) unless the handler asks for EINTR. */
static void handle_syscall(CPUPPCState *env)
{
    uint64_t args[SYSCALL_ARGS];
    for (int i = 0; i < SYSCALL_ARGS; i++) {
        args[i] = env->gpr[3 + i];
    }
    int nr = (int)env->gpr[0];
    int64_t ret = signal_syscall_result(nr, do_syscall(nr, args));
    if (ret == -USER_ESIGRETURN) {
        return;
    }
    if (ret == -USER_ERESTARTSYS) {
        env->common.pc -= 4;
        return;
    }
    if (ret < 0 && ret >= -4095) {
        env->gpr[3] = (uint32_t)-ret;
        env->crf[0] |= CRF_SO;
    } else {
        env->gpr[3] = (uint32_t)ret;
        env->crf[0] &= ~(uint32_t)CRF_SO;
    }
}

/* The kernel emulates mfpvr for user space (glibc reads the PVR to pick
 * its string functions).  True if the instruction at pc was one. */
static bool emulate_privileged(CPUPPCState *env)
{
    const uint8_t *p = translator_code_ptr(&env->common, env->common.pc, 4);
    if (!p) {
        return false;
    }
    uint32_t insn = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
    if ((insn & 0xfc1fffffu) == 0x7c1f42a6u) { /* mfspr rD, PVR */
        env->gpr[(insn >> 21) & 31] = env->pvr;
        env->common.pc += 4;
        return true;
    }
    env->error_insn = insn;
    return false;
}

/* si_code of an enabled FP exception, by the FPSCR bit that raised it. */
static int fpe_code(uint32_t fpscr_bit)
{
    if (fpscr_bit & FPSCR_ZX) {
        return FPE_FLTDIV;
    }
    if (fpscr_bit & FPSCR_OX) {
        return FPE_FLTOVF;
    }
    if (fpscr_bit & FPSCR_UX) {
        return FPE_FLTUND;
    }
    if (fpscr_bit & FPSCR_XX) {
        return FPE_FLTRES;
    }
    return FPE_FLTINV;
}

/* A synchronous exception of the instruction at pc: the guest handler
 * runs if there is one, else the process dies by the signal as it would
 * natively, with what as the message. */
static void raise_fault(int sig, int code, uint32_t addr, const char *what)
{
    if (!guest_signal_handled(sig)) {
        fprintf(stderr, "mimic: %s\n", what);
        die_by_signal(sig);
    }
    signal_queue_fault(sig, code, addr);
}

_Noreturn void target_cpu_loop(void)
{
    CPUPPCState *env = cpu();
    char msg[96];
    for (;;) {
        user_in_guest_code = 1;
        int e = cpu_exec(&env->common);
        user_in_guest_code = 0;
        uint32_t pc = (uint32_t)env->common.pc;
        switch (e) {
        case EXCP_PPC_SYSCALL:
            handle_syscall(env);
            break;
        case EXCP_PPC_ILLEGAL:
            snprintf(msg, sizeof(msg), "illegal instruction 0x%08x at 0x%08x",
                     env->error_insn, pc);
            raise_fault(SIGILL, ILL_ILLOPC, pc, msg);
            break;
        case EXCP_PPC_PRIV:
            if (emulate_privileged(env)) {
                break;
            }
            snprintf(msg, sizeof(msg), "privileged instruction 0x%08x at "
                     "0x%08x", env->error_insn, pc);
            raise_fault(SIGILL, ILL_PRVOPC, pc, msg);
            break;
        case EXCP_PPC_TRAP:
            snprintf(msg, sizeof(msg), "trap at 0x%08x", pc);
            raise_fault(SIGTRAP, TRAP_BRKPT, pc, msg);
            break;
        case EXCP_PPC_FP:
            snprintf(msg, sizeof(msg), "floating-point exception at 0x%08x",
                     pc);
            raise_fault(SIGFPE, fpe_code(env->error_code), pc, msg);
            break;
        case EXCP_PPC_SEGV: /* instruction fetch */
            snprintf(msg, sizeof(msg), "segmentation fault at 0x%08x (pc "
                     "0x%08x)", env->fault_addr, pc);
            raise_fault(SIGSEGV,
                        guest_access_ok(env->fault_addr, 1, 0) ? SEGV_ACCERR
                                                               : SEGV_MAPERR,
                        env->fault_addr, msg);
            break;
        case EXCP_INTERRUPT:
            break;
        default:
            fprintf(stderr, "mimic: internal error: unknown exception %d at "
                    "0x%08x\n", e, pc);
            abort();
        }
        signal_deliver_pending(&env->common);
    }
}
