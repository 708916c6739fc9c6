//! The client address of the request being served, for the audit trail (GB/T 22239).
//! The web layer runs each request inside [`scope`]; every record built with
//! [`crate::model::AuditEntry::of_object`] — the ones the store writes itself in the
//! transaction of a change or a read — takes the address from here, so no store method
//! needs a client parameter. Outside a request (command line, background sweep) the
//! address is empty.
//!
//! A task-local value follows the request's future, not a thread, so it is right on a
//! multi-threaded runtime. Records must be built inside the request's task (they are:
//! the store builds them in its async methods before any hand-over to a writer task).

use std::future::Future;

tokio::task_local! {
    static CLIENT: String;
}

/// Run `f` with `client` as the audited client address.
pub async fn scope<F: Future>(client: String, f: F) -> F::Output {
    CLIENT.scope(client, f).await
}

/// The client address of the current request; empty outside one.
pub fn current() -> String {
    CLIENT.try_with(Clone::clone).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_address_is_known_inside_the_scope_only() {
        assert_eq!(current(), "");
        let inside = scope("203.0.113.7".into(), async {
            tokio::task::yield_now().await;
            current()
        })
        .await;
        assert_eq!(inside, "203.0.113.7");
        assert_eq!(current(), "");
    }
}
