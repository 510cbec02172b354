//! The one-time notice after a form action, shown as a toast that hides itself.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::components::Toast;
use crate::domain::Locale;

#[island]
pub fn FlashToast(message: String, locale: Locale) -> impl IntoView {
    let visible = RwSignal::new(true);
    let hydrated = hydrated_marker();
    Effect::new(move |_| {
        set_timeout(move || visible.set(false), std::time::Duration::from_secs(6));
    });
    view! {
        <div data-testid="flash" data-hydrated=hydrated>
            <Toast visible=visible message=message locale=locale/>
        </div>
    }
}
