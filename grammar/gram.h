/*
 * gram: the command language of ecsh as data, and the one matcher over it.
 *
 * Each mode's commands are a flat table of nodes in outline order: a node's
 * children are the nodes that follow it one level deeper (see mode_*.c).
 * The same walk serves execution (gram_match), `?` (gram_help), TAB
 * (gram_complete), `--check` and the man page generator (gram-manref).
 *
 * Nothing here prints, exits, allocates or touches globals; object names
 * come from a callback that the caller supplies, so grammar/ never links
 * core/.
 */
#ifndef ECSH_GRAM_H
#define ECSH_GRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/base/netaddr.h"
#include "../core/cloud/objkind.h"
#include "../core/cloud/setting.h"
#include "gram_cmd.h"

enum gram_type {
	GT_END,			/* table terminator */
	GT_KEYWORD,		/* a fixed word; any unique prefix matches */
	GT_RANGE,		/* decimal integer within [min, max] */
	GT_ASN,			/* 1..4294967295, asplain or asdot X.Y */
	GT_IPV4,
	GT_IPV6,
	GT_IP,			/* either family */
	GT_PREFIX4,
	GT_PREFIX6,
	GT_PREFIX,		/* either family */
	GT_NAME,		/* object name: letter, then [A-Za-z0-9._-], 1-128 */
	GT_WORD,		/* any single word */
	GT_LINE,		/* the rest of the line, spaces included */
};

enum gram_flag {
	GF_NO_ONLY	= 1 << 0,	/* .cmd ends here only after `no` */
	GF_REPEAT	= 1 << 1,	/* the node may follow itself */
	GF_SHOW		= 1 << 2,	/* below here: show commands (json, |) */
	GF_EXACT	= 1 << 3,	/* keyword must be typed in full */
	GF_NO		= 1 << 4,	/* the generic `no` prefix */
	GF_DO		= 1 << 5,	/* the generic `do` prefix */
	GF_JSON		= 1 << 6,	/* the generic trailing `json` */
	GF_SHARE	= 1 << 7,	/* continues as its next sibling does */
	GF_OPTIONS	= 1 << 8,	/* children: options, any order, once */
	GF_SECRET	= 1 << 9,	/* a key: shown only to rebuild the
					   configuration (SPEC 2) */
};

/* Named argument slots that typed tokens (and valued keywords) fill. */
enum gram_slot {
	A_NONE,
	A_NAME,			/* the object a mode command creates or enters */
	A_VBR, A_ECR, A_VPC, A_VPN_GATEWAY, A_VPN_CONNECTION,
	A_CUSTOMER_GATEWAY, A_TRANSIT_ROUTER, A_GROUP,
	A_IP,			/* peer, address, lookup address */
	A_NEXT_HOP,
	A_PREFIX,
	A_MASK,
	A_ASN,
	A_NUMBER,		/* vlan, route-limit, hold-time, quota, ... */
	A_INTERVAL, A_MULTIPLIER, A_HOPS, A_PORT, A_TUNNEL,
	A_SECONDS, A_COUNT,
	A_TEXT,			/* LINE: description, regex */
	A_WORD,			/* auth-key, file, help topic */
	A_KIND,			/* keyword value: which object kind */
	A_FAMILY,		/* keyword value: AF_INET / AF_INET6 */
	A_CHOICE,		/* keyword value: a command variant */
	A_AS_PATH,		/* repeated ASN */
	A_MED,			/* a CPE network's MED */
	A_ORIGIN,		/* keyword value: BGP ORIGIN, 0 IGP .. 2 */
	A_PROTO,		/* keyword value: a flow's IP protocol */
	A_SRC, A_SPORT, A_DPORT,	/* a flow's source, its ports */
	A_SLOT_COUNT
};

/* Values a keyword stores in A_CHOICE. */
enum gram_choice {
	CH_NONE,
	CH_RECEIVED, CH_ADVERTISED,
	CH_ESTABLISHED, CH_CONVERGED,
	CH_UP, CH_DOWN,
	CH_START, CH_STOP,
	CH_INCLUDE, CH_EXCLUDE, CH_BEGIN, CH_SECTION, CH_COUNT,
	CH_MEMORY, CH_TERMINAL,		/* write */
	CH_STARTUP, CH_RUNNING,		/* copy: the destination */
	CH_HISTORY,			/* show bgp peer IP history */
	CH_SUMMARY,			/* show route-table ... summary */
	CH_LENGTH, CH_WIDTH,		/* terminal */
	CH_CHECK, CH_CONFIRMED,		/* commit */
};

enum gram_mode {
	M_EXEC,
	M_CONFIG,
	M_VBR,
	M_BGP_GROUP,
	M_BGP_PEER,
	M_ECR,
	M_VPC,
	M_VPN_GATEWAY,
	M_CUSTOMER_GATEWAY,
	M_VPN_CONNECTION,
	M_VPN_TUNNEL,
	M_TRANSIT_ROUTER,
	M_CPE,
	M_ALERT_RULE,
	M_MODE_COUNT,
	M_NONE = M_MODE_COUNT
};

struct gram_node {
	uint8_t		 depth;		/* 0 = first word of a command */
	uint8_t		 type;		/* enum gram_type */
	uint8_t		 slot;		/* enum gram_slot the value goes to */
	uint16_t	 flags;		/* enum gram_flag */
	uint8_t		 obj;		/* GT_NAME: enum obj_kind completed */
	uint8_t		 enters;	/* enum gram_mode the command enters */
	uint16_t	 cmd;		/* enum gram_cmd: a command may end here */
	uint16_t	 setting;	/* C_SET: enum setting it changes */
	int64_t		 min, max;	/* GT_RANGE bounds */
	int64_t		 value;		/* GT_KEYWORD: what it stores in .slot */
	const char	*word;		/* keyword, or the metavariable shown */
	const char	*help;		/* one line, shown by `?` and the man page */
	const char	*code;		/* the cloud API's code for a bad value */
};

struct gram_mode_info {
	const char		*name;		/* "config-vbr" */
	const char		*prompt;	/* "(config-vbr)#" */
	enum gram_mode		 parent;
	enum obj_kind		 obj;		/* object the mode edits */
	const struct gram_node	*nodes;
};

extern const struct gram_mode_info gram_modes[M_MODE_COUNT];
extern const struct gram_node gram_common[];	/* exit, end, no, do */
extern const struct gram_node gram_filters[];	/* include, exclude, ... */

enum gram_status {
	GS_OK,
	GS_NO_MATCH,		/* invalid input at .error_col */
	GS_INCOMPLETE,
	GS_AMBIGUOUS,
	GS_TOO_LONG,
	GS_EMPTY,		/* blank line or a `!` comment */
};

enum { GRAM_LINE_MAX = 4096, GRAM_WORDS_MAX = 128, GRAM_AS_PATH_MAX = 32,
	GRAM_WHY_MAX = 160, GRAM_FILTERS_MAX = 8 };

struct gram_value {
	int64_t		 number;	/* ranges, ASNs, keyword values */
	struct ipaddr	 ip;
	struct prefix	 prefix;
	const char	*text;		/* points into gram_match.buf */
};

/* One `| include REGEX` after a show; filters apply left to right. */
struct gram_filter {
	enum gram_choice	 kind;		/* CH_INCLUDE ... CH_COUNT */
	const char		*regex;		/* NULL for count */
};

struct gram_match {
	enum gram_status	 status;
	enum gram_cmd		 cmd;
	enum setting		 setting;	/* C_SET: which */
	const struct gram_node	*node;		/* where the command ended */
	int			 levels_up;	/* matched in an enclosing mode */
	bool			 negate;	/* `no ...` */
	bool			 via_do;	/* `do ...` */
	bool			 is_show;
	bool			 json;
	struct gram_filter	 filter[GRAM_FILTERS_MAX];
	size_t			 nfilters;
	size_t			 error_col;	/* column of the bad word */
	/* where a GF_SECRET word was taken (even by a line refused
	 * further on), secret_len 0 if none */
	size_t			 secret_col, secret_len;
	char			 why[GRAM_WHY_MAX];	/* decoder's reason */
	uint64_t		 present;	/* bit per enum gram_slot */
	struct gram_value	 arg[A_SLOT_COUNT];
	uint32_t		 as_path[GRAM_AS_PATH_MAX];
	size_t			 as_path_len;
	char			 buf[GRAM_LINE_MAX];	/* holds the words */
};

static inline bool
gram_has(const struct gram_match *m, enum gram_slot s)
{
	return (m->present >> s) & 1;
}

/* Decode one line typed in `mode`.  Always fills m->status. */
enum gram_status gram_match(const char *line, enum gram_mode mode,
	    struct gram_match *m);

/*
 * The inverse of gram_match for a setting: the words, in `mode`, of the
 * command that sets m->setting to what m's slots hold (`no ...` when
 * m->negate).  Of the ways the grammar has to say it, the one that uses
 * the most slots.  -1 when none fits, or buf is too short.
 */
int	gram_unparse(enum gram_mode mode, const struct gram_match *m,
	    char *buf, size_t len);

/*
 * A line as it may be shown where keys are not (history, echoes, diffs,
 * labels): its GF_SECRET word, typed in full or abbreviated, replaced by
 * GRAM_HIDDEN, in `mode` and the modes around it, or in any mode when
 * mode is M_NONE (a line whose mode is not known).  A caret's *col (col
 * may be NULL) moves with the text after the key, or onto GRAM_HIDDEN
 * when it was inside the key.
 */
#define GRAM_HIDDEN	AUTH_KEY_HIDDEN
void	gram_mask_secrets(const char *line, enum gram_mode mode, char *out,
	    size_t len, size_t *col);
/* Where that key is in line (*at, *n bytes); false when there is none. */
bool	gram_find_secret(const char *line, enum gram_mode mode, size_t *at,
	    size_t *n);

/* Names of existing objects, for TAB; supplied by the caller. */
struct gram_names {
	void	(*list)(void *ctx, enum obj_kind kind,
		    void (*add)(void *acc, const char *name), void *acc);
	void	*ctx;
};

struct gram_help_item {
	char		 word[64];	/* "vlan", "<0-2999>", "NAME", "<cr>" */
	const char	*help;
};

enum { GRAM_HELP_MAX = 96, GRAM_COMPLETE_MAX = 256 };

struct gram_help {
	enum gram_status	status;	/* GS_NO_MATCH: nothing can follow */
	size_t			error_col;
	size_t			count;
	struct gram_help_item	item[GRAM_HELP_MAX];
};

/* What may come at the end of `line` (the word being typed, or the next). */
void	gram_help(const char *line, enum gram_mode mode, struct gram_help *h);

struct gram_completion {
	size_t		 word_start;	/* offset in line of the partial word */
	size_t		 count;
	char		*cand[GRAM_COMPLETE_MAX];	/* into .store */
	char		 store[8192];
	size_t		 used;
};

/* Candidates for the last (partial) word of `line`, sorted, unique. */
void	gram_complete(const char *line, enum gram_mode mode,
	    const struct gram_names *names, struct gram_completion *c);

/* Length of the common prefix of all candidates. */
size_t	gram_completion_common(const struct gram_completion *c);

/* Typed token decoders, exposed for the unit tests and the man page. */
bool	gram_decode(const struct gram_node *n, const char *word,
	    struct gram_value *v, char *why, size_t whylen);
bool	gram_decode_asn(const char *word, uint32_t *asn);
bool	gram_name_valid(const char *word);
const char *gram_type_word(const struct gram_node *n, char *buf, size_t len);

/* Walking a node table. */
size_t	gram_first_child(const struct gram_node *tab, size_t parent);
size_t	gram_next_sibling(const struct gram_node *tab, size_t i);
bool	gram_option_excludes(const struct gram_node *a,
	    const struct gram_node *b);
#define GRAM_NONE ((size_t)-1)	/* no such node */
#define GRAM_ROOT ((size_t)-2)	/* above the first word */

#endif
