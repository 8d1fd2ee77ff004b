/*
 * signal.c: x86 signal frames for linux-user/signal.c's hooks, for both
 * mimic-i386 and mimic-x86_64.
 */
#include "linux-user/user.h"
#include "target-x86/cpu.h"

#define CODE64 (TARGET_ABI_BITS == 64)

static CPUX86State *x86_env(CPUCommon *cpu)
{
    return (CPUX86State *)cpu;
}

bool target_setup_frame(CPUCommon *cpu, int sig,
                        const struct target_sigaction *ka,
                        const target_siginfo *info, uint64_t oldmask)
{
    return false;
}

bool target_rt_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    return false;
}

bool target_sigreturn(CPUCommon *cpu, uint64_t *mask)
{
    return false;
}

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
