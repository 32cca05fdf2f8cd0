/*
 * startup: the startup configuration of SPEC section 1: where it lives,
 * saving the running configuration (to it or to a file), and whether the
 * running configuration has changed since it was last saved.
 */
#ifndef ECSH_STARTUP_H
#define ECSH_STARTUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shell;

/*
 * $ECSH_STARTUP, else $XDG_CONFIG_HOME/ecsh/startup-config, else
 * ~/.config/ecsh/startup-config; NULL when none can be named.
 */
const char	*startup_default_path(char *buf, size_t len);

/*
 * Before the running configuration is written to path (atomically, mode
 * 0600: it holds BGP keys, in slices: config_out.c): for the startup
 * configuration, its directory is made.  0, or -1 with the reason in why.
 */
int		 config_save_prepare(const char *path, bool startup,
		    char *why, size_t whylen);

/*
 * What is running now counts as saved (after the start-up scripts: its
 * text is hashed in slices), or what a write saved: the configuration's
 * count of changes and the hash of the text it wrote.
 */
void		 config_mark_saved(struct shell *);
void		 config_mark_saved_as(struct shell *, unsigned long gen,
		    uint64_t hash);
bool		 config_unsaved(struct shell *);
void		 config_saved_free(struct shell *);
/* FNV-1a of a configuration's text, a piece at a time */
uint64_t	 config_hash_start(void);
uint64_t	 config_hash_add(uint64_t, const char *text, size_t len);

#endif
