/*
 * far-transfer.c: far JMP, CALL and RET to the process's own code
 * segment (indirect through memory, and the direct ptr16:32 forms in
 * 32-bit code), with what they leave on the stack, and far transfers to
 * other selectors, which fault with SIGSEGV (#GP) before changing
 * anything.  The oracle is this program run
 * natively (tests/tcg/i386/far-transfer.c builds it for i386).
 *
 * CFLAGS: -O2 -mno-red-zone -no-pie
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#if defined(__x86_64__)
#define SP "%%rsp"
#define TOP_SP "%rsp" /* the same in top-level asm */
#define TOP_AX "%rax"
#define TOP_DX "%rdx"
#define TWO_SLOTS "16" /* bytes of two pushes */
#define LABEL_TO_DX(l) "lea " l "(%%rip), %%rdx\n\t"
#define REG_PC REG_RIP
#define REG_SPX REG_RSP
#else
#define SP "%%esp"
#define TOP_SP "%esp"
#define TOP_AX "%eax"
#define TOP_DX "%edx"
#define TWO_SLOTS "8"
#define LABEL_TO_DX(l) "mov $" l ", %%edx\n\t"
#define REG_PC REG_EIP
#define REG_SPX REG_ESP
#endif

typedef unsigned long word;

/* A far pointer in memory: offset, then selector. */
struct far_ptr32 {
    uint32_t offset;
    uint16_t sel;
} __attribute__((packed));

struct far_ptr64 {
    uint64_t offset;
    uint16_t sel;
} __attribute__((packed));

static uint16_t cs(void)
{
    uint16_t v;
    __asm__ volatile("mov %%cs, %0" : "=r"(v));
    return v;
}

/* Targets in the text, reached with 32-bit offsets (-no-pie keeps the
 * text below 4 GiB). */
extern char far_ret_target[], far_ret8_target[], far_jmp_target[];
extern char far_retq_target[];
__asm__(".text\n"
        /* Returns with RETF: the slots it pops are 32-bit. */
        "far_ret_target:\n\t"
        "movl 4(" TOP_SP "), %eax\n\t"  /* the pushed CS slot, whole */
        "lretl\n"
        /* RETF imm16: drops 8 more bytes of arguments. */
        "far_ret8_target:\n\t"
        "movl 4(" TOP_SP "), %eax\n\t"
        "lretl $8\n"
#if defined(__x86_64__)
        "far_retq_target:\n\t"
        "mov 8(%rsp), %rax\n\t"
        "lretq\n"
#endif
        /* Far jumps come here and go back to the address in rDX. */
        "far_jmp_target:\n\t"
        "mov $0x1234, " TOP_AX "\n\t"
        "jmp *" TOP_DX "\n");

static sigjmp_buf fault_jmp;
static volatile word fault_pc, fault_sp;
static volatile int fault_code;
static volatile word sp_before;

static void on_segv(int sig, siginfo_t *si, void *uc_v)
{
    ucontext_t *uc = uc_v;
    fault_code = si->si_code;
    fault_pc = uc->uc_mcontext.gregs[REG_PC];
    fault_sp = uc->uc_mcontext.gregs[REG_SPX];
    siglongjmp(fault_jmp, sig);
}

/* The report of a far transfer that faulted: si_code, whether the pc is
 * the instruction's and the stack pointer what it was before it.  (The
 * context's error code, the selector, and trap number 13 are left out:
 * mimic's signal frames do not carry them yet.) */
static void report_fault(const char *name, const char *insn)
{
    printf("%s: SIGSEGV code %d, at insn %d, sp kept %d\n", name, fault_code,
           fault_pc == (word)insn, fault_sp == sp_before);
}

/* A far transfer through the pointer ptr that must fault. */
#define EXPECT_FAULT(name, insn, ptr)                                          \
    do {                                                                       \
        extern char name##_insn[];                                             \
        if (sigsetjmp(fault_jmp, 1) == 0) {                                    \
            __asm__ volatile("mov " SP ", %0\n\t" #name "_insn:\n\t" insn     \
                             : "=m"(sp_before)                                 \
                             : "r"(ptr)                                        \
                             : "memory");                                      \
            printf(#name ": no fault\n");                                      \
        } else {                                                               \
            report_fault(#name, name##_insn);                                  \
        }                                                                      \
    } while (0)

static __attribute__((noinline)) void test_calls(void)
{
    static struct far_ptr32 p32;
    word slot, sp0, sp1;

    /* lcall *m16:32, returning with lret: the slot RETF pops as CS. */
    p32.offset = (uint32_t)(uintptr_t)far_ret_target;
    p32.sel = cs();
    __asm__ volatile("mov " SP ", %1\n\t"
                     "push $-1\n\t"         /* garbage under the pushes */
                     "push $-1\n\t"
                     "add $" TWO_SLOTS ", " SP "\n\t"
                     "lcall *(%3)\n\t"
                     "mov " SP ", %2"
                     : "=a"(slot), "=&r"(sp0), "=&r"(sp1)
                     : "r"(&p32)
                     : "memory", "cc");
    printf("lcall m16:32: CS slot %#lx (CS %#x), stack balanced %d\n",
           slot, cs(), sp0 == sp1);

    /* lret $8 drops the argument bytes. */
    p32.offset = (uint32_t)(uintptr_t)far_ret8_target;
    __asm__ volatile("mov " SP ", %1\n\t"
                     "sub $8, " SP "\n\t"
                     "lcall *(%3)\n\t"
                     "mov " SP ", %2"
                     : "=a"(slot), "=&r"(sp0), "=&r"(sp1)
                     : "r"(&p32)
                     : "memory", "cc");
    printf("lret $8: stack balanced %d\n", sp0 == sp1);

    /* ljmp *m16:32 */
    p32.offset = (uint32_t)(uintptr_t)far_jmp_target;
    __asm__ volatile(LABEL_TO_DX("1f") "ljmp *(%1)\n1:"
                     : "=a"(slot)
                     : "r"(&p32)
                     : "edx", "memory");
    printf("ljmp m16:32: %#lx\n", slot);

#if defined(__x86_64__)
    /* lretq pops 8-byte slots: push them by hand. */
    __asm__ volatile("mov %%rsp, %1\n\t"
                     "lea 1f(%%rip), %%rax\n\t"
                     "mov %%cs, %%ecx\n\t"
                     "push %%rcx\n\t"
                     "push %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "mov %%rsp, %2\n\t"
                     "mov $7, %0"
                     : "=a"(slot), "=&r"(sp0), "=&r"(sp1)
                     :
                     : "rcx", "memory", "cc");
    printf("lretq: %lu, stack balanced %d\n", slot, sp0 == sp1);
#else
    /* The direct forms, with the selector in the instruction. */
    __asm__ volatile("mov %%esp, %1\n\t"
                     "lcall $0x23, $far_ret_target\n\t"
                     "mov %%esp, %2"
                     : "=a"(slot), "=&r"(sp0), "=&r"(sp1)
                     :
                     : "memory", "cc");
    printf("lcall ptr16:32: CS slot %#lx, stack balanced %d\n", slot,
           sp0 == sp1);
    __asm__ volatile(LABEL_TO_DX("1f") "ljmp $0x23, $far_jmp_target\n1:"
                     : "=a"(slot)
                     :
                     : "edx", "memory");
    printf("ljmp ptr16:32: %#lx\n", slot);
    /* Any RPL names the segment. */
    __asm__ volatile(LABEL_TO_DX("1f") "ljmp $0x20, $far_jmp_target\n1:"
                     : "=a"(slot)
                     :
                     : "edx", "memory");
    printf("ljmp ptr16:32 RPL 0: %#lx, CS %#x\n", slot, cs());
#endif
}

static __attribute__((noinline)) void test_faults(void)
{
    static struct far_ptr32 bad[4];
    static const uint16_t sels[4] = { 0, 0x2b, 0x10, 0x7 };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 4; i++) {
        bad[i].offset = (uint32_t)(uintptr_t)far_ret_target;
        bad[i].sel = sels[i];
    }
    printf("selectors: null, data, kernel code, LDT\n");
    EXPECT_FAULT(ljmp_null, "ljmp *(%1)", &bad[0]);
    EXPECT_FAULT(ljmp_data, "ljmp *(%1)", &bad[1]);
    EXPECT_FAULT(lcall_kernel, "lcall *(%1)", &bad[2]);
    EXPECT_FAULT(lcall_ldt, "lcall *(%1)", &bad[3]);
    /* lret with a bad CS slot faults before popping anything. */
    extern char lret_bad_insn[];
    if (sigsetjmp(fault_jmp, 1) == 0) {
#if defined(__x86_64__)
        /* 32-bit slots: offset, then CS, in one quad. */
        word slots = (word)0x2b << 32 | (uint32_t)(uintptr_t)far_ret_target;
        __asm__ volatile("push %1\n\t"
#else
        word slots = (word)far_ret_target;
        __asm__ volatile("push $0x2b\n\t"
                         "push %1\n\t"
#endif
                         "mov " SP ", %0\n"
                         "lret_bad_insn:\n\t"
                         "lretl"
                         : "=m"(sp_before)
                         : "r"(slots)
                         : "memory");
        printf("lret_bad: no fault\n");
    } else {
        report_fault("lret_bad", lret_bad_insn);
    }
}

int main(void)
{
    printf("CS %#x\n", cs());
    test_calls();
    test_faults();
    return 0;
}
