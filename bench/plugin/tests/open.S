/*
 * open.S: a window that is still open when the machine powers off
 * (plugin/unterminated): it is reported, flagged as unterminated.
 */
#include "boot.h"

	.text
	.globl	test_main
test_main:
	mov	x20, x30
	S2_MARK_START
	bl	seq
	ret	x20			/* then "done" and SYSTEM_OFF */
