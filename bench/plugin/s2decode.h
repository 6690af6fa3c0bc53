/*
 * s2decode.h: classify A64 instruction words for s2count.
 *
 * The classes are the report's class names. Which Arm ARM operation goes
 * into which class is the table in s2decode.c; README.md lists it.
 */
#ifndef S2DECODE_H
#define S2DECODE_H

#include <stddef.h>
#include <stdint.h>

#define S2_CLASSES(X)						\
	X(INSNS,		"insns")			\
	/* Stage-2 by IPA, and by IPA range (FEAT_TLBIRANGE) */	\
	X(IPAS2E1IS,		"tlbi.ipas2e1is")		\
	X(IPAS2LE1IS,		"tlbi.ipas2le1is")		\
	X(RIPAS2E1IS,		"tlbi.ripas2e1is")		\
	X(RIPAS2LE1IS,		"tlbi.ripas2le1is")		\
	X(IPAS2E1,		"tlbi.ipas2e1")			\
	X(IPAS2LE1,		"tlbi.ipas2le1")		\
	X(RIPAS2E1,		"tlbi.ripas2e1")		\
	X(RIPAS2LE1,		"tlbi.ripas2le1")		\
	X(IPAS2E1OS,		"tlbi.ipas2e1os")		\
	X(IPAS2LE1OS,		"tlbi.ipas2le1os")		\
	X(RIPAS2E1OS,		"tlbi.ripas2e1os")		\
	X(RIPAS2LE1OS,		"tlbi.ripas2le1os")		\
	/* Whole VMID, whole EL1&0 regime */			\
	X(VMALLS12E1IS,		"tlbi.vmalls12e1is")		\
	X(VMALLS12E1,		"tlbi.vmalls12e1")		\
	X(VMALLS12E1OS,		"tlbi.vmalls12e1os")		\
	X(VMALLE1IS,		"tlbi.vmalle1is")		\
	X(VMALLE1,		"tlbi.vmalle1")			\
	X(VMALLE1OS,		"tlbi.vmalle1os")		\
	X(ALLE1IS,		"tlbi.alle1is")			\
	X(ALLE1,		"tlbi.alle1")			\
	X(ALLE1OS,		"tlbi.alle1os")			\
	/* Stage-1 EL1&0 (EL2&0 under VHE) by VA, VA range, ASID */	\
	X(S1_VA_IS,		"tlbi.s1.va.is")		\
	X(S1_VA,		"tlbi.s1.va")			\
	X(S1_VA_OS,		"tlbi.s1.va.os")		\
	X(S1_RANGE_IS,		"tlbi.s1.range.is")		\
	X(S1_RANGE,		"tlbi.s1.range")		\
	X(S1_RANGE_OS,		"tlbi.s1.range.os")		\
	X(S1_ASID_IS,		"tlbi.s1.asid.is")		\
	X(S1_ASID,		"tlbi.s1.asid")			\
	X(S1_ASID_OS,		"tlbi.s1.asid.os")		\
	/* EL2 regime (nVHE hyp's own stage-1), EL3 and RME */	\
	X(EL2_IS,		"tlbi.el2.is")			\
	X(EL2,			"tlbi.el2")			\
	X(EL2_OS,		"tlbi.el2.os")			\
	X(EL3,			"tlbi.el3")			\
	X(TLBI_OTHER,		"tlbi.other")			\
	/* Data synchronization barriers, by option */		\
	X(DSB_SY,		"dsb.sy")			\
	X(DSB_ST,		"dsb.st")			\
	X(DSB_LD,		"dsb.ld")			\
	X(DSB_ISH,		"dsb.ish")			\
	X(DSB_ISHST,		"dsb.ishst")			\
	X(DSB_ISHLD,		"dsb.ishld")			\
	X(DSB_NSH,		"dsb.nsh")			\
	X(DSB_NSHST,		"dsb.nshst")			\
	X(DSB_NSHLD,		"dsb.nshld")			\
	X(DSB_OSH,		"dsb.osh")			\
	X(DSB_OSHST,		"dsb.oshst")			\
	X(DSB_OSHLD,		"dsb.oshld")			\
	X(DSB_RESERVED,		"dsb.reserved")			\
	X(SSBB,			"ssbb")				\
	X(PSSBB,		"pssbb")			\
	/* Data memory barriers, by option */			\
	X(DMB_SY,		"dmb.sy")			\
	X(DMB_ST,		"dmb.st")			\
	X(DMB_LD,		"dmb.ld")			\
	X(DMB_ISH,		"dmb.ish")			\
	X(DMB_ISHST,		"dmb.ishst")			\
	X(DMB_ISHLD,		"dmb.ishld")			\
	X(DMB_NSH,		"dmb.nsh")			\
	X(DMB_NSHST,		"dmb.nshst")			\
	X(DMB_NSHLD,		"dmb.nshld")			\
	X(DMB_OSH,		"dmb.osh")			\
	X(DMB_OSHST,		"dmb.oshst")			\
	X(DMB_OSHLD,		"dmb.oshld")			\
	X(DMB_RESERVED,		"dmb.reserved")			\
	X(ISB,			"isb")				\
	/* Data cache maintenance by VA, and the rest lumped */	\
	X(DC_CIVAC,		"dc.civac")			\
	X(DC_CVAC,		"dc.cvac")			\
	X(DC_CVAU,		"dc.cvau")			\
	X(DC_IVAC,		"dc.ivac")			\
	X(DC_ZVA,		"dc.zva")			\
	X(DC_CVAP,		"dc.cvap")			\
	X(DC_CVADP,		"dc.cvadp")			\
	X(DC_TAG,		"dc.tag")			\
	X(DC_SETWAY,		"dc.setway")			\
	X(DC_PA,		"dc.pa")			\
	X(IC_IALLUIS,		"ic.ialluis")			\
	X(IC_IALLU,		"ic.iallu")			\
	X(IC_IVAU,		"ic.ivau")			\
	X(AT,			"at")				\
	X(SYS_C7_OTHER,		"sys.c7.other")			\
	/* Exception generation */				\
	X(HVC,			"hvc")				\
	X(SMC,			"smc")

enum s2_class {
#define S2_ENUM(id, name) S2_##id,
	S2_CLASSES(S2_ENUM)
#undef S2_ENUM
	S2_NR_CLASSES
};

/* s2_decode() results that are not a class. */
#define S2_NONE		(-1)	/* not counted */
#define S2_START	(-2)	/* window start marker */
#define S2_STOP		(-3)	/* window stop marker */

extern const char *const s2_class_name[S2_NR_CLASSES];

/*
 * Classify one A64 instruction word: a class (never S2_INSNS), S2_NONE,
 * S2_START or S2_STOP. If name is not NULL, also write the Arm ARM
 * mnemonic of what was recognised (e.g. "tlbi vmalls12e1is", "dsb ish")
 * or "?" for an unallocated encoding in a decoded space, "" otherwise.
 */
int s2_decode(uint32_t insn, char *name, size_t len);

#endif /* S2DECODE_H */
