/*
 * source: one script named on the command line (-f FILE, -c CMD) or
 * standard input, in the order given.
 */
#ifndef ECSH_SOURCE_H
#define ECSH_SOURCE_H

enum source_kind {
	SOURCE_FILE, SOURCE_COMMAND, SOURCE_STDIN,
	SOURCE_STARTUP,		/* the startup configuration, loaded as `load` */
};

struct source {
	enum source_kind	 kind;
	const char		*arg;	/* file name, or the command text */
	char			*owned;	/* arg, when joined from several -c */
};

#endif
