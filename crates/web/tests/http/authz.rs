//! The authorisation matrix. Every route of the router is listed in
//! [`MATRIX`] with the kind of object its `{id}` names; a route missing from the matrix
//! (or a row naming a route that no longer exists) fails the test, so a new route cannot
//! ship unchecked. Every role, logged in at 交通街道, is sent to every route: a role the
//! route's action is not permitted to is refused with 403; a permitted role reaches the
//! object of its own township and gets exactly 404 for the same kind of object of
//! 公园街道 (out of scope answers like missing).

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::permission::{Role, permits};
use jiekang_store::Scope;
use jiekang_store::cases::NewAttachment;
use jiekang_store::contract::fixture::{Fixture, child, day, new_person, new_session};
use jiekang_store::model::Unit;
use jiekang_web::routes::{Access, route_specs};

use crate::fixtures::{ZHANG_ID, decide_detox, notify, register};
use crate::harness::{App, PASSWORD, Resp, Session, location};

/// What a route's `{id}` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Obj {
    None,
    Person,
    Case,
    Unit,
    User,
    Attachment,
    Handover,
    /// One of the caller's own sessions (public id); "out of scope" is another user's.
    Session,
    /// A task addressed to the township (a refused duplicate registration).
    Task,
    /// A 质量倒查 the district opened on the township's case.
    TraceBack,
    /// An entry of the staff register at the township (STAFF-4).
    Staff,
    /// A welfare application on the township's case (WEL-*).
    Support,
    /// A placement point kept at the township (BASE-1).
    PlacementBase,
    /// A release from compulsory isolation handed to the township, recorded by a centre
    /// account of the same unit (CASE-2, N16).
    Release,
    /// A stay in a rehabilitation centre on the township's case (CASE-5).
    Stay,
    /// The office of the township's community (FAC-1).
    Office,
    /// A photo of that office.
    OfficePhoto,
    /// An inspection round the township's office ran over its community (INSPECT-1;
    /// the store keys it by the office's unit, whatever its level).
    Inspection,
    /// A rectification set in that round (a task of the community).
    Rectification,
    /// A 通报 issued in that round.
    Notice,
}

/// What the test sends.
#[derive(Debug, Clone, Copy)]
enum Req {
    /// GET, or POST of a form with only the CSRF token.
    Plain,
    /// POST of a form; `{unit}` in a value is replaced by the in-scope unit's id.
    Form(&'static [(&'static str, &'static str)]),
    /// POST of JSON with the CSRF header; `{unit}` as above.
    Json(&'static str),
    /// A multipart upload of a small PDF.
    Upload,
    /// Not sent here, for the reason given (covered by another test).
    Skip(&'static str),
}

/// A stale version: the store checks scope first, so out of scope is 404 and in scope
/// is refused as stale — nothing changes.
const STALE: &str = "999";

const DECISION: &[(&str, &str)] = &[
    ("unit_id", "{unit}"),
    ("measure", "community_detox"),
    ("deciding_organ", "东胜区公安分局"),
    ("decision_number", "002"),
    ("decided_on", "2024-09-27"),
    ("served_on", "2024-09-28"),
    ("place_basis", "household"),
];
const STEP: &[(&str, &str)] = &[
    ("version", STALE),
    ("step", "report_in"),
    ("on", "2024-10-08"),
];
const TEST: &[(&str, &str)] = &[
    ("version", STALE),
    ("tested_on", "2024-10-08"),
    ("tested_time", "09:30"),
    ("kind", "laboratory"),
    ("sample", "urine"),
    ("outcome", "negative"),
    ("tester_1", "王警官"),
    ("tester_2", "李干事"),
    ("planned", "yes"),
];
const RECORD: &[(&str, &str)] = &[
    ("version", STALE),
    ("kind", "warning"),
    ("on", "2024-10-08"),
];

// `GET /bench/baseline` exists only when the server is started with
// `--bench-baseline`; `route_specs()` is the table without it, so it has no row here.
// `bench_baseline.rs` checks it is absent by default and behind login when present.
/// Every route: (method, path, what `{id}` names, what to send).
const MATRIX: &[(&str, &str, Obj, Req)] = {
    use Obj as O;
    use Req as S;
    &[
        ("GET", "/healthz", O::None, S::Plain),
        ("GET", "/assets/app.css", O::None, S::Plain),
        ("GET", "/login", O::None, S::Plain),
        (
            "POST",
            "/login",
            O::None,
            S::Skip("logs in anew; session.rs"),
        ),
        (
            "POST",
            "/logout",
            O::None,
            S::Skip("ends the session; session.rs"),
        ),
        ("GET", "/login/totp", O::None, S::Plain),
        (
            "POST",
            "/login/totp",
            O::None,
            S::Skip("the code step; accounts.rs"),
        ),
        ("GET", "/account/totp", O::None, S::Plain),
        ("POST", "/account/totp/enable", O::None, S::Plain),
        (
            "POST",
            "/account/totp/disable",
            O::None,
            S::Skip("drops the second factor; accounts.rs"),
        ),
        ("GET", "/account/sessions", O::None, S::Plain),
        ("POST", "/account/sessions/revoke-others", O::None, S::Plain),
        (
            "POST",
            "/account/sessions/{id}/revoke",
            O::Session,
            S::Plain,
        ),
        ("POST", "/users/{id}/reset-totp", O::User, S::Plain),
        ("GET", "/api/v1/sessions", O::None, S::Plain),
        (
            "POST",
            "/api/v1/sessions/revoke-others",
            O::None,
            S::Json("{}"),
        ),
        (
            "POST",
            "/api/v1/sessions/{id}/revoke",
            O::Session,
            S::Json("{}"),
        ),
        ("GET", "/", O::None, S::Plain),
        ("GET", "/account/password", O::None, S::Plain),
        ("POST", "/account/password", O::None, S::Plain),
        ("GET", "/units", O::None, S::Plain),
        ("POST", "/units", O::None, S::Plain),
        (
            "POST",
            "/units/{id}/rename",
            O::Unit,
            S::Form(&[("name", "改名社区"), ("version", STALE)]),
        ),
        (
            "POST",
            "/units/{id}/retire",
            O::Unit,
            S::Form(&[("valid_to", "2024-12-31"), ("version", STALE)]),
        ),
        ("GET", "/users", O::None, S::Plain),
        ("POST", "/users", O::None, S::Plain),
        ("POST", "/users/{id}/disable", O::User, S::Plain),
        ("POST", "/users/{id}/enable", O::User, S::Plain),
        ("POST", "/users/{id}/reset-password", O::User, S::Plain),
        ("GET", "/calendar", O::None, S::Plain),
        ("POST", "/calendar/import", O::None, S::Plain),
        ("GET", "/persons", O::None, S::Plain),
        ("GET", "/persons/export.xlsx", O::None, S::Plain),
        ("GET", "/persons/new", O::None, S::Plain),
        ("POST", "/persons/new", O::None, S::Plain),
        ("GET", "/persons/emergency", O::None, S::Plain),
        ("POST", "/persons/emergency", O::None, S::Plain),
        ("GET", "/persons/{id}", O::Person, S::Plain),
        ("GET", "/persons/{id}/profile", O::Person, S::Plain),
        (
            "POST",
            "/persons/{id}/profile",
            O::Person,
            S::Form(&[("version", STALE)]),
        ),
        ("GET", "/persons/{id}/cases/new", O::Person, S::Plain),
        (
            "POST",
            "/persons/{id}/cases/new",
            O::Person,
            S::Form(DECISION),
        ),
        ("GET", "/cases/{id}", O::Case, S::Plain),
        ("GET", "/cases/{id}/agreement", O::Case, S::Plain),
        // The printed documents (a notified case: those not yet due answer 409, not 404).
        ("GET", "/cases/{id}/agreement.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/report-notice", O::Case, S::Plain),
        ("GET", "/cases/{id}/report-notice.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/test-record", O::Case, S::Plain),
        ("GET", "/cases/{id}/test-record.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/talk-record", O::Case, S::Plain),
        ("GET", "/cases/{id}/talk-record.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/leave-approval", O::Case, S::Plain),
        ("GET", "/cases/{id}/leave-approval.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/release-notice", O::Case, S::Plain),
        ("GET", "/cases/{id}/release-notice.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/referral", O::Case, S::Plain),
        ("GET", "/cases/{id}/referral.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/transfer-letter", O::Case, S::Plain),
        ("GET", "/cases/{id}/transfer-letter.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/warning-notice", O::Case, S::Plain),
        ("GET", "/cases/{id}/warning-notice.pdf", O::Case, S::Plain),
        ("GET", "/cases/{id}/archive", O::Case, S::Plain),
        ("GET", "/cases/{id}/archive.pdf", O::Case, S::Plain),
        ("POST", "/cases/{id}/steps", O::Case, S::Form(STEP)),
        ("POST", "/cases/{id}/steps/confirm", O::Case, S::Form(STEP)),
        ("POST", "/cases/{id}/tests", O::Case, S::Form(TEST)),
        ("POST", "/cases/{id}/records", O::Case, S::Form(RECORD)),
        (
            "POST",
            "/cases/{id}/assessments",
            O::Case,
            S::Form(&[
                ("version", STALE),
                ("scheme_version", "1"),
                ("assessed_on", "2024-10-08"),
            ]),
        ),
        (
            "POST",
            "/cases/{id}/assignment",
            O::Case,
            S::Form(&[("version", STALE), ("on", "2024-10-08")]),
        ),
        ("GET", "/my-persons", O::None, S::Plain),
        ("GET", "/my-persons/export.xlsx", O::None, S::Plain),
        ("GET", "/risk-schemes", O::None, S::Plain),
        ("POST", "/risk-schemes", O::None, S::Plain),
        // MMT-1, N17: the clinic's desk (its own enrolments: the contract suite proves
        // that another clinic's enrolment answers like a missing one), the figures and
        // the register
        ("GET", "/clinic", O::None, S::Plain),
        (
            "POST",
            "/clinic/enrol",
            O::None,
            S::Form(&[("id_number", "1")]),
        ),
        (
            "POST",
            "/clinic/dose",
            O::None,
            S::Form(&[("enrolment", "999")]),
        ),
        ("GET", "/clinic/person", O::None, S::Plain),
        (
            "POST",
            "/clinic/test",
            O::None,
            S::Form(&[("enrolment", "999")]),
        ),
        (
            "POST",
            "/clinic/end",
            O::None,
            S::Form(&[("enrolment", "999")]),
        ),
        ("GET", "/clinics", O::None, S::Plain),
        ("GET", "/clinics/export.xlsx", O::None, S::Plain),
        ("GET", "/clinics/register", O::None, S::Plain),
        ("POST", "/clinics", O::None, S::Plain),
        (
            "POST",
            "/clinics/staff",
            O::None,
            S::Form(&[("clinic", "999")]),
        ),
        (
            "POST",
            "/api/v1/cases/{id}/assessments",
            O::Case,
            S::Json(r#"{"version":"999","scheme_version":"1","assessed_on":"2024-10-08"}"#),
        ),
        ("GET", "/api/v1/cases/{id}/assessments", O::Case, S::Plain),
        (
            "POST",
            "/api/v1/cases/{id}/assignment",
            O::Case,
            S::Json(r#"{"version":"999","on":"2024-10-08"}"#),
        ),
        ("GET", "/api/v1/risk-scheme", O::None, S::Plain),
        ("POST", "/cases/{id}/attachments", O::Case, S::Upload),
        ("GET", "/attachments/{id}", O::Attachment, S::Plain),
        ("POST", "/handovers/{id}/receive", O::Handover, S::Plain),
        ("GET", "/queues", O::None, S::Plain),
        ("GET", "/queues/export.xlsx", O::None, S::Plain),
        ("GET", "/audit", O::None, S::Plain),
        ("GET", "/audit/export.xlsx", O::None, S::Plain),
        ("GET", "/api/v1/persons/{id}/cases", O::Person, S::Plain),
        (
            "POST",
            "/api/v1/persons/{id}/cases",
            O::Person,
            S::Json(
                r#"{"unit_id":"{unit}","measure":"community_detox","deciding_organ":"东胜区公安分局","decision_number":"003","decided_on":"2024-09-27","served_on":"2024-09-28","place_basis":"household"}"#,
            ),
        ),
        ("GET", "/api/v1/cases/{id}", O::Case, S::Plain),
        (
            "POST",
            "/api/v1/cases/{id}/steps",
            O::Case,
            S::Json(r#"{"version":"999","step":"report_in","on":"2024-10-08"}"#),
        ),
        (
            "POST",
            "/api/v1/cases/{id}/tests",
            O::Case,
            S::Json(
                r#"{"version":"999","tested_on":"2024-10-08","tested_time":"09:30","kind":"laboratory","sample":"urine","outcome":"negative","tester_1":"王警官","tester_2":"李干事","planned":"yes"}"#,
            ),
        ),
        (
            "POST",
            "/api/v1/cases/{id}/records",
            O::Case,
            S::Json(r#"{"version":"999","kind":"warning","on":"2024-10-08"}"#),
        ),
        ("GET", "/api/v1/queues", O::None, S::Plain),
        ("GET", "/api/v1/openapi.json", O::None, S::Plain),
        ("GET", "/api/v1/calendar", O::None, S::Plain),
        (
            "POST",
            "/api/v1/session",
            O::None,
            S::Skip("logs in anew; session.rs"),
        ),
        (
            "POST",
            "/api/v1/session/logout",
            O::None,
            S::Skip("ends the session; session.rs"),
        ),
        ("GET", "/api/v1/me", O::None, S::Plain),
        ("GET", "/api/v1/units", O::None, S::Plain),
        ("GET", "/api/v1/audit", O::None, S::Plain),
        ("GET", "/api/v1/users", O::None, S::Plain),
        ("GET", "/api/v1/persons", O::None, S::Plain),
        ("POST", "/api/v1/persons", O::None, S::Json("{}")),
        ("GET", "/api/v1/persons/{id}", O::Person, S::Plain),
        // The language switch and the confirmation pages.
        ("GET", "/lang", O::None, S::Plain),
        ("GET", "/users/{id}/confirm", O::User, S::Plain),
        // --- Supervision dashboards (STAT-1) ---
        ("GET", "/dashboard", O::None, S::Plain),
        ("GET", "/dashboard/export.xlsx", O::None, S::Plain),
        ("GET", "/api/v1/dashboard", O::None, S::Plain),
        // --- Periodic reports (STAT-1): a refusal (nothing counted, no reason) shows the
        // route was reached without changing anything ---
        ("GET", "/ledger", O::None, S::Plain),
        ("GET", "/ledger/export.xlsx", O::None, S::Plain),
        ("GET", "/reports", O::None, S::Plain),
        ("GET", "/reports/export.xlsx", O::None, S::Plain),
        ("GET", "/reports/submissions", O::None, S::Plain),
        ("GET", "/reports/persons", O::None, S::Plain),
        (
            "POST",
            "/reports/submit",
            O::None,
            S::Form(&[("period", "2024-10"), ("note", "")]),
        ),
        (
            "POST",
            "/reports/review",
            O::None,
            S::Form(&[
                ("period", "2024-10"),
                ("unit_id", "{unit}"),
                ("decision", "return"),
                ("note", ""),
            ]),
        ),
        ("GET", "/api/v1/reports", O::None, S::Plain),
        // --- 待办事项 ---
        ("GET", "/tasks", O::None, S::Plain),
        ("GET", "/tasks/export.xlsx", O::None, S::Plain),
        ("GET", "/tasks/{id}", O::Task, S::Plain),
        (
            "POST",
            "/tasks/{id}/answer",
            O::Task,
            S::Form(&[
                ("version", STALE),
                ("answer", "已核实"),
                ("answered_on", "2024-10-08"),
            ]),
        ),
        // --- INFO-2 质量倒查: the checks, their lists, the trace-backs ---
        ("GET", "/quality", O::None, S::Plain),
        ("GET", "/quality/findings", O::None, S::Plain),
        ("GET", "/quality/findings/export.xlsx", O::None, S::Plain),
        ("GET", "/quality/trace-backs", O::None, S::Plain),
        ("GET", "/quality/trace-backs/{id}", O::TraceBack, S::Plain),
        (
            "POST",
            "/quality/trace-backs/{id}/review",
            O::TraceBack,
            S::Form(&[("version", STALE), ("decision", "accept")]),
        ),
        ("GET", "/cases/{id}/trace-back", O::Case, S::Plain),
        (
            "POST",
            "/cases/{id}/trace-back",
            O::Case,
            S::Form(&[("question", ""), ("due_on", "2024-10-20")]),
        ),
        ("GET", "/api/v1/tasks", O::None, S::Plain),
        ("GET", "/api/v1/tasks/{id}", O::Task, S::Plain),
        (
            "POST",
            "/api/v1/tasks/{id}/answer",
            O::Task,
            S::Json(r#"{"version":999,"answer":"已核实","answered_on":"2024-10-08"}"#),
        ),
        // --- Issue 20: staffing, the staff register, funding (district and city keep them) ---
        ("GET", "/staffing", O::None, S::Plain),
        ("GET", "/staffing/export.xlsx", O::None, S::Plain),
        ("GET", "/staff", O::None, S::Plain),
        ("GET", "/staff/export.xlsx", O::None, S::Plain),
        ("GET", "/staff/new", O::None, S::Plain),
        ("POST", "/staff", O::None, S::Plain),
        ("GET", "/staff/{id}", O::Staff, S::Plain),
        ("POST", "/staff/{id}", O::Staff, S::Form(STAFF)),
        ("GET", "/placement-bases", O::None, S::Plain),
        ("GET", "/placement-bases/export.xlsx", O::None, S::Plain),
        ("GET", "/placement-bases/new", O::None, S::Plain),
        ("POST", "/placement-bases", O::None, S::Plain),
        ("GET", "/placement-bases/{id}", O::PlacementBase, S::Plain),
        (
            "POST",
            "/placement-bases/{id}",
            O::PlacementBase,
            S::Form(BASE),
        ),
        ("GET", "/funding", O::None, S::Plain),
        ("GET", "/funding/export.xlsx", O::None, S::Plain),
        ("POST", "/funding", O::None, S::Plain),
        // --- INFO-1: import of legacy registers (a plain form is no upload: reached, refused 400) ---
        ("GET", "/import", O::None, S::Plain),
        ("GET", "/import/template.xlsx", O::None, S::Plain),
        ("POST", "/import", O::None, S::Plain),
        // --- FAC-1, INSPECT-1: offices (township, district, city), inspections (district, city) ---
        ("GET", "/offices", O::None, S::Plain),
        ("GET", "/offices/export.xlsx", O::None, S::Plain),
        ("GET", "/offices/new", O::None, S::Plain),
        ("POST", "/offices", O::None, S::Plain),
        ("GET", "/offices/{id}", O::Office, S::Plain),
        ("POST", "/offices/{id}", O::Office, S::Plain),
        ("POST", "/offices/{id}/photos", O::Office, S::Upload),
        ("GET", "/offices/photos/{id}", O::OfficePhoto, S::Plain),
        ("GET", "/inspections", O::None, S::Plain),
        ("GET", "/inspections/new", O::None, S::Plain),
        ("POST", "/inspections", O::None, S::Plain),
        ("GET", "/inspections/{id}", O::Inspection, S::Plain),
        (
            "GET",
            "/inspections/{id}/export.xlsx",
            O::Inspection,
            S::Plain,
        ),
        ("GET", "/inspections/{id}/findings", O::Inspection, S::Plain),
        (
            "POST",
            "/inspections/{id}/findings",
            O::Inspection,
            S::Plain,
        ),
        (
            "POST",
            "/inspections/{id}/rectifications",
            O::Inspection,
            S::Plain,
        ),
        ("POST", "/inspections/{id}/notices", O::Inspection, S::Plain),
        ("POST", "/inspections/{id}/summons", O::Inspection, S::Plain),
        (
            "GET",
            "/inspections/{id}/public-notice",
            O::Inspection,
            S::Plain,
        ),
        ("GET", "/inspections/notices/{id}", O::Notice, S::Plain),
        ("GET", "/inspections/rectifications", O::None, S::Plain),
        (
            "GET",
            "/inspections/rectifications/{id}",
            O::Rectification,
            S::Plain,
        ),
        (
            "POST",
            "/inspections/rectifications/{id}/review",
            O::Rectification,
            S::Plain,
        ),
        // --- WEL-*, JOB-1, N7: the partner departments (a future date is refused: the
        // route is reached and nothing changes) ---
        ("GET", "/support", O::None, S::Plain),
        ("GET", "/support/export.xlsx", O::None, S::Plain),
        ("GET", "/cases/{id}/support", O::Case, S::Plain),
        (
            "POST",
            "/cases/{id}/support",
            O::Case,
            S::Form(&[
                ("kind", "service"),
                ("subkind", "family_support"),
                ("title", "某社工"),
                ("started_on", "2099-01-01"),
            ]),
        ),
        (
            "POST",
            "/support/{id}/decide",
            O::Support,
            S::Form(&[("status", "granted"), ("decided_on", "2099-01-01")]),
        ),
        // --- CASE-1, CASE-2, N16: the isolation centre's releases (its own: a release of
        // another centre answers like a missing one) and the township's hand-overs (the
        // first permitted role acknowledges, the others are refused as already received) ---
        ("GET", "/isolation", O::None, S::Plain),
        (
            "POST",
            "/isolation/releases",
            O::None,
            S::Form(&[("released_on", "2099-01-01")]),
        ),
        ("GET", "/isolation/releases/{id}", O::Release, S::Plain),
        ("GET", "/isolation/export.xlsx", O::None, S::Plain),
        ("GET", "/releases", O::None, S::Plain),
        ("GET", "/releases/export.xlsx", O::None, S::Plain),
        ("GET", "/releases/{id}", O::Release, S::Plain),
        ("POST", "/releases/{id}/receive", O::Release, S::Plain),
        // --- CASE-5: stays in a rehabilitation centre (a future date is refused: the
        // route is reached and nothing changes) ---
        ("GET", "/cases/{id}/rehab-centre", O::Case, S::Plain),
        (
            "POST",
            "/cases/{id}/rehab-centre",
            O::Case,
            S::Form(&[
                ("place", "某康复场所"),
                ("agreement", "协议"),
                ("entered_on", "2099-01-01"),
                ("centre_recorder", "王某"),
            ]),
        ),
        (
            "POST",
            "/rehab-stays/{id}/exit",
            O::Stay,
            S::Form(&[
                ("exited_on", "2099-01-01"),
                ("end", "other"),
                ("centre_recorder", "王某"),
            ]),
        ),
        ("GET", "/rehab-stays", O::None, S::Plain),
        ("GET", "/rehab-stays/export.xlsx", O::None, S::Plain),
    ]
};

/// A whole register entry at a stale version (the in-scope unit named by its id).
const STAFF: &[(&str, &str)] = &[
    ("version", STALE),
    ("unit", "{unit}"),
    ("name", "某某"),
    ("sex", "female"),
    ("post", "full_time"),
    ("employment", "other"),
    ("started_on", "2024-01-01"),
];

const BASE: &[(&str, &str)] = &[
    ("version", STALE),
    ("unit", "{unit}"),
    ("name", "某安置点"),
    ("facility", "point"),
    ("opened_on", "2024-01-01"),
];

/// One of each object in one township.
pub(crate) struct Objects {
    pub(crate) unit: i64,
    pub(crate) person: i64,
    pub(crate) case: i64,
    pub(crate) user: i64,
    pub(crate) attachment: i64,
    pub(crate) handover: i64,
    pub(crate) task: i64,
    pub(crate) trace_back: i64,
    pub(crate) staff: i64,
    pub(crate) support: i64,
    pub(crate) placement_base: i64,
    pub(crate) release: i64,
    pub(crate) stay: i64,
    pub(crate) office: i64,
    pub(crate) office_photo: i64,
    pub(crate) inspection: i64,
    pub(crate) rectification: i64,
    pub(crate) notice: i64,
}

impl Objects {
    fn id(&self, obj: Obj) -> String {
        match obj {
            Obj::None | Obj::Session => unreachable!("not a stored object"),
            Obj::Person => self.person,
            Obj::Case => self.case,
            Obj::Unit => self.unit,
            Obj::User => self.user,
            Obj::Attachment => self.attachment,
            Obj::Handover => self.handover,
            Obj::Task => self.task,
            Obj::TraceBack => self.trace_back,
            Obj::Staff => self.staff,
            Obj::Support => self.support,
            Obj::PlacementBase => self.placement_base,
            Obj::Release => self.release,
            Obj::Stay => self.stay,
            Obj::Office => self.office,
            Obj::OfficePhoto => self.office_photo,
            Obj::Inspection => self.inspection,
            Obj::Rectification => self.rectification,
            Obj::Notice => self.notice,
        }
        .to_string()
    }
}

/// A person with a notified case (so a hand-over to receive) and an attachment, a user
/// and an empty unit, all under `township`.
pub(crate) async fn objects(
    app: &App,
    f: &Fixture,
    township: &Unit,
    code: &str,
    tag: &str,
    id_number: &str,
) -> Objects {
    let system = Scope::system();
    let cal = HolidayCalendar::embedded();
    let unit = child(
        app.store.as_ref(),
        township,
        code,
        &format!("{tag}测试社区"),
    )
    .await;
    let person = register(
        app,
        f.jiaotong_user.id,
        township,
        &format!("{tag}某"),
        id_number,
    )
    .await;
    let case = decide_detox(app, f, person.id, township.id).await;
    let notified = notify(app, f.jiaotong_user.id, &case).await;
    let attachment = app
        .store
        .add_attachment(
            &system,
            f.jiaotong_user.id,
            case.id.get(),
            &NewAttachment {
                kind: "decision".into(),
                file_name: "决定书.pdf".into(),
                content_type: "application/pdf".into(),
                sha256: "00".into(),
                data: b"%PDF-1.4 test".to_vec(),
            },
        )
        .await
        .expect("attachment");
    let file = app
        .store
        .case_file(&system, f.jiaotong_user.id, notified.id.get())
        .await
        .expect("file");
    let handover = file.handovers.first().expect("notify hands over").id;
    // Another district tries to register the same number: the township gets a task.
    let refused = app
        .store
        .register_person(
            &Fixture::scope_of(&f.shulinzhao),
            f.jiaotong_user.id,
            &new_person(&f.shulinzhao, &format!("{tag}重复"), id_number),
            cal,
            day("2024-10-08"),
        )
        .await;
    assert!(refused.is_err(), "a duplicate is refused");
    let task = app
        .store
        .tasks(
            &Fixture::scope_of(township),
            jiekang_store::tasks::TaskList::Open,
            jiekang_store::model::PageRequest::first(10),
        )
        .await
        .expect("tasks")
        .items
        .iter()
        .find(|t| t.person_id == Some(person.id))
        .expect("a task for the township")
        .id;
    // The district traces the case back (INFO-2 质量倒查).
    let trace_back = app
        .store
        .open_trace_back(
            &Fixture::scope_of(&f.dongsheng),
            f.dongsheng_user.id,
            &jiekang_store::quality::NewTraceBack {
                case_id: case.id.get(),
                question: "请核实报到情况".into(),
                due_on: day("2024-10-20"),
            },
            day("2024-10-08"),
        )
        .await
        .expect("trace-back")
        .id;
    // WEL-1: a pending 低保 application on the case
    let support = app
        .store
        .add_support(
            &system,
            f.jiaotong_user.id,
            Role::CivilAffairs,
            case.id.get(),
            &jiekang_store::support::NewSupport::of(
                jiekang_domain::support::SupportKind::Dibao,
                day("2024-10-08"),
            ),
            day("2024-10-08"),
        )
        .await
        .expect("support")
        .id;
    // CASE-2, N16: the person released from compulsory isolation with a 社区康复 order,
    // handed to the township by a centre account of the same unit
    let release = app
        .store
        .record_release(
            &system,
            f.jiaotong_user.id,
            township.id,
            &jiekang_store::isolation::NewRelease {
                person: new_person(township, &format!("{tag}某"), id_number),
                released_on: day("2024-10-01"),
                centre_name: "鄂尔多斯市强制隔离戒毒所".into(),
                order: Some(jiekang_store::isolation::RehabOrder {
                    number: "鄂公(禁)康字〔2024〕1号".into(),
                    decided_on: day("2024-09-30"),
                }),
            },
            cal,
            day("2024-10-08"),
        )
        .await
        .expect("release")
        .id;
    // CASE-5: the person inside a rehabilitation centre
    let stay = app
        .store
        .enter_rehab_centre(
            &system,
            f.jiaotong_user.id,
            case.id.get(),
            &jiekang_store::rehab_stays::NewStay {
                place: "鄂尔多斯市戒毒康复场所".into(),
                agreement: "康复协议 1".into(),
                entered_on: day("2024-10-01"),
                centre_recorder: "王某".into(),
            },
            day("2024-10-08"),
        )
        .await
        .expect("stay")
        .id;
    let username = format!("target.{tag}");
    app.user(township.id, &username, Role::CommunityStaff).await;
    let user = app
        .store
        .user_by_username(&system, &username)
        .await
        .expect("user")
        .id;
    let staff = app
        .store
        .add_staff(
            &system,
            f.jiaotong_user.id,
            &jiekang_store::staff::NewStaff {
                unit_id: township.id,
                name: format!("{tag}社工"),
                sex: jiekang_domain::id_number::Sex::Female,
                post: jiekang_domain::staff::StaffPost::FullTime,
                employment: jiekang_domain::staff::EmploymentMode::PurchasedService,
                user_id: None,
                started_on: day("2024-01-01"),
                ended_on: None,
                training_hours: 0,
                courses: String::new(),
                awards: String::new(),
                sanctions: String::new(),
            },
            None,
            day("2024-10-08"),
        )
        .await
        .expect("staff")
        .id;
    let placement_base = app
        .store
        .add_placement_base(
            &system,
            f.jiaotong_user.id,
            &jiekang_store::placement::NewPlacementBase {
                unit_id: township.id,
                name: format!("{tag}安置点"),
                facility: jiekang_domain::placement::PlacementFacility::Point,
                address: String::new(),
                capacity: 10,
                contact: String::new(),
                phone: String::new(),
                opened_on: day("2024-01-01"),
                closed_on: None,
                note: String::new(),
            },
            day("2024-10-08"),
        )
        .await
        .expect("placement base")
        .id;
    let (office, office_photo, inspection, rectification, notice) =
        inspection_objects(app, f.jiaotong_user.id, township, &unit).await;
    Objects {
        unit: unit.id,
        person: person.id,
        case: case.id.get(),
        user,
        attachment: attachment.id,
        handover,
        task,
        trace_back,
        staff,
        support,
        placement_base,
        release,
        stay,
        office,
        office_photo,
        inspection,
        rectification,
        notice,
    }
}

/// FAC-1, INSPECT-1 — the community's office with a photo, and a round of the
/// township's office over the community with a failed item, its rectification and a
/// 通报 of criticism.
async fn inspection_objects(
    app: &App,
    actor: i64,
    township: &Unit,
    community: &Unit,
) -> (i64, i64, i64, i64, i64) {
    use jiekang_store::inspections::{FindingInput, NewInspection, NewNotice, NewOffice};
    let scope = Fixture::scope_of(township);
    let today = day("2024-10-08");
    let office = app
        .store
        .add_office(
            &scope,
            actor,
            &NewOffice {
                unit_id: community.id,
                address: "社区居委会".into(),
                area_tenths: 150,
                rooms: vec![jiekang_domain::facilities::Room::Talk],
                equipment: String::new(),
            },
        )
        .await
        .expect("office")
        .id;
    let photo = app
        .store
        .add_office_photo(&scope, actor, office, "", &[0xFF, 0xD8, 0xFF, 0xE0])
        .await
        .expect("photo")
        .id;
    let round = app
        .store
        .add_inspection(
            &scope,
            actor,
            &NewInspection {
                name: "检查".into(),
                starts_on: day("2024-10-01"),
                ends_on: day("2024-10-31"),
                unit_ids: vec![community.id],
            },
        )
        .await
        .expect("inspection")
        .id;
    app.store
        .record_findings(
            &scope,
            actor,
            round,
            community.id,
            today,
            &[FindingInput {
                item: "office".into(),
                passed: false,
                note: "不足20平方米".into(),
            }],
            today,
        )
        .await
        .expect("findings");
    let rectification = app
        .store
        .open_rectification(
            &scope,
            actor,
            round,
            community.id,
            "整改",
            day("2024-10-20"),
            today,
        )
        .await
        .expect("rectification")
        .id;
    let notice = app
        .store
        .issue_notice(
            &scope,
            actor,
            round,
            &NewNotice {
                unit_id: community.id,
                kind: jiekang_domain::inspection::NoticeKind::Criticism,
                title: "通报".into(),
                body: "正文".into(),
                issued_on: today,
            },
            today,
        )
        .await
        .expect("notice")
        .id;
    (office, photo, round, rectification, notice)
}

async fn send(app: &App, s: &Session, method: &str, path: &str, what: Req, unit: i64) -> Resp {
    let unit = unit.to_string();
    if method == "GET" {
        return app.get(path, Some(s)).await;
    }
    match what {
        Req::Plain => app.post_form(path, s, &[], true).await,
        Req::Form(fields) => {
            let fields: Vec<(&str, String)> = fields
                .iter()
                .map(|(k, v)| (*k, v.replace("{unit}", &unit)))
                .collect();
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(path, s, &fields, true).await
        }
        Req::Json(body) => {
            let req = Request::post(path)
                .header(header::COOKIE, s.cookie())
                .header("x-csrf-token", &s.csrf)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.replace("{unit}", &unit)))
                .expect("request");
            app.send(req).await
        }
        Req::Upload => {
            let boundary = "authz-boundary";
            let body = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n%PDF-1.4 authz\r\n--{boundary}--\r\n"
            );
            let req = Request::post(format!("{path}?csrf_token={}", s.csrf))
                .header(header::COOKIE, s.cookie())
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .expect("request");
            app.send(req).await
        }
        Req::Skip(_) => unreachable!("skipped routes are not sent"),
    }
}

/// The route was reached: not refused, not sent back to a login, password or enrolment
/// step (an account page may of course lead back to its own page), not answered like a
/// missing object, no server error.
fn assert_reached(r: &Resp, path: &str, what: &str) {
    assert!(
        !matches!(
            r.status,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ) && !r.status.is_server_error(),
        "{what}: {} {}",
        r.status,
        r.body
    );
    if let Some(to) = location(r) {
        assert!(
            !to.starts_with("/login")
                && (path.starts_with("/account/") || !to.starts_with("/account/")),
            "{what}: sent to {to}"
        );
    }
}

/// The public ids of the caller's sessions other than the current one.
async fn other_sessions(app: &App, s: &Session) -> Vec<String> {
    let r = app.get("/api/v1/sessions", Some(s)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    v.as_array()
        .or_else(|| v["sessions"].as_array())
        .expect("a list of sessions")
        .iter()
        .filter(|s| s["current"] != true)
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect()
}

pub async fn authz_matrix_checks_every_route_for_every_role_in_and_out_of_scope(app: App) {
    // 1. The matrix covers the route table exactly.
    let table: BTreeSet<(String, String)> = route_specs()
        .iter()
        .map(|s| (s.method.to_string(), s.path.to_owned()))
        .collect();
    let matrix: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, _, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(
        matrix.len(),
        MATRIX.len(),
        "a route is listed twice in MATRIX"
    );
    let missing: Vec<_> = table.difference(&matrix).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the authorisation MATRIX (authz.rs): {missing:?}"
    );
    let gone: Vec<_> = matrix.difference(&table).collect();
    assert!(
        gone.is_empty(),
        "MATRIX names routes that no longer exist: {gone:?}"
    );
    for (_, path, obj, _) in MATRIX {
        assert_eq!(
            path.contains("{id}"),
            *obj != Obj::None,
            "{path}: the object kind must be given exactly for routes with an id"
        );
    }
    let access = |m: &str, p: &str| {
        route_specs()
            .into_iter()
            .find(|s| s.method.as_str() == m && s.path == p)
            .expect("checked above")
            .access
    };

    // 2. One of each object in 交通街道 and in 公园街道.
    let f = app.fixture().await;
    let ours = objects(
        &app,
        &f,
        &f.jiaotong,
        "150602001002",
        "jt",
        "150602199001011238",
    )
    .await;
    let theirs = objects(
        &app,
        &f,
        &f.gongyuan,
        "150602002001",
        "gy",
        "150621198511204560",
    )
    .await;
    // A peer's session, which no one else may end (not the target user, whom the
    // admin disables and resets, which ends their sessions).
    app.user(f.jiaotong.id, "peer.jt", Role::CommunityStaff)
        .await;
    let peer = app
        .store
        .user_by_username(&Scope::system(), "peer.jt")
        .await
        .expect("peer");
    app.store
        .create_session(&new_session(&peer, "authz-peer-session"))
        .await
        .expect("session");

    // 3. Every role, at 交通街道, on every route.
    for role in Role::ALL {
        let username = format!("authz.{}", role.code());
        app.user(f.jiaotong.id, &username, role).await;
        let me = app.login(&username, PASSWORD).await.ok().expect("login");
        let me_user = app
            .store
            .user_by_username(&Scope::system(), &username)
            .await
            .expect("user");
        // Two more sessions of the caller's own, one for each revoke route.
        for n in 0..2 {
            app.store
                .create_session(&new_session(
                    &me_user,
                    &format!("authz-{}-{n}", role.code()),
                ))
                .await
                .expect("session");
        }
        let mut own_sessions = other_sessions(&app, &me).await;
        assert_eq!(own_sessions.len(), 2, "{role:?}");
        let peer_session = jiekang_web::account_sessions::public_id("authz-peer-session");
        // Revoking the caller's other sessions last keeps the two above alive till used.
        let mut rows: Vec<_> = MATRIX.iter().collect();
        rows.sort_by_key(|(_, p, _, _)| p.ends_with("/revoke-others"));
        for (m, path, obj, what) in rows {
            if let Req::Skip(reason) = what {
                assert!(!reason.is_empty(), "{m} {path}: say why it is skipped");
                continue;
            }
            let access = access(m, path);
            let with = |id: &str| path.replace("{id}", id);
            let label = |id: &str| format!("{role:?} {m} {}", with(id));
            match access {
                Access::Public => continue,
                Access::Permission(action) if !permits(role, action) => {
                    let id = match obj {
                        Obj::None => String::new(),
                        Obj::Session => peer_session.clone(),
                        o => ours.id(*o),
                    };
                    let r = send(&app, &me, m, &with(&id), *what, f.community_a.id).await;
                    assert_eq!(
                        r.status,
                        StatusCode::FORBIDDEN,
                        "{}: {}",
                        label(&id),
                        r.body
                    );
                    if path.starts_with("/api/") {
                        assert!(
                            r.body.contains("\"forbidden\""),
                            "{}: {}",
                            label(&id),
                            r.body
                        );
                    }
                }
                _ => match obj {
                    Obj::None => {
                        let r = send(&app, &me, m, path, *what, f.community_a.id).await;
                        assert_reached(&r, path, &label(""));
                    }
                    Obj::Session => {
                        let other = send(&app, &me, m, &with(&peer_session), *what, 0).await;
                        assert_eq!(
                            other.status,
                            StatusCode::NOT_FOUND,
                            "{}",
                            label(&peer_session)
                        );
                        let own = own_sessions.pop().expect("an own session left");
                        let r = send(&app, &me, m, &with(&own), *what, 0).await;
                        assert_reached(&r, path, &label(&own));
                    }
                    o => {
                        // Out of scope first: it must change nothing, and answer 404.
                        let id = theirs.id(*o);
                        let r = send(&app, &me, m, &with(&id), *what, f.community_a.id).await;
                        assert_eq!(
                            r.status,
                            StatusCode::NOT_FOUND,
                            "{} (公园街道's): {}",
                            label(&id),
                            r.body
                        );
                        let id = ours.id(*o);
                        let r = send(&app, &me, m, &with(&id), *what, f.community_a.id).await;
                        assert_reached(&r, path, &label(&id));
                    }
                },
            }
        }
        // The peer's session survived every role.
        assert!(
            app.store
                .session_actor(
                    "authz-peer-session",
                    Utc::now(),
                    chrono::TimeDelta::hours(1)
                )
                .await
                .expect("actor")
                .is_some(),
            "{role:?} ended another user's session"
        );
    }
}

/// N1, DUTY-1 — who may *create* a case, not only who may reach its routes: every role
/// posts a valid decision through the page and the API. The police get a case each
/// time; a role that reaches the route (CasesWrite) is refused in Chinese (409 from the
/// API, 422 with the form again from the page), a role without it gets 403, and neither
/// leaves anything behind.
pub async fn only_the_police_create_a_case_through_pages_and_api(app: App) {
    let f = app.fixture().await;
    let person = register(&app, f.jiaotong_user.id, &f.community_a, "决定某", ZHANG_ID).await;
    let page = format!("/persons/{}/cases/new", person.id);
    let api = format!("/api/v1/persons/{}/cases", person.id);
    let unit = f.community_a.id.to_string();
    let fields: Vec<(&str, &str)> = DECISION
        .iter()
        .map(|(k, v)| (*k, if *v == "{unit}" { unit.as_str() } else { *v }))
        .collect();
    let json = serde_json::json!({
        "unit_id": unit, "measure": "community_detox", "deciding_organ": "东胜区公安分局",
        "decision_number": "003", "decided_on": "2024-09-27", "served_on": "2024-09-28",
        "place_basis": "household",
    })
    .to_string();
    let cases = |app: &App| {
        let store = app.store.clone();
        async move {
            store
                .person_cases(&Scope::system(), person.id)
                .await
                .expect("cases")
                .len()
        }
    };
    for role in Role::ALL {
        let username = format!("decide.{}", role.code());
        app.user(f.jiaotong.id, &username, role).await;
        let me = app.login(&username, PASSWORD).await.ok().expect("login");
        let before = cases(&app).await;
        let by_page = app.post_form(&page, &me, &fields, true).await;
        let req = Request::post(api.as_str())
            .header(header::COOKIE, me.cookie())
            .header("x-csrf-token", &me.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json.clone()))
            .expect("request");
        if role == Role::CommunityPolice {
            assert_eq!(by_page.status, StatusCode::SEE_OTHER, "{}", by_page.body);
            assert!(location(&by_page).is_some_and(|l| l.starts_with("/cases/")));
            // one open order per person: the second decision waits for the first to close
            assert_eq!(cases(&app).await, 1);
            continue;
        }
        let by_api = app.send(req).await;
        if permits(role, jiekang_domain::permission::Action::CasesWrite) {
            assert_eq!(
                by_page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{role:?}: {}",
                by_page.body
            );
            assert!(
                by_page.body.contains("决定由公安机关作出"),
                "{role:?}: {}",
                by_page.body
            );
            assert_eq!(
                by_api.status,
                StatusCode::CONFLICT,
                "{role:?}: {}",
                by_api.body
            );
            assert!(by_api.body.contains("公安"), "{role:?}: {}", by_api.body);
        } else {
            assert_eq!(by_page.status, StatusCode::FORBIDDEN, "{role:?}");
            assert_eq!(by_api.status, StatusCode::FORBIDDEN, "{role:?}");
        }
        assert_eq!(cases(&app).await, before, "{role:?} wrote a case");
    }
    // Only the police's decision exists.
    assert_eq!(cases(&app).await, 1);
}
