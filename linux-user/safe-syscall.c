/*
 * safe-syscall.c: host system calls that a guest signal interrupts without
 * a race.
 *
 * The problem: a guest blocks in read() while a host signal for it arrives
 * just after the cpu loop checked for pending signals but before the host
 * kernel entered read().  The host handler only queues the signal, read()
 * then sleeps and the guest handler runs late or never.
 *
 * The fix: the pending check and the syscall instruction are one short
 * assembly sequence.  The host signal handler (signal.c) calls
 * safe_syscall_fixup: if the interrupted host pc lies between the check and
 * the syscall instruction (inclusive), the kernel has not been entered, and
 * the pc moves to a path that returns -EINTR.  A signal that arrives once
 * the kernel is inside the call interrupts it the ordinary way (-EINTR),
 * because the host handlers are installed without SA_RESTART.  Either way
 * the cpu loop sees -EINTR with the signal queued, and signal.c decides
 * whether the guest call restarts (SA_RESTART).
 */
#include <signal.h>
#include <ucontext.h>

#include "linux-user/user.h"

#if !defined(__x86_64__)
#error "safe-syscall.c: only x86-64 hosts are supported"
#endif

/* long safe_syscall_base(volatile sig_atomic_t *pending, long nr,
 *                        long a1, long a2, long a3, long a4, long a5,
 *                        long a6)  -- System V arguments: rdi, rsi, rdx,
 * rcx, r8, r9, then two on the stack; the kernel wants nr in rax and the
 * arguments in rdi, rsi, rdx, r10, r8, r9. */
long safe_syscall_base(volatile sig_atomic_t *pending, long nr, long a1,
                       long a2, long a3, long a4, long a5, long a6);
extern const char safe_syscall_check[], safe_syscall_after[],
    safe_syscall_eintr[];

__asm__(
    "    .text\n"
    "    .globl safe_syscall_base\n"
    "    .type safe_syscall_base, @function\n"
    "safe_syscall_base:\n"
    "    .cfi_startproc\n"
    "    movq %rdi, %r11\n"        /* pending flag (r11 is free until syscall) */
    "    movq %rsi, %rax\n"
    "    movq %rdx, %rdi\n"
    "    movq %rcx, %rsi\n"
    "    movq %r8, %rdx\n"
    "    movq %r9, %r10\n"
    "    movq 8(%rsp), %r8\n"
    "    movq 16(%rsp), %r9\n"
    "    .globl safe_syscall_check\n"
    "safe_syscall_check:\n"
    "    cmpl $0, (%r11)\n"
    "    jne safe_syscall_eintr\n"
    "    syscall\n"
    "    .globl safe_syscall_after\n"
    "safe_syscall_after:\n"
    "    ret\n"
    "    .globl safe_syscall_eintr\n"
    "safe_syscall_eintr:\n"
    "    movq $-4, %rax\n"         /* -EINTR */
    "    ret\n"
    "    .cfi_endproc\n"
    "    .size safe_syscall_base, .-safe_syscall_base\n");

long safe_syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
                  long a6)
{
    return safe_syscall_base(&signal_pending_deliverable, nr, a1, a2, a3, a4,
                             a5, a6);
}

void safe_syscall_fixup(void *host_ucontext)
{
    ucontext_t *uc = host_ucontext;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)safe_syscall_check &&
        pc < (uintptr_t)safe_syscall_after) {
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_eintr;
    }
}
