//! `/team/goals` and `/team/goals/:id`: a manager's view of their team's goal sheets, and the
//! review of one sheet (approve, or return with a comment).

use leptos::prelude::*;

use super::{id_param, with_id};
use crate::components::{Badge, Guarded, Loaded, PageHeader, Table, Tone};
use crate::domain::Role;
use crate::i18n::{category_msg, sheet_status_msg, tr, Msg};
use crate::islands::SheetReview;
use crate::server_fns::team_goals::{list_team_sheets, review_sheet};
use crate::session::session;

#[component]
pub fn TeamGoalsPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_manage_teams>
            <PageHeader title=Msg::TeamGoalsTitle intro=Msg::TeamGoalsIntro/>
            <Loaded data=Resource::new(|| (), |_| list_team_sheets()) let:rows>
                {if rows.is_empty() {
                    view! { <p class="text-sm text-slate-600">{Msg::TeamGoalsEmpty.text(locale)}</p> }.into_any()
                } else {
                    let headers = [Msg::FieldName, Msg::Team, Msg::FieldStatus, Msg::Actions].iter().map(|m| m.text(locale).to_owned()).collect();
                    view! {
                        <Table caption=Msg::TeamGoalsTitle.text(locale) headers=headers testid="team-sheets">
                            {rows.into_iter().map(|row| {
                                let status = row.status.map(|s| sheet_status_msg(s).text(locale)).unwrap_or(Msg::StatusNotStarted.text(locale));
                                view! {
                                    <tr data-testid="team-sheet-row" data-email=row.email.clone()>
                                        <td class="px-4 py-2.5"><span class="font-medium text-slate-900">{row.display_name.clone()}</span> <span class="text-slate-500">{row.email.clone()}</span></td>
                                        <td class="px-4 py-2.5 text-slate-600">{row.team_name.clone()}</td>
                                        <td class="px-4 py-2.5" data-testid="team-sheet-status">{status}</td>
                                        <td class="px-4 py-2.5">
                                            {row.sheet_id.map(|id| view! {
                                                <a href=format!("/team/goals/{id}") class="text-sm font-medium text-indigo-700 hover:underline" data-testid="team-sheet-open">{Msg::OpenSheet.text(locale)}</a>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </Table>
                    }.into_any()
                }}
            </Loaded>
        </Guarded>
    }
}

#[component]
pub fn TeamSheetPage() -> impl IntoView {
    let locale = session().locale;
    let id = id_param();
    view! {
        <Guarded allow=Role::can_manage_teams>
            <a href="/team/goals" class="text-sm font-medium text-indigo-700 hover:underline">"← " {Msg::BackToTeam.text(locale)}</a>
            <Loaded data=Resource::new(|| (), move |_| with_id(id, review_sheet)) let:sheet error_class="mt-4">
                {{
                    let headers = [Msg::GoalTitle, Msg::GoalMeasure, Msg::GoalWeight].iter().map(|m| m.text(locale).to_owned()).collect::<Vec<_>>();
                    view! {
                        <h1 class="mt-4 text-2xl font-semibold tracking-tight text-slate-900">{tr!(locale, review_title, name = sheet.owner_name)}</h1>
                        <p class="mt-1 text-sm text-slate-600">{tr!(locale, goals_intro, period = sheet.period_name, stage = sheet.stage.name)}</p>
                        <div class="mt-6 space-y-6">
                            {crate::domain::weights::Category::ALL.into_iter().map(|category| {
                                let goals: Vec<_> = sheet.goals.iter().filter(|g| g.category == category).cloned().collect();
                                let total: crate::domain::weights::Weight = goals.iter().map(|g| g.weight).sum();
                                view! {
                                    <section>
                                        <h2 class="mb-2 flex items-center gap-2 font-semibold text-slate-900">
                                            {category_msg(category).text(locale)}
                                            <Badge tone=Tone::Neutral>{format!("{} / {}%", total, sheet.budget.get(category))}</Badge>
                                        </h2>
                                        <Table caption=category_msg(category).text(locale) headers=headers.clone()>
                                            {goals.into_iter().map(|g| view! {
                                                <tr data-testid="review-goal">
                                                    <td class="px-4 py-2.5"><p class="font-medium">{g.title}</p><p class="text-xs text-slate-500 whitespace-pre-line">{g.description}</p></td>
                                                    <td class="px-4 py-2.5 text-slate-600">{g.measure}</td>
                                                    <td class="px-4 py-2.5 tabular-nums">{g.weight.to_string()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </Table>
                                    </section>
                                }
                            }).collect_view()}
                        </div>
                        <SheetReview sheet_id=sheet.id.unwrap_or_default() status=sheet.status comment=sheet.manager_comment.clone() locale=locale/>
                    }.into_any()
                }}
            </Loaded>
        </Guarded>
    }
}
