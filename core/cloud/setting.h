/*
 * setting: the one list of every setting of every object.  A setting is
 * named here, spelled in its grammar row (grammar/mode_*.c names it in
 * the node where its command ends) and handled by its kind's file in
 * core/cloud (cfg_*.c: set, clear, and read back for running-config).
 */
#ifndef ECSH_SETTING_H
#define ECSH_SETTING_H

/*
 * What a key is shown as wherever the configuration is not being rebuilt
 * (SPEC 2); never a key itself, so a line copied from a diff cannot set
 * one by mistake.
 */
#define AUTH_KEY_HIDDEN	"<hidden>"

/*
 * Every setting of every object.  A scalar is set, or reset to its default
 * by `no`; a list setting (advertise, route, network, vswitch, attach,
 * event, notify)
 * gains an entry, or loses the entry named by the value.
 */
enum setting {
	SET_HOSTNAME,
	SET_BGP_LISTEN,
	/* vbr */
	SET_VBR_DESCRIPTION, SET_VBR_VLAN, SET_VBR_LOCAL_GATEWAY_IP,
	SET_VBR_PEER_GATEWAY_IP, SET_VBR_PEERING_SUBNET_MASK, SET_VBR_IPV6,
	SET_VBR_MPBGP, SET_VBR_BFD, SET_VBR_ADVERTISE, SET_VBR_ROUTE,
	/* bgp-group */
	SET_GROUP_FAMILY, SET_GROUP_PEER_ASN, SET_GROUP_LOCAL_ASN,
	SET_GROUP_AUTH_KEY, SET_GROUP_ROUTE_LIMIT, SET_GROUP_DESCRIPTION,
	SET_GROUP_HOLD_TIME, SET_GROUP_KEEPALIVE,
	/* bgp-peer */
	SET_PEER_GROUP, SET_PEER_BFD, SET_PEER_BFD_HOPS, SET_PEER_SHUTDOWN,
	SET_PEER_PORT,
	/* ecr */
	SET_ECR_ASN, SET_ECR_VBR, SET_ECR_TRANSIT_ROUTER, SET_ECR_DESCRIPTION,
	/* vpc */
	SET_VPC_CIDR, SET_VPC_VSWITCH,
	/* vpn-gateway */
	SET_VPNGW_VPC, SET_VPNGW_AUTO_ROUTE_ADVERTISE, SET_VPNGW_ROUTE_QUOTA,
	/* customer-gateway */
	SET_CGW_IP, SET_CGW_ASN,
	/* vpn-connection */
	SET_CONN_VPN_GATEWAY, SET_CONN_TRANSIT_ROUTER, SET_CONN_BGP,
	SET_CONN_ROUTE,
	/* tunnel */
	SET_TUN_CUSTOMER_GATEWAY, SET_TUN_LOCAL_ASN, SET_TUN_CIDR,
	SET_TUN_LOCAL_BGP_IP, SET_TUN_SHUTDOWN,
	/* transit-router */
	SET_TR_VPC, SET_TR_ECR, SET_TR_ROUTE_SYNC,
	/* cpe */
	SET_CPE_ASN, SET_CPE_ADDRESS, SET_CPE_CONNECT_VBR, SET_CPE_CONNECT_VPN,
	SET_CPE_PEER_ASN, SET_CPE_NETWORK, SET_CPE_AUTH_KEY, SET_CPE_BFD,
	SET_CPE_SHUTDOWN, SET_CPE_LINK_DOWN,
	/* alert-rule */
	SET_ALERT_EVENT, SET_ALERT_LEVEL, SET_ALERT_KEYWORDS,
	SET_ALERT_RESOURCE, SET_ALERT_MUTE, SET_ALERT_NOTIFY,
	SET_COUNT
};

#endif
