/*
 * cpu.h: the x86 CPU (i386 and x86-64) as mimic models it: user-level
 * registers, lazily computed flags, segment bases for TLS, x87/MMX and SSE
 * state, the exceptions a TB can stop with, and the -cpu models with their
 * CPUID leaves.  Nothing here knows about Linux.
 */
#ifndef TARGET_X86_CPU_H
#define TARGET_X86_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/exec.h"

/*
 * Exceptions (env->common.exception_index).  Faults leave common.pc at the
 * faulting instruction; traps (syscall, int, int3) leave it after.
 */
enum {
    EXCP_X86_DE = 0,       /* #DE divide error (DIV/IDIV): SIGFPE */
    EXCP_X86_DB = 1,       /* INT1 (F1): SIGTRAP; pc after the insn */
    EXCP_X86_BP = 3,       /* INT3: SIGTRAP; pc after the insn */
    EXCP_X86_OF = 4,       /* INTO with OF set (i386): SIGSEGV; pc after */
    EXCP_X86_UD = 6,       /* #UD undefined opcode: SIGILL */
    EXCP_X86_NM = 7,       /* #NM (not raised in user mode) */
    EXCP_X86_GP = 13,      /* #GP privileged/invalid in user mode: SIGSEGV,
                              error_code = selector or 0 */
    EXCP_X86_SEGV = 14,    /* page fault: SIGSEGV, fault_addr set (by the
                              mode's fault handler, or on a fetch fault) */
    EXCP_X86_MF = 16,      /* x87 unmasked exception (FWAIT): SIGFPE */
    EXCP_X86_AC = 17,      /* alignment check: SIGBUS */
    EXCP_X86_XM = 19,      /* SSE unmasked exception: SIGFPE */
    EXCP_X86_SYSCALL = 0x100, /* x86-64 `syscall`; pc after the insn */
    EXCP_X86_INT80 = 0x101,   /* i386 `int $0x80`; pc after the insn */
    EXCP_X86_SYSENTER = 0x102,/* i386 `sysenter`; pc after the insn */
    EXCP_X86_INT = 0x103,     /* `int n`, n != 0x80 (and 0x80 in 64-bit
                                 code): error_code = n; pc at the insn
                                 (Linux turns it into SIGSEGV) */
};

/* EFLAGS bits. */
enum {
    CC_C = 0x0001,
    CC_P = 0x0004,
    CC_A = 0x0010,
    CC_Z = 0x0040,
    CC_S = 0x0080,
    CC_O = 0x0800,
    EFLAGS_TF = 0x0100,
    EFLAGS_IF = 0x0200,
    EFLAGS_DF = 0x0400,
    EFLAGS_IOPL = 0x3000,
    EFLAGS_NT = 0x4000,
    EFLAGS_RF = 0x10000,
    EFLAGS_VM = 0x20000,
    EFLAGS_AC = 0x40000,
    EFLAGS_VIF = 0x80000,
    EFLAGS_VIP = 0x100000,
    EFLAGS_ID = 0x200000,
    EFLAGS_FIXED = 0x0002, /* bit 1 always reads as 1 */
};
#define CC_ARITH (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
/* Bits user code can change with POPF (IF and IOPL silently stay). */
#define EFLAGS_USER_MASK                                                       \
    (CC_ARITH | EFLAGS_TF | EFLAGS_DF | EFLAGS_NT | EFLAGS_AC | EFLAGS_ID)

/*
 * Lazy flags.  The last flag-setting instruction leaves its kind in cc_op
 * and its operands in cc_dst/cc_src/cc_src2; a flag is computed only when
 * something reads it.  Each kind has a byte/word/long/quad variant
 * (CC_OP_ADDB + ot, ot = log2 of the operand size in bytes).
 *
 *   kind    cc_dst   cc_src                cc_src2
 *   EFLAGS  -        the six flags (CC_*)  -
 *   ADD     result   second operand        -
 *   ADC     result   second operand        carry in (0/1)
 *   SUB     result   second operand        -          (first = dst+src)
 *   SBB     result   second operand        borrow in (0/1); first = dst+src+in
 *   LOGIC   result   -                     -          (CF = OF = AF = 0)
 *   INC     result   CF before (0/1)       -
 *   DEC     result   CF before (0/1)       -
 *   SHL     result   operand << (count-1)  -
 *   SHR     result   operand >> (count-1)  -          (SHR and SAR)
 *   MUL     result   nonzero: CF = OF = 1  -
 *   BMI     result   CF (0/1)              -          (OF = 0; ZF, SF from
 *                                                       result)
 *   POPCNT  result   -                     -          (ZF = result == 0,
 *                                                       the others 0)
 */
typedef enum CCOp {
    CC_OP_EFLAGS,
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL, CC_OP_ADDQ,
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL, CC_OP_ADCQ,
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL, CC_OP_SUBQ,
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL, CC_OP_SBBQ,
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL, CC_OP_LOGICQ,
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL, CC_OP_INCQ,
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL, CC_OP_DECQ,
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL, CC_OP_SHLQ,
    CC_OP_SHRB, CC_OP_SHRW, CC_OP_SHRL, CC_OP_SHRQ,
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL, CC_OP_MULQ,
    CC_OP_BMIB, CC_OP_BMIW, CC_OP_BMIL, CC_OP_BMIQ,
    CC_OP_POPCNT,
    CC_OP_NB,
} CCOp;

/*
 * A kind that leaves cc_src2 unused (not ADC or SBB) or'ed with CC_OP_CO:
 * its flags with CF and OF replaced by those of a rotate whose result is
 * in cc_src2.  ROL/ROR by a constant leave this, so neither the flags they
 * keep nor the two they set are computed unless something reads them.
 * CC_OP_CO_LEFT: the rotate was ROL (CF = bit 0, OF = CF ^ top bit), else
 * ROR (CF = top bit, OF = top bit ^ the bit below); bits 8-9: its operand
 * size (MO_8..MO_64).  CC_OP_CO_CF_ONLY: BT and its family, which replace
 * only CF, by cc_src2 (0/1).
 */
#define CC_OP_CO 0x40
#define CC_OP_CO_LEFT 0x80
#define CC_OP_CO_SIZE_SHIFT 8
#define CC_OP_CO_CF_ONLY 0x400
/* The kind under CC_OP_CO and the rotate bits. */
#define CC_OP_CO_BASE(op) ((op) & (CC_OP_CO - 1))
static inline int cc_op_rotate(bool left, int ot)
{
    return CC_OP_CO | (left ? CC_OP_CO_LEFT : 0) | ot << CC_OP_CO_SIZE_SHIFT;
}

/* Segment registers, in the encoding's order. */
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };
/* General registers. */
enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };

typedef struct X86Segment {
    uint32_t selector;
    uint64_t base;
} X86Segment;

/*
 * i386 TLS: the three GDT entries set_thread_area manages.  Entry numbers
 * are those of a 64-bit Linux kernel (12..14, selectors 0x63, 0x6b, 0x73),
 * the host that serves as the oracle for i386 programs.
 */
#define X86_TLS_ENTRIES 3
#define X86_TLS_FIRST_ENTRY 12
typedef struct X86TLSDesc {
    uint32_t base;
    uint32_t limit;
    uint32_t flags;   /* struct user_desc flag bits; 0 with base 0: empty */
    bool present;
} X86TLSDesc;

/* Flat user segments of a 64-bit Linux kernel (also for i386 processes). */
#define X86_USER32_CS 0x23
#define X86_USER_DS 0x2b
#define X86_USER64_CS 0x33

/* One x87 register: 64-bit significand (explicit integer bit) and
 * sign+15-bit exponent; 16 bytes as in the FXSAVE image.  MMX register i
 * is the significand of physical register i. */
typedef struct X86FPReg {
    uint64_t mant;
    uint16_t sign_exp;
    uint16_t pad[3];
} X86FPReg;

typedef union X86XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
    float s[4];
    double d[2];
} __attribute__((aligned(16))) X86XMMReg;

typedef struct CPUX86State {
    CPUCommon common;      /* common.pc is the linear RIP/EIP */
    uint64_t regs[16];     /* RAX..R15; i386 uses the low 32 bits of 0..7 */

    /* Lazy flags (see CCOp). */
    uint64_t cc_dst, cc_src, cc_src2;
    uint32_t cc_op;
    int32_t df;            /* +1, or -1 when EFLAGS.DF is set */
    uint32_t eflags;       /* bits other than CC_ARITH and DF: TF, AC, ID,
                              IF (always 1), bit 1 (always 1) */

    X86Segment segs[6];    /* bases: ES/CS/SS/DS 0 in user mode */
    X86TLSDesc tls[X86_TLS_ENTRIES];
    bool code64;           /* executing 64-bit code (CS.L) */

    uint32_t error_code;   /* EXCP_X86_GP / EXCP_X86_INT detail */
    uint64_t fault_addr;   /* EXCP_X86_SEGV */

    /* x87 FPU (with MMX aliasing fpregs[i].mant). */
    X86FPReg fpregs[8];    /* physical registers; ST(i) = fpregs[(top+i)&7] */
    uint32_t fptop;        /* TOP, 0..7 (kept out of fpus) */
    uint16_t fpuc;         /* control word */
    uint16_t fpus;         /* status word, TOP field zero (see fptop) */
    /* Inline x87 code leaves the status word of its last operation here
     * (translate-x87-inline.c): the guest's condition bits in
     * fpus_pending_mask are fpus_pending's, and its sticky exception
     * flags are the guest's too.  x86_fpu_fold_status merges them into
     * fpus; outside cpu_exec both are 0. */
    uint16_t fpus_pending, fpus_pending_mask;
    uint8_t fptags[8];     /* 1 = empty, per physical register */
    uint16_t fpop;         /* last opcode (11 bits) */
    uint64_t fpip, fpdp;   /* last instruction and data pointers */
    uint16_t fpcs, fpds;

    /* SSE. */
    X86XMMReg xmm[16];
    uint32_t mxcsr;

    /* Scratch the translator may use for 128-bit operands. */
    X86XMMReg xmm_tmp;

    /* CPUID model. */
    const struct X86CPUModel *model;
    uint64_t tsc_offset;   /* RDTSC = host TSC + tsc_offset */
} CPUX86State;

/* CPUID feature bits (leaf 1 EDX/ECX, leaf 7 EBX, leaf 0x80000001). */
enum {
    CPUID_FPU = 1u << 0, CPUID_TSC = 1u << 4, CPUID_CX8 = 1u << 8,
    CPUID_SEP = 1u << 11, CPUID_CMOV = 1u << 15, CPUID_CLFSH = 1u << 19,
    CPUID_MMX = 1u << 23, CPUID_FXSR = 1u << 24, CPUID_SSE = 1u << 25,
    CPUID_SSE2 = 1u << 26,
};
enum {
    CPUID_EXT_SSE3 = 1u << 0, CPUID_EXT_PCLMULQDQ = 1u << 1,
    CPUID_EXT_SSSE3 = 1u << 9, CPUID_EXT_CX16 = 1u << 13,
    CPUID_EXT_SSE41 = 1u << 19, CPUID_EXT_SSE42 = 1u << 20,
    CPUID_EXT_MOVBE = 1u << 22, CPUID_EXT_POPCNT = 1u << 23,
    CPUID_EXT_AES = 1u << 25,
};
enum {
    CPUID_7_EBX_BMI1 = 1u << 3, CPUID_7_EBX_BMI2 = 1u << 8,
    CPUID_7_EBX_ADX = 1u << 19,
};
enum {
    CPUID_EXT2_SYSCALL = 1u << 11, CPUID_EXT2_NX = 1u << 20,
    CPUID_EXT2_LM = 1u << 29,
    CPUID_EXT3_LAHF_LM = 1u << 0, CPUID_EXT3_ABM = 1u << 5, /* LZCNT */
};

typedef struct X86CPUModel {
    const char *name;
    const char *description;
    char vendor[13];       /* 12 characters */
    char brand[49];        /* 48 characters, leaves 0x80000002..4 */
    uint32_t family, model, stepping;
    uint32_t features_edx, features_ecx;       /* leaf 1 */
    uint32_t features_7_ebx;                   /* leaf 7, subleaf 0 */
    uint32_t ext_features_edx, ext_features_ecx; /* leaf 0x80000001 */
} X86CPUModel;

/* -cpu: a model by name (case-insensitive), NULL if unknown; the list. */
const X86CPUModel *x86_cpu_model_find(const char *name);
void x86_cpu_list(FILE *out);
/* CPUID leaf/subleaf of env's model: out[0..3] = EAX, EBX, ECX, EDX. */
void x86_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf,
               uint32_t out[4]);

/* Reset to the state Linux starts a user process in; code64 selects
 * x86-64 (true) or i386 code.  The model is the default one. */
void x86_cpu_reset(CPUX86State *env, bool code64);

/* EFLAGS as PUSHF would push it, and as POPF (user privilege) loads it. */
uint32_t x86_get_eflags(const CPUX86State *env);
void x86_set_eflags(CPUX86State *env, uint32_t eflags);

/* Load a segment register with a selector as user code may (GDT TLS
 * entries, the flat user segments, null for DS/ES/FS/GS); false if the
 * selector is not loadable (the instruction raises #GP). */
bool x86_load_seg(CPUX86State *env, int seg, uint32_t selector);

/* fpus with the inline code's pending status word merged in. */
static inline uint16_t x86_fpus_now(const CPUX86State *env)
{
    uint16_t mask = env->fpus_pending_mask;

    return (uint16_t)((env->fpus & ~mask) |
                      (env->fpus_pending & (mask | 0x3f)));
}

/* The x87 status word with TOP merged in (FSTSW). */
uint16_t x86_fpu_status(const CPUX86State *env);

/* TB flags: what a translation depends on besides the pc. */
#define X86_TB_CODE64 1u
/* Without X86_TB_X87_TRAPS: the x87 stack shape, TOP and which physical
 * registers are full (bit i: fptags[i] == 0), so that the translator
 * knows ST(i)'s place in env and every stack fault
 * (translate-x87-inline.c). */
#define X86_TB_X87_TOP_SHIFT 16
#define X86_TB_X87_FULL_SHIFT 20
#define X86_TB_X87_SHAPE (7ul << X86_TB_X87_TOP_SHIFT \
                          | 0xfful << X86_TB_X87_FULL_SHIFT)
/* Some MXCSR exception is unmasked: SSE floating-point helpers may raise
 * #XM, so they are called with the pc and IR globals in env. */
#define X86_TB_SSE_TRAPS 2u
/* Some x87 exception is unmasked: a waiting x87 instruction first raises
 * #MF if one is pending (ES). */
#define X86_TB_X87_TRAPS 4u
/* MXCSR's controls are the default (round to nearest, no DAZ/FTZ, every
 * exception masked): scalar doubles may run inline (translate-sse.c). */
#define X86_TB_SSE_DEFAULT 8u

extern const TargetInfo x86_64_target_info;
extern const TargetInfo i386_target_info;

#endif
