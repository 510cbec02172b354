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
    let action = ServerAction::<S>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(value)) => done(value),
        Some(Err(e)) => error.set(Some(e.message(locale).to_owned())),
        None => {}
    });
    action
}
