/*
 * gram_manref: writes the command reference of ecsh-commands(7) from the
 * grammar tables, so the manual can never describe a command the shell
 * does not have, or miss one it has.
 *
 *	gram-manref TEMPLATE > ecsh-commands.7
 *
 * TEMPLATE is copied through; the line `.\" @COMMAND-REFERENCE@` becomes
 * one subsection per mode with every command form, its arguments and help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gram.h"

#define MARKER ".\\\" @COMMAND-REFERENCE@"

struct path {
	const struct gram_node	*node[32];
	size_t			 len;
};

/* The alternatives a GF_SHARE run offers, ending at index i. */
static size_t
share_start(const struct gram_node *tab, size_t i)
{
	size_t j, start = i;

	/* walk back over preceding siblings that share into i */
	for (j = i; j-- > 0;) {
		if (tab[j].depth < tab[i].depth)
			break;
		if (tab[j].depth == tab[i].depth) {
			if (!(tab[j].flags & GF_SHARE))
				break;
			start = j;
		}
	}
	return start;
}

static void
put_word(const struct gram_node *n, FILE *out)
{
	char range[48];

	if (n->type == GT_KEYWORD)
		fprintf(out, " Cm %s", n->word);
	else
		fprintf(out, " Ar %s", gram_type_word(n, range, sizeof(range)));
}

static void
put_node(const struct gram_node *tab, const struct gram_node *n, FILE *out)
{
	size_t i = (size_t)(n - tab), j, start = share_start(tab, i);
	bool first = true;

	if (start == i) {
		put_word(n, out);
		return;
	}
	fputs(" Bro", out);
	for (j = start; j <= i; j++) {
		if (tab[j].depth != n->depth)
			continue;
		fprintf(out, "%s Cm %s", first ? "" : " |", tab[j].word);
		first = false;
	}
	fputs(" Brc", out);
}

/* A keyword chosen from a group of alternatives, or the group's last. */
static bool
is_alternative(const struct gram_node *tab, const struct gram_node *n)
{
	return n->flags & GF_SHARE || share_start(tab, (size_t)(n - tab)) !=
	    (size_t)(n - tab);
}

static void
put_option(const struct gram_node *tab, size_t o, FILE *out)
{
	size_t k;

	put_word(&tab[o], out);
	for (k = gram_first_child(tab, o); k != GRAM_NONE;
	    k = gram_first_child(tab, k)) {
		put_word(&tab[k], out);
		if (tab[k].cmd != C_NONE)
			break;
	}
}

/* Options filling the same slot print as one choice, as they match. */
static void
put_options(const struct gram_node *tab, size_t anchor, FILE *out)
{
	size_t o, next;

	for (o = gram_first_child(tab, anchor); o != GRAM_NONE; o = next) {
		fputs(" Oo", out);
		put_option(tab, o, out);
		for (next = gram_next_sibling(tab, o); next != GRAM_NONE &&
		    gram_option_excludes(&tab[o], &tab[next]);
		    next = gram_next_sibling(tab, next)) {
			fputs(" |", out);
			put_option(tab, next, out);
		}
		fputs(" Oc", out);
	}
}

static const char *
mode_name(enum gram_mode m)
{
	return gram_modes[m].name;
}

static void
entry(const struct gram_node *tab, const struct path *p, FILE *out)
{
	const struct gram_node *end = p->node[p->len - 1], *kw = NULL;
	char range[48];
	size_t i;

	fputs(".It", out);
	for (i = 0; i < p->len; i++)
		put_node(tab, p->node[i], out);
	if (end->flags & GF_OPTIONS)
		put_options(tab, (size_t)(end - tab), out);
	fputs("\n", out);
	/*
	 * What the command does is said by its last keyword before the first
	 * argument; keywords after an argument add what they narrow.
	 */
	for (i = 0; i < p->len; i++) {
		if (p->node[i]->type != GT_KEYWORD)
			break;
		if (!is_alternative(tab, p->node[i]))
			kw = p->node[i];
	}
	fprintf(out, "%s.\n", kw != NULL ? kw->help : end->help);
	for (i = 0; i < p->len; i++) {
		const struct gram_node *n = p->node[i];

		if (n->type != GT_KEYWORD)
			fprintf(out, ".Ar %s :\n%s.\n",
			    gram_type_word(n, range, sizeof(range)), n->help);
		else if (i > 0 && p->node[i - 1]->type != GT_KEYWORD &&
		    !is_alternative(tab, n))
			fprintf(out, ".Cm %s :\n%s.\n", n->word, n->help);
	}
	if (end->enters != M_EXEC && end->enters != 0)
		fprintf(out, "Enters\n.Cm %s\nmode.\n", mode_name(end->enters));
}

/* Every place a command may end, except inside option sets. */
static void
walk(const struct gram_node *tab, size_t i, struct path *p, FILE *out)
{
	const struct gram_node *n = &tab[i];
	size_t c;

	if (p->len >= sizeof(p->node) / sizeof(p->node[0]))
		return;
	p->node[p->len++] = n;
	if (n->flags & GF_SHARE) {
		/* alternatives print once, at the sibling they share */
		p->len--;
		return;
	}
	if (n->cmd != C_NONE && !(n->flags & GF_NO_ONLY))
		entry(tab, p, out);
	if (!(n->flags & GF_OPTIONS))
		for (c = gram_first_child(tab, i); c != GRAM_NONE;
		    c = gram_next_sibling(tab, c))
			if (c != i)
				walk(tab, c, p, out);
	p->len--;
}

static void
mode_section(enum gram_mode m, FILE *out)
{
	const struct gram_node *tab = gram_modes[m].nodes;
	struct path p = { .len = 0 };
	size_t i;

	fprintf(out, ".Ss %s mode\n", mode_name(m));
	fprintf(out, "Prompt\n.Ql ecsh%s .\n", gram_modes[m].prompt);
	if (gram_modes[m].parent != M_NONE)
		fprintf(out, "Inside\n.Cm %s\nmode.\n",
		    mode_name(gram_modes[m].parent));
	fputs(".Bl -tag -width Ds\n", out);
	for (i = gram_first_child(tab, GRAM_ROOT); i != GRAM_NONE;
	    i = gram_next_sibling(tab, i))
		walk(tab, i, &p, out);
	fputs(".El\n", out);
}

static void
reference(FILE *out)
{
	struct path p = { .len = 0 };
	size_t i;
	int m;

	fputs(".Ss Words of every configuration mode\n", out);
	fputs(".Bl -tag -width Ds\n", out);
	for (i = 0; gram_common[i].type != GT_END; i++) {
		if (gram_common[i].depth != 0)
			continue;
		if (gram_common[i].cmd == C_NONE ||
		    gram_common[i + 1].depth == 0) {
			fprintf(out, ".It Cm %s%s\n%s.\n", gram_common[i].word,
			    gram_common[i].flags & (GF_NO | GF_DO) ?
			    " Ar COMMAND" : "", gram_common[i].help);
			continue;
		}
		walk(gram_common, i, &p, out);	/* commit and its forms */
	}
	fputs(".El\n", out);
	fputs(".Ss Output filters\n"
	    "Any show command may end in\n.Cm json\n"
	    "(typed in full) to print one JSON document, or in\n"
	    ".Cm \\&|\nand one of:\n.Bl -tag -width Ds\n", out);
	for (i = 0; gram_filters[i].type != GT_END; i++)
		if (gram_filters[i].depth == 0)
			walk(gram_filters, i, &p, out);
	fputs(".El\n"
	    ".Pp\n"
	    "Filters chain, each taking what the one before it left:\n"
	    ".Ql show vpn-connection | include tunnel | count .\n"
	    "A regular expression ends at the next\n.Cm \\&|\n"
	    "word, so\n.Ql a|b\n"
	    "written without blanks is one expression.\n", out);
	for (m = 0; m < M_MODE_COUNT; m++)
		mode_section((enum gram_mode)m, out);
}

int
main(int argc, char **argv)
{
	char line[4096];
	FILE *in;

	if (argc != 2 || (in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: gram-manref TEMPLATE\n");
		return 2;
	}
	while (fgets(line, sizeof(line), in) != NULL) {
		if (strncmp(line, MARKER, strlen(MARKER)) == 0)
			reference(stdout);
		else
			fputs(line, stdout);
	}
	fclose(in);
	return ferror(stdout) ? 1 : 0;
}
