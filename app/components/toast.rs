//! A toast notice in the corner, announced to screen readers; dismissable.

use leptos::prelude::*;

use crate::domain::Locale;
use crate::i18n::Msg;

#[component]
pub fn Toast(visible: RwSignal<bool>, #[prop(into)] message: Signal<String>, locale: Locale) -> impl IntoView {
    view! {
        <div aria-live="polite" class="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4">
            <Show when=move || visible.get()>
                <div
                    role="status"
                    data-testid="toast"
                    class="pointer-events-auto flex items-center gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
                >
                    <span>{move || message.get()}</span>
                    <button
                        type="button"
                        class="rounded px-1 text-slate-300 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-white"
                        aria-label=Msg::Dismiss.text(locale)
                        on:click=move |_| visible.set(false)
                    >
                        "✕"
                    </button>
                </div>
            </Show>
        </div>
    }
}
