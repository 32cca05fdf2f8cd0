/*
 * gram_def: shorthands for writing the mode tables (mode_*.c) as outlines.
 * The first argument of each is the node's depth; the rest name fields.
 */
#ifndef ECSH_GRAM_DEF_H
#define ECSH_GRAM_DEF_H

#include "gram.h"

#define KW(d, w, h, ...)						\
	{ .depth = (d), .type = GT_KEYWORD, .word = (w), .help = (h),	\
	  __VA_ARGS__ }
#define ARG(d, t, w, h, ...)						\
	{ .depth = (d), .type = (t), .word = (w), .help = (h), __VA_ARGS__ }
#define RANGE(d, lo, hi, h, ...)					\
	{ .depth = (d), .type = GT_RANGE, .min = (lo), .max = (hi),	\
	  .help = (h), __VA_ARGS__ }
/* The command ending here changes setting s (enum setting). */
#define SETS(s)		.cmd = C_SET, .setting = (s)
#define GRAM_TABLE_END	{ .type = GT_END }

#endif
