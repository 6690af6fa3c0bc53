/*
 * nomark.S: the known sequence without any marker (plugin/no-markers).
 */
#include "boot.h"

	.text
	.globl	test_main
test_main:
	mov	x20, x30
	bl	seq
	ret	x20
