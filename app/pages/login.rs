//! The sign-in page: a plain HTML form posted to `/auth/login`, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{tr, Msg};
use crate::session::session;

/// The time a throttled sign-in may try again, from the `until` the form handler put in the
/// address (seconds since 1970). Anything else, or a time that no throttle could have set, is
/// not shown: the page never repeats text from its address.
fn throttled_until(until: Option<&str>) -> Option<String> {
    let until = chrono::DateTime::from_timestamp(until?.parse::<i64>().ok()?, 0)?;
    let now = chrono::Utc::now();
    (until > now - chrono::Duration::minutes(1) && until <= now + chrono::Duration::minutes(16))
        .then(|| until.format("%Y-%m-%d %H:%M").to_string())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let query = use_query_map().get_untracked();
    let next = query.get("next").unwrap_or_default();
    let error = match query.get("error").as_deref() {
        Some("invalid") => Some(Msg::LoginInvalid.text(locale).to_owned()),
        Some("missing") => Some(Msg::LoginMissing.text(locale).to_owned()),
        Some("throttled") => Some(match throttled_until(query.get("until").as_deref()) {
            Some(time) => tr!(locale, login_throttled, time = time),
            None => Msg::LoginThrottledLater.text(locale).to_owned(),
        }),
        Some(_) => Some(Msg::ErrInternal.text(locale).to_owned()),
        None => None,
    };
    let input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
    let has_error = error.is_some();
    view! {
        <div class="mx-auto mt-12 max-w-md">
            <div class="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
                <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{Msg::LoginTitle.text(locale)}</h1>
                <p class="mt-1 text-sm text-slate-600">{Msg::LoginIntro.text(locale)}</p>
                {error.map(|message| view! {
                    <div id="login-error" role="alert" data-testid="login-error" class="mt-5 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
                        {message}
                    </div>
                })}
                <form method="post" action="/auth/login" class="mt-6 space-y-4" novalidate=false>
                    <input type="hidden" name="next" value=next/>
                    <div>
                        <label for="login-email" class="block text-sm font-medium text-slate-700">{Msg::LoginEmail.text(locale)}</label>
                        <input id="login-email" name="email" type="email" autocomplete="username" required autofocus
                            data-testid="login-email" class=input
                            aria-describedby=has_error.then_some("login-error") aria-invalid=has_error.then_some("true")/>
                    </div>
                    <div>
                        <label for="login-password" class="block text-sm font-medium text-slate-700">{Msg::LoginPassword.text(locale)}</label>
                        <input id="login-password" name="password" type="password" autocomplete="current-password" required
                            data-testid="login-password" class=input
                            aria-describedby=has_error.then_some("login-error") aria-invalid=has_error.then_some("true")/>
                    </div>
                    <button type="submit" data-testid="login-submit"
                        class="w-full rounded-md bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                        {Msg::LoginSubmit.text(locale)}
                    </button>
                </form>
            </div>
            {s.demo.then(|| view! { <p class="mt-4 text-center text-xs text-slate-500">{Msg::LoginDemoHint.text(locale)}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::throttled_until;

    #[test]
    fn only_a_plausible_time_is_shown() {
        let soon = (chrono::Utc::now() + chrono::Duration::minutes(10)).timestamp();
        assert!(throttled_until(Some(&soon.to_string())).is_some());
        let far = (chrono::Utc::now() + chrono::Duration::days(30)).timestamp();
        assert!(throttled_until(Some(&far.to_string())).is_none());
        assert!(throttled_until(Some("Call +1-555-0100")).is_none());
        assert!(throttled_until(None).is_none());
    }
}
