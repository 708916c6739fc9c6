//! The journeys: what a user of each role does with the pages that exist today.

use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::model::PersonFilter;

use crate::harness::{Browser, Console, PASSWORD, Scripts, Size, account, accounts, journey};

/// The ID number registered in the journeys (GB 11643, valid checksum), its masked form, and the
/// same number with a wrong check digit.
const ID_NUMBER: &str = "150602199001011238";
const ID_MASKED: &str = "150602********1238";
const ID_BAD_CHECKSUM: &str = "150602199001011239";
const NAME: &str = "张某";

/// The heading of each role's home page (ui.md, "Home page per role").
fn home_heading(role: Role) -> &'static str {
    match role {
        Role::CommunityStaff => "今日工作",
        Role::CommunityPolice => "社区民警工作台",
        Role::TownshipOffice => "乡镇(街道)办公室工作台",
        Role::DistrictOffice => "旗区概况",
        Role::CitySupervisor => "全市督导",
        Role::Auditor => "审计",
        Role::Admin => "系统管理",
        other => panic!("no home heading expected for {other:?}"),
    }
}

/// The main menu each role must see (DUTY-1), in this order, and what it must not: the
/// administrator and the auditor never see person data. Other entries may come with later
/// issues; every entry is opened and checked either way.
fn menu(role: Role) -> (&'static [&'static str], &'static [&'static str]) {
    match role {
        Role::TownshipOffice | Role::DistrictOffice | Role::CitySupervisor => {
            (&["首页", "人员档案", "组织机构", "用户管理", "账户"], &[])
        }
        Role::CommunityStaff | Role::CommunityPolice => {
            (&["首页", "人员档案", "组织机构", "账户"], &["用户管理"])
        }
        Role::Admin | Role::Auditor => (&["首页", "组织机构", "用户管理", "账户"], &["人员档案"]),
        other => panic!("no menu expected for {other:?}"),
    }
}

/// `wanted` appear in `labels` in this order (other labels may sit between them).
fn in_order(labels: &[String], wanted: &[&str]) -> bool {
    let mut rest = labels.iter();
    wanted.iter().all(|w| rest.any(|l| l == w))
}

/// The unit each harness account belongs to, and how many units its scope holds
/// (鄂尔多斯市 7; 东胜区 4; 交通街道 2; 某社区 1).
fn unit_of(role: Role) -> (&'static str, usize) {
    match role {
        Role::Admin | Role::Auditor | Role::CitySupervisor => ("鄂尔多斯市", 7),
        Role::DistrictOffice => ("东胜区", 4),
        Role::TownshipOffice => ("交通街道", 2),
        Role::CommunityStaff | Role::CommunityPolice => ("某社区", 1),
        other => panic!("no unit expected for {other:?}"),
    }
}

/// Every role: log in, land on the role's own home page, open every entry of the menu, log out
/// and land on the login page, with the session really ended.
pub async fn every_role_lands_on_its_home_and_logs_out(size: Size) {
    journey("roles", size, Scripts::Enabled, |b| async move {
        b.goto("/login").await;
        b.page(
            "login",
            &["社区戒毒社区康复信息管理系统", "用户登录", "用户名", "密码"],
            Console::Clean,
        )
        .await;
        for acct in accounts() {
            let role = acct.role;
            let code = role.code();
            b.log_in(acct.username, PASSWORD).await;
            assert_eq!(b.path().await, "/", "{code} lands on the home page");
            assert_eq!(
                b.heading().await,
                home_heading(role),
                "{code}'s home heading"
            );
            let (unit, units) = unit_of(role);
            b.page(
                &format!("home-{code}"),
                &[
                    home_heading(role),
                    acct.display_name,
                    unit,
                    role.label_zh(),
                    "退出",
                ],
                Console::Clean,
            )
            .await;
            let (required, forbidden) = menu(role);
            let entries = b.links("nav.menu").await;
            let labels: Vec<String> = entries.iter().map(|(label, _)| label.clone()).collect();
            assert!(
                in_order(&labels, required)
                    && forbidden.iter().all(|f| !labels.iter().any(|l| l == f)),
                "{code}'s menu is {labels:?}; it must hold {required:?} and none of {forbidden:?}"
            );

            let units_count = format!("共 {units} 个单位");
            for (entry, href) in entries.iter().filter(|(_, href)| href != "/") {
                b.follow("nav.menu", entry).await;
                assert_eq!(&b.path().await, href, "{code}: the menu entry {entry}");
                let expected: Vec<&str> = match href.as_str() {
                    "/persons" => vec!["人员档案", "辖区共 0 人", "没有符合条件的人员"],
                    "/units" => vec!["组织机构", &units_count, unit],
                    "/users" => vec!["用户", acct.username],
                    "/account/password" => vec!["修改密码", "当前密码", "新密码"],
                    // A page of a later issue: the common checks only.
                    _ => vec![entry.as_str()],
                };
                let area = href.trim_matches('/').replace('/', "-");
                b.page(&format!("{code}-{area}"), &expected, Console::Clean)
                    .await;
                assert_eq!(
                    b.find("nav.menu a[aria-current=page]")
                        .await
                        .text()
                        .await
                        .expect("current menu entry"),
                    *entry,
                    "{code}: the menu marks the page shown"
                );
            }

            b.log_out().await;
            assert_eq!(b.path().await, "/login", "{code} lands on the login page");
            b.page("logged-out", &["用户登录"], Console::Clean).await;
            // The session is over: the home page sends the browser back to the login page.
            b.goto("/").await;
            assert_eq!(b.path().await, "/login", "{code}'s session has ended");
        }
    })
    .await;
}

/// Community staff register a person through the form, see the archive with the full ID
/// number, and find them in the list with the number masked.
pub async fn register_a_person_and_find_them_masked_in_the_list(size: Size) {
    journey("register", size, Scripts::Enabled, register_journey).await;
}

/// The same registration with the browser's JavaScript switched off: plain forms and links.
pub async fn registration_works_with_javascript_switched_off(size: Size) {
    journey("nojs", size, Scripts::Disabled, register_journey).await;
}

async fn register_journey(b: Browser) {
    let staff = account(Role::CommunityStaff);
    b.goto("/login").await;
    b.log_in(staff.username, PASSWORD).await;
    b.page("home", &["今日工作", "登记人员"], Console::Clean)
        .await;

    b.follow(".actions", "登记人员").await;
    assert_eq!(b.path().await, "/persons/new");
    b.page(
        "register-form",
        &[
            "登记人员",
            "姓名",
            "证件类型",
            "证件号码",
            "所属单位(执行地)",
        ],
        Console::Clean,
    )
    .await;
    // the unit picker sends the unit's code
    let community = b.site.fixture.community_a.code.clone();
    b.fill("#name", NAME).await;
    b.choose("#id_type", "resident_id").await;
    b.fill("#id_number", ID_NUMBER).await;
    b.choose("#unit_id", &community).await;
    b.click_and_wait("form[action='/persons/new'] button[type=submit]")
        .await;

    let path = b.path().await;
    assert!(
        path.starts_with("/persons/") && path["/persons/".len()..].parse::<i64>().is_ok(),
        "registration leads to the archive page, not {path}"
    );
    b.page(
        "archive",
        &[
            "社区戒毒社区康复人员管理档案",
            NAME,
            ID_NUMBER,
            "男",
            "1990年1月1日",
            "某社区",
            "本页的每次查阅都已记入审计日志",
        ],
        Console::Clean,
    )
    .await;

    b.follow("nav.menu", "人员档案").await;
    b.page(
        "persons",
        &["人员档案", "辖区共 1 人", NAME, ID_MASKED],
        Console::Clean,
    )
    .await;
    let source = b.client.source().await.expect("page source");
    assert!(
        !source.contains(ID_NUMBER),
        "the list must not carry the full ID number anywhere in the page"
    );

    // The filter stays in the URL, so the link can be shared. On a phone the filters are
    // folded away until opened; on a wider screen they are always shown.
    if b.size == Size::Phone {
        b.open_details("筛选").await;
    } else {
        // On a wide screen the stylesheet shows the closed <details>' content and hides its
        // summary (the screenshot shows the filters); WebDriver's rule that nothing inside a
        // closed <details> is displayed ignores that, so the test opens it as the page looks.
        b.client
            .execute(
                "document.querySelector('details.filter-box').open = true;",
                vec![],
            )
            .await
            .expect("open the filters");
    }
    b.fill("#f-id", ID_NUMBER).await;
    b.click_and_wait("form.filters button[type=submit]").await;
    let path = b.path().await;
    assert!(
        path.starts_with("/persons?") && path.contains(&format!("id_number={ID_NUMBER}")),
        "the filter is in the URL: {path}"
    );
    b.page("persons-filtered", &[NAME, ID_MASKED], Console::Clean)
        .await;
    b.follow("table.list", NAME).await;
    assert_eq!(b.heading().await, "社区戒毒社区康复人员管理档案");

    b.log_out().await;
    assert_eq!(b.path().await, "/login");
}

/// A wrong check digit: the form comes back with the Chinese message on the field and the
/// entered values kept, and nothing is written.
pub async fn an_invalid_id_number_is_refused_with_nothing_written(size: Size) {
    journey("invalid-id", size, Scripts::Enabled, |b| async move {
        let township = account(Role::TownshipOffice);
        b.goto("/login").await;
        b.log_in(township.username, PASSWORD).await;
        b.follow(".actions", "登记人员").await;
        b.page("register-form", &["登记人员"], Console::Clean).await;

        let jiaotong = b.site.fixture.jiaotong.code.clone();
        b.fill("#name", NAME).await;
        b.fill("#id_number", ID_BAD_CHECKSUM).await;
        b.choose("#unit_id", &jiaotong).await;
        b.click_and_wait("form[action='/persons/new'] button[type=submit]")
            .await;

        assert_eq!(b.path().await, "/persons/new", "the form comes back");
        b.page(
            "rejected",
            &["请更正下列标出的内容。", "校验码"],
            Console::RejectedWith(422),
        )
        .await;
        // The message sits under the ID number field.
        let message = b
            .find("#id_number + .field-error")
            .await
            .text()
            .await
            .expect("field message");
        assert!(
            message.contains("校验码"),
            "the ID number's message names the check digit: {message}"
        );
        let kept = |css: &'static str| {
            let b = b.clone();
            async move {
                b.find(css)
                    .await
                    .prop("value")
                    .await
                    .expect("field value")
                    .unwrap_or_default()
            }
        };
        assert_eq!(kept("#name").await, NAME, "the name is kept");
        assert_eq!(
            kept("#id_number").await,
            ID_BAD_CHECKSUM,
            "the number is kept"
        );
        assert_eq!(kept("#unit_id").await, jiaotong, "the unit is kept");

        let stored = b
            .site
            .store
            .count_persons(&Scope::system())
            .await
            .expect("count persons");
        assert_eq!(stored, 0, "nothing is written");
        let found = b
            .site
            .store
            .persons(
                &Scope::system(),
                &PersonFilter {
                    name_prefix: None,
                    id_number: Some(ID_BAD_CHECKSUM.into()),
                    unit_id: None,
                },
                jiekang_store::model::PageRequest::new(None, 10),
            )
            .await
            .expect("search persons");
        assert!(found.items.is_empty(), "no person with the rejected number");

        b.follow("nav.menu", "人员档案").await;
        b.page(
            "persons-empty",
            &["辖区共 0 人", "没有符合条件的人员"],
            Console::Clean,
        )
        .await;
    })
    .await;
}

/// The administrator creates a unit and a user through the forms; the new user logs in, must
/// set a password first, and then lands on their own home page.
pub async fn admin_creates_a_unit_and_a_user_who_then_logs_in(size: Size) {
    journey("admin", size, Scripts::Enabled, |b| async move {
        let admin = account(Role::Admin);
        b.goto("/login").await;
        b.log_in(admin.username, PASSWORD).await;
        b.page(
            "home",
            &["系统管理", "维护组织机构", "管理用户"],
            Console::Clean,
        )
        .await;

        b.follow(".actions", "维护组织机构").await;
        b.page(
            "units",
            &[
                "组织机构",
                "共 7 个单位",
                "新建下级单位",
                "交通街道",
                "150602001",
            ],
            Console::Clean,
        )
        .await;
        let jiaotong = b.site.fixture.jiaotong.code.clone();
        b.choose("#parent_id", &jiaotong).await;
        b.fill("#code", "150602001002").await;
        b.fill("#name", "幸福社区").await;
        b.click_and_wait("form[action='/units'] button[type=submit]")
            .await;
        assert_eq!(b.path().await, "/units");
        b.page(
            "units-created",
            &["共 8 个单位", "幸福社区", "150602001002"],
            Console::Clean,
        )
        .await;
        let units = b.site.store.units(&Scope::system()).await.expect("units");
        let created = units
            .iter()
            .find(|u| u.code == "150602001002")
            .expect("the new unit is stored");
        assert_eq!(created.name, "幸福社区");
        assert_eq!(created.parent_id, Some(b.site.fixture.jiaotong.id));

        b.follow("nav.menu", "用户管理").await;
        b.page(
            "users",
            &["用户", "新建用户", admin.username],
            Console::Clean,
        )
        .await;
        b.fill("#username", "xingfu.staff").await;
        b.fill("#display_name", "李新").await;
        b.choose("#unit_id", &created.code).await;
        b.choose("#role", Role::CommunityStaff.code()).await;
        b.fill("#password", "Initial-Pass-2024").await;
        b.click_and_wait("form[action='/users'] button[type=submit]")
            .await;
        assert_eq!(b.path().await, "/users");
        b.page(
            "users-created",
            &[
                "xingfu.staff",
                "李新",
                "幸福社区",
                "社区专职工作人员",
                "待改密码",
            ],
            Console::Clean,
        )
        .await;

        b.log_out().await;
        b.page("logged-out", &["用户登录"], Console::Clean).await;

        // The new user must set their own password before anything else.
        b.log_in("xingfu.staff", "Initial-Pass-2024").await;
        assert_eq!(b.path().await, "/account/password");
        b.page(
            "first-login",
            &["修改密码", "这是初始或重置后的密码"],
            Console::Clean,
        )
        .await;
        b.fill("#current", "Initial-Pass-2024").await;
        b.fill("#new_password", "Xingfu-Staff-2024!").await;
        b.fill("#confirm", "Xingfu-Staff-2024!").await;
        b.click_and_wait("form[action='/account/password'] button[type=submit]")
            .await;
        assert_eq!(
            b.path().await,
            "/login",
            "a new password means logging in again"
        );
        b.log_in("xingfu.staff", "Xingfu-Staff-2024!").await;
        assert_eq!(b.path().await, "/");
        b.page(
            "newcomer-home",
            &["今日工作", "李新", "幸福社区", "社区专职工作人员"],
            Console::Clean,
        )
        .await;
    })
    .await;
}

/// The checks find what they are meant to find: a page that is wider than the phone, carries a
/// script and throws an error is reported on all three counts.
pub async fn the_page_checks_catch_a_bad_page(size: Size) {
    journey("self-check", size, Scripts::Enabled, |b| async move {
        b.client
            .goto(
                "data:text/html;charset=utf-8,<!doctype html><meta name=viewport \
                 content='width=device-width, initial-scale=1'><main><h1>bad</h1>\
                 <div style='width:600px'>wide</div></main>\
                 <script>throw new Error('deliberate')</script>",
            )
            .await
            .expect("open the bad page");
        b.find("main h1").await;
        let problems = b.problems(Console::Clean).await;
        let all = problems.join("\n");
        assert_eq!(problems.len(), 3, "three problems expected, found:\n{all}");
        assert!(all.contains("<script>"), "{all}");
        assert!(all.contains("scrolls sideways"), "{all}");
        assert!(all.contains("deliberate"), "{all}");
    })
    .await;
}
