/*
 * jobs_int.h - what the background process's files share.
 */
#ifndef STEWARD_JOBS_INT_H
#define STEWARD_JOBS_INT_H

#include <stdbool.h>

#include "app/outbox.h"
#include "app/webhook.h"
#include "core/arena.h"

/* The e-mail settings (mail_setup.c), read once. */
struct jobs_mail {
	struct outbox_config	 cfg;
	struct arena		 arena;
	bool			 configured;
	long			 poll_ms;
};

extern struct jobs_mail	jobs_mail;

/* The webhook sender's settings (webhook_setup.c), read once before the
 * process confines itself. */
struct jobs_hooks {
	struct webhook_send_config	 cfg;
	struct arena			 arena;
};

extern struct jobs_hooks	jobs_hooks;

void	jobs_hooks_setup(void);

/* Whether SIGTERM or SIGINT has asked the process to stop. */
bool	jobs_stopping(void);

#endif
