/*
 * fuzz_command: any bytes as a command line in any mode (the first byte
 * picks the mode), through the matcher, `?` help and TAB completion, as
 * the shell calls them for every key.
 */
#include <stdint.h>
#include <string.h>

#include "../../grammar/gram.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gram_match m;
	static struct gram_help h;
	static struct gram_completion c;
	char line[GRAM_LINE_MAX + 64];
	enum gram_mode mode;

	if (size < 1)
		return 0;
	mode = (enum gram_mode)(data[0] % M_MODE_COUNT);
	data++;
	size--;
	if (size >= sizeof(line))
		size = sizeof(line) - 1;
	memcpy(line, data, size);
	line[size] = '\0';
	gram_match(line, mode, &m);
	gram_help(line, mode, &h);
	gram_complete(line, mode, NULL, &c);
	return 0;
}
