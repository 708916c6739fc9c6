//! Logging in and out, the second factor, one's own account and sessions, and the
//! administration of units, users and the calendar.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::{api, assets, pages};

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t.get("/healthz", Public, api::health::healthz)
        .get("/assets/app.css", Public, assets::stylesheet)
        // The 中文 / English switch (a link; sets the `lang` cookie).
        .get("/lang", Public, crate::i18n::switch)
        .get("/login", Public, pages::login::show)
        .post("/login", Public, pages::login::submit)
        .post("/logout", AnySession, pages::login::logout)
        // --- Accounts: second factor, own sessions ---
        .get("/login/totp", AnySession, pages::second_factor::show)
        .post("/login/totp", AnySession, pages::second_factor::submit)
        .get("/account/totp", Enrolment, pages::totp::show)
        .post("/account/totp/enable", Enrolment, pages::totp::enable)
        .post("/account/totp/disable", LoggedIn, pages::totp::disable)
        .get("/account/sessions", LoggedIn, pages::sessions::list)
        .post(
            "/account/sessions/revoke-others",
            LoggedIn,
            pages::sessions::revoke_others,
        )
        .post(
            "/account/sessions/{id}/revoke",
            LoggedIn,
            pages::sessions::revoke,
        )
        .post(
            "/users/{id}/reset-totp",
            Permission(Action::UsersManage),
            pages::users::reset_totp,
        )
        .get("/api/v1/sessions", LoggedIn, api::sessions::list)
        .post(
            "/api/v1/sessions/revoke-others",
            LoggedIn,
            api::sessions::revoke_others,
        )
        .post(
            "/api/v1/sessions/{id}/revoke",
            LoggedIn,
            api::sessions::revoke,
        )
        .get("/", LoggedIn, pages::home::show)
        .get("/account/password", PasswordChange, pages::account::show)
        .post("/account/password", PasswordChange, pages::account::submit)
        .get("/units", Permission(Action::UnitsRead), pages::units::list)
        .post(
            "/units",
            Permission(Action::UnitsManage),
            pages::units::create,
        )
        .post(
            "/units/{id}/rename",
            Permission(Action::UnitsManage),
            pages::units::rename,
        )
        .post(
            "/units/{id}/retire",
            Permission(Action::UnitsManage),
            pages::units::retire,
        )
        .get("/users", Permission(Action::UsersRead), pages::users::list)
        .post(
            "/users",
            Permission(Action::UsersManage),
            pages::users::create,
        )
        .post(
            "/users/{id}/disable",
            Permission(Action::UsersManage),
            pages::users::disable,
        )
        .post(
            "/users/{id}/enable",
            Permission(Action::UsersManage),
            pages::users::enable,
        )
        // The confirmation page before 停用 / 重置密码 / 重置两步验证.
        .get(
            "/users/{id}/confirm",
            Permission(Action::UsersManage),
            pages::users::confirm,
        )
        .post(
            "/users/{id}/reset-password",
            Permission(Action::UsersManage),
            pages::users::reset_password,
        )
        .get(
            "/calendar",
            Permission(Action::CalendarManage),
            pages::calendar::show,
        )
        .post(
            "/calendar/import",
            Permission(Action::CalendarManage),
            pages::calendar::import,
        )
}
