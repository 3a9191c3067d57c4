/*
 * conf-parse-time - parse one named.conf (includes, schema validation,
 * no semantic checks) and print the CPU seconds it took; the parser half
 * of test/bench/bench-conf.sh.
 *
 *	conf-parse-time FILE
 */
#include <stdio.h>
#include <time.h>

#include "config/ast.h"

int
main(int argc, char **argv) {
	if (argc != 2) {
		fprintf(stderr, "usage: conf-parse-time FILE\n");
		return 2;
	}
	clock_t start = clock();
	conf_tree_t *tree = NULL;
	result_t r = conf_parse_file(argv[1], NULL, &tree, conf_log_stderr,
				     NULL);
	clock_t end = clock();
	if (r != R_OK) {
		return 1;
	}
	printf("%.3f\n", (double)(end - start) / CLOCKS_PER_SEC);
	conf_tree_free(&tree);
	return 0;
}
