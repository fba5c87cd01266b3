/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sealing with libsodium: a master key file, two subkeys derived from it
 * (one seals with XChaCha20-Poly1305, one tags with keyed BLAKE2b), and the
 * text form "sealed:1:<base64url(nonce || ciphertext)>".
 */
#include "util/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define MAC_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define B64_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
/* Longest plaintext sealed or opened: far more than any phone number. */
#define PLAIN_MAX 4096

/* Subkeys of the master key (crypto_kdf: 8-byte context, numeric ids). */
static const char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "tdseal01";
enum { SUBKEY_SEAL = 1, SUBKEY_TAG = 2 };

/* Bound into every ciphertext, so a future format cannot be confused. */
static const unsigned char seal_ad[] = "sealed:1";

struct seal {
	unsigned char seal_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char tag_key[crypto_generichash_KEYBYTES];
};

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void)
{
	sodium_status = sodium_init() < 0 ? -1 : 0;
}

/* Writes "key file PATH: WHY[: strerror(e)]" into err; returns -1. */
static int seterr(char *err, size_t errlen, const char *path, const char *why, int e)
{
	if (err && errlen)
		snprintf(err, errlen, "key file %s: %s%s%s", path ? path : "(none)", why,
			 e ? ": " : "", e ? strerror(e) : "");
	return -1;
}

/* ------------------------------------------------------------- key file */

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* fsync of the folder holding path, so a new name in it is durable. */
static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

/*
 * Creates a new key at path: a temporary file of mode 0600 (O_EXCL) gets
 * the random bytes and an fsync, then link() gives it the final name, which
 * fails if someone else made the key meanwhile. Returns 0 (key in key), 1
 * when the key appeared meanwhile (load that one), -1 with err set.
 */
static int create_key(const char *path, unsigned char key[SEAL_KEY_BYTES], char *err, size_t errlen)
{
	char tmp[4096];
	int fd, e, rc = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.new.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return seterr(err, errlen, path, "path too long", 0);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return seterr(err, errlen, path, "cannot create it", errno);
	randombytes_buf(key, SEAL_KEY_BYTES);
	if (fchmod(fd, 0600) != 0 || write_all(fd, key, SEAL_KEY_BYTES) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		seterr(err, errlen, path, "cannot write it", e);
		goto out;
	}
	if (close(fd) != 0) {
		seterr(err, errlen, path, "cannot write it", errno);
		goto out;
	}
	if (link(tmp, path) != 0) {
		if (errno == EEXIST)
			rc = 1;
		else
			seterr(err, errlen, path, "cannot create it", errno);
		goto out;
	}
	if (sync_dir(path) != 0) {
		seterr(err, errlen, path, "cannot sync its folder", errno);
		goto out;
	}
	rc = 0;
out:
	unlink(tmp);
	if (rc != 0)
		sodium_memzero(key, SEAL_KEY_BYTES);
	return rc;
}

/* Reads an existing key. Returns 0, 1 if there is none, -1 with err set. */
static int load_key(const char *path, unsigned char key[SEAL_KEY_BYTES], char *err, size_t errlen)
{
	struct stat st;
	char why[160];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return seterr(err, errlen, path, "cannot open it", errno);
	}
	if (fstat(fd, &st) != 0) {
		seterr(err, errlen, path, "cannot stat it", errno);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, path, "not a regular file", 0);
		goto fail;
	}
	if (st.st_mode & 077) {
		snprintf(why, sizeof(why),
			 "group or others may access it (mode %04o); it must be 0600: "
			 "chmod 600 it",
			 (unsigned)(st.st_mode & 07777));
		seterr(err, errlen, path, why, 0);
		goto fail;
	}
	if (st.st_size != SEAL_KEY_BYTES) {
		snprintf(why, sizeof(why), "it is %lld bytes, a key is %d", (long long)st.st_size,
			 SEAL_KEY_BYTES);
		seterr(err, errlen, path, why, 0);
		goto fail;
	}
	if (read_all(fd, key, SEAL_KEY_BYTES) != 0) {
		seterr(err, errlen, path, "cannot read it", errno);
		goto fail;
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

static struct seal *open_key(const char *key_path, bool create, char *err, size_t errlen)
{
	unsigned char master[SEAL_KEY_BYTES];
	struct seal *s = NULL;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (!key_path || !*key_path) {
		seterr(err, errlen, key_path, "no path given", 0);
		return NULL;
	}
	pthread_once(&sodium_once, sodium_start);
	if (sodium_status != 0) {
		seterr(err, errlen, key_path, "libsodium cannot start", 0);
		return NULL;
	}
	rc = load_key(key_path, master, err, errlen);
	if (rc == 1 && !create) {
		seterr(err, errlen, key_path, "missing", 0);
		goto out;
	}
	if (rc == 1) {
		rc = create_key(key_path, master, err, errlen);
		if (rc == 1) /* created by someone else meanwhile */
			rc = load_key(key_path, master, err, errlen);
	}
	if (rc != 0)
		goto out;
	if (!(s = malloc(sizeof(*s)))) {
		seterr(err, errlen, key_path, "out of memory", 0);
		goto out;
	}
	crypto_kdf_derive_from_key(s->seal_key, sizeof(s->seal_key), SUBKEY_SEAL, kdf_context,
				   master);
	crypto_kdf_derive_from_key(s->tag_key, sizeof(s->tag_key), SUBKEY_TAG, kdf_context, master);
out:
	sodium_memzero(master, sizeof(master));
	return s;
}

struct seal *seal_open(const char *key_path, char *err, size_t errlen)
{
	return open_key(key_path, true, err, errlen);
}

struct seal *seal_open_existing(const char *key_path, char *err, size_t errlen)
{
	return open_key(key_path, false, err, errlen);
}

void seal_close(struct seal *s)
{
	if (!s)
		return;
	sodium_memzero(s, sizeof(*s));
	free(s);
}

/* ---------------------------------------------------------------- sealing */

bool seal_is_sealed(const char *str)
{
	return str && strncmp(str, SEAL_PREFIX, strlen(SEAL_PREFIX)) == 0;
}

char *seal_encrypt(const struct seal *s, const char *plaintext)
{
	size_t len, bin_len, b64_len, pre = strlen(SEAL_PREFIX);
	unsigned char *bin;
	char *out = NULL;

	if (!s || !plaintext || (len = strlen(plaintext)) > PLAIN_MAX)
		return NULL;
	bin_len = NONCE_BYTES + len + MAC_BYTES;
	b64_len = sodium_base64_ENCODED_LEN(bin_len, B64_VARIANT);
	if (!(bin = malloc(bin_len)) || !(out = malloc(pre + b64_len)))
		goto out;
	randombytes_buf(bin, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE_BYTES, NULL,
						   (const unsigned char *)plaintext, len, seal_ad,
						   sizeof(seal_ad) - 1, NULL, bin, s->seal_key);
	memcpy(out, SEAL_PREFIX, pre);
	sodium_bin2base64(out + pre, b64_len, bin, bin_len, B64_VARIANT);
out:
	free(bin);
	return out;
}

char *seal_decrypt(const struct seal *s, const char *sealed)
{
	size_t pre = strlen(SEAL_PREFIX), b64_len, bin_len, max;
	unsigned long long plain_len;
	unsigned char *bin = NULL;
	char *plain = NULL;
	const char *end;

	if (!s || !seal_is_sealed(sealed))
		return NULL;
	b64_len = strlen(sealed + pre);
	max = b64_len / 4 * 3 + 3;
	if (max < NONCE_BYTES + MAC_BYTES || max > NONCE_BYTES + MAC_BYTES + PLAIN_MAX + 3)
		return NULL;
	if (!(bin = malloc(max)))
		return NULL;
	if (sodium_base642bin(bin, max, sealed + pre, b64_len, NULL, &bin_len, &end, B64_VARIANT) !=
		0 ||
	    end != sealed + pre + b64_len || bin_len < NONCE_BYTES + MAC_BYTES)
		goto out;
	if (!(plain = malloc(bin_len - NONCE_BYTES - MAC_BYTES + 1)))
		goto out;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, &plain_len, NULL, bin + NONCE_BYTES, bin_len - NONCE_BYTES,
		seal_ad, sizeof(seal_ad) - 1, bin, s->seal_key) != 0 ||
	    memchr(plain, '\0', (size_t)plain_len)) {
		free(plain);
		plain = NULL;
		goto out;
	}
	plain[plain_len] = '\0';
out:
	free(bin);
	return plain;
}

int seal_tag(const struct seal *s, const char *plaintext, char out[SEAL_TAG_SIZE])
{
	unsigned char tag[(SEAL_TAG_SIZE - 1) / 2];

	if (!s || !plaintext)
		return -1;
	crypto_generichash(tag, sizeof(tag), (const unsigned char *)plaintext, strlen(plaintext),
			   s->tag_key, sizeof(s->tag_key));
	sodium_bin2hex(out, SEAL_TAG_SIZE, tag, sizeof(tag));
	return 0;
}

int seal_tag_domain(const struct seal *s, const char *domain, const char *plaintext,
		    char out[SEAL_TAG_SIZE])
{
	unsigned char tag[(SEAL_TAG_SIZE - 1) / 2];
	crypto_generichash_state st;

	if (!s || !domain || !plaintext)
		return -1;
	crypto_generichash_init(&st, s->tag_key, sizeof(s->tag_key), sizeof(tag));
	crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
	crypto_generichash_update(&st, (const unsigned char *)plaintext, strlen(plaintext));
	crypto_generichash_final(&st, tag, sizeof(tag));
	sodium_bin2hex(out, SEAL_TAG_SIZE, tag, sizeof(tag));
	return 0;
}
