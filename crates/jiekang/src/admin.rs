//! `jiekang admin`: account management on the server's own command line.

use std::io::BufRead;

use jiekang_domain::password::{REUSED_MESSAGE, check_password_policy};
use jiekang_domain::permission::Role;
use jiekang_domain::text::Username;
use jiekang_store::Scope;
use jiekang_store::model::{NewUser, PageRequest};
use jiekang_web::auth::password::{hash_password_blocking, reuses_recent};

use crate::cli::AdminCommand;

type CliResult = Result<(), Box<dyn std::error::Error>>;

fn read_password() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("无法读取标准输入 (cannot read stdin): {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    check_password_policy(&password).map_err(|e| format!("{e} (weak password)"))?;
    Ok(password)
}

pub async fn run(database_url: &str, cmd: AdminCommand) -> CliResult {
    let store = crate::db::open(database_url, 2).await?;
    let system = Scope::system();
    match cmd {
        AdminCommand::CreateUser {
            username,
            unit,
            role,
            name,
        } => {
            let username =
                Username::parse(&username).map_err(|e| format!("用户名{e} (bad username)"))?;
            let role =
                Role::parse(&role).ok_or_else(|| format!("未知角色 {role} (unknown role)"))?;
            let unit = store
                .unit_by_code(&system, unit.trim())
                .await
                .map_err(|_| format!("单位代码 {unit} 不存在 (unknown unit code)"))?;
            let password = read_password()?;
            let password_hash = hash_password_blocking(&password).map_err(|e| e.to_string())?;
            let user = store
                .create_user(
                    &system,
                    None,
                    &NewUser {
                        username: username.as_str().to_owned(),
                        display_name: name.unwrap_or_else(|| username.as_str().to_owned()),
                        unit_id: unit.id,
                        role,
                        password_hash,
                        must_change_password: false,
                    },
                )
                .await?;
            println!(
                "已创建用户 {} ({}, {}) (user created)",
                user.username,
                user.unit_name,
                user.role.label_zh()
            );
        }
        AdminCommand::ResetPassword { username } => {
            let user = store
                .user_by_username(&system, &username)
                .await
                .map_err(|_| format!("用户 {username} 不存在 (no such user)"))?;
            let password = read_password()?;
            // None of the last five passwords again.
            if reuses_recent(store.as_ref(), user.id, &password).await? {
                return Err(format!("{REUSED_MESSAGE} (password reused)").into());
            }
            let hash = hash_password_blocking(&password).map_err(|e| e.to_string())?;
            store
                .set_password(&system, None, user.id, &hash, true)
                .await?;
            println!("已重置 {username} 的密码,下次登录须修改 (password reset)");
        }
        AdminCommand::ResetTotp { username } => {
            let user = store
                .user_by_username(&system, &username)
                .await
                .map_err(|_| format!("用户 {username} 不存在 (no such user)"))?;
            // The store audits the reset (no actor: the command line).
            if store.reset_second_factor(&system, None, user.id).await? {
                println!("已重置 {username} 的两步验证,下次登录须重新绑定 (TOTP removed)");
            } else {
                println!("{username} 未启用两步验证 (no TOTP to remove)");
            }
        }
        AdminCommand::ListUsers => {
            let mut page = PageRequest::first(500);
            println!("用户名\t姓名\t单位\t角色\t状态");
            loop {
                let users = store.users(&system, page).await?;
                for u in &users.items {
                    let status = if u.disabled { "已停用" } else { "正常" };
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        u.username,
                        u.display_name,
                        u.unit_name,
                        u.role.code(),
                        status
                    );
                }
                match users.next_after {
                    Some(after) => page = PageRequest::new(Some(after), 500),
                    None => break,
                }
            }
        }
        AdminCommand::DisableUser { username } => {
            let user = store
                .user_by_username(&system, &username)
                .await
                .map_err(|_| format!("用户 {username} 不存在 (no such user)"))?;
            store
                .set_user_disabled(&system, None, user.id, true)
                .await?;
            println!("已停用 {username} 并结束其会话 (user disabled)");
        }
    }
    Ok(())
}
