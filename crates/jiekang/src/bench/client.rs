//! A browser-like HTTP/1.1 client over one keep-alive loopback connection: each
//! benchmark client owns one, as a browser tab does, and logs in through the login
//! page with its CSRF token and, where the role needs it, the TOTP step.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use jiekang_domain::second_factor::{STEP_SECONDS, step_of};
use jiekang_web::auth::session::{LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use jiekang_web::auth::totp::{code_at, unix_now};

/// A request that takes longer than this is an error (the server's own limit is 30 s).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// One response, read to its end.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The value a `Set-Cookie` header of this response gives `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| n.trim() == name)
            .map(|(_, v)| v.trim().to_owned())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The value of a hidden form field (`name="…" value="…"`) in a page.
pub fn hidden(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')?;
    Some(page[start..start + end].to_owned())
}

/// One keep-alive connection to the server; reconnects when the server closed it.
pub struct Http {
    addr: SocketAddr,
    host: HeaderValue,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Http {
    pub fn new(addr: SocketAddr) -> Self {
        let host = HeaderValue::from_str(&addr.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("127.0.0.1"));
        Self {
            addr,
            host,
            sender: None,
        }
    }

    async fn connect(&mut self) -> Result<&mut SendRequest<Full<Bytes>>, String> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            let stream = tokio::net::TcpStream::connect(self.addr)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            let (sender, connection) = http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| format!("handshake: {e}"))?;
            tokio::spawn(async move {
                // ends when the connection closes; errors surface on the next request
                let _ = connection.await;
            });
            self.sender = Some(sender);
        }
        self.sender
            .as_mut()
            .ok_or_else(|| "no connection".to_owned())
    }

    /// Send one request and read the whole response. `form` makes it a form POST.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: Option<String>,
    ) -> Result<Reply, String> {
        let host = self.host.clone();
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, host);
        if let Some(c) = cookie {
            builder = builder.header(header::COOKIE, c);
        }
        let body = match form {
            Some(f) => {
                builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Full::new(Bytes::from(f))
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder.body(body).map_err(|e| e.to_string())?;
        let exchange = async {
            let sender = self.connect().await?;
            sender
                .ready()
                .await
                .map_err(|e| format!("connection: {e}"))?;
            let response = sender
                .send_request(request)
                .await
                .map_err(|e| format!("request: {e}"))?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| format!("body: {e}"))?
                .to_bytes();
            Ok(Reply {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(e)) => {
                self.sender = None;
                Err(e)
            }
            Err(_) => {
                self.sender = None;
                Err(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))
            }
        }
    }

    pub async fn get(&mut self, path: &str, cookie: Option<&str>) -> Result<Reply, String> {
        self.send(Method::GET, path, cookie, None).await
    }

    pub async fn post(&mut self, path: &str, cookie: &str, form: String) -> Result<Reply, String> {
        self.send(Method::POST, path, Some(cookie), Some(form))
            .await
    }
}

/// A logged-in session: the cookie to send and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

fn form(pairs: &[(&str, &str)]) -> Result<String, String> {
    serde_urlencoded::to_string(pairs).map_err(|e| e.to_string())
}

/// Log in through the pages as a browser does: the login form with its double-submit
/// CSRF token, then the TOTP code page when the account has a second factor (the code
/// computed from the secret the benchmark enrolled), then the home page for the
/// session's CSRF token.
pub async fn login(
    http: &mut Http,
    username: &str,
    password: &str,
    totp_secret: Option<&str>,
) -> Result<Session, String> {
    let page = http.get("/login", None).await?;
    let login_csrf = page
        .cookie(LOGIN_CSRF_COOKIE)
        .ok_or("登录页没有 CSRF cookie (no login CSRF cookie)")?;
    let done = http
        .post(
            "/login",
            &format!("{LOGIN_CSRF_COOKIE}={login_csrf}"),
            form(&[
                ("username", username),
                ("password", password),
                ("csrf_token", &login_csrf),
            ])?,
        )
        .await?;
    if done.status != StatusCode::SEE_OTHER {
        return Err(format!(
            "{username}: 登录失败 (login refused): {}",
            done.status
        ));
    }
    let token = done
        .cookie(SESSION_COOKIE)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| format!("{username}: no session cookie"))?;
    let mut cookie = format!("{SESSION_COOKIE}={token}");
    if done.location() == Some("/login/totp") {
        let secret = totp_secret.ok_or_else(|| format!("{username}: 需要验证码但没有密钥"))?;
        let page = http.get("/login/totp", Some(&cookie)).await?;
        let csrf = hidden(&page.text(), "csrf_token").ok_or("no CSRF token on the code page")?;
        let step = step_of(unix_now());
        let code = code_at(secret, step * STEP_SECONDS).ok_or("bad TOTP secret")?;
        let done = http
            .post(
                "/login/totp",
                &cookie,
                form(&[("code", &code), ("csrf_token", &csrf)])?,
            )
            .await?;
        if done.status != StatusCode::SEE_OTHER || done.location() != Some("/") {
            return Err(format!(
                "{username}: 验证码未通过 (TOTP step refused): {} {}",
                done.status,
                done.text().chars().take(200).collect::<String>()
            ));
        }
        // The session id is renewed once the second factor passes: the old one is dead.
        let renewed = done
            .cookie(SESSION_COOKIE)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| format!("{username}: no renewed session cookie after the code"))?;
        cookie = format!("{SESSION_COOKIE}={renewed}");
    }
    let home = http.get("/", Some(&cookie)).await?;
    if home.status != StatusCode::OK {
        return Err(format!("{username}: home page answered {}", home.status));
    }
    let csrf = hidden(&home.text(), "csrf_token").ok_or("no CSRF token on the home page")?;
    Ok(Session { cookie, csrf })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_are_read_from_pages() {
        let page = r#"<form><input type="hidden" name="csrf_token" value="abc123"><input type="hidden" name="version" value="7"></form>"#;
        assert_eq!(hidden(page, "csrf_token").as_deref(), Some("abc123"));
        assert_eq!(hidden(page, "version").as_deref(), Some("7"));
        assert_eq!(hidden(page, "nothing"), None);
    }
}
