/*
 * agent_msg.c - see agent_msg.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "agent/agent_msg.h"

static int	quiet;

void
agent_quiet(int on)
{
	quiet = on;
}

void
agent_say(const char *fmt, ...)
{
	char	line[1024];
	va_list	ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "steward-agent: %s\n", line);
}
