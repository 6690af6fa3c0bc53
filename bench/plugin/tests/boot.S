/*
 * boot.S: entry of the bare-metal test programs. Runs on CPU 0 at EL2
 * with the MMU off, installs an EL2 vector table that returns from HVC,
 * calls test_main, prints "s2test: done" and powers off through PSCI.
 * Anything unexpected prints a line saying so and powers off at once.
 */
#include "boot.h"

	.section .text.boot, "ax"
	.globl	_start
_start:
	mrs	x0, mpidr_el1
	tst	x0, #0xff
	b.ne	park			/* secondaries start powered off */
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	not_el2
	adr	x0, vectors
	msr	vbar_el2, x0
	isb
	ldr	x0, =stack_top
	mov	sp, x0
	bl	test_main
	adr	x0, msg_done
	bl	puts
	b	system_off

not_el2:
	adr	x0, msg_el
	bl	puts
	b	system_off

park:
	wfe
	b	park

	.globl	system_off
system_off:
	ldr	x0, =PSCI_SYSTEM_OFF
	smc	#0
	adr	x0, msg_off
	bl	puts
1:	wfi
	b	1b

/* puts(x0): clobbers x0-x2. */
	.globl	puts
puts:
	ldr	x1, =UART_DR
1:	ldrb	w2, [x0], #1
	cbz	w2, 2f
	strb	w2, [x1]
	b	1b
2:	ret

/* HVC from EL2 to EL2: return to the next instruction (6 instructions). */
el2_sync:
	mrs	x9, esr_el2
	lsr	x9, x9, #26
	cmp	x9, #0x16		/* EC: HVC from AArch64 */
	b.ne	unexpected
	eret

unexpected:
	adr	x0, msg_exc
	bl	puts
	b	system_off

	.macro	ventry, target
	.balign	0x80
	b	\target
	.endm

	.balign	0x800
vectors:
	.rept	4
	ventry	unexpected		/* current EL, SP_EL0 */
	.endr
	ventry	el2_sync		/* current EL, SP_ELx: synchronous */
	.rept	11
	ventry	unexpected		/* IRQ, FIQ, SError; lower ELs */
	.endr

	.section .rodata
msg_done:	.asciz	"s2test: done\n"
msg_el:		.asciz	"s2test: FAIL: not entered at EL2\n"
msg_exc:	.asciz	"s2test: FAIL: unexpected exception\n"
msg_off:	.asciz	"s2test: FAIL: PSCI SYSTEM_OFF returned\n"
