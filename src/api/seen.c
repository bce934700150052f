/*
 * seen.c - last-seen times of devices, written in batches; see seen.h.
 */
#include <string.h>

#include "api/seen.h"
#include "core/err.h"
#include "core/log.h"
#include "store/store.h"
#include "store/store_device.h"

#define SEEN_ID_MAX	40

static char		 seen_ids[SEEN_MAX][SEEN_ID_MAX];
static const char	*seen_ptrs[SEEN_MAX];
static int64_t		 seen_at[SEEN_MAX];
static size_t		 seen_n;

void
seen_flush(struct store *st)
{
	struct err	 e, back;
	size_t		 i;
	int		 rc;

	if (seen_n == 0)
		return;
	if (st == NULL) {
		log_msg(LV_WARN, "devices.seen", "no database: %zu last-seen "
		    "times dropped", seen_n);
		seen_n = 0;
		return;
	}
	for (i = 0; i < seen_n; i++)
		seen_ptrs[i] = seen_ids[i];
	err_clear(&e);
	/* Losing the last few seconds of these in a crash is acceptable
	 * (README): their commit does not wait for the disk. */
	if ((rc = store_relaxed(st, true, &e)) == ST_OK)
		rc = store_devices_seen(st, seen_ptrs, seen_at, seen_n, &e);
	err_clear(&back);
	if (store_relaxed(st, false, &back) != ST_OK)
		log_msg(LV_ERROR, "devices.seen", "durable commits not restored "
		    "on this connection: %s", back.internal);
	if (rc != ST_OK) {
		log_msg(LV_WARN, "devices.seen", "%zu last-seen times not "
		    "written: %s", seen_n, e.internal);
	}
	seen_n = 0;
}

void
seen_note(struct store *st, const char *device_id, int64_t t)
{
	size_t	len = strlen(device_id);

	if (len >= SEEN_ID_MAX)
		return;
	if (seen_n == SEEN_MAX)
		seen_flush(st);
	memcpy(seen_ids[seen_n], device_id, len + 1);
	seen_at[seen_n] = t;
	seen_n++;
}
