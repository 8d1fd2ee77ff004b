/*
 * cpu_loop.c: x86 guests under Linux, for both mimic-i386 and mimic-x86_64
 * (compiled once per target; TARGET_ABI_BITS tells them apart): process
 * start state, the loop that turns CPU exceptions into system calls or
 * fatal signals, the two system-call conventions, the x86-only calls
 * (arch_prctl, set_thread_area, get_thread_area) and the aux vector
 * identity of the CPU.
 */
#include <asm/prctl.h>
#include <signal.h>
#include <stdlib.h>

#include "linux-user/i386/trap.h"
#include "linux-user/user.h"
#include "target-x86/cpu.h"
#include "util/disas.h"
#include "util/log.h"

#define CODE64 (TARGET_ABI_BITS == 64)

/* The first thread's CPU; every other guest thread runs a copy
 * (target_cpu_thread_copy). */
static CPUX86State main_cpu;
__thread CPUCommon *user_cpu = &main_cpu.common;

/* The calling thread's CPU. */
static inline CPUX86State *cpu(void)
{
    return (CPUX86State *)((char *)user_cpu - offsetof(CPUX86State, common));
}

static int64_t do_set_thread_area(CPUX86State *env, abi_ulong addr);

static const char *const syscall_names[] = {
#define TARGET_SYSCALL(nr, name) [nr] = #name,
#if CODE64
#include "linux-user/x86_64/syscall_nr.h"
#else
#include "linux-user/i386/syscall_nr.h"
#endif
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
    x86_cpu_list(out);
}

bool target_cpu_model_ok(const char *name)
{
    return x86_cpu_model_find(name) != NULL;
}

void target_cpu_create(const char *model)
{
    x86_cpu_reset(cpu(), CODE64);
    if (model) {
        cpu()->model = x86_cpu_model_find(model);
    }
}

const char *target_elf_platform(void)
{
    return CODE64 ? "x86_64" : "i686";
}

/* The kernel's ELF_HWCAP on x86 is CPUID leaf 1 EDX. */
uint32_t target_elf_hwcap(void)
{
    uint32_t r[4];
    x86_cpuid(cpu(), 1, 0, r);
    return r[3];
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
    /* The psABI process entry: the stack pointer at argc, every other
     * register zero (rdx/edx 0: no rtld finalizer for a static program). */
    cpu()->regs[R_ESP] = info->sp;
    cpu()->common.pc = info->entry;
}

void target_cpu_clone_child(abi_ulong sp)
{
    if (sp) {
        cpu()->regs[R_ESP] = sp;
    }
}

CPUCommon *target_cpu_thread_copy(abi_ulong sp, bool set_tls, abi_ulong tls)
{
    CPUX86State *env = aligned_alloc(64, (sizeof(*env) + 63) & ~(size_t)63);
    if (!env) {
        return NULL;
    }
    *env = *cpu();
    env->regs[R_EAX] = 0; /* the child's clone returns 0 */
    if (sp) {
        env->regs[R_ESP] = sp;
    }
    /* x86-64: tls is the new FS base; i386: a struct user_desc for
     * set_thread_area. */
    if (set_tls) {
#if CODE64
        env->segs[R_FS].base = tls;
#else
        if (do_set_thread_area(env, tls) < 0) {
            free(env);
            return NULL;
        }
#endif
    }
    return &env->common;
}

/* ---- system calls --------------------------------------------------------- */

#if CODE64
/* syscall: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; the
 * result (or -errno) in rax; rcx and r11 get rip and rflags. */
static void handle_syscall(CPUX86State *env)
{
    static const int arg_regs[SYSCALL_ARGS] = { 7, 6, 2, 10, 8, 9 };
    uint64_t args[SYSCALL_ARGS];
    for (int i = 0; i < SYSCALL_ARGS; i++) {
        args[i] = env->regs[arg_regs[i]];
    }
    env->regs[R_ECX] = env->common.pc;
    env->regs[11] = x86_get_eflags(env);
    int64_t nr = (int64_t)env->regs[R_EAX];
    int64_t ret = nr >= 0 && nr <= INT32_MAX ? do_syscall((int)nr, args)
                                               : -ENOSYS;
    ret = signal_syscall_result((int)nr, ret);
    if (ret == -USER_ERESTARTSYS) {
        env->common.pc -= 2; /* run the syscall again */
    } else if (ret != -USER_ESIGRETURN) {
        env->regs[R_EAX] = (uint64_t)ret;
    }
}
#else
/* int $0x80: number in eax, arguments in ebx, ecx, edx, esi, edi, ebp;
 * the result (or -errno) in eax. */
static void handle_syscall(CPUX86State *env)
{
    static const int arg_regs[SYSCALL_ARGS] = { R_EBX, R_ECX, R_EDX,
                                                R_ESI, R_EDI, R_EBP };
    uint64_t args[SYSCALL_ARGS];
    for (int i = 0; i < SYSCALL_ARGS; i++) {
        args[i] = (uint32_t)env->regs[arg_regs[i]];
    }
    int nr = (int32_t)env->regs[R_EAX];
    int64_t ret = signal_syscall_result(nr, do_syscall(nr, args));
    if (ret == -USER_ERESTARTSYS) {
        env->common.pc -= 2; /* run int $0x80 again */
    } else if (ret != -USER_ESIGRETURN) {
        env->regs[R_EAX] = (uint32_t)ret;
    }
}
#endif

#if CODE64
static int64_t sys_arch_prctl(const uint64_t *a)
{
    CPUX86State *env = cpu();
    int code = (int)a[0];
    uint64_t addr = a[1];
    switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
        if (addr >= TARGET_TASK_SIZE) {
            return -EPERM;
        }
        env->segs[code == ARCH_SET_FS ? R_FS : R_GS].base = addr;
        return 0;
    case ARCH_GET_FS:
    case ARCH_GET_GS: {
        return put_guest_val(uint64_t, addr,
                             env->segs[code == ARCH_GET_FS ? R_FS : R_GS].base);
    }
    default:
        return -EINVAL;
    }
}
#endif

/* struct user_desc (asm/ldt.h): entry_number, base_addr, limit, then the
 * flag bits seg_32bit, contents (2), read_exec_only, limit_in_pages,
 * seg_not_present, useable. */
struct target_user_desc {
    uint32_t entry_number;
    uint32_t base_addr;
    uint32_t limit;
    uint32_t flags;
};
#define DESC_READ_EXEC_ONLY (1u << 3)
#define DESC_SEG_NOT_PRESENT (1u << 5)
#define DESC_FLAG_BITS 0x7fu

/* The descriptor the kernel treats as "clear this entry" (LDT_empty, or
 * all zero): read_exec_only and seg_not_present set, the rest zero. */
static bool desc_is_empty(const struct target_user_desc *d)
{
    uint32_t f = d->flags & DESC_FLAG_BITS;
    return d->base_addr == 0 && d->limit == 0 &&
           (f == 0 || f == (DESC_READ_EXEC_ONLY | DESC_SEG_NOT_PRESENT));
}

static int64_t sys_set_thread_area(const uint64_t *a)
{
    return do_set_thread_area(cpu(), (abi_ulong)a[0]);
}

/* set_thread_area on env (the caller's CPU, or a new thread's). */
static int64_t do_set_thread_area(CPUX86State *env, abi_ulong addr)
{
    struct target_user_desc desc, *d = &desc;
    if (copy_from_guest(d, addr, sizeof(*d)) < 0 ||
        !guest_access_ok(addr, sizeof(*d), PAGE_WRITE)) {
        return -EFAULT;
    }
    uint32_t entry = d->entry_number;
    if (entry == UINT32_MAX) {
        for (entry = X86_TLS_FIRST_ENTRY;
             entry < X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES &&
             env->tls[entry - X86_TLS_FIRST_ENTRY].present;
             entry++) {
        }
        if (entry == X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
            return -ESRCH;
        }
        put_guest_val(uint32_t, addr, entry);
    }
    if (entry < X86_TLS_FIRST_ENTRY ||
        entry >= X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
        return -EINVAL;
    }
    X86TLSDesc *t = &env->tls[entry - X86_TLS_FIRST_ENTRY];
    if (desc_is_empty(d)) {
        *t = (X86TLSDesc){ 0 };
    } else {
        t->base = d->base_addr;
        t->limit = d->limit;
        t->flags = d->flags & DESC_FLAG_BITS;
        t->present = !(d->flags & DESC_SEG_NOT_PRESENT);
    }
    /* Segment registers holding the entry see the new base at once, as
     * the kernel reloads them. */
    for (int seg = R_ES; seg <= R_GS; seg++) {
        if (seg != R_CS && env->segs[seg].selector >> 3 == entry &&
            !x86_load_seg(env, seg, env->segs[seg].selector)) {
            x86_load_seg(env, seg, 0);
        }
    }
    return 0;
}

static int64_t sys_get_thread_area(const uint64_t *a)
{
    CPUX86State *env = cpu();
    struct target_user_desc desc, *d = &desc;
    if (copy_from_guest(d, (abi_ulong)a[0], sizeof(*d)) < 0 ||
        !guest_access_ok((abi_ulong)a[0], sizeof(*d), PAGE_WRITE)) {
        return -EFAULT;
    }
    uint32_t entry = d->entry_number;
    if (entry < X86_TLS_FIRST_ENTRY ||
        entry >= X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
        return -EINVAL;
    }
    const X86TLSDesc *t = &env->tls[entry - X86_TLS_FIRST_ENTRY];
    d->base_addr = t->base;
    d->limit = t->limit;
    d->flags = t->base || t->limit || t->flags
                   ? t->flags
                   : DESC_READ_EXEC_ONLY | DESC_SEG_NOT_PRESENT;
    return copy_to_guest((abi_ulong)a[0], d, sizeof(*d));
}

const SyscallDef sys_arch_defs[] = {
#if CODE64
    { "arch_prctl", sys_arch_prctl, "xp", 'd' },
#endif
    { "set_thread_area", sys_set_thread_area, "p", 'd' },
    { "get_thread_area", sys_get_thread_area, "p", 'd' },
    { NULL, NULL, NULL, 0 },
};

/* ---- exceptions ------------------------------------------------------------ */

/* "0f 0b (ud2)": the bytes at pc and capstone's name for them. */
static void describe_insn(uint64_t pc, char *out, size_t size)
{
    uint8_t code[16];
    size_t n = 0;
    for (; n < sizeof(code); n++) {
        const uint8_t *p = translator_code_ptr(&cpu()->common, pc + n, 1);
        if (!p) {
            break;
        }
        code[n] = *p;
    }
    char mnem[64] = "";
    size_t len = n ? disas_one(CODE64 ? DISAS_X86_64 : DISAS_I386, code, n,
                               pc, mnem, sizeof(mnem))
                   : 0;
    size_t shown = len ? len : (n < 8 ? n : 8);
    size_t w = 0;
    out[0] = 0;
    for (size_t i = 0; i < shown && w + 4 < size; i++) {
        w += snprintf(out + w, size - w, "%s%02x", i ? " " : "", code[i]);
    }
    if (len && w < size) {
        snprintf(out + w, size - w, " (%s)", mnem);
    }
}

/* si_code values (asm-generic/siginfo.h). */
#define TARGET_SI_KERNEL 0x80
#define TARGET_ILL_ILLOPN 2
#define TARGET_FPE_INTDIV 1
#define TARGET_FPE_FLTDIV 3
#define TARGET_FPE_FLTOVF 4
#define TARGET_FPE_FLTUND 5
#define TARGET_FPE_FLTRES 6
#define TARGET_FPE_FLTINV 7
#define TARGET_SEGV_MAPERR 1
#define TARGET_BUS_ADRALN 1
#define TARGET_TRAP_BRKPT 1

/* si_code of #MF (x87) or #XM (SSE), as Linux picks it: from the
 * exceptions that are both flagged and unmasked, the first of invalid,
 * zero divide, overflow, denormal or underflow, precision. */
static int fp_trap_code(const CPUX86State *env, bool sse)
{
    unsigned err = sse ? env->mxcsr & ~(env->mxcsr >> 7)
                       : (unsigned)(env->fpus & ~env->fpuc);

    if (err & 0x01)
        return TARGET_FPE_FLTINV;
    if (err & 0x04)
        return TARGET_FPE_FLTDIV;
    if (err & 0x08)
        return TARGET_FPE_FLTOVF;
    if (err & 0x12)
        return TARGET_FPE_FLTUND;
    if (err & 0x20)
        return TARGET_FPE_FLTRES;
    return 0;
}

/* A synchronous exception: the guest handler runs if there is one;
 * otherwise the process dies by the signal, as it would natively, after
 * the one-line message what. */
static void guest_fault(int sig, int code, uint64_t addr, const char *what)
{
    if (guest_signal_handled(sig)) {
        signal_queue_fault(sig, code, (abi_ulong)addr);
        return;
    }
    fprintf(stderr, "mimic: %s\n", what);
    die_by_signal(sig);
}

_Noreturn void target_cpu_loop(void)
{
    CPUX86State *env = cpu();
    char msg[192], insn[128];
    for (;;) {
        user_in_guest_code = 1;
        int e = cpu_exec(&env->common);
        user_in_guest_code = 0;
        unsigned long long pc = env->common.pc;
        switch (e) {
        case EXCP_X86_SYSCALL:
        case EXCP_X86_INT80:
            handle_syscall(env);
            break;
        case EXCP_INTERRUPT:
            break;
        case EXCP_X86_UD:
            describe_insn(pc, insn, sizeof(insn));
            if (log_enabled(LOG_UNIMP)) {
                log_printf("mimic: illegal instruction at 0x%llx: %s\n", pc,
                           insn);
            }
            snprintf(msg, sizeof(msg), "illegal instruction at 0x%llx: %s",
                     pc, insn);
            x86_note_trap(EXCP_X86_UD, 0);
            guest_fault(SIGILL, TARGET_ILL_ILLOPN, pc, msg);
            break;
        case EXCP_X86_DE:
            snprintf(msg, sizeof(msg), "divide error at 0x%llx", pc);
            x86_note_trap(EXCP_X86_DE, 0);
            guest_fault(SIGFPE, TARGET_FPE_INTDIV, pc, msg);
            break;
        case EXCP_X86_MF:
        case EXCP_X86_XM:
            snprintf(msg, sizeof(msg), "floating-point exception at 0x%llx",
                     pc);
            x86_note_trap((unsigned)e, 0);
            guest_fault(SIGFPE, fp_trap_code(env, e == EXCP_X86_XM), pc,
                        msg);
            break;
        case EXCP_X86_BP:
        case EXCP_X86_DB:
            /* Linux reports int3 as SI_KERNEL, int1 as TRAP_BRKPT. */
            snprintf(msg, sizeof(msg), "trap at 0x%llx", pc);
            x86_note_trap((unsigned)e, 0);
            guest_fault(SIGTRAP, e == EXCP_X86_BP ? TARGET_SI_KERNEL
                                                  : TARGET_TRAP_BRKPT,
                        pc, msg);
            break;
        case EXCP_X86_AC:
            snprintf(msg, sizeof(msg), "bus error at 0x%llx", pc);
            x86_note_trap(EXCP_X86_AC, 0);
            guest_fault(SIGBUS, TARGET_BUS_ADRALN, pc, msg);
            break;
        case EXCP_X86_SEGV:
            snprintf(msg, sizeof(msg), "segmentation fault at 0x%llx (pc "
                     "0x%llx)", (unsigned long long)env->fault_addr, pc);
            /* An instruction fetch (the only page fault raised here):
             * user | fetch, present if the page is mapped. */
            x86_note_page_fault((abi_ulong)env->fault_addr,
                                0x14 | guest_access_ok((abi_ulong)env->fault_addr,
                                                       1, 0));
            guest_fault(SIGSEGV, TARGET_SEGV_MAPERR, env->fault_addr, msg);
            break;
        case EXCP_X86_SYSENTER:
            /* Only the vDSO's entry may use sysenter; mimic provides no
             * vDSO, so glibc never gets here. */
            snprintf(msg, sizeof(msg), "sysenter outside a vDSO at 0x%llx",
                     pc);
            guest_fault(SIGSEGV, TARGET_SI_KERNEL, 0, msg);
            break;
        case EXCP_X86_GP:
        case EXCP_X86_OF:
        case EXCP_X86_INT:
        case EXCP_X86_NM:
            describe_insn(pc, insn, sizeof(insn));
            snprintf(msg, sizeof(msg), "general protection fault at 0x%llx: "
                     "%s", pc, insn);
            /* int n is a #GP on the IDT entry n (error code n * 8 + 2);
             * INTO's #OF and #NM keep their own vector. */
            if (e == EXCP_X86_INT) {
                x86_note_trap(EXCP_X86_GP, env->error_code * 8 + 2);
            } else if (e == EXCP_X86_GP) {
                x86_note_trap(EXCP_X86_GP, env->error_code);
            } else {
                x86_note_trap((unsigned)e, 0);
            }
            guest_fault(SIGSEGV, TARGET_SI_KERNEL, 0, msg);
            break;
        default:
            fprintf(stderr, "mimic: internal error: unknown exception %d at "
                    "0x%llx\n", e, pc);
            abort();
        }
        signal_deliver_pending(&env->common);
    }
}
