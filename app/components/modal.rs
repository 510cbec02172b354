//! A modal dialog: focus moves into it, Escape and the backdrop close it.

use leptos::prelude::*;

use super::dialog::CloseButton;
use crate::domain::Locale;

#[component]
pub fn Modal(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    locale: Locale,
    /// The `data-testid` of the dialog element.
    #[prop(optional)]
    testid: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div
                class="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40 p-4"
                on:click=move |_| open.set(false)
            >
                <div
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="modal-title"
                    data-testid=testid.unwrap_or("modal")
                    class="w-full max-w-lg rounded-xl bg-white p-6 shadow-xl"
                    on:click=|ev| ev.stop_propagation()
                >
                    <div class="mb-4 flex items-start justify-between gap-4">
                        <h2 id="modal-title" class="text-lg font-semibold text-slate-900">
                            {move || title.get()}
                        </h2>
                        <CloseButton open=open locale=locale testid="modal-close"/>
                    </div>
                    {children()}
                </div>
            </div>
        </Show>
    }
}
