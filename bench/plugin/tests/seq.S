/*
 * seq.S: the known sequence, a function the tests call inside and outside
 * windows. Execution counts per call are in the comments, the totals in
 * the .expect files. Loops make executed counts differ from static ones.
 */
#include "boot.h"

	.text
	.globl	seq
seq:					/* insns, executed */
	adr	x1, buf			/*  1 */
	mov	x2, #7			/*  1 */
1:	dc	civac, x1		/* 28: 7 x 4 */
	add	x1, x1, #64
	subs	x2, x2, #1
	b.ne	1b
	tlbi	vmalls12e1is		/*  3 */
	tlbi	vmalls12e1is
	tlbi	vmalls12e1is
	mov	x0, #0x100		/*  1 */
	mov	x2, #2			/*  1 */
2:	tlbi	ipas2e1is, x0		/*  8: 2 x 4 */
	hvc	#0			/* 12: 2 x 6 in the vector (boot.S) */
	subs	x2, x2, #1
	b.ne	2b
	dsb	ishst			/*  1 */
	mov	x2, #4			/*  1 */
3:	dsb	ish			/* 16: 4 x 4 */
	isb
	subs	x2, x2, #1
	b.ne	3b
	dsb	ish			/*  1 */

	/* One of each of some more classes. */
	adr	x1, buf			/*  1 */
	tlbi	ipas2le1is, x0		/* 17 */
	tlbi	ripas2e1is, x0
	tlbi	ripas2le1is, x0
	tlbi	ipas2e1, x0
	tlbi	vmalls12e1
	tlbi	vmalle1is
	tlbi	vmalle1
	tlbi	alle1is
	tlbi	vae1is, x0
	tlbi	vale1is, x0
	tlbi	rvae1is, x0
	dsb	sy
	dsb	nsh
	dmb	ish
	ic	ialluis
	ic	iallu
	ic	ivau, x1
	dc	cvac, x1		/*  4 */
	dc	cvau, x1
	dc	cvap, x1
	dc	ivac, x1
	ret				/*  1 */
					/* 97 in all */

	.bss
	.balign	64
buf:	.skip	64 * 8
