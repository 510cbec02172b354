//! Data tables and their pagination links (plain links, so paging works without JavaScript).

use leptos::prelude::*;

use crate::domain::Locale;
use crate::i18n::{tr, Msg};

#[component]
pub fn Table(
    #[prop(into)] caption: String,
    headers: Vec<String>,
    #[prop(optional, into)] testid: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
            <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid=testid>
                <caption class="sr-only">{caption}</caption>
                <thead class="bg-slate-50">
                    <tr>
                        {headers
                            .into_iter()
                            .map(|h| {
                                view! {
                                    <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-600">
                                        {h}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{children()}</tbody>
            </table>
        </div>
    }
}

/// The query string of `params` with `page` replaced.
pub fn page_href(path: &str, params: &[(String, String)], param: &str, page: u32) -> String {
    let mut query: Vec<String> = params
        .iter()
        .filter(|(k, v)| k != param && !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    query.push(format!("{param}={page}"));
    format!("{path}?{}", query.join("&"))
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `?page=` as a page number (1 when missing or not a number).
pub fn page_number(value: Option<String>) -> u32 {
    value.and_then(|v| v.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

#[component]
pub fn Pagination(
    locale: Locale,
    #[prop(into)] path: String,
    params: Vec<(String, String)>,
    page: u32,
    pages: u32,
    total: i64,
    /// The list was counted only this far (`Page::total_capped`): "400+", "10000+".
    #[prop(optional)]
    capped: bool,
    /// The query parameter holding the page number, for a second list on the same page.
    #[prop(default = "page")]
    param: &'static str,
) -> impl IntoView {
    let more = if capped { "+" } else { "" };
    let status = tr!(
        locale,
        pagination_status,
        page = page.to_string(),
        pages = format!("{pages}{more}"),
        total = format!("{total}{more}")
    );
    let link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
    let disabled = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400";
    let prev = (page > 1).then(|| page_href(&path, &params, param, page - 1));
    let next = (page < pages).then(|| page_href(&path, &params, param, page + 1));
    view! {
        <nav aria-label=Msg::PaginationLabel.text(locale) class="mt-4 flex items-center justify-between" data-testid="pagination">
            <p class="text-sm text-slate-600" data-testid="pagination-status">{status}</p>
            <div class="flex gap-2">
                {match prev {
                    Some(href) => view! { <a class=link href=href rel="prev" data-testid="pagination-prev">{Msg::PaginationPrevious.text(locale)}</a> }.into_any(),
                    None => view! { <span class=disabled aria-disabled="true">{Msg::PaginationPrevious.text(locale)}</span> }.into_any(),
                }}
                {match next {
                    Some(href) => view! { <a class=link href=href rel="next" data-testid="pagination-next">{Msg::PaginationNext.text(locale)}</a> }.into_any(),
                    None => view! { <span class=disabled aria-disabled="true">{Msg::PaginationNext.text(locale)}</span> }.into_any(),
                }}
            </div>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_href_keeps_filters_and_replaces_page() {
        let params = vec![
            ("q".to_owned(), "佐藤 a&b".to_owned()),
            ("page".to_owned(), "3".to_owned()),
            ("role".to_owned(), String::new()),
        ];
        assert_eq!(page_href("/people", &params, "page", 4), "/people?q=%E4%BD%90%E8%97%A4%20a%26b&page=4");
    }
}
