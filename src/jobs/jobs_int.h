/*
 * jobs_int.h - what the background process's files share.
 */
#ifndef STEWARD_JOBS_INT_H
#define STEWARD_JOBS_INT_H

#include <stdbool.h>

#include "app/outbox.h"
#include "core/arena.h"

/* The e-mail settings (mail_setup.c), read once. */
struct jobs_mail {
	struct outbox_config	 cfg;
	struct arena		 arena;
	bool			 configured;
	long			 poll_ms;
};

extern struct jobs_mail	jobs_mail;

/* Whether SIGTERM or SIGINT has asked the process to stop. */
bool	jobs_stopping(void);

#endif
