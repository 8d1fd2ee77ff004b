/*
 * decode.c: x86 instruction boundaries and fields.  Splits the bytes of one
 * instruction into prefixes, opcode map and byte, ModRM, SIB, displacement
 * and immediates (X86Insn).  Which opcodes exist, and what they do, is the
 * business of the translator groups; this file knows only the shape of
 * each opcode: whether it has a ModRM byte and what immediate follows.
 */
#include <string.h>

#include "target-x86/translate.h"

/* Opcode shape: a ModRM flag and an immediate kind. */
enum {
    M = 0x80,       /* has a ModRM byte */
    INV64 = 0x40,   /* invalid in 64-bit code */
    UNDEF = 0x20,   /* undefined (or not decoded by mimic: 3DNow!) */
    IMM_MASK = 0x0f,
    I0 = 0,         /* no immediate */
    IB = 1,         /* 8 bits */
    IW = 2,         /* 16 bits */
    IZ = 3,         /* 16 or 32 bits by operand size */
    IV = 4,         /* 16, 32 or 64 bits by operand size (MOV r, imm) */
    IO = 5,         /* address-sized offset (MOV moffs) */
    IWB = 6,        /* 16 + 8 bits (ENTER) */
    IAP = 7,        /* far pointer: 16/32-bit offset + 16-bit selector */
    IG3B = 8,       /* F6: Ib for /0 and /1 (TEST) only */
    IG3Z = 9,       /* F7: Iz for /0 and /1 only */
    IREL = 10,      /* branch displacement: rel32 (rel16 with 66 outside
                       64-bit code) */
    PFX = 0x10,     /* legacy prefix (never reached as an opcode) */
    MREG = 0x100,   /* 0F map: ModRM always names registers, whatever mod
                       says (MOV to/from CR/DR) */
};

#define ARITH_ROW(inv1, inv2)                                                  \
    M, M, M, M, IB, IZ, (inv1), (inv2)

static const uint16_t one_byte_shape[256] = {
    /* 00 */ ARITH_ROW(INV64, INV64),          /* add, push/pop es */
    /* 08 */ M, M, M, M, IB, IZ, INV64, UNDEF, /* or, push cs, 0f */
    /* 10 */ ARITH_ROW(INV64, INV64),          /* adc, push/pop ss */
    /* 18 */ ARITH_ROW(INV64, INV64),          /* sbb, push/pop ds */
    /* 20 */ ARITH_ROW(PFX, INV64),            /* and, es:, daa */
    /* 28 */ ARITH_ROW(PFX, INV64),            /* sub, cs:, das */
    /* 30 */ ARITH_ROW(PFX, INV64),            /* xor, ss:, aaa */
    /* 38 */ ARITH_ROW(PFX, INV64),            /* cmp, ds:, aas */
    /* 40 */ 0, 0, 0, 0, 0, 0, 0, 0,           /* inc (REX in 64-bit) */
    /* 48 */ 0, 0, 0, 0, 0, 0, 0, 0,           /* dec (REX in 64-bit) */
    /* 50 */ 0, 0, 0, 0, 0, 0, 0, 0,           /* push */
    /* 58 */ 0, 0, 0, 0, 0, 0, 0, 0,           /* pop */
    /* 60 */ INV64, INV64, M | INV64, M,       /* pusha popa bound arpl/movsxd */
    /* 64 */ PFX, PFX, PFX, PFX,
    /* 68 */ IZ, M | IZ, IB, M | IB, 0, 0, 0, 0, /* push imul push imul ins outs */
    /* 70 */ IB, IB, IB, IB, IB, IB, IB, IB,   /* jcc rel8 */
    /* 78 */ IB, IB, IB, IB, IB, IB, IB, IB,
    /* 80 */ M | IB, M | IZ, M | IB | INV64, M | IB, M, M, M, M,
    /* 88 */ M, M, M, M, M, M, M, M,           /* mov, lea, pop Ev */
    /* 90 */ 0, 0, 0, 0, 0, 0, 0, 0,           /* nop, xchg */
    /* 98 */ 0, 0, IAP | INV64, 0, 0, 0, 0, 0, /* cbw cwd callf fwait pushf
                                                  popf sahf lahf */
    /* a0 */ IO, IO, IO, IO, 0, 0, 0, 0,       /* mov moffs, movs, cmps */
    /* a8 */ IB, IZ, 0, 0, 0, 0, 0, 0,         /* test, stos lods scas */
    /* b0 */ IB, IB, IB, IB, IB, IB, IB, IB,   /* mov r8, imm8 */
    /* b8 */ IV, IV, IV, IV, IV, IV, IV, IV,   /* mov r, imm */
    /* c0 */ M | IB, M | IB, IW, 0, M | INV64, M | INV64, M | IB, M | IZ,
    /* c8 */ IWB, 0, IW, 0, 0, IB, INV64, 0,   /* enter leave retf int3 int
                                                  into iret */
    /* d0 */ M, M, M, M, IB | INV64, IB | INV64, UNDEF, 0, /* ... aam aad
                                                             salc xlat */
    /* d8 */ M, M, M, M, M, M, M, M,           /* x87 */
    /* e0 */ IB, IB, IB, IB, IB, IB, IB, IB,   /* loop jcxz in out */
    /* e8 */ IREL, IREL, IAP | INV64, IB, 0, 0, 0, 0, /* call jmp jmpf jmp */
    /* f0 */ PFX, 0, PFX, PFX, 0, 0, M | IG3B, M | IG3Z,
    /* f8 */ 0, 0, 0, 0, 0, 0, M, M,
};

static const uint16_t two_byte_shape[256] = {
    /* 00 */ M, M, M, M, UNDEF, 0, 0, 0,       /* grp6 grp7 lar lsl - syscall
                                                  clts sysret */
    /* 08 */ 0, 0, UNDEF, 0, UNDEF, M, UNDEF, UNDEF, /* invd wbinvd - ud2 -
                                                       prefetch femms 3dnow */
    /* 10 */ M, M, M, M, M, M, M, M,
    /* 18 */ M, M, M, M, M, M, M, M,           /* hint nops */
    /* 20 */ M | MREG, M | MREG, M | MREG, M | MREG, UNDEF, UNDEF, UNDEF, UNDEF,
    /* 28 */ M, M, M, M, M, M, M, M,
    /* 30 */ 0, 0, 0, 0, 0, 0, UNDEF, 0,       /* wrmsr rdtsc rdmsr rdpmc
                                                  sysenter sysexit - getsec */
    /* 38 */ UNDEF, UNDEF, UNDEF, UNDEF, UNDEF, UNDEF, UNDEF, UNDEF,
    /* 40 */ M, M, M, M, M, M, M, M,           /* cmovcc */
    /* 48 */ M, M, M, M, M, M, M, M,
    /* 50 */ M, M, M, M, M, M, M, M,
    /* 58 */ M, M, M, M, M, M, M, M,
    /* 60 */ M, M, M, M, M, M, M, M,
    /* 68 */ M, M, M, M, M, M, M, M,
    /* 70 */ M | IB, M | IB, M | IB, M | IB, M, M, M, 0, /* ... emms */
    /* 78 */ M, M, UNDEF, UNDEF, M, M, M, M,
    /* 80 */ IREL, IREL, IREL, IREL, IREL, IREL, IREL, IREL, /* jcc */
    /* 88 */ IREL, IREL, IREL, IREL, IREL, IREL, IREL, IREL,
    /* 90 */ M, M, M, M, M, M, M, M,           /* setcc */
    /* 98 */ M, M, M, M, M, M, M, M,
    /* a0 */ 0, 0, 0, M, M | IB, M, UNDEF, UNDEF, /* push/pop fs cpuid bt
                                                     shld shld */
    /* a8 */ 0, 0, 0, M, M | IB, M, M, M,      /* push/pop gs rsm bts shrd
                                                  shrd grp15 imul */
    /* b0 */ M, M, M, M, M, M, M, M,           /* cmpxchg lss btr lfs lgs
                                                  movzx */
    /* b8 */ M, UNDEF, M | IB, M, M, M, M, M,  /* popcnt ud1 grp8 btc bsf bsr
                                                  movsx */
    /* c0 */ M, M, M | IB, M, M | IB, M | IB, M | IB, M, /* xadd cmpps movnti
                                                    pinsrw pextrw shufps grp9 */
    /* c8 */ 0, 0, 0, 0, 0, 0, 0, 0,           /* bswap */
    /* d0 */ M, M, M, M, M, M, M, M,
    /* d8 */ M, M, M, M, M, M, M, M,
    /* e0 */ M, M, M, M, M, M, M, M,
    /* e8 */ M, M, M, M, M, M, M, M,
    /* f0 */ M, M, M, M, M, M, M, M,
    /* f8 */ M, M, M, M, M, M, M, UNDEF,        /* ... ud0 */
};

static int imm_bytes(int kind, const X86Insn *insn)
{
    int osz = 1 << insn->ot;
    switch (kind) {
    case IB: return 1;
    case IW: return 2;
    case IZ: return osz == 2 ? 2 : 4;
    case IV: return osz;
    case IO: return 1 << insn->aflag;
    case IWB: return 3;
    case IAP: return osz == 2 ? 4 : 6;
    case IG3B: return insn->op <= 1 ? 1 : 0;
    case IG3Z: return insn->op <= 1 ? (osz == 2 ? 2 : 4) : 0;
    case IREL: return insn->ot == MO_16 ? 2 : 4;
    default: return 0;
    }
}

static int64_t read_le(const uint8_t *p, int n, bool sign)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    if (sign && n > 0 && n < 8) {
        int sh = 64 - 8 * n;
        return (int64_t)(v << sh) >> sh;
    }
    return (int64_t)v;
}

/* ModRM, SIB and displacement from code[pos]; returns the new position. */
static size_t decode_modrm(const uint8_t *code, size_t pos, X86Insn *insn)
{
    uint8_t m = code[pos++];
    insn->has_modrm = true;
    insn->modrm = m;
    insn->mod = m >> 6;
    insn->op = (m >> 3) & 7;
    insn->reg = insn->op | (x86_rex_r(insn) ? 8 : 0);
    insn->rm = (m & 7) | (x86_rex_b(insn) ? 8 : 0);
    if (insn->mod == 3) {
        return pos;
    }
    int rm = m & 7;
    if (insn->aflag == MO_16) {
        if (insn->mod == 1) {
            insn->disp_size = 1;
        } else if (insn->mod == 2 || (insn->mod == 0 && rm == 6)) {
            insn->disp_size = 2;
        }
        return pos;
    }
    if (rm == 4) {
        insn->has_sib = true;
        insn->sib = code[pos++];
        if (insn->mod == 0 && (insn->sib & 7) == 5) {
            insn->disp_size = 4;
        }
    } else if (insn->mod == 0 && rm == 5) {
        insn->disp_size = 4;
    }
    if (insn->mod == 1) {
        insn->disp_size = 1;
    } else if (insn->mod == 2) {
        insn->disp_size = 4;
    }
    return pos;
}

/* ModRM, SIB, displacement and immediates of an opcode of this shape
 * from buf[pos]; returns the length, 0 or -1 as x86_decode does. */
static int decode_operands(uint8_t *buf, size_t pos, size_t avail,
                           uint16_t shape, X86Insn *insn)
{
    if (shape & M) {
        if (pos >= X86_MAX_INSN_LEN) {
            return pos >= avail ? 0 : -1;
        }
        if (insn->map == X86_MAP_0F && (shape & MREG)) {
            buf[pos] |= 0xc0;
        }
        pos = decode_modrm(buf, pos, insn);
        if (pos + insn->disp_size > X86_MAX_INSN_LEN) {
            return pos + insn->disp_size > avail ? 0 : -1;
        }
        insn->disp = (int32_t)read_le(buf + pos, insn->disp_size, true);
        pos += insn->disp_size;
    }
    int n = imm_bytes(shape & IMM_MASK, insn);
    if ((shape & IMM_MASK) == IWB) {
        insn->imm_offset = (uint8_t)pos;
        insn->imm_size = 2;
        insn->imm = read_le(buf + pos, 2, false);
        insn->imm2 = buf[pos + 2];
    } else if (n) {
        insn->imm_offset = (uint8_t)pos;
        /* IV and IO with 8 bytes are full 64-bit values; the rest are
         * sign-extended as the instructions define. */
        insn->imm_size = (uint8_t)n;
        insn->imm = read_le(buf + pos, n, true);
    }
    pos += n;
    if (pos > X86_MAX_INSN_LEN) {
        return pos > avail ? 0 : -1;
    }
    if (pos > avail) {
        return 0;
    }
    insn->len = (uint8_t)pos;
    return (int)pos;
}

/*
 * A VEX-encoded instruction at buf[pos] (the C4/C5 byte).  Only the
 * general-register opcodes of BMI1/BMI2 are decoded: mimic offers no AVX.
 * A 66, F2, F3, LOCK or REX prefix before VEX is #UD.
 */
static int decode_vex(uint8_t *buf, size_t pos, size_t avail, bool code64,
                      X86Insn *insn)
{
    bool three = buf[pos] == 0xc4;
    uint8_t p1 = buf[pos + 1];
    uint8_t p2 = three ? buf[pos + 2] : p1;  /* W vvvv L pp */
    int mmmmm = three ? p1 & 0x1f : 1;
    bool w = three && (p2 & 0x80);
    bool legacy = insn->opsize || insn->rep || insn->repne || insn->lock
                  || insn->rex;

    pos += three ? 3 : 2;
    insn->vex = true;
    insn->vex_l = p2 & 4;
    insn->pfx = p2 & 3;  /* pp: none, 66, F3, F2, the X86Prefix order */
    insn->rex = 0;
    if (code64) {
        /* R, X and B are stored inverted. */
        insn->rex = (uint8_t)(0x40 | (w ? 8 : 0) | (p1 & 0x80 ? 0 : 4)
                              | (three && !(p1 & 0x40) ? 2 : 0)
                              | (three && !(p1 & 0x20) ? 1 : 0));
    }
    insn->vex_v = (uint8_t)((~p2 >> 3) & 15);
    insn->ot = code64 && w ? MO_64 : MO_32;
    insn->aflag = code64 ? (insn->adsize ? MO_32 : MO_64)
                         : (insn->adsize ? MO_16 : MO_32);
    insn->map = mmmmm == 2 ? X86_MAP_0F38 : mmmmm == 3 ? X86_MAP_0F3A
                                                        : X86_MAP_0F;
    uint8_t b = buf[pos++];
    insn->opcode = b;
    bool bmi = (mmmmm == 2 && (b == 0xf2 || b == 0xf3 || b == 0xf5
                               || b == 0xf6 || b == 0xf7))
               || (mmmmm == 3 && b == 0xf0);
    if (legacy || !bmi) {
        return pos > avail ? 0 : -1;
    }
    return decode_operands(buf, pos, avail, mmmmm == 3 ? M | IB : M, insn);
}

int x86_decode(const uint8_t *code, size_t avail, bool code64, X86Insn *insn)
{
    uint8_t buf[X86_MAX_INSN_LEN + 8];
    size_t pos = 0;
    uint8_t b;
    bool rep_last_f2 = false;

    /* Zero padding lets the parser read ahead; lengths are checked once. */
    memset(buf, 0, sizeof(buf));
    memcpy(buf, code, avail < X86_MAX_INSN_LEN ? avail : X86_MAX_INSN_LEN);
    memset(insn, 0, sizeof(*insn));
    insn->seg = -1;

    for (;; pos++) {
        if (pos >= X86_MAX_INSN_LEN) {
            return pos >= avail ? 0 : -1;
        }
        b = buf[pos];
        switch (b) {
        case 0x26: insn->seg = R_ES; break;
        case 0x2e: insn->seg = R_CS; break;
        case 0x36: insn->seg = R_SS; break;
        case 0x3e: insn->seg = R_DS; break;
        case 0x64: insn->seg = R_FS; break;
        case 0x65: insn->seg = R_GS; break;
        case 0x66: insn->opsize = true; break;
        case 0x67: insn->adsize = true; break;
        case 0xf0: insn->lock = true; break;
        case 0xf2: insn->repne = true; rep_last_f2 = true; break;
        case 0xf3: insn->rep = true; rep_last_f2 = false; break;
        default:
            if (code64 && (b & 0xf0) == 0x40) {
                insn->rex = b;
                continue;
            }
            goto opcode;
        }
        insn->rex = 0; /* a REX prefix counts only right before the opcode */
    }

opcode:
    /* C4/C5 start a VEX prefix (outside 64-bit code only when the next
     * byte could not be a LES/LDS ModRM with a memory operand). */
    if ((b == 0xc4 || b == 0xc5) && (code64 || buf[pos + 1] >= 0xc0)) {
        return decode_vex(buf, pos, avail, code64, insn);
    }
    if (code64) {
        insn->ot = x86_rex_w(insn) ? MO_64 : insn->opsize ? MO_16 : MO_32;
        insn->aflag = insn->adsize ? MO_32 : MO_64;
    } else {
        insn->ot = insn->opsize ? MO_16 : MO_32;
        insn->aflag = insn->adsize ? MO_16 : MO_32;
    }
    if (insn->rep || insn->repne) {
        insn->pfx = rep_last_f2 ? X86_PFX_F2 : X86_PFX_F3;
    } else if (insn->opsize) {
        insn->pfx = X86_PFX_66;
    }

    uint16_t shape;
    pos++;
    if (b != 0x0f) {
        insn->map = X86_MAP_1B;
        shape = one_byte_shape[b];
    } else {
        b = buf[pos++];
        if (b == 0x38) {
            insn->map = X86_MAP_0F38;
            b = buf[pos++];
            shape = M;
        } else if (b == 0x3a) {
            insn->map = X86_MAP_0F3A;
            b = buf[pos++];
            shape = M | IB;
        } else {
            insn->map = X86_MAP_0F;
            shape = two_byte_shape[b];
        }
    }
    insn->opcode = b;

    if (shape & UNDEF) {
        return pos > avail ? 0 : -1;
    }
    if ((shape & INV64) && code64) {
        return pos > avail ? 0 : -1;
    }
    /* In 64-bit code, near branches ignore 66 (as Intel CPUs do). */
    if ((shape & IMM_MASK) == IREL && code64) {
        insn->ot = MO_64;
    }
    /* SSE4a EXTRQ/INSERTQ (AMD only) are not provided. */
    if (insn->map == X86_MAP_0F && (b == 0x78 || b == 0x79)
        && insn->pfx != X86_PFX_NONE) {
        return pos > avail ? 0 : -1;
    }
    return decode_operands(buf, pos, avail, shape, insn);
}
