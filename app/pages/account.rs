//! The account pages: `/set-password` (the page of a set-password link; anyone with the link)
//! and `/profile` (one's name, language and password). Both are plain HTML forms posted to the
//! form handlers, so they work before any script arrives.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::PageHeader;
use crate::domain::password::MIN_PASSWORD_CHARS;
use crate::domain::Locale;
use crate::i18n::{tr, Msg};
use crate::session::session;

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
const BUTTON: &str = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2";

/// What a failed account form's `error=` code means, in the user's language. Codes come from
/// the form handlers; anything else is not repeated from the address.
fn account_error(code: &str, locale: Locale) -> String {
    let msg = match code {
        "too_short" => return tr!(locale, password_too_short, min = MIN_PASSWORD_CHARS.to_string()),
        "too_long" => Msg::PasswordTooLong,
        "mismatch" => Msg::PasswordMismatch,
        "wrong" => Msg::PasswordWrong,
        "invalid" => Msg::LinkInvalid,
        "used" => Msg::LinkUsed,
        "expired" => Msg::LinkExpired,
        "inactive" => Msg::LinkInactive,
        "required" => Msg::ErrNameRequired,
        "nul_character" => Msg::ErrNulCharacter,
        _ => Msg::ErrUnavailable,
    };
    msg.text(locale).to_owned()
}

fn alert(message: Option<String>) -> impl IntoView {
    message.map(|message| view! {
        <div id="form-error" role="alert" data-testid="form-error" class="mt-4 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
        </div>
    })
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let locale = session().locale;
    let query = use_query_map().get_untracked();
    let token = query.get("token").unwrap_or_default();
    let error = query.get("error").map(|code| account_error(&code, locale));
    let has_error = error.is_some();
    let min = MIN_PASSWORD_CHARS.to_string();
    view! {
        <div class="mx-auto mt-12 max-w-md">
            <div class="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
                <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{Msg::SetPasswordTitle.text(locale)}</h1>
                <p class="mt-1 text-sm text-slate-600">{tr!(locale, set_password_intro, min = min)}</p>
                {alert(error)}
                <form method="post" action="/auth/set-password" class="mt-6 space-y-4">
                    <input type="hidden" name="token" value=token/>
                    <div>
                        <label for="new-password" class="block text-sm font-medium text-slate-700">{Msg::NewPassword.text(locale)}</label>
                        <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength=min.clone() maxlength="1024"
                            data-testid="set-password" class=INPUT aria-describedby=has_error.then_some("form-error")/>
                    </div>
                    <div>
                        <label for="confirm-password" class="block text-sm font-medium text-slate-700">{Msg::ConfirmPassword.text(locale)}</label>
                        <input id="confirm-password" name="confirm" type="password" autocomplete="new-password" required minlength=min maxlength="1024"
                            data-testid="set-password-confirm" class=INPUT/>
                    </div>
                    <button type="submit" data-testid="set-password-submit" class=format!("w-full {BUTTON}")>
                        {Msg::SetPasswordSubmit.text(locale)}
                    </button>
                </form>
            </div>
        </div>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let s = session();
    let locale = s.locale;
    let Some(user) = s.user.clone() else {
        return ().into_any();
    };
    let query = use_query_map().get_untracked();
    let error = query.get("error").map(|code| account_error(&code, locale));
    let min = MIN_PASSWORD_CHARS.to_string();
    let lang = user.locale.map(|l| l.as_str()).unwrap_or("");
    view! {
        <PageHeader title=Msg::ProfileTitle intro=Msg::ProfileIntro/>
        {alert(error)}
        <div class="mt-4 grid gap-6 md:grid-cols-2">
            <form method="post" action="/account/profile" class="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="profile-form">
                <h2 class="text-lg font-semibold text-slate-900">{Msg::DashboardProfile.text(locale)}</h2>
                <p class="text-sm text-slate-600">{user.email.clone()}</p>
                <div>
                    <label for="profile-name" class="block text-sm font-medium text-slate-700">{Msg::FieldName.text(locale)}</label>
                    <input id="profile-name" name="display_name" required maxlength="200" class=INPUT value=user.display_name.clone() data-testid="profile-name"/>
                </div>
                <div>
                    <label for="profile-lang" class="block text-sm font-medium text-slate-700">{Msg::FieldLanguage.text(locale)}</label>
                    <select id="profile-lang" name="lang" class=INPUT data-testid="profile-lang">
                        <option value="" selected=lang.is_empty()>{Msg::LanguageUnset.text(locale)}</option>
                        <option value="en" selected=lang == "en">{Msg::LanguageEnglish.text(locale)}</option>
                        <option value="ja" selected=lang == "ja">{Msg::LanguageJapanese.text(locale)}</option>
                    </select>
                </div>
                <button type="submit" class=BUTTON data-testid="profile-save">{Msg::Save.text(locale)}</button>
            </form>
            <form method="post" action="/account/password" id="password" class="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="password-form">
                <h2 class="text-lg font-semibold text-slate-900">{Msg::ChangePassword.text(locale)}</h2>
                <p class="text-sm text-slate-600">{Msg::ChangePasswordIntro.text(locale)}</p>
                <div>
                    <label for="current-password" class="block text-sm font-medium text-slate-700">{Msg::CurrentPassword.text(locale)}</label>
                    <input id="current-password" name="current_password" type="password" autocomplete="current-password" required maxlength="1024" class=INPUT data-testid="current-password"/>
                </div>
                <div>
                    <label for="profile-new-password" class="block text-sm font-medium text-slate-700">{Msg::NewPassword.text(locale)}</label>
                    <input id="profile-new-password" name="new_password" type="password" autocomplete="new-password" required minlength=min.clone() maxlength="1024" class=INPUT data-testid="new-password"/>
                </div>
                <div>
                    <label for="profile-confirm" class="block text-sm font-medium text-slate-700">{Msg::ConfirmPassword.text(locale)}</label>
                    <input id="profile-confirm" name="confirm" type="password" autocomplete="new-password" required minlength=min maxlength="1024" class=INPUT data-testid="confirm-password"/>
                </div>
                <button type="submit" class=BUTTON data-testid="password-save">{Msg::ChangePassword.text(locale)}</button>
            </form>
        </div>
    }
    .into_any()
}
