/* SPDX-License-Identifier: BSD-2-Clause */
#include <sttape/version.h>

const char *sttape_version(void)
{
	return STTAPE_VERSION_STRING;
}
