/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The page's words: Vietnamese first (with diacritics), English when the
 * language chosen in Cockpit is English. A small table, as the console's
 * daemon/console/i18n.c is. */
"use strict";

window.tdI18n = (function () {
    const T = {
        brand_home: ["Việc cần làm", "What needs doing"],
        nav_cases: ["Đơn", "Cases"],
        nav_notices: ["Thông báo", "Notices"],
        nav_polls: ["Biểu quyết", "Polls"],
        nav_modems: ["Modem", "Modems"],
        nav_reports: ["Báo cáo", "Reports"],
        no_access: ["Không có quyền truy cập", "No access"],
        no_access_text: ["Tài khoản %s chưa được giao vai trò nào trong tiengdan. Hãy nhờ quản trị viên thêm tài khoản vào mục users của cấu hình.",
            "The account %s has no tiengdan role. Ask the administrator to add it to the users of the configuration."],
        unreachable: ["Không kết nối được với tiengdand", "Cannot reach tiengdand"],
        not_available: ["Chưa có", "Not available"],
        loading: ["Đang tải…", "Loading…"],
        overdue: ["Quá hạn", "Overdue"],
        due_soon: ["Sắp đến hạn (3 ngày làm việc)", "Due within 3 working days"],
        by_assignee: ["theo nơi xử lý", "by assignee"],
        unassigned: ["chưa giao", "unassigned"],
        triage: ["Tin nhắn chờ phân loại", "Messages waiting for triage"],
        unclear: ["Chưa rõ nội dung", "Unclear"],
        throttled: ["Bị giới hạn", "Throttled"],
        quarantined: ["Cách ly", "Quarantined"],
        promote: ["Xử lý như đơn", "Handle as a case"],
        modems_down: ["Modem mất kết nối", "Modems down"],
        sim_full: ["SIM sắp đầy", "SIM nearly full"],
        low_balance: ["Tài khoản sắp hết", "Low balance"],
        all_well: ["Không có cảnh báo", "No warnings"],
        today: ["Hôm nay", "Today"],
        this_month: ["Tháng này", "This month"],
        newest: ["Đơn mới nhất", "Newest cases"],
        code: ["Mã", "Code"],
        kind: ["Loại", "Kind"],
        status: ["Trạng thái", "Status"],
        received: ["Ngày nhận", "Received"],
        due: ["Hạn", "Due"],
        place: ["Nơi", "Place"],
        commune: ["Xã", "Commune"],
        village: ["Thôn", "Village"],
        assignee: ["Nơi xử lý", "Assignee"],
        text: ["Nội dung", "Text"],
        search: ["Tìm", "Search"],
        all: ["Tất cả", "All"],
        only_overdue: ["Chỉ quá hạn", "Overdue only"],
        since: ["Từ ngày", "Since"],
        apply: ["Lọc", "Filter"],
        prev: ["‹ Trước", "‹ Previous"],
        next: ["Sau ›", "Next ›"],
        page_of: ["Trang %s (%s đơn)", "Page %s (%s cases)"],
        history: ["Diễn biến", "History"],
        messages_in: ["Tin nhắn đến", "Messages in"],
        messages_out: ["Tin nhắn đi", "Messages out"],
        deadlines: ["Thời hạn", "Deadlines"],
        first_due: ["Hạn thụ lý", "Acceptance due"],
        resolve_due: ["Hạn giải quyết", "Resolution due"],
        sender: ["Người gửi", "Sender"],
        hidden: ["(được bảo mật)", "(confidential)"],
        actions: ["Xử lý", "Actions"],
        change_status: ["Đổi trạng thái", "Change status"],
        reason: ["Lý do", "Reason"],
        citizen_sms: ["Người dân sẽ nhận tin nhắn", "The citizen will get this SMS"],
        segments: ["%s tin (%s ký tự, %s)", "%s segment(s) (%s characters, %s)"],
        no_sms: ["Trạng thái này không nhắn tin cho người dân.", "This status sends the citizen no SMS."],
        confirm: ["Xác nhận", "Confirm"],
        assign: ["Giao cho", "Assign to"],
        note: ["Ghi chú", "Note"],
        reply: ["Nhắn trả lời", "Reply by SMS"],
        send: ["Gửi", "Send"],
        done: ["Đã ghi.", "Done."],
        sms_queued: ["Tin nhắn đã vào hàng đợi gửi.", "The SMS is queued."],
        refused: ["Bị từ chối", "Refused"],
        open_list: ["Xem danh sách", "Open the list"],
        notices: ["Thông báo", "Notices"],
        polls: ["Biểu quyết", "Polls"],
        draft: ["Soạn thông báo", "Draft a notice"],
        title: ["Tiêu đề", "Title"],
        targets: ["Gửi tới (mã thôn/xã)", "To (village/commune codes)"],
        create: ["Tạo", "Create"],
        remind: ["Nhắc lại", "Remind"],
        acks: ["Đã xác nhận theo thôn", "Acknowledgements by village"],
        tally: ["Kết quả theo hộ", "Household tally"],
        close_poll: ["Kết thúc", "Close"],
        draft_poll: ["Soạn biểu quyết", "Draft a poll"],
        question: ["Câu hỏi", "Question"],
        choices: ["Phương án", "Choices"],
        households: ["Số hộ", "Households"],
        closes: ["Hạn trả lời", "Closes on"],
        modems: ["Modem", "Modems"],
        connected: ["Kết nối", "Connected"],
        signal: ["Sóng", "Signal"],
        sim: ["SIM", "SIM"],
        balance: ["Tài khoản", "Balance"],
        ussd: ["Mã USSD", "USSD code"],
        reports: ["Báo cáo", "Reports"],
        from: ["Từ", "From"],
        to: ["Đến", "To"],
        run_report: ["Lập báo cáo", "Run the report"],
        chart_by_commune: ["Đơn theo xã, theo loại", "Cases per commune by kind"],
        chart_overdue: ["Quá hạn theo xã", "Overdue per commune"],
        chart_rates: ["Tỷ lệ đúng hạn", "On-time rate"],
        chart_acks: ["Tỷ lệ xác nhận thông báo theo xã", "Notice acknowledgement rate per commune"],
        yes: ["có", "yes"],
        no: ["không", "no"],
        none: ["Không có.", "None."],
        k_feedback: ["Phản ánh", "Feedback"],
        k_complaint: ["Khiếu nại", "Complaint"],
        k_denunciation: ["Tố cáo", "Denunciation"],
        s_received: ["Đã nhận", "Received"],
        s_accepted: ["Đã thụ lý", "Accepted"],
        s_in_progress: ["Đang giải quyết", "In progress"],
        s_resolved: ["Đã giải quyết", "Resolved"],
        s_closed: ["Đã đóng", "Closed"],
        s_transferred: ["Đã chuyển", "Transferred"],
        s_rejected: ["Không thụ lý", "Rejected"],
        s_duplicate: ["Trùng", "Duplicate"],
        s_withdrawn: ["Đã rút", "Withdrawn"],
        role_viewer: ["xem", "viewer"],
        role_handler: ["xử lý", "handler"],
        role_supervisor: ["giám sát", "supervisor"],
        role_admin: ["quản trị", "admin"],
    };
    const KINDS = ["feedback", "complaint", "denunciation"];
    const STATUSES = ["received", "accepted", "in_progress", "resolved", "closed",
        "transferred", "rejected", "duplicate", "withdrawn"];

    /* Cockpit keeps the language chosen at login in localStorage and in
     * the CockpitLang cookie; English there means English, anything else
     * Vietnamese. */
    function chosen() {
        let l = null;
        try {
            l = window.localStorage.getItem("cockpit.lang");
        } catch (e) { /* no storage */ }
        if (!l) {
            const m = document.cookie.match(/(?:^|;\s*)CockpitLang=([^;]+)/);
            l = m ? decodeURIComponent(m[1]) : null;
        }
        return l && l.toLowerCase().indexOf("en") === 0 ? "en" : "vi";
    }

    const lang = chosen();

    /* The text of key, its %s replaced in order by the further arguments. */
    function t(key) {
        const e = T[key];
        let s = e ? e[lang === "en" ? 1 : 0] : key;
        for (let i = 1; i < arguments.length; i++)
            s = s.replace("%s", String(arguments[i]));
        return s;
    }

    return { t: t, lang: lang, KINDS: KINDS, STATUSES: STATUSES };
})();
