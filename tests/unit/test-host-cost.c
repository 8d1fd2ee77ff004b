/*
 * test-host-cost.c: golden host-instruction counts.  Each line of the
 * golden file (argument 1, e.g. host-cost-ppc.txt) names a PowerPC
 * instruction word and the number of x86-64 instructions the backend
 * emits for it, beyond a TB holding only a nop.  The test translates each
 * one as a one-instruction TB with the PowerPC frontend and the x86-64
 * backend, counts the host instructions with capstone, and fails on any
 * difference: a dearer instruction is a regression; a cheaper one is an
 * improvement to pin (MIMIC_UPDATE_GOLDEN=1 rewrites the file).
 */
#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "target-ppc/cpu.h"
#include "tcg/tb.h"
#include "tcg/x86_64/emit.h"

#define GUEST_START 0x10000000u
#define GUEST_SIZE 0x10000u
#define MAX_LINES 1024

uintptr_t tcg_guest_base;
static CPUPPCState env;
static csh cs;

const void *translator_code_ptr(CPUCommon *c, uint64_t pc, size_t len)
{
    (void)c;
    if (pc < GUEST_START || pc + len > GUEST_START + GUEST_SIZE) {
        return NULL;
    }
    return (const void *)(tcg_guest_base + pc);
}

/* Host instructions of the TB translated from insn alone at the start. */
static long host_insns(uint32_t insn)
{
    uint8_t *p = (uint8_t *)(tcg_guest_base + GUEST_START);
    cs_insn *out;

    tb_flush();
    p[0] = (uint8_t)(insn >> 24);
    p[1] = (uint8_t)(insn >> 16);
    p[2] = (uint8_t)(insn >> 8);
    p[3] = (uint8_t)insn;
    ppc_cpu_reset(&env);
    env.common.pc = GUEST_START;
    /* the key of a running program: FPSCR nearest, XX set (inline FP) */
    TranslationBlock *tb = tb_gen_code(&env.common, GUEST_START,
                                       PPC_TB_FP_NEAREST | PPC_TB_FP_XX);
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
    uint32_t word;
    long pinned, now;
} Line;

static Line lines[MAX_LINES];

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test-host-cost GOLDEN-FILE\n");
        return 2;
    }
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
        unsigned word;
        if (buf[0] != '#' &&
            sscanf(buf, "%x %ld %n", &word, &l->pinned, &used) == 2 && used) {
            l->is_insn = true;
            l->word = word;
            snprintf(l->text, sizeof(l->text), "%s", buf + used);
        } else {
            snprintf(l->text, sizeof(l->text), "%s", buf);
        }
    }
    fclose(f);

    uint8_t *mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED || cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
        return 1;
    }
    tcg_guest_base = (uintptr_t)mem - GUEST_START;
    tcg_context_init();
    ppc_target_info.tcg_init();
    TCGExecConfig cfg = {
        .backend = &tcg_backend_x86_64,
        .target = &ppc_target_info,
        .code_cache_size = 16 << 20,
    };
    tcg_exec_init(&cfg);
    /* the same code on every host */
    x86_features = X86_FEAT_BMI1 | X86_FEAT_BMI2 | X86_FEAT_LZCNT |
                   X86_FEAT_POPCNT | X86_FEAT_MOVBE | X86_FEAT_FMA;

    long base = host_insns(0x60000000); /* nop */
    int worse = 0, better = 0, total = 0;
    for (int i = 0; i < nlines; i++) {
        Line *l = &lines[i];
        if (!l->is_insn) {
            continue;
        }
        total++;
        l->now = host_insns(l->word) - base;
        if (l->now != l->pinned) {
            printf("%s: %08x %-24s pinned %ld, now %ld\n",
                   l->now > l->pinned ? "WORSE" : "better", l->word, l->text,
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
                fprintf(f, "%08x %3ld  %s\n", lines[i].word, lines[i].now,
                        lines[i].text);
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
