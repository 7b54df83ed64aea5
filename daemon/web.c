#include "web.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Content types by extension; anything else is an opaque download. */
static const struct {
	const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* The bundler names what is under assets/ after its content: a new
 * content is a new name, so the old one may be kept for a year. */
static const char *cache_of(const char *path)
{
	return strncmp(path, "assets/", 7) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
}

/* FNV-1a, 64 bits: an ETag needs to change with the content, not to resist
 * an adversary (the files are the operator's own). */
static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

struct loader {
	struct web *w;
	size_t cap, bytes;
	char *err;
	size_t errlen;
};

static int fail(struct loader *L, const char *what, const char *path)
{
	snprintf(L->err, L->errlen, "%s: %s", what, path);
	return -1;
}

static int add_file(struct loader *L, int dirfd, const char *name, const char *rel)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(L, "cannot open", rel);
	int rc = -1;
	char *body = NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = fail(L, "not a regular file", rel);
		goto out;
	}
	if (L->w->n >= WEB_MAX_FILES || (uint64_t)st.st_size > WEB_MAX_BYTES - L->bytes) {
		rc = fail(L, "too many files or bytes in web_root at", rel);
		goto out;
	}
	size_t len = (size_t)st.st_size;
	body = malloc(len + 1);
	if (body == NULL) {
		rc = fail(L, "out of memory reading", rel);
		goto out;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, body + got, len - got);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			rc = fail(L, "cannot read", rel);
			goto out;
		}
		got += (size_t)r;
	}
	if (L->w->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 32;
		struct web_file *files = realloc(L->w->files, cap * sizeof *files);
		if (files == NULL) {
			rc = fail(L, "out of memory reading", rel);
			goto out;
		}
		L->w->files = files;
		L->cap = cap;
	}
	struct web_file *f = &L->w->files[L->w->n];
	*f = (struct web_file){.path = strdup(rel), .body = body, .len = len};
	if (f->path == NULL) {
		rc = fail(L, "out of memory reading", rel);
		goto out;
	}
	f->content_type = type_of(rel);
	f->cache_control = cache_of(rel);
	snprintf(f->etag, sizeof f->etag, "\"%016llx\"", (unsigned long long)fnv1a(body, len));
	body = NULL; /* now the file's */
	L->w->n++;
	L->bytes += len;
	rc = 0;
out:
	free(body);
	close(fd);
	return rc;
}

/* Reads the directory open as fd (taken: closed here); prefix is its path
 * relative to the root ("" or "assets/"). */
static int add_dir(struct loader *L, int fd, const char *prefix, int depth)
{
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return fail(L, "cannot read the directory", prefix[0] ? prefix : ".");
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') /* ".", "..", hidden files */
			continue;
		char rel[512];
		if ((size_t)snprintf(rel, sizeof rel, "%s%s", prefix, e->d_name) >= sizeof rel) {
			rc = fail(L, "path too long", e->d_name);
			break;
		}
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = fail(L, "cannot read", rel);
		} else if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (depth >= 8 || sub < 0) {
				if (sub >= 0)
					close(sub);
				rc = fail(L, "cannot read the directory (or too deep)", rel);
			} else {
				size_t n = strlen(rel);
				rel[n] = '/';
				rel[n + 1] = '\0';
				rc = add_dir(L, sub, rel, depth + 1);
			}
		} else if (S_ISREG(st.st_mode)) {
			rc = add_file(L, dirfd(d), e->d_name, rel);
		} /* symbolic links, sockets, devices: not served */
	}
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct web_file *)a)->path, ((const struct web_file *)b)->path);
}

static const struct web_file *find(const struct web *w, const char *rel)
{
	struct web_file key = {.path = (char *)rel};
	return w->n ? bsearch(&key, w->files, w->n, sizeof *w->files, by_path) : NULL;
}

int web_load(const char *root, struct web *w, char *err, size_t errlen)
{
	*w = (struct web){0};
	if (root[0] == '\0')
		return 0;
	struct loader L = {.w = w, .err = err, .errlen = errlen};
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open web_root %s: %s", root, strerror(errno));
		return -1;
	}
	if (add_dir(&L, fd, "", 0) != 0) {
		web_free(w);
		return -1;
	}
	qsort(w->files, w->n, sizeof *w->files, by_path);
	w->index = find(w, "index.html");
	return 0;
}

void web_free(struct web *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->files[i].path);
		free(w->files[i].body);
	}
	free(w->files);
	*w = (struct web){0};
}

bool web_owns_path(const char *path)
{
	return strcmp(path, "/api") != 0 && strncmp(path, "/api/", 5) != 0 &&
	       strcmp(path, "/health") != 0;
}

/* No segment may be empty-named trickery: ".", "..", hidden, or hold a
 * backslash (the tree has none of them, and a path with one is not a
 * client-side route either). */
static bool clean(const char *path)
{
	if (path[0] != '/' || strchr(path, '\\') != NULL)
		return false;
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1] == '.')
			return false;
	return true;
}

const struct web_file *web_lookup(const struct web *w, const char *path)
{
	if (!web_owns_path(path) || !clean(path))
		return NULL;
	if (strcmp(path, "/") == 0)
		return w->index;
	const struct web_file *f = find(w, path + 1);
	if (f != NULL)
		return f;
	/* A client-side route ("/households/12"): its last segment names no
	 * file. A missing file ("/assets/old-1a2b.js") stays a 404, so that a
	 * stale page does not run index.html as a script. */
	const char *last = strrchr(path, '/');
	return strchr(last, '.') == NULL ? w->index : NULL;
}

bool web_not_modified(const struct web_file *f, const char *if_none_match)
{
	if (if_none_match == NULL)
		return false;
	if (strcmp(if_none_match, "*") == 0)
		return true;
	/* A list of entity tags, weak ones compared weakly (RFC 9110 13.1.2). */
	const char *p = if_none_match;
	size_t n = strlen(f->etag);
	while ((p = strstr(p, f->etag)) != NULL) {
		bool starts = p == if_none_match || p[-1] == ' ' || p[-1] == ',' ||
			      (p - if_none_match >= 2 && p[-1] == '/' && p[-2] == 'W');
		char after = p[n];
		if (starts && (after == '\0' || after == ',' || after == ' '))
			return true;
		p += n;
	}
	return false;
}
