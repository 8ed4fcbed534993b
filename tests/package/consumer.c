/* SPDX-License-Identifier: BSD-2-Clause */
/* A program outside the tree that links the installed libsttape. */
#include <stdio.h>
#include <string.h>

#include <sttape/sttape.h>

int main(void)
{
	uint8_t cdb[STTAPE_CDB_MAX];

	/* REWIND with IMMED: 01 01 00 00 00 00 (SSC-4 REWIND). */
	if (sttape_cdb_rewind(cdb, true) != 6 || cdb[0] != 0x01 || cdb[1] != 1)
		return 1;
	printf("libsttape %s\n", sttape_version());
	return strcmp(sttape_version(), STTAPE_VERSION_STRING) != 0;
}
