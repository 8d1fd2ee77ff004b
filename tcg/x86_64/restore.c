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

#define RS_WIDE 0x80000000u

/* The home globals by register: env offset (-1: none), 64 bits? */
static struct {
    int32_t ofs[16];
    bool w[16];
} homes = { .ofs = { -1, -1, -1, -1, -1, -1, -1, -1,
                     -1, -1, -1, -1, -1, -1, -1, -1 } };

void rs_set_homes(int n, const uint8_t *reg, const uint8_t *w,
                  const int32_t *ofs)
{
    for (int r = 0; r < 16; r++) {
        homes.ofs[r] = -1;
    }
    for (int i = 0; i < n; i++) {
        homes.ofs[reg[i]] = ofs[i];
        homes.w[reg[i]] = w[i];
    }
}

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

/* False when ofs does not fit an entry (the caller syncs instead). */
static bool put_entry(RestoreRecorder *rr, uint8_t how, int32_t ofs,
                      const int64_t *val)
{
    uint8_t *p = rr->lists + rr->lists_len;
    uint16_t ofs16 = (uint16_t)ofs;

    if (ofs < 0 || ofs > UINT16_MAX) {
        return false;
    }
    p[0] = how;
    memcpy(p + 1, &ofs16, 2);
    rr->lists_len += 3;
    if (val) {
        memcpy(p + 3, val, 8);
        rr->lists_len += 8;
    }
    return true;
}

static bool is_home(const TCGTemp *tp, int r)
{
    return homes.ofs[r] == tp->mem_offset &&
           homes.w[r] == (tp->type == TCG_TYPE_I64);
}

bool rs_snapshot(RestoreRecorder *rr, const RegAlloc *ra,
                 const F80Stack *x87)
{
    uint32_t worst = 3 + 16 * 3 + ra->nb_const_temps * 11 + 9 * 3;

    if (rr->nb_sites == RS_MAX_SITES ||
        rr->lists_len + worst > RS_LISTS_SIZE) {
        return false;
    }
    uint32_t start = rr->lists_len;
    uint16_t home_bits = 0;
    unsigned count = 0;
    bool ok = true;

    rr->lists_len += 3;
    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        if (t && dirty_global(ra, t)) {
            const TCGTemp *tp = &ra->s->temps[t];
            if (is_home(tp, r)) {
                home_bits |= (uint16_t)(1u << r);
                continue;
            }
            ok &= put_entry(rr, (uint8_t)(r | (tp->type == TCG_TYPE_I64 ? RS_I64 : 0)),
                            tp->mem_offset, NULL);
            count++;
        }
    }
    for (uint32_t i = 0; i < ra->nb_const_temps; i++) {
        uint32_t t = ra->const_temps[i];
        if (ra->ts[t].loc == LOC_CONST && dirty_global(ra, t)) {
            const TCGTemp *tp = &ra->s->temps[t];
            ok &= put_entry(rr, (uint8_t)(RS_CONST |
                                          (tp->type == TCG_TYPE_I64 ? RS_I64 : 0)),
                            tp->mem_offset, &ra->ts[t].val);
            count++;
        }
    }
    for (int k = 0; k < x87->n; k++) {
        if (x87->dirty[k] && x87->slot[k] != F80_STALE) {
            ok &= put_entry(rr, (uint8_t)(RS_X87 | k), x87->slot[k], NULL);
            count++;
        }
    }
    if (x87->sw_ofs >= 0) {
        ok &= put_entry(rr, RS_X87_SW, x87->sw_ofs, NULL);
        count++;
    }
    if (!ok || count > UINT8_MAX) {
        rr->lists_len = start;
        return false;
    }
    memcpy(rr->lists + start, &home_bits, 2);
    rr->lists[start + 2] = (uint8_t)count;
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

static bool wide(const RestoreRecorder *rr)
{
    return rr->nb_sites && rr->host_ofs[rr->nb_sites - 1] > UINT16_MAX;
}

size_t rs_size(const RestoreRecorder *rr)
{
    size_t n = rr->nb_sites;

    return 4 + (wide(rr) ? 4 : 2) * n + 2 * n + rr->lists_len;
}

void rs_write(const RestoreRecorder *rr, uint8_t *dst)
{
    uint32_t n = rr->nb_sites;
    bool w = wide(rr);
    uint32_t header = n | (w ? RS_WIDE : 0);

    memcpy(dst, &header, 4);
    dst += 4;
    for (uint32_t i = 0; i < n; i++) {
        if (w) {
            memcpy(dst, &rr->host_ofs[i], 4);
            dst += 4;
        } else {
            uint16_t v = (uint16_t)rr->host_ofs[i];
            memcpy(dst, &v, 2);
            dst += 2;
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        uint16_t v = (uint16_t)rr->list_ofs[i];
        memcpy(dst, &v, 2);
        dst += 2;
    }
    memcpy(dst, rr->lists, rr->lists_len);
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

/* env at env_ofs := the low 4 or (w) 8 bytes of v. */
static void put_env(CPUCommon *env, uint32_t env_ofs, uint64_t v, bool w)
{
    if (w) {
        memcpy((uint8_t *)env + env_ofs, &v, 8);
    } else {
        uint32_t v32 = (uint32_t)v;
        memcpy((uint8_t *)env + env_ofs, &v32, 4);
    }
}

static uint64_t greg(const ucontext_t *uc, int r)
{
    return (uint64_t)uc->uc_mcontext.gregs[greg_index[r]];
}

/* The host offset of site i. */
static uint32_t site_ofs(const uint8_t *sites, bool w, uint32_t i)
{
    if (w) {
        uint32_t v;
        memcpy(&v, sites + 4 * i, 4);
        return v;
    }
    uint16_t v;
    memcpy(&v, sites + 2 * i, 2);
    return v;
}

void rs_apply(const uint8_t *data, uint32_t ofs, const void *ucontext,
              CPUCommon *env)
{
    const ucontext_t *uc = ucontext;
    uint32_t header, n, lo = 0, hi;

    memcpy(&header, data, 4);
    n = header & ~RS_WIDE;
    bool w = header & RS_WIDE;
    const uint8_t *sites = data + 4;
    const uint8_t *list_ofs = sites + (w ? 4 : 2) * (size_t)n;
    const uint8_t *lists = list_ofs + 2 * (size_t)n;

    for (hi = n; lo < hi;) {
        uint32_t mid = (lo + hi) / 2;
        if (site_ofs(sites, w, mid) < ofs) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == n || site_ofs(sites, w, lo) != ofs) {
        return; /* not an access: nothing is held outside env */
    }
    uint16_t list, home_bits;
    memcpy(&list, list_ofs + 2 * lo, 2);
    const uint8_t *p = lists + list;
    memcpy(&home_bits, p, 2);
    for (int r = 0; r < 16; r++) {
        if (home_bits & (1u << r)) {
            put_env(env, (uint32_t)homes.ofs[r], greg(uc, r), homes.w[r]);
        }
    }
    p += 2;
    for (unsigned count = *p++; count > 0; count--) {
        uint8_t how = p[0];
        uint16_t env_ofs;
        uint64_t v;

        memcpy(&env_ofs, p + 1, 2);
        p += 3;
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
            v = greg(uc, how & RS_REG_MASK);
        }
        put_env(env, env_ofs, v, how & RS_I64);
    }
}
