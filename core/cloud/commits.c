/*
 * commits: candidates, commits, their history, rollback and the timer of
 * a confirmed commit.  The unit of a change is a top-level object with
 * everything under it: what a commit records, what collides between two
 * sessions, what is put back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commits.h"
#include "cpe_networks.h"
#include "engine_impl.h"
#include "../base/line_diff.h"
#include "../base/strbuf.h"

/* The hostname and the listen addresses: the settings outside objects. */
struct globals {
	char			hostname[OBJ_NAME_MAX + 1];
	struct bgp_listen	listens[BGP_LISTEN_MAX];
	size_t			nlistens;
};

/* An object a session or an author is changing, noted before the first
 * change (kind OBJ_NONE: the globals). */
struct noted {
	RB_ENTRY(noted)	 entry;
	unsigned	 author;
	enum obj_kind	 kind;
	obj_name	 name;
	/* the running store's notes: what it was, to record and put back */
	struct object	*before;	/* NULL: it was not there */
	struct globals	*gbefore;
	char		*before_text;
	bool		 lost;		/* out of memory: before unknown */
};
RB_HEAD(noted_tree, noted);

struct commit_obj {
	enum obj_kind	 kind;
	obj_name	 name;
	struct object	*before;	/* NULL: it was not there */
};

/*
 * One object's two blocks, said in slices and then diffed: a CPE of a
 * million networks is a million lines each side.  Each side is given as
 * text, or as an object (a store's that does not change meanwhile, or a
 * copy it owns) to say.
 */
struct piece {
	const struct engine	*store;		/* the objects' context */
	const struct object	*side[2];	/* before, after; NULL: none */
	struct object		*own[2];	/* copies it frees */
	char			*text_given[2];	/* said already */
	struct strbuf		 text[2];
	void			*walk;
	int			 at;		/* the side being said */
	struct line_diff_job	*diffing;	/* then the two compared */
	struct line_diff	 taken;		/* then appended to the diff, */
	size_t			 copied;	/* this much of it so far */
	bool			 appending;
};

struct commit {
	unsigned long		 id;
	uint64_t		 wall_ns;
	char			 session[OBJ_NAME_MAX + 1];
	char			 comment[COMMIT_COMMENT_MAX + 1];
	struct commit_obj	*objs;
	size_t			 nobjs;
	struct globals		*gbefore;	/* NULL: untouched */
	bool			 lost;		/* a before is unknown */
	struct commit_diff	 diff;
	/* its diff, still being said (piece_at of npieces done) */
	struct piece		*pieces;
	size_t			 npieces, piece_at;
	const struct commit_ops	*ops;
};

struct commit_log {
	struct engine		*engine;
	const struct commit_ops	*ops;
	struct commit		*ring[COMMITS_KEPT];
	size_t			 first, n;
	unsigned long		 last_id;
	struct noted_tree	 noted;
	struct noted		*recent;
	unsigned		 author;
	/* commit confirmed: undone when the timer fires */
	unsigned long		 confirm_id;
	unsigned		 confirm_s;
	uint64_t		 confirm_deadline_ns;
	struct ev_timer		 confirm_timer;
	/* diffs said in slices; commits checked in slices */
	struct ev_work		 diffs;
	unsigned		 jobs;
};

struct candidate {
	struct engine		 store;
	struct engine		*running;
	struct noted_tree	 changed;
	struct noted		*recent;
	unsigned long		 base;	/* the newest commit it has seen */
	obj_name		 name;
};

/* Running-config order (cli/running_config.c): a diff read top to bottom
 * replays, and so does each side of it. */
static int
rank(enum obj_kind kind)
{
	static const enum obj_kind order[] = {
		OBJ_NONE, OBJ_VPC, OBJ_TRANSIT_ROUTER, OBJ_VBR, OBJ_ECR,
		OBJ_VPN_GATEWAY, OBJ_CUSTOMER_GATEWAY, OBJ_VPN_CONNECTION,
		OBJ_CPE, OBJ_ALERT_RULE,
	};
	int i;

	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++)
		if (order[i] == kind)
			return i;
	return i;
}

static int
noted_cmp(const struct noted *a, const struct noted *b)
{
	int d;

	if (a->author != b->author)
		return a->author < b->author ? -1 : 1;
	if ((d = rank(a->kind) - rank(b->kind)) != 0)
		return d;
	return strcmp(a->name, b->name);
}

RB_PROTOTYPE(noted_tree, noted, entry, noted_cmp)
RB_GENERATE(noted_tree, noted, entry, noted_cmp)

static struct noted *
noted_find(struct noted_tree *t, struct noted **recent, unsigned author,
    enum obj_kind kind, const char *name)
{
	struct noted key, *n;

	if ((n = *recent) != NULL && n->author == author && n->kind == kind &&
	    strcmp(n->name, name) == 0)
		return n;
	key.author = author;
	key.kind = kind;
	snprintf(key.name, sizeof(key.name), "%s", name);
	if ((n = RB_FIND(noted_tree, t, &key)) != NULL)
		*recent = n;
	return n;
}

static struct noted *
noted_add(struct noted_tree *t, struct noted **recent, unsigned author,
    enum obj_kind kind, const char *name)
{
	struct noted *n = noted_find(t, recent, author, kind, name);

	if (n != NULL)
		return n;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->author = author;
	n->kind = kind;
	snprintf(n->name, sizeof(n->name), "%s", name);
	RB_INSERT(noted_tree, t, n);
	*recent = n;
	return n;
}

static void
noted_free(struct noted *n)
{
	if (n->before != NULL)
		engine_object_free(n->before);
	free(n->gbefore);
	free(n->before_text);
	free(n);
}

static void
noted_clear(struct noted_tree *t, struct noted **recent)
{
	struct noted *n, *next;

	RB_FOREACH_SAFE(n, noted_tree, t, next) {
		RB_REMOVE(noted_tree, t, n);
		noted_free(n);
	}
	*recent = NULL;
}

static struct globals *
globals_of(const struct engine *e)
{
	struct globals *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	memcpy(g->hostname, e->hostname, sizeof(g->hostname));
	memcpy(g->listens, e->listens, sizeof(g->listens));
	g->nlistens = e->nlistens;
	return g;
}

void
commit_diff_free(struct commit_diff *d)
{
	free(d->text);
	memset(d, 0, sizeof(*d));
}

static int	diff_append(struct commit_diff *, struct line_diff *);

/* Append the diff of one object's two blocks to d: 0, or -1. */
static int
diff_add(struct commit_diff *d, const char *before, const char *after)
{
	struct line_diff ld;

	if (before == NULL || after == NULL ||
	    line_diff(before, after, &ld) == -1)
		return -1;
	return diff_append(d, &ld);
}

/* Append ld to d, and let it go: 0, or -1. */
static int
diff_append(struct commit_diff *d, struct line_diff *ldp)
{
	struct line_diff ld = *ldp;
	size_t cap;
	char *p;

	memset(ldp, 0, sizeof(*ldp));
	if (ld.text == NULL)
		return 0;
	if (d->text == NULL) {
		/* the first block's text becomes the diff's, as it is */
		d->text = ld.text;
		d->len = ld.len;
		d->cap = ld.len + 1;
		d->added += ld.added;
		d->removed += ld.removed;
		return 0;
	}
	if (d->len + ld.len + 1 > d->cap) {
		/* doubling: a commit of 1500 blocks appends 1500 times */
		cap = d->cap * 2 > d->len + ld.len + 1 ? d->cap * 2 :
		    d->len + ld.len + 1;
		if ((p = realloc(d->text, cap)) == NULL) {
			line_diff_free(&ld);
			return -1;
		}
		d->text = p;
		d->cap = cap;
	}
	memcpy(d->text + d->len, ld.text, ld.len + 1);
	d->len += ld.len;
	d->added += ld.added;
	d->removed += ld.removed;
	line_diff_free(&ld);
	return 0;
}

/*
 * Append ld to d 256 KiB at a time: a block of a million lines is 26
 * MB, and its copy into pages the copy touches first took 100 ms in one
 * slice.  1 while more is left (*done says how far), 0 once all of it
 * is in d (ld is emptied), -1 out of memory.
 */
#define APPEND_STEP	(256u << 10)

static int
diff_append_some(struct commit_diff *d, struct line_diff *ld, size_t *done)
{
	size_t n, cap;
	char *p;

	if (ld->text == NULL || d->text == NULL)
		return diff_append(d, ld);	/* nothing, or taken as it is */
	if (*done == 0 && d->len + ld->len + 1 > d->cap) {
		cap = d->cap * 2 > d->len + ld->len + 1 ? d->cap * 2 :
		    d->len + ld->len + 1;
		if ((p = realloc(d->text, cap)) == NULL) {
			line_diff_free(ld);
			return -1;
		}
		d->text = p;
		d->cap = cap;
	}
	n = ld->len - *done < APPEND_STEP ? ld->len - *done : APPEND_STEP;
	memcpy(d->text + d->len + *done, ld->text + *done, n);
	*done += n;
	if (*done < ld->len)
		return 1;
	d->len += ld->len;
	d->text[d->len] = '\0';
	d->added += ld->added;
	d->removed += ld->removed;
	line_diff_free(ld);
	*done = 0;
	return 0;
}

/* Pieces of a diff, said in slices. */

static void
piece_clear(const struct commit_ops *ops, struct piece *p)
{
	int i;

	if (p->walk != NULL)
		ops->text_free(p->walk);
	p->walk = NULL;
	line_diff_job_free(p->diffing);
	p->diffing = NULL;
	line_diff_free(&p->taken);
	p->appending = false;
	p->copied = 0;
	for (i = 0; i < 2; i++) {
		if (p->own[i] != NULL)
			engine_object_free(p->own[i]);
		free(p->text_given[i]);
		strbuf_free(&p->text[i]);
		p->own[i] = NULL;
		p->text_given[i] = NULL;
	}
}

static void
pieces_free(const struct commit_ops *ops, struct piece *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		piece_clear(ops, &v[i]);
	free(v);
}

static bool
round_spent(void *arg)
{
	return evloop_yield(((struct engine *)arg)->loop);
}

/*
 * Say p's sides as far as the round allows; true once both are said and
 * their diff is in d (*failed if it could not be).
 */
static bool
piece_step(const struct commit_ops *ops, struct engine *e, struct piece *p,
    struct commit_diff *d, bool *failed)
{
	const char *t[2];
	int i, rc;

	while (p->at < 2) {
		if (p->text_given[p->at] != NULL || p->side[p->at] == NULL) {
			p->at++;
			continue;
		}
		if (p->walk == NULL && (p->walk = ops->text_begin(p->store,
		    p->side[p->at], round_spent, e)) == NULL) {
			*failed = true;
			p->at = 2;
			break;
		}
		if (ops->text_step(p->walk, &p->text[p->at]) == 1)
			return false;
		ops->text_free(p->walk);
		p->walk = NULL;
		p->at++;
	}
	if (*failed) {
		piece_clear(ops, p);
		return true;
	}
	if (p->diffing == NULL) {
		for (i = 0; i < 2; i++)
			t[i] = p->text_given[i] != NULL ? p->text_given[i] :
			    p->text[i].s != NULL ? p->text[i].s : "";
		if ((p->diffing = line_diff_begin(t[0], t[1])) == NULL) {
			*failed = true;
			piece_clear(ops, p);
			return true;
		}
	}
	if (!p->appending) {
		if ((rc = line_diff_step(p->diffing, round_spent, e)) == 1)
			return false;
		if (rc == -1) {
			*failed = true;
			piece_clear(ops, p);
			return true;
		}
		line_diff_take(p->diffing, &p->taken);
		p->appending = true;
	}
	while ((rc = diff_append_some(d, &p->taken, &p->copied)) == 1)
		if (round_spent(e))
			return false;
	if (rc == -1)
		*failed = true;
	piece_clear(ops, p);
	return true;
}

/* The history. */

static void
commit_free(struct commit *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->pieces != NULL)
		pieces_free(c->ops, c->pieces, c->npieces);
	for (i = 0; i < c->nobjs; i++)
		if (c->objs[i].before != NULL)
			engine_object_free(c->objs[i].before);
	free(c->objs);
	free(c->gbefore);
	commit_diff_free(&c->diff);
	free(c);
}

static struct commit *
commit_at(const struct commit_log *log, size_t i)
{
	return i < log->n ? log->ring[(log->first + i) % COMMITS_KEPT] : NULL;
}

static unsigned long
oldest_id(const struct commit_log *log)
{
	return log->n > 0 ? commit_at(log, 0)->id : log->last_id + 1;
}

static void
commit_push(struct commit_log *log, struct commit *c)
{
	if (log->n == COMMITS_KEPT) {
		commit_free(log->ring[log->first]);
		log->first = (log->first + 1) % COMMITS_KEPT;
		log->n--;
	}
	log->ring[(log->first + log->n++) % COMMITS_KEPT] = c;
}

static struct commit *
commit_new(struct commit_log *log, const char *session, const char *comment)
{
	struct commit *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->wall_ns = clock_wall_ns(evloop_clock(log->engine->loop));
	c->ops = log->ops;
	snprintf(c->session, sizeof(c->session), "%s", session);
	snprintf(c->comment, sizeof(c->comment), "%s",
	    comment != NULL ? comment : "");
	return c;
}

static bool
commit_touched(const struct commit *c, enum obj_kind kind, const char *name)
{
	size_t i;

	if (kind == OBJ_NONE)
		return c->gbefore != NULL;
	for (i = 0; i < c->nobjs; i++)
		if (c->objs[i].kind == kind && strcmp(c->objs[i].name, name) == 0)
			return true;
	return false;
}

static void	confirm_expired(void *);

/*
 * The diffs still being said, oldest commit first, as far as the round
 * allows; a commit of a million lines takes many rounds, and a read of
 * its diff waits for the last (engine_commits_busy).
 */
static bool
diffs_slice(void *arg)
{
	struct commit_log *log = arg;
	struct commit *c;
	bool failed;
	size_t i;

	for (i = 0; i < log->n; i++) {
		c = commit_at(log, i);
		while (c->piece_at < c->npieces) {
			failed = false;
			if (!piece_step(log->ops, log->engine,
			    &c->pieces[c->piece_at], &c->diff, &failed))
				return true;
			if (failed)
				engine_dropped(log->engine, DROP_MEMORY,
				    "configuration", "a commit's diff");
			c->piece_at++;
			if (evloop_yield(log->engine->loop))
				return true;
		}
		if (c->pieces != NULL) {
			pieces_free(log->ops, c->pieces, c->npieces);
			c->pieces = NULL;
			c->npieces = c->piece_at = 0;
		}
	}
	return false;
}

bool
engine_commits_busy(const struct engine *e)
{
	const struct commit_log *log = e->commits;
	size_t i;

	if (log == NULL)
		return false;
	if (log->jobs > 0)
		return true;
	for (i = 0; i < log->n; i++)
		if (commit_at(log, i)->pieces != NULL)
			return true;
	return false;
}

/*
 * A CPE of many networks is said in slices; every other block is small
 * enough to say at once (and an ECR's must be: it reads its VBRs).
 */
#define SAID_AT_ONCE_MAX	256

static bool
big(const struct object *o)
{
	return o != NULL && o->kind == OBJ_CPE &&
	    cpe_networks_count(o->cfg.cpe.networks) > SAID_AT_ONCE_MAX;
}

/* Immediate changes: the running store notes each object once. */

static void
running_will_change(struct engine *e, enum obj_kind kind, const char *name,
    const struct object *top)
{
	struct commit_log *log = e->watch.arg;
	struct noted *n;

	if (noted_find(&log->noted, &log->recent, log->author, kind,
	    name) != NULL)
		return;
	if ((n = noted_add(&log->noted, &log->recent, log->author, kind,
	    name)) == NULL) {
		engine_dropped(e, DROP_MEMORY, "configuration",
		    "a commit's record of an object");
		return;
	}
	if (kind == OBJ_NONE)
		n->lost = (n->gbefore = globals_of(e)) == NULL;
	else if (top != NULL)
		n->lost = (n->before = engine_object_copy(top, NULL)) == NULL;
	/* a made object's was nothing; a big one's is said from its copy,
	 * later, in slices */
	if (top == NULL && kind != OBJ_NONE)
		return;
	if (big(top) && n->before != NULL)
		return;
	n->before_text = log->ops->block(e, kind, name);
	n->lost = n->lost || n->before_text == NULL;
}

int
engine_commits_start(struct engine *e, const struct commit_ops *ops)
{
	struct commit_log *log;

	if (e->commits != NULL)
		return 0;
	if ((log = calloc(1, sizeof(*log))) == NULL)
		return -1;
	log->engine = e;
	log->ops = ops;
	RB_INIT(&log->noted);
	evloop_timer_init(&log->confirm_timer, confirm_expired, log);
	evloop_work_init(&log->diffs, evloop_kind(e->loop, "commit diff"),
	    diffs_slice, log);
	e->commits = log;
	e->watch = (struct store_watch){ running_will_change, log };
	return 0;
}

void
engine_commits_stop(struct engine *e)
{
	struct commit_log *log = e->commits;
	size_t i;

	if (log == NULL)
		return;
	evloop_timer_stop(e->loop, &log->confirm_timer);
	evloop_work_cancel(e->loop, &log->diffs);
	for (i = 0; i < log->n; i++)
		commit_free(commit_at(log, i));
	noted_clear(&log->noted, &log->recent);
	free(log);
	e->commits = NULL;
	e->watch = (struct store_watch){ NULL, NULL };
}

void
engine_author(struct engine *e, unsigned author)
{
	if (e->commits != NULL)
		e->commits->author = author;
}

unsigned long
engine_commit_last(const struct engine *e)
{
	return e->commits != NULL ? e->commits->last_id : 0;
}

static void	confirm_cancel(struct commit_log *);

unsigned long
engine_commit_immediate(struct engine *e, unsigned author, const char *session)
{
	struct commit_log *log = e->commits;
	struct noted *n, *next;
	struct commit *c = NULL;
	const struct object *now;
	struct piece *p;
	char *after;
	size_t k = 0, count = 0;
	bool failed = false, later = false;

	if (log == NULL)
		return 0;
	RB_FOREACH(n, noted_tree, &log->noted)
		if (n->author == author) {
			count++;
			/* a made object, a big one: said later, in slices, all
			 * of the commit so, in order */
			if (n->kind != OBJ_NONE && (n->before_text == NULL ||
			    big(engine_lookup(e, n->kind, n->name, NULL))))
				later = true;
		}
	if (count == 0 || (c = commit_new(log, session, "")) == NULL ||
	    (c->objs = calloc(count, sizeof(*c->objs))) == NULL ||
	    (later && (c->pieces = calloc(count, sizeof(*c->pieces))) ==
	    NULL)) {
		commit_free(c);
		if (count > 0)
			engine_commits_undo_since(e, author, log->last_id);
		return 0;
	}
	RB_FOREACH_SAFE(n, noted_tree, &log->noted, next) {
		if (n->author != author)
			continue;
		now = n->kind == OBJ_NONE ? NULL : engine_lookup(e, n->kind,
		    n->name, NULL);
		if (!later) {
			after = log->ops->block(e, n->kind, n->name);
			failed |= diff_add(&c->diff, n->before_text != NULL ?
			    n->before_text : "", after) == -1;
			free(after);
		} else if (n->kind == OBJ_NONE || n->before != NULL ||
		    n->before_text != NULL || now != NULL) {
			p = &c->pieces[c->npieces++];
			p->store = e;
			p->text_given[0] = n->before_text;
			n->before_text = NULL;
			p->side[0] = n->before;	/* the commit keeps it */
			if (n->kind == OBJ_NONE)
				failed |= (p->text_given[1] = log->ops->block(e,
				    OBJ_NONE, "")) == NULL;
			else if (now != NULL)
				failed |= (p->side[1] = p->own[1] =
				    engine_object_copy(now, NULL)) == NULL;
		}
		c->lost |= n->lost;
		if (n->kind == OBJ_NONE) {
			c->gbefore = n->gbefore;
			n->gbefore = NULL;
		} else {
			c->objs[k].kind = n->kind;
			memcpy(c->objs[k].name, n->name, sizeof(obj_name));
			c->objs[k++].before = n->before;
			n->before = NULL;
		}
		RB_REMOVE(noted_tree, &log->noted, n);
		noted_free(n);
	}
	log->recent = NULL;
	c->nobjs = k;
	if (failed)
		engine_dropped(e, DROP_MEMORY, "configuration",
		    "a commit's diff");
	if (c->diff.added == 0 && c->diff.removed == 0 && !failed &&
	    (!later || c->npieces == 0)) {
		commit_free(c);		/* it came back to what it was */
		return 0;
	}
	if (later && c->npieces == 0) {
		free(c->pieces);
		c->pieces = NULL;
	}
	c->id = ++log->last_id;
	commit_push(log, c);
	if (c->pieces != NULL)
		evloop_work_post(e->loop, &log->diffs);
	return c->id;
}

void
engine_commits_undo_since(struct engine *e, unsigned author,
    unsigned long since)
{
	struct commit_log *log = e->commits;
	struct noted *n, *next;

	if (log == NULL)
		return;
	while (log->n > 0 && commit_at(log, log->n - 1)->id > since) {
		if (commit_at(log, log->n - 1)->id == log->confirm_id)
			confirm_cancel(log);
		commit_free(commit_at(log, log->n - 1));
		log->n--;
	}
	RB_FOREACH_SAFE(n, noted_tree, &log->noted, next)
		if (n->author == author) {
			RB_REMOVE(noted_tree, &log->noted, n);
			noted_free(n);
		}
	log->recent = NULL;
}

/*
 * R7 on the whole: a peer that names a group the candidate deleted.  The
 * replay would only say the group does not exist; this says the rule.
 */
static int
groups_in_use(struct engine *store, struct engine_error *err)
{
	struct object *vbr, *peer;
	char peers[200];
	const char *group;

	FOREACH_OBJECT(vbr, store, OBJ_VBR, NULL)
		FOREACH_OBJECT(peer, store, OBJ_BGP_PEER, vbr) {
			group = peer->cfg.peer.group;
			if (group[0] == '\0' || engine_lookup(store,
			    OBJ_BGP_GROUP, group, vbr) != NULL)
				continue;
			peers[0] = '\0';
			FOREACH_OBJECT(peer, store, OBJ_BGP_PEER, vbr)
				if (strcmp(peer->cfg.peer.group, group) == 0)
					rules_list_add(peers, sizeof(peers),
					    peer->name);
			return engine_fail(err, "DependencyViolation.BgpPeer",
			    "vbr %s: bgp-group %s is gone but still has peers: "
			    "%s; move or delete them too (R7)", vbr->name,
			    group, peers);
		}
	return 0;
}

unsigned long
engine_confirm_pending(const struct engine *e)
{
	return e->commits != NULL ? e->commits->confirm_id : 0;
}

/* Stores. */

struct engine *
engine_scratch_new(const struct engine *like)
{
	struct engine *e = calloc(1, sizeof(*e));

	if (e == NULL || engine_store_init(e, like->loop,
	    like->flags & ENGINE_NO_QUOTAS) == -1) {
		free(e);
		return NULL;
	}
	return e;
}

void
engine_scratch_free(struct engine *e)
{
	if (e == NULL)
		return;
	engine_store_free(e);
	free(e);
}

/* Candidates. */

static void
candidate_will_change(struct engine *e, enum obj_kind kind, const char *name,
    const struct object *top)
{
	struct candidate *cand = e->watch.arg;

	(void)top;
	if (noted_add(&cand->changed, &cand->recent, 0, kind, name) == NULL)
		engine_dropped(e, DROP_MEMORY, "configuration",
		    "a session's record of what it changed");
}

/* Put a copy of src (NULL: nothing) where e has the object kind name. */
static int
place(struct engine *e, enum obj_kind kind, const char *name,
    const struct object *src)
{
	struct object *old = engine_lookup(e, kind, name, NULL), *copy = NULL;

	if (src != NULL && (copy = engine_object_copy(src, NULL)) == NULL)
		return -1;
	if (old != NULL) {
		RB_REMOVE(object_tree, engine_tree(e, kind, NULL), old);
		engine_object_free(old);
		engine_object_removed(e, kind);
	}
	if (copy != NULL) {
		RB_INSERT(object_tree, engine_tree(e, kind, NULL), copy);
		engine_object_placed(e, copy);
	}
	return 0;
}

static void
globals_set(struct engine *store, const struct globals *g)
{
	size_t i;

	memcpy(store->hostname, g->hostname, sizeof(store->hostname));
	memcpy(store->listens, g->listens, sizeof(store->listens));
	store->nlistens = g->nlistens;
	for (i = 0; i < store->nlistens; i++)
		store->listens[i].fd = -1;
}

/* Put what from holds (its globals, every object) into the empty store to. */
static int
store_fill(struct engine *to, const struct engine *from)
{
	struct globals *g;
	const struct object *o;
	int k;

	if ((g = globals_of(from)) == NULL)
		return -1;
	globals_set(to, g);
	free(g);
	for (k = OBJ_NONE + 1; k < OBJ_KIND_COUNT; k++)
		for (o = engine_first(from, (enum obj_kind)k, NULL); o != NULL;
		    o = engine_next(o))
			if (place(to, o->kind, o->name, o) == -1)
				return -1;
	return 0;
}

struct engine *
engine_store_copy(const struct engine *e)
{
	struct engine *copy = engine_scratch_new(e);

	if (copy != NULL && store_fill(copy, e) == -1) {
		engine_scratch_free(copy);
		return NULL;
	}
	return copy;
}

struct candidate *
candidate_new(struct engine *run, const char *name)
{
	struct candidate *cand = calloc(1, sizeof(*cand));

	if (cand == NULL)
		return NULL;
	if (engine_store_init(&cand->store, run->loop, ENGINE_CANDIDATE |
	    (run->flags & ENGINE_NO_QUOTAS)) == -1) {
		free(cand);
		return NULL;
	}
	cand->running = run;
	RB_INIT(&cand->changed);
	snprintf(cand->name, sizeof(cand->name), "%s", name);
	cand->base = engine_commit_last(run);
	if (store_fill(&cand->store, run) == -1) {
		candidate_free(cand);
		return NULL;
	}
	cand->store.watch = (struct store_watch){ candidate_will_change, cand };
	return cand;
}

void
candidate_free(struct candidate *cand)
{
	if (cand == NULL)
		return;
	engine_store_free(&cand->store);
	noted_clear(&cand->changed, &cand->recent);
	free(cand);
}

struct engine *
candidate_store(struct candidate *cand)
{
	return &cand->store;
}

const char *
candidate_name(const struct candidate *cand)
{
	return cand->name;
}

bool
candidate_changed(const struct candidate *cand)
{
	return !RB_EMPTY(&cand->changed);
}

static int
candidate_diff_into(struct candidate *cand, struct commit_diff *d)
{
	const struct commit_ops *ops = cand->running->commits->ops;
	struct noted *n;
	char *before, *after;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	RB_FOREACH(n, noted_tree, &cand->changed) {
		before = ops->block(cand->running, n->kind, n->name);
		after = ops->block(&cand->store, n->kind, n->name);
		if (diff_add(d, before, after) == -1)
			rc = -1;
		free(before);
		free(after);
		if (rc == -1)
			break;
	}
	if (rc == -1)
		commit_diff_free(d);
	return rc;
}

int
candidate_diff(struct candidate *cand, struct commit_diff *d)
{
	memset(d, 0, sizeof(*d));
	if (cand->running->commits == NULL)
		return -1;
	return candidate_diff_into(cand, d);
}

/*
 * Another commit since this session began: refused if it changed one of
 * the session's objects, else its objects come into the candidate (the
 * two merge).
 */
static int
merge_others(struct candidate *cand, struct engine_error *err)
{
	struct commit_log *log = cand->running->commits;
	const struct commit *c;
	struct noted *n;
	struct globals *g;
	size_t i, j;

	if (log->last_id == cand->base)
		return 0;
	if (oldest_id(log) > cand->base + 1)
		return engine_fail(err, "", "more than %d commits were made "
		    "since this session began, so which objects they changed "
		    "is no longer known; abort, and begin again", COMMITS_KEPT);
	for (i = 0; i < log->n; i++) {
		if ((c = commit_at(log, i))->id <= cand->base)
			continue;
		RB_FOREACH(n, noted_tree, &cand->changed)
			if (commit_touched(c, n->kind, n->name)) {
				if (n->kind == OBJ_NONE)
					return engine_fail(err, "", "the "
					    "hostname and bgp listen addresses "
					    "were changed by commit %lu since "
					    "this session began", c->id);
				return engine_fail(err, "", "%s %s was changed "
				    "by commit %lu since this session began",
				    engine_kind_word(n->kind), n->name, c->id);
			}
	}
	for (i = 0; i < log->n; i++) {
		if ((c = commit_at(log, i))->id <= cand->base)
			continue;
		for (j = 0; j < c->nobjs; j++)
			if (place(&cand->store, c->objs[j].kind,
			    c->objs[j].name, engine_lookup(cand->running,
			    c->objs[j].kind, c->objs[j].name, NULL)) == -1)
				return engine_fail(err, "", "out of memory");
		if (c->gbefore != NULL) {
			if ((g = globals_of(cand->running)) == NULL)
				return engine_fail(err, "", "out of memory");
			globals_set(&cand->store, g);
			free(g);
		}
	}
	cand->base = log->last_id;
	return 0;
}

static bool
listens_on(const struct globals *g, const struct bgp_listen *l)
{
	size_t i;

	for (i = 0; i < g->nlistens; i++)
		if (ipaddr_equal(&g->listens[i].ip, &l->ip) &&
		    g->listens[i].port == l->port)
			return true;
	return false;
}

/* The running engine's sockets follow the candidate's addresses. */
static int
install_globals(struct engine *run, const struct engine *store,
    struct engine_error *err)
{
	struct globals *was = globals_of(run), *want = globals_of(store);
	size_t i;
	int rc = -1;

	if (was == NULL || want == NULL) {
		engine_fail(err, "", "out of memory");
		goto out;
	}
	for (i = 0; i < want->nlistens; i++)
		if (!listens_on(was, &want->listens[i]) &&
		    run->hooks.listen(run, &want->listens[i].ip,
		    want->listens[i].port, false, err) == -1) {
			/* close what this commit opened */
			while (i-- > 0)
				if (!listens_on(was, &want->listens[i]))
					run->hooks.listen(run,
					    &want->listens[i].ip,
					    want->listens[i].port, true, NULL);
			goto out;
		}
	for (i = 0; i < was->nlistens; i++) {
		bool moved = false;

		for (size_t j = 0; j < want->nlistens; j++)
			moved |= ipaddr_equal(&want->listens[j].ip,
			    &was->listens[i].ip);
		if (!listens_on(want, &was->listens[i]) && !moved)
			run->hooks.listen(run, &was->listens[i].ip,
			    was->listens[i].port, true, NULL);
	}
	memcpy(run->hostname, want->hostname, sizeof(run->hostname));
	rc = 0;
out:
	free(was);
	free(want);
	return rc;
}

/* Take the candidate's objects in: the commit, with what they were. */
static struct commit *
install(struct candidate *cand, const char *comment, struct commit_diff *diff,
    struct engine_error *err)
{
	struct engine *run = cand->running;
	struct commit_log *log = run->commits;
	struct object **copies = NULL, *src, *old;
	struct commit *c;
	struct noted *n;
	size_t count = 0, k = 0;

	RB_FOREACH(n, noted_tree, &cand->changed)
		count += n->kind != OBJ_NONE;
	if ((c = commit_new(log, cand->name, comment)) == NULL ||
	    (count > 0 && ((c->objs = calloc(count, sizeof(*c->objs))) ==
	    NULL || (copies = calloc(count, sizeof(*copies))) == NULL)))
		goto oom;
	/* everything that can fail, before anything changes */
	RB_FOREACH(n, noted_tree, &cand->changed) {
		if (n->kind == OBJ_NONE) {
			if ((c->gbefore = globals_of(run)) == NULL)
				goto oom;
			continue;
		}
		src = engine_lookup(&cand->store, n->kind, n->name, NULL);
		if (src != NULL &&
		    (copies[k] = engine_object_copy(src, NULL)) == NULL)
			goto oom;
		c->objs[k].kind = n->kind;
		memcpy(c->objs[k++].name, n->name, sizeof(obj_name));
	}
	if (c->gbefore != NULL && install_globals(run, &cand->store, err) == -1)
		goto fail;
	for (k = 0; k < count; k++) {
		old = engine_lookup(run, c->objs[k].kind, c->objs[k].name, NULL);
		if (old != NULL) {
			RB_REMOVE(object_tree, engine_tree(run, old->kind, NULL),
			    old);
			engine_object_removed(run, old->kind);
		}
		c->objs[k].before = old;
		if (copies[k] != NULL) {
			RB_INSERT(object_tree, engine_tree(run,
			    copies[k]->kind, NULL), copies[k]);
			engine_object_placed(run, copies[k]);
		}
	}
	c->nobjs = count;
	free(copies);
	engine_drills_prune(run);
	engine_config_changed(run);
	c->diff = *diff;
	memset(diff, 0, sizeof(*diff));
	c->id = ++log->last_id;
	commit_push(log, c);
	return c;
oom:
	engine_fail(err, "", "out of memory");
fail:
	for (k = 0; copies != NULL && k < count; k++)
		if (copies[k] != NULL)
			engine_object_free(copies[k]);
	free(copies);
	commit_free(c);
	return NULL;
}

static void
confirm_cancel(struct commit_log *log)
{
	evloop_timer_stop(log->engine->loop, &log->confirm_timer);
	log->confirm_id = 0;
}

/*
 * A commit in slices.  It checks the candidate whole (its replay onto an
 * empty store), says the diff of what the session changed, both as far
 * as each round allows, and installs it in one piece at the end, unless
 * another commit came meanwhile: then it merges that in and starts over.
 */
enum { JOB_BEGIN, JOB_CHECK, JOB_DIFF, JOB_INSTALL, JOB_OVER };
enum { JOB_TRIES = 3 };

struct commit_job {
	struct candidate	*cand;
	enum commit_how		 how;
	unsigned		 confirm_s;
	char			 comment[COMMIT_COMMENT_MAX + 1];
	int			 phase;
	unsigned		 tries;
	unsigned long		 base;		/* the last commit it saw */
	void			*check;
	struct piece		*pieces;
	size_t			 npieces, at;
	struct commit_diff	 diff;
	struct engine_error	 err;
	int			 rc;
	unsigned long		 id;
};

static void
job_reset(struct commit_job *j)
{
	const struct commit_ops *ops = j->cand->running->commits->ops;

	if (j->check != NULL)
		ops->check_free(j->check);
	j->check = NULL;
	pieces_free(ops, j->pieces, j->npieces);
	j->pieces = NULL;
	j->npieces = j->at = 0;
	commit_diff_free(&j->diff);
}

/* What the session changed, as pieces: the running side copied (other
 * shells change it meanwhile), the candidate's as it stands. */
static int
job_pieces(struct commit_job *j)
{
	struct candidate *cand = j->cand;
	const struct commit_ops *ops = cand->running->commits->ops;
	const struct object *run, *mine;
	struct piece *p;
	struct noted *n;
	size_t count = 0;

	RB_FOREACH(n, noted_tree, &cand->changed)
		count++;
	if (count > 0 && (j->pieces = calloc(count, sizeof(*p))) == NULL)
		return -1;
	RB_FOREACH(n, noted_tree, &cand->changed) {
		p = &j->pieces[j->npieces++];
		p->store = &cand->store;
		if (n->kind == OBJ_NONE || n->kind == OBJ_ECR) {
			/* small, and an ECR's reads its store's VBRs */
			p->text_given[0] = ops->block(cand->running, n->kind,
			    n->name);
			p->text_given[1] = ops->block(&cand->store, n->kind,
			    n->name);
			if (p->text_given[0] == NULL || p->text_given[1] == NULL)
				return -1;
			continue;
		}
		run = engine_lookup(cand->running, n->kind, n->name, NULL);
		mine = engine_lookup(&cand->store, n->kind, n->name, NULL);
		if (run != NULL && (p->side[0] = p->own[0] =
		    engine_object_copy(run, NULL)) == NULL)
			return -1;
		p->side[1] = mine;
	}
	return 0;
}

/* One slice; false when the job is over. */
static bool
job_step(struct commit_job *j)
{
	struct candidate *cand = j->cand;
	struct commit_log *log = cand->running->commits;
	const struct commit_ops *ops = log->ops;
	struct engine *e = cand->running;
	struct commit *c;
	bool failed = false;
	int rc;

	switch (j->phase) {
	case JOB_BEGIN:
		job_reset(j);
		if (merge_others(cand, &j->err) == -1 ||
		    groups_in_use(&cand->store, &j->err) == -1)
			goto fail;
		j->base = log->last_id;
		if ((j->check = ops->check_begin(&cand->store, round_spent,
		    e)) == NULL)
			goto oom;
		j->phase = JOB_CHECK;
		return true;
	case JOB_CHECK:
		if ((rc = ops->check_step(j->check, &j->err)) == 1)
			return true;
		ops->check_free(j->check);
		j->check = NULL;
		if (rc == -1)
			goto fail;
		if (job_pieces(j) == -1)
			goto oom;
		j->phase = JOB_DIFF;
		return true;
	case JOB_DIFF:
		while (j->at < j->npieces) {
			if (!piece_step(ops, e, &j->pieces[j->at], &j->diff,
			    &failed))
				return true;
			if (failed)
				goto oom;
			j->at++;
			if (evloop_yield(e->loop))
				return true;
		}
		j->phase = j->how == COMMIT_CHECK ? JOB_OVER : JOB_INSTALL;
		return j->phase != JOB_OVER;
	case JOB_INSTALL:
		if (log->last_id != j->base) {
			/* committed to meanwhile: merge it, and again */
			if (++j->tries < JOB_TRIES) {
				j->phase = JOB_BEGIN;
				return true;
			}
			engine_fail(&j->err, "", "the configuration was committed "
			    "to %u times while this commit was checked; commit "
			    "again", JOB_TRIES);
			goto fail;
		}
		if (j->how == COMMIT_NOW && log->confirm_id != 0)
			confirm_cancel(log);	/* a plain commit confirms */
		if (j->diff.added == 0 && j->diff.removed == 0) {
			noted_clear(&cand->changed, &cand->recent);
			j->phase = JOB_OVER;
			return false;
		}
		if ((c = install(cand, j->comment, &j->diff, &j->err)) == NULL)
			goto fail;
		noted_clear(&cand->changed, &cand->recent);
		cand->base = c->id;
		j->id = c->id;
		/* what the commit says of itself: its own diff, kept */
		j->diff.added = c->diff.added;
		j->diff.removed = c->diff.removed;
		if (j->how == COMMIT_CONFIRMED) {
			log->confirm_id = c->id;
			log->confirm_s = j->confirm_s;
			log->confirm_deadline_ns = clock_now_ns(evloop_clock(
			    e->loop)) + (uint64_t)j->confirm_s * 1000000000u;
			evloop_timer_start(e->loop, &log->confirm_timer,
			    (uint64_t)j->confirm_s * 1000);
		}
		j->phase = JOB_OVER;
		return false;
	default:
		return false;
	}
oom:
	engine_fail(&j->err, "", "out of memory");
fail:
	j->rc = -1;
	j->phase = JOB_OVER;
	return false;
}

void
commit_job_free(struct commit_job *j)
{
	if (j == NULL)
		return;
	job_reset(j);
	j->cand->running->commits->jobs--;
	free(j);
}

struct commit_job *
commit_job_new(struct candidate *cand, enum commit_how how,
    unsigned confirm_s, const char *comment)
{
	struct commit_log *log = cand->running->commits;
	struct commit_job *j;

	if (log == NULL || (j = calloc(1, sizeof(*j))) == NULL)
		return NULL;
	j->cand = cand;
	j->how = how;
	j->confirm_s = confirm_s;
	snprintf(j->comment, sizeof(j->comment), "%s",
	    comment != NULL ? comment : "");
	log->jobs++;
	return j;
}

bool
commit_job_step(struct commit_job *j)
{
	return job_step(j);
}

int
commit_job_result(const struct commit_job *j, unsigned long *id,
    const struct commit_diff **diff, const struct engine_error **err)
{
	*id = j->id;
	*diff = &j->diff;
	*err = &j->err;
	return j->rc;
}

int
candidate_commit(struct candidate *cand, enum commit_how how,
    unsigned confirm_s, const char *comment, unsigned long *id,
    struct engine_error *err)
{
	const struct engine_error *e;
	const struct commit_diff *d;
	struct commit_job *j;
	int rc;

	*id = 0;
	if (cand->running->commits == NULL)
		return engine_fail(err, "", "this engine keeps no commits");
	if ((j = commit_job_new(cand, how, confirm_s, comment)) == NULL)
		return engine_fail(err, "", "out of memory");
	while (commit_job_step(j))
		;
	if ((rc = commit_job_result(j, id, &d, &e)) == -1)
		*err = *e;
	commit_job_free(j);
	return rc;
}

/* Put a commit's objects back into a candidate, as they were before it. */
static int
put_back(struct candidate *cand, const struct commit *c)
{
	size_t i;

	for (i = 0; i < c->nobjs; i++) {
		if (place(&cand->store, c->objs[i].kind, c->objs[i].name,
		    c->objs[i].before) == -1)
			return -1;
		candidate_will_change(&cand->store, c->objs[i].kind,
		    c->objs[i].name, NULL);
	}
	if (c->gbefore != NULL) {
		globals_set(&cand->store, c->gbefore);
		candidate_will_change(&cand->store, OBJ_NONE, "", NULL);
	}
	return 0;
}

/* Every object gone, the hostname and listen addresses at their defaults. */
static int
empty(struct candidate *cand)
{
	struct globals g;
	const struct object *o;
	int k;

	for (k = OBJ_NONE + 1; k < OBJ_KIND_COUNT; k++)
		while ((o = engine_first(&cand->store, (enum obj_kind)k,
		    NULL)) != NULL) {
			candidate_will_change(&cand->store, o->kind, o->name,
			    o);
			if (place(&cand->store, o->kind, o->name, NULL) == -1)
				return -1;
		}
	memset(&g, 0, sizeof(g));
	snprintf(g.hostname, sizeof(g.hostname), "%s", ENGINE_HOSTNAME_DEFAULT);
	globals_set(&cand->store, &g);
	candidate_will_change(&cand->store, OBJ_NONE, "", NULL);
	return 0;
}

struct candidate *
engine_rollback_candidate(struct engine *e, unsigned long id,
    const char *session, struct engine_error *err)
{
	struct commit_log *log = e->commits;
	struct candidate *cand;
	size_t i;
	int rc = 0;

	if (log == NULL) {
		engine_fail(err, "", "this engine keeps no commits");
		return NULL;
	}
	if (id > log->last_id) {
		engine_fail(err, "", "there is no commit %lu: the newest is %lu",
		    id, log->last_id);
		return NULL;
	}
	if (id + 1 < oldest_id(log) && id != 0) {
		engine_fail(err, "", "commit %lu is no longer kept: the oldest "
		    "of the %d kept is %lu", id, COMMITS_KEPT, oldest_id(log));
		return NULL;
	}
	for (i = log->n; i-- > 0;)
		if (commit_at(log, i)->id > id && commit_at(log, i)->lost) {
			engine_fail(err, "", "commit %lu could not keep what it "
			    "replaced (out of memory), so it cannot be undone",
			    commit_at(log, i)->id);
			return NULL;
		}
	if ((cand = candidate_new(e, session)) == NULL) {
		engine_fail(err, "", "out of memory");
		return NULL;
	}
	if (id + 1 < oldest_id(log))
		rc = empty(cand);	/* commit 0, its successors gone */
	else
		for (i = log->n; rc == 0 && i-- > 0;)
			if (commit_at(log, i)->id > id)
				rc = put_back(cand, commit_at(log, i));
	if (rc == -1) {
		candidate_free(cand);
		engine_fail(err, "", "out of memory");
		return NULL;
	}
	return cand;
}

/* A confirmed commit nobody confirmed: undo it, as a commit of its own. */
static void
confirm_expired(void *arg)
{
	struct commit_log *log = arg;
	struct engine *e = log->engine;
	struct engine_error err;
	struct candidate *cand;
	const struct commit *c = NULL;
	unsigned long undone = log->confirm_id, made = 0;
	char comment[96], resource[32];
	size_t i;
	int rc = -1;

	log->confirm_id = 0;
	for (i = 0; i < log->n; i++)
		if (commit_at(log, i)->id == undone)
			c = commit_at(log, i);
	snprintf(comment, sizeof(comment), "rollback of commit %lu: not "
	    "confirmed within %u s", undone, log->confirm_s);
	snprintf(err.text, sizeof(err.text), "out of memory");
	/* a later commit changed what it would put back: not overwritten */
	for (i = 0; c != NULL && i < log->n; i++) {
		const struct commit *later = commit_at(log, i);
		size_t j;

		if (later->id <= undone)
			continue;
		for (j = 0; j < c->nobjs; j++)
			if (commit_touched(later, c->objs[j].kind,
			    c->objs[j].name)) {
				snprintf(err.text, sizeof(err.text), "%s %s "
				    "was changed again by commit %lu",
				    engine_kind_word(c->objs[j].kind),
				    c->objs[j].name, later->id);
				c = NULL;
				break;
			}
		if (c != NULL && c->gbefore != NULL && later->gbefore != NULL) {
			snprintf(err.text, sizeof(err.text), "the hostname and "
			    "bgp listen addresses were changed again by commit "
			    "%lu", later->id);
			c = NULL;
		}
	}
	if (c != NULL && (cand = candidate_new(e, "commit-confirmed")) != NULL) {
		if (put_back(cand, c) == 0)
			rc = candidate_commit(cand, COMMIT_NOW, 0, comment,
			    &made, &err);
		candidate_free(cand);
	}
	snprintf(resource, sizeof(resource), "commit %lu", undone);
	if (rc == 0)
		event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
		    EVK_COMMIT_ROLLED_BACK, resource, "not confirmed within "
		    "%u s: commit %lu puts back the configuration before it",
		    log->confirm_s, made);
	else
		event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
		    EVK_COMMIT_ROLLED_BACK, resource, "not confirmed within "
		    "%u s, and could not be undone: %s", log->confirm_s,
		    err.text);
}

/* Reads. */

static void
info_of(struct commit_log *log, const struct commit *c,
    struct commit_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id = c->id;
	info->wall_ns = c->wall_ns;
	info->session = c->session;
	info->comment = c->comment;
	info->added = c->diff.added;
	info->removed = c->diff.removed;
	info->diff = c->diff.text != NULL ? c->diff.text : "";
	info->confirm_pending = log->confirm_id == c->id;
	info->confirm_deadline_ns = info->confirm_pending ?
	    log->confirm_deadline_ns : 0;
}

size_t
engine_commit_count(const struct engine *e)
{
	return e->commits != NULL ? e->commits->n : 0;
}

bool
engine_commit_get(struct engine *e, size_t i, struct commit_info *info)
{
	const struct commit *c;

	if (e->commits == NULL || (c = commit_at(e->commits, i)) == NULL)
		return false;
	info_of(e->commits, c, info);
	return true;
}

bool
engine_commit_find(struct engine *e, unsigned long id,
    struct commit_info *info)
{
	size_t i;

	for (i = 0; i < engine_commit_count(e); i++)
		if (commit_at(e->commits, i)->id == id) {
			info_of(e->commits, commit_at(e->commits, i), info);
			return true;
		}
	return false;
}
