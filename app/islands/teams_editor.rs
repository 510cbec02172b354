//! The teams of `/admin/teams`: a form for a new team, and per team its name and manager (saved
//! together), its members (add by e-mail, remove) and, when empty, delete.

use leptos::prelude::*;
use uuid::Uuid;

use super::hydrated_marker;
use crate::app::error::PageError;
use crate::components::{server_call, FormOutcome};
use crate::domain::Locale;
use crate::i18n::{tr, Msg};
use crate::server_fns::teams::{AddTeamMember, CreateTeam, DeleteTeam, RemoveTeamMember, UpdateTeam};
use crate::teams::{TeamInput, TeamPatch, TeamView};

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
const BUTTON: &str =
    "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50";
const SECONDARY: &str = "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";

fn leader_options(leaders: &[(Uuid, String, String)]) -> impl IntoView {
    leaders
        .iter()
        .map(|(id, name, email)| view! { <option value=id.to_string()>{format!("{name} <{email}>")}</option> })
        .collect_view()
}

#[island]
pub fn TeamsEditor(teams: Vec<TeamView>, leaders: Vec<(Uuid, String, String)>, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let teams = RwSignal::new(teams);
    let leaders = StoredValue::new(leaders);
    let message = RwSignal::new(None::<(bool, String)>);
    let (new_name, new_manager) = (RwSignal::new(String::new()), RwSignal::new(String::new()));

    let replace = move |team: TeamView| {
        teams.update(|all| {
            // A person is in one team: whoever joined this one left any other.
            for other in all.iter_mut().filter(|t| t.id != team.id) {
                other.members.retain(|m| !team.members.iter().any(|n| n.id == m.id));
            }
            match all.iter_mut().find(|t| t.id == team.id) {
                Some(t) => *t = team.clone(),
                None => all.push(team.clone()),
            }
        })
    };
    let report = move |result: Result<String, PageError>| {
        message.set(Some(match result {
            Ok(text) => (true, text),
            Err(error) => (false, error.message(locale).to_owned()),
        }));
    };
    // Every change answers the team as it now is; the cards are drawn again from the list.
    let saved = move |result: Result<TeamView, PageError>| {
        report(result.map(|team| {
            let text = tr!(locale, team_saved, name = team.name);
            replace(team);
            text
        }))
    };
    let create_action = server_call::<CreateTeam>(move |result| {
        report(result.map(|team| {
            let text = tr!(locale, team_created, name = team.name);
            replace(team);
            new_name.set(String::new());
            text
        }))
    });
    let update_action = server_call::<UpdateTeam>(saved);
    let add_action = server_call::<AddTeamMember>(saved);
    let remove_action = server_call::<RemoveTeamMember>(saved);
    let delete_action = server_call::<DeleteTeam>(move |result| {
        report(result.map(|id| {
            teams.update(|all| all.retain(|t| t.id != id));
            Msg::TeamDeleted.text(locale).to_owned()
        }))
    });
    let busy = Signal::derive(move || {
        create_action.pending().get()
            || update_action.pending().get()
            || add_action.pending().get()
            || remove_action.pending().get()
            || delete_action.pending().get()
    });

    let create = move || {
        let Ok(manager) = Uuid::parse_str(&new_manager.get_untracked()) else {
            message.set(Some((false, Msg::TeamManagerRequired.text(locale).to_owned())));
            return;
        };
        create_action.dispatch(CreateTeam { input: TeamInput { name: new_name.get_untracked(), manager_id: manager } });
    };

    let team_card = move |team: TeamView| {
        let id = team.id;
        let name = RwSignal::new(team.name.clone());
        let manager = RwSignal::new(team.manager_id.to_string());
        let email = RwSignal::new(String::new());
        let save = move || {
            let patch = TeamPatch {
                name: Some(name.get_untracked()),
                manager_id: Uuid::parse_str(&manager.get_untracked()).ok(),
            };
            update_action.dispatch(UpdateTeam { id, patch });
        };
        let add = move || {
            add_action.dispatch(AddTeamMember { id, email: email.get_untracked() });
        };
        let remove = move |user: Uuid| {
            remove_action.dispatch(RemoveTeamMember { id, user });
        };
        let delete = move || {
            delete_action.dispatch(DeleteTeam { id });
        };
        let empty = team.members.is_empty();
        let name_id = format!("team-name-{id}");
        let manager_id = format!("team-manager-{id}");
        let email_id = format!("team-add-{id}");
        view! {
            <section class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="team-card" data-team=team.name.clone()>
                <form class="grid gap-3 sm:grid-cols-[1fr_1fr_auto]" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div>
                        <label class="block text-xs font-medium text-slate-600" for=name_id.clone()>{Msg::FieldName.text(locale)}</label>
                        <input id=name_id class=INPUT required maxlength="100" data-testid="team-name"
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </div>
                    <div>
                        <label class="block text-xs font-medium text-slate-600" for=manager_id.clone()>{Msg::FieldManager.text(locale)}</label>
                        <select id=manager_id class=INPUT data-testid="team-manager"
                            prop:value=move || manager.get() on:change=move |ev| manager.set(event_target_value(&ev))>
                            {leaders.with_value(|l| leader_options(l))}
                        </select>
                    </div>
                    <div class="flex items-end">
                        <button type="submit" class=SECONDARY data-testid="team-save" disabled=move || busy.get()>{Msg::Save.text(locale)}</button>
                    </div>
                </form>
                <h3 class="mt-4 text-sm font-semibold text-slate-900">{tr!(locale, team_members, count = team.members.len())}</h3>
                <ul class="mt-2 divide-y divide-slate-100 text-sm" data-testid="team-members">
                    {team.members.iter().map(|m| {
                        let user = m.id;
                        view! {
                            <li class="flex items-center justify-between py-1.5" data-testid="team-member" data-email=m.email.clone()>
                                <span>{m.display_name.clone()} <span class="text-slate-500">{format!(" <{}>", m.email)}</span></span>
                                <button type="button" class="text-sm font-medium text-rose-700 hover:underline" data-testid="team-member-remove"
                                    disabled=move || busy.get() on:click=move |_| remove(user)>
                                    {Msg::Remove.text(locale)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form class="mt-3 flex items-end gap-2" on:submit=move |ev| { ev.prevent_default(); add(); }>
                    <div class="flex-1">
                        <label class="block text-xs font-medium text-slate-600" for=email_id.clone()>{Msg::TeamAddMember.text(locale)}</label>
                        <input id=email_id type="email" required class=INPUT data-testid="team-add-email" placeholder="name@example.com"
                            prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class=SECONDARY data-testid="team-add" disabled=move || busy.get()>{Msg::Add.text(locale)}</button>
                </form>
                {empty.then(|| view! {
                    <button type="button" class="mt-3 text-sm font-medium text-rose-700 hover:underline" data-testid="team-delete"
                        disabled=move || busy.get() on:click=move |_| delete()>
                        {Msg::TeamDelete.text(locale)}
                    </button>
                })}
            </section>
        }
    };

    view! {
        <div class="space-y-4" data-hydrated=hydrated data-testid="teams-editor">
            <FormOutcome message=message testid="teams"/>
            <form class="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_1fr_auto]"
                data-testid="team-create" on:submit=move |ev| { ev.prevent_default(); create(); }>
                <div>
                    <label class="block text-xs font-medium text-slate-600" for="new-team-name">{Msg::TeamNew.text(locale)}</label>
                    <input id="new-team-name" class=INPUT required maxlength="100" data-testid="new-team-name"
                        prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                </div>
                <div>
                    <label class="block text-xs font-medium text-slate-600" for="new-team-manager">{Msg::FieldManager.text(locale)}</label>
                    <select id="new-team-manager" class=INPUT data-testid="new-team-manager"
                        prop:value=move || new_manager.get() on:change=move |ev| new_manager.set(event_target_value(&ev))>
                        <option value="">{Msg::ChooseManager.text(locale)}</option>
                        {leaders.with_value(|l| leader_options(l))}
                    </select>
                </div>
                <div class="flex items-end">
                    <button type="submit" class=BUTTON data-testid="new-team-submit" disabled=move || busy.get()>{Msg::TeamCreate.text(locale)}</button>
                </div>
            </form>
            {move || {
                let all = teams.get();
                if all.is_empty() {
                    view! { <p class="text-sm text-slate-600">{Msg::DashboardNoTeams.text(locale)}</p> }.into_any()
                } else {
                    all.into_iter().map(team_card).collect_view().into_any()
                }
            }}
        </div>
    }
}
