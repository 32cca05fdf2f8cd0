/*
 * event_kinds: the kinds of event the engine raises, as numbers.  A
 * header only, so that grammar/ can name them (an alert rule's `event`)
 * without linking core/; events.c holds their names.
 */
#ifndef ECSH_EVENT_KINDS_H
#define ECSH_EVENT_KINDS_H

enum event_kind {
	EVK_BGP_PEER_UP,
	EVK_BGP_PEER_DOWN,
	EVK_BFD_UP,
	EVK_BFD_DOWN,
	EVK_ROUTES_EXCEED,
	EVK_DRILL_START,
	EVK_DRILL_STOP,
	EVK_COMMIT_ROLLED_BACK,
	EVK_ENGINE_DROPPED,
	EVK_COUNT
};

#endif
