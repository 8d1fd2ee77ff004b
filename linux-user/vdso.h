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
 * Map the vDSO into the guest (x86 guests; the others have none: nothing
 * to do).  *ehdr is its address for AT_SYSINFO_EHDR, *sysinfo the
 * __kernel_vsyscall entry for AT_SYSINFO (i386), each 0 if none.  False
 * with the reason in err.
 */
bool vdso_map(abi_ulong *ehdr, abi_ulong *sysinfo, char *err, size_t err_size);

/* The vDSO's pages [*start, *end) (/proc/self/maps); false if none. */
bool vdso_range(uint64_t *start, uint64_t *end);

#endif
