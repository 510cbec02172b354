//! What the modal and the drawer share: their close button, which takes the focus when they
//! open, and Escape, which closes them.

use leptos::prelude::*;

use crate::domain::Locale;
use crate::i18n::Msg;

/// The ✕ of a dialog. Rendered while the dialog is open, it takes the focus and makes Escape
/// close the dialog.
#[component]
pub fn CloseButton(open: RwSignal<bool>, locale: Locale, testid: &'static str) -> impl IntoView {
    let close_button = dismissable(open);
    view! {
        <button
            type="button"
            node_ref=close_button
            class="rounded p-1 text-slate-500 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            aria-label=Msg::Close.text(locale)
            data-testid=testid
            on:click=move |_| open.set(false)
        >
            "✕"
        </button>
    }
}

/// Wires Escape to close `open` and returns the close button's ref, focused on opening.
fn dismissable(open: RwSignal<bool>) -> NodeRef<leptos::html::Button> {
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(button) = close_button.get() {
                let _ = button.focus();
            }
        }
    });
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
        }
    });
    on_cleanup(move || handle.remove());
    close_button
}
