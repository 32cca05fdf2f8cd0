/*
 * startup: the startup configuration of SPEC section 1: where it lives,
 * saving the running configuration (to it or to a file), and whether the
 * running configuration has changed since it was last saved.
 */
#ifndef ECSH_STARTUP_H
#define ECSH_STARTUP_H

#include <stdbool.h>
#include <stddef.h>

struct shell;

/*
 * $ECSH_STARTUP, else $XDG_CONFIG_HOME/ecsh/startup-config, else
 * ~/.config/ecsh/startup-config; NULL when none can be named.
 */
const char	*startup_default_path(char *buf, size_t len);

/*
 * Write the running configuration to path atomically, mode 0600 (it holds
 * BGP keys); for the startup configuration, its directory is made first.
 * 0, or -1 with the reason in why.
 */
int		 config_save(struct shell *, const char *path, bool startup,
		    char *why, size_t whylen);

/* What is running now counts as saved (after the start-up scripts). */
void		 config_mark_saved(struct shell *);
bool		 config_unsaved(const struct shell *);

#endif
