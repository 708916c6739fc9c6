//! Administration through the pages is in the audit trail, and the
//! auditor of the administrator's subtree finds it, by action or by the 管理操作
//! category, labelled in Chinese and without any password or hash.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::Scope;

use crate::harness::{App, PASSWORD};

pub async fn an_auditor_finds_the_administration_of_their_subtree(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds.admin", Role::Admin).await;
    app.user(f.dongsheng.id, "ds.aud", Role::Auditor).await;
    app.user(f.dalate.id, "dl.aud", Role::Auditor).await;
    let admin = app.login("ds.admin", PASSWORD).await.ok().expect("login");
    let community = f.community_a.id.to_string();
    let created = app
        .post_form(
            "/users",
            &admin,
            &[
                ("username", "new.staff"),
                ("display_name", "新同事"),
                ("unit_id", community.as_str()),
                ("role", Role::CommunityStaff.code()),
                ("password", PASSWORD),
            ],
            true,
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let user = app
        .store
        .user_by_username(&Scope::system(), "new.staff")
        .await
        .expect("created");
    for action in ["disable", "reset-password"] {
        let r = app
            .post_form(&format!("/users/{}/{action}", user.id), &admin, &[], true)
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{action}: {}",
            r.body
        );
    }

    let aud = app.login("ds.aud", PASSWORD).await.ok().expect("login");
    let page = app.get("/audit?action=user.created", Some(&aud)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("符合条件 1 条"), "{}", page.body);
    assert!(page.body.contains("新建用户账号"), "labelled in Chinese");
    assert!(page.body.contains(">ds.admin<"), "who acted");
    assert!(page.body.contains("new.staff") && page.body.contains("新同事"));
    assert!(
        page.body.contains("value=\"admin\""),
        "the 管理操作 category is offered"
    );
    let all = app.get("/audit?action=admin", Some(&aud)).await;
    assert!(all.body.contains("符合条件 3 条"), "{}", all.body);
    assert!(all.body.contains("停用用户账号") && all.body.contains("重置用户密码"));
    assert!(!all.body.contains("$argon2"), "no hash on the page");

    let api = app.get("/api/v1/audit?action=admin", Some(&aud)).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    assert_eq!(v["total"], 3);
    let items = v["items"].as_array().expect("items");
    let actions: Vec<&str> = items.iter().filter_map(|i| i["action"].as_str()).collect();
    assert_eq!(
        actions,
        ["user.password_reset", "user.disabled", "user.created"],
        "newest first"
    );
    assert_eq!(items[2]["action_label"], "新建用户账号");
    assert_eq!(items[2]["username"], "ds.admin");
    assert_eq!(items[2]["object_id"], user.id);
    let detail: serde_json::Value =
        serde_json::from_str(items[2]["detail"].as_str().expect("detail")).expect("json");
    assert_eq!(detail["after"]["username"], "new.staff");
    assert_eq!(detail["after"]["role"], Role::CommunityStaff.code());
    assert!(!api.body.contains("argon2"), "no hash in the API");

    // 达拉特旗's auditor does not see 东胜区's administration
    let other = app.login("dl.aud", PASSWORD).await.ok().expect("login");
    let none = app.get("/api/v1/audit?action=admin", Some(&other)).await;
    assert!(none.body.contains("\"total\":0"), "{}", none.body);
}
