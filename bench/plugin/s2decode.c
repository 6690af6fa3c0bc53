/*
 * s2decode.c: the A64 decode table of s2count, written from the Arm ARM
 * (A64 system instruction encodings: SYS, barriers, hints, exception
 * generation).
 *
 * System instructions: 1101 0101 00 L op0:2 op1:3 CRn:4 CRm:4 op2:3 Rt:5
 *   SYS (L=0, op0=01): CRn=7 cache maintenance and address translation,
 *                      CRn=8 TLBI, CRn=9 TLBI nXS (FEAT_XS)
 *   op0=00, op1=011:   CRn=2 HINT #(CRm:op2), CRn=3 barriers (CRm=option)
 */
#include <stdio.h>
#include <string.h>

#include "s2decode.h"
#include "s2mark.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

const char *const s2_class_name[S2_NR_CLASSES] = {
#define S2_NAME(id, name) [S2_##id] = name,
	S2_CLASSES(S2_NAME)
#undef S2_NAME
};

/* op1:CRn:CRm:op2, bits [18:5] of a SYS instruction. */
#define SYS_KEY(op1, crn, crm, op2) \
	((op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

struct sys_op {
	unsigned short key;
	short cls;
	const char *name;
};

#define TLBI(op1, crm, op2, name, cls) \
	{ SYS_KEY(op1, 8, crm, op2), S2_##cls, "tlbi " name }
#define SYS7(op1, crm, op2, name, cls) \
	{ SYS_KEY(op1, 7, crm, op2), cls, name }
#define DC(op1, crm, op2, name, cls)	SYS7(op1, crm, op2, "dc " name, S2_##cls)
#define IC(op1, crm, op2, name, cls)	SYS7(op1, crm, op2, "ic " name, S2_##cls)
#define AT(op1, crm, op2, name)		SYS7(op1, crm, op2, "at " name, S2_AT)

static const struct sys_op sys_ops[] = {
	/* TLBI, op1=0: EL1&0 regime */
	TLBI(0, 1, 0, "vmalle1os", VMALLE1OS),
	TLBI(0, 1, 1, "vae1os", S1_VA_OS),
	TLBI(0, 1, 2, "aside1os", S1_ASID_OS),
	TLBI(0, 1, 3, "vaae1os", S1_VA_OS),
	TLBI(0, 1, 5, "vale1os", S1_VA_OS),
	TLBI(0, 1, 7, "vaale1os", S1_VA_OS),
	TLBI(0, 2, 1, "rvae1is", S1_RANGE_IS),
	TLBI(0, 2, 3, "rvaae1is", S1_RANGE_IS),
	TLBI(0, 2, 5, "rvale1is", S1_RANGE_IS),
	TLBI(0, 2, 7, "rvaale1is", S1_RANGE_IS),
	TLBI(0, 3, 0, "vmalle1is", VMALLE1IS),
	TLBI(0, 3, 1, "vae1is", S1_VA_IS),
	TLBI(0, 3, 2, "aside1is", S1_ASID_IS),
	TLBI(0, 3, 3, "vaae1is", S1_VA_IS),
	TLBI(0, 3, 5, "vale1is", S1_VA_IS),
	TLBI(0, 3, 7, "vaale1is", S1_VA_IS),
	TLBI(0, 5, 1, "rvae1os", S1_RANGE_OS),
	TLBI(0, 5, 3, "rvaae1os", S1_RANGE_OS),
	TLBI(0, 5, 5, "rvale1os", S1_RANGE_OS),
	TLBI(0, 5, 7, "rvaale1os", S1_RANGE_OS),
	TLBI(0, 6, 1, "rvae1", S1_RANGE),
	TLBI(0, 6, 3, "rvaae1", S1_RANGE),
	TLBI(0, 6, 5, "rvale1", S1_RANGE),
	TLBI(0, 6, 7, "rvaale1", S1_RANGE),
	TLBI(0, 7, 0, "vmalle1", VMALLE1),
	TLBI(0, 7, 1, "vae1", S1_VA),
	TLBI(0, 7, 2, "aside1", S1_ASID),
	TLBI(0, 7, 3, "vaae1", S1_VA),
	TLBI(0, 7, 5, "vale1", S1_VA),
	TLBI(0, 7, 7, "vaale1", S1_VA),

	/* TLBI, op1=4: stage-2, whole VMID, EL1 all, EL2 regime */
	TLBI(4, 0, 1, "ipas2e1is", IPAS2E1IS),
	TLBI(4, 0, 2, "ripas2e1is", RIPAS2E1IS),
	TLBI(4, 0, 5, "ipas2le1is", IPAS2LE1IS),
	TLBI(4, 0, 6, "ripas2le1is", RIPAS2LE1IS),
	TLBI(4, 1, 0, "alle2os", EL2_OS),
	TLBI(4, 1, 1, "vae2os", EL2_OS),
	TLBI(4, 1, 4, "alle1os", ALLE1OS),
	TLBI(4, 1, 5, "vale2os", EL2_OS),
	TLBI(4, 1, 6, "vmalls12e1os", VMALLS12E1OS),
	TLBI(4, 2, 1, "rvae2is", EL2_IS),
	TLBI(4, 2, 5, "rvale2is", EL2_IS),
	TLBI(4, 3, 0, "alle2is", EL2_IS),
	TLBI(4, 3, 1, "vae2is", EL2_IS),
	TLBI(4, 3, 4, "alle1is", ALLE1IS),
	TLBI(4, 3, 5, "vale2is", EL2_IS),
	TLBI(4, 3, 6, "vmalls12e1is", VMALLS12E1IS),
	TLBI(4, 4, 0, "ipas2e1os", IPAS2E1OS),
	TLBI(4, 4, 1, "ipas2e1", IPAS2E1),
	TLBI(4, 4, 2, "ripas2e1", RIPAS2E1),
	TLBI(4, 4, 3, "ripas2e1os", RIPAS2E1OS),
	TLBI(4, 4, 4, "ipas2le1os", IPAS2LE1OS),
	TLBI(4, 4, 5, "ipas2le1", IPAS2LE1),
	TLBI(4, 4, 6, "ripas2le1", RIPAS2LE1),
	TLBI(4, 4, 7, "ripas2le1os", RIPAS2LE1OS),
	TLBI(4, 5, 1, "rvae2os", EL2_OS),
	TLBI(4, 5, 5, "rvale2os", EL2_OS),
	TLBI(4, 6, 1, "rvae2", EL2),
	TLBI(4, 6, 5, "rvale2", EL2),
	TLBI(4, 7, 0, "alle2", EL2),
	TLBI(4, 7, 1, "vae2", EL2),
	TLBI(4, 7, 4, "alle1", ALLE1),
	TLBI(4, 7, 5, "vale2", EL2),
	TLBI(4, 7, 6, "vmalls12e1", VMALLS12E1),

	/* TLBI, op1=6: EL3 regime and RME physical address ops */
	TLBI(6, 1, 0, "alle3os", EL3),
	TLBI(6, 1, 1, "vae3os", EL3),
	TLBI(6, 1, 4, "paallos", EL3),
	TLBI(6, 1, 5, "vale3os", EL3),
	TLBI(6, 2, 1, "rvae3is", EL3),
	TLBI(6, 2, 5, "rvale3is", EL3),
	TLBI(6, 3, 0, "alle3is", EL3),
	TLBI(6, 3, 1, "vae3is", EL3),
	TLBI(6, 3, 5, "vale3is", EL3),
	TLBI(6, 4, 3, "rpaos", EL3),
	TLBI(6, 4, 7, "rpalos", EL3),
	TLBI(6, 5, 1, "rvae3os", EL3),
	TLBI(6, 5, 5, "rvale3os", EL3),
	TLBI(6, 6, 1, "rvae3", EL3),
	TLBI(6, 6, 5, "rvale3", EL3),
	TLBI(6, 7, 0, "alle3", EL3),
	TLBI(6, 7, 1, "vae3", EL3),
	TLBI(6, 7, 4, "paall", EL3),
	TLBI(6, 7, 5, "vale3", EL3),

	/* CRn=7, op1=0 */
	IC(0, 1, 0, "ialluis", IC_IALLUIS),
	IC(0, 5, 0, "iallu", IC_IALLU),
	DC(0, 6, 1, "ivac", DC_IVAC),
	DC(0, 6, 2, "isw", DC_SETWAY),
	DC(0, 6, 3, "igvac", DC_TAG),
	DC(0, 6, 4, "igsw", DC_SETWAY),
	DC(0, 6, 5, "igdvac", DC_TAG),
	DC(0, 6, 6, "igdsw", DC_SETWAY),
	AT(0, 8, 0, "s1e1r"),
	AT(0, 8, 1, "s1e1w"),
	AT(0, 8, 2, "s1e0r"),
	AT(0, 8, 3, "s1e0w"),
	AT(0, 9, 0, "s1e1rp"),
	AT(0, 9, 1, "s1e1wp"),
	DC(0, 10, 2, "csw", DC_SETWAY),
	DC(0, 10, 4, "cgsw", DC_SETWAY),
	DC(0, 10, 6, "cgdsw", DC_SETWAY),
	DC(0, 14, 2, "cisw", DC_SETWAY),
	DC(0, 14, 4, "cigsw", DC_SETWAY),
	DC(0, 14, 6, "cigdsw", DC_SETWAY),

	/* CRn=7, op1=1: branch record buffer; not counted */
	SYS7(1, 2, 4, "brb iall", S2_NONE),
	SYS7(1, 2, 5, "brb inj", S2_NONE),

	/* CRn=7, op1=3: by VA, EL0-accessible */
	SYS7(3, 3, 4, "cfp rctx", S2_NONE),
	SYS7(3, 3, 5, "dvp rctx", S2_NONE),
	SYS7(3, 3, 6, "cosp rctx", S2_NONE),
	SYS7(3, 3, 7, "cpp rctx", S2_NONE),
	DC(3, 4, 1, "zva", DC_ZVA),
	DC(3, 4, 3, "gva", DC_TAG),
	DC(3, 4, 4, "gzva", DC_TAG),
	IC(3, 5, 1, "ivau", IC_IVAU),
	DC(3, 10, 1, "cvac", DC_CVAC),
	DC(3, 10, 3, "cgvac", DC_TAG),
	DC(3, 10, 5, "cgdvac", DC_TAG),
	DC(3, 11, 1, "cvau", DC_CVAU),
	DC(3, 12, 1, "cvap", DC_CVAP),
	DC(3, 12, 3, "cgvap", DC_TAG),
	DC(3, 12, 5, "cgdvap", DC_TAG),
	DC(3, 13, 1, "cvadp", DC_CVADP),
	DC(3, 13, 3, "cgvadp", DC_TAG),
	DC(3, 13, 5, "cgdvadp", DC_TAG),
	DC(3, 14, 1, "civac", DC_CIVAC),
	DC(3, 14, 3, "cigvac", DC_TAG),
	DC(3, 14, 5, "cigdvac", DC_TAG),

	/* CRn=7, op1=4: EL2 */
	AT(4, 8, 0, "s1e2r"),
	AT(4, 8, 1, "s1e2w"),
	AT(4, 8, 4, "s12e1r"),
	AT(4, 8, 5, "s12e1w"),
	AT(4, 8, 6, "s12e0r"),
	AT(4, 8, 7, "s12e0w"),
	DC(4, 14, 0, "cipae", DC_PA),
	DC(4, 14, 7, "cigdpae", DC_PA),

	/* CRn=7, op1=6: EL3 */
	AT(6, 8, 0, "s1e3r"),
	AT(6, 8, 1, "s1e3w"),
	DC(6, 14, 1, "cipapa", DC_PA),
	DC(6, 14, 5, "cigdpapa", DC_PA),
};

/* Barrier options by CRm; NULL: reserved (SSBB and PSSBB are DSB #0, #4). */
static const char *const barrier_opt[16] = {
	[1] = "oshld", [2] = "oshst", [3] = "osh",
	[5] = "nshld", [6] = "nshst", [7] = "nsh",
	[9] = "ishld", [10] = "ishst", [11] = "ish",
	[13] = "ld", [14] = "st", [15] = "sy",
};

static const short dsb_class[16] = {
	[0] = S2_SSBB, [4] = S2_PSSBB,
	[8] = S2_DSB_RESERVED, [12] = S2_DSB_RESERVED,
	[1] = S2_DSB_OSHLD, [2] = S2_DSB_OSHST, [3] = S2_DSB_OSH,
	[5] = S2_DSB_NSHLD, [6] = S2_DSB_NSHST, [7] = S2_DSB_NSH,
	[9] = S2_DSB_ISHLD, [10] = S2_DSB_ISHST, [11] = S2_DSB_ISH,
	[13] = S2_DSB_LD, [14] = S2_DSB_ST, [15] = S2_DSB_SY,
};

static const short dmb_class[16] = {
	[0] = S2_DMB_RESERVED, [4] = S2_DMB_RESERVED,
	[8] = S2_DMB_RESERVED, [12] = S2_DMB_RESERVED,
	[1] = S2_DMB_OSHLD, [2] = S2_DMB_OSHST, [3] = S2_DMB_OSH,
	[5] = S2_DMB_NSHLD, [6] = S2_DMB_NSHST, [7] = S2_DMB_NSH,
	[9] = S2_DMB_ISHLD, [10] = S2_DMB_ISHST, [11] = S2_DMB_ISH,
	[13] = S2_DMB_LD, [14] = S2_DMB_ST, [15] = S2_DMB_SY,
};

static const struct sys_op *sys_lookup(unsigned int key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sys_ops); i++)
		if (sys_ops[i].key == key)
			return &sys_ops[i];
	return NULL;
}

static int decode_sys(uint32_t insn, char *name, size_t len)
{
	unsigned int crn = (insn >> 12) & 0xf;
	unsigned int key = (insn >> 5) & 0x3fff;
	const struct sys_op *op;
	int nxs = 0;

	if (crn == 9) {
		/* FEAT_XS: TLBI <op>nXS is TLBI <op> with CRn=9; folded. */
		key = (key & ~(0xf << 7)) | (8 << 7);
		nxs = 1;
		crn = 8;
	}
	if (crn != 7 && crn != 8)
		return S2_NONE;

	op = sys_lookup(key);
	if (op && (!nxs || strncmp(op->name, "tlbi ", 5) == 0)) {
		if (name)
			snprintf(name, len, "%s%s", op->name, nxs ? "nxs" : "");
		return op->cls;
	}
	if (name)
		snprintf(name, len, "?");
	return crn == 8 ? S2_TLBI_OTHER : S2_SYS_C7_OTHER;
}

static int decode_barrier(uint32_t insn, char *name, size_t len)
{
	unsigned int crm = (insn >> 8) & 0xf;
	unsigned int op2 = (insn >> 5) & 0x7;
	const char *opt = barrier_opt[crm];

	switch (op2) {
	case 1:
		/* DSB <option>nXS: CRm = imm2:10, imm2 = OSH, NSH, ISH, SY */
		if ((crm & 3) != 2)
			break;
		opt = barrier_opt[(crm & ~3) | 3];
		if (name)
			snprintf(name, len, "dsb %snxs", opt);
		return dsb_class[(crm & ~3) | 3];
	case 4:
		if (name) {
			if (crm == 0)
				snprintf(name, len, "ssbb");
			else if (crm == 4)
				snprintf(name, len, "pssbb");
			else if (opt)
				snprintf(name, len, "dsb %s", opt);
			else
				snprintf(name, len, "dsb #0x%02x", crm);
		}
		return dsb_class[crm];
	case 5:
		if (name) {
			if (opt)
				snprintf(name, len, "dmb %s", opt);
			else
				snprintf(name, len, "dmb #0x%02x", crm);
		}
		return dmb_class[crm];
	case 6:
		if (name)
			snprintf(name, len, crm == 15 ? "isb" : "isb #0x%x", crm);
		return S2_ISB;
	}
	return S2_NONE;
}

int s2_decode(uint32_t insn, char *name, size_t len)
{
	if (name && len)
		name[0] = '\0';

	/* SYS: 1101 0101 0000 1xxx ... */
	if ((insn & 0xfff80000) == 0xd5080000)
		return decode_sys(insn, name, len);

	/* HINT #imm */
	if ((insn & 0xfffff01f) == 0xd503201f) {
		switch ((insn >> 5) & 0x7f) {
		case S2_MARK_START_IMM:
			if (name)
				snprintf(name, len, "s2 start");
			return S2_START;
		case S2_MARK_STOP_IMM:
			if (name)
				snprintf(name, len, "s2 stop");
			return S2_STOP;
		}
		return S2_NONE;
	}

	/* Barriers: CRn=3, op1=3, Rt=11111 */
	if ((insn & 0xfffff01f) == 0xd503301f)
		return decode_barrier(insn, name, len);

	/* Exception generation: 1101 0100 000 imm16 000 LL */
	if ((insn & 0xffe0001f) == 0xd4000002) {
		if (name)
			snprintf(name, len, "hvc");
		return S2_HVC;
	}
	if ((insn & 0xffe0001f) == 0xd4000003) {
		if (name)
			snprintf(name, len, "smc");
		return S2_SMC;
	}
	return S2_NONE;
}
