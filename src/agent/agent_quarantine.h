/*
 * agent_quarantine.h - moving a detected file out of harm's way.
 *
 * The file moves into the quarantine directory (DIR/quarantine, 0700)
 * under a new unique name "<UTC time>-<16 hex digits>.bin" with mode 0600
 * (owned by the agent), with a sidecar "<same name>.json" (0600) holding
 * {"original_path", "signature", "quarantined_at", "size"}. A rename moves
 * it when both are on one file system; otherwise it is copied (fsync'd)
 * and the original unlinked. The file is gone from its place only when it
 * is safely in quarantine.
 */
#ifndef STEWARD_AGENT_QUARANTINE_H
#define STEWARD_AGENT_QUARANTINE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Quarantine path (detected as signature at when). The quarantined file's
 * path goes to out (len bytes) when out is not NULL. Returns 0, or -1 with
 * errno set and the file left where it was.
 */
int	quarantine_file(const char *qdir, const char *path,
	    const char *signature, int64_t when, char *out, size_t len);

#endif
