//! The people table of `/admin/people` with its editor: rows rendered on the server; a modal
//! adds or edits a person (with what a stage change does, shown before saving), deactivates
//! or reactivates them, and makes a set-password link to copy.

use leptos::prelude::*;
use uuid::Uuid;

use super::hydrated_marker;
use crate::components::{server_call, Badge, Modal, Tone};
use crate::domain::weights::Budget;
use crate::domain::{FieldError, Locale, Role};
use crate::i18n::{field_error_text, role_msg, tr, Msg};
use crate::server_fns::people::{
    CreatePasswordLink, CreatePerson, PeopleOptions, PreviewStageChange, SetPersonActive, UpdatePerson,
};
use crate::users::{PasswordLink, PersonInput, PersonPatch, StageChangePreview, UserView};

fn status(user: &UserView) -> (Tone, Msg) {
    if user.active {
        (Tone::Success, Msg::StatusActive)
    } else {
        (Tone::Neutral, Msg::StatusInactive)
    }
}

fn budget_text(b: &Budget) -> String {
    format!("{} / {} / {}", b.quantitative, b.qualitative, b.competency)
}

/// Roles the actor may give: admins any, HR employees and managers.
fn grantable(actor: Role) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| actor == Role::Admin || matches!(r, Role::Employee | Role::Manager)).collect()
}

/// The form's fields as text, as the selects and inputs hold them.
#[derive(Clone, Copy, Default)]
struct Form {
    name: RwSignal<String>,
    email: RwSignal<String>,
    role: RwSignal<String>,
    stage: RwSignal<String>,
    team: RwSignal<String>,
    lang: RwSignal<String>,
}

impl Form {
    fn fill(&self, user: Option<&UserView>) {
        self.name.set(user.map(|u| u.display_name.clone()).unwrap_or_default());
        self.email.set(user.map(|u| u.email.clone()).unwrap_or_default());
        self.role.set(user.map_or(Role::Employee, |u| u.role).as_str().to_owned());
        self.stage.set(user.and_then(|u| u.stage.as_ref()).map(|s| s.id.to_string()).unwrap_or_default());
        self.team.set(user.and_then(|u| u.team_id).map(|t| t.to_string()).unwrap_or_default());
        self.lang.set(user.and_then(|u| u.locale).map(|l| l.as_str().to_owned()).unwrap_or_default());
    }
}

fn uuid_of(text: &str) -> Option<Uuid> {
    Uuid::parse_str(text).ok()
}

#[island]
pub fn PeopleTable(
    people: Vec<UserView>,
    /// (label, link, aria-sort) of each sortable column.
    headings: Vec<(String, String, Option<String>)>,
    options: PeopleOptions,
    actor_id: Uuid,
    actor_role: Role,
    locale: Locale,
) -> impl IntoView {
    let hydrated = hydrated_marker();
    let rows = RwSignal::new(people);
    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<UserView>);
    let form = Form::default();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<StageChangePreview>);
    let link = RwSignal::new(None::<PasswordLink>);
    let copied = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let options = StoredValue::new(options);

    let reset = move |user: Option<UserView>| {
        form.fill(user.as_ref());
        errors.set(Vec::new());
        problem.set(None);
        notice.set(None);
        preview.set(None);
        link.set(None);
        copied.set(false);
        confirming.set(false);
        editing.set(user);
        open.set(true);
    };
    let replace = move |user: UserView| {
        rows.update(|rows| match rows.iter_mut().find(|r| r.id == user.id) {
            Some(row) => *row = user.clone(),
            None => rows.insert(0, user.clone()),
        });
        form.fill(Some(&user));
        editing.set(Some(user));
    };
    let fail = move |error: crate::app::error::PageError| {
        if error.fields.is_empty() {
            problem.set(Some(error.message(locale).to_owned()));
        } else {
            errors.set(error.fields);
        }
    };
    let field_error = move |field: &'static str| move || errors.with(|errors| field_error_text(errors, field, locale));

    let preview_action = server_call::<PreviewStageChange>(move |result| {
        if let Ok(p) = result {
            preview.set(Some(p));
        }
    });
    let saved = move |result: Result<UserView, crate::app::error::PageError>, created: bool| match result {
        Ok(user) => {
            let name = &user.display_name;
            notice.set(Some(if created {
                tr!(locale, person_created, name = name)
            } else {
                tr!(locale, person_saved, name = name)
            }));
            preview.set(None);
            replace(user);
        }
        Err(error) => fail(error),
    };
    let create_action = server_call::<CreatePerson>(move |result| saved(result, true));
    let update_action = server_call::<UpdatePerson>(move |result| saved(result, false));
    let active_action = server_call::<SetPersonActive>(move |result| {
        match result {
            Ok(user) => {
                let name = &user.display_name;
                notice.set(Some(if user.active {
                    tr!(locale, person_reactivated, name = name)
                } else {
                    tr!(locale, person_deactivated, name = name)
                }));
                replace(user);
            }
            Err(error) => fail(error),
        }
        confirming.set(false);
    });
    let link_action = server_call::<CreatePasswordLink>(move |result| match result {
        Ok(made) => link.set(Some(made)),
        Err(error) => fail(error),
    });
    let busy = Signal::derive(move || {
        create_action.pending().get()
            || update_action.pending().get()
            || active_action.pending().get()
            || link_action.pending().get()
    });

    // A stage change of an existing person: what it does, before saving.
    let on_stage = move |value: String| {
        form.stage.set(value.clone());
        preview.set(None);
        let (Some(user), Some(stage)) = (editing.get_untracked(), uuid_of(&value)) else {
            return;
        };
        if user.stage.as_ref().map(|s| s.id) == Some(stage) {
            return;
        }
        preview_action.dispatch(PreviewStageChange { id: user.id, stage });
    };

    let save = move || {
        errors.set(Vec::new());
        problem.set(None);
        notice.set(None);
        let role = Role::parse(&form.role.get_untracked()).unwrap_or(Role::Employee);
        let stage = uuid_of(&form.stage.get_untracked());
        let team = uuid_of(&form.team.get_untracked());
        let lang = Locale::parse(&form.lang.get_untracked());
        let (email, display_name) = (form.email.get_untracked(), form.name.get_untracked());
        match editing.get_untracked() {
            None => {
                let input = PersonInput { email, display_name, role, stage_id: stage, team_id: team, locale: lang };
                create_action.dispatch(CreatePerson { input });
            }
            Some(user) => {
                let patch = PersonPatch {
                    email: Some(email),
                    display_name: Some(display_name),
                    role: Some(role),
                    stage_id: Some(stage),
                    team_id: Some(team),
                    locale: Some(lang),
                };
                update_action.dispatch(UpdatePerson { id: user.id, patch });
            }
        }
    };

    let set_active = move |active: bool| {
        let Some(user) = editing.get_untracked() else {
            return;
        };
        problem.set(None);
        notice.set(None);
        active_action.dispatch(SetPersonActive { id: user.id, active });
    };

    let make_link = move || {
        let Some(user) = editing.get_untracked() else {
            return;
        };
        problem.set(None);
        copied.set(false);
        link_action.dispatch(CreatePasswordLink { id: user.id });
    };
    let copy = move || {
        #[cfg(feature = "hydrate")]
        if let (Some(made), Some(window)) = (link.get_untracked(), web_sys::window()) {
            let _ = window.navigator().clipboard().write_text(&made.url);
            copied.set(true);
        }
    };

    let header_cells = headings
        .into_iter()
        .map(|(label, href, sort)| {
            let arrow = sort
                .as_deref()
                .map(|s| if s == "descending" { " ↓" } else { " ↑" });
            view! {
                <th scope="col" aria-sort=sort.clone() class="px-4 py-2.5 text-left font-semibold text-slate-700">
                    <a href=href class="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
                        {label}
                        {arrow}
                    </a>
                </th>
            }
        })
        .collect_view();
    let body = move || {
        rows.get()
            .into_iter()
            .map(|user| {
                let (tone, state) = status(&user);
                let last = user
                    .last_sign_in_at
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| Msg::Never.text(locale).to_owned());
                let stage = user
                    .stage
                    .as_ref()
                    .map(|s| s.number.to_string())
                    .unwrap_or_else(|| "—".to_owned());
                let chosen = user.clone();
                view! {
                    <tr class="hover:bg-slate-50" data-testid="people-row" data-email=user.email.clone()>
                        <td class="px-4 py-2.5 font-medium text-slate-900">{user.display_name.clone()}</td>
                        <td class="px-4 py-2.5 text-slate-600">{user.email.clone()}</td>
                        <td class="px-4 py-2.5"><Badge tone=Tone::Info>{role_msg(user.role).text(locale)}</Badge></td>
                        <td class="px-4 py-2.5 text-slate-700" data-testid="people-row-stage">{stage}</td>
                        <td class="px-4 py-2.5 text-slate-700">{user.team_name.clone().unwrap_or_else(|| "—".into())}</td>
                        <td class="px-4 py-2.5 text-slate-700">{user.manager_name.clone().unwrap_or_else(|| "—".into())}</td>
                        <td class="px-4 py-2.5"><Badge tone=tone>{state.text(locale)}</Badge></td>
                        <td class="px-4 py-2.5 text-slate-600">{last}</td>
                        <td class="px-4 py-2.5">
                            <button
                                type="button"
                                data-testid="people-row-details"
                                class="rounded text-sm font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                                on:click=move |_| reset(Some(chosen.clone()))
                            >
                                {Msg::PeopleEdit.text(locale)}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let title = Signal::derive(move || match editing.get() {
        Some(user) => user.display_name,
        None => Msg::PersonAdd.text(locale).to_owned(),
    });
    let input = "mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
    let label = "block text-xs font-medium text-slate-600";
    let error_text = "mt-1 text-xs text-rose-700";
    let roles = StoredValue::new(grantable(actor_role));

    let editor = move || {
        let roles = roles.get_value();
        let existing = editing.get();
        let is_self = existing.as_ref().is_some_and(|u| u.id == actor_id);
        let active = existing.as_ref().is_some_and(|u| u.active);
        let has_password = existing.as_ref().is_some_and(|u| u.has_password);
        let (stages, teams) = options.with_value(|o| (o.stages.clone(), o.teams.clone()));
        view! {
            <form class="space-y-3" data-testid="person-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                {existing.as_ref().map(|u| {
                    let last = u.last_sign_in_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| Msg::Never.text(locale).to_owned());
                    view! {
                        <p class="text-sm text-slate-600" data-testid="person-summary">
                            {u.email.clone()} " · " {status(u).1.text(locale)} " · "
                            {tr!(locale, last_sign_in_at, time = last)}
                            {(!u.has_password).then(|| format!(" · {}", Msg::NoPasswordYet.text(locale)))}
                        </p>
                    }
                })}
                {move || notice.get().map(|n| view! {
                    <p role="status" data-testid="person-notice" class="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">{n}</p>
                })}
                {move || problem.get().map(|p| view! {
                    <p role="alert" data-testid="person-error" class="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">{p}</p>
                })}
                <div class="grid gap-3 sm:grid-cols-2">
                    <div>
                        <label for="person-name" class=label>{Msg::FieldName.text(locale)}</label>
                        <input id="person-name" class=input required maxlength="200" data-testid="person-name"
                            prop:value=move || form.name.get() on:input=move |ev| form.name.set(event_target_value(&ev))/>
                        <p class=error_text>{field_error("displayName")}</p>
                    </div>
                    <div>
                        <label for="person-email" class=label>{Msg::FieldEmail.text(locale)}</label>
                        <input id="person-email" type="email" class=input required data-testid="person-email"
                            prop:value=move || form.email.get() on:input=move |ev| form.email.set(event_target_value(&ev))/>
                        <p class=error_text>{field_error("email")}</p>
                    </div>
                    <div>
                        <label for="person-role" class=label>{Msg::FieldRole.text(locale)}</label>
                        <select id="person-role" class=input data-testid="person-role"
                            prop:value=move || form.role.get() on:change=move |ev| form.role.set(event_target_value(&ev))>
                            {roles.iter().map(|r| view! { <option value=r.as_str()>{role_msg(*r).text(locale)}</option> }).collect_view()}
                        </select>
                        <p class=error_text>{field_error("role")}</p>
                    </div>
                    <div>
                        <label for="person-stage" class=label>{Msg::FieldStage.text(locale)}</label>
                        <select id="person-stage" class=input data-testid="person-stage"
                            prop:value=move || form.stage.get() on:change=move |ev| on_stage(event_target_value(&ev))>
                            <option value="">{Msg::NoStageOption.text(locale)}</option>
                            {stages.iter().map(|(id, number, name)| view! {
                                <option value=id.to_string()>{format!("{number} · {name}")}</option>
                            }).collect_view()}
                        </select>
                        <p class=error_text>{field_error("stageId")}</p>
                    </div>
                    <div>
                        <label for="person-team" class=label>{Msg::FieldTeam.text(locale)}</label>
                        <select id="person-team" class=input data-testid="person-team"
                            prop:value=move || form.team.get() on:change=move |ev| form.team.set(event_target_value(&ev))>
                            <option value="">{Msg::NoTeamOption.text(locale)}</option>
                            {teams.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                        <p class=error_text>{field_error("teamId")}</p>
                    </div>
                    <div>
                        <label for="person-lang" class=label>{Msg::FieldLanguage.text(locale)}</label>
                        <select id="person-lang" class=input data-testid="person-lang"
                            prop:value=move || form.lang.get() on:change=move |ev| form.lang.set(event_target_value(&ev))>
                            <option value="">{Msg::LanguageUnset.text(locale)}</option>
                            <option value="en">{Msg::LanguageEnglish.text(locale)}</option>
                            <option value="ja">{Msg::LanguageJapanese.text(locale)}</option>
                        </select>
                    </div>
                </div>
                {move || preview.get().map(|p| {
                    let before = p.before.as_ref().map(|b| budget_text(&b.weight_config)).unwrap_or_else(|| "—".into());
                    let after = budget_text(&p.after.weight_config);
                    let sheet = p.sheet.as_ref().map(|s| if s.back_to_draft {
                        Msg::StageChangeBackToDraft
                    } else if s.needs_rebalancing {
                        Msg::StageChangeRebalance
                    } else {
                        Msg::StageChangeSheetFine
                    }).unwrap_or(Msg::StageChangeNoSheet);
                    view! {
                        <div role="status" data-testid="stage-preview" class="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                            <p>{tr!(locale, stage_change_budgets, before = before, after = after)}</p>
                            <p data-testid="stage-preview-sheet">{sheet.text(locale)}</p>
                        </div>
                    }
                })}
                <div class="flex flex-wrap items-center gap-2 pt-2">
                    <button type="submit" data-testid="person-save" disabled=move || busy.get()
                        class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50">
                        {Msg::Save.text(locale)}
                    </button>
                    {existing.is_some().then(|| view! {
                        <button type="button" data-testid="person-link" disabled=move || busy.get() on:click=move |_| make_link()
                            class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
                            {if has_password { Msg::PasswordLinkReset } else { Msg::PasswordLinkCreate }.text(locale)}
                        </button>
                    })}
                    {(existing.is_some() && !is_self).then(|| if active {
                        view! {
                            <button type="button" data-testid="person-deactivate" disabled=move || busy.get()
                                on:click=move |_| if confirming.get_untracked() { set_active(false) } else { confirming.set(true) }
                                class="ml-auto rounded-md border border-rose-300 px-3 py-1.5 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50">
                                {move || if confirming.get() { Msg::PersonDeactivateConfirm } else { Msg::PersonDeactivate }.text(locale)}
                            </button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" data-testid="person-reactivate" disabled=move || busy.get() on:click=move |_| set_active(true)
                                class="ml-auto rounded-md border border-emerald-300 px-3 py-1.5 text-sm font-medium text-emerald-700 hover:bg-emerald-50 disabled:opacity-50">
                                {Msg::PersonReactivate.text(locale)}
                            </button>
                        }.into_any()
                    })}
                </div>
                {move || link.get().map(|made| view! {
                    <div class="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="password-link-box">
                        <p>{tr!(locale, password_link_shown, time = made.expires_at.format("%Y-%m-%d %H:%M").to_string())}</p>
                        <div class="mt-2 flex gap-2">
                            <input readonly class="block w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
                                aria-label=Msg::PasswordLinkLabel.text(locale) data-testid="password-link" prop:value=made.url.clone()/>
                            <button type="button" data-testid="password-link-copy" on:click=move |_| copy()
                                class="rounded-md bg-indigo-600 px-3 py-1 text-xs font-semibold text-white hover:bg-indigo-700">
                                {move || if copied.get() { Msg::Copied } else { Msg::Copy }.text(locale)}
                            </button>
                        </div>
                    </div>
                })}
            </form>
        }
    };

    view! {
        <div data-testid="people-details" data-hydrated=hydrated>
            <div class="mb-3 flex justify-end">
                <button type="button" data-testid="person-add" on:click=move |_| reset(None)
                    class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
                    {Msg::PersonAdd.text(locale)}
                </button>
            </div>
            <div class="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
                <table class="min-w-full divide-y divide-slate-200 text-sm" data-testid="people-table">
                    <caption class="sr-only">{Msg::PeopleTitle.text(locale)}</caption>
                    <thead class="bg-slate-50">
                        <tr>
                            {header_cells}
                            <th scope="col" class="px-4 py-2.5 text-left font-semibold text-slate-700">
                                <span class="sr-only">{Msg::PeopleEdit.text(locale)}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{body}</tbody>
                </table>
            </div>
            {move || rows.with(|r| r.is_empty()).then(|| view! { <p class="mt-4 text-sm text-slate-600">{Msg::PeopleEmpty.text(locale)}</p> })}
            <Modal open=open title=title locale=locale>
                {editor}
            </Modal>
        </div>
    }
}
