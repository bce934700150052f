/*
 * agent_loop.c - see agent_loop.h.
 */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "agent/agent_host.h"
#include "agent/agent_http.h"
#include "agent/agent_loop.h"
#include "agent/agent_msg.h"
#include "agent/agent_policy.h"
#include "agent/agent_proto.h"
#include "agent/agent_scan.h"
#include "agent/agent_state.h"
#include "core/clock.h"
#include "core/dates.h"

#define BACKOFF_BASE		5
#define BACKOFF_CAP		600
#define DEFAULT_CHECKIN		300
#define SCHEDULE_TICK		30	/* seconds between schedule checks */

volatile sig_atomic_t	agent_stop;

struct agent {
	const char		*dir;
	char			 realdir[PATH_MAX];
	char			 qdir[PATH_MAX];
	bool			 once;
	struct agent_config	 cfg;
	struct agent_identity	 id;
	struct agent_status	 st;
	json_t			*policy;	/* may be NULL */
	json_t			*pending;
	struct scan_engine	 eng;
	char			 engine_error[512];
};

enum checkin_rc { CK_OK, CK_RETRY, CK_REJECTED, CK_REFUSED, CK_UNINSTALLED,
    CK_FAILED };

static void
on_signal(int sig)
{
	(void)sig;
	agent_stop = 1;
}

void
agent_signals_install(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

unsigned
agent_backoff(unsigned attempt)
{
	unsigned	d = BACKOFF_BASE;

	while (attempt-- > 0 && d < BACKOFF_CAP)
		d *= 2;
	if (d > BACKOFF_CAP)
		d = BACKOFF_CAP;
	return (d / 2 + randombytes_uniform(d - d / 2 + 1));
}

int
agent_lock(const char *state_dir)
{
	char	path[PATH_MAX];
	int	fd;

	snprintf(path, sizeof(path), "%s/.lock", state_dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1) {
		agent_say("cannot open %s: %s", path, strerror(errno));
		return (-1);
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		agent_say("another steward-agent is using %s", state_dir);
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Sleep up to seconds, or less when a signal arrives. */
static void
nap(unsigned seconds)
{
	struct timespec	ts = { (time_t)seconds, 0 };

	if (!agent_stop)
		nanosleep(&ts, NULL);
}

static void
engine_refresh(struct agent *a)
{
	char	err[512];

	if (!scan_engine_stale(&a->eng, a->cfg.clamav_db))
		return;
	/* A failed load is tried again only when the directory changes. */
	if (a->engine_error[0] != '\0' && a->eng.engine == NULL &&
	    strcmp(a->eng.dir, a->cfg.clamav_db) == 0 &&
	    scan_dir_newest(a->cfg.clamav_db) == a->eng.dir_mtime)
		return;
	scan_engine_free(&a->eng);
	if (scan_engine_load(&a->eng, a->cfg.clamav_db, err, sizeof(err)) ==
	    -1) {
		if (strcmp(err, a->engine_error) != 0)
			agent_say("protection off: %s", err);
		snprintf(a->engine_error, sizeof(a->engine_error), "%s", err);
		return;
	}
	a->engine_error[0] = '\0';
	agent_say("signatures loaded from %s: %u", a->cfg.clamav_db,
	    a->eng.signatures);
}

/* Run a scan; new threats join the pending ones. Returns detections. */
static unsigned long
do_scan(struct agent *a, bool full, const char *why)
{
	const char		**roots, **excl;
	struct scan_result	  res;
	struct scan_job		  j;
	json_t			 *found;
	size_t			  i, nroots = 0, nexcl = 0;

	engine_refresh(a);
	if (!scan_engine_ready(&a->eng)) {
		agent_say("%s scan skipped: no signatures loaded", why);
		return (0);
	}
	roots = calloc(a->cfg.nscan_paths + 2, sizeof(*roots));
	if (roots == NULL)
		return (0);
	if (full)
		roots[nroots++] = "/";
	for (i = 0; i < a->cfg.nscan_paths; i++)
		roots[nroots++] = a->cfg.scan_paths[i];
	excl = policy_exclusions(a->policy, &nexcl);
	memset(&j, 0, sizeof(j));
	j.roots = roots;
	j.nroots = nroots;
	j.exclusions = excl;
	j.nexclusions = nexcl;
	j.state_dir = a->realdir;
	j.quarantine_dir = a->qdir;
	j.stop = &agent_stop;
	found = json_array();
	agent_say("%s %s scan started", why, full ? "full" : "quick");
	scan_run(&a->eng, &j, found, &res);
	agent_say("%s %s scan %s: %lu files, %lu detections, %lu unreadable",
	    why, full ? "full" : "quick", res.stopped ? "stopped" : "done",
	    res.files, res.detections, res.errors);
	if (json_array_size(found) > 0) {
		json_array_extend(a->pending, found);
		if (state_threats_save(a->dir, a->pending) == -1)
			agent_say("cannot save pending threats: %s",
			    strerror(errno));
	}
	json_decref(found);
	a->st.last_scan_at = clock_now();
	a->st.last_scan_files = (long)res.files;
	a->st.last_scan_detections = (long)res.detections;
	if (state_status_save(a->dir, &a->st) == -1)
		agent_say("cannot save status: %s", strerror(errno));
	free(excl);
	free(roots);
	return (res.detections);
}

/* Run the scheduled scan when due; returns its detections. */
static unsigned long
scheduled(struct agent *a)
{
	struct scan_schedule	s;
	unsigned long		n;
	int64_t			now = clock_now(), slot;

	if (policy_schedule(a->policy, &s) == -1 ||
	    !policy_scan_due(&s, a->st.schedule_since, now, &slot))
		return (0);
	n = do_scan(a, s.full, "scheduled");
	if (!agent_stop) {
		a->st.schedule_since = now;
		if (state_status_save(a->dir, &a->st) == -1)
			agent_say("cannot save status: %s", strerror(errno));
	}
	return (n);
}

static void
uninstall(struct agent *a)
{
	char	note[512], iso[21];

	time_iso(clock_now(), iso);
	if (state_identity_erase(a->dir) == -1)
		agent_say("cannot erase the identity: %s", strerror(errno));
	sodium_memzero(a->id.secret, sizeof(a->id.secret));
	snprintf(note, sizeof(note),
	    "This device (%s) was removed from its Steward hub (%s);\n"
	    "the agent received \"uninstall\" at %s, erased its identity and "
	    "stopped.\nRemove the package (apt-get purge steward-agent) or "
	    "enrol it again.\n", a->id.device_id[0] != '\0' ?
	    a->id.device_id : "device", a->cfg.server, iso);
	if (state_write_file(a->dir, STATE_UNINSTALLED, note, strlen(note),
	    0644) == -1)
		agent_say("cannot write the note: %s", strerror(errno));
	agent_say("the hub removed this device: identity erased, stopping");
}

/* One check-in and what its answer asks; *wait gets checkin_seconds. */
static enum checkin_rc
checkin(struct agent *a, long *wait, bool *scan_now)
{
	struct checkin_answer	 ans;
	struct http_reply	 r;
	json_error_t		 je;
	json_t			*body, *sent = NULL, *answer;
	char			*text, code[64], msg[256];
	enum checkin_rc		 rc = CK_OK;

	*wait = DEFAULT_CHECKIN;
	*scan_now = false;
	body = proto_checkin_body(a->st.policy_version,
	    scan_engine_ready(&a->eng), scan_engine_ready(&a->eng) ?
	    a->eng.db_time : 0, a->pending, host_facts(a->cfg.hostname),
	    &sent);
	text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text == NULL) {
		json_decref(sent);
		return (CK_FAILED);
	}
	if (http_post_json(a->cfg.server, "/agent/v1/checkin", a->cfg.ca_file,
	    a->id.secret, text, &r) == -1) {
		agent_say("cannot reach %s: %s", a->cfg.server, r.error);
		rc = CK_RETRY;
		goto done;
	}
	if (r.status == 401) {
		agent_say("the hub rejected this device's secret (unknown or "
		    "re-enrolled device): enrol it again");
		rc = CK_REJECTED;
		goto done;
	}
	if (r.status >= 500 || r.status < 200) {
		agent_say("the hub answered %ld to the check-in", r.status);
		rc = CK_RETRY;
		goto done;
	}
	if (r.status != 200) {
		proto_error(r.body.data, code, sizeof(code), msg, sizeof(msg));
		agent_say("the hub refused the check-in (%ld %s): %s",
		    r.status, code, msg);
		rc = CK_REFUSED;
		goto done;
	}
	answer = json_loadb(r.body.data, r.body.len, 0, &je);
	if (answer == NULL || proto_checkin_answer(answer, &ans) == -1) {
		agent_say("the hub's check-in answer is not understood");
		json_decref(answer);
		rc = CK_RETRY;
		goto done;
	}
	if (state_threats_ack(a->pending, sent) > 0 &&
	    state_threats_save(a->dir, a->pending) == -1)
		agent_say("cannot save pending threats: %s", strerror(errno));
	if (ans.uninstall) {
		json_decref(answer);
		uninstall(a);
		rc = CK_UNINSTALLED;
		goto done;
	}
	if (ans.policy != NULL) {
		if (policy_apply(a->dir, ans.policy) == -1)
			agent_say("cannot write %s/%s: %s", a->dir,
			    STATE_POLICY, strerror(errno));
		else {
			json_decref(a->policy);
			a->policy = json_incref(ans.policy);
			snprintf(a->st.policy_version,
			    sizeof(a->st.policy_version), "%s",
			    ans.policy_version != NULL ?
			    ans.policy_version : "");
			if (state_status_save(a->dir, &a->st) == -1)
				agent_say("cannot save status: %s",
				    strerror(errno));
			agent_say("policy %s applied",
			    a->st.policy_version);
		}
	} else if (ans.update_policy && a->st.policy_version[0] != '\0') {
		/* Ask for the whole policy again at the next check-in. */
		a->st.policy_version[0] = '\0';
		*wait = 0;
	}
	*scan_now = ans.scan_now;
	if (*wait != 0 && ans.checkin_seconds > 0)
		*wait = ans.checkin_seconds;
	json_decref(answer);
done:
	http_reply_free(&r, false);
	free(text);
	json_decref(sent);
	return (rc);
}

/* Wait seconds, running scheduled scans; stops early on new detections. */
static void
wait_round(struct agent *a, long seconds)
{
	int64_t	end = clock_mono_ms() + (int64_t)seconds * 1000, left;

	while (!agent_stop && (left = end - clock_mono_ms()) > 0) {
		nap((unsigned)(left / 1000 < SCHEDULE_TICK ?
		    (left + 999) / 1000 : SCHEDULE_TICK));
		if (!agent_stop && scheduled(a) > 0)
			return;
	}
}

static int
agent_load(struct agent *a, const char *state_dir)
{
	memset(a, 0, sizeof(*a));
	a->dir = state_dir;
	if (realpath(state_dir, a->realdir) == NULL) {
		agent_say("no state directory %s: %s (run steward-agent "
		    "enroll first)", state_dir, strerror(errno));
		return (AGENT_EXIT_ERROR);
	}
	if (state_dir_prepare(state_dir) == -1) {
		agent_say("cannot prepare %s: %s", state_dir, strerror(errno));
		return (AGENT_EXIT_ERROR);
	}
	if (snprintf(a->qdir, sizeof(a->qdir), "%s/%s", a->realdir,
	    STATE_QUARANTINE) >= (int)sizeof(a->qdir)) {
		agent_say("state directory path too long: %s", state_dir);
		return (AGENT_EXIT_ERROR);
	}
	if (state_config_load(state_dir, &a->cfg) == -1) {
		agent_say("no usable configuration in %s/%s: %s (run "
		    "steward-agent enroll first)", state_dir, STATE_CONFIG,
		    strerror(errno));
		return (AGENT_EXIT_ERROR);
	}
	if (state_identity_load(state_dir, &a->id) == -1) {
		if (state_exists(state_dir, STATE_UNINSTALLED))
			agent_say("this device was removed from its hub "
			    "(see %s/%s): enrol it again", state_dir,
			    STATE_UNINSTALLED);
		else
			agent_say("no identity in %s/%s: %s (enrol first)",
			    state_dir, STATE_IDENTITY, strerror(errno));
		return (AGENT_EXIT_REJECTED);
	}
	if (state_status_load(state_dir, &a->st) == -1)
		agent_say("status unreadable, starting afresh: %s",
		    strerror(errno));
	if (a->st.schedule_since == 0) {
		a->st.schedule_since = clock_now();
		if (state_status_save(state_dir, &a->st) == -1)
			agent_say("cannot save status: %s", strerror(errno));
	}
	a->policy = policy_load(state_dir);
	a->pending = state_threats_load(state_dir);
	return (AGENT_EXIT_OK);
}

static void
agent_free(struct agent *a)
{
	scan_engine_free(&a->eng);
	json_decref(a->policy);
	json_decref(a->pending);
	state_config_free(&a->cfg);
	state_identity_wipe(&a->id);
}

int
agent_run(const char *state_dir, bool once)
{
	struct agent	 a;
	unsigned	 attempt = 0;
	unsigned long	 found;
	long		 wait;
	int		 rounds = 0, rc, lock;
	enum checkin_rc	 ck;
	bool		 scan_now;

	if ((rc = agent_load(&a, state_dir)) != AGENT_EXIT_OK) {
		agent_free(&a);
		return (rc);
	}
	if ((lock = agent_lock(state_dir)) == -1) {
		agent_free(&a);
		return (AGENT_EXIT_ERROR);
	}
	a.once = once;
	rc = AGENT_EXIT_OK;
	while (!agent_stop) {
		engine_refresh(&a);
		rounds++;
		switch ((ck = checkin(&a, &wait, &scan_now))) {
		case CK_OK:
			attempt = 0;
			break;
		case CK_UNINSTALLED:
			goto out;
		case CK_REJECTED:
			rc = AGENT_EXIT_REJECTED;
			goto out;
		case CK_FAILED:
			rc = AGENT_EXIT_ERROR;
			goto out;
		case CK_REFUSED:
		case CK_RETRY:
			if (once) {
				rc = ck == CK_REFUSED ? AGENT_EXIT_REFUSED :
				    AGENT_EXIT_NETWORK;
				goto out;
			}
			wait = agent_backoff(attempt++);
			agent_say("retrying in %ld s", wait);
			nap((unsigned)wait);
			continue;
		}
		found = 0;
		if (scan_now && !agent_stop)
			found += do_scan(&a, false, "requested");
		if (!agent_stop)
			found += scheduled(&a);
		if (once && (found == 0 || rounds >= 2))
			break;
		if (found > 0 || wait == 0 ||
		    json_array_size(a.pending) > PROTO_THREATS_MAX)
			continue;
		wait_round(&a, wait);
	}
out:
	close(lock);
	agent_free(&a);
	return (rc);
}
