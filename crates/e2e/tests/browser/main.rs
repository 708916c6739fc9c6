//! Real-browser journeys through the pages that exist today, each at an office-PC size and a
//! phone size. Every page visited is checked by [`harness::Browser::page`] and screenshotted
//! under `target/e2e/`.

mod care;
mod case_work;
mod clinic;
mod documents;
mod harness;
// CASE-1, CASE-2, N16: releases from compulsory isolation
mod isolation;
// FAC-1, INSPECT-1: offices and inspections
mod inspections;
mod journeys;
// staffing, staff register, funding (STAFF-1..4, FUND-1)
mod org;
// BASE-1: placement bases and points
mod placement;
mod quality;
mod reports;
mod support;

use harness::Size;

/// One test per size for each journey `fn(Size)` of a module.
macro_rules! at_both_sizes {
    ($module:ident: $($journey:ident),* $(,)?) => {$(
        mod $journey {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn desktop() {
                $module::$journey(Size::Desktop).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn phone() {
                $module::$journey(Size::Phone).await;
            }
        }
    )*};
}

at_both_sizes!(journeys:
    every_role_lands_on_its_home_and_logs_out,
    register_a_person_and_find_them_masked_in_the_list,
    an_invalid_id_number_is_refused_with_nothing_written,
    admin_creates_a_unit_and_a_user_who_then_logs_in,
    registration_works_with_javascript_switched_off,
);

// Case work.
at_both_sizes!(case_work:
    a_decision_is_recorded_handed_over_reported_and_agreed,
    a_drug_test_is_recorded_and_counted,
    a_transfer_is_requested_and_accepted_by_the_other_township,
    an_absconded_person_is_searched_for_and_returns,
    a_work_queue_is_exported_to_excel,
    // The English switch.
    switch_to_english_and_back,
);

// Risk classes and caseloads (CASE-7, D6, N6).
at_both_sizes!(care:
    a_worker_is_named_finds_the_person_and_assesses_the_class,
);
// Methadone clinics (MMT-1, N17).
at_both_sizes!(clinic:
    a_nurse_enrols_a_person_and_records_the_dose,
);
// Releases from compulsory isolation (CASE-1, CASE-2, N16).
at_both_sizes!(isolation:
    the_centre_hands_a_release_over_and_the_township_receives_it,
);
// Periodic reports and printed documents.
at_both_sizes!(reports:
    a_district_reads_the_report_and_returns_a_township_submission,
);
at_both_sizes!(documents:
    documents_are_printed_without_planned_test_dates,
);
// The work system (staffing, staff register, funding: STAFF-1..4, FUND-1).
at_both_sizes!(org:
    a_district_registers_staff_and_reads_staffing_and_funding,
);
// BASE-1: placement bases and points.
at_both_sizes!(placement:
    a_district_registers_its_placement_point_and_meets_the_rule,
);
// INFO-2 质量倒查.
at_both_sizes!(quality:
    a_district_traces_a_case_back_and_the_township_answers,
);
// The partner departments (WEL-*, JOB-1, N7).
at_both_sizes!(support:
    partners_record_welfare_jobs_and_services_on_the_case,
);

/// The page checks are not vacuous: on a page that is too wide, carries a script and throws,
/// each check reports its problem.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_checks_catch_a_bad_page() {
    journeys::the_page_checks_catch_a_bad_page(Size::Phone).await;
}

// FAC-1, INSPECT-1: offices and inspections.
at_both_sizes!(inspections:
    a_district_inspects_and_the_township_sees_the_rectification,
);
