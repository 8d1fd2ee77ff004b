/*
 * test-host-cost.c: golden host-instruction counts.  Each line of the
 * golden file (argument 1, e.g. host-cost-ppc.txt) names a guest
 * instruction, as its bytes in memory order in hex, and the number of
 * x86-64 instructions the backend emits for it, beyond a TB holding only a
 * nop.  The test translates each one at the start of a TB with the
 * frontend of the guest named by argument 2 (ppc, the default, or x86_64)
 * and the x86-64 backend, counts the host instructions with capstone, and
 * fails on any difference: a dearer instruction is a regression; a
 * cheaper one is an improvement to pin (MIMIC_UPDATE_GOLDEN=1 rewrites
 * the file).  PowerPC TBs end at the illegal word after the instruction,
 * x86 ones at an INT3.
 */
#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "target-ppc/cpu.h"
#include "target-x86/cpu.h"
#include "tcg/tb.h"
#include "tcg/x86_64/emit.h"

#define GUEST_START 0x10000000u
#define GUEST_SIZE 0x10000u
#define MAX_LINES 1024
#define MAX_BYTES 16
/* x86 TBs: the x87 stack of code with two values on it (TOP 6, registers
 * 6 and 7 full), where x87 instructions run inline. */
#define X86_TB_X87_TWO_DEEP (6ul << X86_TB_X87_TOP_SHIFT \
                             | 0xc0ul << X86_TB_X87_FULL_SHIFT)

uintptr_t tcg_guest_base;
static CPUPPCState ppc_env;
static CPUX86State x86_env;
static bool x86;
static csh cs;

const void *translator_code_ptr(CPUCommon *c, uint64_t pc, size_t len)
{
    (void)c;
    if (pc < GUEST_START || pc + len > GUEST_START + GUEST_SIZE) {
        return NULL;
    }
    return (const void *)(tcg_guest_base + pc);
}

/* Host instructions of the TB translated from the len bytes of insn at
 * its start. */
static long host_insns(const uint8_t *insn, size_t len)
{
    uint8_t *p = (uint8_t *)(tcg_guest_base + GUEST_START);
    cs_insn *out;
    TranslationBlock *tb;

    tb_flush();
    memset(p, 0, 2 * MAX_BYTES);
    memcpy(p, insn, len);
    if (x86) {
        p[len] = 0xcc; /* INT3 */
        x86_cpu_reset(&x86_env, true);
        x86_env.common.pc = GUEST_START;
        /* the key of a running program: MXCSR default (inline SSE) */
        tb = tb_gen_code(&x86_env.common, GUEST_START,
                         X86_TB_CODE64 | X86_TB_SSE_DEFAULT |
                         X86_TB_X87_TWO_DEEP);
    } else {
        ppc_cpu_reset(&ppc_env);
        ppc_env.common.pc = GUEST_START;
        /* the key of a running program: FPSCR nearest (inline FP) */
        tb = tb_gen_code(&ppc_env.common, GUEST_START, PPC_TB_FP_NEAREST);
    }
    size_t n = cs_disasm(cs, tb->code, tb->code_size, (uintptr_t)tb->code, 0,
                         &out);
    if (n > 0) {
        cs_free(out, n);
    }
    return (long)n;
}

typedef struct Line {
    char text[256];  /* the line as read (comments), or the instruction */
    bool is_insn;
    uint8_t bytes[MAX_BYTES];
    size_t len;
    long pinned, now;
} Line;

/* The hex digits of tok as bytes; false unless a whole number of them. */
static bool parse_bytes(const char *tok, Line *l)
{
    size_t digits = strlen(tok);

    if (digits == 0 || digits % 2 || digits / 2 > MAX_BYTES ||
        strspn(tok, "0123456789abcdefABCDEF") != digits) {
        return false;
    }
    l->len = digits / 2;
    for (size_t i = 0; i < l->len; i++) {
        unsigned b;
        sscanf(tok + 2 * i, "%2x", &b);
        l->bytes[i] = (uint8_t)b;
    }
    return true;
}

static Line lines[MAX_LINES];

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 ||
        (argc == 3 && strcmp(argv[2], "ppc") && strcmp(argv[2], "x86_64"))) {
        fprintf(stderr, "usage: test-host-cost GOLDEN-FILE [ppc|x86_64]\n");
        return 2;
    }
    x86 = argc == 3 && !strcmp(argv[2], "x86_64");
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    int nlines = 0;
    char buf[256];
    while (nlines < MAX_LINES && fgets(buf, sizeof(buf), f)) {
        Line *l = &lines[nlines++];
        buf[strcspn(buf, "\n")] = 0;
        int used = 0;
        char tok[2 * MAX_BYTES + 2];
        if (buf[0] != '#' &&
            sscanf(buf, "%33s %ld %n", tok, &l->pinned, &used) == 2 && used &&
            parse_bytes(tok, l)) {
            l->is_insn = true;
            snprintf(l->text, sizeof(l->text), "%s", buf + used);
        } else {
            snprintf(l->text, sizeof(l->text), "%s", buf);
        }
    }
    fclose(f);

    /* Guest base 0, as mimic runs its guests (memory accesses have no
     * base register then). */
    uint8_t *mem = mmap((void *)(uintptr_t)GUEST_START, GUEST_SIZE,
                        PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                        -1, 0);
    if (mem != (uint8_t *)(uintptr_t)GUEST_START) {
        printf("cannot map the guest code at %#x: skipped\n", GUEST_START);
        return 77;
    }
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
        return 1;
    }
    tcg_guest_base = 0;
    tcg_context_init();
    const TargetInfo *target = x86 ? &x86_64_target_info : &ppc_target_info;
    target->tcg_init();
    TCGExecConfig cfg = {
        .backend = &tcg_backend_x86_64,
        .target = target,
        .code_cache_size = 16 << 20,
    };
    tcg_exec_init(&cfg);
    /* the same code on every host */
    x86_features = X86_FEAT_BMI1 | X86_FEAT_BMI2 | X86_FEAT_LZCNT |
                   X86_FEAT_POPCNT | X86_FEAT_MOVBE | X86_FEAT_FMA;

    static const uint8_t ppc_nop[] = { 0x60, 0, 0, 0 }, x86_nop[] = { 0x90 };
    long base = x86 ? host_insns(x86_nop, 1) : host_insns(ppc_nop, 4);
    int worse = 0, better = 0, total = 0;
    for (int i = 0; i < nlines; i++) {
        Line *l = &lines[i];
        if (!l->is_insn) {
            continue;
        }
        total++;
        l->now = host_insns(l->bytes, l->len) - base;
        if (l->now != l->pinned) {
            printf("%s: %-24s pinned %ld, now %ld\n",
                   l->now > l->pinned ? "WORSE" : "better", l->text,
                   l->pinned, l->now);
            worse += l->now > l->pinned;
            better += l->now < l->pinned;
        }
    }
    printf("%d instructions: %d dearer, %d cheaper than pinned\n", total,
           worse, better);
    if ((worse || better) && getenv("MIMIC_UPDATE_GOLDEN")) {
        f = fopen(argv[1], "w");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        for (int i = 0; i < nlines; i++) {
            if (lines[i].is_insn) {
                for (size_t k = 0; k < lines[i].len; k++) {
                    fprintf(f, "%02x", lines[i].bytes[k]);
                }
                fprintf(f, " %3ld  %s\n", lines[i].now, lines[i].text);
            } else {
                fprintf(f, "%s\n", lines[i].text);
            }
        }
        fclose(f);
        printf("updated %s\n", argv[1]);
        return 0;
    }
    return worse || better ? 1 : 0;
}
