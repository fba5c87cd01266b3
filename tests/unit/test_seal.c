/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of sealed numbers: the key file (created 0600, reused, refused
 * when readable by others or of the wrong size), round trips, random
 * nonces, tampering, other keys, and stable keyed tags.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "util/seal.h"

static const char number[] = "+84912345678";

struct dir {
	char path[64];
	char key[128];
};

static int setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	strcpy(d->path, "/tmp/tiengdan-seal-XXXXXX");
	if (!mkdtemp(d->path))
		return -1;
	snprintf(d->key, sizeof(d->key), "%s/seal.key", d->path);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dir *d = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->path);
	if (system(cmd) != 0)
		return -1;
	free(d);
	return 0;
}

static struct seal *open_ok(const char *path)
{
	char err[256] = "";
	struct seal *s = seal_open(path, err, sizeof(err));

	if (!s)
		fail_msg("seal_open: %s", err);
	return s;
}

static void write_file(const char *path, const void *data, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void assert_open_refused(const char *path, const char *part)
{
	char err[256] = "";

	assert_null(seal_open(path, err, sizeof(err)));
	if (!strstr(err, part) || !strstr(err, path))
		fail_msg("\"%s\" lacks \"%s\" or the path", err, part);
}

/* ------------------------------------------------------------- key file */

static void test_key_created_and_reused(void **state)
{
	struct dir *d = *state;
	struct stat st;
	char tag1[SEAL_TAG_SIZE], tag2[SEAL_TAG_SIZE];
	char *sealed, *plain;
	struct seal *s;

	assert_int_equal(stat(d->key, &st), -1);
	umask(022);
	s = open_ok(d->key);
	assert_int_equal(stat(d->key, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, SEAL_KEY_BYTES);
	assert_int_equal(seal_tag(s, number, tag1), 0);
	sealed = seal_encrypt(s, number);
	assert_non_null(sealed);
	seal_close(s);

	/* No temporary file is left behind. */
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 1", d->path);
	assert_int_equal(system(cmd), 0);

	/* Second start: the same key, so the same tag, and the old seal opens. */
	s = open_ok(d->key);
	assert_int_equal(stat(d->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(seal_tag(s, number, tag2), 0);
	assert_string_equal(tag1, tag2);
	plain = seal_decrypt(s, sealed);
	assert_non_null(plain);
	assert_string_equal(plain, number);
	free(plain);
	free(sealed);
	seal_close(s);

	/* A read-only key (0400) is fine. */
	assert_int_equal(chmod(d->key, 0400), 0);
	seal_close(open_ok(d->key));
}

static void test_key_refused(void **state)
{
	struct dir *d = *state;
	unsigned char key[SEAL_KEY_BYTES + 1] = {0};
	char path[200];

	/* Readable by others, or by the group: refused, with the fix. */
	write_file(d->key, key, SEAL_KEY_BYTES, 0644);
	assert_open_refused(d->key, "mode 0644");
	assert_open_refused(d->key, "chmod 600");
	assert_int_equal(chmod(d->key, 0640), 0);
	assert_open_refused(d->key, "group or others");
	assert_int_equal(chmod(d->key, 0602), 0);
	assert_open_refused(d->key, "group or others");
	/* Left as it was: the key is not rewritten. */
	assert_int_equal(chmod(d->key, 0600), 0);
	seal_close(open_ok(d->key));

	/* Wrong size: short, long, empty. */
	write_file(d->key, key, SEAL_KEY_BYTES - 1, 0600);
	assert_open_refused(d->key, "31 bytes, a key is 32");
	write_file(d->key, key, SEAL_KEY_BYTES + 1, 0600);
	assert_open_refused(d->key, "33 bytes");
	write_file(d->key, key, 0, 0600);
	assert_open_refused(d->key, "0 bytes");

	/* Not a regular file; a folder that does not exist; no path. */
	snprintf(path, sizeof(path), "%s/sub", d->path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_open_refused(path, "not a regular file");
	snprintf(path, sizeof(path), "%s/nonesuch/seal.key", d->path);
	assert_open_refused(path, "cannot create it");
	assert_null(seal_open(NULL, NULL, 0));
	assert_null(seal_open("", NULL, 0));
}

/* ---------------------------------------------------------------- sealing */

static void test_round_trip(void **state)
{
	struct dir *d = *state;
	struct seal *s = open_ok(d->key);
	static const char *const texts[] = {number, "0912345678", "", "Đạ K'Nàng 😀"};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *a = seal_encrypt(s, texts[i]);
		char *b = seal_encrypt(s, texts[i]);

		assert_non_null(a);
		assert_non_null(b);
		assert_true(seal_is_sealed(a));
		assert_int_equal(strncmp(a, SEAL_PREFIX, strlen(SEAL_PREFIX)), 0);
		/* Random nonces: two seals of the same text differ. */
		assert_string_not_equal(a, b);
		/* Safe for a TEXT column: URL-safe base64 after the prefix. */
		for (const char *p = a + strlen(SEAL_PREFIX); *p; p++)
			assert_non_null(
			    strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789-_",
				   *p));
		for (size_t j = 0; j < 2; j++) {
			char *p = seal_decrypt(s, j ? b : a);
			assert_non_null(p);
			assert_string_equal(p, texts[i]);
			free(p);
		}
		free(a);
		free(b);
	}
	assert_null(seal_encrypt(s, NULL));
	seal_close(s);
}

static void test_plaintext_hidden(void **state)
{
	struct dir *d = *state;
	struct seal *s = open_ok(d->key);
	char *sealed = seal_encrypt(s, number);
	char b64[64];

	assert_non_null(sealed);
	assert_null(strstr(sealed, "912345678"));
	assert_null(strstr(sealed, "0912"));
	assert_null(strstr(sealed, "84912"));
	/* Nor its plain base64 encoding. */
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)number, strlen(number),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_null(strstr(sealed, b64));
	free(sealed);
	seal_close(s);
}

static void test_tampering(void **state)
{
	struct dir *d = *state;
	struct seal *s = open_ok(d->key);
	char *sealed = seal_encrypt(s, number);
	size_t pre = strlen(SEAL_PREFIX), len = strlen(sealed);

	/* Every character of the payload, changed to another valid one. */
	for (size_t i = pre; i < len; i++) {
		char *t = strdup(sealed);
		t[i] = t[i] == 'A' ? 'B' : 'A';
		assert_null(seal_decrypt(s, t));
		free(t);
	}
	/* Cut short, lengthened, broken base64, another version, not sealed. */
	char *t = strdup(sealed);
	t[len - 1] = '\0';
	assert_null(seal_decrypt(s, t));
	t[pre + 10] = '\0';
	assert_null(seal_decrypt(s, t));
	free(t);
	size_t n = len + 8;
	t = malloc(n);
	snprintf(t, n, "%sAAAA", sealed);
	assert_null(seal_decrypt(s, t));
	snprintf(t, n, "%s", sealed);
	t[pre + 3] = '+';
	assert_null(seal_decrypt(s, t));
	snprintf(t, n, "%s", sealed);
	t[strlen("sealed:")] = '2';
	assert_false(seal_is_sealed(t));
	assert_null(seal_decrypt(s, t));
	free(t);
	assert_null(seal_decrypt(s, number));
	assert_null(seal_decrypt(s, SEAL_PREFIX));
	assert_null(seal_decrypt(s, NULL));
	assert_false(seal_is_sealed(number));
	assert_false(seal_is_sealed(NULL));

	/* The untouched string still opens. */
	char *p = seal_decrypt(s, sealed);
	assert_non_null(p);
	assert_string_equal(p, number);
	free(p);
	free(sealed);
	seal_close(s);
}

static void test_other_key(void **state)
{
	struct dir *d = *state;
	char other[200], t1[SEAL_TAG_SIZE], t2[SEAL_TAG_SIZE];
	struct seal *a = open_ok(d->key), *b;
	char *sealed = seal_encrypt(a, number);

	snprintf(other, sizeof(other), "%s/other.key", d->path);
	b = open_ok(other);
	assert_null(seal_decrypt(b, sealed));
	assert_int_equal(seal_tag(a, number, t1), 0);
	assert_int_equal(seal_tag(b, number, t2), 0);
	assert_string_not_equal(t1, t2);
	free(sealed);
	seal_close(a);
	seal_close(b);
}

static void test_tags(void **state)
{
	struct dir *d = *state;
	struct seal *s = open_ok(d->key);
	char t1[SEAL_TAG_SIZE], t2[SEAL_TAG_SIZE], t3[SEAL_TAG_SIZE], plain[SEAL_TAG_SIZE];
	unsigned char h[32];

	assert_int_equal(seal_tag(s, number, t1), 0);
	assert_int_equal(seal_tag(s, number, t2), 0);
	assert_string_equal(t1, t2);
	assert_int_equal(strlen(t1), 64);
	assert_int_equal(strspn(t1, "0123456789abcdef"), 64);
	assert_null(strstr(t1, "912345678"));
	/* A different number, even by one digit, has another tag. */
	assert_int_equal(seal_tag(s, "+84912345679", t3), 0);
	assert_string_not_equal(t1, t3);
	assert_int_equal(seal_tag(s, "", t3), 0);
	assert_string_not_equal(t1, t3);
	/* Keyed: not the plain BLAKE2b of the number, nor keyed with the
	 * master key itself. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)number, strlen(number), NULL, 0);
	sodium_bin2hex(plain, sizeof(plain), h, sizeof(h));
	assert_string_not_equal(t1, plain);
	unsigned char master[SEAL_KEY_BYTES];
	int fd = open(d->key, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, master, sizeof(master)), (ssize_t)sizeof(master));
	close(fd);
	crypto_generichash(h, sizeof(h), (const unsigned char *)number, strlen(number), master,
			   sizeof(master));
	sodium_bin2hex(plain, sizeof(plain), h, sizeof(h));
	assert_string_not_equal(t1, plain);
	assert_int_equal(seal_tag(s, NULL, t3), -1);
	seal_close(s);
	seal_close(NULL);
}

/*
 * The stored format, pinned by an independent reading: sealed strings and
 * tags written today must open and match after any later change. Sealing
 * key: crypto_kdf subkey 1 of the key file, context "tdseal01"; tag key:
 * subkey 2; payload base64url(nonce || XChaCha20-Poly1305 ciphertext) with
 * "sealed:1" as associated data.
 */
static void test_format_stable(void **state)
{
	struct dir *d = *state;
	struct seal *s = open_ok(d->key);
	char *sealed = seal_encrypt(s, number);
	unsigned char master[SEAL_KEY_BYTES], k_seal[32], k_tag[32], bin[256], out[256], h[32];
	unsigned long long out_len;
	size_t bin_len;
	char tag[SEAL_TAG_SIZE], want[SEAL_TAG_SIZE];
	const char *p = sealed + strlen(SEAL_PREFIX);
	int fd = open(d->key, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, master, sizeof(master)), (ssize_t)sizeof(master));
	close(fd);
	assert_int_equal(crypto_kdf_derive_from_key(k_seal, 32, 1, "tdseal01", master), 0);
	assert_int_equal(crypto_kdf_derive_from_key(k_tag, 32, 2, "tdseal01", master), 0);
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), p, strlen(p), NULL, &bin_len, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			 0);
	assert_int_equal(bin_len, 24 + strlen(number) + 16);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(
			     out, &out_len, NULL, bin + 24, bin_len - 24,
			     (const unsigned char *)"sealed:1", 8, bin, k_seal),
			 0);
	assert_int_equal(out_len, strlen(number));
	assert_memory_equal(out, number, strlen(number));

	/* The tag is BLAKE2b-256 keyed with subkey 2, not the sealing key. */
	assert_int_equal(seal_tag(s, number, tag), 0);
	crypto_generichash(h, sizeof(h), (const unsigned char *)number, strlen(number), k_tag, 32);
	sodium_bin2hex(want, sizeof(want), h, sizeof(h));
	assert_string_equal(tag, want);
	crypto_generichash(h, sizeof(h), (const unsigned char *)number, strlen(number), k_seal, 32);
	sodium_bin2hex(want, sizeof(want), h, sizeof(h));
	assert_string_not_equal(tag, want);
	free(sealed);
	seal_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_key_created_and_reused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_plaintext_hidden, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampering, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_format_stable, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
