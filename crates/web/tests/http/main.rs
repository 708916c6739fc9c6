//! HTTP behaviour through the real router, on both engines: login, sessions, CSRF,
//! and jurisdiction scope on every person route (ORG-3). Each case runs once on
//! SQLite and once on PostgreSQL.

mod accounts;
// administration audited
mod admin_audit;
mod audit;
mod authz;
// the benchmark's baseline route
mod bench_baseline;
mod calendar;
mod case_work;
// CASE-7, D6, N6: risk classes and caseloads
mod care;
// MMT-1, N17: methadone clinics
mod clinic;
// CASE-1, CASE-2, N16: releases from compulsory isolation
mod isolation;
// one clock: Beijing time everywhere
mod clock;
// GB/T 22239: the client address
mod client_addr;
// a refusal has no sample, warnings are recorded, texts follow the page's language
mod consistency;
mod dashboard;
mod quality;
mod reports;
// actions dated by the user; irreversible steps confirmed
mod dated;
// the printed documents (INFO-1)
mod documents;
// shared setup: the registered person and the decided order
mod fixtures;
mod forms;
mod harness;
mod hostile;
mod i18n;
// INFO-1: import of legacy registers
mod import;
// FAC-1, INSPECT-1: offices and inspections
mod inspections;
// N18: masks that really mask
mod masks;
// staffing, the staff register, funding (STAFF-1..4, FUND-1)
mod org;
// BASE-1: placement bases and points
mod placement;
mod scope;
mod session;
mod support;
// GB/T 22239: server-made TOTP secrets, counted disable codes, renewed session ids
mod totp_hardening;
// transfers: the unit picker, landing in a community, the sender's stub
mod transfers;
// exports' limit, headers on every answer, attachment names
mod tasks;
mod web_hardening;

/// Generate one test per engine for each case.
macro_rules! on_both_engines {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = crate::harness::sqlite().await;
                    crate::cases::$case(crate::harness::App::new(db.store())).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = jiekang_store_postgres::testing::fresh_database().await;
                    let store: std::sync::Arc<dyn jiekang_store::Store> = std::sync::Arc::new(db.store().clone());
                    crate::cases::$case(crate::harness::App::new(store)).await;
                }
            )+
        }
    };
}

mod cases {
    pub use crate::accounts::*;
    pub use crate::admin_audit::*;
    pub use crate::audit::*;
    pub use crate::authz::*;
    pub use crate::bench_baseline::*;
    pub use crate::calendar::*;
    pub use crate::care::*;
    pub use crate::case_work::*;
    pub use crate::client_addr::*;
    pub use crate::clinic::*;
    pub use crate::clock::*;
    pub use crate::consistency::*;
    pub use crate::dashboard::*;
    pub use crate::dated::*;
    pub use crate::documents::*;
    pub use crate::forms::*;
    pub use crate::hostile::*;
    pub use crate::i18n::*;
    pub use crate::import::*;
    pub use crate::inspections::*;
    pub use crate::isolation::*;
    pub use crate::masks::*;
    pub use crate::org::*;
    pub use crate::placement::*;
    pub use crate::quality::*;
    pub use crate::reports::*;
    pub use crate::scope::*;
    pub use crate::session::*;
    pub use crate::support::*;
    pub use crate::tasks::*;
    pub use crate::totp_hardening::*;
    pub use crate::transfers::*;
    pub use crate::web_hardening::*;
}

on_both_engines!(
    an_out_of_scope_duplicate_names_nothing_and_becomes_the_holders_task,
    registrations_count_against_the_search_limit,
    login_sets_a_session_and_wrong_passwords_get_one_generic_message,
    logout_ends_the_session,
    state_changes_without_the_csrf_token_are_refused,
    bearer_tokens_work_for_the_api_without_csrf,
    every_route_is_closed_to_anonymous_callers_except_public_ones,
    a_township_cannot_list_read_or_write_another_townships_persons,
    roles_without_the_permission_are_forbidden,
    bad_registrations_are_explained_and_nothing_is_written,
    health_reports_the_engine_and_schema,
    an_admin_enters_a_new_year_and_it_takes_effect,
    the_person_list_exports_to_excel_masked_scoped_and_audited,
    a_detox_order_lives_three_years_through_http,
    queues_export_to_excel_scoped_and_audited,
    case_work_through_the_json_api,
    // --- Risk classes and caseloads (CASE-7, D6, N6) ---
    staff_assess_a_case_and_its_class_sets_the_talks,
    the_township_names_the_worker_who_finds_the_person_at_home,
    an_admin_saves_a_new_scheme_version,
    // --- Staffing, the staff register, funding (STAFF-1..4, FUND-1) ---
    a_district_keeps_the_staff_register_and_sees_the_staffing_gap,
    a_township_tries_and_imports_a_register_once,
    a_district_records_money_and_reads_the_funding_report,
    // --- BASE-1: placement bases and points ---
    human_resources_keep_the_placement_points_and_placements_count_there,
    a_township_records_its_office_and_the_district_reads_the_report,
    an_inspection_runs_from_plan_to_rectification_and_notice,
    // --- Methadone clinics (MMT-1, N17) ---
    a_clinic_enrols_doses_and_reports_a_positive_test_to_the_township,
    // --- Releases from compulsory isolation (CASE-1, CASE-2, N16) ---
    a_release_is_handed_over_acknowledged_and_becomes_a_rehabilitation_case,
    // --- One clock: Beijing time everywhere ---
    every_time_shown_is_beijing_time,
    // --- Case work a clerk can trust ---
    one_button_actions_carry_their_own_dates,
    irreversible_steps_are_confirmed_and_expiry_waits_for_the_term,
    refusals_warnings_and_windows_tell_the_truth,
    texts_follow_the_measure_and_the_pages_language,
    refused_forms_keep_what_was_typed_beside_their_messages,
    buttons_say_what_they_do_and_dates_which_date,
    tiles_from_the_snapshot_say_when_they_were_counted,
    the_profile_form_validates_and_shows_text_literally,
    break_the_glass_opens_one_person_outside_the_scope,
    person_searches_are_rate_limited_per_user,
    an_auditor_searches_the_trail_of_their_subtree_only,
    the_audit_trail_exports_to_excel_and_the_export_is_audited,
    roles_without_audit_read_cannot_open_the_audit_trail,
    // --- Administration audited ---
    an_auditor_finds_the_administration_of_their_subtree,
    // --- Accounts ---
    five_failed_logins_lock_the_account_without_revealing_it,
    five_failures_from_one_address_lock_it_for_every_username,
    a_password_from_the_last_five_is_refused,
    totp_enrolment_and_login_with_a_fresh_code,
    admins_must_enrol_totp_before_anything_else,
    users_list_and_revoke_their_own_sessions,
    // --- Authorisation matrix ---
    authz_matrix_checks_every_route_for_every_role_in_and_out_of_scope,
    only_the_police_create_a_case_through_pages_and_api,
    // --- Hostile input ---
    hostile_input_never_yields_a_server_error_or_a_foreign_message,
    injection_strings_in_case_forms_are_stored_and_shown_literally,
    // --- English switch (ui-i18n) ---
    main_pages_render_in_english_with_only_data_left_in_chinese,
    the_switch_sets_the_cookie_and_goes_back_to_the_same_page,
    refusals_with_values_render_in_english,
    // --- The benchmark's baseline route ---
    the_bench_baseline_route_exists_only_with_its_flag_and_only_for_sessions,
    // --- Supervision dashboards (STAT-1) ---
    district_and_city_dashboards_link_every_figure_to_its_list,
    a_server_refreshing_in_the_background_never_counts_inside_a_request,
    // --- Periodic reports (STAT-1) ---
    a_township_submits_its_frozen_report_and_the_district_reviews_it,
    // --- INFO-2 质量倒查 ---
    a_district_traces_a_finding_back_and_the_township_answers,
    // --- Masks that really mask (N18) ---
    lists_queues_and_exports_show_the_age_never_the_birth_date,
    // --- The client address (GB/T 22239) ---
    a_forged_forwarded_for_neither_changes_the_audited_address_nor_escapes_the_lockout,
    behind_a_trusted_proxy_the_forwarded_address_is_used,
    exports_reads_and_logins_are_audited_with_the_client_address,
    // --- Smaller hardening items ---
    person_exports_count_against_the_search_limit,
    every_answer_carries_the_security_headers,
    attachments_download_with_the_extension_of_their_detected_type,
    a_totp_secret_chosen_by_the_client_is_never_enrolled,
    wrong_codes_when_disabling_totp_count_as_failed_logins,
    the_session_id_is_renewed_when_the_second_factor_passes,
    // --- Transfers (CASE-4) ---
    the_unit_picker_groups_units_by_path_and_explains_bad_input,
    a_transfer_lands_in_a_community_and_the_sender_keeps_a_stub,
    // --- Printed documents (INFO-1) ---
    printed_documents_are_numbered_scoped_audited_and_keep_planned_dates_secret,
    // --- Partner departments (WEL-*, JOB-1, N7) ---
    partners_work_their_queues_and_see_only_what_their_duty_needs,
);
