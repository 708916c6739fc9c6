//! INFO-2 质量倒查 through HTTP: the district sees the data-quality findings of its
//! townships with their lists and Excel, opens a 倒查 on a case, the township answers it
//! among its tasks, the district returns it with a reason and accepts the second answer;
//! the case page shows the finding.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::quality::QualityCutoffs;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, hidden, location};

pub async fn a_district_traces_a_finding_back_and_the_township_answers(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.dalate.id, "dl", Role::DistrictOffice).await;
    app.clock.set(day("2024-11-22"));
    // 张某 executing from 2024-10-08, with no work group on record
    let case = executing(&app, &f).await;
    let case_id = case.id.get();
    app.store
        .sweep_quality_cases(&QualityCutoffs::on(day("2024-11-20")), 1, i64::MAX)
        .await
        .expect("sweep");
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let dl = app.login("dl", PASSWORD).await.ok().expect("login");

    let overview = app.get("/quality", Some(&ds)).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(overview.body.contains("执行中未建工作小组"));
    assert!(
        overview
            .body
            .contains("/quality/findings?check=work_group_missing")
    );
    // the district's dashboard counts it and links the checks
    let dash = app.get("/dashboard", Some(&ds)).await;
    assert!(dash.body.contains("1 项待整改"), "{}", dash.body);
    assert!(dash.body.contains("href=\"/quality\""));
    // another district sees nothing of it
    let other = app.get("/quality", Some(&dl)).await;
    assert!(
        app.get("/dashboard", Some(&dl))
            .await
            .body
            .contains("0 项待整改")
    );
    assert!(
        !other.body.contains("/quality/findings?check="),
        "{}",
        other.body
    );
    let list = app
        .get("/quality/findings?check=work_group_missing", Some(&ds))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("张某"), "{}", list.body);
    assert!(
        !app.get("/quality/findings?check=work_group_missing", Some(&dl))
            .await
            .body
            .contains("张某")
    );
    let (status, xlsx) = app
        .get_bytes(
            "/quality/findings/export.xlsx?check=work_group_missing",
            &ds,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"), "an xlsx file");

    // the case page names the finding and offers the trace-back to the district only
    let page = app.get(&format!("/cases/{case_id}"), Some(&jt)).await;
    assert!(page.body.contains("执行中未建工作小组"), "{}", page.body);
    assert!(!page.body.contains("/trace-back\""));
    let page = app.get(&format!("/cases/{case_id}"), Some(&ds)).await;
    assert!(page.body.contains(&format!("/cases/{case_id}/trace-back")));

    // an empty question is refused in Chinese, nothing written
    let empty = app
        .post_form(
            &format!("/cases/{case_id}/trace-back"),
            &ds,
            &[("question", " "), ("due_on", "2024-11-30")],
            true,
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("请写明倒查的问题"), "{}", empty.body);
    let opened = app
        .post_form(
            &format!("/cases/{case_id}/trace-back"),
            &ds,
            &[
                ("question", "为何执行一个多月仍未建立工作小组?"),
                ("due_on", "2024-11-30"),
            ],
            true,
        )
        .await;
    let to = location(&opened).expect("redirect").to_owned();
    assert!(to.starts_with("/quality/trace-backs/"), "{to}");
    let task_id = to.rsplit('/').next().expect("id").to_owned();

    // the township answers among its tasks
    let tasks = app.get("/tasks", Some(&jt)).await;
    assert!(tasks.body.contains("质量倒查"), "{}", tasks.body);
    let task = app.get(&format!("/tasks/{task_id}"), Some(&jt)).await;
    assert!(task.body.contains("为何执行一个多月仍未建立工作小组"));
    let answer = |version: String, text: &'static str| {
        let app = &app;
        let jt = &jt;
        let task_id = task_id.clone();
        async move {
            app.post_form(
                &format!("/tasks/{task_id}/answer"),
                jt,
                &[
                    ("version", version.as_str()),
                    ("answer", text),
                    ("answered_on", "2024-11-22"),
                ],
                true,
            )
            .await
        }
    };
    let version = hidden(&task.body, "version").expect("version");
    let answered = answer(version, "已补建工作小组。").await;
    assert!(location(&answered).is_some(), "{}", answered.body);

    // the district returns it: a reason is needed
    let review = app
        .get(&format!("/quality/trace-backs/{task_id}"), Some(&ds))
        .await;
    assert!(review.body.contains("已补建工作小组"), "{}", review.body);
    let version = hidden(&review.body, "version").expect("version");
    let no_reason = app
        .post_form(
            &format!("/quality/trace-backs/{task_id}/review"),
            &ds,
            &[
                ("version", version.as_str()),
                ("decision", "return"),
                ("note", ""),
            ],
            true,
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains("退回须写明理由"),
        "{}",
        no_reason.body
    );
    let returned = app
        .post_form(
            &format!("/quality/trace-backs/{task_id}/review"),
            &ds,
            &[
                ("version", version.as_str()),
                ("decision", "return"),
                ("note", "请写明成员"),
            ],
            true,
        )
        .await;
    assert!(location(&returned).is_some(), "{}", returned.body);
    let task = app.get(&format!("/tasks/{task_id}"), Some(&jt)).await;
    assert!(task.body.contains("请写明成员"), "{}", task.body);
    let version = hidden(&task.body, "version").expect("version");
    answer(version, "成员:李干事、王警官、家属张父。").await;
    let review = app
        .get(&format!("/quality/trace-backs/{task_id}"), Some(&ds))
        .await;
    let version = hidden(&review.body, "version").expect("version");
    app.post_form(
        &format!("/quality/trace-backs/{task_id}/review"),
        &ds,
        &[("version", version.as_str()), ("decision", "accept")],
        true,
    )
    .await;
    let done = app
        .get(&format!("/quality/trace-backs/{task_id}"), Some(&ds))
        .await;
    assert!(done.body.contains("已办结"), "{}", done.body);
    assert!(
        !done.body.contains("/review\""),
        "no review form once closed"
    );
    let listed = app.get("/quality/trace-backs", Some(&ds)).await;
    assert!(listed.body.contains("张某"));
    // another district never sees it
    let hidden_from = app
        .get(&format!("/quality/trace-backs/{task_id}"), Some(&dl))
        .await;
    assert_eq!(hidden_from.status, StatusCode::NOT_FOUND);
}
