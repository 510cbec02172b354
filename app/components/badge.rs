//! A small coloured label for statuses and roles.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Neutral,
    Info,
    Success,
    Warning,
    Danger,
}

impl Tone {
    fn classes(self) -> &'static str {
        match self {
            Tone::Neutral => "bg-slate-100 text-slate-700 ring-slate-300",
            Tone::Info => "bg-indigo-50 text-indigo-700 ring-indigo-200",
            Tone::Success => "bg-emerald-50 text-emerald-700 ring-emerald-200",
            Tone::Warning => "bg-amber-50 text-amber-800 ring-amber-200",
            Tone::Danger => "bg-rose-50 text-rose-700 ring-rose-200",
        }
    }

    pub fn state(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Info => "info",
            Tone::Success => "success",
            Tone::Warning => "warning",
            Tone::Danger => "danger",
        }
    }
}

#[component]
pub fn Badge(#[prop(optional)] tone: Tone, children: Children) -> impl IntoView {
    view! {
        <span
            class=format!(
                "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset {}",
                tone.classes(),
            )
            data-tone=tone.state()
        >
            {children()}
        </span>
    }
}
