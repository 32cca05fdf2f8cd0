/*
 * mode_alert_rule: `ecsh(config-alert-rule)#`, a CloudMonitor event alert
 * rule (SPEC 9): which events, which resources, what level, and where the
 * notification goes.
 */
#include "gram_def.h"
#include "../core/base/event_kinds.h"
#include "../core/cloud/alert_choice.h"
#include "../core/cloud/limits.h"

#define EVENT(w, v, h)							\
	KW(1, w, h, .slot = A_CHOICE, .value = (v), .flags = GF_EXACT,	\
	    SETS(SET_ALERT_EVENT))
#define LEVEL(w, v, h)							\
	KW(1, w, h, .slot = A_CHOICE, .value = (v), SETS(SET_ALERT_LEVEL))

const struct gram_node gram_alert_rule[] = {
	KW(0, "event", "An event the rule sends for (repeat for more)"),
	EVENT("BGPPeerStatus:Down", EVK_BGP_PEER_DOWN,
	    "A BGP session left Established"),
	EVENT("BGPPeerStatus:Up", EVK_BGP_PEER_UP,
	    "A BGP session became Established"),
	EVENT("BfdSessionStatus:Down", EVK_BFD_DOWN,
	    "A BFD session that was Up went down"),
	EVENT("BfdSessionStatus:Up", EVK_BFD_UP, "A BFD session came Up"),
	EVENT("BgpPeerReceiveRoutes:Exceed", EVK_ROUTES_EXCEED,
	    "A peer announced more routes than its limit (R5, V1)"),
	EVENT("FailureDrill:Start", EVK_DRILL_START,
	    "A failure drill cut a VBR's circuits"),
	EVENT("FailureDrill:Stop", EVK_DRILL_STOP, "A failure drill ended"),
	EVENT("ConfigCommit:RolledBack", EVK_COMMIT_ROLLED_BACK,
	    "A commit confirmed was not confirmed in time, and was undone"),
	EVENT("Engine:Dropped", EVK_ENGINE_DROPPED,
	    "The engine could not keep something (memory, paths past 64)"),
	KW(0, "level", "The alert level the notification carries (default "
	    "warn)", SETS(SET_ALERT_LEVEL), .flags = GF_NO_ONLY),
	LEVEL("critical", ALERT_CRITICAL, "Critical"),
	LEVEL("warn", ALERT_WARN, "Warning (the default)"),
	LEVEL("info", ALERT_INFO, "Information"),
	KW(0, "keywords", "Send only if the event's text has any, or none, "
	    "of some words (case is ignored)", SETS(SET_ALERT_KEYWORDS),
	    .flags = GF_NO_ONLY),
	KW(1, "any", "Send if the text contains any of the words",
	    .slot = A_CHOICE, .value = KEYWORDS_ANY),
	ARG(2, GT_LINE, "WORD...", "At most " LIMIT_STR(ALERT_KEYWORDS_MAX)
	    " words", .slot = A_TEXT, SETS(SET_ALERT_KEYWORDS)),
	KW(1, "none", "Send if the text contains none of the words",
	    .slot = A_CHOICE, .value = KEYWORDS_NONE),
	ARG(2, GT_LINE, "WORD...", "At most " LIMIT_STR(ALERT_KEYWORDS_MAX)
	    " words", .slot = A_TEXT, SETS(SET_ALERT_KEYWORDS)),
	KW(0, "resource", "Which resources' events (default all)",
	    SETS(SET_ALERT_RESOURCE), .flags = GF_NO_ONLY),
	KW(1, "all", "Every resource", .slot = A_CHOICE, .value = SCOPE_ALL,
	    SETS(SET_ALERT_RESOURCE)),
	KW(1, "vbr", "One VBR: its peers and its BFD sessions",
	    .slot = A_CHOICE, .value = SCOPE_VBR),
	ARG(2, GT_NAME, "NAME", "VBR name (it need not exist yet)",
	    .slot = A_VBR, .obj = OBJ_VBR, SETS(SET_ALERT_RESOURCE)),
	KW(1, "vpn-connection", "One VPN connection: its tunnels",
	    .slot = A_CHOICE, .value = SCOPE_VPN_CONNECTION),
	ARG(2, GT_NAME, "NAME", "Connection name (it need not exist yet)",
	    .slot = A_VPN_CONNECTION, .obj = OBJ_VPN_CONNECTION,
	    SETS(SET_ALERT_RESOURCE)),
	KW(0, "mute", "After a notification, send none for the same rule "
	    "and resource for this long", SETS(SET_ALERT_MUTE),
	    .flags = GF_NO_ONLY),
	RANGE(1, 1, ALERT_MUTE_MAX_S, "Seconds", .slot = A_NUMBER,
	    SETS(SET_ALERT_MUTE)),
	KW(0, "notify", "Where to send (at most " LIMIT_STR(ALERT_TARGETS_MAX)
	    "; repeat for more)"),
	KW(1, "webhook", "HTTP POST of the JSON document, "
	    LIMIT_STR(NOTIFY_TIMEOUT_S) " s a try, "
	    LIMIT_STR(NOTIFY_RETRIES) " retries", .slot = A_CHOICE,
	    .value = NOTIFY_WEBHOOK),
	ARG(2, GT_WORD, "URL", "http://HOST[:PORT]/PATH; HOST an address "
	    "or localhost", .slot = A_WORD, SETS(SET_ALERT_NOTIFY)),
	KW(1, "command", "Run a program, the document on its standard "
	    "input (no shell)", .slot = A_CHOICE, .value = NOTIFY_COMMAND),
	ARG(2, GT_WORD, "PATH", "The program's absolute path",
	    .slot = A_WORD, SETS(SET_ALERT_NOTIFY)),
	KW(1, "log", "Append the document to a file, one line each",
	    .slot = A_CHOICE, .value = NOTIFY_LOG),
	ARG(2, GT_WORD, "FILE", "The file (made if missing)", .slot = A_WORD,
	    SETS(SET_ALERT_NOTIFY)),
	GRAM_TABLE_END
};
