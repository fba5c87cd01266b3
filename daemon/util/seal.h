/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential values at rest (the numbers of denunciation senders): sealed
 * with a secret key kept in a 0600 file, and recognised by a keyed tag, so
 * the number itself is never stored in clear. libsodium.
 */
#ifndef TIENGDAN_SEAL_H
#define TIENGDAN_SEAL_H

#include <stdbool.h>
#include <stddef.h>

/* Every sealed string starts with this (the 1 is the format version). */
#define SEAL_PREFIX "sealed:1:"
/* Size of the key file. */
#define SEAL_KEY_BYTES 32
/* A tag as hex, with its NUL. */
#define SEAL_TAG_SIZE 65

struct seal;

/*
 * Loads the key file at key_path, or creates it with SEAL_KEY_BYTES random
 * bytes and mode 0600 when it does not exist (written to a temporary file,
 * fsync'd, then linked into place so a crash never leaves a short key, and
 * the folder fsync'd). Refuses a key file that group or others may read or
 * write, that is not a regular file, or whose size is not SEAL_KEY_BYTES.
 * Returns NULL with the reason in err (errlen bytes; err may be NULL) on
 * failure. The caller closes it with seal_close. Thread-safe afterwards:
 * the functions below only read the struct.
 */
struct seal *seal_open(const char *key_path, char *err, size_t errlen);

/* The same, but a missing key file is an error ("missing" in err), never
 * replaced by a new key: what a worker and every start with sealed rows
 * use. */
struct seal *seal_open_existing(const char *key_path, char *err, size_t errlen);

/* Wipes the keys and frees. s may be NULL. */
void seal_close(struct seal *s);

/*
 * Seals plaintext: SEAL_PREFIX, then URL-safe base64 without padding of a
 * random 24-byte nonce and the XChaCha20-Poly1305 ciphertext. Safe for a
 * TEXT column; two seals of the same text differ. Returns a new string the
 * caller frees, or NULL when out of memory or plaintext is NULL.
 */
char *seal_encrypt(const struct seal *s, const char *plaintext);

/* Opens a sealed string: the plaintext as a new string the caller frees,
 * or NULL if it is not sealed, was altered, or was sealed with another key. */
char *seal_decrypt(const struct seal *s, const char *sealed);

/* True if str looks like the output of seal_encrypt (has the prefix). */
bool seal_is_sealed(const char *str);

/*
 * A keyed hash of plaintext (BLAKE2b-256 with a key derived apart from the
 * sealing key) as 64 lower-case hex digits into out: the same plaintext
 * always gives the same tag under the same key file, so equal numbers can
 * be matched without storing them. Pass numbers in one normal form (E.164).
 * Returns 0, or -1 if plaintext is NULL.
 */
int seal_tag(const struct seal *s, const char *plaintext, char out[SEAL_TAG_SIZE]);

/*
 * A keyed tag in a domain of its own: the same plaintext gives unrelated
 * tags in two domains, so a tag kept on clear rows (SEAL_DOMAIN_CLEAR)
 * never equals the tag of the same number on sealed rows (seal_tag).
 * The domain's NUL is hashed, so no domain is a prefix of another.
 * Returns 0, or -1 if an argument is NULL.
 */
int seal_tag_domain(const struct seal *s, const char *domain, const char *plaintext,
		    char out[SEAL_TAG_SIZE]);

/* Domains of seal_tag_domain. */
#define SEAL_DOMAIN_CLEAR "clear" /* a clear sender's rows (limits, case owner) */
#define SEAL_DOMAIN_GROUP "group" /* the parts of one multipart message */
#define SEAL_DOMAIN_PART "part"	  /* one sealed part, to store it once */

#endif
