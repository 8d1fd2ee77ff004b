/*
 * vdso.h: the guest's vDSO (vdso.c).
 */
#ifndef LINUX_USER_VDSO_H
#define LINUX_USER_VDSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linux-user/user.h"

/*
 * Map the vDSO into the guest.  *ehdr is its address for
 * AT_SYSINFO_EHDR, *sysinfo the __kernel_vsyscall entry for AT_SYSINFO
 * (i386; 0 for the others).  False with the reason in err.
 */
bool vdso_map(abi_ulong *ehdr, abi_ulong *sysinfo, char *err, size_t err_size);

/* The vDSO's pages [*start, *end) (/proc/self/maps); false if none. */
bool vdso_range(uint64_t *start, uint64_t *end);

/* The guest address of the vDSO's dynamic symbol name; 0 if it has none
 * or is not mapped yet. */
abi_ulong vdso_symbol(const char *name);

#endif
