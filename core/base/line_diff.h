/*
 * line_diff: the lines two texts do not share, as a unified diff without
 * hunk headers: each line of the result is led by '-' (only in the old
 * text), '+' (only in the new) or ' ' (in both, kept for context).
 *
 * Context is the enclosing lines by indentation: an unchanged line is
 * kept when it opens a block (is less indented than the lines after it)
 * that holds a change, so each side of the diff, read without the other's
 * lines, is a configuration script that says where its lines belong.
 */
#ifndef ECSH_LINE_DIFF_H
#define ECSH_LINE_DIFF_H

#include <stdbool.h>
#include <stddef.h>

struct line_diff {
	char	*text;		/* malloc'd; NULL when the texts are equal */
	size_t	 len;
	size_t	 added, removed;
};

/* 0, or -1 if out of memory (d then holds nothing). */
int	line_diff(const char *old_text, const char *new_text,
	    struct line_diff *d);
void	line_diff_free(struct line_diff *);

/*
 * The same in steps (SPEC 10), for texts of a million lines: each step
 * goes as far as enough(arg) lets it (NULL: to the end) and returns 1
 * while more is left, 0 when take may be called, -1 out of memory.  The
 * texts must stay as they are until the job is freed.
 */
struct line_diff_job;
struct line_diff_job *line_diff_begin(const char *old_text,
		    const char *new_text);
int	line_diff_step(struct line_diff_job *, bool (*enough)(void *),
	    void *arg);
void	line_diff_take(struct line_diff_job *, struct line_diff *);
void	line_diff_job_free(struct line_diff_job *);

#endif
