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
 * FCOMI, ZF/PF/CF must be equal.  The seed is printed; MIMIC_TEST_SEED
 * sets it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "target-x86/fpu_helper.h"

static sigjmp_buf loop_exit;

_Noreturn void cpu_loop_exit(CPUCommon *env)
{
    (void)env;
    siglongjmp(loop_exit, 1);
}

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

/* FXRSTOR with reserved MXCSR bits raises #GP and changes nothing. */
static void test_fxrstor_reserved_mxcsr(void **state)
{
    CPUX86State env;
    (void)state;

    memset(&env, 0, sizeof(env));
    x86_helper_fninit(&env);
    env.mxcsr = MXCSR_DEFAULT;
    x86_helper_image_save(&env, X86_IMAGE_FXSAVE64);
    x86_helper_image_put(3, x86_helper_image_get(3) | 0x10000ull);
    if (sigsetjmp(loop_exit, 0) == 0) {
        x86_helper_image_load(&env, X86_IMAGE_FXSAVE64);
        fail();
    }
    assert_int_equal(env.common.exception_index, EXCP_X86_GP);
    assert_int_equal(env.mxcsr, MXCSR_DEFAULT);
}

int main(void)
{
    const char *seed = getenv("MIMIC_TEST_SEED");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x87_against_host),
        cmocka_unit_test(test_x87_images),
        cmocka_unit_test(test_fxrstor_reserved_mxcsr),
    };

    rng_state = seed ? strtoull(seed, NULL, 0) : 0x9e3779b97f4a7c15ull;
    if (!rng_state)
        rng_state = 1;
    printf("seed 0x%llx (MIMIC_TEST_SEED)\n", (unsigned long long)rng_state);
    native_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (native_page == MAP_FAILED)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
