/*
 * route_cells: a route's parts as table cells, shared by the shows of
 * route tables (show_routes.c) and explain (explain_route.c).
 */
#ifndef ECSH_ROUTE_CELLS_H
#define ECSH_ROUTE_CELLS_H

#include "../core/routing/route_table.h"
#include "cmd_ctx.h"
#include "render.h"

/* An AS path as a list of numbers; none (a is NULL) is an empty list. */
void	cell_as_path(struct table *, size_t col, const struct rib_attrs *a);
/* A next hop in a list: path is its AS path for JSON, NULL if not BGP. */
void	cell_route_hop(struct table *, size_t col, const struct route_hop *,
	    const struct rib_attrs *path);
/* A next hop as one value: text, or a JSON object. */
void	cell_route_hop_one(struct table *, size_t col, const struct route_hop *);
/* The table `KIND NAME` of the command names, its title in title; NULL
 * (said) when there is none. */
const struct route_table *route_table_of_command(struct cmd_ctx *,
	    char *title, size_t len);

#endif
