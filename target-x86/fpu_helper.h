/*
 * fpu_helper.h: C helpers behind the x87 instructions (fpu_helper.c),
 * called from translate-x87.c, and the FXSAVE/FXRSTOR images also used by
 * translate-sse.c.
 *
 * Exactness comes from the host: mimic runs on an x86-64, so every x87
 * operation is performed by the same instruction on the host CPU with the
 * guest's control word loaded around it.  Common cases take
 * a fast path (operands loaded with fldt, exceptions masked, flags merged);
 * anything unusual -- an empty operand register, a full stack, an unmasked
 * exception, the transcendental and stack-shape instructions -- "replays"
 * the guest instruction on the host with the whole x87 state loaded by
 * FXRSTOR and read back with FXSAVE, so stack faults, tags, condition codes
 * and unmasked responses are the hardware's own.  A port to a non-x86 host
 * (interpreter backend elsewhere) would need a softfloat behind the same
 * helpers.
 *
 * x87 operands: `insn` is (opcode << 8) | modrm of the guest instruction,
 * with the ModRM of memory forms normalised to mod=0 rm=7 ([rdi] on the
 * host, see x87_replay); helpers use it for the replay path.  Memory
 * operands are loaded/stored by the translator (IR memory ops, precise
 * faults); helpers see values only.  No x87 helper touches an IR global, so
 * all are called with TCG_CALL_NO_RWG, except the two that may raise
 * (x86_helper_fwait, x86_helper_image_load), which need synced state.
 *
 * The host's x87 exception flags stay up between helpers (clearing them
 * costs more than an operation) and are merged into the guest's each
 * time, which is right while they are a subset of the guest's.  Code
 * outside these helpers that lowers the guest's flags (a signal frame
 * restoring FPU state, a reset) must go through x86_helper_fnclex,
 * x86_helper_fninit or x86_helper_image_load, which clear the host's too.
 */
#ifndef TARGET_X86_FPU_HELPER_H
#define TARGET_X86_FPU_HELPER_H

#include <stdint.h>

#include "target-x86/cpu.h"

/* x87 status word bits. */
enum {
    FPUS_IE = 0x0001, FPUS_DE = 0x0002, FPUS_ZE = 0x0004, FPUS_OE = 0x0008,
    FPUS_UE = 0x0010, FPUS_PE = 0x0020, FPUS_SF = 0x0040, FPUS_ES = 0x0080,
    FPUS_C0 = 0x0100, FPUS_C1 = 0x0200, FPUS_C2 = 0x0400, FPUS_TOP = 0x3800,
    FPUS_C3 = 0x4000, FPUS_B = 0x8000,
};
#define FPUS_CC (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)
#define FPUC_DEFAULT 0x037f

/* env->fpus := the guest's status word with the inline code's pending
 * one merged in (cpu.h: fpus_pending); at exec_leave, and in generated
 * code before each x87 helper (translate-x87-inline.c). */
void x86_fpu_fold_status(CPUX86State *env);

/* ---- x87 (fpu_helper.c) ---------------------------------------------------
 * Loads push; stores to memory read ST(0) and the translator pops
 * afterwards with x86_helper_fpop, so a faulting store leaves the stack as
 * it was.  (So with an unmasked exception a popping store still stores and
 * pops, where the hardware does neither.)
 */
void x86_helper_fld_m32(CPUX86State *env, uint32_t insn, uint32_t val);
void x86_helper_fld_m64(CPUX86State *env, uint32_t insn, uint64_t val);
void x86_helper_fld_m80(CPUX86State *env, uint32_t insn, uint64_t mant,
                        uint32_t sign_exp);
/* FILD m16/m32/m64: val is the integer sign-extended to 64 bits. */
void x86_helper_fild(CPUX86State *env, uint32_t insn, uint64_t val);
/* FLD ST(i); FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ (D9 E8..EE). */
void x86_helper_fld_st(CPUX86State *env, uint32_t insn, uint32_t i);
void x86_helper_fld_const(CPUX86State *env, uint32_t insn);
/* FXCH ST(i). */
void x86_helper_fxch(CPUX86State *env, uint32_t insn, uint32_t i);
/* FCHS, FABS (D9 E0, E1). */
void x86_helper_fsign(CPUX86State *env, uint32_t insn);

uint64_t x86_helper_fst_m32(CPUX86State *env, uint32_t insn);
uint64_t x86_helper_fst_m64(CPUX86State *env, uint32_t insn);
/* FIST/FISTP/FISTTP m16/m32/m64 (size from insn), rounded per the control
 * word (FISTTP: toward zero); the integer indefinite on overflow/NaN. */
uint64_t x86_helper_fist(CPUX86State *env, uint32_t insn);
/* FSTP m80 and FBSTP m80: the ten bytes go to env->xmm_tmp. */
void x86_helper_fst_m80(CPUX86State *env, uint32_t insn);
/* FST/FSTP ST(i) and the FSTP aliases D9 D8+i, DF D0..DF (which pop). */
void x86_helper_fst_st(CPUX86State *env, uint32_t insn, uint32_t i);
void x86_helper_fpop(CPUX86State *env);

/* Arithmetic: dst = dst op src on stack registers (op from insn; DE
 * forms pop), and ST(0) = ST(0) op memory operand (m32/m64 real, m16/m32
 * integer, the integer sign-extended in val). */
void x86_helper_farith_st(CPUX86State *env, uint32_t insn, uint32_t dst,
                          uint32_t src);
void x86_helper_farith_mem(CPUX86State *env, uint32_t insn, uint64_t val);
/* FCOM/FUCOM/FICOM with a register or memory operand: C0 C2 C3; the
 * helpers pop for FCOMP, FCOMPP, FUCOMP, FUCOMPP, FICOMP (aliases such as
 * DC D0+i must be passed as their D8 form).  Pops inside the helpers let
 * an unmasked exception stop them as the hardware does. */
void x86_helper_fcom_st(CPUX86State *env, uint32_t insn, uint32_t i);
void x86_helper_fcom_mem(CPUX86State *env, uint32_t insn, uint64_t val);
/* FCOMI/FUCOMI/FCOMIP/FUCOMIP (the P forms pop): ZF PF CF in EFLAGS
 * positions. */
uint64_t x86_helper_fcomi(CPUX86State *env, uint32_t insn, uint32_t i);
/* Instructions done wholly by replay: the D9 E0..FF group, FXCH, FFREE,
 * FCMOVcc, FUCOMPP, FCOMPP, FDECSTP, FINCSTP, FBLD... `mem` is the memory
 * operand (up to 10 bytes: lo, hi) for memory forms.  Returns the low 8
 * bytes the instruction stored, and copies all stored bytes to xmm_tmp. */
uint64_t x86_helper_x87_replay(CPUX86State *env, uint32_t insn, uint64_t lo,
                               uint64_t hi);
/* FCMOVcc: cond is the EFLAGS condition (0/1), evaluated by IR. */
void x86_helper_fcmov(CPUX86State *env, uint32_t i, uint32_t cond);

/* Control. */
void x86_helper_fninit(CPUX86State *env);
void x86_helper_fnclex(CPUX86State *env);
void x86_helper_fldcw(CPUX86State *env, uint32_t cw);
uint64_t x86_helper_fnstsw(CPUX86State *env);
/* FWAIT (and an x87 instruction after an unmasked exception): #MF if the
 * status word has ES set.  May raise: env->common.pc must be synced. */
void x86_helper_fwait(CPUX86State *env);

/*
 * State images (FNSTENV/FLDENV, FNSAVE/FRSTOR, FXSAVE/FXRSTOR): helpers
 * must not touch guest memory, so an image goes through a per-thread
 * buffer of up to 512 bytes that the translator moves to or from guest
 * memory in 8-byte pieces with x86_helper_image_get/put.  fmt is
 * X86_IMAGE_*; FNSTENV masks all exceptions, FNSAVE then reinitialises.
 * FXRSTOR raises #GP (pc synced) for reserved MXCSR bits.
 */
enum {
    X86_IMAGE_ENV16, X86_IMAGE_ENV32,    /* FNSTENV/FLDENV: 14, 28 bytes */
    X86_IMAGE_SAVE16, X86_IMAGE_SAVE32,  /* FNSAVE/FRSTOR: 94, 108 bytes */
    /* FXSAVE/FXRSTOR: i386 code (XMM0-7, 288 bytes), 64-bit code (XMM0-15,
     * 416 bytes), and with REX.W (64-bit instruction/data pointers). */
    X86_IMAGE_FXSAVE32, X86_IMAGE_FXSAVE64, X86_IMAGE_FXSAVE64W,
};
unsigned x86_fpu_image_size(int fmt);
void x86_helper_image_save(CPUX86State *env, uint32_t fmt);
void x86_helper_image_load(CPUX86State *env, uint32_t fmt);
uint64_t x86_helper_image_get(uint32_t index);
void x86_helper_image_put(uint32_t index, uint64_t val);

#endif
