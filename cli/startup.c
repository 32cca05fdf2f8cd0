/*
 * startup: see startup.h.  "Saved" is a hash of the running
 * configuration's text, taken when it was last written (a change undone
 * by hand counts as saved again, as it should), and the count of changes
 * then: while the count stands, nothing is hashed.  A write hashes the
 * text it writes; what runs after the start-up scripts is hashed in
 * slices, on a copy.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/base/atomic_file.h"
#include "../core/base/evloop.h"
#include "../core/cloud/commits.h"
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

int
config_save_prepare(const char *path, bool startup, char *why, size_t whylen)
{
	return startup ? make_parents(path, why, whylen) : 0;
}

#define FNV_BASIS	14695981039346656037ULL
#define FNV_PRIME	1099511628211ULL

uint64_t
config_hash_add(uint64_t h, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * FNV_PRIME;
	return h;
}

uint64_t
config_hash_start(void)
{
	return FNV_BASIS;
}

static uint64_t
hash_now(const struct engine *e)
{
	struct strbuf text;
	uint64_t h;

	strbuf_init(&text);
	running_config(e, &text);
	h = config_hash_add(FNV_BASIS, text.s, text.len);
	strbuf_free(&text);
	return h;
}

struct saved_hashing {
	struct shell		*shell;
	struct ev_work		 work;
	struct engine		*copy;
	struct config_text	*text;
	struct strbuf		 piece;
	uint64_t		 hash;
};

static void
hashing_free(struct shell *sh)
{
	struct saved_hashing *h = sh->hashing;

	if (h == NULL)
		return;
	evloop_work_cancel(sh->loop, &h->work);
	config_text_free(h->text);
	engine_scratch_free(h->copy);
	strbuf_free(&h->piece);
	free(h);
	sh->hashing = NULL;
}

static bool
hashing_slice(void *arg)
{
	struct saved_hashing *h = arg;
	int rc = config_text_step(h->text, &h->piece);

	h->hash = config_hash_add(h->hash, h->piece.s, h->piece.len);
	strbuf_reset(&h->piece);
	if (rc == 1)
		return true;
	h->shell->saved_hash = h->hash;
	hashing_free(h->shell);
	return false;
}

void
config_mark_saved(struct shell *sh)
{
	struct saved_hashing *h;

	hashing_free(sh);
	sh->saved_gen = engine_config_gen(sh->engine);
	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->copy = engine_store_copy(sh->engine)) == NULL ||
	    (h->text = config_text_new(h->copy, NULL, CONFIG_WHOLE,
	    evloop_yield_cb, sh->loop)) == NULL) {
		if (h != NULL)
			engine_scratch_free(h->copy);
		free(h);
		sh->saved_hash = hash_now(sh->engine);
		return;
	}
	h->shell = sh;
	h->hash = FNV_BASIS;
	strbuf_init(&h->piece);
	evloop_work_init(&h->work, evloop_kind(sh->loop, "config hash"),
	    hashing_slice, h);
	sh->hashing = h;
	evloop_work_post(sh->loop, &h->work);
}

void
config_mark_saved_as(struct shell *sh, unsigned long gen, uint64_t hash)
{
	hashing_free(sh);
	sh->saved_gen = gen;
	sh->saved_hash = hash;
}

/*
 * A configuration changed since it was saved is hashed whole to be
 * compared: once, when a terminal leaves configuration mode.
 */
bool
config_unsaved(struct shell *sh)
{
	if (engine_config_gen(sh->engine) == sh->saved_gen)
		return false;
	if (sh->hashing != NULL)	/* not hashed yet: finish it now */
		while (hashing_slice(sh->hashing))
			;
	return hash_now(sh->engine) != sh->saved_hash;
}

void
config_saved_free(struct shell *sh)
{
	hashing_free(sh);
}
