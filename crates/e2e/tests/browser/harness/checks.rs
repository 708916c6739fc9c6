//! The checks every page gets: expected text, no script, no horizontal scrolling, no
//! console errors, enough contrast.

use super::*;

impl Browser {
    /// Check the page now shown and save its screenshot: it names `page` in the file name;
    /// every `expected` text must be visible on it.
    pub async fn page(&self, page: &str, expected: &[&str], console: Console) {
        let path = self.path().await;
        let at = format!(
            "{} {} page “{page}” ({path})",
            self.journey,
            self.size.name()
        );
        self.find("main h1").await;
        let text = self.text().await;
        let mut problems: Vec<String> = expected
            .iter()
            .filter(|want| !text.contains(**want))
            .map(|want| format!("expected “{want}” on the page"))
            .collect();
        problems.extend(self.problems(console).await);
        // Screenshot first, so a failing page can be looked at.
        let shot = self.screenshot(page).await;
        assert!(
            problems.is_empty(),
            "{at}:\n- {}\nscreenshot: {}\nthe page shows:\n{text}",
            problems.join("\n- "),
            shot.display()
        );
    }

    /// What is wrong with the page now shown, whatever it is: a `<script>` (every page must
    /// work without JavaScript), sideways scrolling, or errors in the browser console.
    pub async fn problems(&self, console: Console) -> Vec<String> {
        let mut problems = Vec::new();
        let source = self.client.source().await.expect("page source");
        if source.to_ascii_lowercase().contains("<script") {
            problems
                .push("the page has a <script>; every page must work without JavaScript".into());
        }
        problems.extend(self.sideways_scroll().await);
        problems.extend(self.broken_dates().await);
        problems.extend(self.wrapped_tabs().await);
        problems.extend(self.low_contrast().await);
        problems.extend(self.console_errors(console).await);
        problems
    }

    /// WCAG AA: every visible element with text of its own has a contrast of at
    /// least 4.5:1 (3:1 for large text: 24 px, or 18.66 px bold) between its computed colour
    /// (with the opacity of its ancestors) and its effective background (the background
    /// colours of it and its ancestors, composited over white), by the WCAG 2.x formula.
    pub async fn low_contrast(&self) -> Option<String> {
        let v = self
            .client
            .execute(CONTRAST_JS, vec![])
            .await
            .expect("measure the contrast of the page");
        let low = v.as_array().expect("contrast findings");
        (!low.is_empty()).then(|| {
            format!(
                "text below WCAG AA contrast: {}",
                low.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
    }

    /// Nothing wider than the screen: no horizontal scrolling, and (on the phone) the browser
    /// did not zoom out to fit something wide — a phone zooms out instead of scrolling, which
    /// makes `innerWidth` grow with the page, so the viewport's width is checked as well.
    pub(super) async fn sideways_scroll(&self) -> Option<String> {
        let v = self
            .client
            .execute(
                r#"const d = document.documentElement;
                   const wide = [];
                   for (const e of document.body.querySelectorAll('*')) {
                     const r = e.getBoundingClientRect();
                     if (r.width > 0 && Math.round(r.right + window.scrollX) > d.clientWidth) {
                       const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().replace(/ +/g, '.') : '';
                       wide.push(e.tagName.toLowerCase() + cls + ' (right edge ' + Math.round(r.right + window.scrollX) + ')');
                     }
                   }
                   return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
                            innerWidth: window.innerWidth, wide: wide.slice(0, 10) };"#,
                vec![],
            )
            .await
            .expect("measure the page");
        let num = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
        let (scroll, client, inner) = (num("scrollWidth"), num("clientWidth"), num("innerWidth"));
        let width = i64::from(self.size.width());
        (scroll > inner || scroll > client || inner != width).then(|| {
            format!(
                "the page scrolls sideways at {width} px (scrollWidth {scroll}, clientWidth \
                 {client}, innerWidth {inner}); too wide: {}",
                v["wide"]
            )
        })
    }

    /// The console entries since the last call.
    pub async fn console_entries(&self) -> Vec<LogEntry> {
        let v = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser log (POST /session/{id}/se/log)");
        v.as_array()
            .expect("log entries")
            .iter()
            .map(|e| LogEntry {
                level: e["level"].as_str().unwrap_or_default().to_owned(),
                source: e["source"].as_str().unwrap_or_default().to_owned(),
                message: e["message"].as_str().unwrap_or_default().to_owned(),
            })
            .collect()
    }

    pub(super) async fn console_errors(&self, console: Console) -> Option<String> {
        let unexpected: Vec<LogEntry> = self
            .console_entries()
            .await
            .into_iter()
            .filter(|e| e.level == "SEVERE" || e.level == "WARNING")
            .filter(|e| !(TOLERATE_MISSING_FAVICON && is_favicon_404(e)))
            .filter(|e| match console {
                Console::Clean => true,
                Console::RejectedWith(status) => {
                    !(e.source == "network" && e.message.contains(&format!("status of {status}")))
                }
            })
            .collect();
        (!unexpected.is_empty()).then(|| format!("the browser console has errors: {unexpected:#?}"))
    }
}

/// The contrast check run in the page (see [`Browser::low_contrast`]).
pub(super) const CONTRAST_JS: &str = r#"
const parse = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return null;
  const p = m[1].split(',').map(parseFloat);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const over = (t, b) => ({ r: t.r * t.a + b.r * (1 - t.a), g: t.g * t.a + b.g * (1 - t.a),
                          b: t.b * t.a + b.b * (1 - t.a), a: 1 });
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const background = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let base = { r: 255, g: 255, b: 255, a: 1 };
  for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
  return base;
};
const low = [];
for (const el of document.body.querySelectorAll('*')) {
  if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden') continue;
  let opacity = 1;
  for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
  const fg = parse(s.color);
  fg.a *= opacity;
  const bg = background(el);
  const f = over(fg, bg);
  const [hi, lo] = [lum(f), lum(bg)].sort((x, y) => y - x);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(s.fontSize);
  const large = size >= 24 || (parseInt(s.fontWeight, 10) >= 700 && size >= 18.66);
  const need = large ? 3 : 4.5;
  if (ratio + 0.005 < need) {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/ +/g, '.') : '';
    low.push(el.tagName.toLowerCase() + cls + ' “' + el.textContent.trim().slice(0, 20) + '” ' +
             ratio.toFixed(2) + ':1 (' + s.color + ' on ' + JSON.stringify(bg) + ')');
  }
}
return low.slice(0, 10);
"#;
