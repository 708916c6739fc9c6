//! DUTY-1: the README states who may do what. Its permission table is exactly the one
//! `jiekang_domain::permission::PERMISSIONS` enforces — a change to either without the
//! other fails here, with the table to paste.

use jiekang_domain::permission::{Action, PERMISSIONS, Role};

/// The README's table, as the code has it: one row per role, its actions in the order of
/// [`Action::ALL`].
fn table() -> String {
    let mut out = String::from("| 角色 Role | 代码 Code | 可以 May |\n|---|---|---|\n");
    for role in Role::ALL {
        let actions: Vec<String> = PERMISSIONS
            .iter()
            .filter(|(r, _)| *r == role)
            .flat_map(|(_, actions)| actions.iter())
            .map(|a: &Action| format!("{} ({})", a.label_zh(), a.label_en()))
            .collect();
        out.push_str(&format!(
            "| {} {} | `{}` | {} |\n",
            role.label_zh(),
            role.label_en(),
            role.code(),
            actions.join(";")
        ));
    }
    out
}

#[test]
fn the_readme_states_the_permission_table_the_code_enforces() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md at the workspace root");
    let expected = table();
    assert!(
        readme.contains(&expected),
        "README.md must contain the permission table exactly as the code enforces it:\n\n{expected}"
    );
}
