/*
 * static.c - console files from memory; see static.h.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <sodium.h>

#include "api/http.h"
#include "api/static.h"
#include "core/log.h"

#define STATIC_MAX_FILES	512
#define STATIC_MAX_SIZE		(4 * 1024 * 1024)

struct asset {
	char		*path;		/* "/js/app.js" */
	unsigned char	*data;
	size_t		 len;
	const char	*ctype;
	char		 etag[40];
};

static struct asset	assets[STATIC_MAX_FILES];
static size_t		nassets;
static size_t		root_len;

static const struct {
	const char	*ext;
	const char	*ctype;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
};

static const char *
ctype_for(const char *path)
{
	const char	*dot;
	size_t		 i;

	dot = strrchr(path, '.');
	if (dot == NULL)
		return ("application/octet-stream");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return (types[i].ctype);
	return ("application/octet-stream");
}

static int
load_one(const char *fpath, const struct stat *sb, int flag, struct FTW *ftw)
{
	struct asset	*a;
	FILE		*f;
	unsigned char	 h[16];

	(void)ftw;
	if (flag != FTW_F)
		return (0);
	if (nassets >= STATIC_MAX_FILES || sb->st_size > STATIC_MAX_SIZE) {
		log_msg(LV_WARN, "static.skip", "%s not served (limits)",
		    fpath);
		return (0);
	}
	/* Dot files and editor leftovers are never served. */
	if (strstr(fpath + root_len, "/.") != NULL || fpath[strlen(fpath) - 1]
	    == '~')
		return (0);
	a = &assets[nassets];
	if ((f = fopen(fpath, "rb")) == NULL)
		return (-1);
	a->len = (size_t)sb->st_size;
	a->data = malloc(a->len ? a->len : 1);
	if (a->data == NULL || fread(a->data, 1, a->len, f) != a->len) {
		fclose(f);
		free(a->data);
		return (-1);
	}
	fclose(f);
	a->path = strdup(fpath + root_len);
	a->ctype = ctype_for(fpath);
	crypto_generichash(h, sizeof(h), a->data, a->len, NULL, 0);
	a->etag[0] = '"';
	sodium_bin2hex(a->etag + 1, 33, h, sizeof(h));
	strcat(a->etag, "\"");
	nassets++;
	return (0);
}

int
static_load(const char *dir)
{
	root_len = strlen(dir);
	while (root_len > 1 && dir[root_len - 1] == '/')
		root_len--;
	if (nftw(dir, load_one, 16, FTW_PHYS) != 0) {
		log_msg(LV_ERROR, "static.load", "cannot read %s", dir);
		return (-1);
	}
	log_msg(LV_INFO, "static.load", "%zu console files from %s", nassets,
	    dir);
	return (0);
}

static const struct asset *
find(const char *path)
{
	size_t	i;

	for (i = 0; i < nassets; i++)
		if (strcmp(assets[i].path, path) == 0)
			return (&assets[i]);
	return (NULL);
}

int
static_serve(struct rq *rq)
{
	const struct asset	*a;
	const char		*path = rq->req->path, *last, *inm;

	if (rq->req->method != HTTP_METHOD_GET &&
	    rq->req->method != HTTP_METHOD_HEAD)
		return (err_set(&rq->e, ST_METHOD, "method_not_allowed",
		    M_METHOD));
	a = find(path);
	if (a == NULL) {
		/* Console routes (no extension) are the single page. */
		last = strrchr(path, '/');
		if (last == NULL || strchr(last, '.') != NULL)
			return (err_set(&rq->e, ST_NOT_FOUND, "not_found",
			    M_NOT_FOUND));
		a = find("/index.html");
		if (a == NULL)
			return (err_set(&rq->e, ST_NOT_FOUND, "not_found",
			    M_NOT_FOUND));
	}
	rq_header_add(rq, "etag", a->etag);
	rq_header_add(rq, "cache-control", "no-cache");
	inm = rq_header(rq, "if-none-match");
	if (inm != NULL && strstr(inm, a->etag) != NULL) {
		rq_reply(rq, 304, NULL, NULL, 0);
		return (ST_OK);
	}
	rq_reply(rq, 200, a->ctype, a->data, a->len);
	return (ST_OK);
}
