/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The forms of Circular 06/2025/TT-TTCP as data (forms.h): 01/TCD citizen
 * reception, 02/XLD handling of đơn, 03/GQKN complaints and 04/GQTC
 * denunciations resolved, and how a đơn or a visit adds to a row.
 */
#include "core/forms.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ 01/TCD */

#define TCD_BLOCK(pre, top)                                                                        \
	{pre "visits", {top, "Lượt", NULL}, false}, {pre "persons", {top, "Người", NULL}, false},  \
	    {pre "matters_old", {top, "Vụ việc", "Cũ"}, false},                                    \
	    {pre "matters_new", {top, "Vụ việc", "Mới phát sinh"}, false},                         \
	    {pre "groups", {top, "Đoàn đông người", "Số đoàn"}, false},                            \
	    {pre "group_persons", {top, "Đoàn đông người", "Người"}, false},                       \
	    {pre "group_matters_old", {top, "Đoàn đông người", "Vụ việc cũ"}, false},              \
	{                                                                                          \
		pre "group_matters_new", {top, "Đoàn đông người", "Vụ việc mới phát sinh"}, false  \
	}

#define TCD_HEAD "Lãnh đạo tiếp định kỳ và đột xuất"

static const struct form_col tcd_cols[] = {
    TCD_BLOCK("total_", "Tổng số"),
    TCD_BLOCK("regular_", "Tiếp thường xuyên"),
    {"head_sessions", {TCD_HEAD, "Kỳ tiếp", NULL}, false},
    TCD_BLOCK("head_", TCD_HEAD),
};

static const struct form_sum tcd_sums[] = {
    {1, {9, 18}},  {2, {10, 19}}, {3, {11, 20}}, {4, {12, 21}},
    {5, {13, 22}}, {6, {14, 23}}, {7, {15, 24}}, {8, {16, 25}},
};

static const char *const tcd_notes[] = {
    "Số liệu lấy từ sổ tiếp công dân: mỗi lượt tiếp một dòng sổ.",
    "Vụ việc cũ: vụ việc đã có đơn hoặc đã được tiếp trước ngày tiếp.",
    "Cột 17 (kỳ tiếp): số ngày lãnh đạo trực tiếp tiếp công dân.", NULL};

/* ------------------------------------------------------------ 02/XLD */

#define XLD_RECV "Số đơn tiếp nhận"
#define XLD_OK "Đơn đủ điều kiện xử lý"

static const struct form_col xld_cols[] = {
    {"total", {XLD_RECV, "Tổng số", NULL}, false},
    {"carried_over", {XLD_RECV, "Kỳ trước chuyển sang", NULL}, false},
    {"received", {XLD_RECV, "Tiếp nhận trong kỳ", NULL}, false},
    {"handled", {"Đã xử lý", NULL, NULL}, false},
    {"not_handled", {"Chưa xử lý", NULL, NULL}, false},
    {"eligible", {XLD_OK, "Số đơn", NULL}, false},
    {"eligible_matters", {XLD_OK, "Số vụ việc", NULL}, false},
    {"content_complaint", {XLD_OK, "Theo nội dung", "Khiếu nại"}, false},
    {"content_denunciation", {XLD_OK, "Theo nội dung", "Tố cáo"}, false},
    {"content_petition", {XLD_OK, "Theo nội dung", "Kiến nghị, phản ánh"}, false},
    {"status_resolved", {XLD_OK, "Theo tình trạng giải quyết", "Đã được giải quyết"}, false},
    {"status_unresolved", {XLD_OK, "Theo tình trạng giải quyết", "Chưa được giải quyết"}, false},
    {"competent", {XLD_OK, "Thuộc thẩm quyền", "Tổng số"}, false},
    {"competent_complaint", {XLD_OK, "Thuộc thẩm quyền", "Khiếu nại"}, false},
    {"competent_denunciation", {XLD_OK, "Thuộc thẩm quyền", "Tố cáo"}, false},
    {"competent_petition", {XLD_OK, "Thuộc thẩm quyền", "Kiến nghị, phản ánh"}, false},
    {"outside", {XLD_OK, "Không thuộc thẩm quyền", "Tổng số"}, false},
    {"outside_guided", {XLD_OK, "Không thuộc thẩm quyền", "Hướng dẫn"}, false},
    {"outside_transferred", {XLD_OK, "Không thuộc thẩm quyền", "Chuyển đơn"}, false},
    {"outside_urged", {XLD_OK, "Không thuộc thẩm quyền", "Đôn đốc giải quyết"}, false},
    {"answers", {"Văn bản phúc đáp nhận được do chuyển đơn", NULL, NULL}, false},
};

static const struct form_sum xld_sums[] = {
    {1, {2, 3}}, {1, {4, 5}}, {6, {8, 9, 10}}, {6, {11, 12}}, {6, {13, 17}}, {13, {14, 15, 16}},
};

static const char *const xld_notes[] = {
    "Đơn kỳ trước chuyển sang: tiếp nhận trước kỳ, chưa kết thúc vào ngày đầu kỳ.",
    "Đã xử lý: đã thụ lý, đã kết thúc hoặc đã hướng dẫn, chuyển, đôn đốc đến hết kỳ.",
    "Cột 11: đơn tái diễn (vụ việc đã có đơn trước); cột 12: đơn lần đầu.",
    "Cột 18-20: theo việc xử lý gần nhất của đơn không thuộc thẩm quyền.",
    "Cột 21: văn bản trả lời của cơ quan nhận đơn chuyển, nhận trong kỳ.",
    NULL};

/* ------------------------------------------------------------ 03, 04 */

const char *const form_fields[] = {"admin_policy", "admin_land", "admin_other", "judicial",
				   "party",	   "other",	 NULL};

#define FIELD_COLS                                                                                 \
	{"field_admin_policy", {"Phân loại theo lĩnh vực", "Chế độ, chính sách", NULL}, false},    \
	    {"field_admin_land", {"Phân loại theo lĩnh vực", "Đất đai, nhà cửa", NULL}, false},    \
	    {"field_admin_other", {"Phân loại theo lĩnh vực", "Hành chính khác", NULL}, false},    \
	    {"field_judicial", {"Phân loại theo lĩnh vực", "Tư pháp", NULL}, false},               \
	    {"field_party", {"Phân loại theo lĩnh vực", "Đảng, đoàn thể", NULL}, false},           \
	{                                                                                          \
		"field_other", {"Phân loại theo lĩnh vực", "Lĩnh vực khác", NULL}, false           \
	}

#define GQ_RES "Kết quả giải quyết"
#define GQ_DEC "Theo nội dung quyết định"

#define GQ_COLS(top, right, partly, wrong)                                                         \
	{"total", {top, "Tổng số", NULL}, false},                                                  \
	    {"carried_over", {top, "Kỳ trước chuyển sang", NULL}, false},                          \
	    {"received", {top, "Tiếp nhận trong kỳ", NULL}, false},                                \
	    {"matters", {top, "Số vụ việc", NULL}, false}, FIELD_COLS,                             \
	    {"accepted", {"Đã thụ lý", NULL, NULL}, false},                                        \
	    {"resolved", {GQ_RES, "Đã giải quyết", NULL}, false},                                  \
	    {"decision_right", {GQ_RES, GQ_DEC, right}, true},                                     \
	    {"decision_partly", {GQ_RES, GQ_DEC, partly}, true},                                   \
	    {"decision_wrong", {GQ_RES, GQ_DEC, wrong}, true},                                     \
	    {"withdrawn", {GQ_RES, "Rút đơn", NULL}, false},                                       \
	    {"on_time", {"Thời hạn giải quyết", "Đúng hạn", NULL}, false},                         \
	    {"late", {"Thời hạn giải quyết", "Quá hạn", NULL}, false},                             \
	{                                                                                          \
		"pending", {"Chưa giải quyết", NULL, NULL}, false                                  \
	}

static const struct form_col gqkn_cols[] = {
    GQ_COLS("Đơn khiếu nại thuộc thẩm quyền", "Khiếu nại đúng", "Đúng một phần", "Khiếu nại sai"),
    {"money", {"Kiến nghị thu hồi, trả lại", "Tiền (triệu đồng)", NULL}, true},
    {"land", {"Kiến nghị thu hồi, trả lại", "Đất (m²)", NULL}, true},
};

static const struct form_col gqtc_cols[] = {
    GQ_COLS("Đơn tố cáo thuộc thẩm quyền", "Tố cáo đúng", "Đúng một phần", "Tố cáo sai"),
    {"persons_sanctioned", {"Kiến nghị xử lý", "Số người", NULL}, true},
    {"money", {"Kiến nghị xử lý", "Tiền (triệu đồng)", NULL}, true},
};

static const struct form_sum gq_sums[] = {
    {1, {2, 3}},
    {1, {5, 6, 7, 8, 9, 10}},
    {12, {17, 18}},
};

static const char *const gqkn_notes[] = {
    "Đơn khiếu nại đủ điều kiện xử lý, thuộc thẩm quyền của xã.",
    "Cột 13, 14, 15, 20, 21: sổ của xã chưa ghi nhận nội dung kết luận và số tiền, "
    "diện tích đất; để trống, không ước tính.",
    "Lĩnh vực khác (cột 10) gồm cả đơn chưa phân loại lĩnh vực.", NULL};

static const char *const gqtc_notes[] = {
    "Đơn tố cáo đủ điều kiện xử lý, thuộc thẩm quyền của xã.",
    "Cột 13, 14, 15, 20, 21: sổ của xã chưa ghi nhận nội dung kết luận, số người và số "
    "tiền kiến nghị xử lý; để trống, không ước tính.",
    "Lĩnh vực khác (cột 10) gồm cả đơn chưa phân loại lĩnh vực.", NULL};

/* ------------------------------------------------------------ the table */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct form_def forms[] = {
    {"01/TCD", "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN", FORM_SRC_RECEPTION, tcd_cols, N(tcd_cols), tcd_sums,
     N(tcd_sums), tcd_notes},
    {"02/XLD", "BÁO CÁO KẾT QUẢ XỬ LÝ ĐƠN", FORM_SRC_DON, xld_cols, N(xld_cols), xld_sums,
     N(xld_sums), xld_notes},
    {"03/GQKN", "BÁO CÁO KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI", FORM_SRC_DON, gqkn_cols, N(gqkn_cols),
     gq_sums, N(gq_sums), gqkn_notes},
    {"04/GQTC", "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TỐ CÁO", FORM_SRC_DON, gqtc_cols, N(gqtc_cols), gq_sums,
     N(gq_sums), gqtc_notes},
};

const struct form_def *form_at(int i)
{
	return i >= 0 && i < N(forms) ? &forms[i] : NULL;
}

const struct form_def *form_find(const char *code)
{
	for (int i = 0; code && i < N(forms); i++)
		if (!strcmp(forms[i].code, code))
			return &forms[i];
	return NULL;
}

char *form_sum_text(const struct form_sum *s, char *buf, unsigned len)
{
	int used = snprintf(buf, len, "%d =", s->total);

	for (int i = 0; i < FORM_PARTS_MAX && s->parts[i] && used >= 0 && (unsigned)used < len; i++)
		used +=
		    snprintf(buf + used, len - (unsigned)used, "%s %d", i ? " +" : "", s->parts[i]);
	return buf;
}

int form_check(const struct form_def *f, const long long *vals)
{
	for (int i = 0; i < f->n_sums; i++) {
		const struct form_sum *s = &f->sums[i];
		long long sum = 0;

		for (int p = 0; p < FORM_PARTS_MAX && s->parts[p]; p++)
			sum += f->cols[s->parts[p] - 1].unfilled ? 0 : vals[s->parts[p] - 1];
		if (sum != vals[s->total - 1])
			return i;
	}
	return -1;
}

int form_field_index(const char *code)
{
	int i;

	for (i = 0; form_fields[i + 1]; i++)
		if (code && !strcmp(code, form_fields[i]))
			return i;
	return i;
}

/* ------------------------------------------------------------ counting */

/* vals[column n] += 1 when cond. */
#define ADD(n, cond) (vals[(n)-1] += (cond) ? 1 : 0)

static void add_xld(const struct form_don *d, long long *vals)
{
	bool ok = d->eligible;

	ADD(1, 1);
	ADD(2, d->carried);
	ADD(3, !d->carried);
	ADD(4, d->handled);
	ADD(5, !d->handled);
	ADD(6, ok);
	ADD(7, ok && d->new_matter);
	ADD(8, ok && d->kind == FORM_COMPLAINT);
	ADD(9, ok && d->kind == FORM_DENUNCIATION);
	ADD(10, ok && d->kind == FORM_FEEDBACK);
	ADD(11, ok && d->repeated);
	ADD(12, ok && !d->repeated);
	ADD(13, ok && d->competent);
	ADD(14, ok && d->competent && d->kind == FORM_COMPLAINT);
	ADD(15, ok && d->competent && d->kind == FORM_DENUNCIATION);
	ADD(16, ok && d->competent && d->kind == FORM_FEEDBACK);
	ADD(17, ok && !d->competent);
	ADD(18, ok && !d->competent && d->action == FORM_ACT_GUIDE);
	ADD(19, ok && !d->competent && d->action == FORM_ACT_TRANSFER);
	ADD(20, ok && !d->competent && d->action == FORM_ACT_URGE);
	vals[20] += d->answers;
}

static void add_gq(const struct form_don *d, enum form_kind kind, long long *vals)
{
	if (d->kind != kind || !d->eligible || !d->competent)
		return;
	ADD(1, 1);
	ADD(2, d->carried);
	ADD(3, !d->carried);
	ADD(4, d->new_matter);
	vals[4 + (d->field >= 0 && d->field < 6 ? d->field : 5)] += 1;
	ADD(11, d->accepted);
	ADD(12, d->resolved);
	ADD(16, d->withdrawn);
	ADD(17, d->resolved && d->on_time);
	ADD(18, d->resolved && !d->on_time);
	ADD(19, d->open_end);
}

void form_add_don(const struct form_def *f, const struct form_don *d, long long *vals)
{
	if (f->source != FORM_SRC_DON)
		return;
	if (!strcmp(f->code, "02/XLD"))
		add_xld(d, vals);
	else
		add_gq(d, !strcmp(f->code, "03/GQKN") ? FORM_COMPLAINT : FORM_DENUNCIATION, vals);
}

/* The eight columns of a block of 01/TCD from column first. */
static void add_tcd_block(const struct form_visit *v, long long *vals, int first)
{
	long long *b = vals + first - 1;

	b[0] += 1;
	b[1] += v->persons;
	b[2] += v->matters_old;
	b[3] += v->matters_new;
	if (v->group) {
		b[4] += 1;
		b[5] += v->persons;
		b[6] += v->matters_old;
		b[7] += v->matters_new;
	}
}

void form_add_visit(const struct form_def *f, const struct form_visit *v, long long *vals)
{
	if (f->source != FORM_SRC_RECEPTION)
		return;
	add_tcd_block(v, vals, 1);
	if (v->head) {
		ADD(17, v->new_session);
		add_tcd_block(v, vals, 18);
	} else {
		add_tcd_block(v, vals, 9);
	}
}
