/*
 * smp.S: two vCPUs. CPU 0 opens the window, CPU 1 executes the counted
 * instructions and closes it (plugin/smp). The spin loops execute only
 * loads, stores and branches, so only CPU 1's instructions are counted
 * in a class.
 */
#include "boot.h"

#define READY	0
#define GO	4
#define DONE	8

	.text
	.globl	test_main
test_main:
	mov	x20, x30
	ldr	x0, =PSCI_CPU_ON
	mov	x1, #1			/* MPIDR of CPU 1 */
	adr	x2, secondary
	mov	x3, #0
	smc	#0
	cbnz	x0, cpu_on_failed
	adr	x1, flags
1:	ldr	w2, [x1, #READY]
	cbz	w2, 1b
	S2_MARK_START
	mov	w2, #1
	str	w2, [x1, #GO]
2:	ldr	w2, [x1, #DONE]
	cbz	w2, 2b
	ret	x20

cpu_on_failed:
	adr	x0, msg_cpu_on
	bl	puts
	b	system_off

secondary:
	adr	x1, flags
	mov	w2, #1
	str	w2, [x1, #READY]
1:	ldr	w2, [x1, #GO]
	cbz	w2, 1b
	tlbi	vmalle1is
	tlbi	vmalle1is
	tlbi	vmalle1is
	dsb	ish
	S2_MARK_STOP
	mov	w2, #1
	str	w2, [x1, #DONE]
2:	wfi
	b	2b

	.section .rodata
msg_cpu_on:	.asciz	"s2test: FAIL: PSCI CPU_ON failed\n"

	.bss
	.balign	16
flags:	.skip	16
