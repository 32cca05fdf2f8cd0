/*
 * prefix_trie: a path-compressed binary trie of IPv4 and IPv6 prefixes,
 * the data structure behind every route table that is looked up by
 * address.  Exact lookups, insertion and removal cost one walk down the
 * address bits (at most 32 or 128 levels, usually far fewer); a
 * longest-prefix match is the same walk, remembering the deepest usable
 * prefix on the way.  A walk visits prefixes in prefix_compare() order.
 *
 * The trie holds one non-NULL value per prefix and never looks inside it.
 */
#ifndef ECSH_PREFIX_TRIE_H
#define ECSH_PREFIX_TRIE_H

#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"

struct arena;
struct prefix_trie;

struct prefix_trie	*prefix_trie_new(void);
/* A trie whose nodes are the arena's, freed with it. */
struct prefix_trie	*prefix_trie_new_in(struct arena *);
/*
 * release, if not NULL, is called on every value.  A trie in an arena
 * without a release needs nothing done: the arena goes as a whole.
 */
void	prefix_trie_free(struct prefix_trie *, void (*release)(void *));

/*
 * Give a prefix a value (not NULL), replacing the one it had, which goes
 * to *old (old may be NULL).  -1 when memory runs out or the prefix is
 * not IPv4 or IPv6.
 */
int	 prefix_trie_insert(struct prefix_trie *, const struct prefix *,
	    void *value, void **old);
void	*prefix_trie_get(const struct prefix_trie *, const struct prefix *);
/*
 * The value of p in one walk down; when p has none, make(arg) is called
 * and what it returns becomes p's.  NULL when memory runs out or p is not
 * IPv4 or IPv6.
 */
void	*prefix_trie_get_or_add(struct prefix_trie *, const struct prefix *,
	    void *(*make)(void *), void *arg);
/* Take a prefix out; its value is returned, NULL if it had none. */
void	*prefix_trie_remove(struct prefix_trie *, const struct prefix *);
size_t	 prefix_trie_count(const struct prefix_trie *);

/*
 * The value of the longest prefix holding addr for which usable() says
 * yes (every value when usable is NULL), and that prefix in *matched
 * (which may be NULL).  NULL when none matches.
 */
typedef bool	(*prefix_trie_usable)(const void *value, void *arg);
void	*prefix_trie_match(const struct prefix_trie *, const struct ipaddr *,
	    prefix_trie_usable, void *arg, struct prefix *matched);

/* Every prefix with a value, IPv4 first, in prefix_compare() order. */
typedef void	(*prefix_trie_visit)(const struct prefix *, void *value,
		    void *arg);
void	prefix_trie_walk(const struct prefix_trie *, prefix_trie_visit,
	    void *arg);
/*
 * The prefixes past `after` (NULL: every one), in the same order, while
 * until() says to go on: a walk that gave the loop back goes on from the
 * last prefix it saw, whatever changed meanwhile.  False if until()
 * stopped it, true at the end.
 */
typedef bool	(*prefix_trie_visit_until)(const struct prefix *, void *value,
		    void *arg);
bool	prefix_trie_walk_after(const struct prefix_trie *,
	    const struct prefix *after, prefix_trie_visit_until, void *arg);

#endif
