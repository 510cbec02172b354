//! User-facing text in English and Japanese. The texts live in `locales/en.json` and
//! `locales/ja.json`; `build.rs` compiles them with leptos_i18n into the `i18n` module below,
//! which checks at compile time that every key read exists and that every placeholder of a
//! message gets a value. English plurals are keys with `_one`/`_other` forms, chosen by `count`.
//! The locale itself comes from the session ([`Locale`]), not from leptos_i18n's context.

mod codes;
mod messages;

pub use codes::*;
pub use messages::Msg;

use crate::domain::Locale;

/// The module leptos_i18n generates from the locale files (`i18n`); generated code keeps its
/// own style.
#[allow(unused_qualifications, clippy::all, clippy::pedantic)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

/// leptos_i18n's locale for ours.
pub fn lang(locale: Locale) -> i18n::Locale {
    match locale {
        Locale::En => i18n::Locale::en,
        Locale::Ja => i18n::Locale::ja,
    }
}

/// A message with placeholders, filled: `tr!(locale, team_members, count = 3)`. The key and
/// the names of its placeholders are checked at compile time.
/// Values are borrowed, except a plural's `count` (first), which is a number.
macro_rules! tr {
    ($locale:expr, $key:ident, count = $count:expr $(, $name:ident = $value:expr)* $(,)?) => {
        leptos_i18n::td_string!($crate::i18n::lang($locale), $key, count = $count $(, $name = &$value)*)
            .to_string()
    };
    ($locale:expr, $key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        leptos_i18n::td_string!($crate::i18n::lang($locale), $key $(, $name = &$value)*).to_string()
    };
}
pub(crate) use tr;

#[cfg(test)]
mod tests;
