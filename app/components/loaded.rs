//! Data a page loads: "Loading…" while it comes, an error box with the right HTTP status when
//! it cannot, and the page's own view when it arrives.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::app::error::PageError;
use crate::domain::ErrorCode;
use crate::i18n::Msg;
use crate::session::session;

/// An error box for a page whose data could not be loaded, giving the page the HTTP status of
/// the problem (404, 403, 503, …). A page that could not act on what its address asked for
/// (a validation error or a conflict) still renders, with the message, as 200.
#[component]
pub fn LoadError(error: PageError) -> impl IntoView {
    let locale = session().locale;
    if !matches!(error.code, ErrorCode::ValidationError | ErrorCode::Conflict) {
        super::layout::set_status(error.code.http_status());
    }
    view! {
        <div role="alert" data-testid="page-error" class="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            {error.message(locale)}
        </div>
    }
}

/// Waits for `data` and shows `children` with it (`<Loaded data=data let:value>…</Loaded>`),
/// or [`LoadError`] (inside a `div` of `error_class`, when given).
#[component]
pub fn Loaded<T, C, V>(
    data: Resource<Result<T, PageError>>,
    children: C,
    #[prop(optional)] error_class: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    C: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let locale = session().locale;
    view! {
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <div class=error_class><LoadError error=error/></div> }.into_any(),
                        Ok(value) => children(value).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
