//! Case attachments: upload (recognised by content) and download.

use super::*;

/// What an upload's bytes are, by their first bytes (never by name or declared type).
fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// INFO-1 — upload a scanned decision, agreement or notice.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let max = state.config.max_attachment_bytes;
    let mut kind = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let bad = AppError::BadRequest;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad(msg("case-upload-cannot-read")))?
    {
        match field.name() {
            Some("kind") => {
                kind = field
                    .text()
                    .await
                    .map_err(|_| bad(msg("case-attachment-kind-cannot-read")))?
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("附件").to_owned();
                let data = field
                    .bytes()
                    .await
                    .map_err(|_| bad(msg("case-file-too-large-or")))?;
                file = Some((name, data.to_vec()));
            }
            _ => {}
        }
    }
    let (name, data) = file.ok_or_else(|| bad(msg("case-choose-file-upload")))?;
    if data.is_empty() {
        return Err(bad(msg("case-file-empty")));
    }
    if data.len() > max {
        return Err(bad(
            msg("case-file-too-large").arg("max", max / (1024 * 1024))
        ));
    }
    let content_type = sniff(&data).ok_or_else(|| bad(msg("case-only-pdf-jpeg-or")))?;
    let kind = match kind.trim() {
        "decision" | "agreement" | "notice" | "other" => kind.trim().to_owned(),
        _ => "other".to_owned(),
    };
    let file_name: String =
        jiekang_domain::text::clean_text(&name, 1, 120).unwrap_or_else(|_| "附件".to_owned());
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&data))
    };
    let actor = &auth.actor;
    state
        .store
        .add_attachment(
            &actor.scope,
            actor.user_id,
            id,
            &NewAttachment {
                kind,
                file_name,
                content_type: content_type.to_owned(),
                sha256,
                data,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/cases/{id}#attachments")).into_response())
}

/// An attachment's bytes, in scope only, audited; served as a download with the
/// type it was checked to be.
pub async fn download(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let a = state
        .store
        .attachment(&actor.scope, actor.user_id, id)
        .await?;
    let content_type = HeaderValue::from_str(&a.meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    // Named with the extension of the detected type, whatever name it was uploaded with.
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"attachment-{id}.{}\"; filename*=UTF-8''{}",
        crate::download_name::extension(&a.meta.content_type),
        percent_encode(&crate::download_name::download_name(
            &a.meta.file_name,
            &a.meta.content_type
        ))
    ))
    .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        a.data,
    )
        .into_response())
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_recognised_by_content_not_by_name() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(
            percent_encode("决定书 1.pdf"),
            "%E5%86%B3%E5%AE%9A%E4%B9%A6%201.pdf"
        );
    }
}
