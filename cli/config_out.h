/*
 * config_out: the running configuration said in slices (SPEC 10), as a
 * command's output or into a file.
 */
#ifndef ECSH_CONFIG_OUT_H
#define ECSH_CONFIG_OUT_H

#include <stdbool.h>

#include "cmd_ctx.h"

enum config_out_to {
	CONFIG_TO_TEXT,		/* show running-config, write terminal */
	CONFIG_TO_JSON,		/* show running-config json: {"lines":[]} */
	CONFIG_TO_FILE,		/* write FILE, copy running-config FILE */
};

/*
 * Say the configuration as it stands now (all of it, or only's block when
 * only is not NULL); to a file, path replaced atomically, and the shell's
 * configuration counts as saved if startup.  The command is pending.
 */
enum cmd_status	config_out_start(struct cmd_ctx *, enum config_out_to,
		    const struct object *only, const char *path, bool startup,
		    const char *verb);

#endif
