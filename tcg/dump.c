/*
 * dump.c: the text form of an op list for -d op and -d op_opt, one op per
 * line:  add_i32 r3,r3,$0x10   (globals by name, locals as tmpN, constants
 * as $0x..., labels as $LN, instruction starts as " ---- <pc>").
 */
#include <inttypes.h>

#include "tcg/tcg.h"

static const char *const cond_names[] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq",       [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt",       [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le",       [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu",     [TCG_COND_GEU] = "geu",
    [TCG_COND_LEU] = "leu",     [TCG_COND_GTU] = "gtu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

static void dump_temp(const TCGContext *s, FILE *out, TCGArg a)
{
    if (a == 0 || a >= s->nb_temps) {
        fprintf(out, "<bad temp %" PRIu64 ">", a);
        return;
    }
    const TCGTemp *t = &s->temps[a];
    switch (t->kind) {
    case TEMP_FIXED:
    case TEMP_GLOBAL:
        fputs(t->name ? t->name : "?", out);
        break;
    case TEMP_CONST:
        if (t->type == TCG_TYPE_I32) {
            fprintf(out, "$0x%" PRIx32, (uint32_t)t->val);
        } else {
            fprintf(out, "$0x%" PRIx64, (uint64_t)t->val);
        }
        break;
    default:
        fprintf(out, "tmp%" PRIu64, a - s->nb_globals);
        break;
    }
}

static void dump_cond(FILE *out, TCGArg c)
{
    if (c < sizeof(cond_names) / sizeof(cond_names[0])) {
        fputs(cond_names[c], out);
    } else {
        fprintf(out, "<bad cond %" PRIu64 ">", c);
    }
}

static void dump_memop(FILE *out, TCGArg mop)
{
    static const char sizes[] = "bwlq";
    fprintf(out, "%c%c%s", mop & MO_SIGN ? 's' : 'u', sizes[mop & MO_SIZE],
            mop & MO_BSWAP ? "+bswap" : "");
}

/* Ops whose name carries no _i32/_i64 suffix. */
static bool op_is_untyped(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_nop:
    case INDEX_op_set_label:
    case INDEX_op_br:
    case INDEX_op_mb:
    case INDEX_op_call:
    case INDEX_op_call_if:
    case INDEX_op_fadd_f64:
    case INDEX_op_fsub_f64:
    case INDEX_op_fmul_f64:
    case INDEX_op_fdiv_f64:
    case INDEX_op_fma_f64:
    case INDEX_op_frsp_f64:
    case INDEX_op_fsqrt_f64:
    case INDEX_op_fcmp_f64:
    case INDEX_op_fcvt_i64_f64:
    case INDEX_op_goto_tb:
    case INDEX_op_exit_tb:
    case INDEX_op_goto_ptr:
        return true;
    default:
        return false;
    }
}

static void dump_life(FILE *out, uint32_t life)
{
    if (!life) {
        return;
    }
    fputs("  dead:", out);
    for (int i = 0; i < 16; i++) {
        if (life & TCG_LIFE_DEAD(i)) {
            fprintf(out, " %d", i);
        }
    }
    if (life >> 16) {
        fputs("  sync:", out);
        for (int i = 0; i < 16; i++) {
            if (life & TCG_LIFE_SYNC(i)) {
                fprintf(out, " %d", i);
            }
        }
    }
}

static void dump_call(const TCGContext *s, FILE *out, const TCGOp *op)
{
    uint32_t n = (uint32_t)op->args[1];
    fprintf(out, " call 0x%" PRIx64 ",$0x%" PRIx64 ",", op->args[2 + n],
            op->args[3 + n]);
    if (op->args[0]) {
        dump_temp(s, out, op->args[0]);
    } else {
        fputs("void", out);
    }
    for (uint32_t i = 0; i < n; i++) {
        fputc(',', out);
        dump_temp(s, out, op->args[2 + i]);
    }
}

static void dump_op(const TCGContext *s, FILE *out, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nt = def->nb_oargs + def->nb_iargs;

    switch (op->opc) {
    case INDEX_op_insn_start:
        fprintf(out, " ---- 0x%" PRIx64 "\n", op->args[0]);
        return;
    case INDEX_op_call:
        dump_call(s, out, op);
        dump_life(out, op->life);
        fputc('\n', out);
        return;
    default:
        break;
    }
    fprintf(out, " %s", def->name);
    if (!op_is_untyped(op->opc)) {
        fputs(op->type == TCG_TYPE_I32 ? "_i32" : "_i64", out);
    }
    for (int i = 0; i < nt + def->nb_cargs; i++) {
        fputc(i ? ',' : ' ', out);
        if (i < nt) {
            dump_temp(s, out, op->args[i]);
            continue;
        }
        TCGArg c = op->args[i];
        switch (op->opc) {
        case INDEX_op_set_label:
        case INDEX_op_br:
            fprintf(out, "$L%" PRIu64, c);
            break;
        case INDEX_op_brcond:
            if (i == nt) {
                dump_cond(out, c);
            } else {
                fprintf(out, "$L%" PRIu64, c);
            }
            break;
        case INDEX_op_setcond:
        case INDEX_op_movcond:
            dump_cond(out, c);
            break;
        case INDEX_op_ld_env:
        case INDEX_op_st_env:
            if (i == nt) {
                fprintf(out, "$0x%" PRIx64, c);
            } else {
                dump_memop(out, c);
            }
            break;
        case INDEX_op_qemu_ld:
        case INDEX_op_qemu_st:
        case INDEX_op_atomic_cmpxchg:
            if (i == nt) {
                dump_memop(out, c);
            } else {
                fprintf(out, "%" PRIu64, c);
            }
            break;
        default:
            fprintf(out, "$0x%" PRIx64, c);
            break;
        }
    }
    dump_life(out, op->life);
    fputc('\n', out);
}

void tcg_dump_ops(TCGContext *s, FILE *out)
{
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc != INDEX_op_nop) {
            dump_op(s, out, op);
        }
    }
}
