//! The application under test: a fresh SQLite store with one user per role.

use super::*;

/// A user the harness creates, one per role (the fixture's own users have no usable password).
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
}

/// Where each account sits in the fixture's tree.
#[derive(Debug, Clone, Copy)]
pub(super) enum Post {
    City,
    Dongsheng,
    Jiaotong,
    CommunityA,
    Gongyuan,
}

pub(super) const ACCOUNTS: [(Account, Post); 7] = [
    (
        acct("e2e.township", "赵建国", Role::TownshipOffice),
        Post::Jiaotong,
    ),
    (
        acct("e2e.district", "钱文华", Role::DistrictOffice),
        Post::Dongsheng,
    ),
    (
        acct("e2e.staff", "孙丽", Role::CommunityStaff),
        Post::CommunityA,
    ),
    (
        acct("e2e.police", "周强", Role::CommunityPolice),
        Post::CommunityA,
    ),
    (acct("e2e.admin", "吴敏", Role::Admin), Post::City),
    (acct("e2e.auditor", "郑伟", Role::Auditor), Post::City),
    (acct("e2e.city", "王芳", Role::CitySupervisor), Post::City),
];

pub(super) const fn acct(
    username: &'static str,
    display_name: &'static str,
    role: Role,
) -> Account {
    Account {
        username,
        display_name,
        role,
    }
}

/// A second township office, of 公园街道 (the fixture's other township): the receiving end of
/// a transfer. Not in [`accounts`], which holds one account per role.
pub const OTHER_TOWNSHIP: Account = acct("e2e.gongyuan", "冯晓东", Role::TownshipOffice);

/// A methadone clinic's nurse of 东胜区 (MMT-1); named to a clinic by the journey that
/// needs one. Not in [`accounts`].
pub const CLINIC: Account = acct("e2e.clinic", "何护士", Role::ClinicStaff);

/// The compulsory-isolation centre's clerk (CASE-2, N16), at the city. Not in [`accounts`].
pub const ISOLATION: Account = acct("e2e.isolation", "韩干事", Role::IsolationCentre);

/// The harness's account of a role.
pub fn account(role: Role) -> Account {
    ACCOUNTS
        .iter()
        .map(|(a, _)| *a)
        .find(|a| a.role == role)
        .unwrap_or_else(|| panic!("the harness creates no {role:?} account"))
}

/// Every account, in the order the role journey logs in.
pub fn accounts() -> impl Iterator<Item = Account> {
    ACCOUNTS.iter().map(|(a, _)| *a)
}

/// The application, served on 127.0.0.1 inside the test's runtime, over a fresh SQLite store.
pub struct Site {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub fixture: Fixture,
    /// The server's "today" (`WebConfig::clock`): the system date until a journey sets it,
    /// as the HTTP tests do, so deadlines and schedules come out the same on every run.
    pub clock: Clock,
    /// TOTP secrets the harness enrolled through the page, by username,
    /// with the last step used (each step is accepted once).
    pub(super) secrets: Mutex<HashMap<String, (String, u64)>>,
    pub(super) server: tokio::task::JoinHandle<()>,
    pub(super) _db: tempfile::TempDir,
}

impl Site {
    pub(super) async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir for the database");
        let path = dir.path().join("e2e.db");
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::connect(path.to_str().expect("utf-8 temp path"))
                .await
                .expect("sqlite store"),
        );
        // The fixed test keyring
        store
            .unlock(jiekang_store::sealed::Keyring::for_tests())
            .await
            .expect("unlock");
        let fixture = fixture::build(store.as_ref()).await;
        // One hash for every account: hashing is deliberately slow.
        let hash = hash_password_blocking(PASSWORD).expect("hash the test password");
        let others = [
            (OTHER_TOWNSHIP, Post::Gongyuan),
            (CLINIC, Post::Dongsheng),
            (ISOLATION, Post::City),
        ];
        for (account, post) in ACCOUNTS.into_iter().chain(others) {
            let unit = match post {
                Post::City => &fixture.city,
                Post::Dongsheng => &fixture.dongsheng,
                Post::Jiaotong => &fixture.jiaotong,
                Post::CommunityA => &fixture.community_a,
                Post::Gongyuan => &fixture.gongyuan,
            };
            store
                .create_user(
                    &Scope::system(),
                    None,
                    &NewUser {
                        username: account.username.into(),
                        display_name: account.display_name.into(),
                        unit_id: unit.id,
                        role: account.role,
                        password_hash: hash.clone(),
                        must_change_password: false,
                    },
                )
                .await
                .expect("create a test account");
        }
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("bind the test server");
        let addr = listener.local_addr().expect("server address");
        let clock = Clock::system();
        let config = WebConfig {
            clock: clock.clone(),
            ..WebConfig::default()
        };
        let router = app(AppState::new(store.clone(), config));
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Self {
            base: format!("http://{addr}"),
            store,
            fixture,
            clock,
            secrets: Mutex::new(HashMap::new()),
            server,
            _db: dir,
        }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.abort();
    }
}
