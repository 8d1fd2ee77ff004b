/*
 * translate.h: what the x86 translator files share, and the interface
 * through which the x87 (translate-x87.c, fpu_helper.c) and MMX/SSE
 * (translate-sse.c, sse_helper.c) groups plug into the decoder.  Private to
 * target-x86/.
 *
 * How an instruction flows: translate.c fetches up to 15 bytes, decode.c
 * splits them into an X86Insn (prefixes, map, opcode, ModRM, SIB,
 * displacement, immediate, operand and address size), and the group that
 * owns the opcode emits IR for it through the helpers below.  The x87 and
 * SSE groups are called with s->insn fully decoded: they never look at
 * instruction bytes.
 *
 * Types: "TL" temps have the type x86_tl: I64 for x86_64 guests, I32 for
 * i386 guests (whose registers are the low halves of env->regs).  Guest
 * addresses are TL.
 */
#ifndef TARGET_X86_TRANSLATE_H
#define TARGET_X86_TRANSLATE_H

#include <stddef.h>

#include "target-x86/cpu.h"
#include "tcg/tcg-op.h"

#define X86_ENV_OFS(field) ((int32_t)offsetof(CPUX86State, field))
#define X86_MMU_USER 0
#define X86_MAX_INSN_LEN 15

/* ---- decoded instructions (decode.c) ------------------------------------ */

typedef enum X86Map {
    X86_MAP_1B,    /* one-byte opcodes */
    X86_MAP_0F,    /* 0F xx */
    X86_MAP_0F38,  /* 0F 38 xx */
    X86_MAP_0F3A,  /* 0F 3A xx */
} X86Map;

/* The SSE "mandatory prefix": F2 or F3 if present (the last one wins),
 * else 66, else none. */
typedef enum X86Prefix {
    X86_PFX_NONE,
    X86_PFX_66,
    X86_PFX_F3,
    X86_PFX_F2,
} X86Prefix;

typedef struct X86Insn {
    uint8_t len;         /* bytes, 1..15 */
    uint8_t map;         /* X86Map */
    uint8_t opcode;      /* the byte after the escape bytes */
    uint8_t pfx;         /* X86Prefix */
    bool lock, rep, repne, opsize, adsize; /* F0 F3 F2 66 67 seen */
    int8_t seg;          /* segment override R_ES..R_GS, or -1 */
    uint8_t rex;         /* the REX byte (0x40..0x4f), 0 if none */
    uint8_t ot;          /* operand size of "v" operands: MO_16/32/64 */
    uint8_t aflag;       /* address size: MO_16/32/64 */
    /* VEX (decoded only for the BMI1/BMI2 opcodes): pfx holds VEX.pp, rex
     * VEX.W/R/X/B (0 outside 64-bit code), map VEX.mmmmm. */
    bool vex;
    bool vex_l;          /* VEX.L */
    uint8_t vex_v;       /* VEX.vvvv, not inverted (0..15; outside 64-bit
                            code bit 3 names no register) */

    bool has_modrm;
    uint8_t modrm;
    uint8_t mod;         /* modrm bits 7:6 */
    uint8_t reg;         /* modrm bits 5:3 | REX.R << 3 (0..15) */
    uint8_t op;          /* modrm bits 5:3 alone: the /digit of groups */
    uint8_t rm;          /* mod == 3: modrm bits 2:0 | REX.B << 3 */
    bool has_sib;
    uint8_t sib;
    int32_t disp;        /* sign-extended displacement (0 if none) */
    uint8_t disp_size;

    uint8_t imm_size;    /* bytes of the (first) immediate */
    int64_t imm;         /* sign-extended immediate */
    uint8_t imm2;        /* ENTER's second immediate (Ib) */
    uint8_t imm_offset;  /* offset of the immediate in the instruction */
} X86Insn;

/* The REX bits. */
static inline bool x86_rex_w(const X86Insn *i) { return i->rex & 8; }
static inline bool x86_rex_r(const X86Insn *i) { return i->rex & 4; }
static inline bool x86_rex_x(const X86Insn *i) { return i->rex & 2; }
static inline bool x86_rex_b(const X86Insn *i) { return i->rex & 1; }

/*
 * Decode the instruction at code (avail bytes readable) in 64-bit or
 * 32-bit code.  Returns its length (> 0), 0 if avail bytes do not hold a
 * whole instruction (or it would be longer than 15 bytes), or -1 for an
 * encoding that is undefined or that mimic does not decode (VEX other than
 * the BMI opcodes, 3DNow!, opcodes invalid in the mode): #UD.
 */
int x86_decode(const uint8_t *code, size_t avail, bool code64, X86Insn *insn);

/* ---- the translation context -------------------------------------------- */

typedef enum DisasJumpType {
    DISAS_NEXT,       /* fall through to the next instruction */
    DISAS_NORETURN,   /* exit already emitted (branch, exception) */
    DISAS_UPDATE,     /* state the TB depends on changed: store next_pc
                         and return to the exec loop */
} DisasJumpType;

/* Translate-time cc_op meaning "look at env->cc_op"; under CC_OP_CO bits:
 * env->cc_op holds some kind with those bits. */
#define CC_OP_DYNAMIC CC_OP_NB

#define X86_MAX_SIDE_EXITS 8

/* What a forward branch is in a loop region (x86_region_branch). */
typedef enum X86RegionBranch {
    REGION_NONE,     /* not in one: the TB ends */
    REGION_EXIT,     /* leaves the loop: a side exit */
    REGION_INTERNAL, /* lands in the loop: a label there */
} X86RegionBranch;

typedef struct DisasContext {
    CPUX86State *env;
    TranslationBlock *tb;
    const uint8_t *code_page; /* the TB's first page, if readable whole */
    X86Insn insn;       /* the instruction being translated */
    uint64_t pc;        /* its address */
    uint64_t next_pc;   /* address of the following instruction */
    bool code64;
    bool sse_traps;     /* X86_TB_SSE_TRAPS */
    bool x87_traps;     /* X86_TB_X87_TRAPS */
    /* Without x87_traps: the x87 stack shape the instructions so far
     * leave (X86_TB_X87_SHAPE: TOP, bit i = fpregs[i] full), and whether
     * the host control word is the guest's (translate-x87-inline.c). */
    uint8_t x87_top, x87_full;
    bool x87_cw_set;
    uint8_t x87_sw;     /* what env->fpus_pending_mask holds (X87SwPending) */
    int cc_op;          /* CCOp in env->cc_op now, or CC_OP_DYNAMIC */
    DisasJumpType is_jmp;
    TCGv modrm_addr;    /* x86_gen_lea() of this instruction, once made */
    TCGv cc_srcT;       /* first operand of a SUB-kind flag state recorded
                           in this TB (kept out of env: dst + src) */
    /* LOCK-prefixed, or XCHG with memory: the store to the address of
     * the first memory load becomes a compare-and-swap against the value
     * loaded, and the instruction runs again if memory changed. */
    bool atomic;
    TCGv atomic_addr, atomic_old;
    MemOp atomic_mop;
    /* Loop regions (x86_region_branch): in a loop body that jumps back
     * to the TB's start a few instructions later, a Jcc that leaves the
     * loop becomes a branch to a side exit, emitted after the TB's last
     * instruction, and one that lands inside it (or a JMP that does) a
     * branch to a label placed at its target; translation goes on along
     * the loop. */
    bool regions_ok;    /* chaining on and more than one insn per TB */
    bool region;        /* some branch became one of those */
    bool path_dead;     /* after such a JMP, until a label */
    uint8_t slots_used; /* goto_tb slots taken (bit n: slot n) */
    uint8_t nb_side_exits;
    struct X86SideExit {
        uint32_t label;
        uint64_t pc;         /* where the guest goes */
        uint64_t jmp_flags;  /* TB key there (x87 shape) */
        bool inside;         /* target in the loop: a label there */
        bool placed;         /* ... placed */
        int cc_op;           /* s->cc_op at the branch */
    } side_exits[X86_MAX_SIDE_EXITS];
} DisasContext;

/* TargetInfo hooks (translate.c). */
void x86_64_tcg_init(void);
void i386_tcg_init(void);
void x86_translate(CPUCommon *cs, TranslationBlock *tb, int max_insns);

/* ---- IR globals and temps ----------------------------------------------- */

extern TCGType x86_tl;      /* I64 (x86_64 guest) or I32 (i386 guest) */
extern TCGv cpu_regs[16];   /* TL: RAX..R15 (i386: EAX..EDI) */
extern TCGv cpu_cc_dst, cpu_cc_src, cpu_cc_src2; /* TL */
extern TCGv cpu_cc_op;      /* I32 */
extern TCGv cpu_df;         /* I32: +1 / -1 */
extern TCGv cpu_pc;         /* I64 on common.pc */

/* Scratch temps for the current instruction (recycled at the next one). */
TCGv x86_temp(void);        /* TL */
TCGv x86_temp_i32(void);
TCGv x86_temp_i64(void);
static inline TCGv x86_const(int64_t v) { return tcg_constant(x86_tl, v); }
/* A TL value as I64 (zero-extended for i386) and back, for helpers. */
TCGv x86_to_i64(TCGv v);
TCGv x86_from_i64(TCGv v);
/* d = a zero- or sign-extended from size ot to TL. */
void x86_gen_ext(MemOp ot, TCGv d, TCGv a, bool sign);
/* A result r of operand size ot, zero-extended in place when it is 32 bits
 * in x86-64 code, right after the op that computes it: the backend then
 * computes it in 32 bits, and x86_gen_st_reg of it is a move. */
void x86_gen_zext32_result(MemOp ot, TCGv r);

/* ---- operands ------------------------------------------------------------ */

/*
 * Linear address of the ModRM memory operand of s->insn (mod != 3):
 * base + index*scale + disp (RIP-relative in 64-bit code), truncated to
 * the address size, plus the FS/GS base under an FS/GS override.  A TL
 * temp made on the first call and returned again by later calls for the
 * same instruction: never write to it.
 */
TCGv x86_gen_lea(DisasContext *s);
/* The same without segment base, in a new temp (LEA). */
TCGv x86_gen_lea_offset(DisasContext *s);
/* Linear address of seg:ea where ea is an offset already truncated to the
 * address size (string instructions, XLAT, moffs); seg is the override
 * if s->insn has one, else def_seg. */
TCGv x86_gen_seg_addr(DisasContext *s, TCGv ea, int def_seg);

/* Guest memory through IR, little-endian; val may be I32 or I64 (a
 * 64-bit access needs an I64 val).  These may fault: precise SIGSEGV at
 * the instruction. */
void x86_gen_ld(DisasContext *s, TCGv val, TCGv addr, MemOp mop);
void x86_gen_st(DisasContext *s, TCGv val, TCGv addr, MemOp mop);

/* General registers by operand size (MO_8..MO_64).  Byte registers 4..7
 * are AH, CH, DH, BH unless the instruction has a REX prefix.  Reads give a
 * TL value zero-extended from the size; writes follow the architecture
 * (8/16-bit writes merge, 32-bit writes zero the upper half). */
void x86_gen_ld_reg(DisasContext *s, MemOp ot, int reg, TCGv dst);
void x86_gen_st_reg(DisasContext *s, MemOp ot, int reg, TCGv val);

/* Register reg as an operand of size ot whose bits above the size do not
 * matter (they may be garbage): the global itself when possible, so never
 * write to the result. */
TCGv x86_gen_ld_reg_raw(DisasContext *s, MemOp ot, int reg);

/* The ModRM r/m operand of size ot: register or memory. */
void x86_gen_ld_modrm(DisasContext *s, MemOp ot, TCGv dst);
void x86_gen_st_modrm(DisasContext *s, MemOp ot, TCGv val);

/* ---- flags (flags.c) ----------------------------------------------------- */

/*
 * env->cc_op is always current: it is stored whenever an instruction
 * changes the kind of flag state, so helpers and exceptions see the flags
 * of the last completed instruction.  s->cc_op is the translator's
 * knowledge of it (CC_OP_DYNAMIC at TB start).
 *
 * Record the flag state of an instruction: cc_op and its operands
 * (unused ones may be NULL-handles: (TCGv){0}). */
void x86_gen_set_cc(DisasContext *s, int cc_op, TCGv dst, TCGv src,
                    TCGv src2);
/* A helper just left env->cc_op = op: record it without storing. */
void x86_note_cc_op(DisasContext *s, int op);
/* CF (0/1) as a TL temp; the flag state is unchanged. */
TCGv x86_gen_cf(DisasContext *s);
/* The six arithmetic flags in EFLAGS positions, as a TL temp; afterwards
 * s->cc_op is CC_OP_EFLAGS with the same value in cpu_cc_src. */
TCGv x86_gen_compute_eflags(DisasContext *s);
/* CF and OF of ROL (left) or ROR by a nonzero constant of size ot with
 * result r (TL, zero-extended from ot or full width); the other flags
 * stay.  Nothing is computed unless read (CC_OP_CO). */
void x86_gen_set_rotate_cc(DisasContext *s, bool left, MemOp ot, TCGv r);
/* CF of BT and its family (cf: TL, 0/1); the other flags stay. */
void x86_gen_set_bt_cc(DisasContext *s, TCGv cf);
/* Set all six arithmetic flags from a TL value in EFLAGS positions (other
 * bits ignored): FCOMI, COMISS, PTEST, SAHF, POPF use it. */
void x86_gen_set_eflags_arith(DisasContext *s, TCGv flags);

/* Condition code b (the low 4 bits of Jcc/SETcc/CMOVcc opcodes:
 * 0 O, 1 NO, 2 B, 3 AE, 4 E, 5 NE, 6 BE, 7 A, 8 S, 9 NS, 10 P, 11 NP,
 * 12 L, 13 GE, 14 LE, 15 G) as a comparison of two TL temps. */
typedef struct X86Cond {
    TCGCond cond;
    TCGv a, b;
} X86Cond;
X86Cond x86_gen_cond(DisasContext *s, int b);
/* Condition b as 0/1 in a TL temp. */
TCGv x86_gen_setcc(DisasContext *s, int b);

/* ---- exceptions and control --------------------------------------------- */

/* Store pc in env (helpers that may raise need env->common.pc at the
 * instruction). */
void x86_gen_sync_pc(DisasContext *s);
/* pc wrapped to the code size (32 bits outside 64-bit code). */
uint64_t x86_pc_mask(const DisasContext *s, uint64_t pc);
/* Target of relative branch i ending at next: next + displacement,
 * wrapped to 16 bits for a 16-bit operand size outside 64-bit code. */
uint64_t x86_rel_target(const DisasContext *s, const X86Insn *i,
                        uint64_t next);
/* Continue at dest through chainable slot (0/1); ends the TB. */
void x86_gen_jmp_tb(DisasContext *s, uint64_t dest, int slot);
/* The forward branch of s->insn to target, pc being the next
 * instruction, in a loop the TB could hold whole (translate.c). */
X86RegionBranch x86_region_branch(DisasContext *s, uint64_t pc,
                                  uint64_t target);
/* Such a Jcc: branch on c to dest as kind says. */
void x86_gen_side_exit(DisasContext *s, X86Cond c, uint64_t dest,
                       X86RegionBranch kind);
/* Such a JMP (REGION_INTERNAL). */
void x86_gen_region_jmp(DisasContext *s, uint64_t dest);
/* Continue at the address in a TL temp (indirect branch); ends the TB. */
void x86_gen_jmp_reg(DisasContext *s, TCGv dest);
/* Raise excp with env->common.pc = pc and end the TB. */
void x86_gen_exception_at(DisasContext *s, int excp, uint64_t pc);
/* The code of x86_gen_exception_at without ending the TB: for raising
 * under a branch (the caller places a label after it). */
void x86_gen_raise(DisasContext *s, int excp, uint64_t pc);
/* Raise excp at the current instruction (faults). */
void x86_gen_exception(DisasContext *s, int excp);
/* #UD at the current instruction. */
void x86_gen_illegal(DisasContext *s);

/* ---- stack (translate-stack.c) ----------------------------------------- */

/* Size of PUSH/POP/CALL/RET operands: 64 (64-bit code) or 32, 16 with 66. */
MemOp x86_stack_ot(const DisasContext *s);
void x86_gen_push(DisasContext *s, MemOp ot, TCGv val);
/* POP in two steps, so that the destination sees the updated RSP. */
void x86_gen_pop_load(DisasContext *s, MemOp ot, TCGv dst);
void x86_gen_pop_update(DisasContext *s, MemOp ot, int extra);
/* EFLAGS as PUSHF pushes it (TL temp). */
TCGv x86_gen_eflags(DisasContext *s);
/* Load segment register seg with a selector (helper; #GP if invalid). */
void x86_gen_load_seg(DisasContext *s, int seg, TCGv selector);

/* ---- instruction groups ----------------------------------------------------
 * Each returns true if it translated s->insn, false if the opcode is not
 * its own or not valid (the caller raises #UD).  An instruction that ends
 * the TB sets s->is_jmp.
 */
bool x86_translate_alu(DisasContext *s);     /* translate-alu.c */
bool x86_translate_shift(DisasContext *s);   /* translate-shift.c */
bool x86_translate_muldiv(DisasContext *s);  /* translate-muldiv.c */
bool x86_translate_bits(DisasContext *s);    /* translate-bits.c */
bool x86_translate_branch(DisasContext *s);  /* translate-branch.c */
bool x86_translate_stack(DisasContext *s);   /* translate-stack.c */
bool x86_translate_string(DisasContext *s);  /* translate-string.c */
bool x86_translate_misc(DisasContext *s);    /* translate-misc.c */
/* BMI1/BMI2/ADX (translate-bmi.c): asked first; claims every VEX
 * encoding (#UD for what the CPU model does not offer). */
bool x86_translate_bmi(DisasContext *s);
/* Far JMP/CALL/RET (translate-far.c). */
bool x86_translate_far(DisasContext *s);

/*
 * x87 (translate-x87.c): opcodes D8..DF of the one-byte map (ModRM decoded;
 * s->insn.mod/op/rm, and x86_gen_lea() for memory forms) and 9B (FWAIT).
 */
bool x86_translate_x87(DisasContext *s);

/*
 * MMX/SSE (translate-sse.c): every opcode of the 0F, 0F38 and 0F3A maps
 * the integer groups do not claim, with s->insn.pfx the mandatory prefix
 * (NONE/66/F3/F2).  Also 0F AE /0../3 with mod != 3 (FXSAVE, FXRSTOR,
 * LDMXCSR, STMXCSR) and 0F 77 (EMMS).  REX.R extends s->insn.reg to XMM8..15,
 * REX.B s->insn.rm.  Memory operands: x86_gen_lea() then x86_gen_ld/st in
 * 64-bit halves to env->xmm[] / env->xmm_tmp (with st_env/ld_env), then C
 * helpers on env.  Helpers must not touch guest memory themselves: a
 * fault there would not be precise.
 */
bool x86_translate_sse(DisasContext *s);

/* Register globals of the x87/SSE groups, if any (from tcg_init). */
void x86_fpu_tcg_init(void);

/* Helpers (C functions called from TBs) used by the integer groups. */
#include "target-x86/helper.h"

#endif
