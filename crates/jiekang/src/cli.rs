//! The command line (clap). Help texts are Chinese first, then English.

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "jiekang",
    version,
    about = "戒康 · 社区戒毒社区康复信息管理系统\nJiekang · community drug detoxification and rehabilitation information system"
)]
pub struct Cli {
    /// 数据库地址:SQLite 文件路径或 sqlite://…,或 postgres://… (database URL)
    #[arg(
        long,
        env = "JIEKANG_DATABASE_URL",
        default_value = "jiekang.db",
        global = true,
        visible_alias = "db"
    )]
    pub database_url: String,

    /// 以 JSON 输出日志 (JSON logs)
    #[arg(long, env = "JIEKANG_LOG_JSON", global = true)]
    pub log_json: bool,

    /// 数据密钥文件(证件号码、电话、两步验证密钥加密存储);也可用环境变量 JIEKANG_DATA_KEYS
    /// 直接给出密钥内容。SQLite 默认使用数据库旁的 jiekang.key (keyring file)
    #[arg(long, env = "JIEKANG_KEY_FILE", global = true)]
    pub key_file: Option<std::path::PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// 启动服务 (run the web server)
    Serve(ServeArgs),
    /// 执行数据库迁移 (apply database migrations)
    Migrate,
    /// 生成演示数据:鄂尔多斯市组织机构、各角色用户、虚构人员 (seed demo data)
    Demo(DemoArgs),
    /// 账号管理 (user accounts)
    #[command(subcommand)]
    Admin(AdminCommand),
    /// 节假日安排:录入年度通知或更正 (holiday calendar: import a notice or a correction)
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// 审计日志:校验哈希链是否完整 (audit trail: verify the hash chain)
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 备份 SQLite 数据库到新文件,服务可继续运行;不覆盖已有文件。PostgreSQL 请用
    /// pg_dump / pg_basebackup (consistent online copy of the SQLite database)
    Backup {
        /// 备份文件路径,必须尚不存在 (the backup file; must not exist yet)
        file: std::path::PathBuf,
    },
    /// 从备份文件恢复到 --db 指定的 SQLite 数据库:检查、原子替换、迁移、校验审计日志。
    /// 请先停止服务 (restore a backup into the configured SQLite file; stop the server first)
    Restore {
        /// 备份文件路径 (the backup file)
        file: std::path::PathBuf,
        /// 目标数据库已有数据时仍然覆盖 (overwrite a target that already holds data)
        #[arg(long)]
        force: bool,
    },
    /// 导入历史台账(人员、决定、历次检测与谈话;导入模板或 CSV),可先试导入
    /// (import a legacy register; --dry-run checks it and writes nothing)
    Import(crate::import::ImportArgs),
    /// 规则引擎:工作日、期限、身份证号、期限与检测计划 (the rules engine)
    Rules(crate::rules::RulesArgs),
    // --- the load benchmark ---
    /// 性能基准:准备(或复用)N 名人员的数据库,启动服务,以多个已登录会话经本机回环驱动各项操作
    /// (benchmark: prepare or reuse a database of N persons, start the server, drive it over loopback)
    Bench(crate::bench::BenchArgs),
    // --- Daily sweep ---
    /// 立即执行每日清理:漏检窗口、逾期未通知/未报到、期满待解除、移交逾期未接收;每天只执行一次
    /// (run the daily sweep now; once per day across all instances)
    Sweep(SweepArgs),
    /// 报表统计:统计本期、冻结已结束的期间;--recount 重新统计已冻结期间并记录更正
    /// (periodic reports: count open periods, freeze closed ones; --recount keeps corrections)
    #[command(subcommand)]
    Reports(ReportsCommand),
    /// 数据密钥:生成、轮换、退役旧版本、查看状态 (data keys: generate, rotate, retire, status)
    #[command(subcommand)]
    Keys(KeysCommand),
}

// --- Daily sweep ---
#[derive(Args)]
pub struct SweepArgs {
    /// 清理哪一天(默认今天),格式 2026-11-29 (the day to sweep; default today)
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
}

// --- Periodic reports ---
#[derive(Subcommand)]
pub enum ReportsCommand {
    /// 统计报表(每日任务在每日清理之后自动执行) (count the reports now)
    Count(ReportsArgs),
}

#[derive(Args)]
pub struct ReportsArgs {
    /// 以哪一天统计(默认今天),格式 2026-12-07 (the day to count on; default today)
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// 重新统计的已冻结期间,如 2026-11、2026-Q3、2025;可重复 (frozen periods to count again)
    #[arg(long)]
    pub recount: Vec<String>,
}

/// The keyring of the sealed personal data.
#[derive(Subcommand)]
pub enum KeysCommand {
    /// 生成新的密钥文件(权限 0600),不覆盖已有文件 (write a new keyring; never overwrites)
    Generate {
        /// 密钥文件路径 (the keyring file)
        file: std::path::PathBuf,
    },
    /// 新增一版数据密钥并设为当前版本,再用它分批重新加密全部数据;中断后可用 --resume
    /// 继续。请先停止服务 (add a new active data key and re-encrypt every row; stop the
    /// server first)
    Rotate {
        /// 不新增版本,只继续未完成的重新加密 (only finish an interrupted re-encryption)
        #[arg(long)]
        resume: bool,
    },
    /// 确认没有数据仍使用旧版本后,从密钥文件中删除旧版本 (drop old versions from the
    /// keyring once no value uses them)
    Retire,
    /// 显示各版本密钥加密的数据条数 (sealed values per key version)
    Status,
}

#[derive(Args)]
pub struct ServeArgs {
    /// 监听地址 (listen address)
    #[arg(long, env = "JIEKANG_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// 数据库为空时先生成演示数据 (seed demo data into an empty database first)
    #[arg(long)]
    pub demo: bool,
    /// 会话空闲超时(分钟)(idle timeout in minutes)
    #[arg(long, env = "JIEKANG_IDLE_MINUTES", default_value_t = 30)]
    pub idle_minutes: i64,
    /// Cookie 加 Secure 标记(经 HTTPS 提供服务时)(mark cookies Secure behind TLS)
    #[arg(long, env = "JIEKANG_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// 每名用户每分钟可查询人员的次数 (person searches per user per minute)
    #[arg(long, env = "JIEKANG_SEARCHES_PER_MINUTE", default_value_t = 60)]
    pub searches_per_minute: u32,
    /// HTTPS 证书文件(PEM,可含证书链);与 --tls-key 同用时以 HTTPS 提供服务,Cookie
    /// 自动加 Secure 并发送 HSTS (TLS certificate chain, PEM)
    #[arg(long, env = "JIEKANG_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,
    /// HTTPS 私钥文件(PEM)(TLS private key, PEM)
    #[arg(long, env = "JIEKANG_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
    /// 可信的反向代理地址,逗号分隔(可用 CIDR 网段);仅当连接来自这些地址时才采用
    /// X-Forwarded-For 中最右侧的非代理地址作为客户端地址,否则一律取连接的对端地址
    /// (trusted reverse proxies, comma separated IPs or CIDR networks: X-Forwarded-For is
    /// believed only from them; GB/T 22239)
    #[arg(long, env = "JIEKANG_TRUSTED_PROXY", value_name = "IP,IP")]
    pub trusted_proxy: Option<String>,
    /// PostgreSQL 连接池大小 (PostgreSQL pool size)
    #[arg(long, env = "JIEKANG_PG_POOL", default_value_t = 16)]
    pub pg_pool: u32,
    // --- `jiekang bench` ---
    /// 仅供性能基准:开启 GET /bench/baseline,返回固定字节(须登录)
    /// (benchmark only: enable the baseline route, fixed bytes behind login)
    #[arg(long)]
    pub bench_baseline: bool,
    /// 基准路由返回的字节数,取一个档案页面的大小 (bytes of the baseline route: an archive page's size)
    #[arg(long, default_value_t = 32_768, requires = "bench_baseline",
          value_parser = clap::value_parser!(u32).range(1..=16_777_216))]
    pub bench_baseline_bytes: u32,
    // --- Daily sweep ---
    /// 每天北京时间此时刻之后执行每日清理(多实例只执行一次)(Beijing time of day after which the daily sweep runs)
    #[arg(long, env = "JIEKANG_SWEEP_AT", default_value = "01:00")]
    pub sweep_at: chrono::NaiveTime,
    /// 本实例不执行每日清理 (this instance never runs the daily sweep)
    #[arg(long, env = "JIEKANG_NO_SWEEP")]
    pub no_sweep: bool,
    // --- The audit chain head kept outside the database ---
    /// 每隔多久把审计日志链头(编号、哈希、条数、北京时间)写入日志,如 1h、30m
    /// (how often the audit chain head is logged, e.g. 1h, 30m)
    #[arg(long, env = "JIEKANG_AUDIT_ANCHOR_INTERVAL", default_value = "1h",
          value_parser = crate::anchor::parse_interval)]
    pub audit_anchor_interval: std::time::Duration,
    /// 同时把链头追加到此文件(一行一次,新建时权限 0600,从不截断);请另行保存,
    /// 用 `jiekang audit verify --expect-file` 核对 (also append the head to this file)
    #[arg(long, env = "JIEKANG_AUDIT_ANCHOR_FILE", value_name = "PATH")]
    pub audit_anchor_file: Option<std::path::PathBuf>,
    /// 每隔多少秒检查一次是否该清理(测试用)(seconds between checks; for tests)
    #[arg(long, default_value_t = 60, hide = true)]
    pub sweep_check_seconds: u64,
    /// 同一单位的督导统计在内存中保留的秒数(0–10,0 = 每次重新统计);逾期类数字至多 50 秒前统计,
    /// 故页面上的数字总在一分钟以内 (seconds a scope's dashboard is answered from memory)
    #[arg(long, env = "JIEKANG_DASHBOARD_CACHE_SECONDS", default_value_t = 10)]
    pub dashboard_cache_seconds: u64,
    /// 单位列表在内存中保留的秒数(0–300,0 = 每次重新读取);本实例修改单位后立即更新,
    /// 其他实例在此时间内更新 (seconds this instance keeps the units for paths and pickers)
    #[arg(long, env = "JIEKANG_UNIT_CACHE_SECONDS", default_value_t = 30)]
    pub unit_cache_seconds: u64,
}

#[derive(Args, Clone)]
pub struct DemoArgs {
    /// 虚构人员数量,最多 1,000,000 (number of synthetic persons)
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub persons: u32,
    /// 随机种子,同一种子生成同样的数据 (random seed)
    #[arg(long, default_value_t = 20141105)]
    pub seed: u64,
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// 新建用户,密码从标准输入读取 (create a user; password from stdin)
    CreateUser {
        #[arg(long)]
        username: String,
        /// 单位代码 (unit code)
        #[arg(long)]
        unit: String,
        /// 角色代码 (role code): admin, city_supervisor, district_office, township_office,
        /// community_staff, community_police, clinic_staff, civil_affairs, human_resources, auditor
        #[arg(long)]
        role: String,
        /// 姓名 (display name); 默认同用户名
        #[arg(long)]
        name: Option<String>,
    },
    /// 重置密码,新密码从标准输入读取,下次登录须修改 (reset a password; from stdin)
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// 重置两步验证(手机丢失时),下次登录须重新绑定 (remove a user's TOTP)
    ResetTotp {
        #[arg(long)]
        username: String,
    },
    /// 列出用户 (list users)
    ListUsers,
    /// 停用用户并结束其会话 (disable a user)
    DisableUser {
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// 从文件录入年度通知(每行:日期<TAB>holiday|workday<TAB>名称),整体替换该年度
    /// (import notices from a file; each replaces its year)
    Import { file: std::path::PathBuf },
    /// 列出已知年度及来源 (list the known years and where each comes from)
    List,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 按编号顺序逐条校验审计日志哈希链和链头;完整时退出码 0,发现问题时 1
    /// (walk the audit chain in id order; exit 0 when intact, 1 at the first bad record)
    Verify {
        /// 此前保存的链头哈希,须仍在链中(可重复);用于发现最新记录连同链头被改写
        /// (a head hash kept earlier that must still be in the chain; repeatable)
        #[arg(long, value_name = "HASH")]
        expect: Vec<String>,
        /// 链头记录文件(serve --audit-anchor-file 写出),其中每个哈希都须在链中
        /// (an anchor file written by serve --audit-anchor-file: every hash in it must be in the chain)
        #[arg(long, value_name = "PATH")]
        expect_file: Vec<std::path::PathBuf>,
    },
}
