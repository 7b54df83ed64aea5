/*
 * web: the web application's built files (web/dist, installed into the
 * directory `web_root`), read into memory once at start-up and served by
 * the event loop itself at "/", from the same origin as the API.
 *
 * A path names a file of the tree ("/assets/app-3f9a1c.js"); "/" and every
 * client-side route (a path outside /api/ whose last segment has no '.')
 * answer index.html. Files under assets/ carry a content hash in their
 * name (the bundler's): cached for a year; everything else (index.html)
 * is revalidated on every use. Nothing is read from disk after start-up:
 * deploying a new build means restarting the daemon.
 */
#ifndef TRANSITD_WEB_H
#define TRANSITD_WEB_H

#include <stdbool.h>
#include <stddef.h>

struct web_file {
	char *path;		   /* relative to web_root: "assets/app-3f9a1c.js" */
	const char *content_type;  /* static string */
	const char *cache_control; /* static string */
	char *body;
	size_t len;
	char etag[24]; /* "\"<16 hex>\"": a hash of the content */
};

struct web {
	struct web_file *files; /* sorted by path */
	size_t n;
	const struct web_file *index; /* index.html, NULL when absent */
};

/* Limits of what is read: the built application is a few hundred KiB. */
#define WEB_MAX_FILES 2000
#define WEB_MAX_BYTES (64u * 1024 * 1024)

/*
 * Reads every regular file below root (hidden files and directories
 * skipped, symbolic links not followed) into w. An empty root reads
 * nothing (no web application). Returns 0, or -1 with the reason in err
 * (root unreadable, a file unreadable, over the limits); w is then empty.
 */
__attribute__((warn_unused_result)) int web_load(const char *root, struct web *w, char *err,
						  size_t errlen);
void web_free(struct web *w);

/* Whether the request path is the web application's rather than the API's. */
bool web_owns_path(const char *path);

/*
 * The file that answers a GET/HEAD of the decoded path: the file itself,
 * index.html for "/" and client-side routes, NULL when none (404). Paths
 * with a "." or ".." segment, a hidden segment, a backslash or a NUL never
 * match a file.
 */
const struct web_file *web_lookup(const struct web *w, const char *path);

/* True when an If-None-Match header value names the file's ETag (or "*"). */
bool web_not_modified(const struct web_file *f, const char *if_none_match);

#endif
