/*
 * startup: see startup.h.  "Saved" is a hash of the running
 * configuration's text, taken when it was last written: a change undone
 * by hand counts as saved again, as it should.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/base/atomic_file.h"
#include "commands.h"
#include "shell.h"
#include "startup.h"

const char *
startup_default_path(char *buf, size_t len)
{
	const char *env = getenv("ECSH_STARTUP"), *xdg, *home;
	int n;

	if (env != NULL && *env != '\0')
		n = snprintf(buf, len, "%s", env);
	else if ((xdg = getenv("XDG_CONFIG_HOME")) != NULL && *xdg == '/')
		n = snprintf(buf, len, "%s/ecsh/startup-config", xdg);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		n = snprintf(buf, len, "%s/.config/ecsh/startup-config", home);
	else
		return NULL;
	return n > 0 && (size_t)n < len ? buf : NULL;
}

/* mkdir -p of path's directory, each new level 0700. */
static int
make_parents(const char *path, char *why, size_t whylen)
{
	char dir[4096], *p;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		snprintf(why, whylen, "path too long");
		return -1;
	}
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			snprintf(why, whylen, "cannot make %s: %s", dir,
			    strerror(errno));
			return -1;
		}
		if ((*p = c) == '\0')
			break;
	}
	return 0;
}

static uint64_t
config_hash(const struct shell *sh)
{
	struct strbuf text;
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */
	size_t i;

	strbuf_init(&text);
	running_config(sh->engine, &text);
	for (i = 0; i < text.len; i++)
		h = (h ^ (unsigned char)text.s[i]) * 1099511628211ULL;
	strbuf_free(&text);
	return h;
}

int
config_save(struct shell *sh, const char *path, bool startup, char *why,
    size_t whylen)
{
	struct strbuf text;
	int rc;

	if (startup && make_parents(path, why, whylen) == -1)
		return -1;
	strbuf_init(&text);
	running_config(sh->engine, &text);
	rc = atomic_file_write(path, text.s, text.len, 0600, why, whylen);
	strbuf_free(&text);
	if (rc == 0)
		config_mark_saved(sh);
	return rc;
}

void
config_mark_saved(struct shell *sh)
{
	sh->saved_hash = config_hash(sh);
}

bool
config_unsaved(const struct shell *sh)
{
	return config_hash(sh) != sh->saved_hash;
}
