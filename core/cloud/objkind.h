/*
 * objkind: the kinds of configuration object.  Shared by grammar/ (which
 * names them in typed tokens and completion) and core/ (which stores them);
 * a header only, so grammar/ does not link core/.
 */
#ifndef ECSH_OBJKIND_H
#define ECSH_OBJKIND_H

enum obj_kind {
	OBJ_NONE,
	OBJ_VBR,
	OBJ_BGP_GROUP,		/* inside a vbr */
	OBJ_BGP_PEER,		/* inside a vbr, named by its IP */
	OBJ_ECR,
	OBJ_VPC,
	OBJ_VPN_GATEWAY,
	OBJ_CUSTOMER_GATEWAY,
	OBJ_VPN_CONNECTION,
	OBJ_VPN_TUNNEL,		/* inside a vpn-connection, named 1 or 2 */
	OBJ_TRANSIT_ROUTER,
	OBJ_CPE,
	OBJ_ALERT_RULE,
	OBJ_KIND_COUNT
};

#endif
