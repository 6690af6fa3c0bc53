/*
 * s2mark.h: window markers for the s2count QEMU plugin.
 *
 * A workload brackets what it wants measured with S2_MARK_START and
 * S2_MARK_STOP. Both are HINT instructions with immediates that the Arm
 * architecture leaves unallocated, so any CPU, QEMU with or without the
 * plugin, and every exception level execute them as NOPs. Linux uses no
 * HINT immediate above #0x28.
 *
 *   START  HINT #0x78   0xd5032f1f
 *   STOP   HINT #0x79   0xd5032f3f
 *
 * Usable from C (s2_mark_start()/s2_mark_stop()) and from assembly
 * (.S files: S2_MARK_START / S2_MARK_STOP on a line of their own).
 */
#ifndef S2MARK_H
#define S2MARK_H

#define S2_MARK_START_IMM	0x78
#define S2_MARK_STOP_IMM	0x79

/* HINT #imm: 0xd503201f with imm = CRm:op2 in bits [11:5]. */
#define S2_HINT_INSN(imm)	(0xd503201fu | ((imm) << 5))

#ifdef __ASSEMBLER__

#define S2_MARK_START	hint	#0x78
#define S2_MARK_STOP	hint	#0x79

#else

/* The clobber keeps the compiler from moving memory accesses across it. */
static inline void s2_mark_start(void)
{
	asm volatile("hint #0x78" ::: "memory");
}

static inline void s2_mark_stop(void)
{
	asm volatile("hint #0x79" ::: "memory");
}

#endif /* __ASSEMBLER__ */
#endif /* S2MARK_H */
