//! The Submissions tab: one's own submissions with their scores and problems.

use super::*;

#[component]
pub(super) fn SubmissionsTab(data: CompetitionView, context: UserContext, locale: Locale) -> impl IntoView {
    let c = &data.competition;
    let open = c.status == CompetitionStatus::Active;
    let left = (i64::from(context.submissions_limit) - context.submissions_today).max(0);
    let upload = match context.role {
        CompetitionRole::Sponsor => view! { <p class="text-sm text-slate-600">{Msg::SponsorCannotSubmit.text(locale)}</p> }.into_any(),
        CompetitionRole::Viewer => view! { <p class="text-sm text-slate-600" data-testid="join-to-submit">{Msg::JoinToSubmit.text(locale)}</p> }.into_any(),
        CompetitionRole::Participant if !open => view! { <p class="text-sm text-slate-600">{Msg::SubmissionsClosed.text(locale)}</p> }.into_any(),
        CompetitionRole::Participant => view! {
            <div class="space-y-3">
                <p class="text-sm text-slate-700" data-testid="quota-remaining" data-left=left>
                    {tr!(locale, quota_remaining, left = left.to_string(), limit = context.submissions_limit.to_string(), time = context.resets_at.format("%Y-%m-%d %H:%M").to_string())}
                </p>
                <FileUpload url=format!("/api/v1/competitions/{}/submissions", c.id) kind=UploadKind::Submission locale=locale/>
            </div>
        }.into_any(),
    };
    let headers = [Msg::SubmittedColumn, Msg::FileColumn, Msg::FieldStatus, Msg::ScoreColumn]
        .iter()
        .map(|m| m.text(locale).to_owned())
        .collect();
    let (page, pages, total) = (data.submissions.page, data.submissions.page_count(), data.submissions.total);
    let history = data.submissions.items.clone();
    let history_params = vec![("tab".to_owned(), "submissions".to_owned())];
    let competition_id = c.id;
    let path = format!("/competitions/{}", c.slug);
    let receipts = path.clone();
    view! {
        <div class="space-y-8">
            <div class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::UploadHeading.text(locale)}</h2>
                {upload}
            </div>
            <div>
                <h2 class="mb-3 font-semibold text-slate-900">{Msg::YourSubmissions.text(locale)}</h2>
                {if history.is_empty() {
                    view! { <p class="text-sm text-slate-600">{Msg::NoSubmissions.text(locale)}</p> }.into_any()
                } else {
                    view! {
                        <Table caption=Msg::YourSubmissions.text(locale) headers=headers testid="my-submissions">
                            {history.into_iter().map(|s| view! {
                                <tr data-testid="history-row" data-status=s.status.as_str()>
                                    <td class="px-4 py-2.5 text-slate-600"><LocalTime iso=s.submitted_at.to_rfc3339() fallback=utc_text(s.submitted_at) locale=locale/></td>
                                    <td class="px-4 py-2.5">
                                        {if s.status == SubmissionStatus::Invalid {
                                            view! { <span>{s.file_name.clone()}</span> }.into_any()
                                        } else {
                                            view! {
                                                <a href=format!("/api/v1/competitions/{competition_id}/submissions/{}/file", s.id) download=s.file_name.clone()
                                                    class="font-medium text-indigo-700 hover:underline" data-testid="download-submission"
                                                    title=Msg::DownloadAction.text(locale)>{s.file_name.clone()}</a>
                                            }.into_any()
                                        }}
                                    </td>
                                    <td class="px-4 py-2.5">
                                        <SubmissionStatusBadge status=s.status locale=locale/>
                                        {s.invalidation_reason.clone().map(|reason| view! {
                                            <p class="mt-1 text-xs text-amber-800" data-testid="invalidation-reason">{tr!(locale, invalidated_because, reason = reason)}</p>
                                        })}
                                        {(!s.validation_errors.is_empty()).then(|| view! {
                                            <ul class="mt-1 list-disc pl-4 text-xs text-rose-700">
                                                {s.validation_errors.iter().map(|e| view! { <li data-code=e.code.as_str()>{validation_text(e, locale)}</li> }).collect_view()}
                                            </ul>
                                        })}
                                    </td>
                                    <td class="px-4 py-2.5 tabular-nums">
                                        {s.score.map(score_text).unwrap_or_else(|| "—".into())}
                                        {s.score.is_some().then(|| view! {
                                            <a href=format!("{receipts}/submissions/{}/receipt", s.id) data-testid="receipt-link"
                                                class="ml-2 text-xs font-medium text-indigo-700 hover:underline">{Msg::ReceiptAction.text(locale)}</a>
                                        })}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </Table>
                        {(pages > 1).then(|| view! { <Pagination locale=locale path=path params=history_params page=page pages=pages total=total/> })}
                    }.into_any()
                }}
            </div>
        </div>
    }
}
