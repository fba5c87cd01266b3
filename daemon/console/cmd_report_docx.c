/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report --docx: the report's text as a minimal Word document
 * (WordprocessingML): word/document.xml written with libxml2's text
 * writer, the package zipped with libzip; Times New Roman 14 pt, A4
 * portrait, the margins of Decree 30/2020/NĐ-CP.
 */
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "console.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define FONT "Times New Roman"

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static int attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value);
}

/* <w:rPr>: Times New Roman, 14 pt (sizes are in half-points). */
static void run_props(xmlTextWriterPtr w)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:rPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:rFonts");
	attr(w, "w:ascii", FONT);
	attr(w, "w:hAnsi", FONT);
	attr(w, "w:cs", FONT);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "w:sz");
	attr(w, "w:val", "28");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

/* One paragraph of n bytes of text, justified. */
static void paragraph(xmlTextWriterPtr w, const char *text, size_t n)
{
	char *s = strndup(text, n);

	xmlTextWriterStartElement(w, BAD_CAST "w:p");
	xmlTextWriterStartElement(w, BAD_CAST "w:pPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:jc");
	attr(w, "w:val", "both");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "w:r");
	run_props(w);
	xmlTextWriterStartElement(w, BAD_CAST "w:t");
	attr(w, "xml:space", "preserve");
	xmlTextWriterWriteString(w, BAD_CAST s);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	free(s);
}

/* A4 (11906 × 16838 twips); margins top/bottom 2 cm, left 3 cm, right
 * 1.5 cm. */
static void section(xmlTextWriterPtr w)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:sectPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:pgSz");
	attr(w, "w:w", "11906");
	attr(w, "w:h", "16838");
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "w:pgMar");
	attr(w, "w:top", "1134");
	attr(w, "w:right", "850");
	attr(w, "w:bottom", "1134");
	attr(w, "w:left", "1701");
	attr(w, "w:header", "720");
	attr(w, "w:footer", "720");
	attr(w, "w:gutter", "0");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

/* document.xml of text, one paragraph per line (caller frees). */
static xmlBufferPtr document(const char *text)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);

	xmlTextWriterStartDocument(w, NULL, "UTF-8", "yes");
	xmlTextWriterStartElement(w, BAD_CAST "w:document");
	attr(w, "xmlns:w", W_NS);
	xmlTextWriterStartElement(w, BAD_CAST "w:body");
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n)
			paragraph(w, p, n);
		p += n + (nl ? 1 : 0);
	}
	section(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return buf;
}

/* Adds a part of n bytes (copied by libzip when the archive closes). */
static int part(zip_t *z, const char *name, const void *data, size_t n)
{
	zip_source_t *src = zip_source_buffer(z, data, n, 0);

	if (!src)
		return -1;
	if (zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

int report_docx(const struct console *con, const char *text, const char *path)
{
	int err = 0, rc = -1;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	xmlBufferPtr doc;

	if (!z) {
		fprintf(stderr, "tiengdan: %s %s\n", tr(con, "cannot_open"), path);
		return EXIT_FAILED;
	}
	doc = document(text);
	if (part(z, "[Content_Types].xml", content_types, strlen(content_types)) == 0 &&
	    part(z, "_rels/.rels", rels, strlen(rels)) == 0 &&
	    part(z, "word/document.xml", xmlBufferContent(doc), (size_t)xmlBufferLength(doc)) == 0)
		rc = zip_close(z);
	else
		zip_discard(z);
	xmlBufferFree(doc);
	if (rc < 0) {
		fprintf(stderr, "tiengdan: %s %s\n", tr(con, "docx_failed"), path);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}
