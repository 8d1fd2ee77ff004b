/*
 * sse-scalar.c: double SSE2 arithmetic (ADDSD SUBSD MULSD DIVSD SQRTSD
 * MINSD MAXSD and the PD forms, register and memory, UCOMISD/COMISD,
 * CVTSI2SD) on
 * operands from every class: zeros of both signs, denormals, normals near
 * the range ends, infinities, quiet and signalling NaNs with payloads.
 * After each
 * operation: the result bits and the MXCSR flags, once with the flags
 * cleared before it and once accumulated over a run of operations
 * (mimic inlines these in the default MXCSR mode and keeps the flags in
 * the host's MXCSR), under each rounding mode and with DAZ/FTZ.  Also
 * STMXCSR/FXSAVE after inline operations, flags across a signal handler
 * and across a guest fault.  Oracle: the same program run natively.
 *
 * CFLAGS: -O2
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static const uint64_t pool[] = {
    0x0000000000000000ull, 0x8000000000000000ull, /* +0 -0 */
    0x3ff0000000000000ull, 0xbff0000000000000ull, /* 1 -1 */
    0x4008000000000000ull, 0x3fb999999999999aull, /* 3 0.1 */
    0x0000000000000001ull, 0x800fffffffffffffull, /* denormals */
    0x0010000000000000ull, 0x8010000000000001ull, /* smallest normals */
    0x7fefffffffffffffull, 0xffefffffffffffffull, /* largest */
    0x7ff0000000000000ull, 0xfff0000000000000ull, /* inf */
    0x7ff8000000000000ull, 0xfff8000000000123ull, /* qNaN */
    0x7ff0000000000456ull, 0xfff4000000000789ull, /* sNaN */
    0x3fe0000000000001ull, 0x4330000000000001ull, /* 0.5+ulp, 2^52+1 */
    0x1ff0000000000000ull, 0x2000000000000001ull, /* underflow products */
    0x5ff0000000000000ull, 0x400921fb54442d18ull, /* overflow products, pi */
};
#define NPOOL (sizeof(pool) / sizeof(pool[0]))

static inline uint32_t get_mxcsr(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static inline void set_mxcsr(uint32_t m)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
}

#define NOPS 7
static const char names[NOPS][7] = {
    "add", "sub", "mul", "div", "sqrt", "min", "max",
};

/* op 0..6 as in names, on the low doubles (scalar: SD) or both (packed:
 * PD) of x and y; register form when mem is 0. */
#define OP(insn, x, y, cons)                                                \
    __asm__ volatile(insn " %1, %0" : "+x"(x) : cons(y))
#define OPS(sfx, x, y, cons)                                                \
    switch (op) {                                                           \
    case 0: OP("add" sfx, x, y, cons); break;                               \
    case 1: OP("sub" sfx, x, y, cons); break;                               \
    case 2: OP("mul" sfx, x, y, cons); break;                               \
    case 3: OP("div" sfx, x, y, cons); break;                               \
    case 4: OP("sqrt" sfx, x, y, cons); break;                              \
    case 5: OP("min" sfx, x, y, cons); break;                               \
    default: OP("max" sfx, x, y, cons); break;                              \
    }

static uint64_t run_op(int op, int mem, uint64_t a, uint64_t b)
{
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    if (mem) {
        OPS("sd", x, y, "m")
    } else {
        OPS("sd", x, y, "x")
    }
    memcpy(&a, &x, 8);
    return a;
}

typedef double V2 __attribute__((vector_size(16)));

static void run_op_pd(int op, int mem, uint64_t r[2], const uint64_t b[2])
{
    V2 x, y;
    memcpy(&x, r, 16);
    memcpy(&y, b, 16);
    if (mem) {
        OPS("pd", x, y, "m")
    } else {
        OPS("pd", x, y, "x")
    }
    memcpy(r, &x, 16);
}

static unsigned run_cmp(int unordered, uint64_t a, uint64_t b)
{
    double x, y;
    uint8_t z, p, c;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    if (unordered)
        __asm__ volatile("ucomisd %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c) : "x"(y), "x"(x));
    else
        __asm__ volatile("comisd %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c) : "x"(y), "x"(x));
    return z << 2 | p << 1 | c;
}

/* Every pair, flags cleared before each op, under the controls ctl;
 * packed: with a second pair in the high doubles. */
static void table(uint32_t ctl, int packed)
{
    for (int op = 0; op < NOPS; op++)
        for (unsigned i = 0; i < NPOOL; i++)
            for (unsigned j = 0; j < NPOOL; j++) {
                uint64_t r[2] = { pool[i], pool[(i + 5) % NPOOL] };
                uint64_t b[2] = { pool[j], pool[(j + 11) % NPOOL] };
                set_mxcsr(ctl);
                if (packed)
                    run_op_pd(op, (i + j) & 1, r, b);
                else
                    r[0] = run_op(op, (i + j) & 1, pool[i], pool[j]);
                uint32_t f = get_mxcsr() & 0x3f;
                printf("%04x %s%s %016llx %016llx = %016llx", ctl, names[op],
                       packed ? "pd" : "sd", (unsigned long long)pool[i],
                       (unsigned long long)pool[j], (unsigned long long)r[0]);
                if (packed)
                    printf(" %016llx", (unsigned long long)r[1]);
                printf(" %02x\n", f);
            }
    if (packed)
        return;
    for (unsigned i = 0; i < NPOOL; i++)
        for (unsigned j = 0; j < NPOOL; j++)
            for (int u = 0; u < 2; u++) {
                set_mxcsr(ctl);
                unsigned zpc = run_cmp(u, pool[i], pool[j]);
                printf("%04x %s %016llx %016llx = %u %02x\n", ctl,
                       u ? "ucomisd" : "comisd", (unsigned long long)pool[i],
                       (unsigned long long)pool[j], zpc, get_mxcsr() & 0x3f);
            }
}

/* CVTSI2SD from 32-bit (and 64-bit) registers and memory: the result,
 * the high double kept, the flags (inexact beyond 2^53). */
static void conversions(uint32_t ctl)
{
    static const int64_t ints[] = {
        0, 1, -1, 2147483647, -2147483647 - 1, 9007199254740993ll,
        -9007199254740995ll, 0x7fffffffffffffffll, -0x7fffffffffffffffll - 1,
        0x123456789abcdefll,
    };
    for (unsigned i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
        for (int form = 0; form < 4; form++) {
            V2 x = { 3.0, -5.0 };
            int32_t v32 = (int32_t)ints[i];
            set_mxcsr(ctl);
            switch (form) {
            case 0: __asm__ volatile("cvtsi2sdl %1, %0" : "+x"(x) : "r"(v32)); break;
            case 1: __asm__ volatile("cvtsi2sdl %1, %0" : "+x"(x) : "m"(v32)); break;
#ifdef __x86_64__
            case 2: __asm__ volatile("cvtsi2sdq %1, %0" : "+x"(x) : "r"(ints[i])); break;
            default: __asm__ volatile("cvtsi2sdq %1, %0" : "+x"(x) : "m"(ints[i])); break;
#else
            default: continue;
#endif
            }
            uint64_t r[2];
            memcpy(r, &x, 16);
            printf("%04x cvtsi2sd form %d %lld = %016llx %016llx %02x\n", ctl,
                   form, (long long)ints[i], (unsigned long long)r[0],
                   (unsigned long long)r[1], get_mxcsr() & 0x3f);
        }
}

/* Runs of operations without clearing: the flags must accumulate. */
static void runs(void)
{
    for (unsigned start = 0; start < NPOOL; start++) {
        set_mxcsr(0x1f80);
        uint64_t acc = pool[start];
        printf("run %2u:", start);
        for (unsigned k = 0; k < 12; k++) {
            acc = run_op(k % NOPS, k & 1, acc,
                         pool[(start * 7 + k * 5) % NPOOL]);
            printf(" %02x", get_mxcsr() & 0x3f);
        }
        printf(" -> %016llx\n", (unsigned long long)acc);
    }
}

static volatile sig_atomic_t got;
static sigjmp_buf jb;

static void on_usr1(int sig)
{
    (void)sig;
    /* the handler starts with the default MXCSR; its own ops */
    printf("handler mxcsr %04x\n", get_mxcsr());
    run_op(3, 0, 0x3ff0000000000000ull, 0x4008000000000000ull);
    got = 1;
}

static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(jb, 1);
}

static void state_after_inline(void)
{
    uint8_t fx[512] __attribute__((aligned(16)));
    uint32_t m;

    /* inline ops, then STMXCSR / FXSAVE */
    set_mxcsr(0x1f80);
    run_op(3, 0, 0x3ff0000000000000ull, 0x4008000000000000ull); /* PE */
    printf("stmxcsr after 1/3: %04x\n", get_mxcsr());
    run_op(2, 1, 0x0010000000000000ull, 0x3fe0000000000000ull); /* UE */
    __asm__ volatile("fxsave %0" : "=m"(fx));
    memcpy(&m, fx + 24, 4);
    printf("fxsave after underflow: %04x\n", m);
    /* LDMXCSR clears: the flags must not come back */
    set_mxcsr(0x1f80);
    run_op(0, 0, 0x3ff0000000000000ull, 0x3ff0000000000000ull); /* exact */
    printf("after clear and an exact add: %04x\n", get_mxcsr());
    /* FXRSTOR with other flags */
    m = 0x1f80 | 0x04;
    memcpy(fx + 24, &m, 4);
    __asm__ volatile("fxrstor %0" : : "m"(fx));
    run_op(0, 0, 0x3ff0000000000000ull, 0x3ff0000000000000ull);
    printf("after fxrstor ZE and an exact add: %04x\n", get_mxcsr());

    /* a signal handler in between: flags of the interrupted code survive */
    set_mxcsr(0x1f80);
    run_op(1, 0, 0x0010000000000000ull, 0x000fffffffffffffull); /* DE */
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("after handler: got %d mxcsr %04x\n", (int)got, get_mxcsr());

    /* a fault handled by the guest after inline ops */
    set_mxcsr(0x1f80);
    signal(SIGSEGV, on_segv);
    if (sigsetjmp(jb, 1) == 0) {
        volatile uintptr_t bad = 16;
        run_op(0, 0, 0x7fefffffffffffffull, 0x7fefffffffffffffull); /* OE */
        (void)*(volatile double *)bad;
    }
    printf("after a fault: %04x\n", get_mxcsr());
    /* the fault's flags in the same TB as the load */
    set_mxcsr(0x1f80);
    if (sigsetjmp(jb, 1) == 0) {
        double x = 1.0, y = 0.0;
        __asm__ volatile("divsd %2, %0\n\tmovsd (%3), %1"
                         : "+x"(x), "=x"(y) : "x"(y), "r"(16l));
    }
    printf("after divide by zero and a fault: %04x\n", get_mxcsr());

    /* a store into translated code right after an inline operation: mimic
     * leaves the TB from its fault handler and runs the store again */
    unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return;
    code[0] = 0xc3;                             /* ret */
    ((void (*)(void))code)();
    set_mxcsr(0x1f80);
    {
        double x = 1.0, y = 3.0;
        __asm__ volatile("divsd %1, %0\n\tmovb $0xc3, 1(%2)"
                         : "+x"(x) : "x"(y), "r"(code) : "memory");
    }
    ((void (*)(void))code)();
    printf("after inexact and a store into code: %04x\n", get_mxcsr());
}

int main(void)
{
    static const uint32_t controls[] = {
        0x1f80, 0x3f80, 0x5f80, 0x7f80, /* RC: nearest, down, up, zero */
        0x1fc0, 0x9f80, 0x9fc0,         /* DAZ, FTZ, both */
    };
    for (unsigned c = 0; c < sizeof(controls) / sizeof(controls[0]); c++)
        table(controls[c], 0);
    table(0x1f80, 1);                   /* inline */
    table(0x7f80, 1);                   /* helpers */
    conversions(0x1f80);
    conversions(0x7f80);
    runs();
    state_after_inline();
    return 0;
}
