/*
 * fpu_helper.h: C helpers behind the PowerPC floating-point instructions.
 *
 * Every value is an IEEE double bit pattern as held in an FPR.  Arithmetic
 * helpers take the old contents of frD (`frd`) and return the new one: an
 * enabled invalid-operation or zero-divide exception leaves frD unchanged,
 * as the architecture says.  They update env->fpscr (exception bits, FX,
 * FEX, VX, FR, FI, FPRF) and honour FPSCR[RN]; they never trap (Linux runs
 * processes with MSR[FE0,FE1] = 0) and touch no IR global, so translate-fp.c
 * calls them with TCG_CALL_NO_RWG.  Operand names follow the manual:
 * multiplies use frA * frC, the fused forms frA * frC +- frB.
 */
#ifndef TARGET_PPC_FPU_HELPER_H
#define TARGET_PPC_FPU_HELPER_H

#include <stdint.h>

#include "target-ppc/cpu.h"

/* Double-precision arithmetic. */
uint64_t helper_fadd(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frb);
uint64_t helper_fsub(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frb);
uint64_t helper_fmul(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frc);
uint64_t helper_fdiv(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frb);
uint64_t helper_fsqrt(CPUPPCState *env, uint64_t frd, uint64_t frb);
uint64_t helper_fmadd(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frc, uint64_t frb);
uint64_t helper_fmsub(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frc, uint64_t frb);
uint64_t helper_fnmadd(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb);
uint64_t helper_fnmsub(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb);
/* Reciprocal square root estimate: 1 / sqrt(frB), each step rounded to
 * double, as qemu-ppc computes it. */
uint64_t helper_frsqrte(CPUPPCState *env, uint64_t frd, uint64_t frb);

/* Single-precision arithmetic: double operands, the exact result rounded
 * once to single, returned as a double. */
uint64_t helper_fadds(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frb);
uint64_t helper_fsubs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frb);
uint64_t helper_fmuls(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frc);
uint64_t helper_fdivs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frb);
uint64_t helper_fsqrts(CPUPPCState *env, uint64_t frd, uint64_t frb);
uint64_t helper_fmadds(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb);
uint64_t helper_fmsubs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb);
uint64_t helper_fnmadds(CPUPPCState *env, uint64_t frd, uint64_t fra,
                        uint64_t frc, uint64_t frb);
uint64_t helper_fnmsubs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                        uint64_t frc, uint64_t frb);
/* Reciprocal estimate: 1 / frB rounded once to single. */
uint64_t helper_fres(CPUPPCState *env, uint64_t frd, uint64_t frb);
/* Round to single precision. */
uint64_t helper_frsp(CPUPPCState *env, uint64_t frd, uint64_t frb);

/* Convert to a 32-bit integer (rounding per RN, or toward zero). */
uint64_t helper_fctiw(CPUPPCState *env, uint64_t frd, uint64_t frb);
uint64_t helper_fctiwz(CPUPPCState *env, uint64_t frd, uint64_t frb);

/* Compare: returns the CR field (LT GT EQ SO = FL FG FE FU) and sets
 * FPSCR[FPCC]; fcmpo also reports quiet NaNs (VXVC). */
uint32_t helper_fcmpu(CPUPPCState *env, uint64_t fra, uint64_t frb);
uint32_t helper_fcmpo(CPUPPCState *env, uint64_t fra, uint64_t frb);
/* fcmpu behind an inline compare, for NaN operands (call_if). */
uint64_t helper_fcmpu_nan(CPUPPCState *env, uint64_t fra, uint64_t frb);

/* FPSCR moves.  mtfsf: fields whose bit is set in the 8-bit mask (bit 7 =
 * field 0) take the low word of frB; mtfsfi is mtfsf with one field.
 * They return the new TB key flags (ppc_tb_fp_flags). */
uint32_t helper_mtfsf(CPUPPCState *env, uint32_t field_mask, uint64_t frb);
uint32_t helper_mtfsb0(CPUPPCState *env, uint32_t bit);
uint32_t helper_mtfsb1(CPUPPCState *env, uint32_t bit);
/* Returns FPSCR field `field` and clears its exception bits. */
uint32_t helper_mcrfs(CPUPPCState *env, uint32_t field);

/* mffs: FPSCR, zero-extended. */
uint64_t helper_mffs(CPUPPCState *env);
/* FX FEX VX OX for CR1 (the record forms): FPSCR bits 0-3 with the
 * flags of inline instructions folded in. */
uint32_t helper_fpscr_cr1(CPUPPCState *env);

/*
 * The instructions translate-fp.c runs inline (double precision, and the
 * single-precision fadds fsubs fmuls fdivs), leaving FPRF, FI and FR
 * pending (see CPUPPCState.fp_pending): only when FPSCR[RN] is nearest and
 * no exception is enabled; the exception bits they raise wait in the
 * host's MXCSR (fpu_helper.c).  Completing one
 * runs its helper again on the recorded operands (fp_pending_ops: frA,
 * then frB or frC, then frB of the fused forms).  The record is written
 * before the check; when the check fails, helper_fp_inline_fallback runs
 * the recorded instruction (its own record) with frD = frd and returns
 * the new frD.  The previous instruction's pending bits are lost then,
 * which is right: pending bits exist only while no exception is enabled,
 * so this instruction is not suppressed and replaces FPRF, FI and FR.
 */
typedef enum PpcFpPending {
    PPC_FP_NONE,
    PPC_FP_FADD,
    PPC_FP_FSUB,
    PPC_FP_FMUL,
    PPC_FP_FDIV,
    PPC_FP_FADDS,
    PPC_FP_FSUBS,
    PPC_FP_FMULS,
    PPC_FP_FDIVS,
    PPC_FP_FMADD, /* the fused forms (three operands) last */
    PPC_FP_FMSUB,
    PPC_FP_FNMADD,
    PPC_FP_FNMSUB,
} PpcFpPending;

/* An inline fcmpu sets FPCC after the pending instruction (if any) in
 * fp_pending: PPC_FP_PENDING_FPCC, and FPCC from bit 8 up. */
#define PPC_FP_PENDING_KIND 0xffu
#define PPC_FP_PENDING_FPCC_SHIFT 8
#define PPC_FP_PENDING_FPCC (1u << 12)

uint64_t helper_fp_inline_fallback(CPUPPCState *env, uint64_t frd);
/* The same for an instruction of two operands that left no record (the
 * next instruction writes its own): `pending` names it. */
uint64_t helper_fp_binary_fallback(CPUPPCState *env, uint64_t frd,
                                   uint64_t pending, uint64_t fra,
                                   uint64_t frb);
/* And for a fused one (frA, frC, frB): without frD, which only an enabled
 * exception would keep, and none is enabled where instructions run
 * inline. */
uint64_t helper_fp_fused_fallback(CPUPPCState *env, uint64_t pending,
                                  uint64_t fra, uint64_t frc, uint64_t frb);

/* Format conversions of lfs and stfs: no rounding, no FPSCR effect. */
uint64_t helper_single_to_double(uint32_t word);
uint32_t helper_double_to_single(uint64_t frs);

#endif
