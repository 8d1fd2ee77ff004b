/*
 * Loads and stores: every size in the D, update, indexed and update-indexed
 * forms (value and the updated base register), sign extension (lha),
 * byte-reversed forms, unaligned accesses, lmw/stmw, the string
 * instructions lswi/lswx/stswi/stswx (with XER byte counts 0..16),
 * lwarx/stwcx. and dcbz.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static uint8_t buf[128] __attribute__((aligned(64)));

static void fill(void)
{
    for (int i = 0; i < (int)sizeof(buf); i++)
        buf[i] = (uint8_t)(0x80 + i * 3);
}

static void dump(const char *what, int from, int len)
{
    printf("%s:", what);
    for (int i = from; i < from + len; i++)
        printf(" %02x", buf[i]);
    printf("\n");
}

/* Load with displacement 6 (D form) and index 10 (X form). */
#define LOAD_D(insn)                                                         \
    static void test_##insn(int off)                                         \
    {                                                                        \
        uint32_t v;                                                          \
        asm volatile(#insn " %0,6(%1)" : "=r"(v) : "b"(buf + off) : "memory"); \
        printf(#insn " off=%d: %08x\n", off, v);                             \
    }
#define LOAD_DU(insn)                                                        \
    static void test_##insn(int off)                                         \
    {                                                                        \
        uint32_t v;                                                          \
        uint8_t *p = buf + off;                                              \
        asm volatile(#insn " %0,6(%1)" : "=r"(v), "+b"(p) : : "memory");     \
        printf(#insn " off=%d: %08x base+%d\n", off, v, (int)(p - buf));     \
    }
#define LOAD_X(insn)                                                         \
    static void test_##insn(int off)                                         \
    {                                                                        \
        uint32_t v;                                                          \
        asm volatile(#insn " %0,%1,%2"                                       \
                     : "=r"(v) : "b"(buf + off), "r"(10) : "memory");        \
        printf(#insn " off=%d: %08x\n", off, v);                             \
    }
#define LOAD_XU(insn)                                                        \
    static void test_##insn(int off)                                         \
    {                                                                        \
        uint32_t v;                                                          \
        uint8_t *p = buf + off;                                              \
        asm volatile(#insn " %0,%1,%2"                                       \
                     : "=r"(v), "+b"(p) : "r"(10) : "memory");               \
        printf(#insn " off=%d: %08x base+%d\n", off, v, (int)(p - buf));     \
    }
LOAD_D(lbz) LOAD_DU(lbzu) LOAD_X(lbzx) LOAD_XU(lbzux)
LOAD_D(lhz) LOAD_DU(lhzu) LOAD_X(lhzx) LOAD_XU(lhzux)
LOAD_D(lha) LOAD_DU(lhau) LOAD_X(lhax) LOAD_XU(lhaux)
LOAD_D(lwz) LOAD_DU(lwzu) LOAD_X(lwzx) LOAD_XU(lwzux)
LOAD_X(lhbrx) LOAD_X(lwbrx)

#define STORE_D(insn)                                                        \
    static void test_##insn(int off)                                         \
    {                                                                        \
        fill();                                                              \
        asm volatile(#insn " %0,6(%1)"                                       \
                     : : "r"(0x11223344), "b"(buf + off) : "memory");        \
        printf(#insn " off=%d", off);                                       \
        dump("", off, 16);                                                   \
    }
#define STORE_DU(insn)                                                       \
    static void test_##insn(int off)                                         \
    {                                                                        \
        uint8_t *p = buf + off;                                              \
        fill();                                                              \
        asm volatile(#insn " %1,6(%0)"                                       \
                     : "+b"(p) : "r"(0x55667788) : "memory");                \
        printf(#insn " off=%d base+%d", off, (int)(p - buf));               \
        dump("", off, 16);                                                   \
    }
#define STORE_X(insn)                                                        \
    static void test_##insn(int off)                                         \
    {                                                                        \
        fill();                                                              \
        asm volatile(#insn " %0,%1,%2"                                       \
                     : : "r"(0x99aabbcc), "b"(buf + off), "r"(10) : "memory"); \
        printf(#insn " off=%d", off);                                       \
        dump("", off, 16);                                                   \
    }
#define STORE_XU(insn)                                                       \
    static void test_##insn(int off)                                         \
    {                                                                        \
        uint8_t *p = buf + off;                                              \
        fill();                                                              \
        asm volatile(#insn " %1,%0,%2"                                       \
                     : "+b"(p) : "r"(0xddeeff01), "r"(10) : "memory");       \
        printf(#insn " off=%d base+%d", off, (int)(p - buf));               \
        dump("", off, 16);                                                   \
    }
STORE_D(stb) STORE_DU(stbu) STORE_X(stbx) STORE_XU(stbux)
STORE_D(sth) STORE_DU(sthu) STORE_X(sthx) STORE_XU(sthux)
STORE_D(stw) STORE_DU(stwu) STORE_X(stwx) STORE_XU(stwux)
STORE_X(sthbrx) STORE_X(stwbrx)

static void (*const tests[])(int) = {
    test_lbz, test_lbzu, test_lbzx, test_lbzux, test_lhz, test_lhzu,
    test_lhzx, test_lhzux, test_lha, test_lhau, test_lhax, test_lhaux,
    test_lwz, test_lwzu, test_lwzx, test_lwzux, test_lhbrx, test_lwbrx,
    test_stb, test_stbu, test_stbx, test_stbux, test_sth, test_sthu,
    test_sthx, test_sthux, test_stw, test_stwu, test_stwx, test_stwux,
    test_sthbrx, test_stwbrx,
};

/* lmw/stmw need r26..r31, which the compiler may use: plain asm
   functions that save and restore them by hand. */
void lmw_to_words(const uint32_t *src, uint32_t *dst);
void stmw_from_words(const uint32_t *src, uint32_t *dst);
asm(".text\n"
    "lmw_to_words:\n"
    "  stwu 1,-48(1)\n"
    "  stw 26,16(1)\n  stw 27,20(1)\n  stw 28,24(1)\n"
    "  stw 29,28(1)\n  stw 30,32(1)\n  stw 31,36(1)\n"
    "  lmw 26,4(3)\n"
    "  stw 26,0(4)\n  stw 27,4(4)\n  stw 28,8(4)\n"
    "  stw 29,12(4)\n  stw 30,16(4)\n  stw 31,20(4)\n"
    "  lwz 26,16(1)\n  lwz 27,20(1)\n  lwz 28,24(1)\n"
    "  lwz 29,28(1)\n  lwz 30,32(1)\n  lwz 31,36(1)\n"
    "  addi 1,1,48\n"
    "  blr\n"
    "stmw_from_words:\n"
    "  stwu 1,-48(1)\n"
    "  stw 26,16(1)\n  stw 27,20(1)\n  stw 28,24(1)\n"
    "  stw 29,28(1)\n  stw 30,32(1)\n  stw 31,36(1)\n"
    "  lwz 26,0(3)\n  lwz 27,4(3)\n  lwz 28,8(3)\n"
    "  lwz 29,12(3)\n  lwz 30,16(3)\n  lwz 31,20(3)\n"
    "  stmw 26,8(4)\n"
    "  lwz 26,16(1)\n  lwz 27,20(1)\n  lwz 28,24(1)\n"
    "  lwz 29,28(1)\n  lwz 30,32(1)\n  lwz 31,36(1)\n"
    "  addi 1,1,48\n"
    "  blr\n");

/* String loads into r8..r11 (preset to 0xeeeeeeee), stored to out[4]. */
#define STRING_REGS_PRESET                                                   \
    "lis 8,0xeeee\n\tori 8,8,0xeeee\n\tmr 9,8\n\tmr 10,8\n\tmr 11,8\n\t"
#define STRING_REGS_OUT                                                      \
    "\n\tstw 8,0(%[o])\n\tstw 9,4(%[o])\n\tstw 10,8(%[o])\n\tstw 11,12(%[o])"
#define DEF_LSWI(n)                                                          \
    static void lswi_##n(const uint8_t *src, uint32_t *out)                  \
    {                                                                        \
        asm volatile(STRING_REGS_PRESET "lswi 8,%[s]," #n STRING_REGS_OUT    \
                     : : [s] "b"(src), [o] "b"(out)                          \
                     : "r8", "r9", "r10", "r11", "memory");                  \
    }
DEF_LSWI(1) DEF_LSWI(3) DEF_LSWI(4) DEF_LSWI(7) DEF_LSWI(13) DEF_LSWI(16)
static void (*const lswis[])(const uint8_t *, uint32_t *) = {
    lswi_1, lswi_3, lswi_4, lswi_7, lswi_13, lswi_16,
};
static const int lswi_counts[] = { 1, 3, 4, 7, 13, 16 };

static void lswx(const uint8_t *src, uint32_t count, uint32_t *out)
{
    asm volatile(STRING_REGS_PRESET "mtxer %[n]\n\tlswx 8,0,%[s]" STRING_REGS_OUT
                 : : [s] "r"(src), [n] "r"(count), [o] "b"(out)
                 : "r8", "r9", "r10", "r11", "xer", "memory");
}

#define DEF_STSWI(n)                                                         \
    static void stswi_##n(const uint32_t *in, uint8_t *dst)                  \
    {                                                                        \
        asm volatile("lwz 8,0(%[i])\n\tlwz 9,4(%[i])\n\tlwz 10,8(%[i])\n\t"  \
                     "lwz 11,12(%[i])\n\tstswi 8,%[d]," #n                   \
                     : : [i] "b"(in), [d] "b"(dst)                           \
                     : "r8", "r9", "r10", "r11", "memory");                  \
    }
DEF_STSWI(2) DEF_STSWI(5) DEF_STSWI(8) DEF_STSWI(15)
static void (*const stswis[])(const uint32_t *, uint8_t *) = {
    stswi_2, stswi_5, stswi_8, stswi_15,
};
static const int stswi_counts[] = { 2, 5, 8, 15 };

static void stswx(const uint32_t *in, uint32_t count, uint8_t *dst)
{
    asm volatile("lwz 8,0(%[i])\n\tlwz 9,4(%[i])\n\tlwz 10,8(%[i])\n\t"
                 "lwz 11,12(%[i])\n\tmtxer %[n]\n\tstswx 8,0,%[d]"
                 : : [i] "b"(in), [d] "r"(dst), [n] "r"(count)
                 : "r8", "r9", "r10", "r11", "xer", "memory");
}

static void test_strings(void)
{
    uint32_t out[4];
    static const uint32_t words[4] = { 0x01020304, 0x05060708, 0x090a0b0c,
                                       0x0d0e0f10 };
    fill();
    for (int k = 0; k < 6; k++) {
        lswis[k](buf + 3, out);
        printf("lswi n=%d: %08x %08x %08x %08x\n", lswi_counts[k], out[0],
               out[1], out[2], out[3]);
    }
    for (uint32_t n = 0; n <= 16; n++) {
        lswx(buf + 1, n, out);
        printf("lswx n=%u: %08x %08x %08x %08x\n", n, out[0], out[1], out[2],
               out[3]);
    }
    for (int k = 0; k < 4; k++) {
        fill();
        stswis[k](words, buf + 5);
        printf("stswi n=%d", stswi_counts[k]);
        dump("", 4, 18);
    }
    for (uint32_t n = 0; n <= 16; n += 3) {
        fill();
        stswx(words, n, buf + 2);
        printf("stswx n=%u", n);
        dump("", 0, 20);
    }
}

static void test_multiple(void)
{
    uint32_t src[8], dst[8];
    for (int i = 0; i < 8; i++)
        src[i] = 0x10101010u * (uint32_t)(i + 1) + 0x01234567u;
    memset(dst, 0, sizeof(dst));
    lmw_to_words(src, dst);
    printf("lmw:");
    for (int i = 0; i < 8; i++)
        printf(" %08x", dst[i]);
    printf("\n");
    memset(dst, 0, sizeof(dst));
    stmw_from_words(src, dst);
    printf("stmw:");
    for (int i = 0; i < 8; i++)
        printf(" %08x", dst[i]);
    printf("\n");
}

static uint32_t counter;

static void test_reservation(void)
{
    uint32_t cr_ok = 0, cr_fail;
    for (int i = 0; i < 1000; i++) {
        uint32_t old, cr;
        asm volatile("1: lwarx %[o],0,%[p]\n\t"
                     "addi %[o],%[o],3\n\t"
                     "stwcx. %[o],0,%[p]\n\t"
                     "mfcr %[cr]\n\t"
                     "bne- 1b"
                     : [o] "=&b"(old), [cr] "=&r"(cr)
                     : [p] "r"(&counter) : "cr0", "memory");
        cr_ok = cr >> 28;
    }
    /* the successful stwcx. ended the reservation: this one must fail */
    uint32_t cr;
    asm volatile("li 0,0\n\tmtxer 0\n\tstwcx. %[v],0,%[p]\n\tmfcr %[cr]"
                 : [cr] "=r"(cr) : [v] "r"(12345), [p] "r"(&counter)
                 : "r0", "cr0", "xer", "memory");
    cr_fail = cr >> 28;
    printf("lwarx/stwcx. counter=%u cr0 ok=%x no-reservation=%x\n", counter,
           cr_ok, cr_fail);
}

static void test_dcbz(void)
{
    unsigned long line = getauxval(AT_DCACHEBSIZE);
    if (line == 0 || line > 64 || (line & (line - 1))) {
        printf("dcbz: no usable AT_DCACHEBSIZE (%lu)\n", line);
        return;
    }
    memset(buf, 0xff, sizeof(buf));
    asm volatile("dcbz 0,%0" : : "r"(buf + 64 + 5) : "memory");
    int ok = 1;
    for (unsigned i = 0; i < sizeof(buf); i++) {
        int inside = i >= 64 && i < 64 + line;
        ok &= buf[i] == (inside ? 0 : 0xff);
    }
    printf("dcbz zeroed exactly the aligned block: %s\n", ok ? "yes" : "no");
}

int main(void)
{
    for (unsigned k = 0; k < sizeof(tests) / sizeof(tests[0]); k++)
        for (int off = 0; off < 4; off++) {
            fill();
            tests[k](off);
        }
    test_strings();
    test_multiple();
    test_reservation();
    test_dcbz();
    return 0;
}
