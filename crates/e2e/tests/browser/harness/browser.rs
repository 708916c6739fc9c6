//! The browser, as a journey uses it: navigation, forms, downloads, reading the page.

use super::*;

/// What a page may log to the console without failing the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    /// Nothing at level SEVERE.
    Clean,
    /// The page is a rejected form answered with this HTTP status: Chromium logs the status of
    /// the document as a `network` error ("Failed to load resource: … status of 422"); that one
    /// entry is expected, anything else still fails.
    RejectedWith(u16),
}

/// One test's browser session, with the site it talks to.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub site: Arc<Site>,
    pub size: Size,
    pub(super) journey: &'static str,
    /// Where the browser saves downloads.
    pub(super) downloads: PathBuf,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.base)
    }

    /// The path (and query) of the page now shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The element, once it is on the page.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("no `{css}` on {}: {e}", self.path_or_unknown().await),
        }
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find all `{css}`: {e}"))
    }

    pub(super) async fn path_or_unknown(&self) -> String {
        match self.client.current_url().await {
            Ok(u) => u.path().to_owned(),
            Err(_) => "(unknown page)".into(),
        }
    }

    /// Type into a text field, replacing what it holds.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear field");
        field.send_keys(value).await.expect("type into field");
    }

    /// Choose an option of a `<select>` by its value.
    pub async fn choose(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// Set a date field (`<input type=date>`) to `yyyy-mm-dd`. Chromium's date field takes
    /// typing segment by segment in the locale's order, which WebDriver cannot address
    /// reliably; the value is set as the field's own picker would set it.
    pub async fn set_date(&self, css: &str, date: &str) {
        let field = self.find(css).await;
        let arg = serde_json::to_value(&field).expect("element as a script argument");
        self.client
            .execute(
                "arguments[0].value = arguments[1]; \
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![arg, json!(date)],
            )
            .await
            .unwrap_or_else(|e| panic!("set {css} to {date}: {e}"));
        let value = field.prop("value").await.expect("date value");
        assert_eq!(value.as_deref(), Some(date), "{css} holds the date");
    }

    /// Open the `<details>` whose `<summary>` reads `text` by clicking the summary, as a user
    /// does; returns the opened `<details>`.
    pub async fn open_details(&self, text: &str) -> Element {
        let mut seen = Vec::new();
        for summary in self.find_all("details > summary").await {
            let label = summary.text().await.expect("summary text");
            if label.trim() == text {
                let details = summary
                    .find(Locator::XPath(".."))
                    .await
                    .expect("the summary's details");
                if details
                    .attr("open")
                    .await
                    .expect("open attribute")
                    .is_none()
                {
                    summary
                        .click()
                        .await
                        .unwrap_or_else(|e| panic!("click “{text}”: {e}"));
                }
                assert!(
                    details.attr("open").await.expect("open").is_some(),
                    "clicking “{text}” opened it"
                );
                return details;
            }
            seen.push(label);
        }
        panic!("no <summary> “{text}”; summaries: {seen:?}");
    }

    /// Open the `<details>` whose summary reads `text` and submit its form.
    pub async fn submit_in_details(&self, text: &str) {
        let details = self.open_details(text).await;
        let button = details
            .find(Locator::Css("button[type=submit]"))
            .await
            .unwrap_or_else(|e| panic!("no submit button under “{text}”: {e}"));
        self.click_element_and_wait(&button, text).await;
    }

    /// Click a download link and wait for the browser to save the file; its path.
    pub async fn download(&self, css: &str) -> PathBuf {
        std::fs::create_dir_all(&self.downloads).expect("create the download folder");
        let _ = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.setDownloadBehavior",
                params: json!({
                    "behavior": "allow",
                    "downloadPath": self.downloads,
                }),
            })
            .await;
        let before: Vec<PathBuf> = files_in(&self.downloads);
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let done: Vec<PathBuf> = files_in(&self.downloads)
                .into_iter()
                .filter(|p| !before.contains(p))
                .filter(|p| {
                    p.extension()
                        .is_none_or(|e| e != "crdownload" && e != "tmp")
                })
                .collect();
            if let [file] = done.as_slice() {
                return file.clone();
            }
            assert!(
                Instant::now() < deadline,
                "clicking {css} saved no file in {} (found {done:?})",
                self.downloads.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The number shown in a dashboard figure (`.figure`) whose caption starts with `label`.
    pub async fn figure(&self, label: &str) -> String {
        for figure in self.find_all(".figure").await {
            let text = figure.text().await.expect("figure text");
            let num = figure
                .find(Locator::Css(".num"))
                .await
                .expect("a figure's number")
                .text()
                .await
                .expect("number text");
            let caption = text.replacen(&num, "", 1);
            if caption.trim().starts_with(label) {
                return num.trim().to_owned();
            }
        }
        panic!("no figure “{label}” on {}", self.path_or_unknown().await);
    }

    /// Click something that loads a new page (a link or a submit button) and wait until the
    /// new page has replaced the old one.
    pub async fn click_and_wait(&self, css: &str) {
        let target = self.find(css).await;
        self.click_element_and_wait(&target, css).await;
    }

    pub(super) async fn click_element_and_wait(&self, target: &Element, what: &str) {
        let old = self.find("html").await;
        target
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {what}: {e}"));
        // The old document's element goes stale once the new page has replaced it. While the
        // browser is between documents chromedriver may answer other errors; they are retried.
        let deadline = Instant::now() + PATIENCE;
        loop {
            let last = match old.tag_name().await {
                Err(CmdError::Standard(e)) if e.error == ErrorStatus::StaleElementReference => {
                    break;
                }
                Ok(_) => "the old page is still shown".to_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                Instant::now() < deadline,
                "clicking {what} did not load a new page ({last})"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.find("body").await;
    }

    /// Click the link with this exact text inside `scope` (a CSS selector) and wait for the page.
    pub async fn follow(&self, scope: &str, text: &str) {
        let mut seen = Vec::new();
        for link in self.find_all(&format!("{scope} a")).await {
            let label = link.text().await.expect("link text");
            if label.trim() == text {
                self.click_element_and_wait(&link, text).await;
                return;
            }
            seen.push(label);
        }
        panic!("no link “{text}” in {scope}; links there: {seen:?}");
    }

    /// The links inside `scope`: (text, path).
    pub async fn links(&self, scope: &str) -> Vec<(String, String)> {
        let mut links = Vec::new();
        for link in self.find_all(&format!("{scope} a")).await {
            let label = link.text().await.expect("link text").trim().to_owned();
            let href = link.attr("href").await.expect("href").unwrap_or_default();
            links.push((label, href));
        }
        links
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        self.find("body")
            .await
            .text()
            .await
            .expect("text of the page")
    }

    /// The text of the page's `<h1>`.
    pub async fn heading(&self) -> String {
        self.find("main h1").await.text().await.expect("h1 text")
    }
}
