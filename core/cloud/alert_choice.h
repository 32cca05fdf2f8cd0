/*
 * alert_choice: the keyword values of an alert rule's settings (SPEC 9).
 * A header only, shared by grammar/ (whose keywords store them) and
 * core/ (whose rules read them), as objkind.h is.
 */
#ifndef ECSH_ALERT_CHOICE_H
#define ECSH_ALERT_CHOICE_H

enum alert_level { ALERT_CRITICAL, ALERT_WARN, ALERT_INFO };

/* keywords any|none WORD...: send if the text has any of them, or none */
enum alert_keywords { KEYWORDS_UNSET, KEYWORDS_ANY, KEYWORDS_NONE };

enum alert_scope { SCOPE_ALL, SCOPE_VBR, SCOPE_VPN_CONNECTION };

enum notify_kind { NOTIFY_WEBHOOK, NOTIFY_COMMAND, NOTIFY_LOG,
	NOTIFY_KIND_COUNT };

#endif
