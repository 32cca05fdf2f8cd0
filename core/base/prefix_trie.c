/*
 * prefix_trie: each node is a prefix; a node's children extend it by at
 * least one bit, child[0] where the next bit is 0.  Nodes without a value
 * exist only where two branches part (glue), so the trie has fewer than
 * two nodes per prefix, and a path is as long as the number of places
 * the stored prefixes differ, not the number of address bits.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "prefix_trie.h"
#include "slab.h"

struct node {
	struct node	*child[2], *parent;
	struct prefix	 prefix;	/* host bits zero */
	void		*value;		/* NULL: glue */
};

struct prefix_trie {
	struct node	*root[2];	/* IPv4, IPv6 */
	size_t		 count;
	struct arena	*arena;		/* the nodes', if not the slab */
	struct slab	 nodes;		/* a trie kept and changed */
	/* the node node_of() last gave: prefixes often come in order (a
	 * feed, a build), so the next one's place is near it */
	struct node	*finger;
};

static const uint8_t *
bytes_of(const struct ipaddr *a)
{
	return a->family == AF_INET ? (const uint8_t *)&a->v4 : a->v6.s6_addr;
}

static unsigned
max_len(sa_family_t f)
{
	return f == AF_INET ? 32 : 128;
}

static int
family_index(sa_family_t f)
{
	return f == AF_INET ? 0 : f == AF_INET6 ? 1 : -1;
}

static unsigned
bit_at(const struct ipaddr *a, unsigned i)
{
	return (bytes_of(a)[i >> 3] >> (7 - (i & 7))) & 1;
}

/* How many leading bits a and b share, at most limit. */
static unsigned
common_bits(const struct ipaddr *a, const struct ipaddr *b, unsigned limit)
{
	const uint8_t *x = bytes_of(a), *y = bytes_of(b);
	unsigned i, n;

	for (i = 0; i * 8 < limit; i++)
		if (x[i] != y[i]) {
			n = i * 8 + (unsigned)__builtin_clz((unsigned)(x[i] ^
			    y[i]) << 24);
			return n < limit ? n : limit;
		}
	return limit;
}

struct prefix_trie *
prefix_trie_new(void)
{
	struct prefix_trie *t = calloc(1, sizeof(*t));

	if (t != NULL)
		slab_init(&t->nodes, sizeof(struct node));
	return t;
}

struct prefix_trie *
prefix_trie_new_in(struct arena *a)
{
	struct prefix_trie *t = arena_alloc(a, sizeof(*t));

	if (t != NULL)
		t->arena = a;
	return t;
}

static void
node_free(struct prefix_trie *t, struct node *n)
{
	if (t->finger == n)
		t->finger = NULL;
	if (t->arena == NULL)
		slab_put(&t->nodes, n);
}

static void
free_tree(struct node *n, void (*release)(void *))
{
	struct node *next;

	/* iterative, so a deep trie cannot exhaust the stack */
	while (n != NULL) {
		if (n->child[0] != NULL) {
			next = n->child[0];
			n->child[0] = NULL;
			n = next;
		} else if (n->child[1] != NULL) {
			next = n->child[1];
			n->child[1] = NULL;
			n = next;
		} else {
			next = n->parent;
			if (n->value != NULL && release != NULL)
				release(n->value);
			n = next;
		}
	}
}

void
prefix_trie_free(struct prefix_trie *t, void (*release)(void *))
{
	if (t == NULL || (t->arena != NULL && release == NULL))
		return;		/* the arena's owner frees it all */
	if (release != NULL) {
		free_tree(t->root[0], release);
		free_tree(t->root[1], release);
	}
	if (t->arena == NULL) {
		slab_free(&t->nodes);	/* every node at once */
		free(t);
	}
}

static struct node *
node_new(struct prefix_trie *t, const struct prefix *p, struct node *parent)
{
	struct node *n = t->arena != NULL ? arena_alloc(t->arena, sizeof(*n)) :
	    slab_alloc(&t->nodes);

	if (n != NULL) {
		n->prefix = *p;
		n->parent = parent;
	}
	return n;
}

/* The node of p, created as glue if absent. */
static struct node *
node_of(struct prefix_trie *t, const struct prefix *p)
{
	int fi = family_index(p->addr.family);
	struct node **link, *n, *parent = NULL, *x, *glue;
	struct prefix key;
	unsigned common;

	if (fi < 0 || p->len > max_len(p->addr.family))
		return NULL;
	key = prefix_truncated(p, p->len);
	link = &t->root[fi];
	/*
	 * Every node whose prefix holds key's lies on the way down to key's
	 * place, so the descent may start at the deepest of them above the
	 * last node given: a few steps up instead of a walk from the root.
	 */
	for (n = t->finger; n != NULL && n->prefix.addr.family == key.addr.family;
	    n = n->parent)
		if (n->prefix.len <= key.len && common_bits(&n->prefix.addr,
		    &key.addr, n->prefix.len) == n->prefix.len) {
			if (n->prefix.len == key.len)
				return t->finger = n;
			parent = n;
			link = &n->child[bit_at(&key.addr, n->prefix.len)];
			break;
		}
	while ((n = *link) != NULL) {
		common = common_bits(&n->prefix.addr, &key.addr,
		    n->prefix.len < key.len ? n->prefix.len : key.len);
		if (common < n->prefix.len)
			break;		/* key parts from n above it */
		if (n->prefix.len == key.len)
			return t->finger = n;
		parent = n;
		link = &n->child[bit_at(&key.addr, n->prefix.len)];
	}
	if (n == NULL) {
		if ((x = node_new(t, &key, parent)) == NULL)
			return NULL;
		*link = x;
		return t->finger = x;
	}
	if (common == key.len) {
		/* key is above n: it becomes n's parent */
		if ((x = node_new(t, &key, parent)) == NULL)
			return NULL;
		x->child[bit_at(&n->prefix.addr, key.len)] = n;
		n->parent = x;
		*link = x;
		return t->finger = x;
	}
	/* key and n part at bit `common`: a glue node joins them */
	glue = node_new(t, &(struct prefix){ .addr = key.addr }, parent);
	x = node_new(t, &key, glue);
	if (glue == NULL || x == NULL) {
		if (glue != NULL)
			node_free(t, glue);
		if (x != NULL)
			node_free(t, x);
		return NULL;
	}
	glue->prefix = prefix_truncated(&key, common);
	glue->child[bit_at(&key.addr, common)] = x;
	glue->child[bit_at(&n->prefix.addr, common)] = n;
	n->parent = glue;
	*link = glue;
	return t->finger = x;
}

int
prefix_trie_insert(struct prefix_trie *t, const struct prefix *p, void *value,
    void **old)
{
	struct node *n;

	if (old != NULL)
		*old = NULL;
	if (value == NULL || (n = node_of(t, p)) == NULL)
		return -1;
	if (n->value == NULL)
		t->count++;
	else if (old != NULL)
		*old = n->value;
	n->value = value;
	return 0;
}

static struct node *
find(const struct prefix_trie *t, const struct prefix *p)
{
	int fi = family_index(p->addr.family);
	struct node *n;
	struct prefix key;

	if (fi < 0 || p->len > max_len(p->addr.family))
		return NULL;
	key = prefix_truncated(p, p->len);
	for (n = t->root[fi]; n != NULL && n->prefix.len <= key.len;
	    n = n->child[bit_at(&key.addr, n->prefix.len)]) {
		if (common_bits(&n->prefix.addr, &key.addr, n->prefix.len) <
		    n->prefix.len)
			return NULL;
		if (n->prefix.len == key.len)
			return n;
	}
	return NULL;
}

void *
prefix_trie_get(const struct prefix_trie *t, const struct prefix *p)
{
	struct node *n = find(t, p);

	return n != NULL ? n->value : NULL;
}

/* Replace n by its only child (or nothing) in its parent's link. */
static void
splice(struct prefix_trie *t, struct node *n)
{
	struct node *only = n->child[0] != NULL ? n->child[0] : n->child[1];
	struct node **link;

	if (n->parent == NULL)
		link = &t->root[family_index(n->prefix.addr.family)];
	else
		link = &n->parent->child[n->parent->child[1] == n];
	*link = only;
	if (only != NULL)
		only->parent = n->parent;
	node_free(t, n);
}

/* n has lost its value: it goes unless it parts two branches. */
static void
prune(struct prefix_trie *t, struct node *n)
{
	struct node *parent;

	if (n->child[0] != NULL && n->child[1] != NULL)
		return;			/* still glue */
	parent = n->parent;
	splice(t, n);
	/* a glue parent left with one child is not needed either */
	if (parent != NULL && parent->value == NULL &&
	    (parent->child[0] == NULL || parent->child[1] == NULL))
		splice(t, parent);
}

void *
prefix_trie_remove(struct prefix_trie *t, const struct prefix *p)
{
	struct node *n = find(t, p);
	void *value;

	if (n == NULL || n->value == NULL)
		return NULL;
	value = n->value;
	n->value = NULL;
	t->count--;
	prune(t, n);
	return value;
}

void *
prefix_trie_get_or_add(struct prefix_trie *t, const struct prefix *p,
    void *(*make)(void *), void *arg)
{
	struct node *n = node_of(t, p);

	if (n == NULL)
		return NULL;
	if (n->value == NULL) {
		if ((n->value = make(arg)) == NULL) {
			prune(t, n);
			return NULL;
		}
		t->count++;
	}
	return n->value;
}

size_t
prefix_trie_count(const struct prefix_trie *t)
{
	return t->count;
}

void *
prefix_trie_match(const struct prefix_trie *t, const struct ipaddr *a,
    prefix_trie_usable usable, void *arg, struct prefix *matched)
{
	int fi = family_index(a->family);
	const struct node *n, *best = NULL;
	unsigned limit = max_len(a->family);

	if (fi < 0)
		return NULL;
	for (n = t->root[fi]; n != NULL; ) {
		if (common_bits(&n->prefix.addr, a, n->prefix.len) <
		    n->prefix.len)
			break;
		if (n->value != NULL && (usable == NULL ||
		    usable(n->value, arg)))
			best = n;
		if (n->prefix.len == limit)
			break;
		n = n->child[bit_at(a, n->prefix.len)];
	}
	if (best == NULL)
		return NULL;
	if (matched != NULL)
		*matched = best->prefix;
	return best->value;
}

/*
 * Pre-order, 0 branch before 1 branch: prefix_compare() order.  The 1
 * branches still to visit wait on a stack, so no node is read twice (a
 * walk that climbs back through parents reads each glue node three times,
 * and at a million prefixes each read is a cache miss).  A child's prefix
 * is longer than its parent's, so a path has at most 129 nodes, and the
 * stack holds at most one waiting branch per node of the path.
 */
enum { STACK_MAX = 130 };

/* The walk from the branches waiting on the stack; false if it stopped. */
static bool
walk_stack(const struct node **stack, size_t depth, prefix_trie_visit visit,
    prefix_trie_visit_until until, void *arg)
{
	const struct node *n;

	while (depth > 0) {
		n = stack[--depth];
		/* the next node is fetched while this one is visited: at a
		 * million prefixes, reading a node was most of a walk */
		if (n->child[1] != NULL)
			stack[depth++] = n->child[1];
		if (n->child[0] != NULL)
			stack[depth++] = n->child[0];
		if (depth > 0)
			__builtin_prefetch(stack[depth - 1]);
		if (n->value == NULL)
			continue;
		if (visit != NULL)
			visit(&n->prefix, n->value, arg);
		else if (!until(&n->prefix, n->value, arg))
			return false;
	}
	return true;
}

static bool
walk(const struct node *root, prefix_trie_visit visit,
    prefix_trie_visit_until until, void *arg)
{
	const struct node *stack[STACK_MAX];

	if (root == NULL)
		return true;
	stack[0] = root;
	return walk_stack(stack, 1, visit, until, arg);
}

void
prefix_trie_walk(const struct prefix_trie *t, prefix_trie_visit visit,
    void *arg)
{
	walk(t->root[0], visit, NULL, arg);
	walk(t->root[1], visit, NULL, arg);
}

static bool
covers(const struct node *n, const struct prefix *p)
{
	return n->prefix.len <= p->len && common_bits(&n->prefix.addr,
	    &p->addr, n->prefix.len) == n->prefix.len;
}

/*
 * The walk from just past `after`: down the path to it, what comes after
 * it waits on the stack as the walk from the start would have left it (a
 * branch of ones beside the path, or a subtree past the point where the
 * path and the trie part).
 */
static bool
walk_after(const struct node *n, const struct prefix *after,
    prefix_trie_visit_until until, void *arg)
{
	const struct node *stack[STACK_MAX];
	size_t depth = 0;
	unsigned b;

	while (n != NULL) {
		if (!covers(n, after)) {
			if (prefix_compare(&n->prefix, after) > 0)
				stack[depth++] = n;
			break;
		}
		if (n->prefix.len == after->len) {
			if (n->child[1] != NULL)
				stack[depth++] = n->child[1];
			if (n->child[0] != NULL)
				stack[depth++] = n->child[0];
			break;
		}
		b = bit_at(&after->addr, n->prefix.len);
		if (b == 0 && n->child[1] != NULL)
			stack[depth++] = n->child[1];
		n = n->child[b];
	}
	return walk_stack(stack, depth, NULL, until, arg);
}

bool
prefix_trie_walk_after(const struct prefix_trie *t, const struct prefix *after,
    prefix_trie_visit_until until, void *arg)
{
	if (after == NULL)
		return walk(t->root[0], NULL, until, arg) &&
		    walk(t->root[1], NULL, until, arg);
	if (after->addr.family == AF_INET)
		return walk_after(t->root[0], after, until, arg) &&
		    walk(t->root[1], NULL, until, arg);
	if (after->addr.family == AF_INET6)
		return walk_after(t->root[1], after, until, arg);
	return true;
}
