/*
 * vdso.S: the vDSO of ppc32 guests (AT_SYSINFO_EHDR), with the kernel's
 * names and version (LINUX_2.6.15, vdso.ver).  glibc calls these functions
 * as it would make the system call: result in r3, and on error CR0.SO set
 * with the errno in r3, which is what sc itself leaves, so each function
 * simply makes the call (mimic serves it like any other, -strace shows it).
 *
 * Signal handlers return through __kernel_sigtramp_rt32 and
 * __kernel_sigtramp32 (LR when the handler starts), whose CFI describes the
 * frame mimic builds (linux-user/ppc/signal.c): every register of the
 * interrupted code at its place in the frame's mcontext, so that libgcc's
 * unwinder (pthread_cancel, _Unwind_Backtrace) goes on into the
 * interrupted code.  Linked by linux-user/vdso.lds with vdso.ver.
 */
	.text

/* A function making system call nr with its arguments already in r3..r5. */
.macro syscall_function name, nr
	.globl \name
	.type \name, @function
\name:
	.cfi_startproc
	li 0, \nr
	sc
	blr
	.cfi_endproc
	.size \name, . - \name
.endm

	syscall_function __kernel_clock_gettime, 246
	syscall_function __kernel_clock_getres, 247
	syscall_function __kernel_gettimeofday, 78
	syscall_function __kernel_time, 13
	syscall_function __kernel_getcpu, 302

/* The time base frequency (PPC_TIMEBASE_FREQ of target-ppc/helper.h,
 * 512 MHz), as a 64-bit result in r3:r4, with CR0.SO clear: no error. */
	.globl __kernel_get_tbfreq
	.type __kernel_get_tbfreq, @function
__kernel_get_tbfreq:
	.cfi_startproc
	li 3, 0
	lis 4, 512000000@h
	ori 4, 4, 512000000@l
	crclr 3
	blr
	.cfi_endproc
	.size __kernel_get_tbfreq, . - __kernel_get_tbfreq

/* mimic sees every code write itself: nothing to flush.  Returns 0. */
	.globl __kernel_sync_dicache
	.type __kernel_sync_dicache, @function
__kernel_sync_dicache:
	.cfi_startproc
	li 3, 0
	crclr 3
	blr
	.cfi_endproc
	.size __kernel_sync_dicache, . - __kernel_sync_dicache

/*
 * The signal trampolines.  At the trampoline r1 is the stack pointer the
 * handler was entered with; the CFA is the frame's mcontext, mc_offset
 * above it.  Within the mcontext: gregs[0..31] the GPRs, gregs[32] NIP,
 * [35] CTR, [36] LR, [37] XER, [38] CR, then fregs[0..31] at 192.  The
 * return column is 67 (GCC's number for the argument pointer, which no
 * frame saves) holding NIP, so LR keeps its own value for the interrupted
 * code, which may be a leaf that never saved it.  The columns are GCC's
 * .eh_frame numbers: 65 LR, 66 CTR, 68..75 CR0..CR7 (one 32-bit word
 * holds them all), 76 XER, 32..63 FPRs.  The FDE starts one instruction
 * early: the unwinder looks up the handler's return address minus 1.
 */
.macro sigtramp name, nr, mc_offset
	.cfi_startproc
	.cfi_signal_frame
	.cfi_return_column 67
	.cfi_def_cfa 1, \mc_offset
	.irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.cfi_offset \r, 4 * \r
	.cfi_offset 32 + \r, 192 + 8 * \r
	.endr
	.cfi_offset 67, 4 * 32
	.cfi_offset 66, 4 * 35
	.cfi_offset 65, 4 * 36
	.cfi_offset 76, 4 * 37
	.irp cr, 68, 69, 70, 71, 72, 73, 74, 75
	.cfi_offset \cr, 4 * 38
	.endr
	nop
	.globl \name
	.type \name, @function
\name:
	li 0, \nr
	sc
	.cfi_endproc
	.size \name, . - \name
.endm

/* rt frame: r1 + 80 (caller frame + 16) is the frame; its mcontext
 * follows the 128-byte siginfo and the 192 bytes of ucontext before it. */
	sigtramp __kernel_sigtramp_rt32, 172, 80 + 128 + 192
/* Old frame: r1 + 64 is the frame; the 32-byte sigcontext, then the
 * mcontext. */
	sigtramp __kernel_sigtramp32, 119, 64 + 32

	.section .note.GNU-stack, "", @progbits
