//! A panel that slides in from the right for details; Escape and the backdrop close it.

use leptos::prelude::*;

use super::dialog::CloseButton;
use crate::domain::Locale;

#[component]
pub fn Drawer(
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
            <div class="fixed inset-0 z-40 bg-slate-900/30" on:click=move |_| open.set(false)></div>
            <aside
                role="dialog"
                aria-modal="true"
                aria-labelledby="drawer-title"
                data-testid=testid.unwrap_or("drawer")
                class="fixed inset-y-0 right-0 z-50 flex w-full max-w-md flex-col bg-white shadow-2xl"
            >
                <div class="flex items-center justify-between border-b border-slate-200 px-5 py-4">
                    <h2 id="drawer-title" class="text-base font-semibold text-slate-900">
                        {move || title.get()}
                    </h2>
                    <CloseButton open=open locale=locale testid="drawer-close"/>
                </div>
                <div class="flex-1 overflow-y-auto px-5 py-4">{children()}</div>
            </aside>
        </Show>
    }
}
