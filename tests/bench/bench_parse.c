/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark of the normaliser and parser: parses the sample messages over
 * and over in-process and prints messages per second, the median of several
 * runs. Usage: bench_parse SAMPLES.tsv [SECONDS_PER_RUN] [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"

struct sample {
	char *text;
	enum parse_role role;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads role and text of each row; returns the count (caller frees). */
static size_t load(const char *path, struct sample **out)
{
	FILE *f = fopen(path, "r");
	struct sample *v = NULL;
	char *line = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return 0;
	while (getline(&line, &cap, f) > 0) {
		char *tab = strchr(line, '\t'), *end;
		int role;
		if (!tab)
			continue;
		*tab = '\0';
		if ((role = parse_role_from_name(line)) < 0)
			continue; /* header */
		end = strchr(tab + 1, '\t');
		if (end)
			*end = '\0';
		v = realloc(v, (n + 1) * sizeof(*v));
		if (!v)
			abort();
		v[n].text = strdup(tab + 1);
		v[n++].role = (enum parse_role)role;
	}
	free(line);
	fclose(f);
	*out = v;
	return n;
}

/* Parses the samples round after round for secs; returns messages/s. */
static double run(const struct parse_options *opt, const struct sample *s, size_t n, double secs)
{
	const struct meeting_date today = {2025, 7, 10};
	double start = now(), elapsed;
	unsigned long count = 0;

	do {
		for (size_t i = 0; i < n; i++) {
			struct parse_result *r = NULL;
			if (parse_message(opt, s[i].text, strlen(s[i].text), s[i].role, today,
					  &r) != 0)
				abort();
			parse_result_free(r);
		}
		count += n;
		elapsed = now() - start;
	} while (elapsed < secs);
	return (double)count / elapsed;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct parse_options opt = {0};
	struct sample *s = NULL;
	double secs = argc > 2 ? atof(argv[2]) : 1.0, rates[31];
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	size_t n;

	if (argc < 2 || runs < 1 || runs > 31 || secs <= 0) {
		fprintf(stderr, "usage: bench_parse SAMPLES.tsv [SECONDS_PER_RUN] [RUNS<=31]\n");
		return 2;
	}
	if ((n = load(argv[1], &s)) == 0) {
		fprintf(stderr, "bench_parse: no samples in %s\n", argv[1]);
		return 1;
	}
	if (!(opt.keywords = keywords_new_default()))
		return 1;
	for (int i = 0; i < runs; i++) {
		rates[i] = run(&opt, s, n, secs);
		fprintf(stderr, "run %d: %.0f messages/s\n", i + 1, rates[i]);
	}
	qsort(rates, (size_t)runs, sizeof(rates[0]), cmp_double);
	printf("%zu samples, %d runs of %.1fs: median %.0f messages parsed per second\n", n, runs,
	       secs, rates[runs / 2]);
	keywords_free((struct keywords *)opt.keywords);
	for (size_t i = 0; i < n; i++)
		free(s[i].text);
	free(s);
	return 0;
}
