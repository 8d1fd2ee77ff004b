/*
 * trap.h: the x86 exception a signal comes from, as the kernel records it
 * per thread for the signal frame's trapno, err and cr2
 * (linux-user/i386/signal.c keeps it; the cpu loop and the host fault
 * handler report it).
 */
#ifndef LINUX_USER_I386_TRAP_H
#define LINUX_USER_I386_TRAP_H

#include <stdint.h>

#include "linux-user/user.h"

/* An exception other than a page fault: CR2 keeps its last value. */
void x86_note_trap(unsigned trapno, uint32_t err);
/* A page fault at addr with the x86 page-fault error code err. */
void x86_note_page_fault(abi_ulong addr, uint32_t err);

#endif
