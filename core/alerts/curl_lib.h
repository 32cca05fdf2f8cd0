/*
 * curl_lib: libcurl, loaded the first time a webhook is sent.  Linked in,
 * its thirty libraries (TLS, Kerberos, LDAP, ...) would be loaded by every
 * ecsh at start, for the few that ever call a webhook: each `ecsh
 * --connect -c` would pay for them.  As systemd does for its optional
 * libraries, the functions used are looked up once, by name, in
 * libcurl.so.4.
 */
#ifndef ECSH_CURL_LIB_H
#define ECSH_CURL_LIB_H

#include <stddef.h>
#include <curl/curl.h>

struct curl_lib {
	CURLcode	 (*global_init)(long);
	void		 (*global_cleanup)(void);
	CURLM		*(*multi_init)(void);
	CURLMcode	 (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode	 (*multi_cleanup)(CURLM *);
	CURLMcode	 (*multi_assign)(CURLM *, curl_socket_t, void *);
	CURLMcode	 (*multi_socket_action)(CURLM *, curl_socket_t, int,
			    int *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	CURLMcode	 (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_remove_handle)(CURLM *, CURL *);
	CURL		*(*easy_init)(void);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	void		 (*easy_cleanup)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
};

/* The library, loaded on the first call; NULL with why if it cannot be. */
const struct curl_lib	*curl_lib_load(char *why, size_t len);

#endif
