/*
 * Replaying a fuzzer's committed inputs without libFuzzer: the main() of
 * build/host/fuzz_NAME, built with the host compiler under ASan and UBSan
 * (so it needs no clang), which `make test` runs with the host unit tests.
 *
 * Two tests in hosttest.c's runner: "regressions" feeds every file of
 * tests/fuzz/NAME/regressions/ (the inputs that once found a defect) to the
 * harness's LLVMFuzzerTestOneInput, "corpus" every file of
 * tests/fuzz/NAME/corpus/ (the minimised seed corpus).  FUZZ_DIR, the
 * folder, comes from the Makefile; paths are relative to the repository's
 * top, where make runs.  A failing input is named on stderr: by the
 * harness's FUZZ_ASSERT, or by the sanitizer death callback below.
 */
#include <dirent.h>
#include <sanitizer/common_interface_defs.h>

#include "fuzz.h"

#ifndef FUZZ_DIR
#error "FUZZ_DIR (tests/fuzz/NAME) must be defined"
#endif

const char *fuzz_input_name;

static void name_failing_input(void)
{
	if (fuzz_input_name)
		fprintf(stderr, "fuzz replay: the report above is for input %s\n", fuzz_input_name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file into a malloc'd buffer of exactly its size; false if it cannot. */
static bool read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*size = n > 0 ? (size_t)n : 0;
	*data = malloc(*size ? *size : 1);
	if (!*data || fread(*data, 1, *size, f) != *size) {
		fclose(f);
		return false;
	}
	fclose(f);
	return true;
}

/* Replay every file of FUZZ_DIR/sub, in name order; a missing folder holds nothing. */
static void replay_dir(const char *sub)
{
	char dir[512], path[1024];
	char *names[4096];
	size_t n = 0;
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/%s", FUZZ_DIR, sub);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((d = readdir(dp)) && n < sizeof(names) / sizeof(names[0]))
		if (d->d_name[0] != '.')
			names[n++] = strdup(d->d_name);
	closedir(dp);
	qsort(names, n, sizeof(names[0]), by_name);
	__sanitizer_set_death_callback(name_failing_input);
	for (size_t i = 0; i < n; i++) {
		uint8_t *data;
		size_t size;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		free(names[i]);
		if (!CHECK_MSG(read_file(path, &data, &size), "cannot read %s", path))
			continue;
		fuzz_input_name = path;
		LLVMFuzzerTestOneInput(data, size);
		fuzz_input_name = NULL;
		free(data);
	}
}

TEST(regressions)
{
	host_set_timeout(60);
	replay_dir("regressions");
}

TEST(corpus)
{
	host_set_timeout(120);
	replay_dir("corpus");
}
