//! Work queues per role: one page, one tab per queue, each paged by
//! keyset, filterable by unit, and exported to Excel.

use crate::i18n::filters;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use jiekang_store::Scope;
use jiekang_store::cases::{QueueCursor, QueueItem, QueueKind};
use jiekang_store::model::Actor;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;
use crate::unit_picker::{UnitPicker, UnitTree};

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct QueueQuery {
    pub q: String,
    pub after: String,
    /// Only this unit's subtree (inside the actor's scope): as the unit picker sends
    /// it (its code, its full path ending in the code, a unique name), or its id.
    pub unit_id: String,
}

impl QueueQuery {
    fn kind(&self, fallback: QueueKind) -> QueueKind {
        QueueKind::parse(self.q.trim()).unwrap_or(fallback)
    }

    /// The actor's scope, narrowed to the chosen unit's subtree, and the filter's
    /// picker (the units of the actor's scope, any level). Text the picker does not
    /// know is a clear 400; a number it does not know is read as an id, as links of
    /// before carry it, and outside the scope answers like a missing unit (404, ORG-3).
    /// The filter is then kept in the links by the unit's code.
    async fn scope(
        &mut self,
        state: &AppState,
        actor: &Actor,
        tree: &UnitTree,
    ) -> Result<(Scope, UnitPicker), AppError> {
        let text = self.unit_id.trim().to_owned();
        let picker = tree.picker(|u| actor.scope.contains(&u.path), &text);
        if text.is_empty() {
            return Ok((actor.scope.clone(), picker));
        }
        match picker.resolve(&text) {
            Ok(c) => {
                let unit = state.store.unit(&actor.scope, c.id).await?;
                self.unit_id = c.code.clone();
                Ok((Scope::of_unit(unit.id, unit.path), picker))
            }
            Err(why) => match text.parse::<i64>() {
                // an id, as links of before carry it
                Ok(id) => {
                    let unit = state.store.unit(&actor.scope, id).await?;
                    Ok((Scope::of_unit(unit.id, unit.path), picker))
                }
                Err(_) => Err(AppError::BadRequest(why)),
            },
        }
    }

    /// The query string of a link to queue `kind` with the same unit filter.
    pub fn link(&self, kind: &QueueKind) -> String {
        serde_urlencoded::to_string([("q", kind.code()), ("unit_id", self.unit_id.trim())])
            .unwrap_or_default()
    }
}

/// The queues shown to a role: its own first, then the rest.
pub fn queues_for(role: jiekang_domain::permission::Role) -> Vec<QueueKind> {
    let mine = QueueKind::for_role(role);
    let mut all: Vec<QueueKind> = mine.to_vec();
    all.extend(QueueKind::ALL.iter().filter(|k| !mine.contains(k)));
    all
}

#[derive(Template)]
#[template(path = "queues.html")]
struct QueuesPage {
    nav: Nav,
    tabs: Vec<(QueueKind, i64)>,
    /// When the day-dependent tab counts were taken, if not now (`QueueCounts::as_of`).
    counted_at: Option<String>,
    kind: QueueKind,
    items: Vec<QueueItem>,
    next: Option<String>,
    today: chrono::NaiveDate,
    /// The unit filter (`macros/unit.html`).
    unit_picker: UnitPicker,
    query: QueueQuery,
    /// N18: ages (周岁) by row key, shown instead of any birth date.
    ages: std::collections::HashMap<i64, String>,
}

impl QueuesPage {
    /// The unit filter has no error of its own (an unknown unit is a 400 page).
    fn no_error(&self) -> Option<&crate::i18n::Msg> {
        None
    }

    fn age(&self, item: &QueueItem) -> &str {
        self.ages.get(&item.key).map_or("", String::as_str)
    }

    fn late(&self, item: &QueueItem) -> bool {
        matches!(
            self.kind,
            QueueKind::TestsOverdue
                | QueueKind::NotReported
                | QueueKind::TalksDue
                | QueueKind::Expiring
                | QueueKind::ReportOverdue
        ) && item.due_on < self.today
            || self.kind == QueueKind::HandoversLate
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(mut query): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let kinds = queues_for(actor.role);
    let kind = query.kind(kinds[0]);
    // every unit, to name the filter's units by their full paths
    let tree = state.unit_tree().await?;
    let (scope, unit_picker) = query.scope(&state, actor, &tree).await?;
    let after = QueueCursor::decode(query.after.trim());
    // independent reads, side by side: on a database server each is a round trip
    let (counts, page) = tokio::try_join!(
        state.store.queue_counts(&scope, &kinds, today),
        state.store.queue(&scope, kind, today, after, 50),
    )?;
    let counted_at = counts.as_of.map(super::audit::local_time);
    let tabs: Vec<(QueueKind, i64)> = kinds.into_iter().zip(counts.counts).collect();
    let ages = page
        .items
        .iter()
        .map(|i| (i.key, state.age_text(i.birth_date)))
        .collect();
    Ok(render(&QueuesPage {
        nav: Nav::for_actor(actor, "/queues"),
        tabs,
        counted_at,
        kind,
        items: page.items,
        next: page.next,
        today,
        unit_picker,
        query,
        ages,
    })
    .into_response())
}

/// `GET /queues/export.xlsx?q=…`: the whole queue as Excel, ID numbers masked, audited.
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(mut query): Query<QueueQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    // A queue export lists persons: it counts against the per-user search limit.
    state.search_allowed(actor.user_id)?;
    let today = state.today();
    let kind = query.kind(queues_for(actor.role)[0]);
    let tree = state.unit_tree().await?;
    let (scope, _) = query.scope(&state, actor, &tree).await?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut after = None;
    loop {
        let page = state.store.queue(&scope, kind, today, after, 500).await?;
        rows.extend(page.items.iter().map(|i| {
            vec![
                Cell::from(i.person_name.as_str()),
                Cell::from(i.id_number_masked.as_str()),
                Cell::from(state.age(i.birth_date)),
                Cell::from(i.unit_name.as_str()),
                Cell::from(i.state_label()),
                Cell::from(i.due_on),
            ]
        }));
        match page.next.as_deref().and_then(QueueCursor::decode) {
            Some(next) if rows.len() < MAX_ROWS => after = Some(next),
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let bytes = workbook(
        // Excel refuses some characters in sheet names
        &kind.label_zh().replace('/', "、"),
        &Title::now(format!("{}({today})", kind.label_zh()), actor),
        &[
            "姓名",
            "证件号码",
            "年龄",
            "执行地",
            "状态",
            kind.due_label(),
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "queue.export",
        "queue",
        None,
        format!("{} {} rows", kind.code(), rows.len()),
    )
    .await?;
    let name = format!("{}-{}.xlsx", kind.code(), today.format("%Y%m%d"));
    Ok(download(&name, bytes))
}
