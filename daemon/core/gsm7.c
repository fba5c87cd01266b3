/*
 * GSM 03.38 default alphabet and extension table, as Unicode code points.
 */
#include "core/gsm7.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* The 128 characters of the default alphabet, by their Unicode values. */
static const uint16_t gsm7_basic[128] = {
    '@',    0x00a3, '$',    0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec, 0x00f2, 0x00c7, '\n',   0x00d8,
    0x00f8, '\r',   0x00c5, 0x00e5, 0x0394, '_',    0x03a6, 0x0393, 0x039b, 0x03a9, 0x03a0, 0x03a8,
    0x03a3, 0x0398, 0x039e, 0x00a0, 0x00c6, 0x00e6, 0x00df, 0x00c9, ' ',    '!',    '"',    '#',
    0x00a4, '%',    '&',    '\'',   '(',    ')',    '*',    '+',    ',',    '-',    '.',    '/',
    '0',    '1',    '2',    '3',    '4',    '5',    '6',    '7',    '8',    '9',    ':',    ';',
    '<',    '=',    '>',    '?',    0x00a1, 'A',    'B',    'C',    'D',    'E',    'F',    'G',
    'H',    'I',    'J',    'K',    'L',    'M',    'N',    'O',    'P',    'Q',    'R',    'S',
    'T',    'U',    'V',    'W',    'X',    'Y',    'Z',    0x00c4, 0x00d6, 0x00d1, 0x00dc, 0x00a7,
    0x00bf, 'a',    'b',    'c',    'd',    'e',    'f',    'g',    'h',    'i',    'j',    'k',
    'l',    'm',    'n',    'o',    'p',    'q',    'r',    's',    't',    'u',    'v',    'w',
    'x',    'y',    'z',    0x00e4, 0x00f6, 0x00f1, 0x00fc, 0x00e0,
};

/* Characters of the extension table (escape + one septet). */
static const uint16_t gsm7_ext[] = {0x000c, '^', '{', '}', '\\', '[', '~', ']', '|', 0x20ac};

static int septets_of(long cp)
{
	for (size_t i = 0; i < 128; i++)
		if (gsm7_basic[i] == cp)
			return 1;
	for (size_t i = 0; i < sizeof(gsm7_ext) / sizeof(gsm7_ext[0]); i++)
		if (gsm7_ext[i] == cp)
			return 2;
	return -1;
}

long gsm7_septets(const char *utf8)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	long total = 0;

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		int n;

		if (len <= 0 || (n = septets_of(cp)) < 0)
			return -1;
		total += n;
		p += len;
	}
	return total;
}

bool gsm7_fits(const char *utf8)
{
	return gsm7_septets(utf8) >= 0;
}
