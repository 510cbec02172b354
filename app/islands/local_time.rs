//! A moment shown in the reader's time zone: the server renders UTC, the browser rewrites it
//! with its own zone and the page's language once the island runs.

use leptos::prelude::*;

use crate::domain::Locale;

#[island]
pub fn LocalTime(iso: String, fallback: String, locale: Locale) -> impl IntoView {
    let text = RwSignal::new(fallback);
    #[cfg(feature = "hydrate")]
    {
        let iso = iso.clone();
        Effect::new(move |_| {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&iso));
            if !date.get_time().is_nan() {
                let tag = match locale {
                    Locale::En => "en-GB",
                    Locale::Ja => "ja-JP",
                };
                let options = js_sys::Object::new();
                for (key, value) in [
                    ("year", "numeric"),
                    ("month", "short"),
                    ("day", "numeric"),
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                    ("timeZoneName", "short"),
                ] {
                    let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
                }
                text.set(String::from(date.to_locale_string(tag, &options)));
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
    view! { <time datetime=iso>{move || text.get()}</time> }
}
