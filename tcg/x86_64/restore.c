/*
 * restore.c: fault restore records of the x86-64 backend (see restore.h).
 */
#include "tcg/x86_64/restore.h"

#include <string.h>
#include <ucontext.h>

enum {
    RS_REG_MASK = 0x0f, RS_I64 = 0x10, RS_CONST = 0x20,
    RS_X87 = 0x40, RS_X87_SW = 0x80, RS_X87_K = 0x07,
};

void rs_start(RestoreRecorder *rr)
{
    rr->nb_sites = 0;
    rr->lists_len = 0;
    rr->last_list = UINT32_MAX;
    rr->pending = UINT32_MAX;
}

static bool dirty_global(const RegAlloc *ra, uint32_t t)
{
    return ra->s->temps[t].kind == TEMP_GLOBAL && !ra->ts[t].mem_ok;
}

static void put_entry(RestoreRecorder *rr, uint8_t how, int32_t ofs,
                      const int64_t *val)
{
    uint8_t *p = rr->lists + rr->lists_len;

    p[0] = how;
    memcpy(p + 1, &ofs, 4);
    rr->lists_len += 5;
    if (val) {
        memcpy(p + 5, val, 8);
        rr->lists_len += 8;
    }
}

bool rs_snapshot(RestoreRecorder *rr, const RegAlloc *ra,
                 const F80Stack *x87)
{
    uint32_t worst = 1 + 16 * 5 + ra->nb_const_temps * 13 + 9 * 5;

    if (rr->nb_sites == RS_MAX_SITES ||
        rr->lists_len + worst > RS_LISTS_SIZE) {
        return false;
    }
    uint32_t start = rr->lists_len++;
    uint8_t count = 0;

    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        if (t && dirty_global(ra, t)) {
            const TCGTemp *tp = &ra->s->temps[t];
            put_entry(rr, (uint8_t)(r | (tp->type == TCG_TYPE_I64 ? RS_I64 : 0)),
                      tp->mem_offset, NULL);
            count++;
        }
    }
    for (uint32_t i = 0; i < ra->nb_const_temps; i++) {
        uint32_t t = ra->const_temps[i];
        if (ra->ts[t].loc == LOC_CONST && dirty_global(ra, t)) {
            const TCGTemp *tp = &ra->s->temps[t];
            put_entry(rr, (uint8_t)(RS_CONST |
                                    (tp->type == TCG_TYPE_I64 ? RS_I64 : 0)),
                      tp->mem_offset, &ra->ts[t].val);
            count++;
        }
    }
    for (int k = 0; k < x87->n; k++) {
        if (x87->dirty[k] && x87->slot[k] != F80_STALE) {
            put_entry(rr, (uint8_t)(RS_X87 | k), x87->slot[k], NULL);
            count++;
        }
    }
    if (x87->sw_ofs >= 0) {
        put_entry(rr, RS_X87_SW, x87->sw_ofs, NULL);
        count++;
    }
    rr->lists[start] = count;
    /* Consecutive accesses usually see the same dirty set: share it. */
    uint32_t len = rr->lists_len - start;
    if (rr->last_list != UINT32_MAX && rr->last_list + len == start &&
        memcmp(rr->lists + rr->last_list, rr->lists + start, len) == 0) {
        rr->lists_len = start;
        rr->pending = rr->last_list;
    } else {
        rr->pending = start;
    }
    return true;
}

void rs_commit(RestoreRecorder *rr, uint32_t ofs)
{
    rr->host_ofs[rr->nb_sites] = ofs;
    rr->list_ofs[rr->nb_sites] = rr->pending;
    rr->nb_sites++;
    rr->last_list = rr->pending;
    rr->pending = UINT32_MAX;
}

size_t rs_size(const RestoreRecorder *rr)
{
    return 4 + 8 * (size_t)rr->nb_sites + rr->lists_len;
}

void rs_write(const RestoreRecorder *rr, uint8_t *dst)
{
    uint32_t n = rr->nb_sites;

    memcpy(dst, &n, 4);
    memcpy(dst + 4, rr->host_ofs, 4 * (size_t)n);
    memcpy(dst + 4 + 4 * (size_t)n, rr->list_ofs, 4 * (size_t)n);
    memcpy(dst + 4 + 8 * (size_t)n, rr->lists, rr->lists_len);
}

/* ucontext register index of each x86 register number. */
static const uint8_t greg_index[16] = {
    [X86_RAX] = REG_RAX, [X86_RCX] = REG_RCX, [X86_RDX] = REG_RDX,
    [X86_RBX] = REG_RBX, [X86_RSP] = REG_RSP, [X86_RBP] = REG_RBP,
    [X86_RSI] = REG_RSI, [X86_RDI] = REG_RDI, [X86_R8] = REG_R8,
    [X86_R9] = REG_R9,   [X86_R10] = REG_R10, [X86_R11] = REG_R11,
    [X86_R12] = REG_R12, [X86_R13] = REG_R13, [X86_R14] = REG_R14,
    [X86_R15] = REG_R15,
};

void rs_apply(const uint8_t *data, uint32_t ofs, const void *ucontext,
              CPUCommon *env)
{
    const ucontext_t *uc = ucontext;
    uint32_t n, lo = 0, hi;

    memcpy(&n, data, 4);
    const uint32_t *host_ofs = (const uint32_t *)(data + 4);
    const uint32_t *list_ofs = host_ofs + n;
    const uint8_t *lists = data + 4 + 8 * (size_t)n;

    for (hi = n; lo < hi;) {
        uint32_t mid = (lo + hi) / 2;
        if (host_ofs[mid] < ofs) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == n || host_ofs[lo] != ofs) {
        return; /* not an access: nothing is held outside env */
    }
    const uint8_t *p = lists + list_ofs[lo];
    for (unsigned count = *p++; count > 0; count--) {
        uint8_t how = p[0];
        int32_t env_ofs;
        uint64_t v;

        memcpy(&env_ofs, p + 1, 4);
        p += 5;
        if (how & (RS_X87 | RS_X87_SW)) {
            /* fxsave layout: registers in stack order, 16 bytes apart */
            const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
            if (!fp) {
                continue;
            }
            if (how & RS_X87_SW) {
                memcpy((uint8_t *)env + env_ofs, &fp->swd, 2);
            } else {
                memcpy((uint8_t *)env + env_ofs, &fp->_st[how & RS_X87_K], 10);
            }
            continue;
        }
        if (how & RS_CONST) {
            memcpy(&v, p, 8);
            p += 8;
        } else {
            v = (uint64_t)uc->uc_mcontext.gregs[greg_index[how & RS_REG_MASK]];
        }
        if (how & RS_I64) {
            memcpy((uint8_t *)env + env_ofs, &v, 8);
        } else {
            uint32_t v32 = (uint32_t)v;
            memcpy((uint8_t *)env + env_ofs, &v32, 4);
        }
    }
}
