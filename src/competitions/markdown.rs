//! Competition descriptions are Markdown written by employees: rendered to HTML with raw HTML
//! shown as text and only http(s), mailto and relative link targets kept, so nothing a sponsor
//! writes can run in a reader's browser. Images load only from Merit itself: a picture from
//! elsewhere would tell another site who read the page, and when.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// `//host/…` (and `/\host/…`, which browsers read the same way) leaves the site.
fn protocol_relative(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//") || url.starts_with("/\\") || url.starts_with("\\")
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    if protocol_relative(&lower) {
        return false;
    }
    match lower.find(':') {
        // No scheme: relative links and anchors. A colon after a slash, `?` or `#` is not a scheme.
        None => true,
        Some(colon) if lower[..colon].contains(['/', '?', '#']) => true,
        Some(_) => lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"),
    }
}

/// An image source on Merit itself: a relative path with no scheme and no other host.
fn own_image(url: &str) -> bool {
    let url = url.trim();
    !url.is_empty() && !protocol_relative(url) && safe_url(url) && !url.contains(':')
}

fn defuse(url: CowStr<'_>) -> CowStr<'_> {
    if safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // An image from elsewhere is left out; its alt text stays, as text.
    let mut dropping_image = false;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Some(Event::Start(Tag::Link { link_type, dest_url: defuse(dest_url), title, id }))
        }
        Event::Start(Tag::Image { dest_url, .. }) if !own_image(&dest_url) => {
            dropping_image = true;
            None
        }
        Event::End(TagEnd::Image) if dropping_image => {
            dropping_image = false;
            None
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_markdown() {
        let html = to_html("# Churn\n\nPredict **who leaves**.\n\n- one\n- two");
        assert!(html.contains("<h1>Churn</h1>"));
        assert!(html.contains("<strong>who leaves</strong>"));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn raw_html_and_script_links_do_not_survive() {
        let html = to_html(
            "<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [ok](https://example.com) [rel](/competitions)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.com\""));
        assert!(html.contains("href=\"/competitions\""));
    }

    #[test]
    fn links_and_images_stay_on_the_site() {
        let html = to_html(
            "[a](//evil.example/x) [b](/\\evil.example) ![tracker](https://evil.example/p.png) ![proto](//evil.example/p.png) ![chart](/files/chart.png)",
        );
        assert!(!html.contains("evil.example"), "{html}");
        assert!(html.contains("tracker"), "the alt text stays: {html}");
        assert!(html.contains("<img src=\"/files/chart.png\""), "{html}");
    }
}
