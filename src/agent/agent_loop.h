/*
 * agent_loop.h - `steward-agent run`: check in, apply, scan, wait.
 *
 * Each round: reload the signatures when their directory changed, check
 * in (state, pending threats, host facts), forget the threats the 200
 * answer acknowledges, apply a delivered policy (DIR/policy.json), carry
 * out the commands (uninstall, scan_now, update_policy), run a scheduled
 * scan when one is due, then wait checkin_seconds (from the answer),
 * running a scheduled scan that falls due meanwhile. New detections are
 * reported by an immediate extra check-in. When the hub is unreachable or
 * answers 5xx, the agent retries after agent_backoff() seconds.
 *
 * With once: one check-in and the work it asks for, one more check-in
 * when that work found threats, then exit (no retries).
 *
 * SIGTERM and SIGINT (agent_signals_install) end the loop between steps;
 * a running scan stops at the next file.
 */
#ifndef STEWARD_AGENT_LOOP_H
#define STEWARD_AGENT_LOOP_H

#include <signal.h>
#include <stdbool.h>

/* Set by SIGTERM/SIGINT. */
extern volatile sig_atomic_t	agent_stop;

/* Catch SIGTERM/SIGINT (no SA_RESTART) and ignore SIGPIPE. */
void		agent_signals_install(void);

/*
 * Seconds to wait before retry number attempt (0-based): 5 s doubling up
 * to 10 minutes, with jitter (a uniform time between half and all of it).
 */
unsigned	agent_backoff(unsigned attempt);

/*
 * Run the agent on state_dir. Returns an AGENT_EXIT_* status (0 also
 * after a stop by signal or an uninstall command).
 */
int		agent_run(const char *state_dir, bool once);

/*
 * Take the state directory's lock (DIR/.lock, flock) so two agents never
 * share one. Returns the descriptor to keep open, or -1 (message printed).
 */
int		agent_lock(const char *state_dir);

#endif
