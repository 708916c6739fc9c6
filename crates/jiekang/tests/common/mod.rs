//! What the tests of the real binary share: running `jiekang` in a folder with a clean
//! environment, and reading its answer.
#![allow(dead_code)] // each test file uses its own part of this

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `jiekang args…` in `dir`, `stdin` given as its standard input, with none of the
/// operator's settings from the environment (database, keyring), and wait for it.
pub fn jiekang(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiekang"))
        .args(args)
        .current_dir(dir)
        .env_remove("JIEKANG_DATABASE_URL")
        .env_remove("JIEKANG_KEY_FILE")
        .env_remove("JIEKANG_DATA_KEYS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jiekang runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("jiekang finishes")
}

/// [`jiekang`] with nothing on its standard input.
pub fn run(args: &[&str], dir: &Path) -> Output {
    jiekang(args, dir, None)
}

/// The standard output of a run that must have succeeded (else the test fails showing
/// both outputs).
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}\nstdout {}\nstderr {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The standard error of a run, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
