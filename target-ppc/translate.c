/*
 * translate.c: the PowerPC translation loop.  Fetches big-endian instruction
 * words, hands each to the instruction groups (translate-alu.c,
 * translate-mem.c, translate-branch.c, translate-fp.c) and closes the TB.
 * Also the IR globals for the guest registers and what the groups share:
 * scratch temps, exceptions, CR0 and compare results.
 */
#include <stddef.h>

#include "target-ppc/translate-int.h"
#include "tcg/tb.h"

TCGv cpu_gpr[32];
TCGv cpu_crf[8];
TCGv cpu_lr, cpu_ctr;
TCGv cpu_xer_so, cpu_xer_ov, cpu_xer_ca;
TCGv cpu_reserve_addr, cpu_reserve_val;
TCGv cpu_nip;

#define ENV_OFS(field) ((int32_t)offsetof(CPUPPCState, field))
#define PPC_PAGE_SIZE 4096u

static const char gpr_names[32][4] = {
    "r0",  "r1",  "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
    "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23",
    "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31",
};
static const char crf_names[8][5] = {
    "crf0", "crf1", "crf2", "crf3", "crf4", "crf5", "crf6", "crf7",
};

void ppc_tcg_init(void)
{
    for (int i = 0; i < 32; i++) {
        cpu_gpr[i] = tcg_global_mem_new(TCG_TYPE_I32,
                                        ENV_OFS(gpr) + 4 * i, gpr_names[i]);
    }
    for (int i = 0; i < 8; i++) {
        cpu_crf[i] = tcg_global_mem_new(TCG_TYPE_I32,
                                        ENV_OFS(crf) + 4 * i, crf_names[i]);
    }
    /* A few registers every function uses (the stack pointer, the first
     * argument and return value, a scratch register, the frame pointer)
     * stay in host registers across TBs; more would crowd out the
     * registers code touching many of the 32 needs (measured: fib gets
     * slower with 8, printf and sieve faster with 4). */
    static const uint8_t homes[4] = { 1, 3, 31, 9 };
    for (unsigned i = 0; i < 4; i++) {
        tcg_global_set_home(cpu_gpr[homes[i]], i);
    }
    cpu_lr = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(lr), "lr");
    cpu_ctr = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(ctr), "ctr");
    cpu_xer_so = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(xer_so), "so");
    cpu_xer_ov = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(xer_ov), "ov");
    cpu_xer_ca = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(xer_ca), "ca");
    cpu_reserve_addr = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(reserve_addr),
                                          "res_addr");
    cpu_reserve_val = tcg_global_mem_new(TCG_TYPE_I32, ENV_OFS(reserve_val),
                                         "res_val");
    cpu_nip = tcg_global_mem_new(TCG_TYPE_I64, ENV_OFS(common.pc), "nip");
    ppc_fp_tcg_init();
}

/* ---- scratch temps ------------------------------------------------------ */

TCGv ppc_temp(void)
{
    return tcg_temp_scratch(TCG_TYPE_I32);
}

TCGv ppc_temp_i64(void)
{
    return tcg_temp_scratch(TCG_TYPE_I64);
}

/* ---- shared generators -------------------------------------------------- */

TCGv ppc_gen_ea_disp(DisasContext *ctx, unsigned ra, int32_t disp)
{
    TCGv ea = ppc_temp();
    if (ra == 0) {
        tcg_gen_movi(ea, disp);
    } else {
        tcg_gen_addi(ea, cpu_gpr[ra], disp);
    }
    return ea;
}

TCGv ppc_gen_ea_indexed(DisasContext *ctx, unsigned ra, unsigned rb)
{
    TCGv ea = ppc_temp();
    if (ra == 0) {
        tcg_gen_mov(ea, cpu_gpr[rb]);
    } else {
        tcg_gen_add(ea, cpu_gpr[ra], cpu_gpr[rb]);
    }
    return ea;
}

void ppc_gen_set_nip(uint32_t pc)
{
    tcg_gen_movi(cpu_nip, pc);
}

void ppc_gen_goto_pc(int slot, uint32_t pc)
{
    ppc_gen_set_nip(pc);
    tcg_gen_goto_tb(slot);
}

void ppc_gen_raise(uint32_t nip, int excp)
{
    ppc_gen_set_nip(nip);
    tcg_gen_st_env(ppc_const(excp), ENV_OFS(common.exception_index), MO_32);
    tcg_gen_exit_tb(0);
}

void ppc_gen_exception(DisasContext *ctx, int excp)
{
    ppc_gen_raise(ctx->pc, excp);
    ctx->is_jmp = DISAS_NORETURN;
}

/* The instruction word goes with both: the mode reports it, and emulates
 * some privileged ones (Linux does mfpvr for user space). */
static void gen_insn_exception(DisasContext *ctx, int excp)
{
    tcg_gen_st_env(ppc_const((int32_t)ctx->insn), ENV_OFS(error_insn), MO_32);
    ppc_gen_exception(ctx, excp);
}

void ppc_gen_illegal(DisasContext *ctx)
{
    gen_insn_exception(ctx, EXCP_PPC_ILLEGAL);
}

void ppc_gen_priv(DisasContext *ctx)
{
    gen_insn_exception(ctx, EXCP_PPC_PRIV);
}

/* Fetch fault on the first instruction of a TB: SIGSEGV at that pc. */
static void gen_fetch_fault(DisasContext *ctx)
{
    tcg_gen_st_env(ppc_const((int32_t)ctx->pc), ENV_OFS(fault_addr), MO_32);
    ppc_gen_exception(ctx, EXCP_PPC_SEGV);
}

/*
 * Two movconds pick 8 (LT), 4 (GT) or 2 (EQ); OR in SO.  Cheaper than three
 * setconds with shifts, and the backends turn each into cmp + cmov.
 */
/* crf = (a cond b ? if_true : if_false) | SO */
static void gen_crf_select(DisasContext *ctx, TCGv crf, TCGCond cond, TCGv a,
                           TCGv b, int32_t if_true, int32_t if_false)
{
    TCGv so = ppc_xer_so(ctx);
    TCGv t = so.idx == cpu_xer_so.idx ? ppc_temp() : crf;

    tcg_gen_movcond(cond, t, a, b, ppc_const(if_true), ppc_const(if_false));
    if (t.idx != crf.idx) {
        tcg_gen_or(crf, t, so);
    }
}

/* Whether bc (the word) branches on a bit of CR field crfd and nothing
 * else: BO = 0b0x1xx (the low bits are hints), no LK or AA, not SO. */
static bool is_bc_on_field(uint32_t bc, unsigned crfd)
{
    unsigned bo = insn_rD(bc), bi = insn_rA(bc);

    return insn_opcd(bc) == 16 && (bc & 3) == 0
           && (bo & (BO_NO_CR | BO_NO_CTR)) == BO_NO_CTR
           && bi >> 2 == crfd && (bi & 3) != 3;
}

/*
 * Integer instructions that may stand between a compare and its branch:
 * they cannot leave the TB (no memory access, no helper, always valid),
 * read no CR field and write neither XER[SO] nor any CR field.  Returns
 * the GPR the instruction writes, or -1 if it is not one of them.
 */
static int pure_alu_insn_target(uint32_t insn)
{
    switch (insn_opcd(insn)) {
    case 7: case 14: case 15: /* mulli addi addis */
        return (int)insn_rD(insn);
    case 24: case 25: case 26: case 27: /* ori oris xori xoris */
        return (int)insn_rA(insn);
    case 21: /* rlwinm */
        return insn_rc(insn) ? -1 : (int)insn_rA(insn);
    case 31:
        if (insn_rc(insn)) {
            return -1;
        }
        switch (insn_xo10(insn)) {
        case 266: case 40: case 235: /* add subf mullw, no OE */
            return (int)insn_rD(insn);
        case 104: /* neg */
            return insn_rB(insn) ? -1 : (int)insn_rD(insn);
        case 28: case 60: case 444: case 412: case 316: case 476: case 124:
        case 284: case 24: case 536: /* and andc or orc xor nand nor eqv
                                       slw srw */
            return (int)insn_rA(insn);
        case 954: case 922: /* extsb extsh */
            return insn_rB(insn) ? -1 : (int)insn_rA(insn);
        }
        return -1;
    }
    return -1;
}

/* The 4 bytes of code at pc, on the TB's page (which a TB never leaves):
 * in place when the page is readable whole, else through the lookup. */
static const uint8_t *code_at(const DisasContext *ctx, uint32_t pc)
{
    if (ctx->code_page) {
        return ctx->code_page + pc % PPC_PAGE_SIZE;
    }
    return translator_code_ptr(&ctx->env->common, pc, 4);
}

/* The instruction k words after ctx->pc, if it is on the same page and
 * readable. */
static bool peek_insn(const DisasContext *ctx, uint32_t k, uint32_t *insn)
{
    uint32_t pc = ctx->pc + 4 * k;
    const uint8_t *p = pc / PPC_PAGE_SIZE == ctx->pc / PPC_PAGE_SIZE
                           ? code_at(ctx, pc)
                           : NULL;
    if (!p) {
        return false;
    }
    *insn = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16
            | (uint32_t)p[2] << 8 | p[3];
    return true;
}

/* The largest number of instructions between a compare and its branch. */
#define MAX_INSNS_TO_BRANCH 4

/*
 * A compare whose field a bc a few instructions on branches on (with only
 * pure_alu_insn_target instructions between, none writing an operand):
 * leave it pending, and translate the bc as one branch on the operands
 * (gen_pending_compare_branch).  Returns false when there is no such bc.
 */
static bool defer_compare(DisasContext *ctx, unsigned crfd, TCGv a, TCGv b,
                          bool is_signed)
{
    TCGTemp *tb_temps = tcg_ctx->temps;

    if (!ctx->has_next_insn || ctx->so_written
        || tb_temps[a.idx].kind == TEMP_LOCAL
        || tb_temps[b.idx].kind == TEMP_LOCAL) {
        return false;
    }
    for (uint32_t k = 1; k <= MAX_INSNS_TO_BRANCH + 1
                         && k <= ctx->insns_left; k++) {
        uint32_t pc = ctx->pc + 4 * k, insn;
        if (!peek_insn(ctx, k, &insn)) {
            return false;
        }
        if (is_bc_on_field(insn, crfd)) {
            ctx->pending_cmp.active = true;
            ctx->pending_cmp.crfd = crfd;
            ctx->pending_cmp.a = a;
            ctx->pending_cmp.b = b;
            ctx->pending_cmp.is_signed = is_signed;
            ctx->pending_cmp.bc_pc = pc;
            return true;
        }
        int written = pure_alu_insn_target(insn);
        if (written < 0 || cpu_gpr[written].idx == a.idx
            || cpu_gpr[written].idx == b.idx) {
            return false;
        }
    }
    return false;
}

/*
 * The bc of a pending compare (ctx->insn): branch on the operands and
 * write the field on each path, where the tested bit is known: a constant
 * where it is set, one movcond where it is clear.  The taken path falls
 * through as bc's own does (the backend keeps values in registers there,
 * and a loop's back edge stays lean); goto_tb slot 0 is the taken branch,
 * 1 the fall-through.
 */
static void gen_pending_compare_branch(DisasContext *ctx)
{
    TCGv crf = cpu_crf[ctx->pending_cmp.crfd];
    TCGv a = ctx->pending_cmp.a, b = ctx->pending_cmp.b;
    bool is_signed = ctx->pending_cmp.is_signed;
    TCGCond lt = is_signed ? TCG_COND_LT : TCG_COND_LTU;
    TCGCond gt = is_signed ? TCG_COND_GT : TCG_COND_GTU;
    TCGCond bit_cond, other_cond;
    int32_t bit_value, other_true, other_false;

    switch (insn_rA(ctx->insn) & 3) {
    case 0: /* LT set; else EQ or GT */
        bit_cond = lt, bit_value = CRF_LT;
        other_cond = TCG_COND_EQ, other_true = CRF_EQ, other_false = CRF_GT;
        break;
    case 1: /* GT set; else EQ or LT */
        bit_cond = gt, bit_value = CRF_GT;
        other_cond = TCG_COND_EQ, other_true = CRF_EQ, other_false = CRF_LT;
        break;
    default: /* EQ set; else LT or GT */
        bit_cond = TCG_COND_EQ, bit_value = CRF_EQ;
        other_cond = lt, other_true = CRF_LT, other_false = CRF_GT;
        break;
    }

    uint32_t target = ctx->pc + (uint32_t)(int16_t)(ctx->insn & 0xfffc);
    bool taken_if_set = insn_rD(ctx->insn) & 8;
    uint32_t not_taken = tcg_new_label();

    ctx->pending_cmp.active = false;
    if (target > ctx->pc && ppc_loop_region_ahead(ctx, target)) {
        /* taken: a side exit; not taken: the loop goes on */
        uint32_t side = tcg_new_label();
        tcg_gen_brcond(taken_if_set ? bit_cond : tcg_invert_cond(bit_cond),
                       a, b, side);
        for (int taken = 1; taken >= 0; taken--) {
            if (taken) {
                ppc_side_exit_begin(ctx, side);
            }
            if (taken == taken_if_set) {
                tcg_gen_or(crf, ppc_xer_so(ctx), ppc_const(bit_value));
            } else {
                gen_crf_select(ctx, crf, other_cond, a, b, other_true,
                               other_false);
            }
            if (taken) {
                ppc_side_exit_end(ctx, target);
            }
        }
        return;
    }
    for (int taken = 1; taken >= 0; taken--) {
        if (taken) {
            tcg_gen_brcond(taken_if_set ? tcg_invert_cond(bit_cond) : bit_cond,
                           a, b, not_taken);
        } else {
            tcg_gen_set_label(not_taken);
        }
        if (taken == taken_if_set) {
            tcg_gen_or(crf, ppc_xer_so(ctx), ppc_const(bit_value));
        } else {
            gen_crf_select(ctx, crf, other_cond, a, b, other_true,
                           other_false);
        }
        ppc_gen_goto_pc(taken ? 0 : 1, taken ? target : ctx->pc + 4);
    }
    ctx->is_jmp = DISAS_NORETURN;
}

static void gen_compare_now(DisasContext *ctx, TCGv crf, TCGv a, TCGv b,
                            bool is_signed)
{
    TCGv t = ppc_temp();
    tcg_gen_movcond(is_signed ? TCG_COND_LT : TCG_COND_LTU, t, a, b,
                    ppc_const(CRF_LT), ppc_const(CRF_GT));
    tcg_gen_movcond(TCG_COND_EQ, t, a, b, ppc_const(CRF_EQ), t);
    tcg_gen_or(crf, t, ppc_xer_so(ctx));
}

void ppc_gen_compare(DisasContext *ctx, TCGv crf, TCGv a, TCGv b,
                     bool is_signed)
{
    for (unsigned i = 0; i < 8; i++) {
        if (crf.idx == cpu_crf[i].idx
            && defer_compare(ctx, i, a, b, is_signed)) {
            return;
        }
    }
    gen_compare_now(ctx, crf, a, b, is_signed);
}

void ppc_gen_set_cr0(DisasContext *ctx, TCGv res)
{
    ppc_gen_compare(ctx, cpu_crf[0], res, ppc_const(0), true);
}

/* ---- XER[SO] in the TB key ---------------------------------------------- */

TCGv ppc_xer_so(DisasContext *ctx)
{
    if (!ctx->so_written && !(ctx->tb->flags & PPC_TB_SO)) {
        return ppc_const(0);
    }
    return cpu_xer_so;
}

/* Instructions that may write XER[SO]: the XO-form arithmetic with OE = 1
 * (opcode 31, bit 21 set, bits 22-30 one of the arithmetic XOs), mtxer and
 * mcrxr. */
static bool insn_may_write_so(uint32_t insn)
{
    if (insn_opcd(insn) != 31) {
        return false;
    }
    switch (insn_xo10(insn)) {
    case 467: /* mtspr: SPR 1 is XER (the two halves of the field swapped) */
        return ((insn >> 11) & 0x3ff) == (1u << 5);
    case 512: /* mcrxr */
        return true;
    }
    if (!(insn & 0x400)) {
        return false;
    }
    switch ((insn >> 1) & 0x1ff) {
    case 266: case 10: case 138: case 234: case 202: case 40: case 8:
    case 136: case 232: case 200: case 104: case 235: case 491: case 459:
        return true;
    }
    return false;
}

/* End the TB after an instruction that may have written SO: chain to the
 * next instruction only while SO still matches the TB flags (goto_tb links
 * TBs of equal flags); otherwise the exec loop looks up the next TB. */
static void gen_end_tb_after_so_write(DisasContext *ctx)
{
    uint32_t so_changed = tcg_new_label();

    tcg_gen_brcondi(TCG_COND_NE, cpu_xer_so,
                    ctx->tb->flags & PPC_TB_SO ? 1 : 0, so_changed);
    ppc_gen_goto_pc(0, ctx->pc);
    tcg_gen_set_label(so_changed);
    ppc_gen_set_nip(ctx->pc);
    tcg_gen_exit_tb(0);
}

/* ---- loop regions ------------------------------------------------------- */

/* How many instructions past a bc ppc_loop_region_ahead looks for the
 * branch back: longer loop bodies stay one TB per block. */
#define LOOP_REGION_SCAN 16

bool ppc_loop_region_ahead(DisasContext *ctx, uint32_t exit)
{
    uint32_t start = (uint32_t)ctx->tb->pc, first_exit = exit;

    if (!ctx->regions_ok || ctx->nb_side_exits == 4) {
        return false;
    }
    for (uint32_t k = 1; k <= LOOP_REGION_SCAN && k <= ctx->insns_left; k++) {
        uint32_t pc = ctx->pc + 4 * k, insn, target;
        if (!peek_insn(ctx, k, &insn)) {
            return false;
        }
        switch (insn_opcd(insn)) {
        case 16: /* bc */
            if (insn & 1) {
                return false;
            }
            target = (uint32_t)(int16_t)(insn & 0xfffc) + ((insn & 2) ? 0 : pc);
            if (target == start) {
                /* every side exit leaves the loop (an if inside it
                 * would make a side exit hot) */
                return first_exit > pc;
            }
            if (target <= pc || !(insn_rD(insn) & BO_NO_CTR)) {
                return false;
            }
            if (target < first_exit) {
                first_exit = target;
            }
            break;
        case 18: /* b */
            if (insn & 1) {
                return false;
            }
            target = ((uint32_t)((int32_t)(insn << 6) >> 6) & ~3u)
                     + ((insn & 2) ? 0 : pc);
            return target == start && first_exit > pc;
        case 17: /* sc */
            return false;
        case 19: /* bclr, bcctr, rfi */
            if (insn_xo10(insn) == 16 || insn_xo10(insn) == 528
                || insn_xo10(insn) == 50) {
                return false;
            }
            break;
        }
    }
    return false;
}

void ppc_side_exit_begin(DisasContext *ctx, uint32_t label)
{
    ctx->side_exits[ctx->nb_side_exits].start = tcg_ctx->nb_ops;
    tcg_gen_set_label(label);
}

void ppc_side_exit_end(DisasContext *ctx, uint32_t target)
{
    ppc_gen_set_nip(target);
    ctx->side_exits[ctx->nb_side_exits].goto_op = tcg_ctx->nb_ops;
    tcg_gen_goto_tb(0); /* the slot is chosen in place_side_exits */
    ctx->side_exits[ctx->nb_side_exits].end = tcg_ctx->nb_ops;
    ctx->nb_side_exits++;
}

/* After the TB's last instruction: the side exits go after it, leaving
 * through a goto_tb slot no other exit uses, else the jump cache. */
static void place_side_exits(DisasContext *ctx)
{
    TCGOp *ops = tcg_ctx->ops;
    unsigned used = 0;

    if (!ctx->nb_side_exits) {
        return;
    }
    for (uint32_t i = 0; i < tcg_ctx->nb_ops; i++) {
        bool side = false;
        for (unsigned k = 0; k < ctx->nb_side_exits; k++) {
            side |= ctx->side_exits[k].goto_op == i;
        }
        if (ops[i].opc == INDEX_op_goto_tb && !side) {
            used |= 1u << ops[i].args[0];
        }
    }
    for (unsigned k = 0; k < ctx->nb_side_exits; k++) {
        TCGOp *go = &ops[ctx->side_exits[k].goto_op], *ex = go + 1;
        int slot = !(used & 1) ? 0 : !(used & 2) ? 1 : -1;
        if (slot >= 0) {
            used |= 1u << slot;
            go->args[0] = (TCGArg)slot;
            ex->args[0] = TCG_EXIT_CHAIN | (unsigned)slot;
        } else {
            go->opc = INDEX_op_goto_ptr;
            ex->opc = INDEX_op_nop;
        }
    }
    for (unsigned k = ctx->nb_side_exits; k-- > 0;) {
        tcg_move_ops_to_end(ctx->side_exits[k].start, ctx->side_exits[k].end);
    }
}

/* ---- the TB loop -------------------------------------------------------- */

/*
 * Stop early rather than let a long TB exhaust the context's temps: the
 * optimizer may add one constant per op it folds, so ops count as temps.
 */
#define TEMPS_RESERVE 96
#define LABELS_RESERVE 16

static bool tcg_ctx_nearly_full(void)
{
    return tcg_ctx->nb_temps + tcg_ctx->nb_ops > TCG_MAX_TEMPS - TEMPS_RESERVE
           || tcg_ctx->nb_labels > TCG_MAX_LABELS - LABELS_RESERVE;
}

static void translate_insn(DisasContext *ctx)
{
    if (ppc_translate_alu(ctx) || ppc_translate_mem(ctx)
        || ppc_translate_branch(ctx) || ppc_translate_fp(ctx)) {
        return;
    }
    ppc_gen_illegal(ctx);
}

/* The instruction after ctx->pc, if the TB may go on to it: another
 * instruction is allowed (more_allowed) and it lies on the same page. */
static void peek_next_insn(DisasContext *ctx, bool more_allowed)
{
    uint32_t next = ctx->pc + 4;
    const uint8_t *p = NULL;

    if (more_allowed && next % PPC_PAGE_SIZE != 0)
        p = code_at(ctx, next);
    ctx->has_next_insn = p != NULL;
    ctx->keep_next_insn = false;
    if (p)
        ctx->next_insn = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16
                         | (uint32_t)p[2] << 8 | p[3];
}

void ppc_translate(CPUCommon *cs, TranslationBlock *tb, int max_insns)
{
    DisasContext ctx = {
        .env = (CPUPPCState *)cs,
        .tb = tb,
        .pc = (uint32_t)tb->pc,
        .is_jmp = DISAS_NEXT,
        .regions_ok = tb_regions_allowed(max_insns),
    };
    uint32_t icount = 0;

    ctx.code_page = translator_code_ptr(cs, ctx.pc & ~(PPC_PAGE_SIZE - 1),
                                        PPC_PAGE_SIZE);
    tcg_gen_tb_start();
    for (;;) {
        const uint8_t *p = code_at(&ctx, ctx.pc);
        if (!p) {
            if (icount == 0) {
                tcg_gen_insn_start(ctx.pc);
                gen_fetch_fault(&ctx);
                ctx.pc += 4;
                icount = 1;
            }
            break;
        }
        ctx.insn = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16
                   | (uint32_t)p[2] << 8 | p[3];
        peek_next_insn(&ctx, icount + 1 < (uint32_t)max_insns);
        ctx.insns_left = (uint32_t)max_insns - icount - 1;
        tcg_gen_insn_start(ctx.pc);
        tcg_scratch_next_insn();
        ctx.so_written |= insn_may_write_so(ctx.insn);
        if (ctx.pending_cmp.active && ctx.pc == ctx.pending_cmp.bc_pc) {
            gen_pending_compare_branch(&ctx);
        } else {
            translate_insn(&ctx);
        }
        ctx.pc += 4;
        icount++;
        if (ctx.is_jmp != DISAS_NEXT || !ctx.has_next_insn || ctx.so_written
            || (tcg_ctx_nearly_full() && !ctx.keep_next_insn
                && !ctx.pending_cmp.active)) {
            break;
        }
    }
    if (ctx.pending_cmp.active && ctx.is_jmp == DISAS_NEXT) {
        /* not reached when defer_compare's checks hold; the operands are
         * still unchanged */
        gen_compare_now(&ctx, cpu_crf[ctx.pending_cmp.crfd],
                        ctx.pending_cmp.a, ctx.pending_cmp.b,
                        ctx.pending_cmp.is_signed);
    }
    switch (ctx.is_jmp) {
    case DISAS_NEXT:
        if (ctx.so_written) {
            gen_end_tb_after_so_write(&ctx);
        } else {
            ppc_gen_goto_pc(0, ctx.pc);
        }
        break;
    case DISAS_UPDATE:
        ppc_gen_set_nip(ctx.pc);
        tcg_gen_exit_tb(0);
        break;
    case DISAS_NORETURN:
        break;
    }
    place_side_exits(&ctx);
    tb->guest_size = ctx.pc - (uint32_t)tb->pc;
    tb->icount = icount;
}
