/*
 * cpu.c: the 32-bit PowerPC CPU outside translation: reset state, CR and
 * XER as whole registers, the -cpu models, -d cpu dumps, and the TargetInfo
 * the exec loop drives.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "target-ppc/cpu.h"
#include "target-ppc/translate-int.h"
#include "util/disas.h"

uint32_t ppc_get_cr(const CPUPPCState *env)
{
    uint32_t cr = 0;
    for (int i = 0; i < 8; i++) {
        cr |= (env->crf[i] & 0xf) << (28 - 4 * i);
    }
    return cr;
}

void ppc_set_cr(CPUPPCState *env, uint32_t cr)
{
    for (int i = 0; i < 8; i++) {
        env->crf[i] = (cr >> (28 - 4 * i)) & 0xf;
    }
}

uint32_t ppc_get_xer(const CPUPPCState *env)
{
    return env->xer_so << 31 | env->xer_ov << 30 | env->xer_ca << 29
           | env->xer_bc;
}

void ppc_set_xer(CPUPPCState *env, uint32_t xer)
{
    env->xer_so = (xer >> 31) & 1;
    env->xer_ov = (xer >> 30) & 1;
    env->xer_ca = (xer >> 29) & 1;
    env->xer_bc = xer & 0x7f;
}

/*
 * Models for -cpu (PVR values from the processors' user manuals).  None has
 * AltiVec in mimic yet, so the default is the 750 (G3), which has none
 * either; the 7400 is listed for programs that only read the PVR.
 */
static const PPCCPUModel ppc_models[] = {
    { "750", 0x00083102, "PowerPC 750 (G3), the default" },
    { "g3", 0x00083102, "alias of 750" },
    { "7400", 0x000c0209, "PowerPC 7400 (G4); AltiVec not emulated" },
    { "g4", 0x000c0209, "alias of 7400; AltiVec not emulated" },
    { "604", 0x00040103, "PowerPC 604" },
    { "604e", 0x00090204, "PowerPC 604e" },
    { "603e", 0x00060104, "PowerPC 603e" },
    { "e300c3", 0x00850010, "Freescale e300c3 core" },
};
#define DEFAULT_MODEL (&ppc_models[0])

const PPCCPUModel *ppc_cpu_model_find(const char *name)
{
    for (size_t i = 0; i < sizeof(ppc_models) / sizeof(ppc_models[0]); i++) {
        if (strcasecmp(ppc_models[i].name, name) == 0) {
            return &ppc_models[i];
        }
    }
    return NULL;
}

void ppc_cpu_list(FILE *out)
{
    fprintf(out, "Available CPUs:\n");
    for (size_t i = 0; i < sizeof(ppc_models) / sizeof(ppc_models[0]); i++) {
        fprintf(out, "  %-8s PVR %08x  %s\n", ppc_models[i].name,
                ppc_models[i].pvr, ppc_models[i].description);
    }
}

void ppc_cpu_reset(CPUPPCState *env)
{
    size_t start = offsetof(CPUPPCState, gpr);
    memset((char *)env + start, 0, sizeof(*env) - start);
    env->common.exception_index = EXCP_NONE;
    env->reserve_addr = UINT32_MAX;
    env->pvr = DEFAULT_MODEL->pvr;
}

static void ppc_get_tb_key(CPUCommon *env, uint64_t *pc, uint64_t *flags)
{
    CPUPPCState *ppc = (CPUPPCState *)env;

    *pc = env->pc;
    *flags = ppc_tb_fp_flags(ppc->fpscr) | (ppc->xer_so ? PPC_TB_SO : 0);
}

static void ppc_dump_state(CPUCommon *cs, FILE *out)
{
    CPUPPCState *env = (CPUPPCState *)cs;

    fprintf(out, "NIP %08x   LR %08x CTR %08x XER %08x\n",
            (uint32_t)env->common.pc, env->lr, env->ctr, ppc_get_xer(env));
    for (int i = 0; i < 32; i++) {
        fprintf(out, "GPR%02d %08x%s", i, env->gpr[i],
                i % 8 == 7 ? "\n" : " ");
    }
    fprintf(out, "CR %08x  [", ppc_get_cr(env));
    for (int i = 0; i < 8; i++) {
        uint32_t f = env->crf[i];
        fprintf(out, " %c%c%c%c", f & CRF_LT ? 'L' : '-', f & CRF_GT ? 'G' : '-',
                f & CRF_EQ ? 'E' : '-', f & CRF_SO ? 'O' : '-');
    }
    fprintf(out, " ]  RES %08x\n", env->reserve_addr);
    for (int i = 0; i < 32; i++) {
        fprintf(out, "FPR%02d %016llx%s", i, (unsigned long long)env->fpr[i],
                i % 4 == 3 ? "\n" : " ");
    }
    fprintf(out, "FPSCR %08x\n", ppc_get_fpscr(env));
}

static void ppc_exec_enter(CPUCommon *cs)
{
    ppc_fp_exec_enter((CPUPPCState *)cs);
}

static void ppc_exec_leave(CPUCommon *cs)
{
    ppc_fp_exec_leave((CPUPPCState *)cs);
}

const TargetInfo ppc_target_info = {
    .name = "ppc",
    .disas_arch = DISAS_PPC32_BE,
    .tcg_init = ppc_tcg_init,
    .get_tb_key = ppc_get_tb_key,
    .translate = ppc_translate,
    .dump_state = ppc_dump_state,
    .exec_enter = ppc_exec_enter,
    .exec_leave = ppc_exec_leave,
};
