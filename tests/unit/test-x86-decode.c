/*
 * test-x86-decode.c: instruction lengths from mimic's x86 decoder against
 * capstone's, on seeded random byte strings shaped like instructions
 * (random legacy prefixes, REX, opcode map or a VEX prefix, opcode, then
 * random bytes), in 64-bit and 32-bit code.  Wherever both decoders accept the bytes, the
 * lengths must agree.  MIMIC_X86_DECODE=n sets the number of strings per
 * mode (default 200000).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "target-x86/translate.h"
#include "util/disas.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void random_insn(uint8_t *buf, bool code64)
{
    static const uint8_t prefixes[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e,
                                        0x3e, 0x26, 0x64, 0x65, 0x36 };
    int n = 0;
    for (int i = 0; i < X86_MAX_INSN_LEN + 1; i++) {
        buf[i] = (uint8_t)rnd();
    }
    int npfx = (int)(rnd() % 4);
    for (int i = 0; i < npfx; i++) {
        buf[n++] = prefixes[rnd() % sizeof(prefixes)];
    }
    if (code64 && rnd() % 2) {
        buf[n++] = (uint8_t)(0x40 | (rnd() & 15));
    }
    switch (rnd() % 5) {
    case 4: { /* three-byte VEX, mostly with the BMI opcodes */
        static const uint8_t bmi[] = { 0xf2, 0xf3, 0xf5, 0xf6, 0xf7 };
        int map = rnd() % 8 ? 2 + (int)(rnd() % 2) : (int)(rnd() % 32);
        buf[n++] = 0xc4;
        /* R and X set (inverted) in 32-bit code, or it is LES */
        buf[n] = (uint8_t)((buf[n] & 0xe0) | map);
        if (!code64 || rnd() % 2) {
            buf[n] |= 0xc0;
        }
        n += 2; /* W vvvv L pp stay random */
        if (rnd() % 8) {
            buf[n] = map == 3 ? 0xf0 : bmi[rnd() % sizeof(bmi)];
        }
        break;
    }
    case 0:
        break; /* one-byte map: random opcode already there */
    case 1:
        buf[n++] = 0x0f;
        break;
    case 2:
        buf[n++] = 0x0f;
        buf[n++] = 0x38;
        break;
    default:
        buf[n++] = 0x0f;
        buf[n++] = 0x3a;
        break;
    }
}

/*
 * Capstone 4 sizes the displacement of near branches and the immediate of
 * RET imm16 by 66/67 prefixes in ways that contradict the manuals (and
 * each other: 66 E8 and 66 0F 8x differ in 64-bit code), and lets F2/F3
 * cancel 66 on one-byte opcodes (66 F3 68 = PUSH imm32).  Such encodings
 * do not occur in compiled code; they are left out.  So is 0F 78 without
 * a prefix (VMREAD, for the kernel), which capstone reads as AMD's EXTRQ.
 */
static bool capstone_quirk(const X86Insn *i)
{
    bool branch = (i->map == X86_MAP_1B
                   && (i->opcode == 0xe8 || i->opcode == 0xe9
                       || i->opcode == 0xc2 || i->opcode == 0xca))
                  || (i->map == X86_MAP_0F && (i->opcode & 0xf0) == 0x80);
    if (i->map == X86_MAP_0F && i->opcode == 0x78 && !i->vex) {
        return true;
    }
    return (branch && (i->opsize || i->adsize))
           || (i->map == X86_MAP_1B && i->opsize && (i->rep || i->repne));
}

static void format_bytes(char *out, const uint8_t *b, int n)
{
    for (int i = 0; i < n; i++) {
        sprintf(out + 3 * i, "%02x ", b[i]);
    }
}

static void check_mode(bool code64)
{
    const char *n_env = getenv("MIMIC_X86_DECODE");
    int n = n_env ? atoi(n_env) : 200000;
    DisasArch arch = code64 ? DISAS_X86_64 : DISAS_I386;
    int compared = 0, mismatches = 0;

    rng_state = code64 ? 0x1234567ull : 0x7654321ull;
    for (int i = 0; i < n; i++) {
        uint8_t buf[X86_MAX_INSN_LEN + 1];
        X86Insn insn;
        char mnem[64];

        random_insn(buf, code64);
        int ours = x86_decode(buf, X86_MAX_INSN_LEN, code64, &insn);
        size_t theirs = disas_one(arch, buf, X86_MAX_INSN_LEN, 0x1000, mnem,
                                  sizeof(mnem));
        if (ours <= 0 || theirs == 0 || capstone_quirk(&insn)) {
            continue;
        }
        compared++;
        if ((size_t)ours != theirs) {
            char hex[3 * (X86_MAX_INSN_LEN + 1) + 1];
            format_bytes(hex, buf, X86_MAX_INSN_LEN);
            if (mismatches < 20) {
                printf("%s: %s-> mimic %d, capstone %zu (%s)\n",
                       code64 ? "x86_64" : "i386", hex, ours, theirs, mnem);
            }
            mismatches++;
        }
    }
    printf("%s: %d of %d random instructions decoded by both, %d length "
           "mismatches\n", code64 ? "x86_64" : "i386", compared, n,
           mismatches);
    assert_true(compared > n / 4);
    assert_int_equal(mismatches, 0);
}

static void test_decode_x86_64(void **state)
{
    check_mode(true);
}

static void test_decode_i386(void **state)
{
    check_mode(false);
}

/* Lengths checked by hand against the architecture manual. */
static void test_known_lengths(void **state)
{
    X86Insn insn;
    /* f6 /0 with rip-relative: 2 + 4 + imm8 = 7 */
    const uint8_t test_rip[] = { 0xf6, 0x05, 1, 2, 3, 4, 0x55 };
    assert_int_equal(x86_decode(test_rip, sizeof(test_rip), true, &insn), 7);
    /* f6 /2 (not) has no immediate */
    const uint8_t not_rm[] = { 0xf6, 0xd0 };
    assert_int_equal(x86_decode(not_rm, sizeof(not_rm), true, &insn), 2);
    const uint8_t movabs[] = { 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };
    assert_int_equal(x86_decode(movabs, sizeof(movabs), true, &insn), 10);
    assert_int_equal(insn.imm, 0x0807060504030201ll);
    const uint8_t moffs16[] = { 0x67, 0xa1, 1, 2 };
    assert_int_equal(x86_decode(moffs16, sizeof(moffs16), false, &insn), 4);
    const uint8_t enter[] = { 0xc8, 0x10, 0x00, 0x01 };
    assert_int_equal(x86_decode(enter, sizeof(enter), true, &insn), 4);
    assert_int_equal(insn.imm, 0x10);
    assert_int_equal(insn.imm2, 1);
    const uint8_t bp16[] = { 0x67, 0x8b, 0x46, 0x10 };
    assert_int_equal(x86_decode(bp16, sizeof(bp16), false, &insn), 4);
    const uint8_t d16[] = { 0x67, 0x8b, 0x06, 0x34, 0x12 };
    assert_int_equal(x86_decode(d16, sizeof(d16), false, &insn), 5);
    assert_int_equal(insn.disp, 0x1234);
    /* Truncated: needs more bytes than available. */
    assert_int_equal(x86_decode(movabs, 5, true, &insn), 0);
    /* 16 bytes of prefixes: too long. */
    const uint8_t long_insn[16] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                    0x66, 0x90 };
    assert_int_equal(x86_decode(long_insn, 16, true, &insn), -1);
    /* Invalid in 64-bit code, valid in 32-bit. */
    const uint8_t daa[] = { 0x27 };
    assert_int_equal(x86_decode(daa, 1, true, &insn), -1);
    assert_int_equal(x86_decode(daa, 1, false, &insn), 1);
    /* REX before a legacy prefix is ignored: 48 66 89 c0 = mov ax, ax */
    const uint8_t rex_lost[] = { 0x48, 0x66, 0x89, 0xc0 };
    assert_int_equal(x86_decode(rex_lost, 4, true, &insn), 4);
    assert_int_equal(insn.rex, 0);
    assert_int_equal(insn.ot, MO_16);
    /* VEX: rorx $5, %rax, %rax (W1, map 0F3A, Ib) */
    const uint8_t rorx[] = { 0xc4, 0xe3, 0xfb, 0xf0, 0xc0, 0x05 };
    assert_int_equal(x86_decode(rorx, sizeof(rorx), true, &insn), 6);
    assert_true(insn.vex);
    assert_int_equal(insn.ot, MO_64);
    assert_int_equal(insn.pfx, X86_PFX_F2);
    assert_int_equal(insn.imm, 5);
    /* andn (%rsp), %r9d, %r10d: vvvv = 9 (stored inverted), SIB */
    const uint8_t andn[] = { 0xc4, 0x62, 0x30, 0xf2, 0x14, 0x24 };
    assert_int_equal(x86_decode(andn, sizeof(andn), true, &insn), 6);
    assert_int_equal(insn.vex_v, 9);
    assert_int_equal(insn.reg, 10);
    /* In 32-bit code C4 with a memory ModRM is LES: les (%eax), %eax */
    const uint8_t les[] = { 0xc4, 0x00 };
    assert_int_equal(x86_decode(les, sizeof(les), false, &insn), 2);
    assert_false(insn.vex);
    /* A REX prefix before VEX: #UD */
    const uint8_t rex_vex[] = { 0x48, 0xc4, 0xe3, 0xfb, 0xf0, 0xc0, 0x05 };
    assert_int_equal(x86_decode(rex_vex, sizeof(rex_vex), true, &insn), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_lengths),
        cmocka_unit_test(test_decode_x86_64),
        cmocka_unit_test(test_decode_i386),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
