//! INFO-1, import — the import page of township and district offices (`ImportRegisters`):
//! download the documented template, upload a register (multipart) and either try
//! it (a dry run: nothing written; a file with errors comes back as its annotated
//! copy, the reason beside each bad cell) or import it into one's own scope. The
//! import runs synchronously inside the request and answers with a result page
//! (files beyond the upload limit go through `jiekang import`, which shows a
//! progress bar).

use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use jiekang_domain::import::Sheet;
use jiekang_store::bulk::BulkActor;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::{Msg, filters, msg};
use crate::import::{Mode, Outcome, book, read, run, sha256};
use crate::state::AppState;

/// Reasons listed on the result page (the annotated copy holds them all).
const SHOWN_ERRORS: usize = 200;

struct ErrorLine {
    sheet: &'static str,
    line: usize,
    column: &'static str,
    reason: Msg,
}

struct ResultView {
    dry_run: bool,
    rows: u64,
    refused_rows: u64,
    persons: u64,
    orders: u64,
    records: u64,
    skipped: u64,
    import_id: Option<i64>,
    errors: Vec<ErrorLine>,
    more: usize,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    nav: Nav,
    result: Option<ResultView>,
    error: Option<Msg>,
    max_mb: usize,
}

fn page(
    state: &AppState,
    auth: &Authenticated,
    result: Option<ResultView>,
    error: Option<Msg>,
) -> Response {
    render(&ImportPage {
        nav: Nav::for_actor(&auth.actor, "/import"),
        result,
        error,
        max_mb: state.config.max_attachment_bytes / (1024 * 1024),
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Response {
    page(&state, &auth, None, None)
}

/// The documented template (no person data: not audited).
pub async fn template() -> Result<Response, AppError> {
    let bytes = book::template().map_err(|e| {
        tracing::error!(error = %e, "import template failed");
        AppError::Internal
    })?;
    Ok(crate::export::download(
        "jiekang-import-template.xlsx",
        bytes,
    ))
}

fn view(out: &Outcome, dry_run: bool) -> ResultView {
    let errors = out
        .errors
        .iter()
        .take(SHOWN_ERRORS)
        .map(|e| ErrorLine {
            sheet: e.sheet.name(),
            line: e.line,
            column: Sheet::columns(e.sheet)
                .get(e.column)
                .map_or("", |c| c.header),
            reason: Msg::recorded(e.reason.clone()),
        })
        .collect();
    let w = out.written.map(|w| w.written);
    ResultView {
        dry_run,
        rows: out.rows,
        refused_rows: out.refused_rows,
        persons: w.map_or(out.persons, |w| w.persons),
        orders: w.map_or(out.orders, |w| w.orders),
        records: w.map_or(0, |w| w.records),
        skipped: out.skipped,
        import_id: out.written.map(|w| w.import_id),
        errors,
        more: out.errors.len().saturating_sub(SHOWN_ERRORS),
    }
}

/// INFO-1, import — try or import an uploaded register in the user's own scope.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut mode = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let bad = AppError::BadRequest;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad(msg("case-upload-cannot-read")))?
    {
        match field.name() {
            Some("mode") => mode = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("台账").to_owned();
                let data = field
                    .bytes()
                    .await
                    .map_err(|_| bad(msg("case-file-too-large-or")))?;
                file = Some((name, data.to_vec()));
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Ok(page(
            &state,
            &auth,
            None,
            Some(msg("case-choose-file-upload")),
        ));
    };
    let name = jiekang_domain::text::clean_text(&name, 1, 120).unwrap_or_else(|_| "台账".into());
    let raw = match read::read(&bytes) {
        Ok(f) => f,
        Err(why) => {
            let page = page(&state, &auth, None, Some(Msg::recorded(why)));
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mode = match mode.trim() {
        "import" => Mode::Whole,
        "clean_rows" => Mode::CleanRows,
        _ => Mode::DryRun,
    };
    let actor = &auth.actor;
    let importer = BulkActor {
        user_id: actor.user_id,
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        role: actor.role,
        unit_id: actor.unit_id,
        unit_path: actor.scope.path().to_owned(),
    };
    let out = run(
        state.store.as_ref(),
        &actor.scope,
        &importer,
        &name,
        sha256(&bytes),
        raw,
        state.today(),
        mode,
        &|_, _| {},
    )
    .await?;
    if mode == Mode::DryRun {
        // the dry run read person data from the file: audited like an export
        crate::export::audit_export(
            &state,
            actor,
            "import.dry_run",
            "import",
            None,
            format!(
                "试导入历史台账 {name}:{} 行,{} 行有误",
                out.rows, out.refused_rows
            ),
        )
        .await?;
        if !out.errors.is_empty() {
            let bytes = out.report().map_err(|e| {
                tracing::error!(error = %e, "import report failed");
                AppError::Internal
            })?;
            return Ok(crate::export::download("jiekang-import-errors.xlsx", bytes));
        }
    }
    let status = if out.written.is_none() && mode != Mode::DryRun {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let view = view(&out, mode == Mode::DryRun);
    Ok((status, page(&state, &auth, Some(view), None)).into_response())
}
