//! What every form shows the same way: its error line, and a server call's outcome.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::app::error::PageError;
use crate::domain::Locale;

/// A form's error: nothing while `message` is empty, else an alert the screen reader announces.
#[component]
pub fn FormError(
    message: RwSignal<Option<String>>,
    testid: &'static str,
    /// Extra classes for the alert (a margin, say).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p role="alert" data-testid=testid
                    class=format!("rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800 {class}")>
                    {text}
                </p>
            }
        })
    }
}

/// The outcome of an editor's last change: a notice when it worked (`{testid}-notice`), an
/// alert when it did not (`{testid}-error`); nothing before the first change.
#[component]
pub fn FormOutcome(message: RwSignal<Option<(bool, String)>>, testid: &'static str) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            let (role, suffix, class) = if ok {
                ("status", "notice", "border-emerald-200 bg-emerald-50 text-emerald-900")
            } else {
                ("alert", "error", "border-rose-200 bg-rose-50 text-rose-800")
            };
            view! {
                <p role=role data-testid=format!("{testid}-{suffix}")
                    class=format!("rounded-md border px-3 py-2 text-sm {class}")>
                    {text}
                </p>
            }
        })
    }
}

/// A server function whose outcome the caller handles itself (field errors beside their inputs,
/// a notice): `dispatch` it, read `pending()` for the busy state; `outcome` gets each call's
/// result once, untracked, so reading signals in it never repeats an outcome.
///
/// The outcome runs as part of the island that made the call, not of the effect that saw the
/// result: signals it creates (a new row's inputs, say) live as long as the island, instead of
/// being dropped when the next result re-runs the effect.
pub fn server_call<S>(outcome: impl Fn(Result<S::Output, PageError>) + 'static) -> ServerAction<S>
where
    S: ServerFn<Error = PageError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let owner = Owner::current();
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            let run = || untrack(|| outcome(result));
            match &owner {
                Some(owner) => owner.with(run),
                None => run(),
            }
        }
    });
    action
}

/// A server function called from a form: `dispatch` it, read `pending()` for the busy state;
/// when a call ends, `done` gets its value, or `error` the message in the user's language.
pub fn form_action<S>(
    locale: Locale,
    error: RwSignal<Option<String>>,
    done: impl Fn(S::Output) + 'static,
) -> ServerAction<S>
where
    S: ServerFn<Error = PageError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    server_call::<S>(move |result| match result {
        Ok(value) => done(value),
        Err(e) => error.set(Some(e.message(locale).to_owned())),
    })
}

/// A server call that leaves the page when it succeeds (`leave` reloads or navigates), or puts
/// the error into `error`. Its busy state lasts from the click until the page is gone.
pub fn leaving_action<S>(
    locale: Locale,
    error: RwSignal<Option<String>>,
    leave: impl Fn(S::Output) + 'static,
) -> (ServerAction<S>, Signal<bool>)
where
    S: ServerFn<Error = PageError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let action = form_action::<S>(locale, error, leave);
    let busy = Signal::derive(move || action.pending().get() || action.value().with(|v| matches!(v, Some(Ok(_)))));
    (action, busy)
}
