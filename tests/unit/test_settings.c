/*
 * Settings are one list (core/cloud/setting.h), spelled once, in their
 * grammar rows.  Every setting has a row; running-config reads each back
 * from the engine and says it in that row's words, so a configuration
 * replayed from its running-config is the same configuration.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../grammar/gram.h"
#include "lab.h"

static bool
has_row(enum setting s)
{
	const struct gram_node *n;
	int m;

	for (m = 0; m < M_MODE_COUNT; m++)
		for (n = gram_modes[m].nodes; n->type != GT_END; n++)
			if (n->cmd == C_SET && n->setting == s)
				return true;
	return false;
}

Test(settings, every_setting_has_a_grammar_row)
{
	int s;

	for (s = 0; s < SET_COUNT; s++)
		cr_expect(has_row((enum setting)s), "setting %d has no row", s);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

/*
 * Every setting away from its default, replayed from its running-config.
 * The transcript's `bgp listen` stays there: its port would be bound
 * twice while the transcripts run beside this test.
 */
Test(settings, running_config_replays_every_setting)
{
	char *script = slurp(BATCH_DIR "/every-setting.ecsh");
	char *first, *again, *listen;
	struct lab a, b;

	cr_assert_not_null(listen = strstr(script, "bgp listen"));
	memset(listen, '!', 1);		/* a comment now */
	lab_open(&a);
	cr_assert_eq(lab_script(&a, script), 0, "%s", a.err.s);
	first = lab_config(&a);
	cr_assert_null(strstr(first, "cannot be written"), "%s", first);
	/* the lines of the script are the lines shown */
	cr_assert(strstr(first, "  bfd hops 2\n"), "%s", first);
	cr_assert(strstr(first, " no mpbgp\n"), "%s", first);
	cr_assert(strstr(first, " network 192.168.0.0/16 as-path 65100 "
	    "65200\n"), "%s", first);
	cr_assert(strstr(first, " connect vpn-connection c1 tunnel 1\n"), "%s",
	    first);
	lab_close(&a);

	lab_open(&b);
	cr_assert_eq(lab_script(&b, first), 0, "%s", b.err.s);
	again = lab_config(&b);
	cr_assert_str_eq(again, first);
	lab_close(&b);
	free(first);
	free(again);
	free(script);
}
