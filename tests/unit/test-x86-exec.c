/*
 * test-x86-exec.c: the x86-64 integer frontend against the host CPU.
 *
 * Random but valid instruction sequences (seeded; the seed is printed on
 * failure) run natively through a trampoline that loads all sixteen
 * registers and the flags, jumps to the sequence and stores everything
 * back; then the same bytes run under mimic (translate, optimize, backend,
 * exec loop) on both backends and with one instruction per TB.  Registers,
 * the defined flags and the scratch memory and stack must be identical; a
 * difference prints the sequence disassembled by capstone.
 *
 * Some sequences hold small loops (gen_region_loop) with a middle exit and
 * ifs inside, which the translator turns into loop regions: side exits,
 * branches to labels inside the TB, paths meeting with different lazy-flag
 * states.
 *
 * Guest addresses are host addresses (tcg_guest_base = 0), so pointers are
 * the same in both runs.  The sequence ends with `jmp *0(%rip)` to
 * native_exit: native execution returns to the test, mimic stops with a
 * fetch fault there.
 *
 * MIMIC_X86_RANDOM=n runs n sequences (default 2000), MIMIC_X86_SEED=s
 * starts at seed s.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "target-x86/cpu.h"
#include "tcg/tb.h"
#include "util/disas.h"

#define CODE_ADDR 0x10000000ull
#define CODE_SIZE 0x10000u
#define DATA_ADDR 0x10010000ull /* scratch memory, base register R15 */
#define DATA_SIZE 256u
#define STACK_ADDR 0x10020000ull
#define STACK_SIZE 0x10000u
#define STACK_TOP (STACK_ADDR + 0x8000)
#define STACK_CMP 0x800u        /* bytes below STACK_TOP compared */
#define STUB_ADDR 0x1000e000ull /* 32-bit entry/exit stubs (not guest code) */
#define STATE32_ADDR 0x1000f000ull /* register image for 32-bit runs */
#define PRIV_STACK32 0x1000fff0ull /* the stubs' own stack */

/* The mode under test: 64-bit code with R15 as the memory base register,
 * or 32-bit code (i386) with EBP. */
static bool mode32;
static int mem_reg = 15;

typedef struct RegState {
    uint64_t r[16];
    uint64_t rflags;
} RegState;

/* ---- the native trampoline -------------------------------------------- */

extern void native_enter(RegState *st);
extern char native_exit[];

__asm__(
    ".pushsection .data\n"
    "native_host_rsp: .quad 0\n"
    "native_state: .quad 0\n"
    "native_tmp: .quad 0\n"
    ".popsection\n"
    ".text\n"
    ".globl native_enter\n"
    "native_enter:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  mov %rsp, native_host_rsp(%rip)\n"
    "  mov %rdi, native_state(%rip)\n"
    "  pushq 128(%rdi)\n popfq\n"
    "  mov 0(%rdi), %rax\n mov 8(%rdi), %rcx\n mov 16(%rdi), %rdx\n"
    "  mov 24(%rdi), %rbx\n mov 32(%rdi), %rsp\n mov 40(%rdi), %rbp\n"
    "  mov 48(%rdi), %rsi\n mov 64(%rdi), %r8\n mov 72(%rdi), %r9\n"
    "  mov 80(%rdi), %r10\n mov 88(%rdi), %r11\n mov 96(%rdi), %r12\n"
    "  mov 104(%rdi), %r13\n mov 112(%rdi), %r14\n mov 120(%rdi), %r15\n"
    "  mov 56(%rdi), %rdi\n"
    "  jmp *0x10000000\n"  /* through the quad at CODE_ADDR */
    ".globl native_exit\n"
    "native_exit:\n"
    "  mov %rax, native_tmp(%rip)\n"
    "  mov native_state(%rip), %rax\n"
    "  mov %rcx, 8(%rax)\n mov %rdx, 16(%rax)\n mov %rbx, 24(%rax)\n"
    "  mov %rsp, 32(%rax)\n mov %rbp, 40(%rax)\n mov %rsi, 48(%rax)\n"
    "  mov %rdi, 56(%rax)\n mov %r8, 64(%rax)\n mov %r9, 72(%rax)\n"
    "  mov %r10, 80(%rax)\n mov %r11, 88(%rax)\n mov %r12, 96(%rax)\n"
    "  mov %r13, 104(%rax)\n mov %r14, 112(%rax)\n mov %r15, 120(%rax)\n"
    "  mov native_host_rsp(%rip), %rsp\n"
    "  pushfq\n popq 128(%rax)\n"
    "  mov native_tmp(%rip), %rcx\n mov %rcx, 0(%rax)\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n");

/*
 * 32-bit runs: native_enter32 far-returns to the 32-bit stub at STUB_ADDR
 * (code selector 0x23 of a 64-bit Linux kernel), which loads the registers
 * from STATE32_ADDR and jumps to the sequence; the sequence ends with
 * `jmp *abs` to the exit stub, which stores the registers and far-jumps
 * back to 64-bit code (selector 0x33) that returns to native_enter32.  The
 * stubs are assembled here and copied to STUB_ADDR (below 4 GiB).
 * STATE32 layout: eax..edi at 0..28, eflags at 32, host rsp at 64, return
 * address at 72, exit stub address at 80.
 */
extern void native_enter32(void);
extern const char stub32_start[], stub32_exit[], stub32_end[];

__asm__(
    ".text\n"
    ".globl native_enter32\n"
    "native_enter32:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  mov %rsp, 0x1000f040\n"
    "  lea 1f(%rip), %rax\n"
    "  mov %rax, 0x1000f048\n"
    "  pushq $0x23\n"
    "  pushq $0x1000e000\n"
    "  lretq\n"
    "1:\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n"
    ".pushsection .rodata\n"
    ".globl stub32_start, stub32_exit, stub32_end\n"
    "stub32_start:\n"
    ".code32\n"
    "  mov $0x1000fff0, %esp\n"
    "  mov $0x2b, %eax\n mov %eax, %ds\n mov %eax, %es\n"
    "  pushl 0x1000f020\n popfl\n"
    "  mov 0x1000f000, %eax\n mov 0x1000f004, %ecx\n mov 0x1000f008, %edx\n"
    "  mov 0x1000f00c, %ebx\n mov 0x1000f010, %esp\n mov 0x1000f014, %ebp\n"
    "  mov 0x1000f018, %esi\n mov 0x1000f01c, %edi\n"
    "  jmp *0x10000000\n"
    "stub32_exit:\n"
    "  mov %eax, 0x1000f000\n mov %ecx, 0x1000f004\n mov %edx, 0x1000f008\n"
    "  mov %ebx, 0x1000f00c\n mov %esp, 0x1000f010\n mov %ebp, 0x1000f014\n"
    "  mov %esi, 0x1000f018\n mov %edi, 0x1000f01c\n"
    "  mov $0x1000fff0, %esp\n"
    "  pushfl\n popl 0x1000f020\n"
    "  ljmp $0x33, $(0x1000e000 + (stub64_return - stub32_start))\n"
    ".code64\n"
    "stub64_return:\n"
    "  mov 0x1000f040, %rsp\n"
    "  jmp *0x1000f048\n"
    "stub32_end:\n"
    ".popsection\n");

static sigjmp_buf native_fault_jmp;

static void native_fault(int sig)
{
    siglongjmp(native_fault_jmp, sig);
}

/* ---- guest memory for mimic ------------------------------------------- */

uintptr_t tcg_guest_base;
static uint8_t *code_mem, *data_mem, *stack_mem;

const void *translator_code_ptr(CPUCommon *cs, uint64_t pc, size_t len)
{
    if (pc < CODE_ADDR || pc + len > STUB_ADDR) {
        return NULL;
    }
    return (const void *)(uintptr_t)pc;
}

static void *map_fixed(uint64_t addr, size_t size, int prot)
{
    void *p = mmap((void *)(uintptr_t)addr, size, prot,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != (void *)(uintptr_t)addr) {
        fprintf(stderr, "cannot map %llx\n", (unsigned long long)addr);
        exit(1);
    }
    return p;
}

/* ---- random numbers ------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static unsigned rnd_below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t rnd_value(void)
{
    static const uint64_t special[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
        0x80000000, 0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
        0xffffffffffffffffull, 0x100000000ull, 0xfffffffffffffffeull,
    };
    switch (rnd_below(4)) {
    case 0:
        return special[rnd_below(sizeof(special) / sizeof(special[0]))];
    case 1:
        return rnd() & 0xff;
    default:
        return rnd();
    }
}

/* ---- the instruction generator -------------------------------------------- */

enum { F_C = CC_C, F_P = CC_P, F_A = CC_A, F_Z = CC_Z, F_S = CC_S,
       F_O = CC_O, F_ALL = CC_ARITH };

typedef struct Gen {
    uint8_t *buf;
    int len;
    uint32_t undef; /* flags whose value is architecturally undefined now */
} Gen;

typedef bool (*GenFn)(Gen *g);

typedef struct Operand {
    bool mem;     /* [r15 + disp8] */
    int reg;      /* register number when !mem */
    int disp;
} Operand;

static void emit(Gen *g, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        g->buf[g->len++] = (uint8_t)va_arg(ap, int);
    }
    va_end(ap);
}

static void emit_imm(Gen *g, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        g->buf[g->len++] = (uint8_t)(v >> (8 * i));
    }
}

static int cond_reads(int cc)
{
    static const int reads[8] = { F_O, F_C, F_Z, F_C | F_Z, F_S, F_P,
                                   F_S | F_O, F_Z | F_S | F_O };
    return reads[(cc >> 1) & 7];
}

/* Flag bookkeeping for an instruction. */
static void flags_effect(Gen *g, uint32_t defines, uint32_t undefines)
{
    g->undef = (g->undef & ~defines) | undefines;
}

static bool can_read(const Gen *g, uint32_t reads)
{
    return (g->undef & reads) == 0;
}

/* Operand sizes 0..3 (8, 16, 32, 64 bits; no 64 in 32-bit code). */
static int rnd_size(bool allow8)
{
    int n = mode32 ? 3 : 4;
    return allow8 ? (int)rnd_below((unsigned)n) : 1 + (int)rnd_below(n - 1u);
}

static int rnd_reg(void)
{
    return (int)rnd_below(mode32 ? 8 : 16);
}

/* An empty REX prefix now and then, for SPL..DIL (64-bit code only). */
static bool rnd_rex(void)
{
    return !mode32 && rnd_below(2);
}

static Operand rnd_rm(bool allow_mem, int size_bytes)
{
    Operand o = { 0 };
    if (allow_mem && rnd_below(3) == 0) {
        o.mem = true;
        o.disp = (int)rnd_below(DATA_SIZE - 16 - size_bytes + 1);
        if (o.disp > 127) {
            o.disp = 127 - rnd_reg();
        }
    } else {
        o.reg = rnd_reg();
    }
    return o;
}

/* A register may be written at this size and encoding: never RSP/SPL or
 * the memory base; AH..BH are fine. */
static bool writable(int reg, int size, bool rex)
{
    if (reg == mem_reg && !(size == 0 && !rex && reg >= 4)) {
        return false;
    }
    if (reg == 4) {
        return size == 0 && !rex; /* AH */
    }
    if (size == 0 && !rex && reg >= 4 && reg < 8) {
        return true; /* AH CH DH BH */
    }
    return true;
}

/*
 * Emit prefixes + opcode + ModRM for an instruction with operand size
 * `size` (0..3), ModRM reg field `reg` (register or /digit) and r/m
 * operand rm.  force_rex adds an empty REX (for SPL..DIL).  Returns whether
 * a REX byte was emitted.
 */
static bool emit_modrm_insn(Gen *g, int size, int prefix, const uint8_t *op,
                            int oplen, int reg, Operand rm, bool force_rex)
{
    uint8_t rex = 0x40;
    if (size == 3) {
        rex |= 8;
    }
    if (reg & 8) {
        rex |= 4;
    }
    if (rm.mem ? (mem_reg & 8) : (rm.reg & 8)) {
        rex |= 1;
    }
    bool has_rex = rex != 0x40 || force_rex;
    if (size == 1) {
        emit(g, 1, 0x66);
    }
    if (prefix) {
        emit(g, 1, prefix);
    }
    if (has_rex) {
        emit(g, 1, rex);
    }
    for (int i = 0; i < oplen; i++) {
        emit(g, 1, op[i]);
    }
    if (rm.mem) {
        emit(g, 2, 0x40 | (reg & 7) << 3 | (mem_reg & 7), rm.disp);
    } else {
        emit(g, 1, 0xc0 | (reg & 7) << 3 | (rm.reg & 7));
    }
    return has_rex;
}

/* Would this encoding use a REX prefix? */
static bool needs_rex(int size, int reg, Operand rm)
{
    return size == 3 || (reg & 8) || (rm.mem ? (mem_reg & 8) : (rm.reg & 8));
}

static int size_bytes(int size)
{
    return 1 << size;
}

/* ALU op (0..7) in one of its forms. */
static bool gen_alu(Gen *g)
{
    int op = (int)rnd_below(8);
    int size = rnd_size(true);
    bool force_rex = rnd_rex();
    uint32_t reads = (op == 2 || op == 3) ? F_C : 0;
    bool logic = op == 1 || op == 4 || op == 6;
    if (!can_read(g, reads)) {
        return false;
    }
    int form = (int)rnd_below(3);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    bool rex = force_rex || needs_rex(size, reg, rm);
    uint8_t opc;

    switch (form) {
    case 0: /* r/m, reg */
        if (op != 7 && !rm.mem && !writable(rm.reg, size, rex)) {
            return false;
        }
        opc = (uint8_t)(op << 3 | (size ? 1 : 0));
        emit_modrm_insn(g, size, 0, &opc, 1, reg, rm, force_rex);
        break;
    case 1: /* reg, r/m */
        if (op != 7 && !writable(reg, size, rex)) {
            return false;
        }
        opc = (uint8_t)(op << 3 | 2 | (size ? 1 : 0));
        emit_modrm_insn(g, size, 0, &opc, 1, reg, rm, force_rex);
        break;
    default: { /* r/m, imm */
        if (op != 7 && !rm.mem && !writable(rm.reg, size, rex)) {
            return false;
        }
        bool imm8 = size == 0 || rnd_below(2);
        opc = size == 0 ? 0x80 : imm8 ? 0x83 : 0x81;
        emit_modrm_insn(g, size, 0, &opc, 1, op, rm, force_rex);
        emit_imm(g, rnd_value(), imm8 ? 1 : size == 1 ? 2 : 4);
        break;
    }
    }
    flags_effect(g, F_ALL, logic ? F_A : 0);
    return true;
}

/* INC DEC NOT NEG TEST. */
static bool gen_unary(Gen *g)
{
    int size = rnd_size(true);
    int kind = (int)rnd_below(5);
    Operand rm = rnd_rm(true, size_bytes(size));
    bool force_rex = rnd_rex();
    bool rex = force_rex || needs_rex(size, 0, rm);
    if (kind != 4 && !rm.mem && !writable(rm.reg, size, rex)) {
        return false;
    }
    uint8_t opc;
    switch (kind) {
    case 0: case 1: /* INC DEC */
        opc = size ? 0xff : 0xfe;
        emit_modrm_insn(g, size, 0, &opc, 1, kind, rm, force_rex);
        flags_effect(g, F_ALL & ~F_C, 0);
        break;
    case 2: case 3: /* NOT NEG */
        opc = size ? 0xf7 : 0xf6;
        emit_modrm_insn(g, size, 0, &opc, 1, kind, rm, force_rex);
        if (kind == 3) {
            flags_effect(g, F_ALL, 0);
        }
        break;
    default: /* TEST r/m, imm */
        opc = size ? 0xf7 : 0xf6;
        emit_modrm_insn(g, size, 0, &opc, 1, 0, rm, force_rex);
        emit_imm(g, rnd_value(), size == 0 ? 1 : size == 1 ? 2 : 4);
        flags_effect(g, F_ALL, F_A);
        break;
    }
    return true;
}

/* Group 2 shifts and rotates by imm8, 1 or CL (CL set just before). */
static bool gen_shift(Gen *g)
{
    int size = rnd_size(true);
    int op = (int)rnd_below(8);
    int bits = 8 << size;
    int mask = size == 3 ? 63 : 31;
    int form = (int)rnd_below(3);
    int count = form == 1 ? 1 : (int)rnd_below(rnd_below(2) ? 8 : 70);
    Operand rm = rnd_rm(true, size_bytes(size));
    bool force_rex = rnd_rex();
    bool rex = force_rex || needs_rex(size, 0, rm);
    bool rotate_carry = op == 2 || op == 3;
    uint8_t opc;

    if (!rm.mem && !writable(rm.reg, size, rex)) {
        return false;
    }
    if (rotate_carry && !can_read(g, F_C)) {
        return false;
    }
    if (form == 2) {
        if (!rm.mem && rm.reg == 1) {
            return false; /* CL is the count */
        }
        emit(g, 2, 0xb1, count); /* mov $count, %cl */
    }
    opc = (uint8_t)((form == 0 ? 0xc0 : form == 1 ? 0xd0 : 0xd2)
                    | (size ? 1 : 0));
    emit_modrm_insn(g, size, 0, &opc, 1, op, rm, force_rex);
    if (form == 0) {
        emit(g, 1, count);
    }
    int c = count & mask;
    if (c == 0) {
        return true;
    }
    uint32_t of = c == 1 ? 0 : F_O;
    if (op < 2) {                 /* ROL ROR */
        flags_effect(g, F_C | (F_O & ~of), of);
    } else if (rotate_carry) {    /* RCL RCR */
        flags_effect(g, F_C | (F_O & ~of), of);
    } else {                      /* SHL SHR SAL SAR */
        uint32_t cf = c >= bits ? F_C : 0;
        flags_effect(g, F_ALL & ~(F_A | of | cf), F_A | of | cf);
    }
    return true;
}

static bool gen_shld(Gen *g)
{
    int size = rnd_size(false);
    bool left = rnd_below(2);
    bool by_cl = rnd_below(2);
    int mask = size == 3 ? 63 : 31;
    int count = (int)rnd_below(size == 1 ? 17 : mask + 1);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    if (!rm.mem && !writable(rm.reg, size, true)) {
        return false;
    }
    if (by_cl) {
        if (!rm.mem && rm.reg == 1) {
            return false;
        }
        emit(g, 2, 0xb1, count);
    }
    uint8_t opc[2] = { 0x0f, (uint8_t)((left ? 0xa4 : 0xac) | by_cl) };
    emit_modrm_insn(g, size, 0, opc, 2, reg, rm, false);
    if (!by_cl) {
        emit(g, 1, count);
    }
    if (count == 0) {
        return true;
    }
    uint32_t of = count == 1 ? 0 : F_O;
    flags_effect(g, F_ALL & ~(F_A | of), F_A | of);
    return true;
}

static bool gen_mul(Gen *g)
{
    int size = rnd_size(true);
    int form = (int)rnd_below(4);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    bool force_rex = rnd_rex();
    uint8_t opc[2];

    if (form == 0) { /* MUL/IMUL r/m: rDX:rAX */
        opc[0] = size ? 0xf7 : 0xf6;
        emit_modrm_insn(g, size, 0, opc, 1, 4 + (int)rnd_below(2), rm,
                        force_rex);
    } else {
        if (size == 0) {
            size = 2;
        }
        if (!writable(reg, size, true)) {
            return false;
        }
        if (form == 1) {
            opc[0] = 0x0f;
            opc[1] = 0xaf;
            emit_modrm_insn(g, size, 0, opc, 2, reg, rm, false);
        } else if (form == 2) {
            opc[0] = 0x6b;
            emit_modrm_insn(g, size, 0, opc, 1, reg, rm, false);
            emit_imm(g, rnd_value(), 1);
        } else {
            opc[0] = 0x69;
            emit_modrm_insn(g, size, 0, opc, 1, reg, rm, false);
            emit_imm(g, rnd_value(), size == 1 ? 2 : 4);
        }
    }
    flags_effect(g, F_C | F_O, F_S | F_Z | F_A | F_P);
    return true;
}

/* DIV/IDIV with a divisor that cannot fault: 1..127 in a register.  The
 * dividend's high half is the extension of the low one, or (32 and 64
 * bits: a double-width dividend, which mimic divides in its helper)
 * something below the divisor (DIV) or 0 / -1 with a divisor of at
 * least 2 (IDIV). */
static bool gen_div(Gen *g)
{
    static const int regs[] = { 1, 3, 8, 9, 10, 11, 12, 13, 14 };
    int size = rnd_size(true);
    bool sign = rnd_below(2);
    int reg = regs[rnd_below(mode32 ? 2 : sizeof(regs) / sizeof(regs[0]))];
    int d = 1 + (int)rnd_below(127);

    if (size >= 2 && rnd_below(3) == 0) {
        uint32_t hi;
        if (sign) {
            d = 2 + (int)rnd_below(126);
            hi = rnd_below(2) ? 0xffffffffu : 0;
        } else {
            hi = (uint32_t)rnd_below((unsigned)d);
        }
        /* mov $d, %reg32; mov $hi, %rdx (sign-extended imm32) */
        if (reg & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 1, 0xb8 + (reg & 7));
        emit_imm(g, (uint64_t)d, 4);
        if (size == 3) {
            emit(g, 3, 0x48, 0xc7, 0xc2);
        } else {
            emit(g, 1, 0xba);
        }
        emit_imm(g, hi, 4);
        Operand rm = { .reg = reg };
        uint8_t opc = 0xf7;
        emit_modrm_insn(g, size, 0, &opc, 1, sign ? 7 : 6, rm, false);
        flags_effect(g, 0, F_ALL);
        return true;
    }

    /* mov $d, %reg32 */
    if (reg & 8) {
        emit(g, 1, 0x41);
    }
    emit(g, 1, 0xb8 + (reg & 7));
    emit_imm(g, (uint64_t)d, 4);
    if (size == 0) {
        if (sign) {
            emit(g, 2, 0x66, 0x98);  /* cbw */
        } else {
            emit(g, 2, 0xb4, 0x00);  /* mov $0, %ah */
        }
    } else if (sign) {
        if (size == 1) {
            emit(g, 1, 0x66);
        } else if (size == 3) {
            emit(g, 1, 0x48);
        }
        emit(g, 1, 0x99);            /* cwd / cdq / cqo */
    } else {
        emit(g, 2, 0x31, 0xd2);      /* xor %edx, %edx */
        flags_effect(g, F_ALL, F_A);
    }
    uint8_t opc = size ? 0xf7 : 0xf6;
    Operand rm = { .reg = reg };
    emit_modrm_insn(g, size, 0, &opc, 1, sign ? 7 : 6, rm, false);
    flags_effect(g, 0, F_ALL);
    return true;
}

static bool gen_bittest(Gen *g)
{
    int size = rnd_size(false);
    int op = (int)rnd_below(4);
    bool imm = rnd_below(2);
    Operand rm = rnd_rm(imm, size_bytes(size));
    int reg = rnd_reg();
    if (op && !rm.mem && !writable(rm.reg, size, true)) {
        return false;
    }
    if (imm) {
        uint8_t opc[2] = { 0x0f, 0xba };
        emit_modrm_insn(g, size, 0, opc, 2, 4 + op, rm, false);
        emit(g, 1, (int)rnd_below(256));
    } else {
        uint8_t opc[2] = { 0x0f, (uint8_t)(0xa3 | op << 3) };
        emit_modrm_insn(g, size, 0, opc, 2, reg, rm, false);
    }
    flags_effect(g, F_C, F_O | F_S | F_A | F_P);
    return true;
}

static bool gen_bitscan(Gen *g)
{
    int size = rnd_size(false);
    int kind = (int)rnd_below(4);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    if (!writable(reg, size, true)) {
        return false;
    }
    uint8_t opc[2] = { 0x0f, 0xbc };
    switch (kind) {
    case 0: /* BSF */
    case 1: /* BSR */
        opc[1] = (uint8_t)(0xbc + kind);
        emit_modrm_insn(g, size, 0, opc, 2, reg, rm, false);
        flags_effect(g, F_Z, F_ALL & ~F_Z);
        break;
    case 2: /* LZCNT */
        opc[1] = 0xbd;
        emit_modrm_insn(g, size, 0xf3, opc, 2, reg, rm, false);
        flags_effect(g, F_Z | F_C, F_ALL & ~(F_Z | F_C));
        break;
    default: /* POPCNT */
        opc[1] = 0xb8;
        emit_modrm_insn(g, size, 0xf3, opc, 2, reg, rm, false);
        flags_effect(g, F_ALL, 0);
        break;
    }
    return true;
}

static bool gen_cond_use(Gen *g)
{
    int cc = rnd_reg();
    if (!can_read(g, (uint32_t)cond_reads(cc))) {
        return false;
    }
    int size = rnd_size(false);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    if (rnd_below(2)) { /* CMOVcc */
        if (!writable(reg, size, true)) {
            return false;
        }
        uint8_t opc[2] = { 0x0f, (uint8_t)(0x40 | cc) };
        emit_modrm_insn(g, size, 0, opc, 2, reg, rm, false);
    } else { /* SETcc */
        bool force_rex = rnd_rex();
        bool rex = force_rex || needs_rex(0, 0, rm);
        if (!rm.mem && !writable(rm.reg, 0, rex)) {
            return false;
        }
        uint8_t opc[2] = { 0x0f, (uint8_t)(0x90 | cc) };
        emit_modrm_insn(g, 0, 0, opc, 2, 0, rm, force_rex);
    }
    return true;
}

/* Instructions that neither read nor write flags. */
static bool gen_move(Gen *g)
{
    int size = rnd_size(true);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    bool force_rex = rnd_rex();
    bool rex = force_rex || needs_rex(size, reg, rm);
    uint8_t opc[2];

    switch (rnd_below(9)) {
    case 0: /* MOV r/m, r */
        if (!rm.mem && !writable(rm.reg, size, rex)) {
            return false;
        }
        opc[0] = size ? 0x89 : 0x88;
        emit_modrm_insn(g, size, 0, opc, 1, reg, rm, force_rex);
        return true;
    case 1: /* MOV r, r/m */
        if (!writable(reg, size, rex)) {
            return false;
        }
        opc[0] = size ? 0x8b : 0x8a;
        emit_modrm_insn(g, size, 0, opc, 1, reg, rm, force_rex);
        return true;
    case 2: /* XCHG */
        if ((!rm.mem && !writable(rm.reg, size, rex))
            || !writable(reg, size, rex)) {
            return false;
        }
        opc[0] = size ? 0x87 : 0x86;
        emit_modrm_insn(g, size, 0, opc, 1, reg, rm, force_rex);
        return true;
    case 3: /* MOVZX / MOVSX */
        if (size == 0 || !writable(reg, size, true)) {
            return false;
        }
        opc[0] = 0x0f;
        opc[1] = (uint8_t)((rnd_below(2) ? 0xb6 : 0xbe) | rnd_below(2));
        emit_modrm_insn(g, size, 0, opc, 2, reg, rm, force_rex);
        return true;
    case 4: { /* LEA with a random SIB (or 16-bit addressing) */
        if (size == 0 || !writable(reg, size, true)) {
            return false;
        }
        if (mode32 && rnd_below(3) == 0) {
            int mod = (int)rnd_below(3), m = (int)rnd_below(8);
            if (size == 1) {
                emit(g, 1, 0x66);
            }
            emit(g, 3, 0x67, 0x8d, mod << 6 | (reg & 7) << 3 | m);
            if (mod == 1) {
                emit(g, 1, (int)rnd_below(256));
            } else if (mod == 2 || (mod == 0 && m == 6)) {
                emit_imm(g, rnd(), 2);
            }
            return true;
        }
        int base = rnd_reg(), index = rnd_reg();
        uint8_t rex_b = 0x40 | (size == 3 ? 8 : 0) | (reg & 8 ? 4 : 0)
                        | (index & 8 ? 2 : 0) | (base & 8 ? 1 : 0);
        if (size == 1) {
            emit(g, 1, 0x66);
        }
        if (!mode32 && rnd_below(4) == 0) {
            emit(g, 1, 0x67); /* 32-bit addressing in 64-bit code */
        }
        if (!mode32) {
            emit(g, 1, rex_b);
        }
        emit(g, 1, 0x8d);
        int mod = (int)rnd_below(3);
        emit(g, 2, mod << 6 | (reg & 7) << 3 | 4,
             (int)rnd_below(4) << 6 | (index & 7) << 3 | (base & 7));
        if (mod == 1) {
            emit(g, 1, (int)rnd_below(256));
        } else if (mod == 2 || (base & 7) == 5) {
            emit_imm(g, rnd(), 4);
        }
        return true;
    }
    case 5: /* MOV r, imm (B8+r), 64-bit with REX.W */
        if (!writable(reg, size, true) || size == 0) {
            return false;
        }
        if (size == 1) {
            emit(g, 1, 0x66);
        }
        if (!mode32) {
            emit(g, 1, 0x40 | (size == 3 ? 8 : 0) | (reg & 8 ? 1 : 0));
        }
        emit(g, 1, 0xb8 + (reg & 7));
        emit_imm(g, rnd_value(), size_bytes(size));
        return true;
    case 6: /* BSWAP */
        if (size < 2 || !writable(reg, size, true)) {
            return false;
        }
        if (!mode32) {
            emit(g, 1, 0x40 | (size == 3 ? 8 : 0) | (reg & 8 ? 1 : 0));
        }
        emit(g, 2, 0x0f, 0xc8 + (reg & 7));
        return true;
    case 7: /* CBW family and CWD family */
        if (size == 0) {
            return false;
        }
        if (size == 1) {
            emit(g, 1, 0x66);
        } else if (size == 3) {
            emit(g, 1, 0x48);
        }
        emit(g, 1, rnd_below(2) ? 0x98 : 0x99);
        return true;
    default: /* MOVSXD */
        if (mode32 || !writable(reg, 3, true)) {
            return false;
        }
        opc[0] = 0x63;
        emit_modrm_insn(g, 3, 0, opc, 1, reg, rm, false);
        return true;
    }
}

static bool gen_xadd_cmpxchg(Gen *g)
{
    int size = rnd_size(true);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    bool force_rex = rnd_rex();
    bool rex = force_rex || needs_rex(size, reg, rm);
    bool lock = rm.mem && rnd_below(2);
    int kind = (int)rnd_below(3);

    if ((!rm.mem && !writable(rm.reg, size, rex))
        || !writable(reg, size, rex)) {
        return false;
    }
    if (kind == 2) {
        /* CMPXCHG8B/16B on an aligned scratch slot. */
        bool wide = !mode32 && rnd_below(2);
        Operand m = { .mem = true, .disp = 16 * (int)rnd_below(8) };
        uint8_t opc[2] = { 0x0f, 0xc7 };
        if (lock) {
            emit(g, 1, 0xf0);
        }
        emit_modrm_insn(g, wide ? 3 : 2, 0, opc, 2, 1, m, false);
        flags_effect(g, F_Z, 0);
        return true;
    }
    if (lock) {
        emit(g, 1, 0xf0);
    }
    uint8_t opc[2] = { 0x0f, (uint8_t)((kind ? 0xb0 : 0xc0) | (size ? 1 : 0)) };
    emit_modrm_insn(g, size, 0, opc, 2, reg, rm, force_rex);
    flags_effect(g, F_ALL, 0);
    return true;
}

static bool gen_flag_ops(Gen *g)
{
    switch (rnd_below(6)) {
    case 0: emit(g, 1, 0xf8); flags_effect(g, F_C, 0); return true; /* clc */
    case 1: emit(g, 1, 0xf9); flags_effect(g, F_C, 0); return true; /* stc */
    case 2:
        if (!can_read(g, F_C)) {
            return false;
        }
        emit(g, 1, 0xf5); /* cmc */
        return true;
    case 3: /* lahf */
        if (!can_read(g, F_S | F_Z | F_A | F_P | F_C)) {
            return false;
        }
        emit(g, 1, 0x9f);
        return true;
    case 4: /* sahf */
        emit(g, 1, 0x9e);
        flags_effect(g, F_S | F_Z | F_A | F_P | F_C, 0);
        return true;
    default: /* pushf; pop %reg */
        if (!can_read(g, F_ALL)) {
            return false;
        }
        int reg = rnd_reg();
        if (!writable(reg, 3, true)) {
            return false;
        }
        emit(g, 1, 0x9c);
        if (reg & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 1, 0x58 + (reg & 7));
        return true;
    }
}

static bool gen_stack(Gen *g)
{
    int a = rnd_reg(), b = rnd_reg();
    if (!writable(b, 3, true)) {
        return false;
    }
    if (rnd_below(4) == 0) { /* push %a16; pop %b16 */
        emit(g, 1, 0x66);
        if (a & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 1, 0x50 + (a & 7));
        emit(g, 1, 0x66);
        if (b & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 1, 0x58 + (b & 7));
        return true;
    }
    if (rnd_below(4) == 0) { /* mov %sreg, %b32 */
        if (b & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 2, 0x8c, 0xc0 | (int)rnd_below(6) << 3 | (b & 7));
        return true;
    }
    if (rnd_below(2)) {
        if (a & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 1, 0x50 + (a & 7));          /* push %a */
    } else if (rnd_below(2)) {
        emit(g, 1, 0x6a);                    /* push $imm8 */
        emit(g, 1, (int)rnd_below(256));
    } else {
        emit(g, 1, 0x68);                    /* push $imm32 */
        emit_imm(g, rnd(), 4);
    }
    if (b & 8) {
        emit(g, 1, 0x41);
    }
    emit(g, 1, 0x58 + (b & 7));              /* pop %b */
    return true;
}

/* A forward Jcc or JRCXZ over one flag-neutral instruction. */
static bool gen_branch(Gen *g)
{
    int cc = (int)rnd_below(17);
    if (cc < 16 && !can_read(g, (uint32_t)cond_reads(cc))) {
        return false;
    }
    int at = g->len;
    emit(g, 2, cc < 16 ? 0x70 + cc : 0xe3, 0);
    int start = g->len;
    uint32_t undef = g->undef;
    while (!gen_move(g)) {
    }
    g->undef = undef;
    g->buf[at + 1] = (uint8_t)(g->len - start);
    return true;
}

/* lea disp32(base), %reg (full register size). */
static void emit_lea_base(Gen *g, int reg, int disp)
{
    if (!mode32) {
        emit(g, 1, 0x48 | (mem_reg & 8 ? 1 : 0));
    }
    emit(g, 2, 0x8d, 0x80 | reg << 3 | (mem_reg & 7));
    emit_imm(g, (uint64_t)disp, 4);
}

/* A string instruction on the scratch area, REP with a small count. */
static bool gen_string(Gen *g)
{
    int op = (int)rnd_below(5);
    static const uint8_t opcodes[5] = { 0xa4, 0xa6, 0xaa, 0xac, 0xae };
    int size = rnd_size(true);
    bool down = rnd_below(3) == 0;
    int count = 1 + (int)rnd_below(8);
    int rep = (int)rnd_below(3); /* 0 none, 1 F3, 2 F2 */
    bool compares = op == 1 || op == 4;

    if (!compares && rep == 2) {
        rep = 1;
    }
    /* At most 8 elements of 8 bytes: [0, 64) -> [128, 192) going up,
     * [56, 120) -> [184, 248) going down. */
    int src = down ? 120 - size_bytes(size) : 0;
    int dst = down ? 248 - size_bytes(size) : 128;
    /* lea src(base), %rsi; lea dst(base), %rdi; mov $count, %ecx */
    emit_lea_base(g, R_ESI, src);
    emit_lea_base(g, R_EDI, dst);
    emit(g, 1, 0xb9);
    emit_imm(g, (uint64_t)count, 4);
    if (down) {
        emit(g, 1, 0xfd);
    }
    if (size == 1) {
        emit(g, 1, 0x66);
    }
    if (rep) {
        emit(g, 1, rep == 1 ? 0xf3 : 0xf2);
    }
    if (size == 3) {
        emit(g, 1, 0x48);
    }
    emit(g, 1, opcodes[op] | (size ? 1 : 0));
    if (down) {
        emit(g, 1, 0xfc);
    }
    if (compares) {
        flags_effect(g, F_ALL, 0);
    }
    return true;
}

static bool gen_misc(Gen *g)
{
    int size = rnd_size(false);
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg();
    switch (rnd_below(4)) {
    case 0: { /* MOVBE */
        Operand m = { .mem = true, .disp = (int)rnd_below(100) };
        bool store = rnd_below(2);
        if (!store && !writable(reg, size, true)) {
            return false;
        }
        uint8_t opc[3] = { 0x0f, 0x38, (uint8_t)(0xf0 | store) };
        emit_modrm_insn(g, size, 0, opc, 3, reg, m, false);
        return true;
    }
    case 1: { /* CRC32 r32/r64, r/m8 or r/m16/32/64 */
        bool byte = rnd_below(2);
        int osize = byte ? (!mode32 && rnd_below(2) ? 3 : 2) : size;
        if (!writable(reg, osize == 3 ? 3 : 2, true)) {
            return false;
        }
        uint8_t opc[3] = { 0x0f, 0x38, (uint8_t)(byte ? 0xf0 : 0xf1) };
        emit_modrm_insn(g, osize, 0xf2, opc, 3, reg, rm, false);
        return true;
    }
    case 2: /* multi-byte NOP */
        emit(g, 4, 0x0f, 0x1f, 0x40, 0x00);
        return true;
    default: /* XLAT with RBX pointing into scratch */
        emit_lea_base(g, R_EBX, (int)rnd_below(DATA_SIZE - 256 + 1));
        emit(g, 1, 0xd7);
        return true;
    }
}

/* A flag-neutral instruction that leaves rCX alone (loop bodies). */
/* May the bytes emitted since at name rCX (or CH) as an operand?  Any
 * byte that could name register 1 or 5 counts (cheap and conservative). */
static bool may_name_rcx(const Gen *g, int at)
{
    for (int i = at; i < g->len; i++) {
        int lo = g->buf[i] & 7, mid = (g->buf[i] >> 3) & 7;
        if (lo == 1 || lo == 5 || mid == 1 || mid == 5) {
            return true;
        }
    }
    return false;
}

static void gen_body_not_rcx(Gen *g)
{
    for (;;) {
        int at = g->len;
        uint32_t undef = g->undef;
        if (gen_move(g) && !may_name_rcx(g, at)) {
            g->undef = undef;
            return;
        }
        g->len = at;
        g->undef = undef;
    }
}

static void gen_region_body(Gen *g, int n);
static int if_depth; /* ifs are not nested */

/* An if in a loop body: Jcc ELSE; then; JMP JOIN; ELSE: else; JOIN: (no
 * JMP or else half at random), each half one instruction that may write
 * the flags, so the paths meet with different lazy-flag states.  A flag
 * is defined after it if it is on both paths. */
static bool gen_if_else(Gen *g)
{
    int cc = (int)rnd_below(16);
    if (if_depth || !can_read(g, (uint32_t)cond_reads(cc))) {
        return false;
    }
    if_depth++;
    uint32_t before = g->undef;
    int jcc_at = g->len;
    emit(g, 2, 0x70 + cc, 0);
    gen_region_body(g, 1);
    uint32_t then_undef = g->undef;
    if (rnd_below(2)) {
        int jmp_at = g->len;
        emit(g, 2, 0xeb, 0);
        g->buf[jcc_at + 1] = (uint8_t)(g->len - (jcc_at + 2));
        g->undef = before;
        gen_region_body(g, 1);
        g->buf[jmp_at + 1] = (uint8_t)(g->len - (jmp_at + 2));
        g->undef |= then_undef;
    } else {
        g->buf[jcc_at + 1] = (uint8_t)(g->len - (jcc_at + 2));
        g->undef |= before;
    }
    if_depth--;
    return true;
}

/* n instructions of a loop body that leave rCX alone: arithmetic, flag
 * readers, moves, forward Jccs over a move, ifs. */
static void gen_region_body(Gen *g, int n)
{
    static const GenFn gens[] = { gen_alu, gen_alu, gen_unary, gen_cond_use,
                                  gen_move, gen_branch, gen_if_else };
    for (int i = 0; i < n; i++) {
        for (;;) {
            int at = g->len;
            uint32_t undef = g->undef;
            if (gens[rnd_below(sizeof(gens) / sizeof(gens[0]))](g) &&
                !may_name_rcx(g, at)) {
                break;
            }
            g->len = at;
            g->undef = undef;
        }
    }
}

/* A loop the translator may hold in one TB (a loop region):
 *   mov $n, %ecx; cmp %eax, %ebx; L: body; [Jcc END]; body;
 *   dec %ecx; jnz L; END:
 * The cmp defines every flag, and each iteration leaves them defined
 * (dec defines all but CF, which the body's instructions keep defined).
 * The Jcc is a side exit; the body's Jccs over a move land inside. */
static bool gen_region_loop(Gen *g)
{
    emit(g, 1, 0xb9);
    emit_imm(g, 1 + rnd_below(6), 4);
    emit(g, 2, 0x39, 0xc3);
    flags_effect(g, F_ALL, 0);
    int start = g->len;
    gen_region_body(g, 1 + (int)rnd_below(5));
    int exit_at = -1, cc = (int)rnd_below(16);
    uint32_t exit_undef = 0;
    if (rnd_below(3) && can_read(g, (uint32_t)cond_reads(cc))) {
        exit_at = g->len;
        exit_undef = g->undef;
        emit(g, 2, 0x70 + cc, 0);
    }
    gen_region_body(g, (int)rnd_below(5));
    emit(g, 2, 0xff, 0xc9); /* dec %ecx */
    flags_effect(g, F_ALL & ~F_C, 0);
    emit(g, 2, 0x75, (uint8_t)(start - (g->len + 2)));
    if (exit_at >= 0) {
        g->buf[exit_at + 1] = (uint8_t)(g->len - (exit_at + 2));
        g->undef |= exit_undef;
    }
    return true;
}

/* Control transfer: CALL/RET, indirect JMP, LOOP family, ENTER/LEAVE. */
static bool gen_control(Gen *g)
{
    uint64_t here = CODE_ADDR + 8 + (uint64_t)g->len;
    switch (rnd_below(5)) {
    case 0: { /* call L1; jmp L2; L1: body; ret [imm16]; L2: */
        bool imm = rnd_below(2);
        emit(g, 5, 0xe8, 2, 0, 0, 0);
        int jmp_at = g->len;
        emit(g, 2, 0xeb, 0);
        int start = g->len;
        uint32_t undef = g->undef;
        while (!gen_move(g)) {
        }
        g->undef = undef;
        if (imm) {
            /* ret $0: a nonzero imm16 would unbalance the stack pointer
             * the pair restores; the immediate path is still decoded. */
            emit(g, 3, 0xc2, 0, 0);
        } else {
            emit(g, 1, 0xc3);
        }
        g->buf[jmp_at + 1] = (uint8_t)(g->len - start);
        return true;
    }
    case 1: { /* mov $L, %reg; jmp *%reg; L: */
        int reg = rnd_reg();
        if (!writable(reg, 2, true)) {
            return false;
        }
        int len = (mode32 ? 5 : 6) + 2 + ((reg & 8) ? 1 : 0);
        uint32_t target = (uint32_t)(here + (uint64_t)len);
        if (!mode32) {
            emit(g, 1, 0x40 | (reg & 8 ? 1 : 0));
        }
        emit(g, 1, 0xb8 + (reg & 7));
        emit_imm(g, target, 4);
        if (reg & 8) {
            emit(g, 1, 0x41);
        }
        emit(g, 2, 0xff, 0xe0 + (reg & 7));
        return true;
    }
    case 2: { /* mov $n, %ecx; L: body; loop/loope/loopne L */
        int kind = (int)rnd_below(3);
        if (kind != 2 && !can_read(g, F_Z)) {
            return false;
        }
        emit(g, 1, 0xb9);
        emit_imm(g, 1 + rnd_below(5), 4);
        int start = g->len;
        gen_body_not_rcx(g);
        emit(g, 2, 0xe0 + kind, 0);
        g->buf[g->len - 1] = (uint8_t)(start - g->len);
        return true;
    }
    case 3: { /* enter $size, $level; leave */
        int level = mode32 ? (int)rnd_below(3) : 0;
        emit(g, 4, 0xc8, (int)rnd_below(64), 0, level);
        emit(g, 1, 0xc9);
        return true;
    }
    default: { /* mov moffs <-> accumulator */
        int size = rnd_size(true);
        bool store = rnd_below(2);
        if (!store && size == 0 && !writable(0, 0, false)) {
            return false;
        }
        if (size == 1) {
            emit(g, 1, 0x66);
        }
        if (size == 3) {
            emit(g, 1, 0x48);
        }
        emit(g, 1, (store ? 0xa2 : 0xa0) | (size ? 1 : 0));
        emit_imm(g, DATA_ADDR + rnd_below(DATA_SIZE - 8), mode32 ? 4 : 8);
        return true;
    }
    }
}

/*
 * A VEX-encoded instruction (three-byte form): map mmmmm, implied prefix
 * pp (0 none, 1 66, 2 F3, 3 F2), W, VEX.vvvv register, ModRM reg and rm.
 */
static void emit_vex_insn(Gen *g, int mmmmm, int pp, bool w, int vvvv,
                          uint8_t opc, int reg, Operand rm)
{
    int base = rm.mem ? mem_reg : rm.reg;
    emit(g, 3, 0xc4,
         (reg & 8 ? 0 : 0x80) | 0x40 | (base & 8 ? 0 : 0x20) | mmmmm,
         (w ? 0x80 : 0) | (~vvvv & 15) << 3 | pp);
    emit(g, 1, opc);
    if (rm.mem) {
        emit(g, 2, 0x40 | (reg & 7) << 3 | (mem_reg & 7), rm.disp);
    } else {
        emit(g, 1, 0xc0 | (reg & 7) << 3 | (rm.reg & 7));
    }
}

/* mov $v, %reg32 */
static void emit_mov_imm32(Gen *g, int reg, uint32_t v)
{
    if (reg & 8) {
        emit(g, 1, 0x41);
    }
    emit(g, 1, 0xb8 + (reg & 7));
    emit_imm(g, v, 4);
}

/* BMI1, BMI2, ADX.  VEX.W is random in 32-bit code too, where it must be
 * ignored, and so is bit 3 of VEX.vvvv. */
static bool gen_bmi(Gen *g)
{
    bool w = rnd_below(2);
    int size = !mode32 && w ? 3 : 2;
    Operand rm = rnd_rm(true, size_bytes(size));
    int reg = rnd_reg(), v = rnd_reg();
    int kind = (int)rnd_below(15);
    /* Bit 3 of VEX.vvvv names no register in 32-bit code. */
    int vv = v | (mode32 && rnd_below(2) ? 8 : 0);

    if (!writable(reg, size, true)) {
        return false;
    }
    /* Counts, indexes and BEXTR controls around the operand size. */
    if (kind >= 1 && kind <= 5 && writable(v, 2, true) && rnd_below(3)) {
        uint32_t val = rnd_below(70) | (kind == 1 ? rnd_below(70) << 8 : 0);
        emit_mov_imm32(g, v, val | (rnd_below(4) ? 0 : (uint32_t)rnd() << 16));
        if (!rm.mem && rm.reg == v) {
            return false;
        }
    }
    switch (kind) {
    case 0: /* ANDN */
        emit_vex_insn(g, 2, 0, w, vv, 0xf2, reg, rm);
        flags_effect(g, F_Z | F_S | F_C | F_O, F_A | F_P);
        break;
    case 1: /* BEXTR */
        emit_vex_insn(g, 2, 0, w, vv, 0xf7, reg, rm);
        flags_effect(g, F_Z | F_C | F_O, F_A | F_S | F_P);
        break;
    case 2: /* BZHI */
        emit_vex_insn(g, 2, 0, w, vv, 0xf5, reg, rm);
        flags_effect(g, F_Z | F_S | F_C | F_O, F_A | F_P);
        break;
    case 3: case 4: case 5: /* SARX SHLX SHRX */
        emit_vex_insn(g, 2, kind == 3 ? 2 : kind == 4 ? 1 : 3, w, vv, 0xf7,
                      reg, rm);
        break;
    case 6: /* BLSR BLSMSK BLSI: the destination is VEX.vvvv */
        if (!writable(v, size, true)) {
            return false;
        }
        emit_vex_insn(g, 2, 0, w, vv, 0xf3, 1 + (int)rnd_below(3), rm);
        flags_effect(g, F_Z | F_S | F_C | F_O, F_A | F_P);
        break;
    case 7: case 8: /* PDEP PEXT */
        emit_vex_insn(g, 2, kind == 7 ? 3 : 2, w, vv, 0xf5, reg, rm);
        break;
    case 9: /* MULX: high half to reg, low half to VEX.vvvv */
        if (!writable(v, size, true)) {
            return false;
        }
        emit_vex_insn(g, 2, 3, w, vv, 0xf6, reg, rm);
        break;
    case 10: /* RORX */
        emit_vex_insn(g, 3, 3, w, 0, 0xf0, reg, rm);
        emit(g, 1, (int)rnd_below(256));
        break;
    case 11: { /* TZCNT, 16 bits too */
        uint8_t opc[2] = { 0x0f, 0xbc };
        size = rnd_size(false);
        emit_modrm_insn(g, size, 0xf3, opc, 2, reg, rm, false);
        flags_effect(g, F_Z | F_C, F_ALL & ~(F_Z | F_C));
        break;
    }
    default: { /* ADCX ADOX, in chains */
        bool adox = kind >= 13;
        uint32_t flag = adox ? F_O : F_C;
        uint8_t opc[3] = { 0x0f, 0x38, 0xf6 };
        if (!can_read(g, flag)) {
            return false;
        }
        emit_modrm_insn(g, size, adox ? 0xf3 : 0x66, opc, 3, reg, rm, false);
        flags_effect(g, flag, 0);
        break;
    }
    }
    return true;
}

/* Instructions of 32-bit code only: INC/DEC r, PUSHA/POPA, BCD. */
static bool gen_legacy32(Gen *g)
{
    int reg = rnd_reg();
    switch (rnd_below(5)) {
    case 0: { /* INC/DEC r16/r32 */
        int size = 1 + (int)rnd_below(2);
        if (!writable(reg, size, false)) {
            return false;
        }
        if (size == 1) {
            emit(g, 1, 0x66);
        }
        emit(g, 1, (rnd_below(2) ? 0x40 : 0x48) + reg);
        flags_effect(g, F_ALL & ~F_C, 0);
        return true;
    }
    case 1:
        emit(g, 2, 0x60, 0x61); /* pusha; popa */
        return true;
    case 2: /* DAA DAS */
        if (!can_read(g, F_C | F_A)) {
            return false;
        }
        emit(g, 1, rnd_below(2) ? 0x27 : 0x2f);
        flags_effect(g, F_ALL & ~F_O, F_O);
        return true;
    case 3: /* AAA AAS */
        if (!can_read(g, F_A)) {
            return false;
        }
        emit(g, 1, rnd_below(2) ? 0x37 : 0x3f);
        flags_effect(g, F_A | F_C, F_O | F_S | F_Z | F_P);
        return true;
    default: /* AAM AAD with a nonzero base */
        emit(g, 2, rnd_below(2) ? 0xd4 : 0xd5, 1 + (int)rnd_below(255));
        flags_effect(g, F_S | F_Z | F_P, F_O | F_A | F_C);
        return true;
    }
}

static const GenFn generators[] = {
    gen_alu, gen_alu, gen_alu, gen_unary, gen_shift, gen_shift, gen_shld,
    gen_mul, gen_div, gen_bittest, gen_bitscan, gen_cond_use, gen_cond_use,
    gen_move, gen_move, gen_xadd_cmpxchg, gen_flag_ops, gen_stack,
    gen_branch, gen_branch, gen_string, gen_misc, gen_control, gen_bmi,
    gen_region_loop, gen_legacy32,
};

static void generate(Gen *g, int n)
{
    size_t kinds = sizeof(generators) / sizeof(generators[0]);
    if (!mode32) {
        kinds--; /* gen_legacy32 */
    }
    for (int i = 0; i < n; i++) {
        int at = g->len;
        while (!generators[rnd_below((unsigned)kinds)](g)) {
            g->len = at;
        }
    }
}

/* ---- running both ways ------------------------------------------------- */

typedef struct Snapshot {
    RegState regs;
    uint8_t data[DATA_SIZE];
    uint8_t stack[STACK_CMP];
} Snapshot;

static CPUX86State env;

static void load_memory(const uint8_t *data, const uint8_t *stack)
{
    memcpy(data_mem, data, DATA_SIZE);
    memcpy(stack_mem + (STACK_TOP - STACK_ADDR) - STACK_CMP, stack, STACK_CMP);
}

static void save_memory(Snapshot *s)
{
    memcpy(s->data, data_mem, DATA_SIZE);
    memcpy(s->stack, stack_mem + (STACK_TOP - STACK_ADDR) - STACK_CMP,
           STACK_CMP);
}

static int run_native(const RegState *init, Snapshot *out)
{
    RegState st = *init;
    struct sigaction sa = { .sa_handler = native_fault }, old[3];
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old[0]);
    sigaction(SIGILL, &sa, &old[1]);
    sigaction(SIGFPE, &sa, &old[2]);
    uint32_t *state32 = (uint32_t *)(uintptr_t)STATE32_ADDR;
    if (mode32) {
        for (int i = 0; i < 8; i++) {
            state32[i] = (uint32_t)init->r[i];
        }
        state32[8] = (uint32_t)init->rflags;
    }
    int sig = sigsetjmp(native_fault_jmp, 1);
    if (sig == 0) {
        if (mode32) {
            native_enter32();
            for (int i = 0; i < 8; i++) {
                st.r[i] = state32[i];
            }
            st.rflags = state32[8];
        } else {
            native_enter(&st);
        }
    }
    sigaction(SIGSEGV, &old[0], NULL);
    sigaction(SIGILL, &old[1], NULL);
    sigaction(SIGFPE, &old[2], NULL);
    out->regs = st;
    save_memory(out);
    return sig;
}

static int run_mimic(const RegState *init, Snapshot *out)
{
    uint64_t exit_pc = mode32 ? STUB_ADDR + (uint64_t)(stub32_exit
                                                       - stub32_start)
                              : (uintptr_t)native_exit;
    tb_flush();
    x86_cpu_reset(&env, !mode32);
    memcpy(env.regs, init->r, sizeof(env.regs));
    x86_set_eflags(&env, (uint32_t)init->rflags);
    env.common.pc = CODE_ADDR + 8;
    int excp = cpu_exec(&env.common);
    memcpy(out->regs.r, env.regs, sizeof(env.regs));
    out->regs.rflags = x86_get_eflags(&env);
    save_memory(out);
    if (excp != EXCP_X86_SEGV || env.common.pc != exit_pc) {
        return excp == EXCP_X86_SEGV ? -1 : excp;
    }
    return 0;
}

static const char reg_names[16][4] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static int compare(const char *what, const Snapshot *n, const Snapshot *m,
                   uint32_t undef)
{
    int bad = 0;
    for (int i = 0; i < 16; i++) {
        if (n->regs.r[i] != m->regs.r[i]) {
            printf("  [%s] %s: native %016llx mimic %016llx\n", what,
                   reg_names[i], (unsigned long long)n->regs.r[i],
                   (unsigned long long)m->regs.r[i]);
            bad++;
        }
    }
    uint32_t fmask = (CC_ARITH & ~undef) | EFLAGS_DF;
    if ((n->regs.rflags ^ m->regs.rflags) & fmask) {
        printf("  [%s] flags: native %03llx mimic %03llx (compared %03x)\n",
               what, (unsigned long long)(n->regs.rflags & 0xfff),
               (unsigned long long)(m->regs.rflags & 0xfff), fmask);
        bad++;
    }
    for (unsigned i = 0; i < DATA_SIZE; i++) {
        if (n->data[i] != m->data[i]) {
            printf("  [%s] scratch+%u: native %02x mimic %02x\n", what, i,
                   n->data[i], m->data[i]);
            bad++;
            break;
        }
    }
    for (unsigned i = 0; i < STACK_CMP; i++) {
        if (n->stack[i] != m->stack[i]) {
            printf("  [%s] stack-%u: native %02x mimic %02x\n", what,
                   STACK_CMP - i, n->stack[i], m->stack[i]);
            bad++;
            break;
        }
    }
    return bad;
}

typedef struct ExecSetup {
    const char *name;
    const TCGBackend *backend;
    int max_insns;
} ExecSetup;

/* One random sequence from seed; returns the number of mismatches. */
static int run_seed(uint64_t seed, int ninsns)
{
    static const ExecSetup setups[] = {
        { "jit", &tcg_backend_x86_64, 0 },
        { "interp", &tcg_backend_interp, 0 },
        { "jit,1-insn", &tcg_backend_x86_64, 1 },
    };
    Gen g = { .buf = code_mem + 8 };
    RegState init;
    uint8_t data[DATA_SIZE], stack[STACK_CMP];

    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    for (int i = 0; i < 16; i++) {
        init.r[i] = mode32 && i < 8 ? (uint32_t)rnd_value()
                    : mode32 ? 0 : rnd_value();
    }
    init.r[4] = STACK_TOP;
    init.r[mem_reg] = DATA_ADDR;
    init.rflags = 0x202 | (rnd() & CC_ARITH);
    for (unsigned i = 0; i < DATA_SIZE; i++) {
        data[i] = (uint8_t)rnd();
    }
    for (unsigned i = 0; i < STACK_CMP; i++) {
        stack[i] = (uint8_t)rnd();
    }
    g.undef = 0;
    generate(&g, ninsns);
    uint32_t undef = g.undef;
    if (mode32) {
        /* jmp *abs32, through a slot holding the exit stub's address */
        emit(&g, 2, 0xff, 0x25);
        emit_imm(&g, STATE32_ADDR + 80, 4);
        uint32_t exit_stub = (uint32_t)(STUB_ADDR + (uint64_t)(stub32_exit
                                                             - stub32_start));
        memcpy((void *)(uintptr_t)(STATE32_ADDR + 80), &exit_stub, 4);
    } else {
        emit(&g, 6, 0xff, 0x25, 0, 0, 0, 0); /* jmp *0(%rip) */
        emit_imm(&g, (uintptr_t)native_exit, 8);
    }
    /* The trampoline jumps through the quad just below the code. */
    uint64_t entry = CODE_ADDR + 8;
    memcpy(code_mem, &entry, 8);

    if (getenv("MIMIC_X86_SHOW")) {
        disas_dump(stdout, mode32 ? DISAS_I386 : DISAS_X86_64, code_mem + 8,
                   (size_t)g.len, CODE_ADDR + 8);
    }
    Snapshot native, mimic;
    load_memory(data, stack);
    int sig = run_native(&init, &native);
    if (sig) {
        printf("seed %llu: native run died with signal %d (generator bug)\n",
               (unsigned long long)seed, sig);
        for (int i = 0; i < g.len; i++) {
            printf("%02x%c", g.buf[i], i % 16 == 15 ? '\n' : ' ');
        }
        printf("\n");
        disas_dump(stdout, mode32 ? DISAS_I386 : DISAS_X86_64, code_mem + 8,
                   (size_t)g.len, CODE_ADDR + 8);
        return 1;
    }
    int bad = 0;
    for (size_t k = 0; k < sizeof(setups) / sizeof(setups[0]); k++) {
        TCGExecConfig cfg = {
            .backend = setups[k].backend,
            .target = mode32 ? &i386_target_info : &x86_64_target_info,
            .code_cache_size = 8 << 20,
            .max_insns_per_tb = setups[k].max_insns,
        };
        tcg_exec_init(&cfg);
        load_memory(data, stack);
        int r = run_mimic(&init, &mimic);
        int b = r ? 1 : 0;
        if (r) {
            printf("  [%s] mimic stopped with exception %d at %llx\n",
                   setups[k].name, r, (unsigned long long)env.common.pc);
        }
        b += compare(setups[k].name, &native, &mimic, undef);
        bad += b;
    }
    if (bad) {
        printf("seed %llu: %d differences; sequence:\n",
               (unsigned long long)seed, bad);
        disas_dump(stdout, mode32 ? DISAS_I386 : DISAS_X86_64, code_mem + 8,
                   (size_t)g.len, CODE_ADDR + 8);
    }
    return bad;
}

static void test_random_sequences(void **state)
{
    const char *n_env = getenv("MIMIC_X86_RANDOM");
    const char *seed_env = getenv("MIMIC_X86_SEED");
    int n = n_env ? atoi(n_env) : 2000;
    uint64_t first = seed_env ? strtoull(seed_env, NULL, 0) : 1;
    int failed = 0;

    for (int i = 0; i < n; i++) {
        uint64_t seed = first + (uint64_t)i;
        /* Short sequences find bugs fast; long ones test flag chains. */
        int len = 1 + (int)(seed % 7 == 0 ? 40 : seed % 12);
        if (run_seed(seed, len)) {
            failed++;
            if (failed >= 10) {
                break;
            }
        }
    }
    if (failed) {
        fail_msg("%d of %d random sequences differ from the host", failed, n);
    }
}

/* ---- lazy flags in the emitted host code -------------------------------- */

/* Host instructions of the TB for code whose mnemonic starts with prefix. */
static int count_host_insns(const uint8_t *code, size_t n, const char *prefix,
                            bool dump)
{
    TCGExecConfig cfg = {
        .backend = &tcg_backend_x86_64,
        .target = &x86_64_target_info,
        .code_cache_size = 8 << 20,
    };
    tcg_exec_init(&cfg);
    memcpy(code_mem + 8, code, n);
    x86_cpu_reset(&env, true);
    TranslationBlock *tb = tb_gen_code(&env.common, CODE_ADDR + 8,
                                       X86_TB_CODE64);
    if (dump) {
        disas_dump(stdout, DISAS_X86_64, tb->code, tb->code_size, 0);
    }
    int count = 0;
    for (uint32_t off = 0; off < tb->code_size;) {
        char mnem[32];
        size_t len = disas_one(DISAS_X86_64, tb->code + off,
                               tb->code_size - off, off, mnem, sizeof(mnem));
        if (len == 0) {
            break;
        }
        if (strncmp(mnem, prefix, strlen(prefix)) == 0) {
            count++;
        }
        off += (uint32_t)len;
    }
    return count;
}

/*
 * add %rbx,%rax; add %rcx,%rax; jz: the first add's flags are never
 * computed, the second's ZF is one test of the result.  One more test is
 * the TB's exit-request check; no helper is called.
 */
static void test_lazy_flags_golden(void **state)
{
    static const uint8_t add_add_jz[] = { 0x48, 0x01, 0xd8, 0x48, 0x01, 0xc8,
                                          0x74, 0x00 };
    static const uint8_t cmp_jl[] = { 0x48, 0x39, 0xd8, 0x7c, 0x00 };
    bool dump = getenv("MIMIC_X86_DUMP") != NULL;
    int tests = count_host_insns(add_add_jz, sizeof(add_add_jz), "test", dump)
                + count_host_insns(add_add_jz, sizeof(add_add_jz), "cmp", dump);
    assert_int_equal(tests, 2);
    assert_int_equal(count_host_insns(add_add_jz, sizeof(add_add_jz), "call",
                                      dump), 0);
    assert_int_equal(count_host_insns(add_add_jz, sizeof(add_add_jz), "set",
                                      dump), 0);
    /* cmp + jl: one compare of the operands themselves. */
    assert_int_equal(count_host_insns(cmp_jl, sizeof(cmp_jl), "cmp", dump)
                     + count_host_insns(cmp_jl, sizeof(cmp_jl), "test", dump),
                     2);
    assert_int_equal(count_host_insns(cmp_jl, sizeof(cmp_jl), "call", dump),
                     0);
}

/* ---- exceptions: where they stop and with which pc ------------------- */

typedef struct ExcpCase {
    const char *name;
    int bits;          /* 64 or 32: only in that mode; 0: both */
    int len;           /* 0: the truncated-instruction case */
    uint8_t code[16];
    int excp;
    int pc_offset;     /* expected pc - start */
} ExcpCase;

static const ExcpCase excp_cases[] = {
    /* xor %ecx,%ecx; div %ecx: #DE at the div */
    { "div0", 0, 4, { 0x31, 0xc9, 0xf7, 0xf1 }, EXCP_X86_DE, 2 },
    /* mov $-1,%edx; mov $2,%ecx; div %ecx: quotient overflow */
    { "divovf", 0, 12, { 0xba, 0xff, 0xff, 0xff, 0xff, 0xb9, 2, 0, 0, 0,
                         0xf7, 0xf1 }, EXCP_X86_DE, 10 },
    /* mov $0x80000000,%eax; cdq; mov $-1,%ecx; idiv %ecx: overflow */
    { "idivovf", 0, 13, { 0xb8, 0, 0, 0, 0x80, 0x99, 0xb9, 0xff, 0xff,
                          0xff, 0xff, 0xf7, 0xf9 }, EXCP_X86_DE, 11 },
    /* xor %ecx,%ecx; cdq; idiv %ecx: #DE at the idiv */
    { "idiv0", 0, 5, { 0x31, 0xc9, 0x99, 0xf7, 0xf9 }, EXCP_X86_DE, 3 },
    /* aam $0 */
    { "aam0", 32, 2, { 0xd4, 0x00 }, EXCP_X86_DE, 0 },
    /* nop; ud2 */
    { "ud2", 0, 3, { 0x90, 0x0f, 0x0b }, EXCP_X86_UD, 1 },
    /* int3: trap, pc after */
    { "int3", 0, 2, { 0x90, 0xcc }, EXCP_X86_BP, 2 },
    /* syscall: pc after; #UD in 32-bit code */
    { "syscall", 64, 2, { 0x0f, 0x05 }, EXCP_X86_SYSCALL, 2 },
    { "syscall", 32, 2, { 0x0f, 0x05 }, EXCP_X86_UD, 0 },
    /* int $0x80: i386 system call, pc after */
    { "int80", 32, 2, { 0xcd, 0x80 }, EXCP_X86_INT80, 2 },
    /* int $0x21: pc at the insn, number in error_code */
    { "int21", 0, 2, { 0xcd, 0x21 }, EXCP_X86_INT, 0 },
    /* hlt, in: privileged */
    { "hlt", 0, 1, { 0xf4 }, EXCP_X86_GP, 0 },
    { "in", 0, 2, { 0xe4, 0x60 }, EXCP_X86_GP, 0 },
    /* push %es: invalid in 64-bit code */
    { "push-es", 64, 1, { 0x06 }, EXCP_X86_UD, 0 },
    /* lock add %eax,%eax: LOCK without a memory destination */
    { "lock-reg", 0, 3, { 0xf0, 0x01, 0xc0 }, EXCP_X86_UD, 0 },
    /* lea with a register operand */
    { "lea-reg", 0, 2, { 0x8d, 0xc0 }, EXCP_X86_UD, 0 },
    /* mov %eax, %cs */
    { "mov-cs", 0, 2, { 0x8e, 0xc8 }, EXCP_X86_UD, 0 },
    /* mov $0x1234, %eax; mov %eax, %ds: not a loadable selector */
    { "mov-ds", 0, 7, { 0xb8, 0x34, 0x12, 0, 0, 0x8e, 0xd8 }, EXCP_X86_GP, 5 },
    /* jmp to memory that is not code: fetch fault at the target */
    { "fetch", 0, 5, { 0xe9, 0x00, 0x00, 0x10, 0x00 }, EXCP_X86_SEGV,
      0x100005 },
    /* VEX: ANDN with VEX.L = 1; VADDPS (no AVX offered); 66 before VEX;
     * BLS* /0; RORX with VEX.vvvv != 1111b (bit 3 counts in 32-bit code
     * too, unlike for register operands) */
    { "vex-l1", 0, 5, { 0xc4, 0xe2, 0x7c, 0xf2, 0xc0 }, EXCP_X86_UD, 0 },
    { "vex-avx", 0, 4, { 0xc5, 0xf8, 0x58, 0xc0 }, EXCP_X86_UD, 0 },
    { "vex-66", 0, 6, { 0x66, 0xc4, 0xe2, 0x78, 0xf2, 0xc0 }, EXCP_X86_UD,
      0 },
    { "bls0", 0, 5, { 0xc4, 0xe2, 0x78, 0xf3, 0xc0 }, EXCP_X86_UD, 0 },
    { "rorx-v", 0, 6, { 0xc4, 0xe3, 0x73, 0xf0, 0xc0, 1 }, EXCP_X86_UD, 0 },
    { "rorx-v8", 32, 6, { 0xc4, 0xe3, 0x3b, 0xf0, 0xc0, 1 }, EXCP_X86_UD,
      0 },
    /* ljmp $0, $0: a far jump to the null selector, #GP (32-bit code) */
    { "ljmp-null", 32, 7, { 0xea, 0, 0, 0, 0, 0, 0 }, EXCP_X86_GP, 0 },
    /* FF /5 (far JMP) with a register operand */
    { "ljmp-reg", 0, 2, { 0xff, 0xe8 }, EXCP_X86_UD, 0 },
    /* mov $imm32, %eax with its last byte past the end of code */
    { "truncated", 0, 0, { 0 }, EXCP_X86_SEGV, 0 },
};

static void test_exceptions(void **state)
{
    static const TCGBackend *const backends[] = { &tcg_backend_x86_64,
                                                  &tcg_backend_interp };
    for (size_t b = 0; b < 2; b++) {
        TCGExecConfig cfg = {
            .backend = backends[b],
            .target = mode32 ? &i386_target_info : &x86_64_target_info,
            .code_cache_size = 8 << 20,
        };
        tcg_exec_init(&cfg);
        for (size_t i = 0; i < sizeof(excp_cases) / sizeof(excp_cases[0]);
             i++) {
            const ExcpCase *c = &excp_cases[i];
            uint64_t start = CODE_ADDR + 8;
            if (c->bits && c->bits != (mode32 ? 32 : 64)) {
                continue;
            }
            if (c->len == 0) {
                start = STUB_ADDR - 3;
                memcpy(code_mem + (start - CODE_ADDR), "\xb8\x01\x02", 3);
            } else {
                memcpy(code_mem + 8, c->code, (size_t)c->len);
            }
            tb_flush();
            x86_cpu_reset(&env, !mode32);
            env.common.pc = start;
            int excp = cpu_exec(&env.common);
            uint64_t want = start + (uint64_t)c->pc_offset;
            if (excp != c->excp || env.common.pc != want) {
                fail_msg("%s (%s): exception %d at %llx, expected %d at %llx",
                         c->name, backends[b]->name, excp,
                         (unsigned long long)env.common.pc, c->excp,
                         (unsigned long long)want);
            }
            if (c->len == 0) {
                assert_int_equal(env.fault_addr, STUB_ADDR);
            }
            if (excp == EXCP_X86_INT) {
                assert_int_equal(env.error_code, 0x21);
            }
        }
    }
}

/* With the argument "i386", the 32-bit guest against 32-bit native code
 * (one guest kind per process: globals are registered once). */
int main(int argc, char **argv)
{
    mode32 = argc > 1 && strcmp(argv[1], "i386") == 0;
    mem_reg = mode32 ? R_EBP : 15;
    code_mem = map_fixed(CODE_ADDR, CODE_SIZE,
                         PROT_READ | PROT_WRITE | PROT_EXEC);
    data_mem = map_fixed(DATA_ADDR, 0x1000, PROT_READ | PROT_WRITE);
    stack_mem = map_fixed(STACK_ADDR, STACK_SIZE, PROT_READ | PROT_WRITE);
    memcpy(code_mem + (STUB_ADDR - CODE_ADDR), stub32_start,
           (size_t)(stub32_end - stub32_start));
    tcg_guest_base = 0;
    tcg_context_init();
    (mode32 ? &i386_target_info : &x86_64_target_info)->tcg_init();

    if (mode32) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_exceptions),
            cmocka_unit_test(test_random_sequences),
        };
        return cmocka_run_group_tests_name("i386", tests, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lazy_flags_golden),
        cmocka_unit_test(test_exceptions),
        cmocka_unit_test(test_random_sequences),
    };
    return cmocka_run_group_tests_name("x86_64", tests, NULL, NULL);
}

