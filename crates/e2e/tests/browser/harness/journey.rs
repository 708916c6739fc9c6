//! Running a journey: a browser session with a fresh profile at one size.

use super::*;

/// Run one journey at one size: a fresh server, a fresh browser session; the session is closed
/// (its Chromium ends) whether the journey passes or panics, and a panic fails the test.
pub async fn journey<F, Fut>(name: &'static str, size: Size, scripts: Scripts, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = chromedriver();
    let site = Arc::new(Site::start().await);
    let profile = tempfile::tempdir().expect("temp dir for the browser profile");
    let client = connect(&driver, size, scripts, profile.path()).await;
    let browser = Browser {
        client: client.clone(),
        site: site.clone(),
        size,
        journey: name,
        downloads: profile.path().join(DOWNLOADS),
    };
    let mut task = tokio::spawn(body(browser));
    let outcome = tokio::time::timeout(JOURNEY_LIMIT, &mut task).await;
    if outcome.is_err() {
        task.abort();
    }
    let _ = tokio::time::timeout(PATIENCE, client.close()).await;
    drop(site);
    drop(profile);
    drop(driver);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("journey {name} did not finish: {e}"),
        },
        Err(_) => panic!(
            "journey {name} ({}) was still running after {} s: a WebDriver command hung",
            size.name(),
            JOURNEY_LIMIT.as_secs()
        ),
    }
}

/// The folder of the browser profile that downloads are saved in.
pub(super) const DOWNLOADS: &str = "downloads";

pub(super) async fn connect(
    driver: &Chromedriver,
    size: Size,
    scripts: Scripts,
    profile: &Path,
) -> Client {
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--lang=zh-CN".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    if scripts == Scripts::Disabled {
        args.push("--blink-settings=scriptEnabled=false".into());
    }
    let (pixel_ratio, mobile) = match size {
        Size::Desktop => (1.0, false),
        Size::Phone => (2.0, true),
    };
    let capabilities = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium_binary(),
            "args": args,
            "prefs": {
                "intl.accept_languages": "zh-CN,zh",
                // Downloads (the Excel exports) land in the profile, unasked.
                "download.default_directory": profile.join(DOWNLOADS),
                "download.prompt_for_download": false,
                // A PDF link (the server's printed documents) saves the file, as a browser
                // without a PDF viewer does, so the journey can read it.
                "plugins.always_open_pdf_externally": true,
            },
            "mobileEmulation": {
                "deviceMetrics": {
                    "width": size.width(),
                    "height": size.height(),
                    "pixelRatio": pixel_ratio,
                    "mobile": mobile,
                    // Under touch emulation chromedriver taps instead of clicking and then
                    // waits on a page timer, which never fires with scripts off: without
                    // scripts the phone is emulated without touch.
                    "touch": mobile && scripts == Scripts::Enabled,
                },
            },
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("capabilities are an object")
    };
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot open a Chromium session through chromedriver: {e} \
                 (is Debian's chromium installed? run scripts/install-browser.sh)"
            )
        })
}
