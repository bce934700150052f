/*
 * agent_msg.h - the agent's messages: one line each on standard error,
 * "steward-agent: ..." (the journal records them under systemd).
 */
#ifndef STEWARD_AGENT_MSG_H
#define STEWARD_AGENT_MSG_H

/* Exit statuses of steward-agent (documented in --help). */
enum {
	AGENT_EXIT_OK		= 0,
	AGENT_EXIT_ERROR	= 1,	/* local trouble: state dir, files */
	AGENT_EXIT_USAGE	= 2,	/* bad command line */
	AGENT_EXIT_NETWORK	= 3,	/* hub unreachable or failing (5xx) */
	AGENT_EXIT_REJECTED	= 4,	/* 401: token rejected, device unknown */
	AGENT_EXIT_REFUSED	= 5	/* other 4xx answers (bad input) */
};

/* Print one message line (printf format) on standard error. */
void	agent_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silence agent_say (unit tests). */
void	agent_quiet(int on);

#endif
