/*
 * vdso.S: the vDSO of i386 guests (AT_SYSINFO_EHDR).  glibc finds these
 * functions by name through the dynamic symbol table and calls them
 * instead of making the system call itself; here each one simply makes
 * the system call with int $0x80, which mimic serves as it serves any
 * other.  __kernel_vsyscall is also the AT_SYSINFO entry (the ELF entry
 * point names it).  The functions have CFI, so that an unwinder steps out
 * of a system call a signal interrupted.  Linked by linux-user/vdso.lds with vdso.ver beside
 * this file.
 */
	.text

/* The system call entry: number and arguments already in registers. */
	.globl __kernel_vsyscall
	.type __kernel_vsyscall, @function
__kernel_vsyscall:
	.cfi_startproc
	int $0x80
	ret
	.cfi_endproc
	.size __kernel_vsyscall, . - __kernel_vsyscall

/* Return paths of signal handlers: sigreturn (119), rt_sigreturn (173). */
	.globl __kernel_sigreturn
	.type __kernel_sigreturn, @function
__kernel_sigreturn:
	pop %eax
	mov $119, %eax
	int $0x80
	.size __kernel_sigreturn, . - __kernel_sigreturn

	.globl __kernel_rt_sigreturn
	.type __kernel_rt_sigreturn, @function
__kernel_rt_sigreturn:
	mov $173, %eax
	int $0x80
	.size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn

/* A cdecl function making system call nr with its nargs (1..3) stack
 * arguments in ebx, ecx, edx; ebx is callee-saved. */
.macro syscall_function name, nr, nargs
	.globl \name
	.type \name, @function
\name:
	.cfi_startproc
	push %ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset %ebx, 0
	mov 8(%esp), %ebx
	.if \nargs > 1
	mov 12(%esp), %ecx
	.endif
	.if \nargs > 2
	mov 16(%esp), %edx
	.endif
	mov $\nr, %eax
	int $0x80
	pop %ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore %ebx
	ret
	.cfi_endproc
	.size \name, . - \name
.endm

	syscall_function __vdso_clock_gettime, 265, 2
	syscall_function __vdso_gettimeofday, 78, 2
	syscall_function __vdso_time, 13, 1
	syscall_function __vdso_clock_getres, 266, 2
	syscall_function __vdso_clock_gettime64, 403, 2
	syscall_function __vdso_getcpu, 318, 3

	.section .note.GNU-stack, "", @progbits
