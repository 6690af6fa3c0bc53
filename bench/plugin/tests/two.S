/*
 * two.S: two windows with different contents, separated by counted
 * instructions, plus a STOP outside a window and a second START inside
 * one, which are both ignored (plugin/two-windows).
 */
#include "boot.h"

	.text
	.globl	test_main
test_main:
	mov	x20, x30
	S2_MARK_STOP			/* ignored: no window open */
	S2_MARK_START			/* window 1: 3 insns */
	tlbi	vmalle1is
	tlbi	vmalle1is
	dsb	ish
	S2_MARK_STOP
	tlbi	alle1is			/* between the windows */
	dsb	sy
	S2_MARK_START			/* window 2: 17 insns */
	S2_MARK_START			/* ignored: window open */
	mov	x2, #3			/*  1 */
1:	isb				/*  9: 3 x 3 */
	subs	x2, x2, #1
	b.ne	1b
	hvc	#0			/*  7: with the vector's 6 */
	S2_MARK_STOP
	tlbi	alle1is			/* after the windows */
	dsb	sy
	ret	x20
