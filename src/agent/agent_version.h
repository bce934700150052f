/*
 * agent_version.h - the agent's version, reported at enrolment and in
 * every check-in, and written into the Debian package's control file.
 */
#ifndef STEWARD_AGENT_VERSION_H
#define STEWARD_AGENT_VERSION_H

#define AGENT_VERSION	"1.0.0"

#endif
