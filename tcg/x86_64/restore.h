/*
 * restore.h: precise guest state at a fault without syncing globals before
 * every guest memory access.
 *
 * At each qemu_ld/qemu_st the code generator records which dirty globals
 * live where (a host register, or a known constant); env holds the others.
 * It also records the f80 values env does not have yet, which are on the
 * host x87 stack, and whether env's x87 status word is the host's (a
 * deferred fnstsw): the signal frame's x87 state gives both.
 * The records go after the TB's code (tb->aux_size bytes).  When the access
 * faults, the signal handler's ucontext gives the registers, and
 * rs_apply writes those globals back to env.
 *
 * Layout after the code, 4-byte aligned:
 *   uint32_t nb_sites, | RS_WIDE when host offsets need 32 bits;
 *   uint16_t (RS_WIDE: uint32_t) host_ofs[nb_sites]: offset of each access
 *            instruction, rising;
 *   uint16_t list_ofs[nb_sites]: where its list starts in the lists area;
 *   lists: uint16_t homes: bit r set when register r holds its home
 *          global (rs_set_homes), dirty; uint8_t count; then count entries
 *          of uint8_t how (RS_REG_MASK: register, RS_I64, RS_CONST; RS_X87
 *          | k: the 10 bytes of host ST(k); RS_X87_SW: the host status
 *          word, 2 bytes), uint16_t env offset, and for RS_CONST an
 *          int64_t value; unaligned; sites with the same list share it.
 * Home globals, dirty in their registers at nearly every access, take a
 * bit each instead of an entry: the records of a big program's blocks
 * are a tenth of its code cache, not a third.
 */
#ifndef TCG_X86_64_RESTORE_H
#define TCG_X86_64_RESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcg/exec.h"
#include "tcg/x86_64/regalloc.h"

/* The host x87 stack as a cache of env's f80 values (codegen-fp.c):
 * host ST(k) holds the 10 bytes at env offset slot[k] (F80_STALE: of
 * nothing any more), for k < n; dirty[k]: env does not have them yet.
 * sw_ofs: env offset of a 16-bit status word that is to be the host's
 * x87 status word (a deferred fnstsw), or -1. */
#define F80_STALE INT32_MIN
typedef struct F80Stack {
    int n;
    int32_t slot[8];
    bool dirty[8];
    int32_t sw_ofs;
} F80Stack;

#define RS_MAX_SITES 2048
#define RS_LISTS_SIZE (32 * 1024)

typedef struct RestoreRecorder {
    uint32_t nb_sites;
    uint32_t host_ofs[RS_MAX_SITES];
    uint32_t list_ofs[RS_MAX_SITES];
    uint32_t lists_len;
    uint32_t last_list; /* offset of the newest list, for sharing */
    uint32_t pending;   /* offset of the snapshot not yet committed */
    uint8_t lists[RS_LISTS_SIZE];
} RestoreRecorder;

/* The home globals: register reg[i] holds the global at env offset
 * ofs[i] (w[i]: 64 bits) when a TB is entered (the prologue's set).  The
 * records of every TB refer to the set in force when it was generated,
 * which is the one in force when it runs. */
void rs_set_homes(int n, const uint8_t *reg, const uint8_t *w,
                  const int32_t *ofs);

void rs_start(RestoreRecorder *rr);
/* Record where the dirty globals of ra and the f80 values of x87 are
 * now, for an access about to be emitted.  False when the records are
 * full: the caller syncs instead. */
bool rs_snapshot(RestoreRecorder *rr, const RegAlloc *ra,
                 const F80Stack *x87);
/* The snapshot belongs to the access instruction at host offset ofs. */
void rs_commit(RestoreRecorder *rr, uint32_t ofs);
/* Bytes rs_write needs. */
size_t rs_size(const RestoreRecorder *rr);
/* Write the records to dst (4-byte aligned, rs_size bytes of room). */
void rs_write(const RestoreRecorder *rr, uint8_t *dst);
/* A fault at host offset ofs of the code whose records are at data: write
 * the globals held in registers (ucontext) or known constants, and the
 * x87 values and status word of the records, back to env.
 * Async-signal-safe. */
void rs_apply(const uint8_t *data, uint32_t ofs, const void *ucontext,
              CPUCommon *env);

#endif
