/*
 * helper.h: C helpers the integer PowerPC translator calls from generated
 * code (int_helper.c).  Parameters follow tcg-op.h's call convention:
 * uint32_t for I32 temps, CPUPPCState * for tcg_env.
 */
#ifndef TARGET_PPC_HELPER_H
#define TARGET_PPC_HELPER_H

#include <stdint.h>

#include "target-ppc/cpu.h"

/*
 * Time base (mftb/mftbu): 64 bits counting at PPC_TIMEBASE_FREQ from the
 * host's monotonic clock, plus env->tb_offset.  linux-user reports the same
 * frequency to the guest (/proc/cpuinfo "timebase").
 */
#define PPC_TIMEBASE_FREQ 512000000ull
uint64_t ppc_timebase(const CPUPPCState *env);
uint32_t helper_mftbl(CPUPPCState *env);
uint32_t helper_mftbu(CPUPPCState *env);

/*
 * lswx/stswx (insn is the instruction word): XER[BC] bytes between guest
 * memory at ea and the registers from rT/rS up, four big-endian bytes per
 * register, wrapping from r31 to r0.  lswx raises EXCP_PPC_ILLEGAL (invalid
 * form) if it would overwrite rA or rB; the translator stores NIP before the
 * call.  They reach guest memory as user mode lays it out
 * (tcg_guest_base + ea), so they are for user mode only.
 */
void helper_lswx(CPUPPCState *env, uint32_t ea, uint32_t insn);
void helper_stswx(CPUPPCState *env, uint32_t ea, uint32_t insn);

#endif
