/*
 * translate-mem.c: integer loads and stores (D and X forms, update and
 * byte-reversed forms), load/store multiple and string, lwarx/stwcx.,
 * memory barriers and the cache-block instructions.
 */
#include "target-ppc/helper.h"
#include "target-ppc/translate-int.h"

/* Big-endian guest memory; bytes need no byte order. */
static MemOp mop_be(MemOp size_sign)
{
    return (size_sign & MO_SIZE) == MO_8 ? size_sign : size_sign | MO_BE;
}

static void gen_ld(TCGv v, TCGv ea, MemOp mop)
{
    tcg_gen_qemu_ld(v, ea, mop, PPC_MMU_USER);
}

static void gen_st(TCGv v, TCGv ea, MemOp mop)
{
    tcg_gen_qemu_st(v, ea, mop, PPC_MMU_USER);
}

typedef struct LoadStore {
    MemOp mop;   /* size, sign, byte order */
    bool store;
    bool update; /* rA = EA afterwards */
} LoadStore;

/*
 * Loads and stores with update require rA != 0, and loads also rA != rD:
 * those forms are invalid and raise an illegal-instruction exception.
 */
static void gen_load_store(DisasContext *ctx, LoadStore ls, TCGv ea)
{
    unsigned rd = insn_rD(ctx->insn), ra = insn_rA(ctx->insn);

    if (ls.update && (ra == 0 || (!ls.store && ra == rd))) {
        ppc_gen_illegal(ctx);
        return;
    }
    if (ls.store) {
        gen_st(cpu_gpr[rd], ea, ls.mop);
    } else {
        gen_ld(cpu_gpr[rd], ea, ls.mop);
    }
    if (ls.update) {
        tcg_gen_mov(cpu_gpr[ra], ea);
    }
}

/* Primary opcodes 32-45. */
static const LoadStore d_form[14] = {
    [0] = { MO_UL },               /* lwz */
    [1] = { MO_UL, false, true },  /* lwzu */
    [2] = { MO_UB },               /* lbz */
    [3] = { MO_UB, false, true },  /* lbzu */
    [4] = { MO_UL, true },         /* stw */
    [5] = { MO_UL, true, true },   /* stwu */
    [6] = { MO_UB, true },         /* stb */
    [7] = { MO_UB, true, true },   /* stbu */
    [8] = { MO_UW },               /* lhz */
    [9] = { MO_UW, false, true },  /* lhzu */
    [10] = { MO_SW },              /* lha */
    [11] = { MO_SW, false, true }, /* lhau */
    [12] = { MO_UW, true },        /* sth */
    [13] = { MO_UW, true, true },  /* sthu */
};

static bool x_form_load_store(unsigned xo, LoadStore *ls)
{
    switch (xo) {
    case 23:  *ls = (LoadStore){ MO_UL }; break;               /* lwzx */
    case 55:  *ls = (LoadStore){ MO_UL, false, true }; break;  /* lwzux */
    case 87:  *ls = (LoadStore){ MO_UB }; break;               /* lbzx */
    case 119: *ls = (LoadStore){ MO_UB, false, true }; break;  /* lbzux */
    case 279: *ls = (LoadStore){ MO_UW }; break;               /* lhzx */
    case 311: *ls = (LoadStore){ MO_UW, false, true }; break;  /* lhzux */
    case 343: *ls = (LoadStore){ MO_SW }; break;               /* lhax */
    case 375: *ls = (LoadStore){ MO_SW, false, true }; break;  /* lhaux */
    case 151: *ls = (LoadStore){ MO_UL, true }; break;         /* stwx */
    case 183: *ls = (LoadStore){ MO_UL, true, true }; break;   /* stwux */
    case 215: *ls = (LoadStore){ MO_UB, true }; break;         /* stbx */
    case 247: *ls = (LoadStore){ MO_UB, true, true }; break;   /* stbux */
    case 407: *ls = (LoadStore){ MO_UW, true }; break;         /* sthx */
    case 439: *ls = (LoadStore){ MO_UW, true, true }; break;   /* sthux */
    case 534: *ls = (LoadStore){ MO_UL | MO_LE }; return true;       /* lwbrx */
    case 790: *ls = (LoadStore){ MO_UW | MO_LE }; return true;       /* lhbrx */
    case 662: *ls = (LoadStore){ MO_UL | MO_LE, true }; return true; /* stwbrx */
    case 918: *ls = (LoadStore){ MO_UW | MO_LE, true }; return true; /* sthbrx */
    default:
        return false;
    }
    ls->mop = mop_be(ls->mop);
    return true;
}

/* lmw/stmw: rD..r31 from/to consecutive words.  rA in the loaded range is
 * an invalid form. */
static void trans_lmw_stmw(DisasContext *ctx, bool store)
{
    uint32_t insn = ctx->insn;
    unsigned rd = insn_rD(insn), ra = insn_rA(insn);

    if (!store && ra >= rd) {
        ppc_gen_illegal(ctx);
        return;
    }
    TCGv ea = ppc_gen_ea_disp(ctx, ra, insn_simm(insn));
    TCGv addr = ppc_temp();
    for (unsigned r = rd; r < 32; r++) {
        tcg_gen_addi(addr, ea, 4 * (r - rd));
        if (store) {
            gen_st(cpu_gpr[r], addr, MO_UL | MO_BE);
        } else {
            gen_ld(cpu_gpr[r], addr, MO_UL | MO_BE);
        }
    }
}

/*
 * lswi/stswi: NB bytes (0 means 32) with a count known at translation time,
 * unrolled into word accesses and one partial tail.  A partial register is
 * filled from its high byte; the low bytes become zero.
 */
static void trans_lswi_stswi(DisasContext *ctx, bool store)
{
    uint32_t insn = ctx->insn;
    unsigned rt = insn_rD(insn), ra = insn_rA(insn);
    unsigned nb = insn_rB(insn) ? insn_rB(insn) : 32;
    unsigned nregs = (nb + 3) / 4;

    if (!store && ((ra - rt) & 31) < nregs) {
        ppc_gen_illegal(ctx);
        return;
    }
    TCGv ea = ppc_gen_ea_disp(ctx, ra, 0);
    TCGv addr = ppc_temp(), t = ppc_temp(), u = ppc_temp();
    for (unsigned ofs = 0; ofs < nb; ofs += 4) {
        TCGv reg = cpu_gpr[(rt + ofs / 4) & 31];
        unsigned left = nb - ofs;
        tcg_gen_addi(addr, ea, ofs);
        if (left >= 4) {
            if (store) {
                gen_st(reg, addr, MO_UL | MO_BE);
            } else {
                gen_ld(reg, addr, MO_UL | MO_BE);
            }
        } else if (store) {
            /* 1: byte 0; 2: bytes 0-1; 3: bytes 0-1 then byte 2. */
            if (left >= 2) {
                tcg_gen_shri(t, reg, 16);
                gen_st(t, addr, MO_UW | MO_BE);
            }
            if (left != 2) {
                tcg_gen_shri(t, reg, left == 1 ? 24 : 8);
                tcg_gen_addi(addr, addr, left - 1);
                gen_st(t, addr, MO_UB);
            }
        } else {
            if (left >= 2) {
                gen_ld(t, addr, MO_UW | MO_BE);
                tcg_gen_shli(t, t, 16);
            }
            if (left != 2) {
                tcg_gen_addi(addr, addr, left - 1);
                gen_ld(u, addr, MO_UB);
                tcg_gen_shli(u, u, left == 1 ? 24 : 8);
                if (left == 3) {
                    tcg_gen_or(t, t, u);
                } else {
                    tcg_gen_mov(t, u);
                }
            }
            tcg_gen_mov(reg, t);
        }
    }
}

/* lswx/stswx: the byte count is XER[BC], known only at run time. */
static void trans_lswx_stswx(DisasContext *ctx, bool store)
{
    TCGv ea = ppc_gen_ea_indexed(ctx, insn_rA(ctx->insn), insn_rB(ctx->insn));

    ppc_gen_set_nip(ctx->pc);
    tcg_gen_callN(store ? (void *)helper_stswx : (void *)helper_lswx,
                  store ? TCG_CALL_NO_WG : 0, TCG_NO_RET, tcg_env, ea,
                  ppc_const((int32_t)ctx->insn));
}

/*
 * lwarx/stwcx.: the reservation is an address and the value loaded.
 * stwcx. stores only if the address matches and memory still holds that
 * value, checked and stored by one host compare-and-swap so that another
 * thread's store in between makes it fail; CR0 = EQ on success, plus SO.
 * Either way the reservation ends.
 */
static void trans_lwarx(DisasContext *ctx)
{
    TCGv ea = ppc_gen_ea_indexed(ctx, insn_rA(ctx->insn), insn_rB(ctx->insn));

    gen_ld(cpu_reserve_val, ea, MO_UL | MO_BE);
    tcg_gen_mov(cpu_reserve_addr, ea);
    tcg_gen_mov(cpu_gpr[insn_rD(ctx->insn)], cpu_reserve_val);
}

static void trans_stwcx(DisasContext *ctx)
{
    TCGv ea = ppc_gen_ea_indexed(ctx, insn_rA(ctx->insn), insn_rB(ctx->insn));
    TCGv old = ppc_temp(), eq = ppc_temp();
    uint32_t fail = tcg_new_label(), done = tcg_new_label();

    tcg_gen_brcond(TCG_COND_NE, ea, cpu_reserve_addr, fail);
    tcg_gen_atomic_cmpxchg(old, ea, cpu_reserve_val,
                           cpu_gpr[insn_rS(ctx->insn)], MO_UL | MO_BE,
                           PPC_MMU_USER);
    tcg_gen_setcond(TCG_COND_EQ, eq, old, cpu_reserve_val);
    tcg_gen_shli(eq, eq, __builtin_ctz(CRF_EQ));
    tcg_gen_or(cpu_crf[0], ppc_xer_so(ctx), eq);
    tcg_gen_br(done);
    tcg_gen_set_label(fail);
    tcg_gen_mov(cpu_crf[0], ppc_xer_so(ctx));
    tcg_gen_set_label(done);
    tcg_gen_movi(cpu_reserve_addr, -1);
}

/* dcbz: zero the 32-byte block holding EA. */
static void trans_dcbz(DisasContext *ctx)
{
    TCGv ea = ppc_gen_ea_indexed(ctx, insn_rA(ctx->insn), insn_rB(ctx->insn));
    TCGv addr = ppc_temp();

    tcg_gen_andi(ea, ea, ~31);
    for (int ofs = 0; ofs < 32; ofs += 4) {
        tcg_gen_addi(addr, ea, ofs);
        gen_st(ppc_const(0), addr, MO_UL);
    }
}

static bool trans_mem_31(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned xo = insn_xo10(insn);
    LoadStore ls;

    if (x_form_load_store(xo, &ls)) {
        if (insn_rc(insn)) {
            ppc_gen_illegal(ctx);
            return true;
        }
        gen_load_store(ctx, ls, ppc_gen_ea_indexed(ctx, insn_rA(insn),
                                                   insn_rB(insn)));
        return true;
    }
    switch (xo) {
    case 20:  /* lwarx; bit 31 is the EH hint of ISA 2.05, ignored */
        trans_lwarx(ctx);
        return true;
    case 150: /* stwcx.; Rc must be 1 */
        if (!insn_rc(insn)) {
            ppc_gen_illegal(ctx);
        } else {
            trans_stwcx(ctx);
        }
        return true;
    case 597: trans_lswi_stswi(ctx, false); return true; /* lswi */
    case 725: trans_lswi_stswi(ctx, true); return true;  /* stswi */
    case 533: trans_lswx_stswx(ctx, false); return true; /* lswx */
    case 661: trans_lswx_stswx(ctx, true); return true;  /* stswx */
    case 598: /* sync */
    case 854: /* eieio */
        tcg_gen_mb(TCG_MB_FULL);
        return true;
    case 1014: trans_dcbz(ctx); return true;
    case 54:   /* dcbst */
    case 86:   /* dcbf */
    case 246:  /* dcbtst */
    case 278:  /* dcbt */
    case 758:  /* dcba */
    case 982:  /* icbi: translated code is invalidated on writes already */
        return true;
    case 470:  /* dcbi */
        ppc_gen_priv(ctx);
        return true;
    }
    return false;
}

bool ppc_translate_mem(DisasContext *ctx)
{
    uint32_t insn = ctx->insn;
    unsigned opc = insn_opcd(insn);

    if (opc >= 32 && opc <= 45) {
        LoadStore ls = d_form[opc - 32];
        ls.mop = mop_be(ls.mop);
        gen_load_store(ctx, ls, ppc_gen_ea_disp(ctx, insn_rA(insn),
                                                insn_simm(insn)));
        return true;
    }
    switch (opc) {
    case 46: trans_lmw_stmw(ctx, false); return true;
    case 47: trans_lmw_stmw(ctx, true); return true;
    case 31: return trans_mem_31(ctx);
    }
    return false;
}
