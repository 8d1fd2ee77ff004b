/*
 * cpu.h: the 32-bit PowerPC CPU as mimic models it (user-level registers;
 * supervisor state comes with system mode).  Nothing here knows about Linux.
 */
#ifndef TARGET_PPC_CPU_H
#define TARGET_PPC_CPU_H

#include <stdint.h>

#include "tcg/exec.h"

/* Exceptions (env->common.exception_index). */
enum {
    EXCP_PPC_SYSCALL = 0,   /* sc; common.pc is the instruction after it */
    EXCP_PPC_ILLEGAL = 1,   /* illegal/unimplemented: pc at the insn, insn in
                               env->error_insn */
    EXCP_PPC_TRAP = 2,      /* tw/twi taken: pc at the insn */
    EXCP_PPC_FP = 3,        /* enabled FP exception: pc at the insn,
                               error_code = FPSCR exception bit */
    EXCP_PPC_PRIV = 4,      /* privileged instruction in user mode */
    EXCP_PPC_SEGV = 5,      /* guest memory fault: pc at the insn,
                               fault_addr set (by linux-user's handler) */
};

/* CR field bits as stored in crf[i] (4 bits each). */
enum { CRF_LT = 8, CRF_GT = 4, CRF_EQ = 2, CRF_SO = 1 };

/* FPSCR bits, numbered as in the manual (bit 0 = MSB of 32). */
#define FPSCR_BIT(n) (1u << (31 - (n)))
enum {
    FPSCR_FX = FPSCR_BIT(0),
    FPSCR_FEX = FPSCR_BIT(1),
    FPSCR_VX = FPSCR_BIT(2),
    FPSCR_OX = FPSCR_BIT(3),
    FPSCR_UX = FPSCR_BIT(4),
    FPSCR_ZX = FPSCR_BIT(5),
    FPSCR_XX = FPSCR_BIT(6),
    FPSCR_VXSNAN = FPSCR_BIT(7),
    FPSCR_VXISI = FPSCR_BIT(8),
    FPSCR_VXIDI = FPSCR_BIT(9),
    FPSCR_VXZDZ = FPSCR_BIT(10),
    FPSCR_VXIMZ = FPSCR_BIT(11),
    FPSCR_VXVC = FPSCR_BIT(12),
    FPSCR_FR = FPSCR_BIT(13),
    FPSCR_FI = FPSCR_BIT(14),
    /* bits 15-19: FPRF (C, FL, FG, FE, FU) */
    FPSCR_FPRF_SHIFT = 12,
    FPSCR_FPRF_MASK = 0x1f << 12,
    FPSCR_VXSOFT = FPSCR_BIT(21),
    FPSCR_VXSQRT = FPSCR_BIT(22),
    FPSCR_VXCVI = FPSCR_BIT(23),
    FPSCR_VE = FPSCR_BIT(24),
    FPSCR_OE = FPSCR_BIT(25),
    FPSCR_UE = FPSCR_BIT(26),
    FPSCR_ZE = FPSCR_BIT(27),
    FPSCR_XE = FPSCR_BIT(28),
    FPSCR_NI = FPSCR_BIT(29),
    FPSCR_RN_MASK = 3, /* bits 30-31: 0 nearest, 1 zero, 2 +inf, 3 -inf */
};

typedef struct CPUPPCState {
    CPUCommon common;  /* common.pc is NIP */
    uint32_t gpr[32];
    uint32_t lr;
    uint32_t ctr;
    uint32_t xer_so;   /* 0 or 1 */
    uint32_t xer_ov;   /* 0 or 1 */
    uint32_t xer_ca;   /* 0 or 1 */
    uint32_t xer_bc;   /* XER bits 25-31: byte count for lswx/stswx */
    uint32_t crf[8];   /* CR field i in the low 4 bits: LT GT EQ SO */
    uint32_t reserve_addr; /* lwarx reservation; -1: none */
    uint32_t reserve_val;
    uint32_t fpscr;
    uint32_t error_insn;   /* EXCP_PPC_ILLEGAL: the instruction word */
    uint32_t error_code;   /* EXCP_PPC_FP: FPSCR bit; others: 0 */
    uint32_t fault_addr;   /* EXCP_PPC_SEGV */
    uint32_t vrsave;       /* SPR 256, user read/write */
    uint32_t pvr;          /* processor version (for -cpu models) */
    uint64_t fpr[32];      /* IEEE double bit patterns */
    uint64_t tb_offset;    /* time base = host ticks + tb_offset */
    /*
     * FPSCR[FPRF, FI, FR] of the last inline FP instruction are not in
     * fpscr yet: fp_pending names the instruction (PpcFpPending, with the
     * FPCC of a later inline fcmpu above it) and fp_pending_ops holds its
     * operands, so they can be computed when something reads FPSCR.  The
     * exception bits inline instructions raise wait in the host's MXCSR
     * (fpu_helper.c).  Read and write FPSCR through ppc_get_fpscr and
     * ppc_set_fpscr outside the FP helpers.
     */
    uint32_t fp_pending;
    uint64_t fp_pending_ops[3];
} CPUPPCState;

/*
 * TB key flag: the FPSCR state inline FP arithmetic is translated for.
 * Only mtfsf, mtfsfi, mtfsb0, mtfsb1 and mcrfs can take it back (they end
 * the TB, but an mtfsfi that keeps the mode).
 */
#define PPC_TB_FP_NEAREST 1 /* FPSCR[RN] = nearest, no exception enabled */
/*
 * XER[SO] set.  Compares and record forms OR in SO only in TBs with this
 * flag; an instruction that may write SO (OE forms, mtxer, mcrxr) ends its
 * TB and chains only while SO still matches the flag.
 */
#define PPC_TB_SO 4
uint64_t ppc_tb_fp_flags(uint32_t fpscr);

/* FPSCR as the guest sees it (completes a pending FPRF/FI/FR). */
uint32_t ppc_get_fpscr(CPUPPCState *env);
/* Set the whole FPSCR (sigreturn, signal entry); drops what is pending. */
void ppc_set_fpscr(CPUPPCState *env, uint32_t fpscr);
/* Around guest code (TargetInfo exec_enter/exec_leave): the exception
 * flags of inline FP arithmetic are kept in the host's MXCSR meanwhile. */
void ppc_fp_exec_enter(CPUPPCState *env);
void ppc_fp_exec_leave(CPUPPCState *env);

extern const TargetInfo ppc_target_info;

/* CR as the 32-bit value mfcr returns / mtcrf takes. */
uint32_t ppc_get_cr(const CPUPPCState *env);
void ppc_set_cr(CPUPPCState *env, uint32_t cr);
/* XER as mfxer returns / mtxer takes. */
uint32_t ppc_get_xer(const CPUPPCState *env);
void ppc_set_xer(CPUPPCState *env, uint32_t xer);

/* Reset to the user-mode state Linux starts a process in. */
void ppc_cpu_reset(CPUPPCState *env);

/* -cpu: find a model by name (case-insensitive); NULL if unknown. */
typedef struct PPCCPUModel {
    const char *name;
    uint32_t pvr;
    const char *description;
} PPCCPUModel;
const PPCCPUModel *ppc_cpu_model_find(const char *name);
void ppc_cpu_list(FILE *out);

#endif
