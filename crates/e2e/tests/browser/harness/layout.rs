//! Layout checks every page gets: a date never breaks across lines, and on a phone the
//! queue tabs stay one row that scrolls inside itself.

use super::*;

impl Browser {
    /// Dates (`2024-10-08`, anywhere in the page's text) that the browser broke across
    /// lines.
    pub(super) async fn broken_dates(&self) -> Option<String> {
        let v = self
            .client
            .execute(
                r#"const broken = [];
                   const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                   for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                     for (const m of n.data.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
                       const r = document.createRange();
                       r.setStart(n, m.index);
                       r.setEnd(n, m.index + m[0].length);
                       const lines = new Set([...r.getClientRects()]
                         .filter(x => x.width > 0).map(x => Math.round(x.top)));
                       if (lines.size > 1) broken.push(m[0]);
                     }
                   }
                   return broken.slice(0, 10);"#,
                vec![],
            )
            .await
            .expect("measure the dates");
        let broken = v.as_array().expect("broken dates");
        (!broken.is_empty()).then(|| format!("dates broken across lines: {v}"))
    }

    /// On a phone: queue tabs that wrapped onto more than one row.
    pub(super) async fn wrapped_tabs(&self) -> Option<String> {
        if self.size != Size::Phone {
            return None;
        }
        let v = self
            .client
            .execute(
                r#"const rows = [];
                   for (const nav of document.querySelectorAll('nav.tabs')) {
                     const tops = new Set([...nav.querySelectorAll('a')]
                       .map(a => Math.round(a.getBoundingClientRect().top)));
                     rows.push(tops.size);
                   }
                   return rows;"#,
                vec![],
            )
            .await
            .expect("measure the tabs");
        let rows = v.as_array().expect("rows of tabs");
        rows.iter()
            .any(|n| n.as_i64().unwrap_or(0) > 1)
            .then(|| format!("the queue tabs wrap onto several rows on a phone: {v}"))
    }

    /// The page's height in CSS pixels.
    pub async fn page_height(&self) -> i64 {
        let v = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .expect("measure the page");
        v.as_i64().expect("a height")
    }
}
