/*
 * curl_lib: see curl_lib.h.  Loaded once and kept until exit.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "curl_lib.h"

static struct curl_lib lib;
static void *handle;

#define SYM(field, name)	{ (void **)&lib.field, name }

const struct curl_lib *
curl_lib_load(char *why, size_t len)
{
	static const struct {
		void		**at;
		const char	 *name;
	} syms[] = {
		SYM(global_init, "curl_global_init"),
		SYM(global_cleanup, "curl_global_cleanup"),
		SYM(multi_init, "curl_multi_init"),
		SYM(multi_setopt, "curl_multi_setopt"),
		SYM(multi_cleanup, "curl_multi_cleanup"),
		SYM(multi_assign, "curl_multi_assign"),
		SYM(multi_socket_action, "curl_multi_socket_action"),
		SYM(multi_info_read, "curl_multi_info_read"),
		SYM(multi_add_handle, "curl_multi_add_handle"),
		SYM(multi_remove_handle, "curl_multi_remove_handle"),
		SYM(easy_init, "curl_easy_init"),
		SYM(easy_setopt, "curl_easy_setopt"),
		SYM(easy_getinfo, "curl_easy_getinfo"),
		SYM(easy_cleanup, "curl_easy_cleanup"),
		SYM(easy_strerror, "curl_easy_strerror"),
		SYM(slist_append, "curl_slist_append"),
		SYM(slist_free_all, "curl_slist_free_all"),
	};
	size_t i;

	if (handle != NULL)
		return &lib;
	if ((handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(why, len, "libcurl cannot be loaded: %s", dlerror());
		return NULL;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		/* POSIX: a function pointer may be read through void * */
		*syms[i].at = dlsym(handle, syms[i].name);
		if (*syms[i].at == NULL) {
			snprintf(why, len, "libcurl has no %s", syms[i].name);
			dlclose(handle);
			handle = NULL;
			memset(&lib, 0, sizeof(lib));
			return NULL;
		}
	}
	return &lib;
}
