/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape-image - create, list and check virtual tape cartridges
 * (sttape-image(5)), the image files of the vdrive: transport.
 *
 *   sttape-image create PATH [--size SIZE] [--profile NAME]
 *   sttape-image list [--all] PATH
 *   sttape-image check PATH
 *
 * Exit status: 0 success, 1 damaged image or failure, 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sttape/vdrive.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: sttape-image create PATH [--size SIZE] [--profile "
		   "NAME]\n"
		   "       sttape-image list [--all] PATH\n"
		   "       sttape-image check PATH\n"
		   "SIZE takes K, M, G or T (powers of 1024); default 1G.\n"
		   "NAME is one of atapi, dds, lto (default), qic.\n");
}

static int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{"size", required_argument, NULL, 's'},
		{"profile", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *profile = "lto";
	uint64_t size = 1ull << 30;
	char why[512];
	int c, rc;

	while ((c = getopt_long(argc, argv, "s:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (sttape_vdrive_parse_size(optarg, &size)) {
				fprintf(stderr,
					"sttape-image: bad size \"%s\"\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			/* Checked (with the minimum size) by the library. */
			profile = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	rc = sttape_vdrive_image_create(argv[optind], size, profile, why,
					sizeof(why));
	if (rc) {
		fprintf(stderr, "sttape-image: %s\n", why);
		return rc == -EINVAL ? 2 : 1; /* a bad argument: usage error */
	}
	return 0;
}

/* Runs of equal-size records are printed as one line unless --all. */
struct lister {
	bool all;
	uint64_t file;
	uint64_t run_first, run_count;
	uint32_t run_len;
	bool at_file_start;
};

static void flush_run(struct lister *l)
{
	if (!l->run_count)
		return;
	if (l->run_count == 1)
		printf("  object %" PRIu64 ": record of %" PRIu32 " bytes\n",
		       l->run_first, l->run_len);
	else
		printf("  objects %" PRIu64 "-%" PRIu64 ": %" PRIu64
		       " records of %" PRIu32 " bytes\n",
		       l->run_first, l->run_first + l->run_count - 1,
		       l->run_count, l->run_len);
	l->run_count = 0;
}

static int list_one(const struct sttape_vdrive_object *o, void *arg)
{
	struct lister *l = arg;

	if (l->at_file_start) {
		printf("file %" PRIu64 ":\n", l->file);
		l->at_file_start = false;
	}
	if (o->filemark) {
		flush_run(l);
		printf("  object %" PRIu64 ": filemark\n", o->number);
		l->file++;
		l->at_file_start = true;
		return 0;
	}
	if (!l->all && l->run_count && o->length == l->run_len) {
		l->run_count++;
		return 0;
	}
	flush_run(l);
	l->run_first = o->number;
	l->run_len = o->length;
	l->run_count = 1;
	if (l->all)
		flush_run(l);
	return 0;
}

static void summary(const char *path,
		    const struct sttape_vdrive_image_info *info)
{
	printf("%s: profile %s, capacity %" PRIu64 " bytes, %" PRIu64
	       " bytes used, %" PRIu64 " objects, %" PRIu64 " filemarks\n",
	       path, info->profile, info->capacity, info->eod_offset - 4096,
	       info->objects, info->filemarks);
}

static int cmd_list(int argc, char **argv)
{
	struct sttape_vdrive_image_info info;
	struct lister l = {.at_file_start = true};
	char why[512];
	int i = 1, rc;

	if (i < argc && !strcmp(argv[i], "--all")) {
		l.all = true;
		i++;
	}
	if (i != argc - 1) {
		usage(stderr);
		return 2;
	}
	rc = sttape_vdrive_image_walk(argv[i], &info, list_one, &l, why,
				      sizeof(why));
	flush_run(&l);
	if (rc) {
		fprintf(stderr, "sttape-image: %s\n", why);
		return 1;
	}
	printf("end of data: object %" PRIu64 " (offset %" PRIu64 ")\n",
	       info.objects, info.eod_offset);
	if (info.torn_tail)
		printf("note: an interrupted last write at offset %" PRIu64
		       " is discarded when the image is opened\n",
		       info.eod_offset);
	summary(argv[i], &info);
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	struct sttape_vdrive_image_info info;
	char why[512];

	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	if (sttape_vdrive_image_walk(argv[1], &info, NULL, NULL, why,
				     sizeof(why))) {
		fprintf(stderr, "sttape-image: %s\n", why);
		return 1;
	}
	if (info.torn_tail)
		printf("%s: interrupted last write at offset %" PRIu64
		       " (discarded at open)\n",
		       argv[1], info.eod_offset);
	summary(argv[1], &info);
	printf("%s: ok\n", argv[1]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	fprintf(stderr, "sttape-image: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
