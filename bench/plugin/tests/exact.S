/*
 * exact.S: the known sequence once before, once inside and once after a
 * window (checks plugin/exact-count and plugin/window). The markers sit
 * in the middle of translation blocks, between counted nops, so the
 * window must start and stop exactly at them.
 */
#include "boot.h"

	.text
	.globl	test_main
test_main:
	mov	x20, x30
	bl	seq			/* before the window */
	nop
	nop
	S2_MARK_START
	nop				/* the window: nop, bl, seq, nop */
	bl	seq
	nop
	S2_MARK_STOP
	nop
	nop
	bl	seq			/* after the window */
	ret	x20
