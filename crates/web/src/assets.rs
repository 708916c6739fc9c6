//! Static assets, embedded in the binary: no CDN, no file outside it.

use axum::http::header;
use axum::response::IntoResponse;

const APP_CSS: &str = include_str!("../assets/app.css");

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_CSS,
    )
}

/// WCAG 2.x contrast of the stylesheet: every text colour / background pair the
/// pages use reaches 4.5:1 (3:1 for large text and for the boundaries of controls and the
/// focus ring), computed with the WCAG relative-luminance formula from the colours in
/// `assets/app.css` itself. Every colour the stylesheet names must appear in a checked pair
/// (or be listed as decoration), so a new colour cannot slip in unchecked. The browser tests
/// check the computed colours of every visible text element as well (crates/e2e).
#[cfg(test)]
mod contrast {
    use std::collections::HashMap;

    use super::APP_CSS;

    /// sRGB 0–255.
    type Rgb = (f64, f64, f64);

    fn hex(h: &str) -> Option<Rgb> {
        let h = h.trim().strip_prefix('#')?;
        let h: String = if h.len() == 3 {
            h.chars().flat_map(|c| [c, c]).collect()
        } else {
            h.to_owned()
        };
        let p = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok().map(f64::from);
        Some((p(0)?, p(2)?, p(4)?))
    }

    /// WCAG 2.x relative luminance.
    pub fn luminance((r, g, b): Rgb) -> f64 {
        let f = |c: f64| {
            let c = c / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }

    pub fn ratio(a: Rgb, b: Rgb) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// `fg` at `alpha` over `bg`.
    fn blend(fg: Rgb, alpha: f64, bg: Rgb) -> Rgb {
        (
            fg.0 * alpha + bg.0 * (1.0 - alpha),
            fg.1 * alpha + bg.1 * (1.0 - alpha),
            fg.2 * alpha + bg.2 * (1.0 - alpha),
        )
    }

    /// The custom properties of `:root`.
    fn variables() -> HashMap<String, String> {
        let root = &APP_CSS[APP_CSS.find(":root {").expect(":root")..];
        let root = &root[..root.find('}').expect("end of :root")];
        root.split(';')
            .filter_map(|d| {
                let d = d.trim();
                let i = d.find("--")?;
                let (name, value) = d[i..].split_once(':')?;
                Some((name.trim().to_owned(), value.trim().to_owned()))
            })
            .collect()
    }

    /// A colour as the pairs below write it: `#hex`, `var(--name)`, or `A@0.75/B`
    /// (colour A at that opacity over B).
    fn colour(vars: &HashMap<String, String>, e: &str) -> Rgb {
        if let Some((top, bottom)) = e.split_once('/') {
            let (c, alpha) = top.split_once('@').expect("A@alpha/B");
            return blend(
                colour(vars, c),
                alpha.parse().expect("alpha"),
                colour(vars, bottom),
            );
        }
        if let Some(name) = e.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
            let v = vars
                .get(name)
                .unwrap_or_else(|| panic!("{name} is not defined in :root"));
            return colour(vars, v);
        }
        hex(e).unwrap_or_else(|| panic!("not a colour: {e}"))
    }

    const TEXT: f64 = 4.5;
    /// Large text (≥ 18.66 px bold / 24 px), control boundaries, the focus ring.
    const LARGE_OR_UI: f64 = 3.0;

    /// (what, foreground, background, minimum).
    const PAIRS: &[(&str, &str, &str, f64)] = &[
        ("body text on a card", "var(--fg)", "var(--card)", TEXT),
        (
            "body text on the page, table heads",
            "var(--fg)",
            "var(--bg)",
            TEXT,
        ),
        ("muted text on a card", "var(--muted)", "var(--card)", TEXT),
        (
            "muted text on the page (footer)",
            "var(--muted)",
            "var(--bg)",
            TEXT,
        ),
        (
            "muted text in an alert",
            "var(--muted)",
            "var(--alert)",
            TEXT,
        ),
        ("links on a card", "var(--primary)", "var(--card)", TEXT),
        ("links on the page", "var(--primary)", "var(--bg)", TEXT),
        ("links in an alert", "var(--primary)", "var(--alert)", TEXT),
        (
            "links on a button face",
            "var(--primary)",
            "var(--button)",
            TEXT,
        ),
        (
            "primary buttons, current tab",
            "var(--primary-fg)",
            "var(--primary)",
            TEXT,
        ),
        ("buttons", "var(--fg)", "var(--button)", TEXT),
        ("inputs", "var(--fg)", "#fff", TEXT),
        ("disabled controls", "var(--muted)", "var(--button)", TEXT),
        (
            "status red 逾期 / errors",
            "var(--danger)",
            "var(--card)",
            TEXT,
        ),
        ("status red on the page", "var(--danger)", "var(--bg)", TEXT),
        ("danger buttons", "var(--danger)", "var(--button)", TEXT),
        ("status green 已完成", "var(--ok)", "var(--card)", TEXT),
        ("status amber 即将到期", "var(--warn)", "var(--card)", TEXT),
        (
            "status amber in an alert",
            "var(--warn)",
            "var(--alert)",
            TEXT,
        ),
        ("alert text", "var(--fg)", "var(--alert)", TEXT),
        ("header text and links", "#fff", "var(--header)", TEXT),
        ("current menu item", "var(--header)", "#fff", TEXT),
        (
            "brand's Latin name (opacity .75)",
            "#fff@0.75/var(--header)",
            "var(--header)",
            TEXT,
        ),
        ("role badge", "#fff", "#fff@0.15/var(--header)", TEXT),
        (
            "figures (large numbers)",
            "var(--primary)",
            "var(--card)",
            LARGE_OR_UI,
        ),
        (
            "control borders on a card",
            "var(--control)",
            "var(--card)",
            LARGE_OR_UI,
        ),
        (
            "control borders on the page",
            "var(--control)",
            "var(--bg)",
            LARGE_OR_UI,
        ),
        (
            "error border of a field",
            "var(--danger)",
            "#fff",
            LARGE_OR_UI,
        ),
        (
            "language switch border",
            "#fff@0.6/var(--header)",
            "var(--header)",
            LARGE_OR_UI,
        ),
        (
            "focus ring on a card",
            "var(--focus)",
            "var(--card)",
            LARGE_OR_UI,
        ),
        (
            "focus ring on the page",
            "var(--focus)",
            "var(--bg)",
            LARGE_OR_UI,
        ),
        (
            "focus ring in an alert",
            "var(--focus)",
            "var(--alert)",
            LARGE_OR_UI,
        ),
        (
            "focus ring on the header",
            "var(--focus-on-dark)",
            "var(--header)",
            LARGE_OR_UI,
        ),
    ];

    /// Colours that carry no information: card and table rules.
    const DECORATION: &[&str] = &["--line"];

    #[test]
    fn the_luminance_formula_matches_wcag_examples() {
        let white = (255.0, 255.0, 255.0);
        let black = (0.0, 0.0, 0.0);
        assert!((ratio(white, black) - 21.0).abs() < 1e-9);
        assert!((ratio(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        let grey = hex("#767676").expect("grey");
        assert!((ratio(grey, white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_colour_pair_of_the_stylesheet_meets_wcag_aa() {
        let vars = variables();
        let mut failures = Vec::new();
        for (what, fg, bg, min) in PAIRS {
            let r = ratio(colour(&vars, fg), colour(&vars, bg));
            if r < *min {
                failures.push(format!("{what}: {fg} on {bg} is {r:.2}:1, needs {min}:1"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_colour_in_the_stylesheet_is_checked() {
        let vars = variables();
        let checked: String = PAIRS
            .iter()
            .map(|(_, f, b, _)| format!("{f} {b} "))
            .collect();
        let checked_values: Vec<Rgb> = PAIRS
            .iter()
            .flat_map(|(_, f, b, _)| [f, b])
            .flat_map(|e| e.split(['/', '@']).map(str::to_owned).collect::<Vec<_>>())
            .filter(|e| e.starts_with('#') || e.starts_with("var("))
            .map(|e| colour(&vars, &e))
            .collect();
        // Every custom property holding a colour.
        for (name, value) in &vars {
            if hex(value).is_some() && !DECORATION.contains(&name.as_str()) {
                assert!(
                    checked.contains(&format!("var({name})")),
                    "{name} ({value}) is in the stylesheet but in no checked pair"
                );
            }
        }
        // Every literal colour outside :root.
        let body = &APP_CSS[APP_CSS.find(":root {").expect(":root")..];
        let body = &body[body.find('}').expect("end")..];
        for (i, _) in body.match_indices('#') {
            let lit: String = body[i..]
                .chars()
                .take_while(|c| *c == '#' || c.is_ascii_hexdigit())
                .collect();
            if lit.len() != 4 && lit.len() != 7 {
                continue;
            }
            let rgb = hex(&lit).expect("colour");
            assert!(
                checked_values.contains(&rgb),
                "{lit} is used in the stylesheet but in no checked pair"
            );
        }
        // Translucent white on the header: the role badge and the language switch, checked
        // above as #fff@0.15 and #fff@0.6 over the header.
        for (i, _) in body.match_indices("rgba(") {
            let lit = &body[i..i + body[i..].find(')').expect("rgba end") + 1];
            assert!(
                ["rgba(255,255,255,.15)", "rgba(255,255,255,.6)"].contains(&lit),
                "{lit} is used in the stylesheet but in no checked pair"
            );
        }
    }
}
