/*
 * loop-regions.c: loops whose body mimic translates as one self-looping
 * block (a "loop region": a forward Jcc followed, within a few
 * instructions, by a jump back to the block's first instruction becomes a
 * side exit, and translation goes on along the loop).  Every case prints
 * what a wrong side exit, back edge or restored state would change:
 * which exit was taken, the registers, the flags right at the exit target
 * and after the loop, the registers and flags a signal handler sees.
 *
 *  1. a middle exit taken at iteration 0, 1 and many, the fall-through
 *     exit, and 2, 4, 5 and 6 forward exits in one body (more than the 4 a
 *     block can have), with a Jcc and with a JMP as the back edge;
 *  2. flags live across a side exit and across the back edge: an ADC chain
 *     carried through INC/DEC (which keep CF), read at the exit target by
 *     ADC, PUSHF, SETC and JC; a loop head whose Jcc reads the flags of the
 *     previous iteration; SUB/JO, TEST, an if inside the loop;
 *  3. a memory access between the loop head and the first flag writer;
 *  4. SIGSEGV on a load at the loop head and on a store in the middle of
 *     the body at iteration k > 0: the handler prints the faulting
 *     instruction, the registers and flags, then leaves with siglongjmp, or
 *     makes the page accessible and returns so that the loop goes on;
 *  5. SIGALRM, or SIGUSR1 from a second thread, interrupting a loop that
 *     only ends when the handler sets a flag in memory, or changes a
 *     register in the signal frame;
 *  6. x87 (the stack one deeper at the side exit, or one deeper on every
 *     iteration) and SSE (UCOMISD flags) in the body;
 *  7. a call inside the body, LOOP as the back edge, REP STOSB in the
 *     body, a back edge 15 to 18 instructions after the side exit (around
 *     the end of the region scan): regions or not, still correct;
 *  8. a region loop that rewrites its own ADD's immediate, before and after
 *     executing it in the same iteration.
 *
 * The asm assembles for x86-64 and i386 (tests/tcg/i386/loop-regions.c
 * builds this file with -m32); the oracle is the program run natively.
 *
 * CFLAGS: -O2 -mno-red-zone -pthread
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>

/* Pointer-sized operands: SZ bytes, suffix P, register R(ax) in top-level
 * asm. */
#ifdef __x86_64__
#define SZ "8"
#define P "q"
#define R(x) "%r" #x
#define G_AX REG_RAX
#define G_BX REG_RBX
#define G_CX REG_RCX
#define G_DX REG_RDX
#define G_SI REG_RSI
#define G_DI REG_RDI
#define G_PC REG_RIP
#else
#define SZ "4"
#define P "l"
#define R(x) "%e" #x
#define G_AX REG_EAX
#define G_BX REG_EBX
#define G_CX REG_ECX
#define G_DX REG_EDX
#define G_SI REG_ESI
#define G_DI REG_EDI
#define G_PC REG_EIP
#endif

/* Word k of the context block p points to (extended asm). */
#define W(k) #k "*" SZ "(%[p])"

/* OF SF ZF AF PF CF, and without AF after logic instructions (which leave
 * it undefined). */
#define ARITH_FLAGS 0x8d5u
#define LOGIC_FLAGS 0x8c5u

static unsigned long fl(uintptr_t f, unsigned mask)
{
    return (unsigned long)(f & mask);
}

/* ---- 1. middle exits ---------------------------------------------------- */

/* w[0..5]: limits of the exits, w[6]: end index, w[7]: exit taken (9 =
 * the fall-through exit), w[8]: flags at the exit target, w[9]: flags
 * after the loop; buf: the bytes summed. */
struct multi {
    uintptr_t w[16];
    uint8_t buf[256];
};

/* Exit k when the running sum passes limit k: the flags at its target come
 * from that CMP. */
#define EXIT(k) "cmp " W(k) ", %[sum]\n ja 1" #k "f\n"
#define TARGET(k)                                                              \
    "1" #k ": pushf\n pop " W(8) "\n mov" P " $" #k ", " W(7) "\n jmp 8f\n"
#define BACK_JCC "cmp " W(6) ", %[i]\n jb 1b\n"
#define BACK_JMP "cmp " W(6) ", %[i]\n jae 9f\n jmp 1b\n"

/* The JMP to the loop head ends the block before it, so the block at the
 * head is a region from iteration 0 on. */
#define MULTI_EXIT_FN(name, exits, targets, back)                              \
    static void name(struct multi *c, uintptr_t *i_io, uintptr_t *sum_io)      \
    {                                                                          \
        uintptr_t i = *i_io, sum = *sum_io, t;                                 \
        __asm__ volatile("jmp 1f\n .p2align 6\n"                               \
                         "1: movzbl 16*" SZ "(%[p],%[i]), %k[t]\n"             \
                         "add %[t], %[sum]\n" exits "add $1, %[i]\n" back      \
                         "9: pushf\n pop " W(8) "\n mov" P " $9, " W(7) "\n"   \
                         "jmp 8f\n" targets "8: pushf\n pop " W(9) "\n"        \
                         : [i] "+r"(i), [sum] "+r"(sum), [t] "=&r"(t)          \
                         : [p] "r"(c)                                          \
                         : "cc", "memory");                                    \
        *i_io = i;                                                             \
        *sum_io = sum;                                                         \
    }

#define EXITS2 EXIT(0) EXIT(1)
#define EXITS4 EXITS2 EXIT(2) EXIT(3)
#define EXITS5 EXITS4 EXIT(4)
#define EXITS6 EXITS5 EXIT(5)
#define TARGETS2 TARGET(0) TARGET(1)
#define TARGETS4 TARGETS2 TARGET(2) TARGET(3)
#define TARGETS5 TARGETS4 TARGET(4)
#define TARGETS6 TARGETS5 TARGET(5)

MULTI_EXIT_FN(multi1_jcc, EXIT(0), TARGET(0), BACK_JCC)
MULTI_EXIT_FN(multi1_jmp, EXIT(0), TARGET(0), BACK_JMP)
MULTI_EXIT_FN(multi2_jcc, EXITS2, TARGETS2, BACK_JCC)
MULTI_EXIT_FN(multi2_jmp, EXITS2, TARGETS2, BACK_JMP)
MULTI_EXIT_FN(multi4_jcc, EXITS4, TARGETS4, BACK_JCC)
MULTI_EXIT_FN(multi4_jmp, EXITS4, TARGETS4, BACK_JMP)
MULTI_EXIT_FN(multi5_jcc, EXITS5, TARGETS5, BACK_JCC)
MULTI_EXIT_FN(multi5_jmp, EXITS5, TARGETS5, BACK_JMP)
MULTI_EXIT_FN(multi6_jcc, EXITS6, TARGETS6, BACK_JCC)
MULTI_EXIT_FN(multi6_jmp, EXITS6, TARGETS6, BACK_JMP)

typedef void multi_fn(struct multi *, uintptr_t *, uintptr_t *);

#define NO_LIMIT ((uintptr_t)-1)

/* One run: exits[k] = the iteration at which exit k's limit is passed
 * (-1: never); the loop runs from index 3 to index 3 + n. */
static void multi_run(const char *name, multi_fn *fn, int nexits,
                      const int *exits, uintptr_t n)
{
    struct multi c;
    uintptr_t start = 3, sum0 = 1000, i = start, sum = sum0;
    memset(&c, 0, sizeof(c));
    for (int k = 0; k < 256; k++) {
        c.buf[k] = (uint8_t)(1 + (k * 37) % 251);
    }
    for (int k = 0; k < 6; k++) {
        c.w[k] = NO_LIMIT;
        if (k < nexits && exits[k] >= 0) {
            /* passed when the sum of buf[start..start+exits[k]] is added */
            uintptr_t s = sum0;
            for (int j = 0; j < exits[k]; j++) {
                s += c.buf[start + j];
            }
            c.w[k] = s + c.buf[start + exits[k]] / 2;
        }
    }
    c.w[6] = start + n;
    c.w[7] = 77;
    fn(&c, &i, &sum);
    printf("%s exits", name);
    for (int k = 0; k < nexits; k++) {
        printf(" %d", exits[k]);
    }
    printf(" n %lu: exit %lu i %lu sum %lu flags %#lx after %#lx\n",
           (unsigned long)n, (unsigned long)c.w[7], (unsigned long)i,
           (unsigned long)sum, fl(c.w[8], ARITH_FLAGS),
           fl(c.w[9], ARITH_FLAGS));
}

static void test_multi_exits(void)
{
    static const struct {
        const char *name;
        multi_fn *fn;
        int nexits;
    } fns[] = {
        { "multi1-jcc", multi1_jcc, 1 }, { "multi1-jmp", multi1_jmp, 1 },
        { "multi2-jcc", multi2_jcc, 2 }, { "multi2-jmp", multi2_jmp, 2 },
        { "multi4-jcc", multi4_jcc, 4 }, { "multi4-jmp", multi4_jmp, 4 },
        { "multi5-jcc", multi5_jcc, 5 }, { "multi5-jmp", multi5_jmp, 5 },
        { "multi6-jcc", multi6_jcc, 6 }, { "multi6-jmp", multi6_jmp, 6 },
    };
    for (unsigned f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        int nx = fns[f].nexits;
        int exits[6];
        /* the fall-through exit after 1, 2 and 60 iterations */
        for (int k = 0; k < 6; k++) {
            exits[k] = -1;
        }
        multi_run(fns[f].name, fns[f].fn, nx, exits, 1);
        multi_run(fns[f].name, fns[f].fn, nx, exits, 2);
        multi_run(fns[f].name, fns[f].fn, nx, exits, 60);
        /* each exit alone at iterations 0, 1 and 41 */
        static const int when[] = { 0, 1, 41 };
        for (int k = 0; k < nx; k++) {
            for (int w = 0; w < 3; w++) {
                for (int j = 0; j < 6; j++) {
                    exits[j] = -1;
                }
                exits[k] = when[w];
                multi_run(fns[f].name, fns[f].fn, nx, exits, 60);
            }
        }
        /* all at once (the first in the body wins), the last one first,
         * an exit at the last iteration */
        for (int k = 0; k < 6; k++) {
            exits[k] = 17;
        }
        multi_run(fns[f].name, fns[f].fn, nx, exits, 60);
        for (int k = 0; k < 6; k++) {
            exits[k] = 30 - 4 * k;
        }
        multi_run(fns[f].name, fns[f].fn, nx, exits, 60);
        for (int k = 0; k < 6; k++) {
            exits[k] = k == nx - 1 ? 59 : -1;
        }
        multi_run(fns[f].name, fns[f].fn, nx, exits, 60);
    }
}

/* ---- 2. flags across the side exit and the back edge -------------------- */

/* Multi-word ADC: the carry goes from one iteration's ADC to the next one
 * through INC and DEC; the side exit (DEC reaching 0) reads it at its
 * target.  w[0], w[1]: flags at the target and after it; src at word 8,
 * dst at word 24. */
struct carry {
    uintptr_t w[8];
    uintptr_t src[16];
    uintptr_t dst[16];
};

#define CARRY_FN(name, at_exit)                                                \
    static uintptr_t name(struct carry *c, uintptr_t n, uintptr_t cin)         \
    {                                                                          \
        uintptr_t i = 0, t, carry = 0;                                         \
        __asm__ volatile("bt $0, %[cin]\n jmp 1f\n .p2align 6\n"               \
                         "1: mov 8*" SZ "(%[p],%[i]," SZ "), %[t]\n"           \
                         "adc %[t], 24*" SZ "(%[p],%[i]," SZ ")\n"             \
                         "inc %[i]\n dec %[n]\n jz 2f\n jmp 1b\n"              \
                         "2: " at_exit "pushf\n pop " W(1) "\n"                \
                         : [i] "+r"(i), [n] "+r"(n), [t] "=&r"(t),             \
                           [carry] "+q"(carry)                                 \
                         : [p] "r"(c), [cin] "r"(cin)                          \
                         : "cc", "memory");                                    \
        return carry;                                                          \
    }

CARRY_FN(carry_adc, "adc $0, %[carry]\n pushf\n pop " W(0) "\n")
CARRY_FN(carry_pushf, "pushf\n pop " W(0) "\n adc $0, %[carry]\n")
CARRY_FN(carry_setc, "setc %b[carry]\n pushf\n pop " W(0) "\n")
CARRY_FN(carry_jc, "jc 3f\n mov $2, %[carry]\n jmp 4f\n"
                   "3: mov $1, %[carry]\n 4: pushf\n pop " W(0) "\n")

static void test_carry_chain(void)
{
    static const struct {
        const char *name;
        uintptr_t (*fn)(struct carry *, uintptr_t, uintptr_t);
    } fns[] = {
        { "carry-adc", carry_adc },
        { "carry-pushf", carry_pushf },
        { "carry-setc", carry_setc },
        { "carry-jc", carry_jc },
    };
    static const uintptr_t src[16] = {
        (uintptr_t)-1, 0, 1, (uintptr_t)-1, (uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1),
        5, (uintptr_t)-2, 0, (uintptr_t)-1, 3, 0, 0, 9, 9, 9, 9,
    };
    static const uintptr_t dst[16] = {
        1, (uintptr_t)-1, (uintptr_t)-2, 0, (uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1),
        7, 1, (uintptr_t)-1, 1, 4, 0, 0, 8, 8, 8, 8,
    };
    static const uintptr_t lens[] = { 1, 2, 3, 5, 6, 9, 12 };
    for (unsigned f = 0; f < 4; f++) {
        for (unsigned l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
            for (uintptr_t cin = 0; cin < 2; cin++) {
                struct carry c;
                memset(&c, 0, sizeof(c));
                memcpy(c.src, src, sizeof(src));
                memcpy(c.dst, dst, sizeof(dst));
                uintptr_t carry = fns[f].fn(&c, lens[l], cin);
                unsigned long sum = 0;
                for (int k = 0; k < 16; k++) {
                    sum = sum * 31 + (unsigned long)c.dst[k];
                }
                printf("%s n %lu cin %lu: carry %lu dst %lx %lx %lx hash %lx "
                       "flags %#lx after %#lx\n",
                       fns[f].name, (unsigned long)lens[l],
                       (unsigned long)cin, (unsigned long)carry,
                       (unsigned long)c.dst[0], (unsigned long)c.dst[1],
                       (unsigned long)c.dst[lens[l] - 1], sum,
                       fl(c.w[0], ARITH_FLAGS), fl(c.w[1], ARITH_FLAGS));
            }
        }
    }
}

/* ADD sets CF, DEC and INC keep it: the side exit (DEC to 0) and the
 * back edge JNC both read the ADD's carry. */
static void test_inc_dec_keep_cf(void)
{
    static const uint32_t starts[] = { 0, 0xfffffff0u, 0xffffff00u, 0x7ffffff8u };
    static const uint32_t steps[] = { 1, 3, 0x10, 0x40000001u };
    static const uint32_t counts[] = { 1, 2, 7, 100 };
    for (unsigned a = 0; a < 4; a++) {
        for (unsigned b = 0; b < 4; b++) {
            for (unsigned c = 0; c < 4; c++) {
                uint32_t acc = starts[a], n = counts[c], cnt = 0, which;
                uintptr_t f;
                __asm__ volatile("jmp 1f\n .p2align 6\n"
                                 "1: add %[k], %[acc]\n dec %[n]\n jz 2f\n"
                                 "inc %[cnt]\n jnc 1b\n"
                                 "pushf\n pop %[f]\n mov $1, %[w]\n jmp 3f\n"
                                 "2: pushf\n pop %[f]\n mov $2, %[w]\n"
                                 "3:\n"
                                 : [acc] "+r"(acc), [n] "+r"(n),
                                   [cnt] "+r"(cnt), [f] "=&r"(f),
                                   [w] "=&r"(which)
                                 : [k] "r"(steps[b])
                                 : "cc");
                printf("keep-cf start %#x step %#x count %u: exit %u acc %#x "
                       "n %u cnt %u flags %#lx\n",
                       starts[a], steps[b], counts[c], which, acc, n, cnt,
                       fl(f, ARITH_FLAGS));
            }
        }
    }
}

/* The body's first flag writer is DEC, which keeps CF: the side exit's
 * target reads the CF of the previous iteration's ADD (or, at iteration
 * 0, of the BT before the loop), so the back edge must keep it. */
static void test_dec_first(void)
{
    static const uint32_t starts[] = { 0, 0xfffffffeu, 0x80000000u };
    static const uint32_t counts[] = { 1, 2, 3, 9 };
    for (unsigned a = 0; a < 3; a++) {
        for (unsigned c = 0; c < 4; c++) {
            for (uint32_t cin = 0; cin < 2; cin++) {
                uint32_t acc = starts[a], n = counts[c];
                uint8_t cf;
                uintptr_t f;
                __asm__ volatile("bt $0, %[cin]\n jmp 1f\n .p2align 6\n"
                                 "1: dec %[n]\n jz 2f\n"
                                 "add $0x7fffffff, %[acc]\n jmp 1b\n"
                                 "2: setc %[cf]\n pushf\n pop %[f]\n"
                                 : [acc] "+r"(acc), [n] "+r"(n),
                                   [cf] "=&q"(cf), [f] "=&r"(f)
                                 : [cin] "r"(cin)
                                 : "cc");
                printf("dec-first start %#x count %u cin %u: acc %#x cf %u "
                       "flags %#lx\n",
                       starts[a], counts[c], cin, acc, cf, fl(f, ARITH_FLAGS));
            }
        }
    }
}

/* The loop head is a Jcc reading the flags of the previous iteration's CMP
 * (or of the CMP before the loop); the back edge is a JMP. */
static void test_head_reads_flags(void)
{
    static const int32_t ends[] = { -5, -4, -3, 0, 1, 40 };
    for (unsigned e = 0; e < sizeof(ends) / sizeof(ends[0]); e++) {
        int32_t i = -4, end = ends[e], sum = 0;
        uintptr_t f;
        __asm__ volatile("cmp %[end], %[i]\n jmp 1f\n .p2align 6\n"
                         "1: jge 2f\n add %[i], %[sum]\n inc %[i]\n"
                         "cmp %[end], %[i]\n jmp 1b\n"
                         "2: pushf\n pop %[f]\n"
                         : [i] "+r"(i), [sum] "+r"(sum), [f] "=&r"(f)
                         : [end] "r"(end)
                         : "cc");
        printf("head-jge end %d: i %d sum %d flags %#lx\n", end, i, sum,
               fl(f, ARITH_FLAGS));
    }
    /* unsigned, with SETcc right at the exit target */
    static const uint32_t uends[] = { 0, 1, 2, 33 };
    for (unsigned e = 0; e < 4; e++) {
        uint32_t i = 0, end = uends[e], sum = 0;
        uint8_t a, b, z;
        __asm__ volatile("cmp %[end], %[i]\n jmp 1f\n .p2align 6\n"
                         "1: jae 2f\n lea 3(%[sum],%[i]), %[sum]\n"
                         "add $1, %[i]\n cmp %[end], %[i]\n jmp 1b\n"
                         "2: setae %[a]\n setbe %[b]\n setz %[z]\n"
                         : [i] "+r"(i), [sum] "+r"(sum), [a] "=&q"(a),
                           [b] "=&q"(b), [z] "=&q"(z)
                         : [end] "r"(end)
                         : "cc");
        printf("head-jae end %u: i %u sum %u ae %u be %u z %u\n", end, i, sum,
               a, b, z);
    }
}

/* SUB until it overflows (side exit JO), else the counter's CMP/JNE. */
static void test_sub_overflow(void)
{
    static const int32_t xs[] = { -2147483647 + 20, -2147483647 + 2, 100, 0 };
    static const int32_t ds[] = { 7, 1, -0x30000000, 0x7fffffff };
    for (unsigned a = 0; a < 4; a++) {
        for (unsigned b = 0; b < 4; b++) {
            int32_t x = xs[a], cnt = 0;
            uint32_t which;
            uintptr_t f;
            __asm__ volatile("jmp 1f\n .p2align 6\n"
                             "1: sub %[d], %[x]\n jo 2f\n inc %[cnt]\n"
                             "cmp $50, %[cnt]\n jne 1b\n"
                             "pushf\n pop %[f]\n mov $1, %[w]\n jmp 3f\n"
                             "2: pushf\n pop %[f]\n mov $2, %[w]\n 3:\n"
                             : [x] "+r"(x), [cnt] "+r"(cnt), [f] "=&r"(f),
                               [w] "=&r"(which)
                             : [d] "r"(ds[b])
                             : "cc");
            printf("sub-jo x %d d %d: exit %u x %d cnt %d flags %#lx\n", xs[a],
                   ds[b], which, x, cnt, fl(f, ARITH_FLAGS));
        }
    }
}

/* TEST of a memory byte as the exit condition, and an if inside the body:
 * a forward Jcc whose target is inside the loop. */
static void test_test_and_if(void)
{
    uint8_t buf[64];
    for (int k = 0; k < 64; k++) {
        buf[k] = (uint8_t)(k * 29 + 3);
    }
    static const uint32_t masks[] = { 0x80, 0x40, 0x01, 0x100 };
    for (unsigned m = 0; m < 4; m++) {
        uintptr_t i = 0;
        uint32_t which;
        uintptr_t f;
        __asm__ volatile("jmp 1f\n .p2align 6\n"
                         "1: test %[m], (%[buf],%[i])\n jnz 2f\n"
                         "add $1, %[i]\n cmp $63, %[i]\n jb 1b\n"
                         "pushf\n pop %[f]\n mov $1, %[w]\n jmp 3f\n"
                         "2: pushf\n pop %[f]\n mov $2, %[w]\n 3:\n"
                         : [i] "+r"(i), [f] "=&r"(f), [w] "=&r"(which)
                         : [m] "q"((uint8_t)masks[m]), [buf] "r"(buf)
                         : "cc", "memory");
        printf("test-byte mask %#x: exit %u i %lu flags %#lx\n", masks[m],
               which, (unsigned long)i, fl(f, LOGIC_FLAGS));
    }
    uintptr_t i = 0, sum = 0, odd = 0, t;
    uintptr_t f;
    __asm__ volatile("jmp 1f\n .p2align 6\n"
                     "1: movzbl (%[buf],%[i]), %k[t]\n test $1, %[t]\n jz 2f\n"
                     "add %[t], %[sum]\n inc %[odd]\n"
                     "2: add $1, %[i]\n cmp $64, %[i]\n jb 1b\n"
                     "pushf\n pop %[f]\n"
                     : [i] "+r"(i), [sum] "+r"(sum), [odd] "+r"(odd),
                       [t] "=&r"(t), [f] "=&r"(f)
                     : [buf] "r"(buf)
                     : "cc", "memory");
    printf("if-in-loop: i %lu sum %lu odd %lu flags %#lx\n", (unsigned long)i,
           (unsigned long)sum, (unsigned long)odd, fl(f, ARITH_FLAGS));
}

/* ---- 4. faults in a region loop ----------------------------------------- */

/* load_loop: AX += *SI (32 bits), SI += 4, CX-- until 0; the load is the
 * loop head, before any flag writer, so the flags at a fault are those of
 * the previous iteration (DEC's, with CF from the ADD).
 * store_loop: AX += 0x30000000 (CF on wrap), CX-- with a side exit at 0,
 * then the store *DI = AX and DI += 4 by LEA (flags kept): the fault is in
 * the middle of the body, after the side exit. */
__asm__(".text\n .p2align 6\n"
        ".globl load_loop\n load_loop:\n"
        ".globl load_insn\n load_insn:\n"
        "mov (" R(si) "), %ebx\n"
        "add $4, " R(si) "\n"
        "add %ebx, %eax\n"
        "dec %ecx\n"
        "jz 2f\n"
        "jmp load_loop\n"
        "2: ret\n"
        ".p2align 6\n"
        ".globl store_loop\n store_loop:\n"
        "add $0x30000000, %eax\n"
        "dec %ecx\n"
        "jz 2f\n"
        ".globl store_insn\n store_insn:\n"
        "mov %eax, (" R(di) ")\n"
        "lea 4(" R(di) "), " R(di) "\n"
        "jmp store_loop\n"
        "2: ret\n");

extern char load_insn[], store_insn[];

static char *pages;             /* two pages; the second one faults */
static sigjmp_buf fault_env;
static volatile int fixing;     /* the handler fixes the page and returns */
static volatile int fault_count;

static void segv_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)g[G_PC];
    const char *at = "?";
    uintptr_t off = 0;
    if (pc - (uintptr_t)load_insn < 64) {
        at = "load_insn";
        off = pc - (uintptr_t)load_insn;
    } else if (pc - (uintptr_t)store_insn < 64) {
        at = "store_insn";
        off = pc - (uintptr_t)store_insn;
    }
    fault_count++;
    printf("  sig %d at %s+%lu addr page+%ld ax %#lx bx %#lx cx %lu "
           "si page+%ld di page+%ld flags %#lx\n",
           sig, at, (unsigned long)off,
           (long)((uintptr_t)si->si_addr - (uintptr_t)pages),
           (unsigned long)(uint32_t)g[G_AX], (unsigned long)(uint32_t)g[G_BX],
           (unsigned long)(uint32_t)g[G_CX],
           (long)((uintptr_t)g[G_SI] - (uintptr_t)pages),
           (long)((uintptr_t)g[G_DI] - (uintptr_t)pages),
           fl((uintptr_t)g[REG_EFL], ARITH_FLAGS));
    if (fixing) {
        mprotect(pages + 4096, 4096, PROT_READ | PROT_WRITE);
        return;
    }
    siglongjmp(fault_env, 1);
}

struct loop_regs {
    uintptr_t ax, bx, cx, si, di, flags;
};

/* Calls load_loop or store_loop with the registers of r, and stores their
 * final values and flags back. */
#define CALL_LOOP(fn, r)                                                       \
    do {                                                                       \
        uintptr_t ax = (r)->ax, cx = (r)->cx, si = (r)->si, di = (r)->di;      \
        uintptr_t bx = 0;                                                      \
        __asm__ volatile("call " #fn "\n pushf\n pop %[f]\n"              \
                         : "+a"(ax), "+b"(bx), "+c"(cx), "+S"(si), "+D"(di),   \
                           [f] "=d"((r)->flags)                                 \
                         :                                                     \
                         : "cc", "memory");                                    \
        (r)->ax = ax;                                                          \
        (r)->bx = bx;                                                          \
        (r)->cx = cx;                                                          \
        (r)->si = si;                                                          \
        (r)->di = di;                                                          \
    } while (0)

static void print_loop_regs(const char *what, const struct loop_regs *r)
{
    printf("  %s done: ax %#lx bx %#lx cx %lu si page+%ld di page+%ld "
           "flags %#lx\n",
           what, (unsigned long)(uint32_t)r->ax, (unsigned long)(uint32_t)r->bx,
           (unsigned long)(uint32_t)r->cx, (long)(r->si - (uintptr_t)pages),
           (long)(r->di - (uintptr_t)pages), fl(r->flags, ARITH_FLAGS));
}

static void fill_pages(void)
{
    mprotect(pages, 2 * 4096, PROT_READ | PROT_WRITE);
    uint32_t *w = (uint32_t *)pages;
    for (int k = 0; k < 2 * 4096 / 4; k++) {
        w[k] = 0x90000001u + (uint32_t)k * 0x01010101u;
    }
}

static void test_faults(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    pages = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) {
        printf("mmap failed\n");
        return;
    }
    static const int ks[] = { 0, 1, 2, 7, 40 };
    for (unsigned k = 0; k < sizeof(ks) / sizeof(ks[0]); k++) {
        for (fixing = 0; fixing < 2; fixing++) {
            /* the load of iteration ks[k] is the first one in page 2 */
            struct loop_regs r = {
                .ax = 0x12345678, .cx = 100, .di = (uintptr_t)pages,
                .si = (uintptr_t)pages + 4096 - 4 * (uintptr_t)ks[k],
            };
            fill_pages();
            mprotect(pages + 4096, 4096, PROT_NONE);
            fault_count = 0;
            printf("load fault at iteration %d%s\n", ks[k],
                   fixing ? ", fixed" : "");
            if (sigsetjmp(fault_env, 1) == 0) {
                CALL_LOOP(load_loop, &r);
                print_loop_regs("load", &r);
            }
            printf("  faults %d\n", fault_count);

            /* the store of iteration ks[k] is the first one in page 2 */
            struct loop_regs s = {
                .ax = 0x0badf00d, .cx = 100, .si = (uintptr_t)pages,
                .di = (uintptr_t)pages + 4096 - 4 * (uintptr_t)ks[k],
            };
            fill_pages();
            mprotect(pages + 4096, 4096, PROT_READ);
            fault_count = 0;
            printf("store fault at iteration %d%s\n", ks[k],
                   fixing ? ", fixed" : "");
            if (sigsetjmp(fault_env, 1) == 0) {
                CALL_LOOP(store_loop, &s);
                print_loop_regs("store", &s);
            }
            mprotect(pages, 2 * 4096, PROT_READ | PROT_WRITE);
            uint32_t *w = (uint32_t *)(pages + 4096);
            printf("  faults %d page 2 words %#x %#x %#x\n", fault_count,
                   w[0], w[1], w[90]);
        }
    }
    fixing = 0;
    signal(SIGSEGV, SIG_DFL);
}

/* ---- 5. an asynchronous signal stops a region loop ---------------------- */

/* spin_mem: CX++ until *SI != 0.  spin_reg: AX++ until CX != 0, which only
 * the handler does, in the signal frame.  The counters move by LEA, so the
 * flags are those of a zero compare everywhere in the loops (the callers
 * set them so before the call). */
__asm__(".text\n .p2align 6\n"
        ".globl spin_mem\n spin_mem:\n"
        "lea 1(" R(cx) "), " R(cx) "\n"
        "cmpl $0, (" R(si) ")\n"
        "jne 2f\n"
        "jmp spin_mem\n"
        ".globl spin_mem_end\n spin_mem_end:\n"
        "2: ret\n"
        ".p2align 6\n"
        ".globl spin_reg\n spin_reg:\n"
        "lea 1(" R(ax) "), " R(ax) "\n"
        "test %ecx, %ecx\n"
        "jnz 2f\n"
        "jmp spin_reg\n"
        ".globl spin_reg_end\n spin_reg_end:\n"
        "2: ret\n");

extern char spin_mem[], spin_mem_end[], spin_reg[], spin_reg_end[];

static volatile int stop_flag;
static volatile int alarm_mode;      /* 0: set stop_flag, 1: set CX */
static volatile int alarms, alarm_in_loop;
static volatile uintptr_t alarm_flags;

static void arm_timer(void)
{
    struct itimerval it = { { 0, 0 }, { 0, 5000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

static void alarm_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)g[G_PC];
    (void)sig;
    (void)si;
    alarms++;
    int in_loop = alarm_mode == 0
                      ? pc >= (uintptr_t)spin_mem && pc < (uintptr_t)spin_mem_end
                      : pc >= (uintptr_t)spin_reg && pc < (uintptr_t)spin_reg_end;
    if (!in_loop && alarms < 400) {
        arm_timer(); /* not in the loop yet: try again */
        return;
    }
    alarm_in_loop = in_loop;
    alarm_flags = (uintptr_t)g[REG_EFL];
    if (alarm_mode == 0) {
        stop_flag = 1;
    } else {
        g[G_CX] = 1;
    }
}

static void test_async_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = alarm_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &sa, NULL);

    for (int round = 0; round < 2; round++) {
        alarm_mode = 0;
        stop_flag = 0;
        alarms = 0;
        alarm_in_loop = 0;
        arm_timer();
        uintptr_t cx = 0, si = (uintptr_t)&stop_flag;
        __asm__ volatile("cmp %%eax, %%eax\n call spin_mem\n"
                         : "+c"(cx), "+S"(si)
                         :
                         : "eax", "cc", "memory");
        printf("spin-mem: stopped, in loop %d flags %#lx\n", alarm_in_loop,
               fl(alarm_flags, ARITH_FLAGS));

        alarm_mode = 1;
        alarms = 0;
        alarm_in_loop = 0;
        arm_timer();
        uintptr_t ax = 0;
        cx = 0;
        __asm__ volatile("test %%ecx, %%ecx\n call spin_reg\n"
                         : "+a"(ax), "+c"(cx)
                         :
                         : "cc", "memory");
        printf("spin-reg: stopped, in loop %d cx %lu flags %#lx\n",
               alarm_in_loop, (unsigned long)cx, fl(alarm_flags, LOGIC_FLAGS));
    }
    signal(SIGALRM, SIG_IGN);
}

/* The same loops stopped by SIGUSR1 from a second thread (pthread_kill),
 * sent every millisecond until the handler has seen the loop. */
static pthread_t main_thread;
static volatile int kicker_done;

static void *kicker(void *arg)
{
    (void)arg;
    for (int k = 0; k < 2000 && !kicker_done; k++) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
        pthread_kill(main_thread, SIGUSR1);
    }
    return NULL;
}

static void usr1_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)g[G_PC];
    (void)sig;
    (void)si;
    int in_loop = alarm_mode == 0
                      ? pc >= (uintptr_t)spin_mem && pc < (uintptr_t)spin_mem_end
                      : pc >= (uintptr_t)spin_reg && pc < (uintptr_t)spin_reg_end;
    if (!in_loop || kicker_done) {
        return;
    }
    kicker_done = 1;
    alarm_in_loop = in_loop;
    alarm_flags = (uintptr_t)g[REG_EFL];
    if (alarm_mode == 0) {
        stop_flag = 1;
    } else {
        g[G_CX] = 1;
    }
}

static void test_thread_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = usr1_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    main_thread = pthread_self();

    for (int mode = 0; mode < 2; mode++) {
        pthread_t t;
        alarm_mode = mode;
        stop_flag = 0;
        kicker_done = 0;
        alarm_in_loop = 0;
        if (pthread_create(&t, NULL, kicker, NULL) != 0) {
            printf("pthread_create failed\n");
            return;
        }
        uintptr_t ax = 0, cx = 0, si = (uintptr_t)&stop_flag;
        if (mode == 0) {
            __asm__ volatile("cmp %%eax, %%eax\n call spin_mem\n"
                             : "+c"(cx), "+S"(si)
                             :
                             : "eax", "cc", "memory");
        } else {
            __asm__ volatile("test %%ecx, %%ecx\n call spin_reg\n"
                             : "+a"(ax), "+c"(cx)
                             :
                             : "cc", "memory");
        }
        kicker_done = 1;
        pthread_join(t, NULL);
        printf("thread-kill spin-%s: stopped, in loop %d flags %#lx\n",
               mode ? "reg" : "mem", alarm_in_loop,
               fl(alarm_flags, LOGIC_FLAGS));
    }
}

/* ---- 6. x87 and SSE in the body ----------------------------------------- */

/* sum += x while x <= sum + 10 (FCOMI); the side exit leaves x on the
 * stack above the sum, the fall-through exit only the sum. */
static void test_x87(void)
{
    static const int32_t sets[][8] = {
        { 20, 1, 2, 3, 4, 5, 6, 7 },
        { 5, 16, 2, 3, 4, 5, 6, 7 },
        { 1, 2, 3, 5, 9, 17, 40, 100 },
        { 1, 2, 3, 4, 5, 6, 7, 8 },
    };
    for (unsigned s = 0; s < 4; s++) {
        uintptr_t i = 0;
        int32_t sum = -1, x = -1;
        uint32_t which;
        uint16_t sw;
        uintptr_t f;
        static const int32_t ten = 10;
        __asm__ volatile("fldz\n jmp 1f\n .p2align 6\n"
                         "1: fildl (%[d],%[i],4)\n"
                         "fildl %[ten]\n fadd %%st(2), %%st\n"
                         "fcomip %%st(1), %%st\n"
                         "jb 2f\n"
                         "faddp\n add $1, %[i]\n cmp $8, %[i]\n jb 1b\n"
                         "pushf\n pop %[f]\n fistpl %[sum]\n mov $1, %[w]\n"
                         "jmp 3f\n"
                         "2: pushf\n pop %[f]\n fistpl %[x]\n fistpl %[sum]\n"
                         "mov $2, %[w]\n"
                         "3: fnstsw %[sw]\n"
                         : [i] "+r"(i), [sum] "=m"(sum), [x] "+m"(x),
                           [w] "=&r"(which), [f] "=&r"(f), [sw] "=m"(sw)
                         : [d] "r"(sets[s]), [ten] "m"(ten)
                         : "cc", "memory");
        printf("x87 set %u: exit %u i %lu sum %d x %d top %u flags %#lx\n", s,
               which, (unsigned long)i, sum, x, (sw >> 11) & 7,
               fl(f, ARITH_FLAGS));
    }
}

/* sum += x until sum > limit (JA) or sum is a NaN (JP): UCOMISD's flags at
 * both side exits. */
static void test_sse(void)
{
    static const double sets[][6] = {
        { 1.5, 2.5, 3.0, 4.0, 5.0, 6.0 },
        { 100.0, 1.0, 1.0, 1.0, 1.0, 1.0 },
        { 1.0, 1.0, __builtin_nan(""), 1.0, 1.0, 1.0 },
        { 0.25, 0.25, 0.25, 0.25, 0.25, 0.25 },
        { 1.0, 9.0, -1.0, 1.0, 1.0, 1.0 },
    };
    static const double limit = 10.0;
    for (unsigned s = 0; s < 5; s++) {
        uintptr_t i = 0;
        double sum;
        uint32_t which;
        uintptr_t f;
        __asm__ volatile("xorpd %%xmm0, %%xmm0\n movsd %[lim], %%xmm2\n"
                         "jmp 1f\n .p2align 6\n"
                         "1: movsd (%[d],%[i],8), %%xmm1\n"
                         "addsd %%xmm1, %%xmm0\n ucomisd %%xmm2, %%xmm0\n"
                         "jp 3f\n ja 2f\n"
                         "add $1, %[i]\n cmp $6, %[i]\n jb 1b\n"
                         "pushf\n pop %[f]\n mov $1, %[w]\n jmp 4f\n"
                         "2: pushf\n pop %[f]\n mov $2, %[w]\n jmp 4f\n"
                         "3: pushf\n pop %[f]\n mov $3, %[w]\n"
                         "4: movsd %%xmm0, %[sum]\n"
                         : [i] "+r"(i), [sum] "=m"(sum), [w] "=&r"(which),
                           [f] "=&r"(f)
                         : [d] "r"(sets[s]), [lim] "m"(limit)
                         : "xmm0", "xmm1", "xmm2", "cc", "memory");
        uint64_t bits;
        memcpy(&bits, &sum, sizeof(bits));
        printf("sse set %u: exit %u i %lu sum %#llx flags %#lx\n", s, which,
               (unsigned long)i, (unsigned long long)bits, fl(f, ARITH_FLAGS));
    }
}

/* A loop that pushes one x87 register per iteration, so every iteration
 * starts with another stack shape: with a JAE side exit and a JMP back
 * edge (a region), or a JB back edge; then a loop that pops them. */
#define X87_PUSH_FN(name, back)                                                \
    static void name(const int32_t *d, int32_t *o, uintptr_t n, uint16_t *sw) \
    {                                                                          \
        uintptr_t i = 0;                                                       \
        __asm__ volatile("jmp 1f\n .p2align 6\n"                               \
                         "1: fildl (%[d],%[i],4)\n add $1, %[i]\n"             \
                         "cmp %[n], %[i]\n" back                               \
                         "2: fnstsw (%[sw])\n xor %[i], %[i]\n"                \
                         "jmp 3f\n .p2align 6\n"                               \
                         "3: fistpl (%[o],%[i],4)\n add $1, %[i]\n"            \
                         "cmp %[n], %[i]\n jb 3b\n"                            \
                         "fnstsw 2(%[sw])\n"                                   \
                         : [i] "+r"(i)                                         \
                         : [d] "r"(d), [o] "r"(o), [n] "r"(n), [sw] "r"(sw)    \
                         : "cc", "memory");                                    \
    }

X87_PUSH_FN(x87_push_region, "jae 2f\n jmp 1b\n")
X87_PUSH_FN(x87_push_jcc, "jb 1b\n")

static void test_x87_push_loops(void)
{
    static const int32_t d[8] = { 11, -22, 33, -44, 55, -66, 77, -88 };
    static const uintptr_t ns[] = { 1, 2, 5, 8 };
    for (int f = 0; f < 2; f++) {
        for (unsigned k = 0; k < 4; k++) {
            int32_t o[8] = { 0 };
            uint16_t sw[2];
            (f ? x87_push_jcc : x87_push_region)(d, o, ns[k], sw);
            printf("x87-push-%s n %lu: top %u then %u, popped", f ? "jcc" : "region",
                   (unsigned long)ns[k], (sw[0] >> 11) & 7, (sw[1] >> 11) & 7);
            for (unsigned j = 0; j < ns[k]; j++) {
                printf(" %d", o[j]);
            }
            printf("\n");
        }
    }
}

/* ---- self-modifying code in a region loop ------------------------------- */

/* Copied to a writable and executable page.  smc_later: each iteration
 * adds the ADD's immediate to AX, then stores DX there for the next
 * iteration.  smc_sooner: the store comes first, so the ADD right after it
 * in the same iteration must see the new immediate.  DI = the immediate. */
__asm__(".text\n .p2align 6\n"
        ".globl smc_code\n smc_code:\n"
        ".globl smc_later\n smc_later:\n"
        ".byte 0x05\n .globl smc_later_imm\n smc_later_imm: .long 1\n"
        "mov %edx, (" R(di) ")\n"
        "add $1, %edx\n dec %ecx\n jz 2f\n jmp smc_later\n"
        "2: ret\n"
        ".p2align 5\n"
        ".globl smc_sooner\n smc_sooner:\n"
        "mov %edx, (" R(di) ")\n"
        ".byte 0x05\n .globl smc_sooner_imm\n smc_sooner_imm: .long 1\n"
        "add $1, %edx\n dec %ecx\n jz 2f\n jmp smc_sooner\n"
        "2: ret\n"
        ".globl smc_code_end\n smc_code_end:\n");

extern char smc_code[], smc_code_end[], smc_later[], smc_later_imm[],
    smc_sooner[], smc_sooner_imm[];

static void test_smc(void)
{
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        printf("mmap rwx failed\n");
        return;
    }
    static const uintptr_t ns[] = { 1, 2, 3, 50 };
    for (int f = 0; f < 2; f++) {
        for (unsigned k = 0; k < 4; k++) {
            memcpy(page, smc_code, (size_t)(smc_code_end - smc_code));
            char *fn = page + ((f ? smc_sooner : smc_later) - smc_code);
            char *imm = page + ((f ? smc_sooner_imm : smc_later_imm) - smc_code);
            uintptr_t ax = 0, cx = ns[k], dx = 100, di = (uintptr_t)imm;
            __asm__ volatile("call *%[fn]"
                             : "+a"(ax), "+c"(cx), "+d"(dx), "+D"(di)
                             : [fn] "r"(fn)
                             : "cc", "memory");
            uint32_t now;
            memcpy(&now, imm, sizeof(now));
            printf("smc-%s n %lu: ax %lu dx %lu imm %u\n", f ? "sooner" : "later",
                   (unsigned long)ns[k], (unsigned long)(uint32_t)ax,
                   (unsigned long)(uint32_t)dx, now);
        }
    }
    munmap(page, 4096);
}

/* ---- loop shapes at the edges of the region scan ----------------------- */

/* The back edge K + 2 instructions after the side exit's Jcc: the scan
 * looks 16 instructions ahead. */
#define SCAN_FN(name, k)                                                       \
    static uint32_t name(uint32_t n, uintptr_t *f)                             \
    {                                                                          \
        uint32_t i = 0, sum = 0;                                               \
        __asm__ volatile("jmp 1f\n .p2align 6\n"                               \
                         "1: add $1, %[i]\n cmp %[n], %[i]\n ja 2f\n"          \
                         "add %[i], %[sum]\n .rept " #k "\n nop\n .endr\n"     \
                         "jmp 1b\n 2: pushf\n pop %[f]\n"                      \
                         : [i] "+r"(i), [sum] "+r"(sum), [f] "=&r"(*f)         \
                         : [n] "r"(n)                                          \
                         : "cc");                                              \
        return sum + i * 1000;                                                 \
    }

SCAN_FN(scan_13, 13)
SCAN_FN(scan_14, 14)
SCAN_FN(scan_15, 15)
SCAN_FN(scan_16, 16)

static void test_scan_edges(void)
{
    static const struct {
        const char *name;
        uint32_t (*fn)(uint32_t, uintptr_t *);
    } fns[] = {
        { "scan-13", scan_13 }, { "scan-14", scan_14 },
        { "scan-15", scan_15 }, { "scan-16", scan_16 },
    };
    for (unsigned f = 0; f < 4; f++) {
        for (uint32_t n = 0; n < 40; n += 13) {
            uintptr_t fr;
            uint32_t r = fns[f].fn(n, &fr);
            printf("%s n %u: %u flags %#lx\n", fns[f].name, n, r,
                   fl(fr, ARITH_FLAGS));
        }
    }
}

/* LOOP as the back edge (the scan gives up on it), and REP STOSB with a
 * count of 0 to 3 in a region body. */
static void test_loop_insn_and_rep(void)
{
    for (uintptr_t n = 1; n < 40; n += 9) {
        uintptr_t cx = n, sum = 0, f;
        uint32_t which;
        __asm__ volatile("jmp 1f\n .p2align 6\n"
                         "1: add %[cx], %[sum]\n cmp $100, %[sum]\n ja 2f\n"
                         "loop 1b\n"
                         "pushf\n pop %[f]\n mov $1, %[w]\n jmp 3f\n"
                         "2: pushf\n pop %[f]\n mov $2, %[w]\n 3:\n"
                         : [cx] "+c"(cx), [sum] "+r"(sum), [f] "=&r"(f),
                           [w] "=&r"(which)
                         :
                         : "cc");
        printf("loop-insn n %lu: exit %u cx %lu sum %lu flags %#lx\n",
               (unsigned long)n, which, (unsigned long)cx,
               (unsigned long)sum, fl(f, ARITH_FLAGS));
    }
    for (uint32_t n = 1; n < 30; n += 7) {
        uint8_t buf[128];
        memset(buf, 0xee, sizeof(buf));
        uintptr_t di = (uintptr_t)buf, cx, f;
        uint32_t ax = 0, i = 0;
        __asm__ volatile("jmp 1f\n .p2align 6\n"
                         "1: mov %[i], %%ecx\n and $3, %%ecx\n rep stosb\n"
                         "add $1, %[i]\n cmp %[n], %[i]\n je 2f\n"
                         "add $0x11, %%al\n jmp 1b\n"
                         "2: pushf\n pop %[f]\n"
                         : "+a"(ax), "+D"(di), "=&c"(cx), [i] "+r"(i),
                           [f] "=&r"(f)
                         : [n] "r"(n)
                         : "cc", "memory");
        unsigned long h = 0;
        for (int k = 0; k < 128; k++) {
            h = h * 33 + buf[k];
        }
        printf("rep-stos n %u: i %u al %#x di buf+%ld hash %lx flags %#lx\n",
               n, i, ax & 0xff, (long)(di - (uintptr_t)buf), h,
               fl(f, ARITH_FLAGS));
    }
}

/* ---- 7. a call in the body ---------------------------------------------- */

/* add_byte: AX += the byte at SI + CX; leaves INC's flags on DX. */
__asm__(".text\n .p2align 4\n"
        ".globl add_byte\n add_byte:\n"
        "movzbl (" R(si) "," R(cx) "), %edx\n"
        "add %edx, %eax\n"
        "inc %edx\n"
        "ret\n");

/* noinline: main keeps a frame pointer on i386 (stack realignment),
 * and these loops need all the other registers. */
__attribute__((noinline)) static void test_call_in_body(void)
{
    uint8_t buf[64];
    for (int k = 0; k < 64; k++) {
        buf[k] = (uint8_t)(k * 53 + 1);
    }
    static const uint32_t limits[] = { 0, 60, 1000, 100000 };
    for (unsigned l = 0; l < 4; l++) {
        /* the call before the side exit: the region scan never starts */
        uint32_t lim = limits[l];
        uintptr_t cx = 0, dx, si = (uintptr_t)buf;
        uint32_t ax = 0, which;
        uintptr_t f;
        __asm__ volatile("jmp 1f\n .p2align 6\n"
                         "1: call add_byte\n cmp %[lim], %%eax\n ja 2f\n"
                         "add $1, %[cx]\n cmp $64, %[cx]\n jb 1b\n"
                         "pushf\n pop %[f]\n movl $1, %[w]\n jmp 3f\n"
                         "2: pushf\n pop %[f]\n movl $2, %[w]\n 3:\n"
                         : "+a"(ax), [cx] "+c"(cx), "=&d"(dx), "+S"(si),
                           [f] "=&r"(f), [w] "=m"(which)
                         : [lim] "m"(lim)
                         : "cc", "memory");
        printf("call-first lim %u: exit %u ax %u cx %lu flags %#lx\n",
               limits[l], which, ax, (unsigned long)cx, fl(f, ARITH_FLAGS));

        /* the call after the side exit: the scan meets it and gives up */
        cx = 0;
        ax = 0;
        __asm__ volatile("jmp 1f\n .p2align 6\n"
                         "1: cmp %[lim], %%eax\n ja 2f\n call add_byte\n"
                         "add $1, %[cx]\n cmp $64, %[cx]\n jb 1b\n"
                         "pushf\n pop %[f]\n movl $1, %[w]\n jmp 3f\n"
                         "2: pushf\n pop %[f]\n movl $2, %[w]\n 3:\n"
                         : "+a"(ax), [cx] "+c"(cx), "=&d"(dx), "+S"(si),
                           [f] "=&r"(f), [w] "=m"(which)
                         : [lim] "m"(lim)
                         : "cc", "memory");
        printf("call-after lim %u: exit %u ax %u cx %lu dx %lu flags %#lx\n",
               limits[l], which, ax, (unsigned long)cx, (unsigned long)dx,
               fl(f, ARITH_FLAGS));
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_multi_exits();
    test_carry_chain();
    test_inc_dec_keep_cf();
    test_dec_first();
    test_head_reads_flags();
    test_sub_overflow();
    test_test_and_if();
    test_faults();
    test_async_stop();
    test_thread_stop();
    test_x87();
    test_x87_push_loops();
    test_sse();
    test_smc();
    test_scan_edges();
    test_loop_insn_and_rep();
    test_call_in_body();
    return 0;
}
