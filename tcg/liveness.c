/*
 * liveness.c: one backward pass over the op list that deletes ops whose
 * results are never used and fills op->life with TCG_LIFE_DEAD bits.
 *
 * Branches only go forward, so walking backward we always meet a label
 * before the branches to it: at set_label we save the live set, at br we
 * take it, at brcond we add it.
 *
 * Sync points: every global is live at each op with TCG_OPF_BB_END, at
 * qemu_ld/qemu_st (they may fault and the fault handler needs exact guest
 * state in env) and at calls that read globals.  Locals are dead at
 * TCG_OPF_BB_EXIT ops.  TCG_LIFE_SYNC is not used: backends write back every
 * dirty global at BB_END ops, before qemu_ld/qemu_st and before calls that
 * read or write globals.
 */
#include <stdlib.h>
#include <string.h>

#include "tcg/tcg.h"

typedef uint64_t Word;
#define WORD_BITS 64

static inline bool bit_test(const Word *set, uint32_t i)
{
    return (set[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

static inline void bit_set(Word *set, uint32_t i)
{
    set[i / WORD_BITS] |= (Word)1 << (i % WORD_BITS);
}

static inline void bit_clear(Word *set, uint32_t i)
{
    set[i / WORD_BITS] &= ~((Word)1 << (i % WORD_BITS));
}

static void set_or(Word *d, const Word *a, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        d[i] |= a[i];
    }
}

/* Per-thread scratch space, grown as needed and reused across TBs. */
static __thread Word *scratch;
static __thread size_t scratch_words;

void tcg_liveness_cleanup(void)
{
    free(scratch);
    scratch = NULL;
    scratch_words = 0;
}

static Word *scratch_get(size_t words)
{
    if (words > scratch_words) {
        free(scratch);
        scratch = malloc(words * sizeof(Word));
        if (!scratch) {
            fprintf(stderr, "mimic: out of memory\n");
            exit(1);
        }
        scratch_words = words;
    }
    return scratch;
}

/* A temp whose liveness we track: locals and globals; env and constants
 * are always available. */
static inline bool temp_tracked(const TCGContext *s, TCGArg a)
{
    uint8_t k = s->temps[a].kind;
    return k == TEMP_GLOBAL || k == TEMP_LOCAL;
}

/* Calls that may be deleted when their result is unused. */
static bool call_removable(const TCGOp *op)
{
    unsigned flags = (unsigned)op->args[3 + op->args[1]];
    return (flags & TCG_CALL_NO_SIDE_EFFECTS) &&
           (flags & TCG_CALL_NO_WRITE_GLOBALS);
}

void tcg_liveness(TCGContext *s)
{
    uint32_t n = (s->nb_temps + WORD_BITS - 1) / WORD_BITS;
    Word *mem = scratch_get((size_t)n * (2 + s->nb_labels));
    Word *live = mem;
    Word *globals = mem + n;
    Word *label_live = mem + 2 * n; /* n words per label */

    memset(globals, 0, n * sizeof(Word));
    for (uint32_t i = 1; i <= s->nb_globals; i++) {
        bit_set(globals, i);
    }
    memcpy(live, globals, n * sizeof(Word));
    /* A label never set (a frontend bug) leaves everything live. */
    memset(label_live, 0xff, (size_t)s->nb_labels * n * sizeof(Word));

    for (uint32_t oi = s->nb_ops; oi-- > 0;) {
        TCGOp *op = &s->ops[oi];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nb_o = def->nb_oargs, nb_i = def->nb_iargs, first_in = nb_o;
        unsigned call_flags = 0;

        if (op->opc == INDEX_op_call) {
            nb_o = op->args[0] ? 1 : 0;
            nb_i = (int)op->args[1];
            first_in = 2;
            call_flags = (unsigned)op->args[3 + op->args[1]];
        }

        /* An op that only computes values nobody reads goes away. */
        bool removable = op->opc == INDEX_op_call
                             ? call_removable(op)
                             : nb_o > 0 &&
                                   !(def->flags & (TCG_OPF_SIDE_EFFECTS |
                                                   TCG_OPF_BB_END |
                                                   TCG_OPF_NOT_PRESENT));
        if (removable) {
            bool used = false;
            for (int k = 0; k < nb_o; k++) {
                if (!temp_tracked(s, op->args[k]) ||
                    bit_test(live, (uint32_t)op->args[k])) {
                    used = true;
                }
            }
            if (!used) {
                op->opc = INDEX_op_nop;
                op->life = 0;
                continue;
            }
        }

        uint32_t life = 0;
        for (int k = 0; k < nb_o; k++) {
            uint32_t t = (uint32_t)op->args[k];
            if (temp_tracked(s, t)) {
                if (!bit_test(live, t)) {
                    life |= TCG_LIFE_DEAD(k);
                }
                bit_clear(live, t);
            }
        }

        switch (op->opc) {
        case INDEX_op_set_label: {
            set_or(live, globals, n);
            memcpy(label_live + (size_t)op->args[0] * n, live,
                   n * sizeof(Word));
            break;
        }
        case INDEX_op_br:
            memcpy(live, label_live + (size_t)op->args[0] * n,
                   n * sizeof(Word));
            set_or(live, globals, n);
            break;
        case INDEX_op_brcond:
            set_or(live, label_live + (size_t)op->args[3] * n, n);
            set_or(live, globals, n);
            break;
        case INDEX_op_qemu_ld:
        case INDEX_op_qemu_st:
        case INDEX_op_atomic_cmpxchg:
            set_or(live, globals, n);
            break;
        case INDEX_op_call:
            if (!(call_flags & TCG_CALL_NO_READ_GLOBALS)) {
                set_or(live, globals, n);
            }
            break;
        default:
            if (def->flags & TCG_OPF_BB_EXIT) {
                memcpy(live, globals, n * sizeof(Word));
            } else if (def->flags & TCG_OPF_BB_END) {
                set_or(live, globals, n);
            }
            break;
        }

        /* Inputs: dead after this op if not live below it.  Decide for all
         * inputs before marking any live, so "add x,x" sees both. */
        for (int k = first_in; k < first_in + nb_i; k++) {
            uint32_t t = (uint32_t)op->args[k];
            if (temp_tracked(s, t) && !bit_test(live, t)) {
                life |= TCG_LIFE_DEAD(k);
            }
        }
        for (int k = first_in; k < first_in + nb_i; k++) {
            uint32_t t = (uint32_t)op->args[k];
            if (temp_tracked(s, t)) {
                bit_set(live, t);
            }
        }
        op->life = life;
    }
}
