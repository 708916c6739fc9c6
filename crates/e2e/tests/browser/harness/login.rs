//! Logging in (with the second factor where the role needs one) and out.

use super::*;

impl Browser {
    /// Log in through the login page and wait for the page that follows.
    pub async fn log_in(&self, username: &str, password: &str) {
        if !self.path().await.starts_with("/login") {
            self.goto("/login").await;
        }
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click_and_wait("form[action='/login'] button[type=submit]")
            .await;
        self.second_factor(username).await;
    }

    /// After the password, give the TOTP code — or, for a role that must
    /// use TOTP and has none yet, enrol first, reading the secret from the page as a user
    /// would type it into an authenticator app — and land on the home page.
    pub(super) async fn second_factor(&self, username: &str) {
        match self.path().await.as_str() {
            "/login/totp" => {
                let code = self.next_code(username).await;
                self.fill("#code", &code).await;
                self.click_and_wait("form[action='/login/totp'] button[type=submit]")
                    .await;
            }
            "/account/totp" => {
                let secret = self
                    .find("input[name=secret]")
                    .await
                    .attr("value")
                    .await
                    .expect("read the secret")
                    .expect("the enrolment page shows a secret");
                let step = now_step();
                let code = code_at(&secret, step * 30).expect("a code of the secret");
                self.fill("#code", &code).await;
                self.click_and_wait("form[action='/account/totp/enable'] button[type=submit]")
                    .await;
                assert!(
                    self.text().await.contains("两步验证已启用"),
                    "{username} enrolled TOTP"
                );
                self.site
                    .secrets
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(username.to_owned(), (secret, step));
                self.goto("/").await;
            }
            _ => {}
        }
    }

    /// A code the server has not accepted yet: within one step of now and after the last
    /// step used, waiting for the next step if need be.
    pub(super) async fn next_code(&self, username: &str) -> String {
        loop {
            let (secret, last) = self
                .site
                .secrets
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(username)
                .cloned()
                .expect("the harness enrolled this user");
            let now = now_step();
            let step = now.saturating_sub(1).max(last + 1);
            if step <= now + 1 {
                self.site
                    .secrets
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(username.to_owned(), (secret.clone(), step));
                return code_at(&secret, step * 30).expect("a code of the secret");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }

    /// Log out with the header's button.
    pub async fn log_out(&self) {
        self.click_and_wait("form[action='/logout'] button[type=submit]")
            .await;
    }
}

/// The current TOTP step (RFC 6238, 30 s).
pub(super) fn now_step() -> u64 {
    unix_now() / 30
}
