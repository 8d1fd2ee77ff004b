/*
 * int_helper.c: the few integer instructions that are not worth inline IR:
 * the time base and the string instructions with a run-time byte count.
 */
#include "target-ppc/helper.h"

#include <time.h>

uint64_t ppc_timebase(const CPUPPCState *env)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    /* 512 MHz = 64 ticks per 125 ns; split to stay exact without overflow. */
    uint64_t ticks = (uint64_t)ts.tv_sec * PPC_TIMEBASE_FREQ
                     + (uint64_t)ts.tv_nsec * 64 / 125;
    return ticks + env->tb_offset;
}

uint32_t helper_mftbl(CPUPPCState *env)
{
    return (uint32_t)ppc_timebase(env);
}

uint32_t helper_mftbu(CPUPPCState *env)
{
    return (uint32_t)(ppc_timebase(env) >> 32);
}

static uint8_t *guest_bytes(uint32_t ea)
{
    return (uint8_t *)(tcg_guest_base + ea);
}

/* Does the run of n registers starting at first (wrapping) include r? */
static int reg_in_run(unsigned first, unsigned n, unsigned r)
{
    return ((r - first) & 31) < n;
}

void helper_lswx(CPUPPCState *env, uint32_t ea, uint32_t insn)
{
    unsigned nb = env->xer_bc;
    unsigned nregs = (nb + 3) / 4;
    unsigned rt = (insn >> 21) & 31, ra = (insn >> 16) & 31;
    unsigned rb = (insn >> 11) & 31;

    if (nb == 0) {
        return;
    }
    if (reg_in_run(rt, nregs, ra) || reg_in_run(rt, nregs, rb)) {
        env->error_insn = insn;
        env->common.exception_index = EXCP_PPC_ILLEGAL;
        cpu_loop_exit(&env->common);
    }
    for (unsigned i = 0; i < nb; i += 4) {
        uint32_t v = 0;
        for (unsigned k = 0; k < 4; k++) {
            uint32_t byte = i + k < nb ? *guest_bytes(ea + i + k) : 0;
            v |= byte << (24 - 8 * k);
        }
        env->gpr[(rt + i / 4) & 31] = v;
    }
}

void helper_stswx(CPUPPCState *env, uint32_t ea, uint32_t insn)
{
    unsigned nb = env->xer_bc;
    unsigned rs = (insn >> 21) & 31;

    for (unsigned i = 0; i < nb; i++) {
        uint32_t v = env->gpr[(rs + i / 4) & 31];
        *guest_bytes(ea + i) = (uint8_t)(v >> (24 - 8 * (i % 4)));
    }
}
