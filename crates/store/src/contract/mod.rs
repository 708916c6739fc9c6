//! The contract suite: one body per storage behaviour, run on every engine.
//!
//! Each engine's tests invoke [`crate::contract_tests!`] with an expression that
//! builds a fresh, empty, migrated store; every case then runs on that engine.

pub mod accounts;
// free text, test substances and attachments sealed at rest
pub mod at_rest;
// administration in the audit trail
pub mod admin_audit;
pub mod audit;
// the audit chain's head kept outside the database
pub mod audit_anchor;
pub mod bulk;
pub mod calendar;
pub mod cases;
// MMT-1, N17: methadone clinics
pub mod clinics;
// CASE-1, CASE-2, N16: releases from compulsory isolation
pub mod isolation;
// CASE-5: stays in a rehabilitation centre
pub mod dashboard;
pub mod emergency;
pub mod fixture;
// INFO-1: import of legacy registers
pub mod imports;
// FAC-1, INSPECT-1: offices and inspections
pub mod inspections;
pub mod persons;
pub mod rehab_stays;
pub mod reports;
// CASE-7, D6, N6: risk classes and caseloads
pub mod risk;
// INFO-2, N19: data quality, 倒查, leaving dynamic control
pub mod quality;
// personal data sealed at rest
pub mod sealed;
pub mod sessions;
// staff register, staffing and funding (STAFF-1..4, FUND-1)
pub mod staff;
// BASE-1, the placement facilities
pub mod placement;
// WEL-*, JOB-1, N7: the partner departments' records
pub mod support;
// --- Daily sweep and job leases ---
pub mod sweep;
// 待办事项
pub mod tasks;
pub mod units;
pub mod users;

/// Generate one `#[tokio::test]` per contract case. `$make` is an async expression
/// returning a guard that derefs to a fresh store, e.g. `fresh().await`.
#[macro_export]
macro_rules! contract_tests {
    ($make:expr) => {
        $crate::contract_tests!(@cases $make;
            units::tree_is_scoped_to_the_subtree,
            units::out_of_scope_unit_answers_like_a_missing_one,
            units::child_codes_must_extend_the_parent,
            units::unit_codes_are_unique_while_in_use,
            units::rename_refuses_a_stale_version,
            units::retire_refuses_units_still_in_use,
            users::users_are_listed_and_read_only_within_scope,
            users::duplicate_username_is_a_field_conflict,
            users::users_cannot_be_created_outside_scope,
            users::disabling_a_user_ends_their_sessions,
            users::users_page_with_a_keyset_cursor,
            sessions::a_session_resolves_to_its_actor_and_scope,
            sessions::idle_and_expired_sessions_resolve_to_nobody,
            sessions::logout_and_purge_remove_sessions,
            sessions::password_change_ends_sessions,
            persons::a_township_sees_only_its_own_persons,
            persons::out_of_scope_person_answers_like_a_missing_one,
            persons::one_person_per_id_number_naming_the_holder_only_in_scope,
            tasks::an_out_of_scope_duplicate_is_audited_and_opens_one_task_for_the_holder,
            tasks::the_holding_office_answers_its_task_once_dated_and_audited,
            persons::persons_cannot_be_registered_outside_scope,
            persons::person_list_filters_and_pages,
            persons::opening_an_archive_is_audited,
            persons::bulk_insert_is_counted_by_scope,
            calendar::the_newest_notice_of_a_year_is_in_force_and_history_is_kept,
            cases::j1_decision_to_agreement_with_deadlines_and_schedule,
            quality::the_case_checks_raise_in_scope_and_clear_when_done,
            quality::entries_in_a_batch_or_long_after_their_day_are_found,
            quality::the_addicted_with_no_measure_are_found_until_decided,
            quality::a_trace_back_goes_to_the_township_and_back,
            quality::three_years_after_expiry_the_person_leaves_dynamic_control,
            risk::the_default_scheme_is_version_one_and_edits_are_new_versions,
            risk::an_assessment_sets_the_class_its_talks_visits_and_reassessment,
            risk::the_township_names_the_worker_and_officer_of_a_case,
            risk::an_accepted_transfer_leaves_the_carers_behind,
            cases::only_the_police_record_a_decision,
            cases::the_handover_queue_pages_in_order_with_each_case,
            cases::illegal_steps_bad_dates_and_stale_versions_are_refused,
            cases::commands_side_by_side_each_stand_or_fall_alone,
            cases::j4_suspension_moves_the_term_and_later_windows,
            cases::j2_refusals_become_a_serious_breach_and_isolation_closes_the_case,
            cases::j3_transfer_moves_the_case_to_the_receiving_township,
            cases::accepting_a_township_transfer_places_the_case_in_one_of_its_communities,
            cases::a_transfer_to_a_community_needs_no_choice,
            cases::the_sending_office_keeps_a_stub_up_to_the_acceptance,
            cases::a_refused_transfer_leaves_no_stub,
            cases::attachments_stay_in_scope_and_reads_are_audited,
            cases::the_profile_is_kept_with_versions_and_decides_the_residence_basis,
            cases::provisional_planned_dates_are_drawn_again_when_the_year_arrives,
            cases::absconding_refused_transfers_declined_referrals_and_termination,
            cases::the_archive_opens_in_one_call_as_the_separate_reads_showed_it,
            cases::the_archive_through_a_grant_shows_the_identity_only,
            cases::backdated_leave_is_kept_with_its_days_and_checked_against_the_request,
            cases::a_refusal_has_no_sample_and_asks_for_a_warning_until_one_is_recorded,
            emergency::emergency_access_is_exact_reasoned_expiring_audited_and_listed,
            audit::the_audit_chain_verifies_after_a_series_of_writes,
            audit::audit_records_keep_microseconds_and_who_acted,
            audit::reads_audited_side_by_side_are_each_recorded_and_chained,
            audit::audit_search_is_scoped_filtered_and_paged,
            // --- Administration audited ---
            admin_audit::user_administration_is_audited_with_before_and_after,
            admin_audit::unit_administration_is_audited_with_before_and_after,
            admin_audit::refused_administration_writes_nothing,
            // --- Accounts: logins, sessions, second factor ---
            accounts::five_failures_within_the_window_lock_the_key,
            accounts::failures_older_than_the_window_do_not_count,
            accounts::clearing_failures_starts_the_count_again,
            accounts::password_history_keeps_the_newest_hashes,
            accounts::a_second_factor_is_stored_and_each_step_accepted_once,
            accounts::a_pending_session_completes_its_second_factor,
            accounts::users_list_and_end_only_their_own_sessions,
            // --- Daily sweep and job leases ---
            sweep::two_claimers_race_for_one_period_and_exactly_one_wins,
            sweep::an_expired_lease_is_taken_over_and_a_finished_period_never_runs_again,
            sweep::the_sweep_agrees_with_the_row_by_row_rules_and_runs_once_per_day,
            // --- Bulk histories: realistic data at scale ---
            bulk::bulk_histories_match_the_commands,
            bulk::deferred_indexes_are_kept_until_rebuilt,
            // --- Supervision dashboards (STAT-1) ---
            dashboard::dashboard_figures_equal_brute_force_counts_within_scope,
            // --- Periodic reports (STAT-1, D5) ---
            reports::reports_count_the_d5_rates_freeze_closed_periods_and_go_up_for_review,
            // --- Personal data sealed at rest ---
            sealed::ids_and_phones_are_found_by_the_blind_index_and_unique_across_units,
            sealed::rotation_reseals_every_row_and_reads_still_work,
            sealed::a_wrong_key_is_refused,
            // --- Issue 20: staff register, staffing and funding (STAFF-1..4, FUND-1) ---
            staff::the_staff_register_is_scoped_checked_and_audited,
            staff::the_staffing_report_counts_actual_persons_women_and_gaps,
            staff::funding_is_kept_in_fen_and_reported_against_the_rule,
            placement::placement_facilities_are_kept_per_district_and_count_their_persons,
            // --- INFO-1: import of legacy registers ---
            imports::an_import_is_planned_written_once_and_audited,
            imports::a_number_held_elsewhere_is_refused_without_naming_its_holder,
            imports::a_killed_import_resumes_where_it_stopped,
            // --- FAC-1, INSPECT-1: offices and inspections ---
            inspections::offices_are_one_per_unit_checked_photographed_and_reported,
            inspections::an_inspection_goes_from_plan_to_rectification_and_notice,
            // --- Partner departments (WEL-*, JOB-1, N7) ---
            support::partners_record_and_decide_in_scope_each_audited,
            support::housing_and_methadone_hardship_ask_for_their_preconditions,
            support::the_queues_and_the_employment_rate_follow_the_records,
            // --- Methadone clinics (MMT-1, N17) ---
            clinics::a_clinic_enrols_by_id_number_with_consent_and_sees_only_the_minimum,
            clinics::clinic_doses_tests_and_absences_reach_the_township_and_the_police_the_same_day,
            // --- Releases from compulsory isolation (CASE-1, CASE-2, N16) ---
            isolation::a_release_with_an_order_is_handed_over_received_and_linked_to_its_case,
            isolation::a_release_without_rehabilitation_is_a_quality_finding_until_a_case_is_opened,
            rehab_stays::a_stay_in_a_rehabilitation_centre_is_entered_and_left_jointly,
        );
    };
    (@cases $make:expr; $($module:ident :: $case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                // `$make` yields a guard that derefs to the store and cleans up on drop.
                let holder = $make;
                $crate::contract::$module::$case(&*holder).await;
            }
        )+
    };
}
