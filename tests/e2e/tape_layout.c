// SPDX-License-Identifier: BSD-2-Clause
/*
 * e2e_tape_layout IMAGE - print a virtual cartridge's layout on one line,
 * runs of equal records compressed: "9x10240 FM 7x10240 FM EOD".
 * The e2e scenarios compare it with what the programs should have left.
 */
#include <stdint.h>
#include <stdio.h>

#include <sttape/vdrive.h>

struct run {
	uint32_t len;
	uint64_t count;
	int open;
};

static void flush_run(struct run *r)
{
	if (!r->open)
		return;
	if (r->count > 1)
		printf("%llux%u ", (unsigned long long)r->count, r->len);
	else
		printf("%u ", r->len);
	r->open = 0;
}

static int each(const struct sttape_vdrive_object *o, void *arg)
{
	struct run *r = arg;

	if (o->filemark) {
		flush_run(r);
		printf("FM ");
		return 0;
	}
	if (r->open && r->len == o->length) {
		r->count++;
		return 0;
	}
	flush_run(r);
	r->open = 1;
	r->len = o->length;
	r->count = 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sttape_vdrive_image_info info;
	struct run r = {0, 0, 0};
	char why[256] = "";
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: e2e_tape_layout IMAGE\n");
		return 2;
	}
	err = sttape_vdrive_image_walk(argv[1], &info, each, &r, why,
				       sizeof(why));
	flush_run(&r);
	printf("EOD\n");
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[1], why);
		return 1;
	}
	return 0;
}
