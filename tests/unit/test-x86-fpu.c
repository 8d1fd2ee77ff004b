/*
 * test-x86-fpu.c: the x87 helpers against the host CPU.
 *
 * For every x87 instruction form (register forms with each ModRM, memory
 * forms with the operand at [rdi]) and many random x87 states -- values
 * from a pool of edge cases (zeros and infinities of both signs, quiet and
 * signalling NaNs, denormals, pseudo-denormals, unnormals, huge and tiny
 * numbers), random tags (empty registers for stack faults), TOP, rounding
 * and precision control, sometimes unmasked exceptions -- the instruction
 * runs natively (FXRSTOR, the instruction, FXSAVE in a page written at run
 * time) and through the helpers in the order translate-x87.c calls them.
 * The x87 part of the two FXSAVE images, the memory operand and, for
 * FCOMI, ZF/PF/CF must be equal.
 *
 * Then end to end: x87, MMX and SSE..SSE4.2 instructions (every opcode of
 * the SIMD ranges of the 0F, 0F38 and 0F3A maps with every mandatory
 * prefix, register forms with random XMM0-15 operands and memory forms at
 * [rsi], random immediates and REX.W) are translated and run through the
 * exec loop on both backends, and natively; general registers, the
 * arithmetic flags, the FXSAVE image (x87, MXCSR, XMM0-15), scratch memory
 * and whether the instruction faulted (#UD, #GP) must be equal.
 *
 * The seed is printed; MIMIC_TEST_SEED sets it.
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

#include "target-x86/fpu_helper.h"
#include "target-x86/sse_helper.h"
#include "tcg/tb.h"
#include "util/disas.h"


/* ---- random numbers ------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned rnd_below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

/* ---- the native side --------------------------------------------------- */

typedef uint64_t NativeFn(void *mem, void *image, uint64_t rflags);
static uint8_t *native_page;

/* fxrstor (%rsi); push %rdx; popfq; <insn>; fxsave (%rsi); pushfq;
 * pop %rax; fninit; ret */
static NativeFn *native_code(const uint8_t *insn, unsigned len)
{
    static const uint8_t head[] = { 0x0f, 0xae, 0x0e, 0x52, 0x9d };
    static const uint8_t tail[] = { 0x0f, 0xae, 0x06, 0x9c, 0x58,
                                    0xdb, 0xe3, 0xc3 };
    uint8_t *p = native_page;

    memcpy(p, head, sizeof(head));
    p += sizeof(head);
    memcpy(p, insn, len);
    p += len;
    memcpy(p, tail, sizeof(tail));
    __builtin___clear_cache((char *)native_page, (char *)p + sizeof(tail));
    return (NativeFn *)(uintptr_t)native_page;
}

/* ---- states ---------------------------------------------------------------- */

typedef struct Ext80 {
    uint64_t mant;
    uint16_t se;
} Ext80;

static const Ext80 ext_pool[] = {
    { 0, 0 }, { 0, 0x8000 },                              /* +-0 */
    { 0x8000000000000000ull, 0x3fff }, { 0x8000000000000000ull, 0xbfff },
    { 0xc000000000000000ull, 0x3fff },                    /* 1.5 */
    { 0xc90fdaa22168c235ull, 0x4000 },                    /* pi */
    { 0xaaaaaaaaaaaaaaabull, 0x3ffd },                    /* 1/3 */
    { 0xffffffffffffffffull, 0x7ffe },                    /* max */
    { 0x8000000000000000ull, 0x0001 },                    /* min normal */
    { 0x0000000000000001ull, 0x0000 },                    /* denormal */
    { 0x4000000000000000ull, 0x8000 },                    /* -denormal */
    { 0x8000000000000000ull, 0x0000 },                    /* pseudo-denormal */
    { 0x4000000000000000ull, 0x4000 },                    /* unnormal */
    { 0x8000000000000000ull, 0x7fff },                    /* +inf */
    { 0x8000000000000000ull, 0xffff },                    /* -inf */
    { 0xc000000000000000ull, 0x7fff },                    /* QNaN */
    { 0xa000000000000000ull, 0xffff },                    /* SNaN */
    { 0xc000000000000000ull, 0xffff },                    /* indefinite */
    { 0x8000000000000000ull, 0x403e },                    /* 2^63 */
    { 0xfffffffffffff800ull, 0x403d },                    /* < 2^63 */
    { 0x8000000000000000ull, 0x401e },                    /* 2^31 */
    { 0x8000800000000000ull, 0x400e },                    /* 32768.5 */
    { 0xa000000000000000ull, 0xc000 },                    /* -2.5 */
    { 0x8000000000000000ull, 0x3ffe },                    /* 0.5 */
    { 0x9502f90000000000ull, 0x4020 },                    /* 1e10 */
    { 0x8000000000000001ull, 0x3fff },                    /* 1 + ulp */
    { 0xb504f333f9de6484ull, 0x3fff },                    /* sqrt 2 */
    { 0x8000000000000000ull, 0x3c01 },                    /* double tiny */
    { 0x8000000000000000ull, 0x43fe },                    /* double huge */
    { 0x8000000000000000ull, 0x3f81 },                    /* float tiny */
    { 0x8000000000000000ull, 0x4400 },                    /* 2^1025 */
};

static Ext80 random_ext(void)
{
    Ext80 v;

    if (rnd_below(4))
        return ext_pool[rnd_below(sizeof(ext_pool) / sizeof(ext_pool[0]))];
    v.mant = rnd() | 0x8000000000000000ull;
    v.se = (uint16_t)((rnd() & 0x8000) | (0x3fff - 40 + rnd_below(80)));
    return v;
}

static const uint32_t f32_pool[] = {
    0, 0x80000000, 0x3f800000, 0xbf800000, 0x00000001, 0x807fffff,
    0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00000,
    0x7f7fffff, 0x00800000, 0x3eaaaaab, 0x4f000000, 0xcf000000,
};
static const uint64_t f64_pool[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x0000000000000001ull, 0x800fffffffffffffull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000000ull,
    0x7fefffffffffffffull, 0x0010000000000000ull, 0x3fd5555555555555ull,
    0x43e0000000000000ull, 0xc1e0000000000000ull, 0x4024000000000000ull,
};
static const uint64_t int_pool[] = {
    0, 1, 0xffffffffffffffffull, 0x7fff, 0x8000, 0x7fffffff, 0x80000000,
    0x7fffffffffffffffull, 0x8000000000000000ull, 12345, 0xfffffffffffe0000ull,
};

/* A random memory operand: 16 bytes from the pools of every format. */
static void random_mem(uint8_t mem[16])
{
    uint64_t lo, hi = rnd();

    switch (rnd_below(5)) {
    case 0: lo = f32_pool[rnd_below(16)] | (rnd() << 32); break;
    case 1: lo = f64_pool[rnd_below(16)]; break;
    case 2: lo = int_pool[rnd_below(11)]; break;
    case 3: {
        Ext80 e = random_ext();
        lo = e.mant;
        hi = (hi & ~0xffffull) | e.se;
        break;
    }
    default: lo = rnd(); break;
    }
    if (rnd_below(8) == 0) /* a packed BCD number */
        lo = 0x0123456789012345ull, hi = (hi & ~0xffffull) | (rnd() & 0x80) << 8;
    memcpy(mem, &lo, 8);
    memcpy(mem + 8, &hi, 8);
}

/* A random FXSAVE image (x87 part; MXCSR default); exceptions all masked
 * unless may_unmask. */
static void random_image(uint8_t img[512], bool may_unmask)
{
    static const uint16_t pcs[3] = { 0x000, 0x200, 0x300 };
    uint16_t cw = 0x40 | 0x3f | pcs[rnd_below(3)] |
                  (uint16_t)(rnd_below(4) << 10);
    uint16_t sw;
    uint32_t mxcsr = MXCSR_DEFAULT, mask = 0xffff;

    memset(img, 0, 512);
    if (may_unmask && rnd_below(8) == 0)
        cw &= (uint16_t)~(1u << rnd_below(6));  /* one unmasked exception */
    sw = (uint16_t)(rnd() & (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3));
    sw |= (uint16_t)(rnd_below(8) << 11);
    if (rnd_below(4) == 0)
        sw |= (uint16_t)(rnd() & 0x3f & cw);   /* masked flags already up */
    memcpy(img, &cw, 2);
    memcpy(img + 2, &sw, 2);
    for (int i = 0; i < 8; i++) {
        Ext80 e = random_ext();
        if (rnd_below(5))
            img[4] |= (uint8_t)(1 << i);
        memcpy(img + 32 + 16 * i, &e.mant, 8);
        memcpy(img + 40 + 16 * i, &e.se, 2);
    }
    /* The ST(i) slots are in stack order; a full stack now and then. */
    if (rnd_below(6) == 0)
        img[4] = 0xff;
    memcpy(img + 24, &mxcsr, 4);
    memcpy(img + 28, &mask, 4);
}

/* ---- the mimic side: helpers in translate-x87.c's order ------------------ */

static void load_image(CPUX86State *env, const uint8_t img[512])
{
    for (int i = 0; i < 52; i++) {
        uint64_t q;
        memcpy(&q, img + 8 * i, 8);
        x86_helper_image_put(i, q);
    }
    x86_helper_image_load(env, X86_IMAGE_FXSAVE64);
}

static void save_image(CPUX86State *env, uint8_t img[512])
{
    memset(img, 0, 512);
    x86_helper_image_save(env, X86_IMAGE_FXSAVE64);
    for (int i = 0; i < 52; i++) {
        uint64_t q = x86_helper_image_get(i);
        memcpy(img + 8 * i, &q, 8);
    }
}

static uint64_t mem_q(const uint8_t *m)
{
    uint64_t q;
    memcpy(&q, m, 8);
    return q;
}

static const uint8_t fcmov_conds[4] = { CC_C, CC_Z, CC_C | CC_Z, CC_P };

/* Returns false if the instruction is not one the translator accepts. */
static bool mimic_exec(CPUX86State *env, unsigned opcode, unsigned modrm,
                       uint8_t mem[16], uint64_t *rflags)
{
    uint32_t insn = opcode << 8 | modrm;
    unsigned op = (modrm >> 3) & 7, i = modrm & 7;
    uint64_t q = mem_q(mem), v;

    if (modrm < 0xc0) {
        if (!(opcode & 1)) {
            static const int kinds[4] = { 0, 1, 2, 3 };
            uint64_t val = q;
            switch (kinds[(opcode - 0xd8) / 2]) {
            case 0: val = (uint32_t)q; break;
            case 1: val = (uint64_t)(int64_t)(int32_t)q; break;
            case 3: val = (uint64_t)(int64_t)(int16_t)q; break;
            }
            if (op == 2 || op == 3) {
                x86_helper_fcom_mem(env, insn, val);
            } else {
                x86_helper_farith_mem(env, insn, val);
            }
            return true;
        }
        switch (opcode << 4 | op) {
        case 0xd90: x86_helper_fld_m32(env, insn, (uint32_t)q); return true;
        case 0xdd0: x86_helper_fld_m64(env, insn, q); return true;
        case 0xd92: case 0xd93:
            v = x86_helper_fst_m32(env, insn);
            memcpy(mem, &v, 4);
            if (op == 3)
                x86_helper_fpop(env);
            return true;
        case 0xdd2: case 0xdd3:
            v = x86_helper_fst_m64(env, insn);
            memcpy(mem, &v, 8);
            if (op == 3)
                x86_helper_fpop(env);
            return true;
        case 0xd95: x86_helper_fldcw(env, (uint16_t)q); return true;
        case 0xd97: memcpy(mem, &env->fpuc, 2); return true;
        case 0xdb0: x86_helper_fild(env, insn, (uint64_t)(int64_t)(int32_t)q);
            return true;
        case 0xdf0: x86_helper_fild(env, insn, (uint64_t)(int64_t)(int16_t)q);
            return true;
        case 0xdf5: x86_helper_fild(env, insn, q); return true;
        case 0xdb1: case 0xdb2: case 0xdb3:
            v = x86_helper_fist(env, insn);
            memcpy(mem, &v, 4);
            if (op != 2)
                x86_helper_fpop(env);
            return true;
        case 0xdf1: case 0xdf2: case 0xdf3:
            v = x86_helper_fist(env, insn);
            memcpy(mem, &v, 2);
            if (op != 2)
                x86_helper_fpop(env);
            return true;
        case 0xdd1: case 0xdf7:
            v = x86_helper_fist(env, insn);
            memcpy(mem, &v, 8);
            x86_helper_fpop(env);
            return true;
        case 0xdb5:
            x86_helper_fld_m80(env, insn, q, mem[8] | mem[9] << 8);
            return true;
        case 0xdf4:
            x86_helper_x87_replay(env, insn, q, mem_q(mem + 8) & 0xffff);
            return true;
        case 0xdb7: case 0xdf6:
            x86_helper_fst_m80(env, insn);
            memcpy(mem, &env->xmm_tmp, 10);
            x86_helper_fpop(env);
            return true;
        case 0xdd7:
            v = x86_helper_fnstsw(env);
            memcpy(mem, &v, 2);
            return true;
        default:
            return false;
        }
    }
    switch (opcode) {
    case 0xd8:
        if (op == 2 || op == 3)
            x86_helper_fcom_st(env, insn, i);
        else
            x86_helper_farith_st(env, insn, 0, i);
        return true;
    case 0xdc: case 0xde:
        if (opcode == 0xde && op == 3) {
            if (i != 1)
                return false;
            x86_helper_fcom_st(env, insn, 1);
            return true;
        }
        if (op == 2 || op == 3) {
            bool pop = op == 3 || opcode == 0xde;
            x86_helper_fcom_st(env, (pop ? 0xd8d8 : 0xd8d0) | i, i);
            return true;
        }
        x86_helper_farith_st(env, insn, i, 0);
        return true;
    case 0xd9:
        if (modrm < 0xc8) { x86_helper_fld_st(env, insn, i); return true; }
        if (modrm < 0xd0) { x86_helper_fxch(env, insn, i); return true; }
        if (modrm == 0xd0) return true;
        if (modrm >= 0xd8 && modrm < 0xe0) {
            x86_helper_fst_st(env, insn, i);
            return true;
        }
        if (modrm == 0xe0 || modrm == 0xe1) {
            x86_helper_fsign(env, insn);
            return true;
        }
        if (modrm == 0xe4 || modrm == 0xe5 || modrm >= 0xf0) {
            x86_helper_x87_replay(env, insn, 0, 0);
            return true;
        }
        if (modrm >= 0xe8 && modrm <= 0xee) {
            x86_helper_fld_const(env, insn);
            return true;
        }
        return false;
    case 0xda: case 0xdb:
        if (modrm < 0xe0) {
            bool c = *rflags & fcmov_conds[op];
            x86_helper_fcmov(env, i, opcode == 0xda ? c : !c);
            return true;
        }
        if (opcode == 0xda) {
            if (modrm != 0xe9)
                return false;
            x86_helper_fcom_st(env, insn, 1);
            return true;
        }
        if (modrm == 0xe2) { x86_helper_fnclex(env); return true; }
        if (modrm == 0xe3) { x86_helper_fninit(env); return true; }
        if (modrm >= 0xe8 && modrm < 0xf8) {
            *rflags = (*rflags & ~(uint64_t)CC_ARITH) |
                      x86_helper_fcomi(env, insn, i);
            return true;
        }
        return false;
    case 0xdd:
        switch (op) {
        case 0: x86_helper_x87_replay(env, insn, 0, 0); return true;
        case 1: x86_helper_fxch(env, 0xd9c8 | i, i); return true;
        case 2: case 3:
            x86_helper_fst_st(env, insn, i);
            return true;
        case 4: case 5:
            x86_helper_fcom_st(env, insn, i);
            return true;
        default:
            return false;
        }
    default:
        switch (op) {
        case 0: x86_helper_x87_replay(env, insn, 0, 0); return true;
        case 1: x86_helper_fxch(env, 0xd9c8 | i, i); return true;
        case 2: case 3:
            x86_helper_fst_st(env, insn, i);
            return true;
        case 5: case 6:
            *rflags = (*rflags & ~(uint64_t)CC_ARITH) |
                      x86_helper_fcomi(env, insn, i);
            return true;
        default:
            return false;
        }
    }
}

/* ---- the comparison -------------------------------------------------------- */

/* Bytes of the FXSAVE image that are compared: the x87 part without the
 * last-instruction pointers and opcode (bytes 6..23), which mimic does not
 * model and AMD CPUs do not save, and without MXCSR_MASK (28..31: the
 * host's may have more bits than mimic implements). */
static bool image_byte_checked(unsigned b)
{
    return b < 160 && (b < 6 || b >= 24) && (b < 28 || b >= 32);
}

static void dump(const char *what, const uint8_t *p, unsigned n)
{
    fprintf(stderr, "  %-7s", what);
    for (unsigned i = 0; i < n; i++)
        fprintf(stderr, "%s%02x", i && i % 16 == 0 ? "\n         " : "",
                p[i]);
    fprintf(stderr, "\n");
}

/* Stores to memory: with an unmasked exception the hardware neither
 * stores nor pops, mimic does both (see fpu_helper.h). */
static bool is_memory_store(unsigned opcode, unsigned modrm)
{
    unsigned op = (modrm >> 3) & 7;

    if (modrm >= 0xc0)
        return false;
    switch (opcode) {
    case 0xd9: return op == 2 || op == 3;
    case 0xdb: case 0xdd: return op == 1 || op == 2 || op == 3 || op == 7;
    case 0xdf: return op == 1 || op == 2 || op == 3 || op >= 6;
    default: return false;
    }
}

static int check_one(unsigned opcode, unsigned modrm, bool fcomi)
{
    uint8_t bytes[2] = { (uint8_t)opcode, (uint8_t)modrm };
    uint8_t img_in[512] __attribute__((aligned(16)));
    uint8_t native_img[512] __attribute__((aligned(16)));
    uint8_t mimic_img[512] __attribute__((aligned(16)));
    uint8_t mem_in[16], native_mem[16], mimic_mem[16];
    uint64_t flags_in = 0x202 | (rnd() & (CC_C | CC_Z | CC_P));
    uint64_t native_flags, mimic_flags = flags_in;
    CPUX86State env;
    NativeFn *fn = native_code(bytes, 2);

    random_image(img_in, !is_memory_store(opcode, modrm));
    random_mem(mem_in);
    memcpy(native_img, img_in, 512);
    memcpy(native_mem, mem_in, 16);
    memcpy(mimic_mem, mem_in, 16);
    memset(&env, 0, sizeof(env));
    load_image(&env, img_in);
    if (!mimic_exec(&env, opcode, modrm, mimic_mem, &mimic_flags))
        return -1;      /* not an instruction: #UD, never run natively */
    save_image(&env, mimic_img);
    native_flags = fn(native_mem, native_img, flags_in);

    bool same = memcmp(native_mem, mimic_mem, 16) == 0;
    for (unsigned b = 0; b < 512; b++)
        if (image_byte_checked(b) && native_img[b] != mimic_img[b])
            same = false;
    if (fcomi && ((native_flags ^ mimic_flags) & (CC_Z | CC_P | CC_C)))
        same = false;
    if (same)
        return 0;
    fprintf(stderr, "mismatch: %02x %02x (flags in %llx native %llx "
            "mimic %llx)\n", opcode, modrm, (unsigned long long)flags_in,
            (unsigned long long)native_flags,
            (unsigned long long)mimic_flags);
    dump("in", img_in, 160);
    dump("native", native_img, 160);
    dump("mimic", mimic_img, 160);
    dump("mem in", mem_in, 16);
    dump("native", native_mem, 16);
    dump("mimic", mimic_mem, 16);
    return 1;
}

/* The forms the translator accepts that this test covers: memory forms
 * other than the environment/save images, register forms other than
 * FNSTSW AX and the invalid ones. */
static void test_x87_against_host(void **state)
{
    unsigned failures = 0, runs = 0, per_form = 300;
    (void)state;

    for (unsigned opcode = 0xd8; opcode <= 0xdf; opcode++) {
        for (unsigned m = 0; m < 8 + 64; m++) {
            unsigned modrm = m < 8 ? (m << 3 | 7) : 0xc0 + (m - 8);
            unsigned op = (modrm >> 3) & 7;
            bool fcomi = modrm >= 0xe8 && modrm < 0xf8 &&
                         (opcode == 0xdb || opcode == 0xdf);
            if (m < 8 && ((opcode == 0xd9 && (op == 4 || op == 6)) ||
                          (opcode == 0xdd && (op == 4 || op == 6))))
                continue;
            for (unsigned k = 0; k < per_form && failures < 10; k++) {
                int r = check_one(opcode, modrm, fcomi);
                if (r < 0)
                    break;
                runs++;
                failures += (unsigned)r;
            }
        }
    }
    printf("x87: %u runs, %u mismatches\n", runs, failures);
    assert_int_equal(failures, 0);
}

/* FNSTENV/FLDENV and FNSAVE/FRSTOR images: the host's bytes (pointers
 * aside) and the state after. */
static void test_x87_images(void **state)
{
    static const struct { uint8_t opcode, modrm; int fmt; } forms[] = {
        { 0xd9, 0x37, X86_IMAGE_ENV32 }, { 0xdd, 0x37, X86_IMAGE_SAVE32 },
    };
    (void)state;

    for (unsigned f = 0; f < 2; f++) {
        for (int k = 0; k < 500; k++) {
            uint8_t bytes[2] = { forms[f].opcode, forms[f].modrm };
            uint8_t img_in[512] __attribute__((aligned(16)));
            uint8_t native_img[512] __attribute__((aligned(16)));
            uint8_t mimic_img[512] __attribute__((aligned(16)));
            uint8_t native_mem[112], mimic_mem[112];
            unsigned size = x86_fpu_image_size(forms[f].fmt);
            CPUX86State env;

            random_image(img_in, true);
            memcpy(native_img, img_in, 512);
            memset(native_mem, 0xa5, sizeof(native_mem));
            native_code(bytes, 2)(native_mem, native_img, 0x202);

            memset(&env, 0, sizeof(env));
            load_image(&env, img_in);
            x86_helper_image_save(&env, (uint32_t)forms[f].fmt);
            memset(mimic_mem, 0xa5, sizeof(mimic_mem));
            for (unsigned b = 0; b < size; b += 8) {
                uint64_t q = x86_helper_image_get(b / 8);
                memcpy(mimic_mem + b, &q, size - b < 8 ? size - b : 8);
            }
            save_image(&env, mimic_img);
            /* Pointers: bytes 12..27 of the environment. */
            memset(native_mem + 12, 0, 16);
            memset(mimic_mem + 12, 0, 16);
            if (memcmp(native_mem, mimic_mem, sizeof(native_mem)) != 0) {
                dump("native", native_mem, size);
                dump("mimic", mimic_mem, size);
                fail();
            }
            for (unsigned b = 0; b < 160; b++)
                if (image_byte_checked(b) && native_img[b] != mimic_img[b]) {
                    dump("native", native_img, 160);
                    dump("mimic", mimic_img, 160);
                    fail();
                }

            /* Loading it back gives the state it was saved from. */
            memset(&env, 0, sizeof(env));
            load_image(&env, img_in);
            save_image(&env, native_img);
            x86_helper_image_save(&env, (uint32_t)forms[f].fmt);
            for (unsigned b = 0; b < size; b += 8)
                x86_helper_image_put(b / 8, x86_helper_image_get(b / 8));
            x86_helper_image_load(&env, (uint32_t)forms[f].fmt);
            if (forms[f].fmt == X86_IMAGE_SAVE32) {
                save_image(&env, mimic_img);
                for (unsigned b = 0; b < 160; b++)
                    if (image_byte_checked(b) &&
                        native_img[b] != mimic_img[b]) {
                        dump("before", native_img, 160);
                        dump("after", mimic_img, 160);
                        fail();
                    }
            }
        }
    }
}

/* ---- end to end: translated code against the host ---------------------- */

#define CODE_ADDR 0x30010000ull
#define CODE_EXIT (CODE_ADDR + 64) /* mimic stops here; native jumps home */
#define DATA_ADDR 0x30000000ull
#define DATA_SIZE 1024u

/* i386 guest code under mimic (the argument "i386"), against the same
 * bytes run natively in 64-bit mode: without REX prefixes these
 * instructions behave the same in both modes. */
static bool mode32;

uintptr_t tcg_guest_base;
static uint8_t *code_mem, *data_mem;

const void *translator_code_ptr(CPUCommon *cs, uint64_t pc, size_t len)
{
    (void)cs;
    if (pc < CODE_ADDR || pc + len > CODE_EXIT)
        return NULL;
    return (const void *)(uintptr_t)pc;
}

typedef struct SimdState {
    uint8_t fx[512];            /* FXSAVE image: x87, MXCSR, XMM0-15 */
    uint64_t r[16];
    uint64_t rflags;
} __attribute__((aligned(16))) SimdState;

extern void simd_native_run(SimdState *st);
extern char simd_native_exit[];

/* Load the state (FXRSTOR, flags, every register but RSP), jump to the
 * code; the code's final jump comes back to simd_native_exit, which
 * stores it all and puts back the host's x87 and MXCSR defaults. */
__asm__(".pushsection .data\n"
        "simd_saved_rsp: .quad 0\n"
        "simd_saved_st: .quad 0\n"
        "simd_saved_rdi: .quad 0\n"
        "simd_mxcsr_default: .long 0x1f80\n"
        ".popsection\n"
        ".text\n"
        "simd_native_run:\n"
        "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n"
        "  push %r15\n"
        "  mov %rsp, simd_saved_rsp(%rip)\n"
        "  mov %rdi, simd_saved_st(%rip)\n"
        "  fxrstor (%rdi)\n"
        "  pushq 640(%rdi)\n popfq\n"
        "  mov 512(%rdi), %rax\n mov 520(%rdi), %rcx\n mov 528(%rdi), %rdx\n"
        "  mov 536(%rdi), %rbx\n mov 552(%rdi), %rbp\n mov 560(%rdi), %rsi\n"
        "  mov 576(%rdi), %r8\n mov 584(%rdi), %r9\n mov 592(%rdi), %r10\n"
        "  mov 600(%rdi), %r11\n mov 608(%rdi), %r12\n mov 616(%rdi), %r13\n"
        "  mov 624(%rdi), %r14\n mov 632(%rdi), %r15\n"
        "  mov 568(%rdi), %rdi\n"
        "  jmp *simd_code_addr(%rip)\n"
        "simd_native_exit:\n"
        "  mov %rdi, simd_saved_rdi(%rip)\n"
        "  mov simd_saved_st(%rip), %rdi\n"
        "  mov %rax, 512(%rdi)\n mov %rcx, 520(%rdi)\n mov %rdx, 528(%rdi)\n"
        "  mov %rbx, 536(%rdi)\n mov %rbp, 552(%rdi)\n mov %rsi, 560(%rdi)\n"
        "  mov %r8, 576(%rdi)\n mov %r9, 584(%rdi)\n mov %r10, 592(%rdi)\n"
        "  mov %r11, 600(%rdi)\n mov %r12, 608(%rdi)\n mov %r13, 616(%rdi)\n"
        "  mov %r14, 624(%rdi)\n mov %r15, 632(%rdi)\n"
        "  mov simd_saved_rdi(%rip), %rax\n mov %rax, 568(%rdi)\n"
        "  pushfq\n popq 640(%rdi)\n"
        "  fxsave (%rdi)\n"
        "  fninit\n ldmxcsr simd_mxcsr_default(%rip)\n"
        "  mov simd_saved_rsp(%rip), %rsp\n"
        "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
        "  ret\n"
        ".pushsection .data\n"
        "simd_code_addr: .quad 0x30010000\n"
        ".popsection\n");

static sigjmp_buf native_fault_jmp;

static void native_fault(int sig)
{
    siglongjmp(native_fault_jmp, sig);
}

/* Runs st natively; returns the signal it died of, or 0. */
static int run_native(SimdState *st)
{
    struct sigaction sa, old[3];
    static const int sigs[3] = { SIGILL, SIGSEGV, SIGFPE };
    volatile int sig;
    uint32_t mxcsr = MXCSR_DEFAULT;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = native_fault;
    sa.sa_flags = SA_NODEFER;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
    sig = sigsetjmp(native_fault_jmp, 1);
    if (sig == 0)
        simd_native_run(st);
    else
        __asm__ volatile("fninit\n\tldmxcsr %0" : : "m"(mxcsr));
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    return sig;
}

static CPUX86State simd_env;

/* Runs st under mimic; returns the exception it stopped with (-1: it
 * reached the end). */
static int run_mimic(SimdState *st)
{
    CPUX86State *env = &simd_env;
    int excp;

    tb_flush();
    x86_cpu_reset(env, !mode32);
    memcpy(env->regs, st->r, sizeof(env->regs));
    x86_set_eflags(env, (uint32_t)st->rflags);
    for (int i = 0; i < 52; i++) {
        uint64_t q;
        memcpy(&q, st->fx + 8 * i, 8);
        x86_helper_image_put(i, q);
    }
    x86_helper_image_load(env, X86_IMAGE_FXSAVE64);
    env->common.pc = CODE_ADDR;
    excp = cpu_exec(&env->common);
    memcpy(st->r, env->regs, sizeof(env->regs));
    st->rflags = x86_get_eflags(env);
    x86_helper_image_save(env, X86_IMAGE_FXSAVE64);
    for (int i = 0; i < 52; i++) {
        uint64_t q = x86_helper_image_get(i);
        memcpy(st->fx + 8 * i, &q, 8);
    }
    if (excp == EXCP_X86_SEGV && env->common.pc == CODE_EXIT)
        return -1;
    return excp;
}

/* A lane value for XMM registers and memory: edge cases of every format. */
static uint64_t random_lanes(void)
{
    switch (rnd_below(6)) {
    case 0: return f64_pool[rnd_below(16)];
    case 1: return f32_pool[rnd_below(16)] |
                   (uint64_t)f32_pool[rnd_below(16)] << 32;
    case 2: return int_pool[rnd_below(11)];
    case 3: return rnd() & 0x00ff00ff00ff00ffull;
    case 4: return 0;   /* string ends for PCMPISTRI */
    default: return rnd();
    }
}

static void random_simd_state(SimdState *st, bool x87)
{
    uint32_t mxcsr = 0x1f80 | (uint32_t)(rnd_below(4) << 13);

    random_image(st->fx, x87);
    if (rnd_below(4) == 0)
        mxcsr |= 0x8040 & (uint32_t)rnd();       /* FTZ, DAZ */
    if (rnd_below(4) == 0)
        mxcsr |= (uint32_t)rnd() & 0x3f;         /* flags already up */
    memcpy(st->fx + 24, &mxcsr, 4);
    for (int i = 0; i < 32; i++) {
        uint64_t q = random_lanes();
        memcpy(st->fx + 160 + 8 * i, &q, 8);
    }
    for (int i = 0; i < 16; i++)
        st->r[i] = rnd_below(2) ? rnd() : int_pool[rnd_below(11)];
    st->r[R_ESI] = DATA_ADDR;
    st->r[R_EDI] = DATA_ADDR + 512;
    st->r[R_EAX] = rnd_below(20);                /* PCMPESTRx lengths */
    st->r[R_EDX] = rnd_below(20);
    st->r[R_ESP] = 0;
    st->rflags = 0x202 | (rnd() & CC_ARITH);
    for (unsigned i = 0; i < DATA_SIZE; i += 8) {
        uint64_t q = random_lanes();
        memcpy(data_mem + i, &q, 8);
    }
}

typedef struct SimdCase {
    uint8_t bytes[16];
    unsigned len;
} SimdCase;

/* prefix, REX, escape bytes, opcode, ModRM (register form with random
 * registers, or [rsi]), immediate. */
static SimdCase simd_case(unsigned pfx, unsigned map, unsigned opcode,
                          bool mem, bool imm, bool x87)
{
    static const uint8_t pfx_byte[4] = { 0, 0x66, 0xf3, 0xf2 };
    SimdCase c = { .len = 0 };
    unsigned reg = rnd_below(mode32 ? 8 : 16), rm = rnd_below(mode32 ? 8 : 16);
    unsigned rex = 0;

    /* Not RSP: natively it is the host's stack pointer. */
    reg = reg == 4 ? 5 : reg;
    rm = rm == 4 ? 3 : rm;

    if (pfx)
        c.bytes[c.len++] = pfx_byte[pfx];
    if (!x87) {
        rex = (reg & 8 ? 4 : 0) | (!mem && (rm & 8) ? 1 : 0) |
              (!mode32 && rnd_below(4) == 0 ? 8 : 0);
        if (rex)
            c.bytes[c.len++] = (uint8_t)(0x40 | rex);
        c.bytes[c.len++] = 0x0f;
        if (map == 1)
            c.bytes[c.len++] = 0x38;
        if (map == 2)
            c.bytes[c.len++] = 0x3a;
    }
    c.bytes[c.len++] = (uint8_t)opcode;
    if (!x87 && map == 0 && opcode == 0x77)
        return c;                                       /* EMMS */
    if (!x87 && map == 0 && opcode == 0xae)
        reg &= 3;            /* FXSAVE FXRSTOR LDMXCSR STMXCSR, not XSAVE */
    if (mem)
        c.bytes[c.len++] = (uint8_t)((reg & 7) << 3 | 6);   /* [rsi] */
    else
        c.bytes[c.len++] = (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7));
    if (imm)
        c.bytes[c.len++] = (uint8_t)rnd();
    return c;
}

static const TCGBackend *const simd_backends[2] = {
    &tcg_backend_x86_64, &tcg_backend_interp,
};

static bool fx_byte_compared(unsigned b)
{
    return (b < 160 && image_byte_checked(b)) || (b >= 24 && b < 28) ||
           (b >= 160 && b < 416);
}

/* One instruction: 1 if native and mimic differ. */
static int check_simd(const SimdCase *c, bool x87)
{
    SimdState init, native, mimic;
    uint8_t data_init[DATA_SIZE], data_native[DATA_SIZE];
    int native_sig, bad = 0;
    uint64_t exit_addr = (uintptr_t)simd_native_exit;

    int32_t rel = (int32_t)(CODE_EXIT - (CODE_ADDR + c->len + 5));

    /* insn; jmp CODE_EXIT; at CODE_EXIT: jmp *0(%rip) to the exit. */
    memcpy(code_mem, c->bytes, c->len);
    code_mem[c->len] = 0xe9;
    memcpy(code_mem + c->len + 1, &rel, 4);
    memcpy(code_mem + 64, "\xff\x25\x00\x00\x00\x00", 6);
    memcpy(code_mem + 64 + 6, &exit_addr, 8);
    __builtin___clear_cache((char *)code_mem, (char *)code_mem + 128);

    if (getenv("MIMIC_TEST_TRACE"))
        disas_dump(stdout, DISAS_X86_64, c->bytes, c->len, CODE_ADDR);
    /* Unmasked x87 exceptions, except for stores (see is_memory_store). */
    random_simd_state(&init, x87 && !(c->len == 2 &&
                                      is_memory_store(c->bytes[0],
                                                      c->bytes[1])));
    memcpy(data_init, data_mem, DATA_SIZE);
    native = init;
    native_sig = run_native(&native);
    memcpy(data_native, data_mem, DATA_SIZE);

    for (int k = 0; k < 2; k++) {
        TCGExecConfig cfg = {
            .backend = simd_backends[k],
            .target = mode32 ? &i386_target_info : &x86_64_target_info,
            .code_cache_size = 8 << 20,
        };
        int excp, same_fault;

        tcg_exec_init(&cfg);
        memcpy(data_mem, data_init, DATA_SIZE);
        mimic = init;
        excp = run_mimic(&mimic);
        same_fault = (native_sig == 0 && excp == -1) ||
                     (native_sig == SIGILL && excp == EXCP_X86_UD) ||
                     (native_sig == SIGSEGV && excp == EXCP_X86_GP) ||
                     (native_sig == SIGFPE && excp == EXCP_X86_MF);
        if (!same_fault) {
            printf("  [%s] native signal %d, mimic exception %d\n",
                   simd_backends[k]->name, native_sig, excp);
            bad = 1;
            continue;
        }
        if (native_sig)
            continue;
        if (c->len >= 2 && c->bytes[c->len - 2] == 0xae &&
            c->bytes[c->len - 1] == 0x06) {
            /* FXSAVE: the last-instruction pointers and MXCSR_MASK. */
            memset(data_mem + 6, 0, 18);
            memset(data_native + 6, 0, 18);
            memset(data_mem + 28, 0, 4);
            memset(data_native + 28, 0, 4);
        }
        if (memcmp(data_mem, data_native, DATA_SIZE) != 0) {
            printf("  [%s] memory differs\n", simd_backends[k]->name);
            bad = 1;
        }
        for (int i = 0; i < (mode32 ? 8 : 16); i++)
            if (i != R_ESP &&
                (native.r[i] ^ mimic.r[i]) & (mode32 ? 0xffffffffull : ~0ull)) {
                printf("  [%s] r%d: native %016llx mimic %016llx\n",
                       simd_backends[k]->name, i,
                       (unsigned long long)native.r[i],
                       (unsigned long long)mimic.r[i]);
                bad = 1;
            }
        if ((native.rflags ^ mimic.rflags) & CC_ARITH) {
            printf("  [%s] flags: native %03llx mimic %03llx\n",
                   simd_backends[k]->name,
                   (unsigned long long)(native.rflags & 0xfff),
                   (unsigned long long)(mimic.rflags & 0xfff));
            bad = 1;
        }
        for (unsigned b = 0; b < 416; b++)
            if (fx_byte_compared(b) && native.fx[b] != mimic.fx[b]) {
                printf("  [%s] FXSAVE image differs at byte %u\n",
                       simd_backends[k]->name, b);
                dump("init", init.fx, 416);
                dump("native", native.fx, 416);
                dump("mimic", mimic.fx, 416);
                bad = 1;
                break;
            }
    }
    memcpy(data_mem, data_init, DATA_SIZE);
    if (bad)
        disas_dump(stdout, mode32 ? DISAS_I386 : DISAS_X86_64, c->bytes,
                   c->len, CODE_ADDR);
    return bad;
}

/* The SIMD opcodes of each map (the rest are integer instructions). */
static bool simd_opcode(unsigned map, unsigned op)
{
    switch (map) {
    case 0:
        return (op >= 0x10 && op <= 0x17) || (op >= 0x28 && op <= 0x2f) ||
               (op >= 0x50 && op <= 0x7f && op != 0x78 && op != 0x79) ||
               (op >= 0xc2 && op <= 0xc6) || op >= 0xd0 || op == 0xae;
    case 1:
        return op <= 0x41 || (op >= 0xdb && op <= 0xdf);
    default:
        return (op >= 0x08 && op <= 0x0f) || (op >= 0x14 && op <= 0x17) ||
               (op >= 0x20 && op <= 0x22) || (op >= 0x40 && op <= 0x44) ||
               (op >= 0x60 && op <= 0x63) || op == 0xdf;
    }
}

static bool simd_has_imm(unsigned map, unsigned op)
{
    return map == 2 || (map == 0 && ((op >= 0x70 && op <= 0x73) ||
                                     (op >= 0xc2 && op <= 0xc6 &&
                                      op != 0xc3)));
}

static void test_simd_end_to_end(void **state)
{
    unsigned runs = 0, failures = 0, per_form = 12;
    (void)state;

    for (unsigned map = 0; map < 3; map++)
        for (unsigned op = 0; op < 256; op++) {
            if (!simd_opcode(map, op))
                continue;
            for (unsigned pfx = 0; pfx < 4; pfx++)
                for (unsigned mem = 0; mem < 2; mem++)
                    for (unsigned k = 0;
                         k < per_form && failures < 10 &&
                         !(map == 0 && op == 0x2b && pfx >= 2) && /* SSE4a */
                         !(map == 0 && op == 0xae &&
                           (pfx || !mem || mode32));   /* image formats */
                         k++) {
                        SimdCase c = simd_case(pfx, map, op, mem,
                                               simd_has_imm(map, op), false);
                        runs++;
                        failures += (unsigned)check_simd(&c, false);
                    }
        }
    printf("simd: %u runs, %u mismatches\n", runs, failures);
    assert_int_equal(failures, 0);
}

static void test_x87_end_to_end(void **state)
{
    unsigned runs = 0, failures = 0, per_form = 6;
    (void)state;

    for (unsigned op = 0xd8; op <= 0xdf; op++)
        for (unsigned m = 0; m < 8 + 64; m++) {
            unsigned modrm = m < 8 ? (m << 3 | 6) : 0xc0 + (m - 8);
            /* FNSTENV, FNSAVE store the last-instruction pointer, which
             * mimic does not model. */
            if (m < 8 && (op == 0xd9 || op == 0xdd) && m == 6)
                continue;
            for (unsigned k = 0; k < per_form && failures < 10; k++) {
                SimdCase c = { .bytes = { (uint8_t)op, (uint8_t)modrm },
                               .len = 2 };
                runs++;
                failures += (unsigned)check_simd(&c, true);
            }
        }
    for (unsigned k = 0; k < 50; k++) {         /* FWAIT */
        SimdCase c = { .bytes = { 0x9b }, .len = 1 };
        runs++;
        failures += (unsigned)check_simd(&c, true);
    }
    printf("x87 end to end: %u runs, %u mismatches\n", runs, failures);
    assert_int_equal(failures, 0);
}

/* FXRSTOR with reserved MXCSR bits raises #GP and changes nothing. */
static void test_fxrstor_reserved_mxcsr(void **state)
{
    CPUX86State env;
    sigjmp_buf jmp;
    (void)state;

    memset(&env, 0, sizeof(env));
    x86_helper_fninit(&env);
    env.mxcsr = MXCSR_DEFAULT;
    env.common.jmp_env = &jmp;
    x86_helper_image_save(&env, X86_IMAGE_FXSAVE64);
    x86_helper_image_put(3, x86_helper_image_get(3) | 0x10000ull);
    if (sigsetjmp(jmp, 0) == 0) {
        x86_helper_image_load(&env, X86_IMAGE_FXSAVE64);
        fail();
    }
    assert_int_equal(env.common.exception_index, EXCP_X86_GP);
    assert_int_equal(env.mxcsr, MXCSR_DEFAULT);
}

int main(int argc, char **argv)
{
    const char *seed = getenv("MIMIC_TEST_SEED");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x87_against_host),
        cmocka_unit_test(test_x87_images),
        cmocka_unit_test(test_fxrstor_reserved_mxcsr),
        cmocka_unit_test(test_x87_end_to_end),
        cmocka_unit_test(test_simd_end_to_end),
    };
    const struct CMUnitTest tests32[] = {
        cmocka_unit_test(test_x87_end_to_end),
        cmocka_unit_test(test_simd_end_to_end),
    };

    rng_state = seed ? strtoull(seed, NULL, 0) : 0x9e3779b97f4a7c15ull;
    if (!rng_state)
        rng_state = 1;
    printf("seed 0x%llx (MIMIC_TEST_SEED)\n", (unsigned long long)rng_state);
    native_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code_mem = mmap((void *)(uintptr_t)CODE_ADDR, 4096,
                    PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    data_mem = mmap((void *)(uintptr_t)DATA_ADDR, 4096,
                    PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (native_page == MAP_FAILED || code_mem != (void *)CODE_ADDR ||
        data_mem != (void *)DATA_ADDR)
        return 1;
    mode32 = argc > 1 && strcmp(argv[1], "i386") == 0;
    tcg_guest_base = 0;
    tcg_context_init();
    (mode32 ? &i386_target_info : &x86_64_target_info)->tcg_init();
    if (mode32)
        return cmocka_run_group_tests(tests32, NULL, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
