/*
 * vdso.S: the vDSO of x86_64 guests (AT_SYSINFO_EHDR).  glibc finds these
 * functions by name through the dynamic symbol table and calls them
 * instead of making the system call itself; here each one simply makes
 * the system call, which mimic serves as it serves any other (with CFI,
 * for unwinders).  The
 * arguments are already where `syscall` wants them.  Linked by
 * linux-user/vdso.lds with vdso.ver beside this file.
 */
	.text

/* __vdso_<name> making system call nr, and <name> as a weak alias (the
 * kernel's vDSO exports both). */
.macro syscall_function name, nr
	.globl __vdso_\name
	.type __vdso_\name, @function
__vdso_\name:
	.cfi_startproc
	mov $\nr, %eax
	syscall
	ret
	.cfi_endproc
	.size __vdso_\name, . - __vdso_\name
	.weak \name
	.set \name, __vdso_\name
.endm

	syscall_function clock_gettime, 228
	syscall_function gettimeofday, 96
	syscall_function time, 201
	syscall_function getcpu, 309
	syscall_function clock_getres, 229

	.section .note.GNU-stack, "", @progbits
