/*
 * loop-regions.c: PowerPC loops whose body mimic translates as one
 * self-looping block (a "loop region": a forward bc whose fall-through
 * path branches back to the block's first instruction within 16
 * instructions becomes a side exit, and translation goes on along the
 * loop).  Every case prints what a wrong side exit, back edge or restored
 * state would change: which exit was taken, the registers, CR (mfcr) and
 * XER right at the exit target and after the loop, and what a signal
 * handler sees in its ucontext.
 *
 *  1. middle exits (cmplw + bgt, fused compare and branch) taken at
 *     iteration 0, 1 and many, the fall-through exit, 1, 2, 4, 5 and 6
 *     exits in one body (more than the 4 side exits a block can have),
 *     with bc and with b as the back edge; a bounded strlen loop
 *     (cmplw/beq out; lbzu; cmpwi; bne top);
 *  2. CR fields read at the exit target (mfcr, cror/crand/crnor on the
 *     fields, bc on the same fields) and after the loop: cmpw (signed),
 *     cmplw (unsigned), add. and and. (cr0), compares into cr1, cr5, cr6,
 *     cr7, fields the body never wrote still holding their initial value,
 *     with XER[SO] clear and set by addo. before the loop;
 *  3. a bdnz back edge with a middle exit, fused (cmplw + bgt) and not (a
 *     load between them, ALU instructions between them, one writing the
 *     compared register): the exit sees the CTR decremented once per
 *     completed iteration;
 *  4. SIGSEGV at iteration k > 0 on a load at the loop head and on a store
 *     after the side exit: the handler prints the faulting instruction (as
 *     an offset from a label), GPRs, CR, XER and CTR from the ucontext,
 *     then leaves with siglongjmp; or makes the page writable and returns,
 *     and the loop goes on;
 *  5. SIGALRM stopping an endless region loop through a volatile flag, or
 *     by changing r3 (the loop's compare operand) in the signal frame;
 *  6. a call (bl) in the body and a system call (sc) in the body: no
 *     region, still correct; the back edge 15, 16 and 17 instructions
 *     after the exit (the region scan looks 16 ahead).
 *
 * Which cases form regions (checked with mimic-ppc -d in_asm,op_opt: the
 * block at the loop head goes on past its forward bcs and ends with the
 * back edge; the side exits' goto_tb (slot 1 when the back edge is a b)
 * or goto_ptr (when a bc back edge uses both slots) come after it):
 * 1 (every multi-exit function: at most 4 side exits, the 5th exit bc
 * ends the block as usual; strlen), 2, 3 (all four loops), 4 (both
 * loops), 5 (both loops), and the back edge 15 and 16 instructions after
 * the exit in 6; not the bl, sc and 17-instruction loops of 6.
 *
 * The oracle is qemu-ppc (loop-regions.expected, reviewed by hand).
 *
 * CFLAGS: -O2
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/ptrace.h>

/* a distinct value in each field; cr7 (EQ SO) is not what a back edge
 * compare leaves (LT) */
#define CR_INIT 0x12345673u
#define CR_CLOBBER "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"
/* XER: SO OV CA and the byte count */
#define XER_MASK 0xe000007fu

/* ---- 1. middle exits ---------------------------------------------------- */

/* Exit k (label 2k) when the running sum passes limit k, compared in a
 * CR field of its own. */
#define EXIT(k, f) "cmplw " #f ",%[sum],%[l" #k "]\n\tbgt " #f ",2" #k "f\n\t"
#define TARGET(k)                                                              \
    "2" #k ":\n\tli %[ex]," #k "\n\tmfcr %[crx]\n\tb 8f\n\t"
#define BACK_BC "cmplw 7,%[i],%[n]\n\tblt 7,1b\n\t"
#define BACK_B "cmplw 7,%[i],%[n]\n\tbge 7,9f\n\tb 1b\n\t"

/* The b before the loop ends the block there, so the block at the head is
 * a region from iteration 0 on. */
#define MULTI_EXIT_FN(name, exits, targets, back)                              \
    static void name(const uint8_t *buf, const uint32_t *l, uint32_t n,       \
                     uint32_t *io)                                             \
    {                                                                          \
        uint32_t i = io[0], sum = io[1], t, ex, crx, cra;                      \
        asm volatile("mtcrf 0xff,%[crinit]\n\tb 1f\n\t.p2align 5\n"               \
                     "1:\tlbzx %[t],%[buf],%[i]\n\t"                           \
                     "add %[sum],%[sum],%[t]\n\t" exits                        \
                     "addi %[i],%[i],1\n\t" back                               \
                     "9:\tli %[ex],9\n\tmfcr %[crx]\n\tb 8f\n\t" targets       \
                     "8:\tmfcr %[cra]\n\t"                                     \
                     : [i] "+&r"(i), [sum] "+&r"(sum), [t] "=&r"(t),           \
                       [ex] "=&r"(ex), [crx] "=&r"(crx), [cra] "=&r"(cra)      \
                     : [buf] "b"(buf), [n] "r"(n), [l0] "r"(l[0]),             \
                       [l1] "r"(l[1]), [l2] "r"(l[2]), [l3] "r"(l[3]),         \
                       [l4] "r"(l[4]), [l5] "r"(l[5]), [crinit] "r"(CR_INIT)      \
                     : CR_CLOBBER, "memory");                                  \
        io[0] = i;                                                             \
        io[1] = sum;                                                           \
        io[2] = ex;                                                            \
        io[3] = crx;                                                           \
        io[4] = cra;                                                           \
    }

#define EXITS1 EXIT(0, 1)
#define EXITS2 EXITS1 EXIT(1, 6)
#define EXITS4 EXITS2 EXIT(2, 0) EXIT(3, 5)
#define EXITS5 EXITS4 EXIT(4, 1)
#define EXITS6 EXITS5 EXIT(5, 6)
#define TARGETS1 TARGET(0)
#define TARGETS2 TARGETS1 TARGET(1)
#define TARGETS4 TARGETS2 TARGET(2) TARGET(3)
#define TARGETS5 TARGETS4 TARGET(4)
#define TARGETS6 TARGETS5 TARGET(5)

MULTI_EXIT_FN(multi1_bc, EXITS1, TARGETS1, BACK_BC)
MULTI_EXIT_FN(multi1_b, EXITS1, TARGETS1, BACK_B)
MULTI_EXIT_FN(multi2_bc, EXITS2, TARGETS2, BACK_BC)
MULTI_EXIT_FN(multi2_b, EXITS2, TARGETS2, BACK_B)
MULTI_EXIT_FN(multi4_bc, EXITS4, TARGETS4, BACK_BC)
MULTI_EXIT_FN(multi4_b, EXITS4, TARGETS4, BACK_B)
MULTI_EXIT_FN(multi5_bc, EXITS5, TARGETS5, BACK_BC)
MULTI_EXIT_FN(multi5_b, EXITS5, TARGETS5, BACK_B)
MULTI_EXIT_FN(multi6_bc, EXITS6, TARGETS6, BACK_BC)
MULTI_EXIT_FN(multi6_b, EXITS6, TARGETS6, BACK_B)

typedef void multi_fn(const uint8_t *, const uint32_t *, uint32_t,
                      uint32_t *);

#define NO_LIMIT 0xffffffffu

static uint8_t bytes[256];

/* One run: exits[k] = the iteration at which exit k's limit is passed
 * (-1: never); the loop runs from index 3 to index 3 + n. */
static void multi_run(const char *name, multi_fn *fn, int nexits,
                      const int *exits, uint32_t n)
{
    uint32_t start = 3, sum0 = 1000, lim[6], io[5];
    for (int k = 0; k < 6; k++) {
        lim[k] = NO_LIMIT;
        if (k < nexits && exits[k] >= 0) {
            /* passed when buf[start + exits[k]] is added */
            uint32_t s = sum0;
            for (int j = 0; j < exits[k]; j++) {
                s += bytes[start + j];
            }
            lim[k] = s + bytes[start + exits[k]] / 2;
        }
    }
    io[0] = start;
    io[1] = sum0;
    io[2] = 77;
    fn(bytes, lim, start + n, io);
    printf("%s exits", name);
    for (int k = 0; k < nexits; k++) {
        printf(" %d", exits[k]);
    }
    printf(" n %u: exit %u i %u sum %u cr %08x after %08x\n", n, io[2],
           io[0], io[1], io[3], io[4]);
}

static void test_multi_exits(void)
{
    static const struct {
        const char *name;
        multi_fn *fn;
        int nexits;
    } fns[] = {
        { "multi1-bc", multi1_bc, 1 }, { "multi1-b", multi1_b, 1 },
        { "multi2-bc", multi2_bc, 2 }, { "multi2-b", multi2_b, 2 },
        { "multi4-bc", multi4_bc, 4 }, { "multi4-b", multi4_b, 4 },
        { "multi5-bc", multi5_bc, 5 }, { "multi5-b", multi5_b, 5 },
        { "multi6-bc", multi6_bc, 6 }, { "multi6-b", multi6_b, 6 },
    };
    for (int k = 0; k < 256; k++) {
        bytes[k] = (uint8_t)(1 + (k * 37) % 251);
    }
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

/* A bounded strlen: the exit at end (p == end) is the side exit, the NUL
 * the loop's fall-through exit. */
static void strlen_run(const char *s, uint32_t max)
{
    const char *p = s - 1, *end = s - 1 + max;
    uint32_t c, ex, cr;
    asm volatile("mtcrf 0xff,%[crinit]\n\tb 1f\n\t.p2align 5\n"
                 "1:\tcmplw %[p],%[end]\n\tbeq 2f\n\t"
                 "lbzu %[c],1(%[p])\n\tcmpwi 1,%[c],0\n\tbne 1,1b\n\t"
                 "li %[ex],0\n\tb 3f\n"
                 "2:\tli %[ex],1\n"
                 "3:\tmfcr %[cr]\n\t"
                 : [p] "+b"(p), [c] "=&r"(c), [ex] "=&r"(ex), [cr] "=&r"(cr)
                 : [end] "r"(end), [crinit] "r"(CR_INIT)
                 : CR_CLOBBER, "memory");
    printf("strlen \"%s\" max %u: %s len %d cr %08x\n", s, max,
           ex ? "limit" : "nul", (int)(p - s), cr);
}

/* ---- 2. CR fields across the side exit ---------------------------------- */

/*
 * Exits: 1 add. (cr0) when v + bias == 0, 2 cmpw (cr1) when v > ls
 * signed, 3 cmplw (cr6) when v > lu unsigned, 4 and. (cr0) when v & mask;
 * the back edge compares into cr7.  At the exit target: mfcr, then cror,
 * crand and crnor into cr5 and mfcr again, then bc on the fields of the
 * exits into a bit mask.  xer_in: the value addo. adds to itself before
 * the loop (0x7fffffff sets SO and OV).
 */
struct crs {
    uint32_t i, ex, crx, cry, bits, cra, xer;
};

static void cr_loop(const int32_t *a, uint32_t n, int32_t bias, int32_t ls,
                    uint32_t lu, uint32_t mask, uint32_t xer_in,
                    struct crs *r)
{
    const int32_t *p = a - 1;
    uint32_t i = 0, v, t, ex, crx, cry, bits = 0, cra, xer;
    asm volatile(
        "li %[t],0\n\tmtxer %[t]\n\taddo. %[t],%[x],%[x]\n\t"
        "mtcrf 0xff,%[crinit]\n\tb 1f\n\t.p2align 5\n"
        "1:\tlwzu %[v],4(%[p])\n\t"
        "add. %[t],%[v],%[bias]\n\tbeq 21f\n\t"
        "cmpw 1,%[v],%[ls]\n\tbgt 1,22f\n\t"
        "cmplw 6,%[v],%[lu]\n\tbgt 6,23f\n\t"
        "and. %[t],%[v],%[mask]\n\tbne 24f\n\t"
        "addi %[i],%[i],1\n\t"
        "cmplw 7,%[i],%[n]\n\tblt 7,1b\n\t"
        "li %[ex],9\n\tb 7f\n"
        "21:\tli %[ex],1\n\tb 7f\n"
        "22:\tli %[ex],2\n\tb 7f\n"
        "23:\tli %[ex],3\n\tb 7f\n"
        "24:\tli %[ex],4\n"
        "7:\tmfcr %[crx]\n\t"
        "cror 20,5,25\n\t"  /* cr5.lt = cr1.gt | cr6.gt */
        "crand 21,2,28\n\t" /* cr5.gt = cr0.eq & cr7.lt */
        "crnor 22,7,7\n\t"  /* cr5.eq = !cr1.so */
        "mfcr %[cry]\n\t"
        "bng 1,5f\n\tori %[bits],%[bits],1\n"
        "5:\tbns 6,5f\n\tori %[bits],%[bits],2\n"
        "5:\tbne 0,5f\n\tori %[bits],%[bits],4\n"
        "5:\tbnl 7,5f\n\tori %[bits],%[bits],8\n"
        "5:\tbns 0,5f\n\tori %[bits],%[bits],16\n"
        "5:\tmfcr %[cra]\n\tmfxer %[xer]\n\t"
        "li %[t],0\n\tmtxer %[t]\n\t"
        : [p] "+b"(p), [i] "+&r"(i), [v] "=&r"(v), [t] "=&r"(t),
          [ex] "=&r"(ex), [crx] "=&r"(crx), [cry] "=&r"(cry),
          [bits] "+&r"(bits), [cra] "=&r"(cra), [xer] "=&r"(xer)
        : [n] "r"(n), [bias] "r"(bias), [ls] "r"(ls), [lu] "r"(lu),
          [mask] "r"(mask), [x] "r"(xer_in), [crinit] "r"(CR_INIT)
        : CR_CLOBBER, "xer", "memory");
    *r = (struct crs){ i, ex, crx, cry, bits, cra, xer & XER_MASK };
}

static void test_cr_fields(void)
{
    /* fillers 1..50; the specials hit one exit each: -5 the add. one
     * (bias 5), 5000 the signed one (ls 1000), 0x90000000 the unsigned one
     * (lu 0x80000000; it is negative, so not above ls), 0x100 the and.
     * one (mask 0x100) */
    static const struct {
        const char *name;
        int32_t special;
    } kinds[] = {
        { "none", 1 },
        { "add.", -5 },
        { "cmpw", 5000 },
        { "cmplw", (int32_t)0x90000000u },
        { "and.", 0x100 },
    };
    static const int when[] = { 0, 1, 17 };
    int32_t a[40];
    for (unsigned s = 0; s < 2; s++) {
        uint32_t xer_in = s ? 0x7fffffffu : 1;
        for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
            for (unsigned w = 0; w < 3; w++) {
                struct crs r;
                for (int j = 0; j < 40; j++) {
                    a[j] = 1 + (j * 13) % 50;
                }
                a[when[w]] = kinds[k].special;
                cr_loop(a, 40, 5, 1000, 0x80000000u, 0x100, xer_in, &r);
                printf("cr %s so %u at %d: exit %u i %u cr %08x %08x bits "
                       "%02x after %08x xer %08x\n",
                       kinds[k].name, s, when[w], r.ex, r.i, r.crx, r.cry,
                       r.bits, r.cra, r.xer);
                if (k == 0) {
                    break; /* no special: one run is enough */
                }
            }
        }
    }
    /* a negative limit: cmpw and cmplw disagree on every filler */
    struct crs r;
    int32_t b[8] = { 3, 4, 5, 6, 7, 8, 9, 10 };
    cr_loop(b, 8, 5, -1, 0x7fffffffu, 0, 1, &r);
    printf("cr ls -1: exit %u i %u cr %08x %08x bits %02x after %08x\n",
           r.ex, r.i, r.crx, r.cry, r.bits, r.cra);
    cr_loop(b, 8, 5, 1000, 5, 0, 0x7fffffffu, &r);
    printf("cr lu 5: exit %u i %u cr %08x %08x bits %02x after %08x xer "
           "%08x\n",
           r.ex, r.i, r.crx, r.cry, r.bits, r.cra, r.xer);
}

/* ---- 3. bdnz back edge --------------------------------------------------- */

/* Sum words until the sum passes lim (exit 1) or CTR runs out (exit 9);
 * unfused: a load between the compare and its bc. */
#define CTR_LOOP_FN(name, between)                                             \
    static void name(const uint32_t *a, uint32_t n, uint32_t lim,             \
                     uint32_t *io)                                             \
    {                                                                          \
        const uint32_t *p = a - 1;                                             \
        uint32_t i = 0, sum = 0, v, t, ex, ctr, cr;                            \
        asm volatile("mtctr %[n]\n\tmtcrf 0xff,%[crinit]\n\tb 1f\n\t"             \
                     ".p2align 5\n"                                            \
                     "1:\tlwzu %[v],4(%[p])\n\tadd %[sum],%[sum],%[v]\n\t"     \
                     "cmplw 1,%[sum],%[lim]\n\t" between "bgt 1,2f\n\t"        \
                     "addi %[i],%[i],1\n\tbdnz 1b\n\t"                         \
                     "li %[ex],9\n\tb 3f\n"                                    \
                     "2:\tli %[ex],1\n"                                        \
                     "3:\tmfctr %[ctr]\n\tmfcr %[cr]\n\t"                      \
                     : [p] "+b"(p), [i] "+&r"(i), [sum] "+&r"(sum),            \
                       [v] "=&r"(v), [t] "=&r"(t), [ex] "=&r"(ex),             \
                       [ctr] "=&r"(ctr), [cr] "=&r"(cr)                        \
                     : [n] "r"(n), [lim] "r"(lim), [crinit] "r"(CR_INIT)          \
                     : CR_CLOBBER, "ctr", "memory");                           \
        (void)t;                                                               \
        io[0] = i;                                                             \
        io[1] = sum;                                                           \
        io[2] = ex;                                                            \
        io[3] = ctr;                                                           \
        io[4] = cr;                                                            \
    }

CTR_LOOP_FN(ctr_fused, "")
CTR_LOOP_FN(ctr_unfused, "lwz %[t],0(%[p])\n\t")
/* fused across ALU instructions that leave the operands alone */
CTR_LOOP_FN(ctr_alu, "addi %[t],%[sum],1\n\trlwinm %[t],%[t],2,0,29\n\t")
/* not fused: sum changes between the compare and the bc */
CTR_LOOP_FN(ctr_alu_operand, "addi %[sum],%[sum],1\n\t")

static void test_ctr_loops(void)
{
    uint32_t a[50], io[5];
    for (int j = 0; j < 50; j++) {
        a[j] = 10 + j;
    }
    static const struct {
        uint32_t n, lim;
    } runs[] = {
        { 1, 1000 }, { 7, 1000 }, { 50, 100000 }, /* CTR runs out */
        { 50, 5 },                                /* exit at iteration 0 */
        { 50, 15 },                               /* 1 */
        { 50, 500 },
        { 20, 200 }, { 20, 289 },                 /* many */
        { 20, 380 }, { 20, 390 }, /* the last iteration; none (sum 390) */
    };
    static const struct {
        const char *name;
        void (*fn)(const uint32_t *, uint32_t, uint32_t, uint32_t *);
    } fns[] = {
        { "fused", ctr_fused },
        { "unfused", ctr_unfused },
        { "alu", ctr_alu },
        { "alu-operand", ctr_alu_operand },
    };
    for (unsigned f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
        for (unsigned r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
            fns[f].fn(a, runs[r].n, runs[r].lim, io);
            printf("ctr %s n %u lim %u: exit %u i %u sum %u ctr %u cr %08x\n",
                   fns[f].name, runs[r].n, runs[r].lim, io[2], io[0], io[1],
                   io[3], io[4]);
        }
    }
}

/* ---- 4. SIGSEGV in a region body ----------------------------------------- */

/*
 * seg_load_loop(p, n, lim, cr): sums the words after p until the sum
 * passes lim (returns it) or n words are done (returns -1); the load is
 * the loop head.  seg_store_loop(src, dst, lim, n, cr): copies words from
 * after src to after dst likewise, the store after the side exit.  Both
 * set cr0, cr1, cr5-cr7 from cr first (cr2-cr4 belong to the caller), and
 * set XER[CA] with addic on each word.
 */
uint32_t seg_load_loop(const uint32_t *p, uint32_t n, uint32_t lim,
                       uint32_t cr);
uint32_t seg_store_loop(const uint32_t *src, uint32_t *dst, uint32_t lim,
                        uint32_t n, uint32_t cr);
extern const char seg_load_insn[], seg_store_insn[];

asm(".text\n"
    ".globl seg_load_loop\n"
    ".type seg_load_loop,@function\n"
    "seg_load_loop:\n"
    "\tmtcrf 0xc7,6\n\tmtctr 4\n\tli 6,0\n\tli 7,0\n\tb 1f\n"
    "\t.p2align 5\n"
    "1:\n"
    ".globl seg_load_insn\n"
    "seg_load_insn:\n"
    "\tlwzu 8,4(3)\n"
    "\tadd 6,6,8\n"
    "\taddic 9,8,-3\n"
    "\tcmplw 1,6,5\n\tbgt 1,2f\n"
    "\taddi 7,7,1\n"
    "\tcmplw 7,7,4\n\tblt 7,1b\n"
    "\tli 3,-1\n\tblr\n"
    "2:\tmr 3,6\n\tblr\n"
    ".size seg_load_loop,.-seg_load_loop\n"
    ".globl seg_store_loop\n"
    ".type seg_store_loop,@function\n"
    "seg_store_loop:\n"
    "\tmtcrf 0xc7,7\n\tmtctr 6\n\tli 7,0\n\tb 1f\n"
    "\t.p2align 5\n"
    "1:\tlwzu 8,4(3)\n"
    "\tadd 7,7,8\n"
    "\taddic 9,8,-3\n"
    "\tcmplw 1,7,5\n\tbgt 1,2f\n"
    ".globl seg_store_insn\n"
    "seg_store_insn:\n"
    "\tstwu 8,4(4)\n"
    "\tcmpwi 6,8,20\n"
    "\tbdnz 1b\n"
    "\tli 3,-1\n\tblr\n"
    "2:\tmr 3,7\n\tblr\n"
    ".size seg_store_loop,.-seg_store_loop\n");

static sigjmp_buf seg_jmp;
static char *seg_page;      /* two pages, the second one protected */
static const char *seg_label;
static uintptr_t seg_r3_base; /* r3 is printed as an offset from it */
static int seg_unprotect;

static void segv_handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    unsigned long *g = uc->uc_mcontext.uc_regs->gregs;
    uintptr_t base = (uintptr_t)seg_page;
    printf("  SIGSEGV %d addr page+%#lx at %s+%ld: r3 base+%#lx r4 %#lx r5 %lu"
           " r6 %lu r7 %lu r8 %lu r9 %#lx cr %08lx xer %08lx ctr %lu\n",
           sig, (unsigned long)((uintptr_t)si->si_addr - base),
           seg_store_insn == seg_label ? "store" : "load",
           (long)(g[PT_NIP] - (uintptr_t)seg_label),
           (unsigned long)(g[PT_R3] - seg_r3_base),
           seg_label == seg_store_insn ? g[PT_R4] - base : g[PT_R4],
           g[PT_R5], g[PT_R6], g[PT_R7], g[PT_R8], g[PT_R9],
           g[PT_CCR] & 0xff000fffu, g[PT_XER] & XER_MASK, g[PT_CTR]);
    if (seg_unprotect) {
        mprotect(seg_page + 4096, 4096, PROT_READ | PROT_WRITE);
        return;
    }
    siglongjmp(seg_jmp, 1);
}

static void test_segv(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    seg_page = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t *words = (uint32_t *)(seg_page + 4096) - 6; /* 6 readable */
    uint32_t src[41]; /* the words from src[1] on */
    for (int j = 0; j < 6; j++) {
        words[j] = 3 + 2 * (uint32_t)j;
    }
    src[0] = 0;
    for (int j = 0; j < 40; j++) {
        src[j + 1] = 1 + 3 * (uint32_t)j;
    }

    /* the load at the loop head faults at iteration 6 */
    static const uint32_t lims[] = { 1000, 20 };
    for (unsigned r = 0; r < 2; r++) {
        mprotect(seg_page + 4096, 4096, PROT_NONE);
        seg_label = seg_load_insn;
        seg_r3_base = (uintptr_t)seg_page;
        seg_unprotect = 0;
        if (!sigsetjmp(seg_jmp, 1)) {
            uint32_t s = seg_load_loop(words - 1, 20, lims[r], 0x24681357u);
            printf("load loop lim %u: returned %d\n", lims[r], (int)s);
        }
    }
    /* the store after the side exit faults at iteration 4; or the handler
     * makes the page writable and the copy goes on */
    for (unsigned r = 0; r < 3; r++) {
        uint32_t *dst = (uint32_t *)(seg_page + 4096) - 4;
        uint32_t lim = r == 1 ? 30 : 300;
        mprotect(seg_page + 4096, 4096, PROT_READ);
        memset(dst, 0, 4 * 4);
        seg_label = seg_store_insn;
        seg_r3_base = (uintptr_t)src;
        seg_unprotect = r == 2;
        if (!sigsetjmp(seg_jmp, 1)) {
            uint32_t s = seg_store_loop(src, dst - 1, lim, 12,
                                        0x13572468u);
            printf("store loop lim %u: returned %d, dst", lim, (int)s);
            for (int j = 0; j < 13; j++) {
                printf(" %u", dst[j]);
            }
            printf("\n");
        } else {
            printf("store loop lim %u: left, dst %u %u %u %u\n", lim, dst[0],
                   dst[1], dst[2], dst[3]);
        }
    }
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = 0;
    sigaction(SIGSEGV, &sa, NULL);
    munmap(seg_page, 3 * 4096);
}

/* ---- 5. an asynchronous signal stops an endless loop -------------------- */

/* spin_until_r3(): loops until r3 is not 0 (only a signal handler
 * changing r3 in the frame ends it); returns that r3. */
uint32_t spin_until_r3(void);
asm(".text\n.globl spin_until_r3\n.type spin_until_r3,@function\n"
    "spin_until_r3:\n\tli 3,0\n\tli 4,0\n\tb 1f\n\t.p2align 5\n"
    "1:\taddi 4,4,1\n\tcmpwi 3,0\n\tbne 2f\n\tb 1b\n"
    "2:\tblr\n"
    ".size spin_until_r3,.-spin_until_r3\n");

static void frame_r3_handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    (void)sig;
    (void)si;
    uc->uc_mcontext.uc_regs->gregs[PT_R3] = 7;
}

static volatile uint32_t stop_flag;

static void alarm_handler(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void test_alarm(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = alarm_handler;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    uint32_t count = 0, t;
    asm volatile("b 1f\n\t.p2align 5\n"
                 "1:\tlwz %[t],0(%[f])\n\tcmpwi %[t],0\n\tbne 2f\n\t"
                 "addi %[c],%[c],1\n\tb 1b\n"
                 "2:\n\t"
                 : [c] "+r"(count), [t] "=&r"(t)
                 : [f] "b"(&stop_flag)
                 : "cr0", "memory");
    printf("stopped\n");

    sa.sa_handler = NULL;
    sa.sa_sigaction = frame_r3_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
    printf("stopped by the frame's r3: %u\n", spin_until_r3());
}

/* ---- 6. no region: bl and sc in the body; the scan's edge ---------------- */

uint32_t add_three(void);
asm(".text\n.globl add_three\n.type add_three,@function\n"
    "add_three:\n\taddi 3,3,3\n\tblr\n"
    ".size add_three,.-add_three\n");

static void test_call_and_sc(void)
{
    register uint32_t r3 asm("r3") = 0;
    uint32_t i = 0, ex;
    asm volatile("b 1f\n\t.p2align 5\n"
                 "1:\tbl add_three\n\t"
                 "cmplwi 1,%[r3],20\n\tbgt 1,2f\n\t"
                 "addi %[i],%[i],1\n\tb 1b\n"
                 "2:\tli %[ex],1\n\t"
                 : [r3] "+r"(r3), [i] "+r"(i), [ex] "=r"(ex)
                 :
                 : "lr", "ctr", "cr1", "memory");
    printf("bl loop: exit %u i %u r3 %u\n", ex, i, r3);

    /* getpid in the body; its result compared with the one from C */
    uint32_t pid = (uint32_t)getpid(), same = 0, n = 0;
    asm volatile("b 1f\n\t.p2align 5\n"
                 "1:\tli 0,%[nr]\n\tsc\n\t"
                 "cmplw 1,3,%[pid]\n\tbne 1,2f\n\t"
                 "addi %[same],%[same],1\n\t"
                 "addi %[n],%[n],1\n\tcmplwi 7,%[n],5\n\tblt 7,1b\n"
                 "2:\n\t"
                 : [same] "+b"(same), [n] "+b"(n)
                 : [pid] "b"(pid), [nr] "i"(SYS_getpid)
                 : "r0", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
                   "r11", "r12", "cr0", "cr1", "cr7", "ctr", "xer",
                   "memory");
    printf("sc loop: same pid %u of %u\n", same, n);
}

/* The back edge (b) FILL + 1 instructions after the exit's bc. */
#define EDGE_FN(name, fill)                                                    \
    static void name(uint32_t lim, uint32_t *io)                               \
    {                                                                          \
        uint32_t i = 0, x = 0;                                                 \
        asm volatile("b 1f\n\t.p2align 6\n"                                    \
                     "1:\taddi %[i],%[i],1\n\tcmplw 1,%[i],%[lim]\n\t"         \
                     "bgt 1,2f\n\t.rept " #fill "\n\taddi %[x],%[x],2\n\t"     \
                     ".endr\n\tb 1b\n"                                         \
                     "2:\n\t"                                                  \
                     : [i] "+r"(i), [x] "+r"(x)                                \
                     : [lim] "r"(lim)                                          \
                     : "cr1");                                                 \
        io[0] = i;                                                             \
        io[1] = x;                                                             \
    }

EDGE_FN(edge15, 14)
EDGE_FN(edge16, 15)
EDGE_FN(edge17, 16)

static void test_scan_edge(void)
{
    uint32_t io[2];
    edge15(9, io);
    printf("back edge 15 after: i %u x %u\n", io[0], io[1]);
    edge16(9, io);
    printf("back edge 16 after: i %u x %u\n", io[0], io[1]);
    edge17(9, io);
    printf("back edge 17 after: i %u x %u\n", io[0], io[1]);
}

int main(void)
{
    test_multi_exits();
    strlen_run("", 5);
    strlen_run("a", 5);
    strlen_run("hello", 0);
    strlen_run("hello", 1);
    strlen_run("hello", 3);
    strlen_run("hello", 5);
    strlen_run("hello", 6);
    strlen_run("hello, world", 40);
    test_cr_fields();
    test_ctr_loops();
    test_segv();
    test_alarm();
    test_call_and_sc();
    test_scan_edge();
    return 0;
}
