/*
 * commits: the configuration as a value, and its history (SPEC 7).
 *
 * A candidate is a copy of the running store that one configuration
 * session edits: its lines change only the copy, and the rules that read
 * several objects wait for the commit, where the whole is checked.  A
 * commit takes the top-level objects the session changed (a VBR with its
 * groups and peers, a connection with its tunnels) into the running
 * store at once, so sessions, routes and tables follow in one reconcile;
 * or it changes nothing.  Each commit is kept (the newest
 * COMMITS_KEPT, in memory only) with the objects as they were before it,
 * which is what `rollback` and an unconfirmed `commit confirmed` put back.
 *
 * Immediate `configure` changes are commits too: the running store notes
 * each object before its first change, and engine_commit_immediate()
 * closes them into one commit (at `end`).
 *
 * The store cannot read a configuration as text nor replay it: the shell
 * lends it both (struct commit_ops), in the words of the grammar.
 */
#ifndef ECSH_COMMITS_H
#define ECSH_COMMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "limits.h"

enum { COMMIT_COMMENT_MAX = 200 };

struct strbuf;

struct commit_ops {
	/* Does store hold together as a whole?  The shell replays it, in
	 * running-config order, into a store that checks every rule as each
	 * line is typed.  0, or -1 with the first refusal in err. */
	int	(*check)(const struct engine *store, struct engine_error *err);
	/* A top-level object's block as running-config says it (kind
	 * OBJ_NONE: the hostname and bgp listen lines), malloc'd; "" when
	 * it is not there; NULL if out of memory. */
	char	*(*block)(const struct engine *store, enum obj_kind,
		    const char *name);
	/*
	 * The same in slices (SPEC 10), for a block of any size: a top-level
	 * object's block (o: a store's, or a copy), each step as far as
	 * enough(arg) lets it: 1 more to come, 0 done.  And the check: 1
	 * more, 0 it holds, -1 refused (err).  NULL from a begin: no memory.
	 */
	void	*(*text_begin)(const struct engine *, const struct object *o,
		    bool (*enough)(void *), void *arg);
	int	 (*text_step)(void *, struct strbuf *out);
	void	 (*text_free)(void *);
	void	*(*check_begin)(const struct engine *store,
		    bool (*enough)(void *), void *arg);
	int	 (*check_step)(void *, struct engine_error *);
	void	 (*check_free)(void *);
};

/*
 * An empty store that checks every rule as it changes and runs nothing:
 * where a configuration is replayed to be checked.
 */
struct engine	*engine_scratch_new(const struct engine *like);
void		 engine_scratch_free(struct engine *);
/*
 * A scratch copy of e's configuration as it stands: a read that takes
 * many loop rounds (a running-config of a million networks) walks it,
 * and sees one configuration whatever changes meanwhile.  Objects are
 * copied; a CPE's networks are shared until one side changes them.
 */
struct engine	*engine_store_copy(const struct engine *e);

/* Keep a history of e's configuration from now on. */
int	engine_commits_start(struct engine *, const struct commit_ops *);
void	engine_commits_stop(struct engine *);

/*
 * Immediate changes.  Each change is noted under the author who makes it
 * (a shell's number), so two shells in `configure` at once each commit
 * their own.
 */
void	engine_author(struct engine *, unsigned author);
/* The author's changes since the last, as one commit: its id, or 0 when
 * nothing changed. */
unsigned long engine_commit_immediate(struct engine *, unsigned author,
	    const char *session);
/* `load` failed and put the configuration back: what it committed and
 * noted since commit `since` never happened. */
void	engine_commits_undo_since(struct engine *, unsigned author,
	    unsigned long since);
unsigned long engine_commit_last(const struct engine *);
/* The confirmed commit that waits for a plain commit, or 0. */
unsigned long engine_confirm_pending(const struct engine *);

/* Candidates. */
struct candidate;
struct candidate	*candidate_new(struct engine *running, const char *name);
void			 candidate_free(struct candidate *);
/* The store the session's lines change (engine_set, engine_enter...). */
struct engine		*candidate_store(struct candidate *);
const char		*candidate_name(const struct candidate *);
/* Has the session changed anything since it began or last committed? */
bool			 candidate_changed(const struct candidate *);

struct commit_diff {
	char	*text;		/* running-config lines led by - + or ' ' */
	size_t	 added, removed;
	size_t	 len, cap;	/* of text */
};
void	commit_diff_free(struct commit_diff *);
/* The candidate against the running configuration: only what this
 * session changed.  0, or -1 out of memory. */
int	candidate_diff(struct candidate *, struct commit_diff *);

enum commit_how {
	COMMIT_CHECK,		/* would it commit?  nothing changes */
	COMMIT_NOW,
	COMMIT_CONFIRMED,	/* undone in confirm_s unless confirmed */
};
/*
 * Commit: refused (with the object and the commit it collides with, or
 * the rule) when another commit changed one of this session's objects
 * since it began; else the whole candidate is checked and what the
 * session changed is taken in.  Objects other commits changed meanwhile
 * come into the candidate first (they merge).  *id is the new commit, 0
 * when there was nothing to commit.  A plain commit, from any session,
 * confirms a pending confirmed one.  0, or -1 with err.
 */
int	candidate_commit(struct candidate *, enum commit_how,
	    unsigned confirm_s, const char *comment, unsigned long *id,
	    struct engine_error *);

/*
 * The same in slices (SPEC 10): the check, the diff and, when the running
 * configuration was not committed to meanwhile, the install (else it
 * merges and starts over, a few times).  Each step does what the loop's
 * round allows and returns true while more is left; then the result: 0
 * or -1 (err), the new commit's id (0: nothing to commit) and the diff
 * (for COMMIT_CHECK too).  The candidate must stay as it is meanwhile.
 * free gives up a job not done.
 */
struct commit_job;
struct commit_job *commit_job_new(struct candidate *, enum commit_how,
		    unsigned confirm_s, const char *comment);
bool		 commit_job_step(struct commit_job *);
int		 commit_job_result(const struct commit_job *,
		    unsigned long *id, const struct commit_diff **,
		    const struct engine_error **);
void		 commit_job_free(struct commit_job *);

/*
 * Diffs of commits that are still being written (a block of a million
 * lines is said in slices, after the commit), or commits still checked:
 * a read of commits waits for them.
 */
bool	engine_commits_busy(const struct engine *);

/*
 * The candidate of a new commit that puts the configuration back as it
 * was after commit `id` (0: empty): a commit job takes it in, in slices.
 * NULL, with err, when that commit is not kept.  The caller frees it.
 */
struct candidate *engine_rollback_candidate(struct engine *, unsigned long id,
		    const char *session, struct engine_error *);

/* Reads. */
struct commit_info {
	unsigned long	 id;
	uint64_t	 wall_ns;
	const char	*session;
	const char	*comment;
	size_t		 added, removed;
	const char	*diff;		/* as candidate_diff's text */
	bool		 confirm_pending;	/* commit confirmed, not yet */
	uint64_t	 confirm_deadline_ns;	/* on the engine's clock */
};
size_t	engine_commit_count(const struct engine *);
/* i from 0, the oldest kept. */
/* The first read of a script's commit writes its diff out (a cache:
 * the configuration does not change). */
bool	engine_commit_get(struct engine *, size_t i, struct commit_info *);
bool	engine_commit_find(struct engine *, unsigned long id,
	    struct commit_info *);

#endif
