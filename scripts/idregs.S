/*
 * idregs.S: a bare-metal program for QEMU -M virt (scripts/cpus.sh). Entered at
 * EL2 (virtualization=on, no firmware), it prints CurrentEL and the ID
 * registers that say which translation granules and PA sizes the CPU
 * implements on the PL011 UART, then powers off through PSCI (SMC conduit).
 */
	.text
	.globl	_start
_start:
	mov	x19, #0x09000000		/* PL011 data register of -M virt */
	adr	x1, s_el
	bl	puts
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	bl	puthex
	adr	x1, s_mmfr0
	bl	puts
	mrs	x0, id_aa64mmfr0_el1
	bl	puthex
	adr	x1, s_mmfr1
	bl	puts
	mrs	x0, id_aa64mmfr1_el1
	bl	puthex
	adr	x1, s_mmfr2
	bl	puts
	mrs	x0, id_aa64mmfr2_el1
	bl	puthex
	adr	x1, s_isar0
	bl	puts
	mrs	x0, id_aa64isar0_el1
	bl	puthex
	adr	x1, s_end
	bl	puts
	movz	x0, #0x0008
	movk	x0, #0x8400, lsl #16		/* PSCI SYSTEM_OFF */
	smc	#0
1:	wfe
	b	1b

puts:	/* x1: NUL-terminated string */
	ldrb	w2, [x1], #1
	cbz	w2, 2f
	strb	w2, [x19]
	b	puts
2:	ret

puthex:	/* x0: 16 hex digits */
	mov	x3, #60
3:	lsr	x2, x0, x3
	and	x2, x2, #0xf
	cmp	x2, #10
	add	x4, x2, #'0'
	add	x5, x2, #('a' - 10)
	csel	x2, x4, x5, lt
	strb	w2, [x19]
	subs	x3, x3, #4
	b.ge	3b
	ret

s_el:	.asciz	"IDREGS el="
s_mmfr0: .asciz	" mmfr0="
s_mmfr1: .asciz	" mmfr1="
s_mmfr2: .asciz	" mmfr2="
s_isar0: .asciz	" isar0="
s_end:	.asciz	"\n"
