/*
 * agent_exclude.h - whether a path is excluded from scanning.
 *
 * Exclusion entries come from the policy's exclusions.paths (the hub
 * accepts entries starting with '/', '~', '*', '$', '%', '\' or a drive
 * letter, so one policy can serve Windows and Linux devices). On this
 * agent:
 *
 *   /srv/backups       a prefix: the path itself and everything under it
 *   /var/log/old-*.gz  with * ? [...]: a glob (fnmatch, '*' also
 *                      matches '/'), tested against the path and every
 *                      directory above it, so a matching directory
 *                      excludes everything in it
 *   *.iso              a glob without '/': tested against the last
 *                      component of the path and of every directory above
 *   ~/x, $VAR/x        expanded from the agent's environment (HOME, VAR)
 *                      first; an unset variable makes the entry inert
 *   C:\..., %VAR%, \\  Windows forms: never match here
 *
 * A trailing '/' is ignored. Matching is case-sensitive.
 */
#ifndef STEWARD_AGENT_EXCLUDE_H
#define STEWARD_AGENT_EXCLUDE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the absolute path matches one of the n entries of pats. */
bool	exclude_match(const char *const *pats, size_t n, const char *path);

#endif
