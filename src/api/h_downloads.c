/*
 * h_downloads.c - files the hub hands out without a sign-in: the agent
 * package the installer command fetches.
 *
 *   GET /downloads/steward-agent_amd64.deb
 *
 * downloads_load() reads the package once in Kore's parent process, from
 * STEWARD_DOWNLOAD_DIR (`stewardctl serve` points it at dist/ beside
 * bin/, where `make agent-deb` writes it); workers answer from memory.
 * Without a package the answer is 404 with a sentence saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/handlers.h"
#include "api/http.h"
#include "app/installer.h"

#define PACKAGE_MAX	(64 * 1024 * 1024)

static unsigned char	*package;
static size_t		 package_len;

void	downloads_load(const char *dir);

void
downloads_load(const char *dir)
{
	char	 path[4096];
	FILE	*f;
	long	 len;

	if (dir == NULL || snprintf(path, sizeof(path), "%s/%s", dir,
	    AGENT_PACKAGE_NAME) >= (int)sizeof(path))
		return;
	if ((f = fopen(path, "rb")) == NULL)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    len <= PACKAGE_MAX && fseek(f, 0, SEEK_SET) == 0 &&
	    (package = malloc((size_t)len)) != NULL) {
		if (fread(package, 1, (size_t)len, f) == (size_t)len)
			package_len = (size_t)len;
		else {
			free(package);
			package = NULL;
		}
	}
	fclose(f);
}

int
h_download(struct rq *rq)
{
	if (strcmp(rq_param(rq, "file"), AGENT_PACKAGE_NAME) != 0)
		return (err_set(&rq->e, ST_NOT_FOUND, "not_found",
		    M_NOT_FOUND));
	if (package == NULL)
		return (err_set(&rq->e, ST_NOT_FOUND, "no_package",
		    M_NO_PACKAGE));
	rq_header_add(rq, "content-disposition",
	    "attachment; filename=\"" AGENT_PACKAGE_NAME "\"");
	rq_header_add(rq, "cache-control", "no-cache");
	rq_reply(rq, 200, "application/vnd.debian.binary-package", package,
	    package_len);
	return (ST_OK);
}
