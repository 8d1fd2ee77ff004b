/*
 * sse_helper.h: C helpers behind the MMX, SSE, SSE2, SSE3, SSSE3, SSE4.1,
 * SSE4.2, AES and PCLMULQDQ instructions (sse_helper.c), called from
 * translate-sse.c.
 *
 * Each helper runs the same instruction on the host (the host is an
 * x86-64 with all of these), so results are the hardware's bit for bit;
 * floating-point ones load the guest's MXCSR rounding, DAZ and FTZ
 * controls around the instruction (every exception masked) and OR the
 * flags it raised into env->mxcsr.  A raised flag whose exception the
 * guest unmasked is #XM, before the result is written (the flags of an
 * unmasked overflow or underflow are those of the masked operation: PE
 * even where the hardware finds the unbounded result exact).  A port to a
 * non-x86 host would need portable versions of these.
 *
 * Operands are byte offsets in CPUX86State of 16-byte XMM values
 * (env->xmm[i], env->xmm_tmp) or 8-byte MMX values (fpregs[i].mant): the
 * translator loads a memory operand into xmm_tmp first.  No helper touches
 * an IR global or guest memory; all are called with TCG_CALL_NO_RWG,
 * except x86_helper_ldmxcsr, which may raise #GP, and every helper in a TB
 * where an exception is unmasked (X86_TB_SSE_TRAPS): pc synced,
 * TCG_CALL_NO_WG.
 */
#ifndef TARGET_X86_SSE_HELPER_H
#define TARGET_X86_SSE_HELPER_H

#include <stdint.h>

#include "target-x86/cpu.h"

#define MXCSR_DEFAULT 0x1f80
#define MXCSR_MASK_SUPPORTED 0xffff /* FXSAVE's MXCSR_MASK: DAZ included */

/*
 * Two-operand instructions "op src, dst" with nothing else to them.
 * X(name, mnemonic): XMM integer or data movement; F(...): XMM floating
 * point (MXCSR); M(...): MMX (mm registers, 8 bytes).  Helper names are
 * x86_helper_<name>, MMX ones x86_helper_<name>_mmx.
 */
#define X86_SSE_FP_OPS(F)                                                   \
    F(addps, "addps") F(addpd, "addpd") F(addss, "addss") F(addsd, "addsd")\
    F(mulps, "mulps") F(mulpd, "mulpd") F(mulss, "mulss") F(mulsd, "mulsd")\
    F(subps, "subps") F(subpd, "subpd") F(subss, "subss") F(subsd, "subsd")\
    F(minps, "minps") F(minpd, "minpd") F(minss, "minss") F(minsd, "minsd")\
    F(divps, "divps") F(divpd, "divpd") F(divss, "divss") F(divsd, "divsd")\
    F(maxps, "maxps") F(maxpd, "maxpd") F(maxss, "maxss") F(maxsd, "maxsd")\
    F(sqrtps, "sqrtps") F(sqrtpd, "sqrtpd") F(sqrtss, "sqrtss")            \
    F(sqrtsd, "sqrtsd") F(rsqrtps, "rsqrtps") F(rsqrtss, "rsqrtss")        \
    F(rcpps, "rcpps") F(rcpss, "rcpss")                                    \
    F(cvtps2pd, "cvtps2pd") F(cvtpd2ps, "cvtpd2ps")                        \
    F(cvtss2sd, "cvtss2sd") F(cvtsd2ss, "cvtsd2ss")                        \
    F(cvtdq2ps, "cvtdq2ps") F(cvtps2dq, "cvtps2dq")                        \
    F(cvttps2dq, "cvttps2dq") F(cvttpd2dq, "cvttpd2dq")                    \
    F(cvtdq2pd, "cvtdq2pd") F(cvtpd2dq, "cvtpd2dq")                        \
    F(haddps, "haddps") F(haddpd, "haddpd") F(hsubps, "hsubps")            \
    F(hsubpd, "hsubpd") F(addsubps, "addsubps") F(addsubpd, "addsubpd")

#define X86_SSE_INT_OPS(X)                                                  \
    X(unpcklps, "unpcklps") X(unpcklpd, "unpcklpd")                        \
    X(unpckhps, "unpckhps") X(unpckhpd, "unpckhpd")                        \
    X(movsldup, "movsldup") X(movshdup, "movshdup") X(movddup, "movddup")  \
    X(punpcklqdq, "punpcklqdq") X(punpckhqdq, "punpckhqdq")                \
    X(pmovsxbw, "pmovsxbw") X(pmovsxbd, "pmovsxbd") X(pmovsxbq, "pmovsxbq")\
    X(pmovsxwd, "pmovsxwd") X(pmovsxwq, "pmovsxwq") X(pmovsxdq, "pmovsxdq")\
    X(pmovzxbw, "pmovzxbw") X(pmovzxbd, "pmovzxbd") X(pmovzxbq, "pmovzxbq")\
    X(pmovzxwd, "pmovzxwd") X(pmovzxwq, "pmovzxwq") X(pmovzxdq, "pmovzxdq")\
    X(pmuldq, "pmuldq") X(pcmpeqq, "pcmpeqq") X(packusdw, "packusdw")      \
    X(pminsb, "pminsb") X(pminsd, "pminsd") X(pminuw, "pminuw")            \
    X(pminud, "pminud") X(pmaxsb, "pmaxsb") X(pmaxsd, "pmaxsd")            \
    X(pmaxuw, "pmaxuw") X(pmaxud, "pmaxud") X(pmulld, "pmulld")            \
    X(phminposuw, "phminposuw") X(pcmpgtq, "pcmpgtq")                      \
    X(aesenc, "aesenc") X(aesenclast, "aesenclast") X(aesdec, "aesdec")    \
    X(aesdeclast, "aesdeclast") X(aesimc, "aesimc")

/* Integer instructions with both an MMX and an XMM form. */
#define X86_SSE_MMX_OPS(X)                                                  \
    X(punpcklbw, "punpcklbw") X(punpcklwd, "punpcklwd")                    \
    X(punpckldq, "punpckldq") X(packsswb, "packsswb")                      \
    X(pcmpgtb, "pcmpgtb") X(pcmpgtw, "pcmpgtw") X(pcmpgtd, "pcmpgtd")      \
    X(packuswb, "packuswb") X(punpckhbw, "punpckhbw")                      \
    X(punpckhwd, "punpckhwd") X(punpckhdq, "punpckhdq")                    \
    X(packssdw, "packssdw") X(pcmpeqb, "pcmpeqb") X(pcmpeqw, "pcmpeqw")    \
    X(pcmpeqd, "pcmpeqd") X(psrlw, "psrlw") X(psrld, "psrld")              \
    X(psrlq, "psrlq") X(paddq, "paddq") X(pmullw, "pmullw")                \
    X(psubusb, "psubusb") X(psubusw, "psubusw") X(pminub, "pminub")        \
    X(pand, "pand") X(paddusb, "paddusb") X(paddusw, "paddusw")            \
    X(pmaxub, "pmaxub") X(pandn, "pandn") X(pavgb, "pavgb")                \
    X(psraw, "psraw") X(psrad, "psrad") X(pavgw, "pavgw")                  \
    X(pmulhuw, "pmulhuw") X(pmulhw, "pmulhw") X(psubsb, "psubsb")          \
    X(psubsw, "psubsw") X(pminsw, "pminsw") X(por, "por")                  \
    X(paddsb, "paddsb") X(paddsw, "paddsw") X(pmaxsw, "pmaxsw")            \
    X(pxor, "pxor") X(psllw, "psllw") X(pslld, "pslld") X(psllq, "psllq")  \
    X(pmuludq, "pmuludq") X(pmaddwd, "pmaddwd") X(psadbw, "psadbw")        \
    X(psubb, "psubb") X(psubw, "psubw") X(psubd, "psubd") X(psubq, "psubq")\
    X(paddb, "paddb") X(paddw, "paddw") X(paddd, "paddd")                  \
    X(pshufb, "pshufb") X(phaddw, "phaddw") X(phaddd, "phaddd")            \
    X(phaddsw, "phaddsw") X(pmaddubsw, "pmaddubsw") X(phsubw, "phsubw")    \
    X(phsubd, "phsubd") X(phsubsw, "phsubsw") X(psignb, "psignb")          \
    X(psignw, "psignw") X(psignd, "psignd") X(pmulhrsw, "pmulhrsw")        \
    X(pabsb, "pabsb") X(pabsw, "pabsw") X(pabsd, "pabsd")

#define X86_SSE_DECLARE(name, mnemonic)                                     \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s);
#define X86_SSE_DECLARE_MMX(name, mnemonic)                                 \
    X86_SSE_DECLARE(name, mnemonic)                                        \
    void x86_helper_##name##_mmx(CPUX86State *env, uint32_t d, uint32_t s);
X86_SSE_FP_OPS(X86_SSE_DECLARE)
X86_SSE_INT_OPS(X86_SSE_DECLARE)
X86_SSE_MMX_OPS(X86_SSE_DECLARE_MMX)
#undef X86_SSE_DECLARE
#undef X86_SSE_DECLARE_MMX

/* BLENDVPS, BLENDVPD, PBLENDVB: the mask is XMM0. */
void x86_helper_blendvps(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_blendvpd(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_pblendvb(CPUX86State *env, uint32_t d, uint32_t s);

/* With an 8-bit immediate. */
void x86_helper_pshufd(CPUX86State *env, uint32_t d, uint32_t s,
                       uint32_t imm);
void x86_helper_pshuflw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_pshufhw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_pshufw(CPUX86State *env, uint32_t d, uint32_t s,
                       uint32_t imm);
void x86_helper_shufps(CPUX86State *env, uint32_t d, uint32_t s,
                       uint32_t imm);
void x86_helper_shufpd(CPUX86State *env, uint32_t d, uint32_t s,
                       uint32_t imm);
void x86_helper_palignr(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_palignr_mmx(CPUX86State *env, uint32_t d, uint32_t s,
                            uint32_t imm);
void x86_helper_psrldq(CPUX86State *env, uint32_t d, uint32_t s,
                       uint32_t imm);
void x86_helper_pslldq(CPUX86State *env, uint32_t d, uint32_t s,
                       uint32_t imm);
/* CMPPS/PD/SS/SD: kind 0 ps, 1 pd, 2 ss, 3 sd. */
void x86_helper_cmpps(CPUX86State *env, uint32_t d, uint32_t s,
                      uint32_t imm);
void x86_helper_cmppd(CPUX86State *env, uint32_t d, uint32_t s,
                      uint32_t imm);
void x86_helper_cmpss(CPUX86State *env, uint32_t d, uint32_t s,
                      uint32_t imm);
void x86_helper_cmpsd(CPUX86State *env, uint32_t d, uint32_t s,
                      uint32_t imm);
void x86_helper_roundps(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_roundpd(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_roundss(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_roundsd(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_blendps(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_blendpd(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_pblendw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_insertps(CPUX86State *env, uint32_t d, uint32_t s,
                         uint32_t imm);
void x86_helper_dpps(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm);
void x86_helper_dppd(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm);
void x86_helper_mpsadbw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm);
void x86_helper_pclmulqdq(CPUX86State *env, uint32_t d, uint32_t s,
                          uint32_t imm);
void x86_helper_aeskeygenassist(CPUX86State *env, uint32_t d, uint32_t s,
                                uint32_t imm);

/* SSE4.2 string compares: ECX in the low 32 bits (the I forms; the M
 * forms write XMM0) and the flags (CF ZF SF OF, EFLAGS positions) in bits
 * 32..43.  imm_form: the immediate, plus 0x100 for the I (index) forms.
 * The E forms take the lengths from EAX/EDX. */
uint64_t x86_helper_pcmpistr(CPUX86State *env, uint32_t d, uint32_t s,
                             uint32_t imm_form);
uint64_t x86_helper_pcmpestr(CPUX86State *env, uint32_t d, uint32_t s,
                             uint32_t imm_form, uint64_t rax, uint64_t rdx);

/* COMISS/UCOMISS/COMISD/UCOMISD (kind: bit 0 double, bit 1 unordered)
 * and PTEST: ZF PF CF in EFLAGS positions. */
uint64_t x86_helper_comis(CPUX86State *env, uint32_t d, uint32_t s,
                          uint32_t kind);
uint64_t x86_helper_ptest(CPUX86State *env, uint32_t d, uint32_t s);

/* Conversions with a general register.  cvtsi2s: d = XMM, val the integer
 * (w64: 64-bit), dbl: to double.  cvt2si: from the scalar at s; kind bit 0
 * double, bit 1 truncate, bit 2 64-bit result. */
void x86_helper_cvtsi2s(CPUX86State *env, uint32_t d, uint64_t val,
                        uint32_t w64, uint32_t dbl);
uint64_t x86_helper_cvt2si(CPUX86State *env, uint32_t s, uint32_t kind);
/* MMX <-> XMM conversions: CVTPI2PS, CVTPI2PD (s: 8 bytes), CVTPS2PI,
 * CVTTPS2PI, CVTPD2PI, CVTTPD2PI (d: 8 bytes). */
void x86_helper_cvtpi2ps(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_cvtpi2pd(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_cvtps2pi(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_cvttps2pi(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_cvtpd2pi(CPUX86State *env, uint32_t d, uint32_t s);
void x86_helper_cvttpd2pi(CPUX86State *env, uint32_t d, uint32_t s);

/* MOVMSKPS, MOVMSKPD (PMOVMSKB is inline). */
uint64_t x86_helper_movmskps(CPUX86State *env, uint32_t s);
uint64_t x86_helper_movmskpd(CPUX86State *env, uint32_t s);

/* MASKMOVQ/MASKMOVDQU: bytes of d whose byte in mask s has its top bit
 * set replace those of env->xmm_tmp (the memory, loaded and stored back
 * by the translator); bytes: 8 or 16. */
void x86_helper_maskmov(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t bytes);

/* LDMXCSR: #GP (pc synced) for reserved bits. */
void x86_helper_ldmxcsr(CPUX86State *env, uint32_t val);

/*
 * The guest's MXCSR flags are env->mxcsr's OR'ed with the host's: the
 * inline scalar doubles (translate-sse.c) run on the host's SSE unit in
 * its default mode and leave their flags up there (target-x86/README.md).
 * to_host: the host's MXCSR := default controls, env's flags (entering
 * guest code, after LDMXCSR and FXRSTOR); from_host: fold the host's
 * flags into env->mxcsr (leaving guest code, before STMXCSR and FXSAVE).
 * stmxcsr: from_host, then env->mxcsr.
 */
void x86_mxcsr_to_host(const CPUX86State *env);
void x86_mxcsr_from_host(CPUX86State *env);
void x86_helper_mxcsr_to_host(CPUX86State *env);
void x86_helper_mxcsr_from_host(CPUX86State *env);
uint64_t x86_helper_stmxcsr(CPUX86State *env);

#endif
