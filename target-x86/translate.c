/*
 * translate.c: the x86 translation loop.  Fetches and decodes one
 * instruction at a time, hands it to the instruction groups, and closes
 * the TB.  Also the IR globals of the guest registers and what every group
 * shares: scratch temps, operand access (registers, ModRM memory operands,
 * segment bases), jumps and exceptions.
 */
#include <string.h>

#include "target-x86/translate.h"
#include "target-x86/translate-fpu.h"
#include "tcg/tb.h"

TCGType x86_tl;
TCGv cpu_regs[16];
TCGv cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv cpu_cc_op;
TCGv cpu_df;
TCGv cpu_pc;

static const char reg_names64[16][4] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char reg_names32[8][4] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
};

static void x86_tcg_init_common(TCGType tl)
{
    x86_tl = tl;
    int n = tl == TCG_TYPE_I64 ? 16 : 8;
    for (int i = 0; i < n; i++) {
        cpu_regs[i] = tcg_global_mem_new(tl, X86_ENV_OFS(regs) + 8 * i,
                                         tl == TCG_TYPE_I64 ? reg_names64[i]
                                                            : reg_names32[i]);
    }
    cpu_cc_dst = tcg_global_mem_new(tl, X86_ENV_OFS(cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new(tl, X86_ENV_OFS(cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new(tl, X86_ENV_OFS(cc_src2), "cc_src2");
    cpu_cc_op = tcg_global_mem_new(TCG_TYPE_I32, X86_ENV_OFS(cc_op), "cc_op");
    cpu_df = tcg_global_mem_new(TCG_TYPE_I32, X86_ENV_OFS(df), "df");
    cpu_pc = tcg_global_mem_new(TCG_TYPE_I64, X86_ENV_OFS(common.pc), "pc");
    /* The eight legacy registers stay in host registers across TBs; the
     * stack pointer first (callee-saved host registers come first). */
    static const uint8_t homes[8] = { 4, 0, 1, 2, 3, 5, 6, 7 };
    for (unsigned i = 0; i < 8; i++) {
        tcg_global_set_home(cpu_regs[homes[i]], i);
    }
    x86_fpu_tcg_init();
}

void x86_64_tcg_init(void)
{
    x86_tcg_init_common(TCG_TYPE_I64);
}

void i386_tcg_init(void)
{
    x86_tcg_init_common(TCG_TYPE_I32);
}

/* ---- scratch temps ------------------------------------------------------ */

TCGv x86_temp_i32(void)
{
    return tcg_temp_scratch(TCG_TYPE_I32);
}

TCGv x86_temp_i64(void)
{
    return tcg_temp_scratch(TCG_TYPE_I64);
}

TCGv x86_temp(void)
{
    return x86_tl == TCG_TYPE_I64 ? x86_temp_i64() : x86_temp_i32();
}

TCGv x86_to_i64(TCGv v)
{
    if (tcg_type(v) == TCG_TYPE_I64) {
        return v;
    }
    TCGv t = x86_temp_i64();
    tcg_gen_extu_i32_i64(t, v);
    return t;
}

TCGv x86_from_i64(TCGv v)
{
    if (x86_tl == TCG_TYPE_I64) {
        return v;
    }
    TCGv t = x86_temp_i32();
    tcg_gen_extrl_i64_i32(t, v);
    return t;
}

/* ---- operands ------------------------------------------------------------ */

void x86_gen_ext(MemOp ot, TCGv d, TCGv a, bool sign)
{
    switch (ot) {
    case MO_8:
        sign ? tcg_gen_ext8s(d, a) : tcg_gen_ext8u(d, a);
        break;
    case MO_16:
        sign ? tcg_gen_ext16s(d, a) : tcg_gen_ext16u(d, a);
        break;
    case MO_32:
        if (x86_tl == TCG_TYPE_I64) {
            sign ? tcg_gen_ext32s(d, a) : tcg_gen_ext32u(d, a);
            break;
        }
        /* fall through */
    default:
        tcg_gen_mov(d, a);
        break;
    }
}

void x86_gen_zext32_result(MemOp ot, TCGv r)
{
    if (ot == MO_32 && x86_tl == TCG_TYPE_I64) {
        tcg_gen_ext32u(r, r);
    }
}

static void gen_add_seg_base(TCGv ea, int seg)
{
    if (seg == R_FS || seg == R_GS) {
        TCGv base = x86_temp();
        tcg_gen_ld_env(base, X86_ENV_OFS(segs[seg].base),
                       x86_tl == TCG_TYPE_I64 ? MO_64 : MO_32);
        tcg_gen_add(ea, ea, base);
    }
}

TCGv x86_gen_seg_addr(DisasContext *s, TCGv ea, int def_seg)
{
    TCGv a = x86_temp();
    tcg_gen_mov(a, ea);
    gen_add_seg_base(a, s->insn.seg >= 0 ? s->insn.seg : def_seg);
    return a;
}

static void gen_lea16(DisasContext *s, TCGv ea)
{
    static const int8_t base16[8] = { R_EBX, R_EBX, R_EBP, R_EBP,
                                      R_ESI, R_EDI, R_EBP, R_EBX };
    static const int8_t index16[8] = { R_ESI, R_EDI, R_ESI, R_EDI,
                                       -1, -1, -1, -1 };
    const X86Insn *i = &s->insn;
    int rm = i->modrm & 7;

    if (i->mod == 0 && rm == 6) {
        tcg_gen_movi(ea, (uint16_t)i->disp);
        return;
    }
    tcg_gen_addi(ea, cpu_regs[base16[rm]], i->disp);
    if (index16[rm] >= 0) {
        tcg_gen_add(ea, ea, cpu_regs[index16[rm]]);
    }
    tcg_gen_ext16u(ea, ea);
}

/* The ModRM effective address, without segment base. */
static TCGv gen_modrm_offset(DisasContext *s)
{
    const X86Insn *i = &s->insn;
    TCGv ea = x86_temp();
    int base = -1, index = -1, scale = 0;

    if (i->aflag == MO_16) {
        gen_lea16(s, ea);
        return ea;
    }
    if (i->has_sib) {
        scale = i->sib >> 6;
        index = ((i->sib >> 3) & 7) | (x86_rex_x(i) ? 8 : 0);
        if (index == 4) {
            index = -1;
        }
        base = (i->sib & 7) | (x86_rex_b(i) ? 8 : 0);
        if ((i->sib & 7) == 5 && i->mod == 0) {
            base = -1;
        }
    } else if (i->mod == 0 && (i->modrm & 7) == 5) {
        if (s->code64) {
            /* RIP-relative: fully known at translation time. */
            uint64_t a = s->next_pc + (int64_t)i->disp;
            tcg_gen_movi(ea, i->aflag == MO_32 ? (uint32_t)a : a);
            return ea;
        }
    } else {
        base = (i->modrm & 7) | (x86_rex_b(i) ? 8 : 0);
    }

    if (base >= 0) {
        tcg_gen_addi(ea, cpu_regs[base], i->disp);
    } else {
        tcg_gen_movi(ea, i->aflag == MO_32 ? (int64_t)(uint32_t)i->disp
                                           : (int64_t)i->disp);
    }
    if (index >= 0) {
        if (scale) {
            TCGv t = x86_temp();
            tcg_gen_shli(t, cpu_regs[index], scale);
            tcg_gen_add(ea, ea, t);
        } else {
            tcg_gen_add(ea, ea, cpu_regs[index]);
        }
    }
    if (i->aflag == MO_32 && x86_tl == TCG_TYPE_I64) {
        tcg_gen_ext32u(ea, ea);
    }
    return ea;
}

TCGv x86_gen_lea(DisasContext *s)
{
    if (!s->modrm_addr.idx) {
        TCGv ea = gen_modrm_offset(s);
        gen_add_seg_base(ea, s->insn.seg);
        s->modrm_addr = ea;
    }
    return s->modrm_addr;
}

TCGv x86_gen_lea_offset(DisasContext *s)
{
    return gen_modrm_offset(s);
}

void x86_gen_ld(DisasContext *s, TCGv val, TCGv addr, MemOp mop)
{
    tcg_gen_qemu_ld(val, addr, mop | MO_LE, X86_MMU_USER);
    if (s->atomic && !s->atomic_addr.idx) {
        /* A copy: the instruction may compute in val. */
        s->atomic_addr = addr;
        s->atomic_old = tcg_temp(val)->type == TCG_TYPE_I64 ? x86_temp_i64()
                                                            : x86_temp();
        tcg_gen_mov(s->atomic_old, val);
        s->atomic_mop = mop;
    }
}

void x86_gen_st(DisasContext *s, TCGv val, TCGv addr, MemOp mop)
{
    if (s->atomic && s->atomic_addr.idx == addr.idx &&
        s->atomic_mop == mop) {
        /* Memory still holds what the instruction read, or it runs again
         * from the start (nothing else of it is written yet). */
        TCGv cur = tcg_temp(val)->type == TCG_TYPE_I64 ? x86_temp_i64()
                                                       : x86_temp();
        uint32_t done = tcg_new_label();
        tcg_gen_atomic_cmpxchg(cur, addr, s->atomic_old, val, mop | MO_LE,
                               X86_MMU_USER);
        tcg_gen_brcond(TCG_COND_EQ, cur, s->atomic_old, done);
        x86_gen_raise(s, EXCP_INTERRUPT, s->pc);
        tcg_gen_set_label(done);
        return;
    }
    tcg_gen_qemu_st(val, addr, mop | MO_LE, X86_MMU_USER);
}

static bool is_high_byte_reg(const DisasContext *s, int reg)
{
    return reg >= 4 && reg < 8 && !s->insn.rex;
}

void x86_gen_ld_reg(DisasContext *s, MemOp ot, int reg, TCGv dst)
{
    if (ot == MO_8 && is_high_byte_reg(s, reg)) {
        tcg_gen_shri(dst, cpu_regs[reg - 4], 8);
        tcg_gen_ext8u(dst, dst);
        return;
    }
    x86_gen_ext(ot, dst, cpu_regs[reg], false);
}

TCGv x86_gen_ld_reg_raw(DisasContext *s, MemOp ot, int reg)
{
    if (ot == MO_8 && is_high_byte_reg(s, reg)) {
        TCGv t = x86_temp();
        tcg_gen_shri(t, cpu_regs[reg - 4], 8);
        return t;
    }
    return cpu_regs[reg];
}

/* reg = (reg & ~(mask << shift)) | ((val & mask) << shift) */
static void gen_deposit(TCGv reg, TCGv val, uint64_t mask, int shift)
{
    TCGv t = x86_temp();
    tcg_gen_andi(t, val, (int64_t)mask);
    if (shift) {
        tcg_gen_shli(t, t, shift);
    }
    tcg_gen_andi(reg, reg, ~(int64_t)(mask << shift));
    tcg_gen_or(reg, reg, t);
}

void x86_gen_st_reg(DisasContext *s, MemOp ot, int reg, TCGv val)
{
    switch (ot) {
    case MO_8:
        if (is_high_byte_reg(s, reg)) {
            gen_deposit(cpu_regs[reg - 4], val, 0xff, 8);
        } else {
            gen_deposit(cpu_regs[reg], val, 0xff, 0);
        }
        break;
    case MO_16:
        gen_deposit(cpu_regs[reg], val, 0xffff, 0);
        break;
    default:
        x86_gen_ext(ot, cpu_regs[reg], val, false);
        break;
    }
}

void x86_gen_ld_modrm(DisasContext *s, MemOp ot, TCGv dst)
{
    if (s->insn.mod == 3) {
        x86_gen_ld_reg(s, ot, s->insn.rm, dst);
    } else {
        x86_gen_ld(s, dst, x86_gen_lea(s), ot);
    }
}

void x86_gen_st_modrm(DisasContext *s, MemOp ot, TCGv val)
{
    if (s->insn.mod == 3) {
        x86_gen_st_reg(s, ot, s->insn.rm, val);
    } else {
        x86_gen_st(s, val, x86_gen_lea(s), ot);
    }
}

/* ---- jumps and exceptions ------------------------------------------------ */

uint64_t x86_pc_mask(const DisasContext *s, uint64_t pc)
{
    return s->code64 ? pc : (uint32_t)pc;
}

uint64_t x86_rel_target(const DisasContext *s, const X86Insn *i,
                        uint64_t next)
{
    uint64_t t = next + (uint64_t)i->imm;
    if (!s->code64 && i->ot == MO_16) {
        t &= 0xffff;
    }
    return x86_pc_mask(s, t);
}

/* The TB key a chained exit from here needs: the TB's own, with the x87
 * stack shape the code so far leaves (unless x87 instructions trap). */
static uint64_t exit_key(const DisasContext *s)
{
    return s->x87_traps ? s->tb->flags
                        : (s->tb->flags & ~X86_TB_X87_SHAPE)
                              | x86_x87_tb_shape(s);
}

/* goto_tb through slot to a TB of key flags (the pc is stored). */
static void goto_slot(DisasContext *s, int slot, uint64_t key)
{
    s->tb->jmp_flags[slot] = key;
    s->slots_used |= (uint8_t)(1u << slot);
    tcg_gen_goto_tb(slot);
}

void x86_gen_jmp_tb(DisasContext *s, uint64_t dest, int slot)
{
    tcg_gen_movi(cpu_pc, (int64_t)x86_pc_mask(s, dest));
    goto_slot(s, slot, exit_key(s));
    s->is_jmp = DISAS_NORETURN;
}

void x86_gen_jmp_reg(DisasContext *s, TCGv dest)
{
    if (x86_tl == TCG_TYPE_I64) {
        tcg_gen_mov(cpu_pc, dest);
    } else {
        tcg_gen_extu_i32_i64(cpu_pc, dest);
    }
    tcg_gen_lookup_and_goto_ptr();
    s->is_jmp = DISAS_NORETURN;
}

void x86_gen_sync_pc(DisasContext *s)
{
    tcg_gen_movi(cpu_pc, (int64_t)s->pc);
}

void x86_gen_raise(DisasContext *s, int excp, uint64_t pc)
{
    tcg_gen_movi(cpu_pc, (int64_t)x86_pc_mask(s, pc));
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I32, excp),
                   X86_ENV_OFS(common.exception_index), MO_32);
    tcg_gen_exit_tb(0);
}

void x86_gen_exception_at(DisasContext *s, int excp, uint64_t pc)
{
    x86_gen_raise(s, excp, pc);
    s->is_jmp = DISAS_NORETURN;
}

void x86_gen_exception(DisasContext *s, int excp)
{
    x86_gen_exception_at(s, excp, s->pc);
}

void x86_gen_illegal(DisasContext *s)
{
    x86_gen_exception(s, EXCP_X86_UD);
}

/* Fetch fault: SIGSEGV at pc with the first unreadable address. */
static void gen_fetch_fault(DisasContext *s, uint64_t addr)
{
    tcg_gen_st_env(tcg_constant(TCG_TYPE_I64, (int64_t)addr),
                   X86_ENV_OFS(fault_addr), MO_64);
    x86_gen_exception(s, EXCP_X86_SEGV);
}

/* ---- the TB loop -------------------------------------------------------- */

#define X86_PAGE_SIZE 4096u
/* Stop early rather than let a long TB exhaust the context's temps: the
 * optimizer may add one constant per op it folds, so ops count as temps.
 * An x86 instruction emits a few dozen ops at most (string ops, CMPXCHG16B). */
#define TEMPS_RESERVE 160
#define LABELS_RESERVE 16

static bool tcg_ctx_nearly_full(void)
{
    return tcg_ctx->nb_temps + tcg_ctx->nb_ops > TCG_MAX_TEMPS - TEMPS_RESERVE
           || tcg_ctx->nb_labels > TCG_MAX_LABELS - LABELS_RESERVE;
}

/* Copy up to 15 bytes of code at pc into buf; returns how many could be
 * read (fewer at the end of executable memory). */
static size_t fetch_code(CPUCommon *cs, uint64_t pc, uint8_t *buf)
{
    size_t first = X86_PAGE_SIZE - (pc & (X86_PAGE_SIZE - 1));
    if (first > X86_MAX_INSN_LEN) {
        first = X86_MAX_INSN_LEN;
    }
    const uint8_t *p = translator_code_ptr(cs, pc, first);
    if (!p) {
        /* The page may end before the usual 15 bytes: probe byte by byte. */
        size_t n = 0;
        while (n < first && (p = translator_code_ptr(cs, pc + n, 1))) {
            buf[n++] = *p;
        }
        return n;
    }
    memcpy(buf, p, first);
    if (first == X86_MAX_INSN_LEN) {
        return first;
    }
    size_t rest = X86_MAX_INSN_LEN - first;
    const uint8_t *q = translator_code_ptr(cs, pc + first, rest);
    if (!q) {
        return first;
    }
    memcpy(buf + first, q, rest);
    return X86_MAX_INSN_LEN;
}

/* The bytes of the instruction at pc for x86_decode: in place when the
 * TB's first page is readable whole and they lie within it (no copy, no
 * lookup), else copied into buf.  Sets *avail. */
static const uint8_t *insn_bytes(const DisasContext *s, uint64_t pc,
                                 uint8_t *buf, size_t *avail)
{
    uint64_t off = pc - (s->tb->pc & ~(uint64_t)(X86_PAGE_SIZE - 1));

    if (s->code_page && off <= X86_PAGE_SIZE - X86_MAX_INSN_LEN) {
        *avail = X86_MAX_INSN_LEN;
        return s->code_page + off;
    }
    *avail = fetch_code((CPUCommon *)s->env, pc, buf);
    return buf;
}

/* LOCK is allowed only on read-modify-write instructions with a memory
 * destination. */
static bool lock_allowed(const X86Insn *i)
{
    if (i->mod == 3 || !i->has_modrm) {
        return false;
    }
    if (i->map == X86_MAP_1B) {
        switch (i->opcode) {
        case 0x00: case 0x01: case 0x08: case 0x09: case 0x10: case 0x11:
        case 0x18: case 0x19: case 0x20: case 0x21: case 0x28: case 0x29:
        case 0x30: case 0x31: case 0x86: case 0x87:
            return true;
        case 0x80: case 0x81: case 0x83:
            return i->op != 7;
        case 0xf6: case 0xf7:
            return i->op == 2 || i->op == 3;
        case 0xfe: case 0xff:
            return i->op <= 1;
        }
        return false;
    }
    if (i->map == X86_MAP_0F) {
        switch (i->opcode) {
        case 0xab: case 0xb3: case 0xbb: case 0xb0: case 0xb1: case 0xc0:
        case 0xc1:
            return true;
        case 0xba:
            return i->op >= 5;
        case 0xc7:
            return i->op == 1;
        }
    }
    return false;
}

static void translate_insn(DisasContext *s)
{
    const X86Insn *i = &s->insn;

    if (i->lock && !lock_allowed(i)) {
        x86_gen_illegal(s);
        return;
    }
    s->atomic = i->lock || (i->map == X86_MAP_1B && i->has_modrm &&
                            i->mod != 3 &&
                            (i->opcode == 0x86 || i->opcode == 0x87));
    s->atomic_addr = (TCGv){ 0 };
    if (i->map == X86_MAP_1B && ((i->opcode >= 0xd8 && i->opcode <= 0xdf)
                                 || i->opcode == 0x9b)) {
        if (!x86_translate_x87(s)) {
            x86_gen_illegal(s);
        }
        return;
    }
    if (x86_translate_bmi(s) || x86_translate_alu(s)
        || x86_translate_shift(s) || x86_translate_muldiv(s)
        || x86_translate_bits(s)
        || x86_translate_branch(s) || x86_translate_stack(s)
        || x86_translate_string(s) || x86_translate_misc(s)
        || x86_translate_far(s)) {
        return;
    }
    if (i->map != X86_MAP_1B) {
        if (x86_translate_sse(s)) {
            return;
        }
    }
    x86_gen_illegal(s);
}

/* ---- loop regions ------------------------------------------------------- */

/* Instructions that leave the straight line other than by Jcc/JMP rel:
 * calls, returns, indirect and far jumps, LOOP/JCXZ, traps. */
static bool insn_leaves(const X86Insn *i)
{
    if (i->map == X86_MAP_1B) {
        switch (i->opcode) {
        case 0x9a: case 0xc2: case 0xc3: case 0xca: case 0xcb: case 0xcc:
        case 0xcd: case 0xce: case 0xcf: case 0xe0: case 0xe1: case 0xe2:
        case 0xe3: case 0xe8: case 0xea: case 0xf1: case 0xf4:
            return true;
        case 0xff:
            return i->op >= 2 && i->op <= 5;
        }
        return false;
    }
    return i->map == X86_MAP_0F &&
           (i->opcode == 0x05 || i->opcode == 0x34 || i->opcode == 0x0b);
}

/* How many instructions past a branch x86_region_branch looks for the
 * jump back: loop bodies longer than that stay one TB per block. */
#define LOOP_REGION_SCAN 16

static bool is_x87_insn(const X86Insn *i)
{
    return i->map == X86_MAP_1B &&
           ((i->opcode >= 0xd8 && i->opcode <= 0xdf) || i->opcode == 0x9b);
}

/* Is there, from pc on, a byte pair that may be a Jcc rel8 or JMP rel8 to
 * the TB's start?  A cheap filter before the decoding scan of
 * x86_region_branch, which most branches fail: loop bodies short enough
 * for a region (LOOP_REGION_BYTES from the TB's start to the end of the
 * jump back, within rel8 reach) jump back with a rel8. */
#define LOOP_REGION_BYTES 96

static bool may_jump_back(DisasContext *s, uint64_t pc)
{
    uint64_t behind = pc - s->tb->pc; /* 2 + i + behind <= 128 */
    size_t n = X86_PAGE_SIZE - (pc & (X86_PAGE_SIZE - 1));

    if (behind + 2 > LOOP_REGION_BYTES) {
        return false;
    }
    if (n > LOOP_REGION_BYTES - behind) {
        n = LOOP_REGION_BYTES - behind;
    }
    if (!s->code_page) {
        return true; /* the scan decides */
    }
    const uint8_t *b = s->code_page + (pc & (X86_PAGE_SIZE - 1));
    for (size_t i = 0; i + 2 <= n; i++) {
        if (b[i + 1] == (uint8_t)(-(int64_t)(behind + i + 2)) &&
            ((b[i] >= 0x70 && b[i] <= 0x7f) || b[i] == 0xeb)) {
            return true;
        }
    }
    return false;
}

/* Does the branch that ends at pc (the next instruction) go forward to
 * target within a loop body, which jumps back to the TB's start within
 * LOOP_REGION_SCAN instructions?  Every forward Jcc on the way must leave
 * the loop (a side exit) or land on one of its instructions (an if), and
 * a JMP may only do the latter (the else of an if).  A branch that lands
 * inside needs the x87 stack shape the same on both paths: no x87
 * instruction in the body then. */
X86RegionBranch x86_region_branch(DisasContext *s, uint64_t pc,
                                  uint64_t target)
{
    uint64_t page = s->tb->pc & ~(uint64_t)(X86_PAGE_SIZE - 1);
    uint64_t starts[LOOP_REGION_SCAN];   /* of the instructions scanned */
    uint64_t targets[LOOP_REGION_SCAN + 1];
    bool from_jmp[LOOP_REGION_SCAN + 1];
    int nb_starts = 0, nb_targets = 0;
    bool x87 = false;

    if (!s->regions_ok || s->nb_side_exits == X86_MAX_SIDE_EXITS ||
        !may_jump_back(s, pc)) {
        return REGION_NONE;
    }
    targets[nb_targets] = target;
    from_jmp[nb_targets++] = s->insn.map == X86_MAP_1B &&
                             (s->insn.opcode == 0xeb ||
                              s->insn.opcode == 0xe9);
    for (int n = 0; n < LOOP_REGION_SCAN; n++) {
        uint8_t buf[X86_MAX_INSN_LEN];
        X86Insn i;
        size_t avail;
        if ((pc & ~(uint64_t)(X86_PAGE_SIZE - 1)) != page) {
            return REGION_NONE;
        }
        const uint8_t *code = insn_bytes(s, pc, buf, &avail);
        int len = x86_decode(code, avail, s->code64, &i);
        if (len <= 0 || insn_leaves(&i)) {
            return REGION_NONE;
        }
        starts[nb_starts++] = pc;
        x87 |= is_x87_insn(&i);
        uint64_t next = x86_pc_mask(s, pc + (uint64_t)len);
        bool jcc = (i.map == X86_MAP_1B && i.opcode >= 0x70 &&
                    i.opcode <= 0x7f) ||
                   (i.map == X86_MAP_0F && i.opcode >= 0x80 &&
                    i.opcode <= 0x8f);
        bool jmp = i.map == X86_MAP_1B &&
                   (i.opcode == 0xeb || i.opcode == 0xe9);
        if (!jcc && !jmp) {
            pc = next;
            continue;
        }
        uint64_t t = x86_rel_target(s, &i, next);
        if (t != s->tb->pc) {
            if (t <= pc) {
                return REGION_NONE;
            }
            targets[nb_targets] = t;
            from_jmp[nb_targets++] = jmp;
            pc = next;
            continue;
        }
        /* the jump back, at pc */
        for (int k = 0; k < nb_targets; k++) {
            bool inside = false;
            for (int m = 0; m < nb_starts; m++) {
                inside |= starts[m] == targets[k];
            }
            if (targets[k] > pc ? from_jmp[k] : !inside || x87) {
                return REGION_NONE;
            }
        }
        return target > pc ? REGION_EXIT : REGION_INTERNAL;
    }
    return REGION_NONE;
}

static struct X86SideExit *new_side_exit(DisasContext *s, uint64_t dest,
                                         bool inside)
{
    struct X86SideExit *e = &s->side_exits[s->nb_side_exits++];

    e->label = tcg_new_label();
    e->pc = x86_pc_mask(s, dest);
    e->jmp_flags = exit_key(s);
    e->inside = inside;
    e->placed = false;
    e->cc_op = s->cc_op;
    s->region = true;
    return e;
}

void x86_gen_side_exit(DisasContext *s, X86Cond c, uint64_t dest,
                       X86RegionBranch kind)
{
    struct X86SideExit *e = new_side_exit(s, dest, kind == REGION_INTERNAL);
    tcg_gen_brcond(c.cond, c.a, c.b, e->label);
}

void x86_gen_region_jmp(DisasContext *s, uint64_t dest)
{
    struct X86SideExit *e = new_side_exit(s, dest, true);
    tcg_gen_br(e->label);
    s->path_dead = true;
}

/* Before the instruction at pc: the branches inside the loop that land
 * on it.  The lazy flags' kind is known only if every path agrees. */
static void place_region_labels(DisasContext *s, uint64_t pc)
{
    bool any = false;
    int cc_op = 0;

    for (unsigned k = 0; k < s->nb_side_exits; k++) {
        struct X86SideExit *e = &s->side_exits[k];
        if (!e->inside || e->placed || e->pc != pc) {
            continue;
        }
        tcg_gen_set_label(e->label);
        e->placed = true;
        cc_op = any && cc_op != e->cc_op ? CC_OP_DYNAMIC : e->cc_op;
        any = true;
    }
    if (any) {
        if (!s->path_dead && s->cc_op != cc_op) {
            cc_op = CC_OP_DYNAMIC;
        }
        s->cc_op = cc_op;
        s->path_dead = false;
    }
}

/* After the TB's last instruction: the side exits, through a goto_tb slot
 * the end left free, else through the jump cache. */
static void gen_side_exits(DisasContext *s)
{
    for (unsigned k = 0; k < s->nb_side_exits; k++) {
        const struct X86SideExit *e = &s->side_exits[k];
        if (e->placed) {
            continue;
        }
        /* (a branch inside the loop whose target the TB did not reach
         * leaves like a side exit) */
        tcg_gen_set_label(e->label);
        tcg_gen_movi(cpu_pc, (int64_t)e->pc);
        int slot = !(s->slots_used & 1) ? 0 : !(s->slots_used & 2) ? 1 : -1;
        if (slot < 0) {
            tcg_gen_lookup_and_goto_ptr();
            continue;
        }
        goto_slot(s, slot, e->jmp_flags);
    }
}

void x86_translate(CPUCommon *cs, TranslationBlock *tb, int max_insns)
{
    DisasContext s = {
        .env = (CPUX86State *)cs,
        .tb = tb,
        .code64 = tb->flags & X86_TB_CODE64,
        .sse_traps = tb->flags & X86_TB_SSE_TRAPS,
        .x87_traps = tb->flags & X86_TB_X87_TRAPS,
        .x87_top = (tb->flags >> X86_TB_X87_TOP_SHIFT) & 7,
        .x87_full = (uint8_t)(tb->flags >> X86_TB_X87_FULL_SHIFT),
        .cc_op = CC_OP_DYNAMIC,
        .is_jmp = DISAS_NEXT,
        .regions_ok = tb_regions_allowed(max_insns),
    };
    uint64_t pc = tb->pc;
    uint32_t icount = 0;

    s.code_page = translator_code_ptr(cs, pc & ~(uint64_t)(X86_PAGE_SIZE - 1),
                                      X86_PAGE_SIZE);
    tcg_gen_tb_start();
    for (;;) {
        uint8_t buf[X86_MAX_INSN_LEN];
        size_t avail;
        const uint8_t *code = insn_bytes(&s, pc, buf, &avail);
        int len = x86_decode(code, avail, s.code64, &s.insn);

        if (len == 0) {
            /* Not all of the instruction is readable. */
            if (icount == 0) {
                s.pc = pc;
                tcg_gen_insn_start(pc);
                gen_fetch_fault(&s, pc + avail);
                icount = 1;
                pc++;
            }
            break;
        }
        s.pc = pc;
        s.next_pc = x86_pc_mask(&s, pc + (len > 0 ? len : 1));
        s.modrm_addr = (TCGv){ 0 };
        tcg_scratch_next_insn();
        if (s.region) {
            place_region_labels(&s, pc);
        }
        tcg_gen_insn_start(pc);
        if (len < 0) {
            x86_gen_illegal(&s);
        } else {
            translate_insn(&s);
        }
        pc = s.next_pc;
        icount++;
        if (s.is_jmp != DISAS_NEXT || icount >= (uint32_t)max_insns
            || (pc & ~(uint64_t)(X86_PAGE_SIZE - 1))
                   != (tb->pc & ~(uint64_t)(X86_PAGE_SIZE - 1))
            || tcg_ctx_nearly_full()) {
            break;
        }
    }
    switch (s.is_jmp) {
    case DISAS_NEXT:
        x86_gen_jmp_tb(&s, pc, 0);
        break;
    case DISAS_UPDATE:
        tcg_gen_movi(cpu_pc, (int64_t)pc);
        tcg_gen_exit_tb(0);
        break;
    case DISAS_NORETURN:
        break;
    }
    gen_side_exits(&s);
    tb->guest_size = (uint32_t)(pc - tb->pc);
    tb->icount = icount;
}
