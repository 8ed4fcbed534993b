/* SPDX-License-Identifier: BSD-2-Clause */
/* vdrive.c - placeholder until the device model lands. */
#include <errno.h>
#include <stdio.h>

#include <sttape/vdrive.h>

int sttape_vdrive_transport_open(const char *spec,
				 struct sttape_transport **out, char *why,
				 size_t why_len)
{
	*out = NULL;
	if (why && why_len)
		snprintf(why, why_len, "vdrive: not implemented yet");
	return -ENOSYS;
}

struct sttape_vdrive *sttape_vdrive_of(struct sttape_transport *t)
{
	return NULL;
}
