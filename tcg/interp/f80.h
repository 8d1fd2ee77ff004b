/*
 * f80.h: the interpreter's f80 ops (f80.c), on the host's x87.  Pointers
 * are the 10-byte values in env; results as the ops define them.
 */
#ifndef TCG_INTERP_F80_H
#define TCG_INTERP_F80_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tcg.h"

uint64_t f80_load(unsigned kind, void *dst, uint64_t v);
uint64_t f80_store(unsigned kind, const void *src);
uint64_t f80_status(void);
uint64_t f80_arith(unsigned op, void *dst, const void *a, const void *b);
uint64_t f80_arith_mem(unsigned op, unsigned kind, void *dst, const void *a,
                       uint64_t v);
uint64_t f80_cmp(bool unordered, const void *a, const void *b);
uint64_t f80_cmp_mem(unsigned kind, const void *a, uint64_t v);
uint64_t f80_func(unsigned fn, void *dst, const void *a, const void *b);
void f80_set_cw(uint64_t cw);

#endif
