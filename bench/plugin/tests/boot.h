/*
 * boot.h: constants of the bare-metal test programs (QEMU -M virt).
 */
#ifndef S2TEST_BOOT_H
#define S2TEST_BOOT_H

#include "s2mark.h"

#define UART_DR			0x09000000	/* PL011 data register */

/* PSCI function IDs; the conduit is SMC with virtualization=on. */
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON		0xc4000003
#define PSCI_SYSTEM_OFF		0x84000008

#endif /* S2TEST_BOOT_H */
