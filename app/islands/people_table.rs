//! The people table: rows rendered on the server, a modal with a person's profile on click.

use leptos::prelude::*;

use super::hydrated_marker;
use crate::components::{Badge, Modal, Table, Tone};
use crate::domain::Locale;
use crate::i18n::{role_msg, Msg};
use crate::users::UserView;

fn language(user: &UserView) -> Msg {
    match user.locale {
        Some(Locale::En) => Msg::LanguageEnglish,
        Some(Locale::Ja) => Msg::LanguageJapanese,
        None => Msg::LanguageUnset,
    }
}

fn status(user: &UserView) -> (Tone, Msg) {
    if user.active {
        (Tone::Success, Msg::StatusActive)
    } else {
        (Tone::Neutral, Msg::StatusInactive)
    }
}

#[island]
pub fn PeopleTable(people: Vec<UserView>, locale: Locale) -> impl IntoView {
    let open = RwSignal::new(false);
    let selected = RwSignal::new(None::<UserView>);
    let hydrated = hydrated_marker();
    let headers = [
        Msg::FieldName,
        Msg::FieldEmail,
        Msg::FieldRole,
        Msg::FieldStatus,
        Msg::AuditDetails,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    let empty = people.is_empty();
    let rows = people
        .into_iter()
        .map(|user| {
            let (tone, state) = status(&user);
            view! {
                <tr class="hover:bg-slate-50" data-testid="people-row">
                    <td class="px-4 py-2.5 font-medium text-slate-900">{user.display_name.clone()}</td>
                    <td class="px-4 py-2.5 text-slate-600">{user.email.clone()}</td>
                    <td class="px-4 py-2.5"><Badge tone=Tone::Info>{role_msg(user.role).text(locale)}</Badge></td>
                    <td class="px-4 py-2.5"><Badge tone=tone>{state.text(locale)}</Badge></td>
                    <td class="px-4 py-2.5">
                        <button
                            type="button"
                            data-testid="people-row-details"
                            class="rounded text-sm font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                            on:click=move |_| {
                                selected.set(Some(user.clone()));
                                open.set(true);
                            }
                        >
                            {Msg::PeopleShowDetails.text(locale)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let title = Signal::derive(move || selected.get().map(|u| u.display_name).unwrap_or_default());
    let details = move || {
        selected.get().map(|user| {
            view! {
                <dl class="grid grid-cols-3 gap-3 text-sm">
                    <dt class="font-medium text-slate-500">{Msg::FieldEmail.text(locale)}</dt><dd class="col-span-2">{user.email.clone()}</dd>
                    <dt class="font-medium text-slate-500">{Msg::FieldRole.text(locale)}</dt><dd class="col-span-2">{role_msg(user.role).text(locale)}</dd>
                    <dt class="font-medium text-slate-500">{Msg::FieldLanguage.text(locale)}</dt><dd class="col-span-2">{language(&user).text(locale)}</dd>
                    <dt class="font-medium text-slate-500">{Msg::FieldStatus.text(locale)}</dt><dd class="col-span-2">{status(&user).1.text(locale)}</dd>
                    <dt class="font-medium text-slate-500">{Msg::FieldJoined.text(locale)}</dt><dd class="col-span-2">{user.created_at.format("%Y-%m-%d").to_string()}</dd>
                </dl>
            }
        })
    };
    view! {
        <div data-testid="people-details" data-hydrated=hydrated>
            <Table caption=Msg::PeopleTitle.text(locale) headers=headers testid="people-table">
                {rows}
            </Table>
            {empty.then(|| view! { <p class="mt-4 text-sm text-slate-600">{Msg::PeopleEmpty.text(locale)}</p> })}
            <Modal open=open title=title locale=locale>
                {details}
            </Modal>
        </div>
    }
}
