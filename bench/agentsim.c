/*
 * agentsim.c - many virtual devices checking in with the hub, for
 * bench/agent.sh.
 *
 * Bodies are built and answers read by the agent's own protocol code
 * (src/agent/agent_proto.c); the HTTP/1.1 client is a small epoll loop
 * over keep-alive connections (one request in flight on each), so one
 * client process drives tens of thousands of requests a second without
 * taking much of the machine from the server.
 *
 *   agentsim gen --customers FILE --devices N --csv OUT --secrets OUT
 *       devices for the database (CSV, loaded by bench/agent.sh) and the
 *       secrets the simulator checks in with. Each row is what an
 *       enrolment and the device's first check-in leave (see the README).
 *   agentsim enroll --url URL --tokens FILE --count N --out FILE
 *       N real enrolments (POST /agent/v1/enroll) spread over the
 *       installer tokens; the secrets are written to FILE.
 *   agentsim checkin-unchanged --url URL --secrets FILE --seconds S
 *       every device reports the state the hub has and the policy version
 *       it was given: the smallest answer, nothing written at once.
 *   agentsim checkin-change --url URL --secrets FILE --seconds S
 *       every check-in reports newer definitions: written before the answer.
 *   agentsim hello --url URL [--secrets FILE] --seconds S
 *       the unchanged check-in bodies POSTed to another server (the Kore
 *       hello-world baseline); any 200 counts.
 *
 * Options: --conns (64), --limit (use the first N devices of the file).
 * Results: one line "RESULT mode=... requests=... rps=... p50_ms=...
 * p99_ms=... errors=..." on standard output; errors (any answer other
 * than 200, or 201 for an enrolment, a malformed answer, a lost
 * connection) are counted and the first few printed on standard error.
 *
 * Secrets file: a header line "#agentsim defs_at=T booted_at=T", then one
 * device per line: secret, host name, IP address, group (a customer and
 * platform: devices of one group share a policy version), tab-separated.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <jansson.h>
#include <sodium.h>

#include "agent/agent_proto.h"
#include "agent/agent_version.h"
#include "app/agent.h"
#include "core/arena.h"
#include "core/rand.h"
#include "core/text.h"

#define OS_NAME		"Ubuntu 24.04 LTS"
#define KERNEL		"6.8.0-45-generic"
#define ERRORS_SHOWN	5

struct device {
	const char	*secret;
	const char	*hostname;
	const char	*ip;
	unsigned	 group;
	unsigned	 visits;
};

enum mode { M_ENROLL, M_UNCHANGED, M_CHANGE, M_HELLO };

struct conn {
	int	 fd;
	bool	 busy;
	bool	 pollout;	/* waiting to write (EPOLLOUT asked for) */
	char	*out;
	size_t	 outlen, outoff;
	char	*in;
	size_t	 inlen, incap;
	int64_t	 t0;
	size_t	 job;		/* device (check-in) or enrolment number */
	bool	 timed;
};

static struct {
	enum mode	 mode;
	const char	*host;
	int		 port;
	const char	*path;
	int		 conns;
	double		 seconds;
	long		 count;
	long		 limit;
	const char	*secrets, *tokens, *out, *customers, *csv;
	struct device	*dev;
	size_t		 ndev;
	char		**groups;	/* names */
	char		**versions;	/* policy version per group, or NULL */
	size_t		 ngroups;
	char		**tok;		/* tokens and their groups */
	char		**tokgroup;
	size_t		 ntok;
	int64_t		 defs_at, booted_at;
	char		 nonce[17];
	FILE		*outf;
} g;

static struct {
	uint64_t	 done, errors, conn_errors, policy_answers;
	uint32_t	*lat;		/* microseconds */
	size_t		 nlat, caplat;
	unsigned	 shown;
} st;

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "agentsim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static void *
xmalloc(size_t n)
{
	void	*p = malloc(n);

	if (p == NULL)
		die("out of memory (%s)", "malloc");
	return (p);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory (%s)", "realloc");
	return (p);
}

static char *
xstrdup(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL)
		die("out of memory (%s)", "strdup");
	return (p);
}

/* ---- groups ---------------------------------------------------------------- */

static unsigned
group_of(const char *name)
{
	size_t	i;

	/* Few groups (customers x platforms); looked up at load time only. */
	for (i = g.ngroups; i > 0; i--)
		if (strcmp(g.groups[i - 1], name) == 0)
			return ((unsigned)(i - 1));
	if (g.ngroups % 256 == 0) {
		g.groups = xrealloc(g.groups, (g.ngroups + 256) *
		    sizeof(*g.groups));
		g.versions = xrealloc(g.versions, (g.ngroups + 256) *
		    sizeof(*g.versions));
	}
	g.groups[g.ngroups] = xstrdup(name);
	g.versions[g.ngroups] = NULL;
	return ((unsigned)g.ngroups++);
}

/* ---- files ----------------------------------------------------------------- */

/* Split line at tabs into at most n fields; returns how many. */
static size_t
fields(char *line, char **f, size_t n)
{
	size_t	k = 0;
	char	*p;

	line[strcspn(line, "\r\n")] = '\0';
	while (k < n) {
		f[k++] = line;
		if ((p = strchr(line, '\t')) == NULL)
			break;
		*p = '\0';
		line = p + 1;
	}
	return (k);
}

static void
secrets_load(const char *path)
{
	FILE		*fp;
	char		*line = NULL, *f[4];
	size_t		 cap = 0, capdev = 0;
	long long	 d, b;

	if ((fp = fopen(path, "r")) == NULL)
		die("cannot open %s", path);
	while (getline(&line, &cap, fp) > 0) {
		if (line[0] == '#') {
			if (sscanf(line, "#agentsim defs_at=%lld booted_at=%lld",
			    &d, &b) == 2) {
				g.defs_at = d;
				g.booted_at = b;
			}
			continue;
		}
		if (g.limit > 0 && g.ndev >= (size_t)g.limit)
			break;
		if (fields(line, f, 4) != 4)
			die("bad line in %s", path);
		if (g.ndev == capdev) {
			capdev = capdev ? capdev * 2 : 4096;
			g.dev = xrealloc(g.dev, capdev * sizeof(*g.dev));
		}
		g.dev[g.ndev].secret = xstrdup(f[0]);
		g.dev[g.ndev].hostname = xstrdup(f[1]);
		g.dev[g.ndev].ip = xstrdup(f[2]);
		g.dev[g.ndev].group = group_of(f[3]);
		g.dev[g.ndev].visits = 0;
		g.ndev++;
	}
	free(line);
	fclose(fp);
	if (g.ndev == 0 || g.defs_at == 0)
		die("%s: no devices or no header", path);
}

static void
tokens_load(const char *path)
{
	FILE	*fp;
	char	*line = NULL, *f[2];
	size_t	 cap = 0;

	if ((fp = fopen(path, "r")) == NULL)
		die("cannot open %s", path);
	while (getline(&line, &cap, fp) > 0) {
		if (fields(line, f, 2) != 2)
			die("bad line in %s", path);
		g.tok = xrealloc(g.tok, (g.ntok + 1) * sizeof(*g.tok));
		g.tokgroup = xrealloc(g.tokgroup, (g.ntok + 1) *
		    sizeof(*g.tokgroup));
		g.tok[g.ntok] = xstrdup(f[0]);
		g.tokgroup[g.ntok] = xstrdup(f[1]);
		g.ntok++;
	}
	free(line);
	fclose(fp);
	if (g.ntok == 0)
		die("%s: no tokens", path);
}

/* ---- what a device sends --------------------------------------------------- */

static json_t *
host_of(const struct device *d)
{
	return (json_pack("{s:s, s:s, s:s, s:s, s:[s], s:I}", "hostname",
	    d->hostname, "os", OS_NAME, "kernel", KERNEL, "agent_version",
	    AGENT_VERSION, "ip_addresses", d->ip, "uptime_seconds",
	    (json_int_t)(time(NULL) - g.booted_at)));
}

/*
 * The hash the hub keeps of the state a device reports (src/app/agent.c,
 * state_read: everything but the uptime), for rows made by "gen".
 */
static char *
state_hash(struct arena *a, const char *protection, int64_t defs_at,
    const char *hostname, const char *ip)
{
	return (token_hash(a, arena_printf(a, "%s\n%lld\nh %s\n%s\n%s\n%s\n"
	    "[\"%s\"]\n", protection, (long long)defs_at, hostname, OS_NAME,
	    KERNEL, AGENT_VERSION, ip)));
}

static char *
body_of(size_t job, bool changed)
{
	struct device	*d = &g.dev[job];
	json_t		*pending, *body;
	char		*s;
	int64_t		 defs = g.defs_at;

	if (changed)
		defs += 3600 * (int64_t)++d->visits;
	pending = json_array();
	body = proto_checkin_body(g.versions[d->group], true, defs, pending,
	    host_of(d), NULL);
	s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	json_decref(pending);
	return (s);
}

static char *
enroll_body(size_t job, char *hostname, size_t len)
{
	unsigned char	 h[32];
	char		 hw[65], *s, *src;
	json_t		*body;

	src = NULL;
	if (asprintf(&src, "agentsim %s %zu", g.nonce, job) < 0)
		die("out of memory (%s)", "asprintf");
	crypto_generichash(h, sizeof(h), (unsigned char *)src, strlen(src),
	    NULL, 0);
	free(src);
	sodium_bin2hex(hw, sizeof(hw), h, sizeof(h));
	snprintf(hostname, len, "enr-%s-%06zu", g.nonce, job);
	body = proto_enroll_body(g.tok[job % g.ntok], hw, hostname,
	    "workstation", OS_NAME);
	s = json_dumps(body, JSON_COMPACT);
	proto_wipe_member(body, "token");
	json_decref(body);
	return (s);
}

/* ---- HTTP ------------------------------------------------------------------ */

static int	ep;

static void
conn_open(struct conn *c)
{
	struct sockaddr_in	 sa;
	struct epoll_event	 ev;
	int			 one = 1, fl;

	if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)g.port);
	if (inet_pton(AF_INET, g.host, &sa.sin_addr) != 1)
		die("not an IPv4 address: %s", g.host);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("connect: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fl = fcntl(c->fd, F_GETFL);
	fcntl(c->fd, F_SETFL, fl | O_NONBLOCK);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("epoll_ctl: %s", strerror(errno));
	c->inlen = 0;
	c->busy = false;
	c->pollout = false;
}

static void
conn_close(struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static void
want_out(struct conn *c, bool on)
{
	struct epoll_event	ev;

	if (c->pollout == on)
		return;		/* a system call per request saved */
	c->pollout = on;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | (on ? EPOLLOUT : 0);
	ev.data.ptr = c;
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void
conn_flush(struct conn *c)
{
	ssize_t	n;

	while (c->outoff < c->outlen) {
		n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN) {
			want_out(c, true);
			return;
		}
		if (n <= 0)
			return;		/* the read side sees the error */
		c->outoff += (size_t)n;
	}
	want_out(c, false);
}

/* Send a request with body on c. */
static void
conn_send(struct conn *c, const char *path, const char *auth,
    const char *body)
{
	size_t	blen = strlen(body);
	int	n;

	free(c->out);
	c->out = NULL;
	n = asprintf(&c->out, "POST %s HTTP/1.1\r\nHost: %s:%d\r\n"
	    "Content-Type: application/json\r\n%s%s%sContent-Length: %zu\r\n"
	    "\r\n%s", path, g.host, g.port, auth ? "Authorization: Bearer " :
	    "", auth ? auth : "", auth ? "\r\n" : "", blen, body);
	if (n < 0)
		die("out of memory (%s)", "asprintf");
	c->outlen = (size_t)n;
	c->outoff = 0;
	c->busy = true;
	c->t0 = now_us();
	conn_flush(c);
}

/* A complete answer in c->in: status, body and its length; 0 when more is
 * needed, -1 when malformed. */
static int
answer_parse(struct conn *c, int *status, char **body, size_t *blen,
    bool *closing)
{
	char	*end, *p, *line;
	size_t	 hlen, clen = 0;
	bool	 has_len = false;

	if (c->inlen < 4)
		return (0);
	c->in[c->inlen] = '\0';
	if ((end = strstr(c->in, "\r\n\r\n")) == NULL)
		return (0);
	hlen = (size_t)(end - c->in) + 4;
	if (strncmp(c->in, "HTTP/1.", 7) != 0 || c->inlen < 12)
		return (-1);
	*status = atoi(c->in + 9);
	*closing = false;
	for (line = strstr(c->in, "\r\n") + 2; line < end;
	    line = strstr(line, "\r\n") + 2) {
		if (strncasecmp(line, "content-length:", 15) == 0) {
			clen = strtoul(line + 15, NULL, 10);
			has_len = true;
		} else if (strncasecmp(line, "connection:", 11) == 0) {
			for (p = line + 11; *p == ' '; p++)
				;
			*closing = strncasecmp(p, "close", 5) == 0;
		} else if (strncasecmp(line, "transfer-encoding:", 18) == 0)
			return (-1);	/* the hub never chunks these */
	}
	if (!has_len)
		return (-1);
	if (c->inlen < hlen + clen)
		return (0);
	*body = c->in + hlen;
	*blen = clen;
	return ((int)(hlen + clen));
}

static void
error_note(const char *what, int status, const char *body, size_t blen)
{
	st.errors++;
	if (st.shown++ < ERRORS_SHOWN)
		fprintf(stderr, "agentsim: %s: status %d: %.*s\n", what, status,
		    (int)(blen > 300 ? 300 : blen), body);
}

static void
latency_add(int64_t us)
{
	if (st.nlat == st.caplat) {
		st.caplat = st.caplat ? st.caplat * 2 : 65536;
		st.lat = xrealloc(st.lat, st.caplat * sizeof(*st.lat));
	}
	st.lat[st.nlat++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

/* Read what the answer says; count it. */
static void
answer_handle(struct conn *c, int status, char *body, size_t blen)
{
	struct checkin_answer	 ca;
	json_t			*ans;
	char			 id[128], secret[256], hostname[64];
	long			 secs;
	struct device		*d;

	if (c->timed)
		latency_add(now_us() - c->t0);
	if (g.mode == M_HELLO) {
		if (status != 200)
			error_note("hello", status, body, blen);
		else if (c->timed)
			st.done++;
		return;
	}
	if (status != (g.mode == M_ENROLL ? 201 : 200)) {
		error_note(g.mode == M_ENROLL ? "enroll" : "checkin", status,
		    body, blen);
		return;
	}
	if ((ans = json_loadb(body, blen, 0, NULL)) == NULL) {
		error_note("not JSON", status, body, blen);
		return;
	}
	if (g.mode == M_ENROLL) {
		if (proto_enroll_answer(ans, id, sizeof(id), secret,
		    sizeof(secret), &secs) != 0)
			error_note("enroll answer", status, body, blen);
		else {
			snprintf(hostname, sizeof(hostname), "enr-%s-%06zu",
			    g.nonce, c->job);
			fprintf(g.outf, "%s\t%s\t10.%zu.%zu.%zu\t%s\n", secret,
			    hostname, (c->job >> 16) & 255, (c->job >> 8) & 255,
			    c->job & 255, g.tokgroup[c->job % g.ntok]);
			sodium_memzero(secret, sizeof(secret));
			if (c->timed)
				st.done++;
		}
		json_decref(ans);
		return;
	}
	d = &g.dev[c->job];
	if (proto_checkin_answer(ans, &ca) != 0 || ca.policy_version == NULL ||
	    ca.uninstall || ca.checkin_seconds <= 0)
		error_note("checkin answer", status, body, blen);
	else {
		if (ca.policy != NULL) {
			if (c->timed)
				st.policy_answers++;
			free(g.versions[d->group]);
			g.versions[d->group] = xstrdup(ca.policy_version);
		}
		if (c->timed)
			st.done++;
	}
	json_decref(ans);
}

/* ---- the run --------------------------------------------------------------- */

/* The next job (device or enrolment), or -1 when the phase is over. */
typedef long (*next_fn)(void);

static size_t	 cursor;
static size_t	 stride;
static int64_t	 deadline;
static size_t	*warm;		/* one device per group */
static size_t	 nwarm;

static long
next_warm(void)
{
	return (cursor < nwarm ? (long)warm[cursor++] : -1);
}

static long
next_timed(void)
{
	if (now_us() >= deadline)
		return (-1);
	/* Devices in a scattered order, each once before any twice. */
	return ((long)((cursor++ % g.ndev) * stride % g.ndev));
}

static long
next_enroll(void)
{
	return (cursor < (size_t)g.count ? (long)cursor++ : -1);
}

static bool
job_start(struct conn *c, long job)
{
	char	*body, hostname[64];

	if (job < 0)
		return (false);
	c->job = (size_t)job;
	switch (g.mode) {
	case M_ENROLL:
		body = enroll_body(c->job, hostname, sizeof(hostname));
		conn_send(c, "/agent/v1/enroll", NULL, body);
		break;
	case M_HELLO:
		body = body_of(c->job, false);
		conn_send(c, g.path, NULL, body);
		break;
	default:
		body = body_of(c->job, g.mode == M_CHANGE && c->timed);
		conn_send(c, "/agent/v1/checkin", g.dev[c->job].secret, body);
		break;
	}
	free(body);
	return (true);
}

static void
run(struct conn *cs, next_fn next, bool timed)
{
	struct epoll_event	 evs[256];
	struct conn		*c;
	char			*body;
	size_t			 blen, busy = 0;
	ssize_t			 n;
	int			 i, k, status, used;
	bool			 closing, more = true;

	for (i = 0; i < g.conns; i++) {
		cs[i].timed = timed;
		if (more && (more = job_start(&cs[i], next())))
			busy++;
	}
	while (busy > 0) {
		k = epoll_wait(ep, evs, 256, 1000);
		for (i = 0; i < k; i++) {
			c = evs[i].data.ptr;
			if (evs[i].events & EPOLLOUT)
				conn_flush(c);
			if (!(evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
				continue;
			if (c->incap - c->inlen < 16384) {
				c->incap = c->incap ? c->incap * 2 : 65536;
				c->in = xrealloc(c->in, c->incap + 1);
			}
			n = recv(c->fd, c->in + c->inlen, c->incap - c->inlen,
			    0);
			if (n < 0 && errno == EAGAIN)
				continue;
			if (n <= 0) {
				/* Lost: count it, reconnect, go on. */
				st.conn_errors++;
				if (st.shown++ < ERRORS_SHOWN)
					fprintf(stderr, "agentsim: connection "
					    "lost: %s\n", n < 0 ?
					    strerror(errno) : "closed");
				conn_close(c);
				conn_open(c);
				c->timed = timed;
				busy--;
				if (more && (more = job_start(c, next())))
					busy++;
				continue;
			}
			c->inlen += (size_t)n;
			used = answer_parse(c, &status, &body, &blen, &closing);
			if (used == 0)
				continue;
			busy--;
			c->busy = false;
			if (used < 0) {
				error_note("malformed HTTP", 0, c->in,
				    c->inlen);
				closing = true;
			} else {
				answer_handle(c, status, body, blen);
				memmove(c->in, c->in + used, c->inlen -
				    (size_t)used);
				c->inlen -= (size_t)used;
			}
			if (closing) {
				conn_close(c);
				conn_open(c);
				c->timed = timed;
			}
			if (more && (more = job_start(c, next())))
				busy++;
		}
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

static double
pct(double p)
{
	size_t	i;

	if (st.nlat == 0)
		return (0);
	i = (size_t)(p * (double)st.nlat);
	if (i >= st.nlat)
		i = st.nlat - 1;
	return (st.lat[i] / 1000.0);
}

static size_t
gcd(size_t a, size_t b)
{
	while (b != 0) {
		size_t t = a % b;
		a = b;
		b = t;
	}
	return (a);
}

static int
simulate(void)
{
	static const char *const names[] = { "enroll", "checkin-unchanged",
	    "checkin-change", "hello" };
	struct conn	*cs;
	struct rusage	 r0, r1;
	bool		*seen;
	int64_t		 t0, t1;
	double		 secs, cpu;
	size_t		 i;
	int		 k;

	if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		die("epoll: %s", strerror(errno));
	cs = calloc((size_t)g.conns, sizeof(*cs));
	if (cs == NULL)
		die("out of memory (%s)", "calloc");
	for (k = 0; k < g.conns; k++)
		conn_open(&cs[k]);
	if (g.mode == M_UNCHANGED || g.mode == M_CHANGE) {
		/* Learn each group's policy version (untimed): from then on
		 * every device sends the version it would have been given. */
		seen = calloc(g.ngroups, sizeof(*seen));
		warm = xmalloc(g.ngroups * sizeof(*warm));
		for (i = 0; i < g.ndev; i++)
			if (!seen[g.dev[i].group]) {
				seen[g.dev[i].group] = true;
				warm[nwarm++] = i;
			}
		free(seen);
		run(cs, next_warm, false);
		if (st.errors > 0) {
			fprintf(stderr, "agentsim: %" PRIu64 " errors while "
			    "learning policy versions\n", st.errors);
			return (1);
		}
	}
	/* A stride coprime with the device count visits all in a scattered
	 * order (like devices whose timers drifted apart). */
	stride = 1000003 % (g.ndev ? g.ndev : 1);
	while (g.ndev > 1 && (stride == 0 || gcd(stride, g.ndev) != 1))
		stride++;
	if (g.ndev <= 1)
		stride = 1;
	cursor = 0;
	getrusage(RUSAGE_SELF, &r0);
	t0 = now_us();
	deadline = t0 + (int64_t)(g.seconds * 1e6);
	run(cs, g.mode == M_ENROLL ? next_enroll : next_timed, true);
	t1 = now_us();
	getrusage(RUSAGE_SELF, &r1);
	secs = (double)(t1 - t0) / 1e6;
	cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec +
	    r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
	    (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec +
	    r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
	qsort(st.lat, st.nlat, sizeof(*st.lat), cmp_u32);
	printf("RESULT mode=%s devices=%zu conns=%d requests=%" PRIu64
	    " seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
	    " errors=%" PRIu64 " conn_errors=%" PRIu64 " policy_answers=%"
	    PRIu64 " client_cpu=%.0f%%\n", names[g.mode],
	    g.mode == M_ENROLL ? (size_t)g.count : g.ndev, g.conns, st.done,
	    secs, (double)st.done / secs, pct(0.50), pct(0.99),
	    st.nlat ? st.lat[st.nlat - 1] / 1000.0 : 0, st.errors,
	    st.conn_errors, st.policy_answers, 100.0 * cpu / secs);
	return (st.errors + st.conn_errors > 0 ? 1 : 0);
}

/* ---- gen ------------------------------------------------------------------- */

/* A CSV field (quoted when it has a quote or a comma). */
static void
csv_field(FILE *fp, const char *s, bool last)
{
	if (s == NULL)
		;		/* empty: NULL */
	else if (strpbrk(s, "\",\n") == NULL)
		fputs(s, fp);
	else {
		fputc('"', fp);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	}
	fputc(last ? '\n' : ',', fp);
}

static int
gen(void)
{
	FILE		*cf, *csv, *sec;
	char		*line = NULL, *f[2], **partner = NULL, **customer = NULL;
	char		 ip[32], host[32], hw[65], num[32];
	unsigned char	 h[32];
	size_t		 cap = 0, nc = 0, i, c;
	struct arena	 a;
	int64_t		 now = time(NULL), enrolled;
	bool		 server;
	char		*secret;

	if ((cf = fopen(g.customers, "r")) == NULL)
		die("cannot open %s", g.customers);
	while (getline(&line, &cap, cf) > 0) {
		if (fields(line, f, 2) != 2)
			die("bad line in %s", g.customers);
		partner = xrealloc(partner, (nc + 1) * sizeof(*partner));
		customer = xrealloc(customer, (nc + 1) * sizeof(*customer));
		partner[nc] = xstrdup(f[0]);
		customer[nc] = xstrdup(f[1]);
		nc++;
	}
	free(line);
	fclose(cf);
	if (nc == 0)
		die("%s: no customers", g.customers);
	if ((csv = fopen(g.csv, "w")) == NULL)
		die("cannot write %s", g.csv);
	if ((sec = fopen(g.secrets, "w")) == NULL)
		die("cannot write %s", g.secrets);
	/* Definitions from a day ago, machines up for five days. */
	g.defs_at = now - 86400;
	g.booted_at = now - 5 * 86400;
	fprintf(sec, "#agentsim defs_at=%lld booted_at=%lld\n",
	    (long long)g.defs_at, (long long)g.booted_at);
	arena_init(&a, 1 << 16);
	for (i = 0; i < (size_t)g.count; i++) {
		if (i % 4096 == 0) {
			arena_free(&a);
			arena_init(&a, 1 << 16);
		}
		c = i % nc;
		server = i % 10 == 9;
		snprintf(host, sizeof(host), "%s-%07zu", server ? "SRV" : "WS",
		    i);
		snprintf(ip, sizeof(ip), "10.%zu.%zu.%zu", (i >> 16) & 255,
		    (i >> 8) & 255, i & 255);
		randombytes_buf(h, sizeof(h));
		sodium_bin2hex(hw, sizeof(hw), h, sizeof(h));
		secret = arena_printf(&a, DEVICE_SECRET_PREFIX "%s",
		    token_new(&a));
		enrolled = now - 30 * 86400 + (int64_t)(i % 86400);
		csv_field(csv, id_new(&a, "dev"), false);
		csv_field(csv, partner[c], false);
		csv_field(csv, customer[c], false);
		csv_field(csv, NULL, false);			/* site_id */
		csv_field(csv, hw, false);
		csv_field(csv, host, false);
		csv_field(csv, text_fold(&a, host), false);
		csv_field(csv, server ? "server" : "workstation", false);
		csv_field(csv, OS_NAME, false);
		csv_field(csv, KERNEL, false);
		csv_field(csv, AGENT_VERSION, false);
		csv_field(csv, arena_printf(&a, "[\"%s\"]", ip), false);
		snprintf(num, sizeof(num), "%lld", (long long)g.booted_at);
		csv_field(csv, num, false);			/* booted_at */
		csv_field(csv, token_hash(&a, secret), false);
		csv_field(csv, "on", false);
		snprintf(num, sizeof(num), "%lld", (long long)g.defs_at);
		csv_field(csv, num, false);			/* definitions_at */
		csv_field(csv, state_hash(&a, "on", g.defs_at, host, ip),
		    false);
		csv_field(csv, "protected", false);		/* status */
		snprintf(num, sizeof(num), "%lld", (long long)enrolled);
		csv_field(csv, num, false);			/* enrolled_at */
		snprintf(num, sizeof(num), "%lld",
		    (long long)(now - (int64_t)(i % 300)));
		csv_field(csv, num, false);			/* last_seen */
		csv_field(csv, num, true);			/* seen_mark */
		fprintf(sec, "%s\t%s\t%s\tc%zu-%s\n", secret, host, ip, c,
		    server ? "server" : "workstation");
		sodium_memzero(secret, strlen(secret));
	}
	arena_free(&a);
	if (fclose(csv) != 0 || fclose(sec) != 0)
		die("write failed: %s", strerror(errno));
	return (0);
}

/* ---- main ------------------------------------------------------------------ */

static void
usage(void)
{
	fprintf(stderr, "usage: agentsim gen --customers FILE --devices N "
	    "--csv OUT --secrets OUT\n"
	    "       agentsim enroll --url URL --tokens FILE --count N --out FILE"
	    " [--conns C]\n"
	    "       agentsim checkin-unchanged|checkin-change|hello --url URL"
	    " [--secrets FILE] --seconds S [--conns C] [--limit N]\n");
	exit(2);
}

static void
url_parse(const char *url)
{
	static char	 host[256];
	const char	*p, *colon, *slash;

	if (strncmp(url, "http://", 7) != 0)
		die("only http:// URLs: %s", url);
	p = url + 7;
	slash = strchr(p, '/');
	colon = strchr(p, ':');
	if (colon == NULL || (slash != NULL && colon > slash))
		die("the URL needs a port: %s", url);
	if ((size_t)(colon - p) >= sizeof(host))
		die("bad URL: %s", url);
	memcpy(host, p, (size_t)(colon - p));
	host[colon - p] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	g.host = host;
	g.port = atoi(colon + 1);
	g.path = slash != NULL ? slash : "/";
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "conns", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "devices", required_argument, NULL, 'n' },
		{ "limit", required_argument, NULL, 'l' },
		{ "secrets", required_argument, NULL, 'S' },
		{ "tokens", required_argument, NULL, 'T' },
		{ "out", required_argument, NULL, 'o' },
		{ "customers", required_argument, NULL, 'C' },
		{ "csv", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*cmd;
	unsigned char	 r[8];
	int		 ch;

	if (argc < 2)
		usage();
	cmd = argv[1];
	argv++;
	argc--;
	g.conns = 64;
	g.seconds = 10;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'u': url_parse(optarg); break;
		case 'c': g.conns = atoi(optarg); break;
		case 's': g.seconds = atof(optarg); break;
		case 'n': g.count = atol(optarg); break;
		case 'l': g.limit = atol(optarg); break;
		case 'S': g.secrets = optarg; break;
		case 'T': g.tokens = optarg; break;
		case 'o': g.out = optarg; break;
		case 'C': g.customers = optarg; break;
		case 'v': g.csv = optarg; break;
		default: usage();
		}
	}
	if (sodium_init() < 0 || rand_init() != 0)
		die("%s", "libsodium does not start");
	signal(SIGPIPE, SIG_IGN);
	if (g.conns < 1 || g.conns > 10000)
		usage();
	if (strcmp(cmd, "gen") == 0) {
		if (g.customers == NULL || g.csv == NULL || g.secrets == NULL ||
		    g.count <= 0)
			usage();
		return (gen());
	}
	if (g.host == NULL)
		usage();
	if (strcmp(cmd, "enroll") == 0) {
		if (g.tokens == NULL || g.out == NULL || g.count <= 0)
			usage();
		g.mode = M_ENROLL;
		tokens_load(g.tokens);
		randombytes_buf(r, sizeof(r));
		sodium_bin2hex(g.nonce, sizeof(g.nonce), r, sizeof(r));
		if ((g.outf = fopen(g.out, "w")) == NULL)
			die("cannot write %s", g.out);
		/* Their first check-in will report a state: any will do. */
		fprintf(g.outf, "#agentsim defs_at=%lld booted_at=%lld\n",
		    (long long)time(NULL) - 86400,
		    (long long)time(NULL) - 5 * 86400);
		ch = simulate();
		if (fclose(g.outf) != 0)
			die("write failed: %s", strerror(errno));
		return (ch);
	}
	if (strcmp(cmd, "checkin-unchanged") == 0)
		g.mode = M_UNCHANGED;
	else if (strcmp(cmd, "checkin-change") == 0)
		g.mode = M_CHANGE;
	else if (strcmp(cmd, "hello") == 0)
		g.mode = M_HELLO;
	else
		usage();
	if (g.secrets != NULL)
		secrets_load(g.secrets);
	else if (g.mode == M_HELLO) {
		g.dev = calloc(1, sizeof(*g.dev));
		if (g.dev == NULL)
			die("out of memory (%s)", "calloc");
		g.dev[0].secret = "";
		g.dev[0].hostname = "WS-0000000";
		g.dev[0].ip = "10.0.0.1";
		g.dev[0].group = group_of("hello");
		g.ndev = 1;
		g.defs_at = time(NULL) - 86400;
		g.booted_at = time(NULL) - 5 * 86400;
	} else
		usage();
	return (simulate());
}
