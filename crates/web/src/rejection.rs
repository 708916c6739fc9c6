//! Framework rejections — a query string, form or JSON body the extractors cannot read, a
//! body over the limit, a wrong method or content type, a timeout — come back from axum
//! and tower-http as English plain text that may name internal fields ("duplicate field
//! `unit_id`"). This layer turns every such answer into the application's own Chinese
//! error, an HTML page or JSON under `/api/`, keeping the status, so no input reaches
//! the user as a framework message. The application's own errors are
//! HTML or JSON and pass through untouched.

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError};
use crate::i18n::{Msg, msg};

/// The body of a JSON API call, or an explanation (a message) of why it cannot be read; the
/// parser's own English text (which names types and positions) is only logged.
pub fn json_body<T>(
    body: Result<axum::Json<T>, axum::extract::rejection::JsonRejection>,
) -> Result<T, ApiError> {
    use axum::extract::rejection::JsonRejection as R;
    body.map(|axum::Json(v)| v).map_err(|e| {
        tracing::debug!(rejection = %e.body_text(), "unreadable JSON body");
        let message = match e {
            R::JsonSyntaxError(_) => "request-json-syntax",
            R::JsonDataError(_) => "request-json-data",
            R::MissingJsonContentType(_) => "request-json-content-type",
            _ => "request-unreadable",
        };
        ApiError(AppError::BadRequest(msg(message)))
    })
}

/// The message for a framework rejection with this status.
pub fn rejection_message(status: StatusCode) -> Msg {
    msg(match status {
        StatusCode::METHOD_NOT_ALLOWED => "request-method-not-allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "request-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "request-unsupported-media-type",
        StatusCode::REQUEST_TIMEOUT => "request-timeout",
        StatusCode::UNPROCESSABLE_ENTITY => "request-unprocessable",
        _ => "request-malformed",
    })
}

/// Whether a response is a framework's rather than the application's: a client error
/// whose body is plain text or has no declared type.
fn is_framework_rejection(resp: &Response) -> bool {
    resp.status().is_client_error()
        && resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|ct| ct.starts_with("text/plain"))
}

pub async fn translate_rejections(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    if !is_framework_rejection(&resp) {
        return resp;
    }
    let status = resp.status();
    let error = AppError::BadRequest(rejection_message(status));
    let mut translated = if api {
        ApiError(error).into_response()
    } else {
        error.into_response()
    };
    *translated.status_mut() = status;
    translated
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::post;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    #[derive(serde::Deserialize)]
    struct Form {
        #[allow(dead_code)]
        n: i64,
    }

    async fn send(path: &str, body: &str) -> (StatusCode, String, String) {
        let app = Router::new()
            .route("/form", post(|_: axum::Form<Form>| async { "ok" }))
            .route("/api/v1/form", post(|_: axum::Form<Form>| async { "ok" }))
            .layer(axum::middleware::from_fn(translate_rejections));
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap();
        let resp = app.oneshot(req).await.unwrap();
        let status = resp.status();
        let ct = resp.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (status, ct, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_form_the_extractor_cannot_read_is_explained_in_chinese() {
        let (status, ct, body) = send("/form", "n=abc").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(ct.starts_with("text/html"), "{ct}");
        assert!(body.contains("提交的内容格式有误"), "{body}");
        assert!(!body.contains("deserialize"), "{body}");
    }

    #[tokio::test]
    async fn under_the_api_the_explanation_is_json() {
        let (status, ct, body) = send("/api/v1/form", "n=1&n=2").await;
        assert!(status.is_client_error());
        assert!(ct.starts_with("application/json"), "{ct}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["error"]["code"], "bad_request");
        assert!(!body.contains("duplicate"), "{body}");
    }

    #[tokio::test]
    async fn the_applications_own_answers_pass_untouched() {
        let (status, _, body) = send("/form", "n=5").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok");
    }
}
