/*
 * lab: a session on a fresh engine for unit tests, with its output
 * captured, and helpers to run lines and read the running config.
 */
#ifndef ECSH_TEST_LAB_H
#define ECSH_TEST_LAB_H

#include "../../cli/commands.h"
#include "../../cli/session.h"
#include "../../cli/shell.h"

struct lab {
	struct shell	 shell;
	struct strbuf	 out, err;
	struct session	*s;
};

void		 lab_open(struct lab *);
void		 lab_close(struct lab *);
enum cmd_status	 lab_run(struct lab *, const char *line);
/* Run each line of text from exec mode; 0, or the failing line number. */
int		 lab_script(struct lab *, const char *text);
char		*lab_config(struct lab *);	/* caller frees */
const char	*lab_prompt(struct lab *);

#endif
