/*
 * s2decode: run the s2count decoder on the host, for tests and for reading.
 *
 *   s2decode --classes    print every report class name, one a line
 *   s2decode < words      for each hex instruction word on stdin print
 *                         "WORD CLASS MNEMONIC" (CLASS "-" if not counted,
 *                         "start"/"stop" for the markers)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s2decode.h"

int main(int argc, char **argv)
{
	char line[64], name[64];
	unsigned long word;
	const char *cls;
	char *end;
	int i, c;

	if (argc == 2 && strcmp(argv[1], "--classes") == 0) {
		for (i = 0; i < S2_NR_CLASSES; i++)
			printf("%s\n", s2_class_name[i]);
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: s2decode [--classes] < hex-words\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		word = strtoul(line, &end, 16);
		if (end == line || word > 0xffffffffUL) {
			fprintf(stderr, "s2decode: bad word: %s", line);
			return 1;
		}
		c = s2_decode((uint32_t)word, name, sizeof(name));
		if (c >= 0)
			cls = s2_class_name[c];
		else if (c == S2_START)
			cls = "start";
		else if (c == S2_STOP)
			cls = "stop";
		else
			cls = "-";
		printf("%08lx %s %s\n", word, cls, name[0] ? name : "-");
	}
	return 0;
}
