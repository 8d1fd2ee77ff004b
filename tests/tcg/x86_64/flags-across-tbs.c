/*
 * flags-across-tbs.c: flags read by the first instructions of a function,
 * set by the caller's last arithmetic instruction.  The call ends mimic's
 * translation block, so the reader starts a block whose flag kind is known
 * only at run time; the callers change the kind from one call to the next
 * (ADD, SUB, logic, INC/DEC, shifts, rotates, multiplies, ADC/SBB, 8 to 64
 * bits), so both the guessed kind and the fallback are exercised.  Every
 * condition is read with SETcc, and CF also with SBB, ADC, Jcc and CMOVcc.
 *
 * CFLAGS: -O2 -mno-red-zone
 */
#include <stdint.h>
#include <stdio.h>

#ifdef __x86_64__
#define SP "%rsp"
#define AX "%rax"
#else
#define SP "%esp"
#define AX "%eax"
#endif

#define SETCC(cc, n) "set" #cc " " #n "(" SP ")\n"
#define BIT(n) "movzbl " #n "(" SP "), %ecx\n shl $" #n ", %ecx\n or %ecx, %eax\n"

/* All 16 conditions as a bit mask, read before anything changes flags
 * (LEA, SETcc and MOVZX leave them alone). */
__asm__(".text\n.globl read_conds\nread_conds:\n"
        "lea -16(" SP "), " SP "\n"
        SETCC(o, 0) SETCC(no, 1) SETCC(b, 2) SETCC(ae, 3) SETCC(e, 4)
        SETCC(ne, 5) SETCC(be, 6) SETCC(a, 7) SETCC(s, 8) SETCC(ns, 9)
        SETCC(p, 10) SETCC(np, 11) SETCC(l, 12) SETCC(ge, 13) SETCC(le, 14)
        SETCC(g, 15)
        "xor %eax, %eax\n"
        BIT(0) BIT(1) BIT(2) BIT(3) BIT(4) BIT(5) BIT(6) BIT(7) BIT(8)
        BIT(9) BIT(10) BIT(11) BIT(12) BIT(13) BIT(14) BIT(15)
        "lea 16(" SP "), " SP "\n"
        "ret\n"
        /* CF four ways: SBB, ADC, Jcc, CMOVcc (bits 0..3) */
        ".globl read_carry\nread_carry:\n"
        "sbb %eax, %eax\n"
        "ret\n"
        ".globl read_carry_adc\nread_carry_adc:\n"
        "mov $0, %eax\n adc $0, %eax\n"
        "ret\n"
        ".globl read_jl\nread_jl:\n"
        "jl 1f\n mov $0, %eax\n ret\n1: mov $1, %eax\n ret\n"
        ".globl read_cmovbe\nread_cmovbe:\n"
        "mov $0, %eax\n mov $1, %ecx\n cmovbe %ecx, %eax\n"
        "ret\n");

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static const uint64_t edges[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
    ~0ull,
};

static uint64_t operand(void)
{
    uint64_t r = rnd();
    return r % 3 ? edges[r % (sizeof(edges) / sizeof(edges[0]))] : rnd();
}

/* r = the result of reader after "insn" on x (ebx/rbx) = a and y
 * (ecx/rcx) = b. */
#define READ(insn, reader, r)                                                 \
    do {                                                                      \
        uintptr_t x = a, y = b;                                               \
        __asm__ volatile(insn "\n call " reader                               \
                         : "=a"(r), "+b"(x), "+c"(y) : : "edx", "memory",     \
                           "cc");                                             \
    } while (0)

/* Flags defined after a case's instructions (only conditions on them are
 * printed); instructions that keep some flags come after one that defines
 * them all. */
enum { F_C = 1, F_Z = 2, F_S = 4, F_O = 8, F_P = 16, F_ALL = 31 };

/* The flags each condition of read_conds reads. */
static const uint8_t cond_flags[16] = {
    F_O, F_O, F_C, F_C, F_Z, F_Z, F_C | F_Z, F_C | F_Z, F_S, F_S, F_P, F_P,
    F_S | F_O, F_S | F_O, F_Z | F_S | F_O, F_Z | F_S | F_O,
};

static int defined(unsigned def, unsigned need)
{
    return (need & ~def) == 0;
}

static void print_case(const char *name, uintptr_t a, uintptr_t b,
                       unsigned def, const unsigned r[5])
{
    unsigned conds = 0;

    for (unsigned i = 0; i < 16; i++) {
        if (defined(def, cond_flags[i])) {
            conds |= r[0] & (1u << i);
        }
    }
    printf("%-8s %16llx %16llx: %04x", name, (unsigned long long)a,
           (unsigned long long)b, conds);
    if (defined(def, F_C)) {
        printf(" %x %x", r[1] & 1, r[2]);
    }
    printf(" %x", defined(def, F_S | F_O) ? r[3] : 2);
    printf(" %x\n", defined(def, F_C | F_Z) ? r[4] : 2);
}

#define CASE(name, insn, def)                                                 \
    static void name(uintptr_t a, uintptr_t b)                                \
    {                                                                         \
        unsigned r[5];                                                        \
        READ(insn, "read_conds", r[0]);                                       \
        READ(insn, "read_carry", r[1]);                                       \
        READ(insn, "read_carry_adc", r[2]);                                   \
        READ(insn, "read_jl", r[3]);                                          \
        READ(insn, "read_cmovbe", r[4]);                                      \
        print_case(#name, a, b, def, r);                                      \
    }

CASE(add32, "add %k2, %k1", F_ALL)
CASE(add8, "add %b2, %b1", F_ALL)
CASE(sub32, "sub %k2, %k1", F_ALL)
CASE(cmp16, "cmp %w2, %w1", F_ALL)
CASE(cmp32, "cmp %k2, %k1", F_ALL)
CASE(and32, "and %k2, %k1", F_ALL)
CASE(or8, "or %b2, %b1", F_ALL)
CASE(xor32, "xor %k2, %k1", F_ALL)
CASE(test16, "test %w2, %w1", F_ALL)
CASE(inc32, "bt $3, %k2\n inc %k1", F_ALL)
CASE(dec8, "bt $4, %k2\n dec %b1", F_ALL)
CASE(neg32, "neg %k1", F_ALL)
CASE(shl32, "shl $1, %k1", F_ALL)
CASE(shl32n, "shl $3, %k1", F_ALL & ~F_O)
CASE(shr32, "shr $1, %k1", F_ALL)
CASE(sar8, "sar $1, %b1", F_ALL)
CASE(shlcl, "or %k2, %k1\n shl %%cl, %k1", F_ALL & ~F_O)
CASE(rol32, "cmp %k2, %k1\n rol $1, %k1", F_ALL)
CASE(rol32n, "test %k2, %k1\n rol $5, %k1", F_ALL & ~F_O)
CASE(ror8, "add %b2, %b1\n ror $1, %b1", F_ALL)
CASE(rolcl, "sub %k2, %k1\n rol %%cl, %k1", F_ALL & ~F_O)
CASE(imul32, "imul %k2, %k1", F_C | F_O)
CASE(adc32, "bt $0, %k2\n adc %k2, %k1", F_ALL)
CASE(sbb16, "bt $1, %k2\n sbb %w2, %w1", F_ALL)
CASE(bt32, "bt %k2, %k1", F_C)
/* rotates that start a block (after a jump): over a kind known only at
 * run time, ADC and SBB included; two in a row */
CASE(subrol, "sub %k2, %k1\n jmp 1f\n 1: rol $3, %k1", F_ALL & ~F_O)
CASE(sbbror, "bt $1, %k2\n sbb %k2, %k1\n jmp 1f\n 1: ror $1, %k1", F_ALL)
CASE(adcrol8, "bt $0, %k2\n adc %b2, %b1\n jmp 1f\n 1: rol $1, %b1", F_ALL)
CASE(andror2, "and %k2, %k1\n jmp 1f\n 1: ror $5, %k1\n rol $1, %k1",
     F_ALL)
/* BT keeps ZF; at a block start too, over ADC/SBB and after a rotate */
CASE(addbt, "add %k2, %k1\n jmp 1f\n 1: bt %k2, %k1", F_C | F_Z)
CASE(sbbbt, "bt $1, %k2\n sbb %k2, %k1\n jmp 1f\n 1: bt $5, %k1", F_C | F_Z)
CASE(rolbt, "cmp %k2, %k1\n jmp 1f\n 1: rol $3, %k1\n bt $2, %k1", F_C | F_Z)
CASE(popcnt32, "popcnt %k2, %k1", F_ALL)
#ifdef __x86_64__
CASE(add64, "add %2, %1", F_ALL)
CASE(cmp64, "cmp %2, %1", F_ALL)
CASE(rol64, "cmp %2, %1\n rol $7, %1", F_ALL & ~F_O)
CASE(sbb64, "bt $2, %2\n sbb %2, %1", F_ALL)
#endif

typedef void CaseFn(uintptr_t, uintptr_t);

static CaseFn *const cases[] = {
    add32, add8, sub32, cmp16, cmp32, and32, or8, xor32, test16, inc32,
    dec8, neg32, shl32, shl32n, shr32, sar8, shlcl, rol32, rol32n, ror8,
    rolcl, imul32, adc32, sbb16, bt32, popcnt32, subrol, sbbror, adcrol8,
    andror2, addbt, sbbbt, rolbt,
#ifdef __x86_64__
    add64, cmp64, rol64, sbb64,
#endif
};

int main(void)
{
    enum { N = sizeof(cases) / sizeof(cases[0]) };
    CaseFn *order[N];

    /* each round visits the kinds in another order */
    for (unsigned i = 0; i < N; i++) {
        order[i] = cases[i];
    }
    for (unsigned round = 0; round < 40; round++) {
        for (unsigned i = N - 1; i > 0; i--) {
            unsigned j = (unsigned)(rnd() % (i + 1));
            CaseFn *t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (unsigned i = 0; i < N; i++) {
            order[i]((uintptr_t)operand(), (uintptr_t)operand());
        }
    }
    return 0;
}
