/*
 * secretkey.h - the installation's secret key, kept in a file beside the
 * database rather than in it.
 *
 * Some secrets must be shown again later (an installer's enrolment token
 * is shown each time a technician opens the installer dialog) and yet must
 * not be readable from a copy of the database. Such secrets are derived
 * from this key with a keyed BLAKE2b (secretkey_derive), and the database
 * keeps only their hashes. Every server of one installation uses the same
 * key file.
 *
 * The file holds 64 hex digits and a newline, mode 0600. secretkey_load()
 * creates it with a new random key when it does not exist (O_EXCL, so two
 * processes starting at once agree on one key).
 */
#ifndef STEWARD_SECRETKEY_H
#define STEWARD_SECRETKEY_H

#include <stddef.h>

struct arena;

#define SECRETKEY_BYTES	32

/*
 * Read the key at path into key, creating the file when it is missing.
 * 0 on success; -1 with a sentence in why (why_len bytes) otherwise.
 */
int	 secretkey_load(const char *path, unsigned char key[SECRETKEY_BYTES],
	    char *why, size_t why_len);

/*
 * base64url (unpadded) of the keyed BLAKE2b-256 of "purpose\n" and what,
 * allocated in a: the same inputs and key always give the same secret.
 */
char	*secretkey_derive(struct arena *a,
	    const unsigned char key[SECRETKEY_BYTES], const char *purpose,
	    const char *what);

#endif
