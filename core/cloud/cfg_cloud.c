/*
 * cfg_cloud: the cloud-side routers and networks: ECRs (R2 for their ASN,
 * R3 and E3 when a VBR joins), VPCs with their vSwitches, and transit
 * routers.  An ECR and a transit router are associated from either side;
 * the engine keeps the one relation on the ECR.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "engine_impl.h"

#define FAIL(...)	engine_fail(err, "", __VA_ARGS__)

/* ECR */

static void
ecr_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *v;

	FOREACH_OBJECT(v, e, OBJ_VBR, NULL)
		if (strcmp(v->cfg.vbr.ecr, o->name) == 0)
			rules_list_addf(buf, len, "vbr %s", v->name);
}

static int
ecr_associate_vbr(struct engine *e, struct object *o, const char *vbrname,
    bool negate, struct engine_error *err)
{
	struct object *vbr = engine_lookup(e, OBJ_VBR, vbrname, NULL), *g;

	if (vbr == NULL)
		return FAIL("vbr %s does not exist", vbrname);
	if (negate) {
		if (strcmp(vbr->cfg.vbr.ecr, o->name) != 0)
			return FAIL("vbr %s is not associated with ecr %s",
			    vbr->name, o->name);
		engine_will_change(e, vbr);
		vbr->cfg.vbr.ecr[0] = '\0';
		return 0;
	}
	if (strcmp(vbr->cfg.vbr.ecr, o->name) == 0)
		return 0;
	if (vbr->cfg.vbr.ecr[0] != '\0')
		return FAIL("vbr %s is already associated with ecr %s",
		    vbr->name, vbr->cfg.vbr.ecr);
	if (engine_defers(e))
		goto associate;		/* R3, E3: at commit */
	if (o->cfg.ecr.asn == 0)
		return FAIL("ecr %s: set its asn before associating VBRs (R3)",
		    o->name);
	if (!vbr->cfg.vbr.mpbgp)
		return FAIL("ecr %s: vbr %s does not support mpbgp, which an "
		    "ECR needs (R3)", o->name, vbr->name);
	FOREACH_OBJECT(g, e, OBJ_BGP_GROUP, vbr)
		if (g->cfg.group.local_asn != o->cfg.ecr.asn)
			return engine_fail(err, "Conflict.ASNOfVBR", "ecr %s: "
			    "bgp-group %s of vbr %s has local-asn %u, not the "
			    "ECR's %u (R3)", o->name,
			    g->name, vbr->name, g->cfg.group.local_asn,
			    o->cfg.ecr.asn);
	if (vbr->cfg.vbr.nroutes > 0)
		return FAIL("ecr %s: vbr %s has static routes, and a VBR "
		    "under an ECR has none (E3)", o->name, vbr->name);
associate:
	engine_will_change(e, vbr);
	snprintf(vbr->cfg.vbr.ecr, sizeof(vbr->cfg.vbr.ecr), "%s", o->name);
	return 0;
}

/* Shared by `associate transit-router` here and `attach ecr` there. */
static int
link_ecr_tr(struct engine *e, struct object *ecr, const char *trname,
    bool negate, struct engine_error *err)
{
	struct ecr_config *c = &ecr->cfg.ecr;

	if (engine_lookup(e, OBJ_TRANSIT_ROUTER, trname, NULL) == NULL)
		return FAIL("transit-router %s does not exist", trname);
	engine_will_change(e, ecr);	/* also when asked from the TR */
	if (negate) {
		if (strcmp(c->transit_router, trname) != 0)
			return FAIL("ecr %s is not associated with "
			    "transit-router %s", ecr->name, trname);
		c->transit_router[0] = '\0';
		return 0;
	}
	if (c->transit_router[0] != '\0' &&
	    strcmp(c->transit_router, trname) != 0)
		return FAIL("ecr %s is already associated with transit-router "
		    "%s", ecr->name, c->transit_router);
	snprintf(c->transit_router, sizeof(c->transit_router), "%s", trname);
	return 0;
}

static int
ecr_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct ecr_config *c = &o->cfg.ecr;
	char users[200] = "";

	switch (s) {
	case SET_ECR_ASN:
		if (!negate && !rules_local_asn_valid(v->asn))
			return FAIL("ecr %s: asn %u is not allowed; it must be "
			    RULES_LOCAL_ASN_RANGES " (R2)", o->name, v->asn);
		if (!negate && v->asn == c->asn)
			return 0;
		if (!engine_defers(e))
			ecr_referrers(e, o, users, sizeof(users));
		if (users[0] != '\0')
			return engine_fail(err, "Conflict.ASNOfECR", "ecr %s: "
			    "its VBRs' groups must keep the ECR's ASN (R3); "
			    "disassociate %s first", o->name, users);
		c->asn = negate ? 0 : v->asn;
		return 0;
	case SET_ECR_VBR:
		return ecr_associate_vbr(e, o, v->name, negate, err);
	case SET_ECR_TRANSIT_ROUTER:
		return link_ecr_tr(e, o, v->name, negate, err);
	case SET_ECR_DESCRIPTION:
		return engine_set_description(o, c->description, v->text,
		    negate, err);
	default:
		return FAIL("not an ECR setting");
	}
}

static bool
ecr_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct ecr_config *c = &o->cfg.ecr;
	const struct object *vbr;

	switch (s) {
	case SET_ECR_ASN:
		return get_asn(at, v, c->asn, c->asn != 0);
	case SET_ECR_DESCRIPTION:
		return get_text(at, v, c->description,
		    c->description[0] != '\0');
	case SET_ECR_VBR:	/* kept by each VBR: its ecr */
		vbr = at->o != NULL ? engine_next(at->o) :
		    engine_first(e, OBJ_VBR, NULL);
		for (; vbr != NULL; vbr = engine_next(vbr))
			if (strcmp(vbr->cfg.vbr.ecr, o->name) == 0)
				break;
		if ((at->o = vbr) == NULL)
			return false;
		v->name = vbr->name;
		v->fields = SF_NAME;
		return true;
	case SET_ECR_TRANSIT_ROUTER:
		return get_name(at, v, c->transit_router,
		    c->transit_router[0] != '\0');
	default:
		return false;
	}
}

const struct kind_ops ecr_ops = {
	.get = ecr_get,
	.set = ecr_set,
	.referrers = ecr_referrers,
};

/* VPC */

static void
vpc_release(struct object *o)
{
	free(o->cfg.vpc.vswitches);
}

static int
vpc_duplicate(struct object *o)
{
	return engine_dup_array(&o->cfg.vpc.vswitches, o->cfg.vpc.nvswitches,
	    sizeof(*o->cfg.vpc.vswitches));
}

static void
vpc_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *x;
	size_t i;

	FOREACH_OBJECT(x, e, OBJ_VPN_GATEWAY, NULL)
		if (strcmp(x->cfg.vpngw.vpc, o->name) == 0)
			rules_list_addf(buf, len, "vpn-gateway %s", x->name);
	FOREACH_OBJECT(x, e, OBJ_TRANSIT_ROUTER, NULL)
		for (i = 0; i < x->cfg.tr.nvpcs; i++)
			if (strcmp(x->cfg.tr.vpcs[i], o->name) == 0)
				rules_list_addf(buf, len, "transit-router %s", x->name);
}

static int
vpc_vswitch(struct object *o, const struct setting_value *v, bool negate,
    struct engine_error *err)
{
	struct vpc_config *c = &o->cfg.vpc;
	struct vswitch *w;
	char a[NETADDR_STRLEN];
	size_t i, at = c->nvswitches;

	for (i = 0; i < c->nvswitches; i++)
		if (strcmp(c->vswitches[i].name, v->name) >= 0) {
			at = i;
			break;
		}
	if (negate) {
		if (at == c->nvswitches ||
		    strcmp(c->vswitches[at].name, v->name) != 0)
			return FAIL("vpc %s has no vswitch %s", o->name,
			    v->name);
		memmove(&c->vswitches[at], &c->vswitches[at + 1],
		    (c->nvswitches - at - 1) * sizeof(*c->vswitches));
		c->nvswitches--;
		return 0;
	}
	if (!c->has_cidr)
		return FAIL("vpc %s: set its cidr before adding vSwitches",
		    o->name);
	if (!rules_prefix_contains(&c->cidr, &v->prefix))
		return FAIL("vpc %s: vswitch %s must lie inside the VPC's "
		    "cidr %s", o->name, v->name, prefix_format(&c->cidr, a,
		    sizeof(a)));
	for (i = 0; i < c->nvswitches; i++)
		if (strcmp(c->vswitches[i].name, v->name) != 0 &&
		    rules_prefixes_overlap(&c->vswitches[i].prefix,
		    &v->prefix))
			return FAIL("vpc %s: vswitch %s would overlap vswitch "
			    "%s", o->name, v->name, c->vswitches[i].name);
	if (at < c->nvswitches && strcmp(c->vswitches[at].name, v->name) == 0) {
		c->vswitches[at].prefix = v->prefix;
		return 0;
	}
	w = realloc(c->vswitches, (c->nvswitches + 1) * sizeof(*w));
	if (w == NULL)
		return FAIL("out of memory");
	c->vswitches = w;
	memmove(&w[at + 1], &w[at], (c->nvswitches - at) * sizeof(*w));
	memset(&w[at], 0, sizeof(w[at]));
	snprintf(w[at].name, sizeof(w[at].name), "%s", v->name);
	w[at].prefix = v->prefix;
	c->nvswitches++;
	return 0;
}

static int
vpc_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct vpc_config *c = &o->cfg.vpc;
	size_t i;

	(void)e;
	switch (s) {
	case SET_VPC_CIDR:
		if (negate) {
			if (c->nvswitches > 0)
				return FAIL("vpc %s still has vSwitches; "
				    "delete them first", o->name);
			c->has_cidr = false;
			return 0;
		}
		if (v->prefix.addr.family != AF_INET)
			return FAIL("vpc %s: the cidr is an IPv4 block",
			    o->name);
		for (i = 0; i < c->nvswitches; i++)
			if (!rules_prefix_contains(&v->prefix,
			    &c->vswitches[i].prefix))
				return FAIL("vpc %s: vswitch %s would fall "
				    "outside that cidr", o->name,
				    c->vswitches[i].name);
		c->cidr = v->prefix;
		c->has_cidr = true;
		return 0;
	case SET_VPC_VSWITCH:
		return vpc_vswitch(o, v, negate, err);
	default:
		return FAIL("not a VPC setting");
	}
}

static bool
vpc_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct vpc_config *c = &o->cfg.vpc;

	(void)e;
	switch (s) {
	case SET_VPC_CIDR:
		return get_prefix(at, v, &c->cidr, c->has_cidr);
	case SET_VPC_VSWITCH:
		if (at->i >= c->nvswitches)
			return false;
		v->name = c->vswitches[at->i].name;
		v->prefix = c->vswitches[at->i++].prefix;
		v->fields = SF_NAME | SF_PREFIX;
		return true;
	default:
		return false;
	}
}

const struct kind_ops vpc_ops = {
	.get = vpc_get,
	.set = vpc_set,
	.release = vpc_release,
	.duplicate = vpc_duplicate,
	.referrers = vpc_referrers,
};

/* Transit router */

static void
tr_release(struct object *o)
{
	free(o->cfg.tr.vpcs);
}

static int
tr_duplicate(struct object *o)
{
	return engine_dup_array(&o->cfg.tr.vpcs, o->cfg.tr.nvpcs,
	    sizeof(*o->cfg.tr.vpcs));
}

static void
tr_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *x;

	FOREACH_OBJECT(x, e, OBJ_ECR, NULL)
		if (strcmp(x->cfg.ecr.transit_router, o->name) == 0)
			rules_list_addf(buf, len, "ecr %s", x->name);
	FOREACH_OBJECT(x, e, OBJ_VPN_CONNECTION, NULL)
		if (x->cfg.conn.attach == ATTACH_TRANSIT_ROUTER &&
		    strcmp(x->cfg.conn.attached_to, o->name) == 0)
			rules_list_addf(buf, len, "vpn-connection %s", x->name);
}

static int
tr_vpc(struct engine *e, struct object *o, const char *vpc, bool negate,
    struct engine_error *err)
{
	struct transit_router_config *c = &o->cfg.tr;
	obj_name *p;
	size_t i, at = c->nvpcs;

	for (i = 0; i < c->nvpcs; i++)
		if (strcmp(c->vpcs[i], vpc) >= 0) {
			at = i;
			break;
		}
	if (negate) {
		if (at == c->nvpcs || strcmp(c->vpcs[at], vpc) != 0)
			return FAIL("transit-router %s has no vpc %s attached",
			    o->name, vpc);
		memmove(&c->vpcs[at], &c->vpcs[at + 1],
		    (c->nvpcs - at - 1) * sizeof(*c->vpcs));
		c->nvpcs--;
		return 0;
	}
	if (engine_lookup(e, OBJ_VPC, vpc, NULL) == NULL)
		return FAIL("vpc %s does not exist", vpc);
	if (at < c->nvpcs && strcmp(c->vpcs[at], vpc) == 0)
		return 0;
	if ((p = realloc(c->vpcs, (c->nvpcs + 1) * sizeof(*p))) == NULL)
		return FAIL("out of memory");
	c->vpcs = p;
	memmove(&p[at + 1], &p[at], (c->nvpcs - at) * sizeof(*p));
	snprintf(p[at], sizeof(p[at]), "%s", vpc);
	c->nvpcs++;
	return 0;
}

static int
tr_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct object *ecr;

	switch (s) {
	case SET_TR_VPC:
		return tr_vpc(e, o, v->name, negate, err);
	case SET_TR_ECR:
		if ((ecr = engine_lookup(e, OBJ_ECR, v->name, NULL)) == NULL)
			return FAIL("ecr %s does not exist", v->name);
		return link_ecr_tr(e, ecr, o->name, negate, err);
	case SET_TR_ROUTE_SYNC:
		o->cfg.tr.route_sync = !negate;
		return 0;
	default:
		return FAIL("not a transit router setting");
	}
}

static bool
tr_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct transit_router_config *c = &o->cfg.tr;

	(void)e;
	switch (s) {
	case SET_TR_VPC:
		if (at->i >= c->nvpcs)
			return false;
		v->name = c->vpcs[at->i++];
		v->fields = SF_NAME;
		return true;
	case SET_TR_ROUTE_SYNC:
		return setting_once(at, c->route_sync);
	default:	/* attach ecr: the ECR keeps it, and says it */
		return false;
	}
}

const struct kind_ops transit_router_ops = {
	.get = tr_get,
	.set = tr_set,
	.release = tr_release,
	.duplicate = tr_duplicate,
	.referrers = tr_referrers,
};
