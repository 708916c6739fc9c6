//! TOTP second factor (issue #5 item 4; RFC 6238; GB/T 22239-2019 8.1.4.1 d): secrets,
//! code checks with one step of skew and a replay guard, and the enrolment QR code as
//! SVG drawn by the server (no script, no outside service).

use chrono::Utc;
use jiekang_domain::second_factor::{
    DIGITS, ISSUER, SECRET_BYTES, SKEW_STEPS, STEP_SECONDS, normalise_code,
};
use jiekang_store::model::{AuditEntry, LoginKey};
use rand::RngCore;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::error::AppError;
use crate::state::AppState;

/// Wrong or expired code.
pub const CODE_WRONG: &str = "验证码不正确或已过期";
/// A code already used (RFC 6238 §5.2).
pub const CODE_REPLAYED: &str = "该验证码已使用过,请等待验证器显示下一个验证码";

/// A fresh random secret, base32 (as authenticator apps expect it).
pub fn new_secret() -> String {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

/// The generator of a base32 secret; `None` if the text is not a usable secret.
pub fn generator(secret: &str, account: &str) -> Option<Totp> {
    let bytes = Secret::try_from_base32(secret.trim()).ok()?;
    // ':' separates issuer and account in otpauth URLs.
    let account: String = account.chars().filter(|c| *c != ':').collect();
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_skew(u16::from(SKEW_STEPS))
        .with_step_duration(STEP_SECONDS)
        .with_secret(bytes)
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .ok()
}

/// Seconds since 1970 now.
pub fn unix_now() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

/// The step whose code `input` is, within the skew of `now` (Unix seconds).
pub fn matching_step(secret: &str, input: &str, now: u64) -> Option<u64> {
    let code = normalise_code(input)?;
    generator(secret, "x")?.check(&code, now)
}

/// The code of a secret at a Unix time (tests and the browser harness compute codes so).
pub fn code_at(secret: &str, unix_seconds: u64) -> Option<String> {
    Some(generator(secret, "x")?.generate(unix_seconds).to_string())
}

/// The `otpauth://` URL an authenticator app scans.
pub fn otpauth_url(secret: &str, username: &str) -> Option<String> {
    generator(secret, username)?.to_url().ok()
}

/// The QR code of a URL as an inline SVG element (no XML prolog).
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].to_owned())
}

/// A secret split into groups of four for reading and typing.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Check a user's code at login: right code, fresh step. A wrong code counts as a failed
/// login against the account and the address (so codes cannot be guessed) and is audited.
pub async fn verify_login_code(
    state: &AppState,
    user_id: i64,
    username: &str,
    input: &str,
    client: &str,
) -> Result<(), AppError> {
    let Some(sf) = state.store.second_factor(user_id).await? else {
        return Err(AppError::BadRequest(CODE_WRONG.into()));
    };
    let step = matching_step(&sf.secret, input, unix_now());
    let accepted = match step {
        Some(step) => state.store.use_second_factor_step(user_id, step).await?,
        None => false,
    };
    if accepted {
        return Ok(());
    }
    let now = Utc::now();
    let replayed = step.is_some();
    state
        .store
        .audit(&AuditEntry {
            at: now,
            user_id: Some(user_id),
            username: username.to_owned(),
            action: if replayed {
                "totp.replayed"
            } else {
                "totp.failed"
            }
            .to_owned(),
            object_type: "session".to_owned(),
            object_id: None,
            person_id: None,
            detail: String::new(),
            client: client.to_owned(),
        })
        .await?;
    if let Some(msg) = super::login::count_failure(state, username, client, now).await? {
        return Err(AppError::Locked(msg));
    }
    Err(AppError::BadRequest(
        if replayed { CODE_REPLAYED } else { CODE_WRONG }.into(),
    ))
}

/// The lockout keys of a login attempt: the typed username, and the address if known.
pub fn login_keys(username: &str, client: &str) -> Vec<LoginKey> {
    let mut keys = vec![LoginKey::Account(username.to_owned())];
    if !client.is_empty() {
        keys.push(LoginKey::Address(client.to_owned()));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vector() {
        // RFC 6238 appendix B: secret "12345678901234567890", T = 59 → 94287082 (8 digits);
        // its last six digits are the 6-digit code.
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(matching_step(&secret, "287082", 59), Some(1));
        assert_eq!(matching_step(&secret, "287 082", 59 + 30), Some(1), "skew");
        assert_eq!(matching_step(&secret, "287082", 59 + 90), None);
        assert_eq!(matching_step(&secret, "abc", 59), None);
        assert_eq!(matching_step("not base32!", "287082", 59), None);
    }

    #[test]
    fn enrolment_material() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let url = otpauth_url(&secret, "ad:min").expect("url");
        assert!(url.starts_with("otpauth://totp/Jiekang:admin?"), "{url}");
        let svg = qr_svg(&url).expect("svg");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
