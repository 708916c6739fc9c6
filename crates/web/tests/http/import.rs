//! INFO-1 import through the router: a township office downloads the template, tries a
//! register (a clean dry run answers with a page; a bad one with the annotated copy),
//! imports it into its own scope and imports it again (nothing added); a community
//! worker cannot reach the page.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Days;
use jiekang_domain::id_number::check_character;
use jiekang_domain::permission::Role;

use crate::harness::{App, PASSWORD, Resp, Session};

fn id(seq: u32) -> String {
    let first17 = format!("15060219880807{seq:03}");
    format!("{first17}{}", check_character(&first17).expect("check"))
}

async fn upload(app: &App, s: &Session, mode: &str, csv: &str) -> Resp {
    let boundary = "import-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\n{mode}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"台账.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let req = Request::post(format!("/import?csrf_token={}", s.csrf))
        .header(header::COOKIE, s.cookie())
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

pub async fn a_township_tries_and_imports_a_register_once(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt.office", Role::TownshipOffice)
        .await;
    app.user(f.community_a.id, "jt.worker", Role::CommunityStaff)
        .await;
    let jt = app.login("jt.office", PASSWORD).await.ok().expect("login");
    let worker = app.login("jt.worker", PASSWORD).await.ok().expect("login");
    assert_eq!(
        app.get("/import", Some(&worker)).await.status,
        StatusCode::FORBIDDEN
    );
    let page = app.get("/import", Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("下载导入模板"), "{}", page.body);
    let (status, template) = app.get_bytes("/import/template.xlsx", &jt).await;
    assert_eq!(status, StatusCode::OK);
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(template)).expect("xlsx");
        let names = book.sheet_names();
        assert_eq!(names, ["人员", "决定", "检测谈话", "填写说明"]);
        let notes = book.worksheet_range("填写说明").expect("notes");
        assert!(notes.rows().count() > 20, "every column is explained");
    }

    let today = jiekang_domain::clock::beijing_date(chrono::Utc::now());
    let ago = |d: u64| (today - Days::new(d)).to_string();
    let c = &f.community_a.code;
    let csv = format!(
        "身份证号码,姓名,所属单位代码\n{},张一,{c}\n\
         身份证号码,执行地单位代码,措施,决定期限(年),决定机关,决定书文号,决定日期,送达日期,通知日期,报到日期,协议日期,解除日期\n\
         {},{c},社区戒毒,,东胜分局,X1,{},{},{},{},{},\n\
         身份证号码,决定书文号,类别,日期,结果或方式,检测人或谈话人,第二检测人,备注\n\
         {},X1,检测,{},阴性,李强,王芳,\n",
        id(1),
        id(1),
        ago(90),
        ago(90),
        ago(88),
        ago(85),
        ago(85),
        id(1),
        ago(70),
    );
    let dry = upload(&app, &jt, "dry_run", &csv).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(dry.body.contains("试导入完成"), "{}", dry.body);

    // a bad cell: the annotated copy comes back, nothing is written
    let bad = csv.replace(
        &format!("{},张一", id(1)),
        &format!("{}X,张一", &id(1)[..17]),
    );
    let annotated = upload(&app, &jt, "dry_run", &bad).await;
    assert_eq!(annotated.status, StatusCode::OK);
    assert!(
        annotated
            .headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.to_str().unwrap_or("").contains("spreadsheetml")),
        "the annotated copy is a workbook"
    );
    let refused = upload(&app, &jt, "import", &bad).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("未写入任何数据"), "{}", refused.body);

    let done = upload(&app, &jt, "import", &csv).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("导入完成"), "{}", done.body);
    let persons = app.get("/persons", Some(&jt)).await;
    assert!(persons.body.contains("张一"), "{}", persons.body);
    let again = upload(&app, &jt, "import", &csv).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(again.body.contains("导入完成"), "{}", again.body);
}
