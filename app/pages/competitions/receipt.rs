//! `/competitions/:slug/submissions/:id/receipt`: how a submission's score came about — the
//! inputs with their SHA-256, the arithmetic of each part with its numbers, and the command
//! that reproduces them.

use super::*;
use crate::competitions::Receipt;
use crate::domain::metrics::{Arithmetic, Terms};
use crate::server_fns::competitions::submission_receipt;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let locale = session().locale;
    let params = use_params_map().get_untracked();
    let slug = params.get("slug").unwrap_or_default();
    let submission = params.get("id").and_then(|s| Uuid::parse_str(&s).ok()).unwrap_or_default();
    let data = Resource::new(|| (), move |_| submission_receipt(slug.clone(), submission));
    view! {
        <Loaded data=data let:data>
            {{
                let (c, receipt) = data;
                view! {
                    <a href=format!("/competitions/{}?tab=submissions", c.slug) class="text-sm font-medium text-indigo-700 hover:underline">
                        "← " {c.title.clone()}
                    </a>
                    <div class="mt-4">
                        <PageHeader title=Msg::ReceiptTitle intro=Msg::ReceiptIntro/>
                    </div>
                    <ReceiptView receipt=receipt locale=locale/>
                }
            }}
        </Loaded>
    }
}

#[component]
fn ReceiptView(receipt: Receipt, locale: Locale) -> impl IntoView {
    let r = receipt;
    let fact = |label: Msg, value: String, testid: &'static str| {
        view! {
            <div class="sm:col-span-1">
                <dt class="text-xs text-slate-500">{label.text(locale)}</dt>
                <dd class="mt-0.5 break-all font-medium text-slate-900" data-testid=testid>{value}</dd>
            </div>
        }
    };
    let (tone, verdict) = if r.reproduced {
        ("border-emerald-200 bg-emerald-50 text-emerald-900", Msg::ReceiptReproduced)
    } else {
        ("border-amber-200 bg-amber-50 text-amber-900", Msg::ReceiptNotReproduced)
    };
    let rows = format!("{} ({} / {})", r.rows.overall, r.rows.public, r.rows.private);
    let metric = r.metric;
    view! {
        <div class="space-y-6" data-testid="receipt" data-reproduced=r.reproduced.to_string()>
            <p class=format!("rounded-lg border px-4 py-3 text-sm {tone}") data-testid="receipt-verdict">{verdict.text(locale)}</p>
            <dl class="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm shadow-sm sm:grid-cols-2">
                {fact(Msg::ReceiptFile, r.file_name.clone(), "receipt-file")}
                {fact(Msg::ReceiptKeyVersion, format!("v{}", r.key_version), "receipt-key-version")}
                {fact(Msg::ReceiptFileSha, r.file_sha256.clone(), "receipt-file-sha")}
                {fact(Msg::ReceiptKeySha, r.key_sha256.clone(), "receipt-key-sha")}
                {fact(Msg::MetricLabel, metric_name(metric).to_owned(), "receipt-metric")}
                {fact(Msg::ReceiptMetricVersion, r.metric_version.clone(), "receipt-metric-version")}
                {fact(Msg::ReceiptRows, rows, "receipt-rows")}
            </dl>
            <Part title=Msg::ReceiptPartAll part="overall" metric=metric arithmetic=r.arithmetic.overall.clone() locale=locale/>
            <Part title=Msg::ReceiptPartPublic part="public" metric=metric arithmetic=Some(r.arithmetic.public.clone()) locale=locale/>
            <Part title=Msg::ReceiptPartPrivate part="private" metric=metric arithmetic=r.arithmetic.private.clone() locale=locale/>
            <section class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="receipt-command-heading">
                <h2 id="receipt-command-heading" class="font-semibold text-slate-900">{Msg::ReceiptCommandHeading.text(locale)}</h2>
                <p class="mt-1 text-sm text-slate-600">{Msg::ReceiptCommandNote.text(locale)}</p>
                <pre class="mt-3 overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-3 text-xs text-slate-100" data-testid="receipt-command"><code>{r.command.clone()}</code></pre>
                {(!r.split_key_included).then(|| view! { <p class="mt-2 text-xs text-slate-600">{Msg::ReceiptSplitKeyNote.text(locale)}</p> })}
            </section>
        </div>
    }
}

/// One part's arithmetic: its terms and the formula with their values; the private part before
/// the deadline only says that it is hidden.
#[component]
fn Part(
    title: Msg,
    part: &'static str,
    metric: Metric,
    arithmetic: Option<Arithmetic>,
    locale: Locale,
) -> impl IntoView {
    let body = match arithmetic {
        None => view! { <p class="mt-2 text-sm text-slate-600" data-testid="receipt-hidden">{Msg::ReceiptPrivateHidden.text(locale)}</p> }.into_any(),
        Some(a) => {
            let terms: Vec<(Msg, String)> = match a.terms {
                Terms::RankSum { positives, negatives, rank_sum } => vec![
                    (Msg::ReceiptPositives, positives.to_string()),
                    (Msg::ReceiptNegatives, negatives.to_string()),
                    (Msg::ReceiptRankSum, rank_sum.to_string()),
                ],
                Terms::Confusion { true_positives, false_positives, false_negatives, true_negatives } => vec![
                    (Msg::ReceiptTp, true_positives.to_string()),
                    (Msg::ReceiptFp, false_positives.to_string()),
                    (Msg::ReceiptFn, false_negatives.to_string()),
                    (Msg::ReceiptTn, true_negatives.to_string()),
                ],
                Terms::Sum { sum } => {
                    let label = match metric {
                        Metric::Rmse => Msg::ReceiptSumSquared,
                        Metric::Mae => Msg::ReceiptSumAbsolute,
                        _ => Msg::ReceiptSumLogloss,
                    };
                    vec![(label, sum.to_string())]
                }
            };
            view! {
                <dl class="mt-3 grid gap-3 text-sm sm:grid-cols-4">
                    <div><dt class="text-xs text-slate-500">{Msg::ReceiptRows.text(locale)}</dt><dd class="font-medium tabular-nums">{a.rows}</dd></div>
                    {terms.into_iter().map(|(label, value)| view! {
                        <div><dt class="text-xs text-slate-500">{label.text(locale)}</dt><dd class="font-medium tabular-nums">{value}</dd></div>
                    }).collect_view()}
                    <div><dt class="text-xs text-slate-500">{Msg::ReceiptScore.text(locale)}</dt><dd class="font-semibold tabular-nums" data-testid="receipt-score">{a.score.to_string()}</dd></div>
                </dl>
                <p class="mt-3 text-xs text-slate-500">{Msg::ReceiptFormula.text(locale)}</p>
                <p class="mt-1 overflow-x-auto rounded-lg bg-slate-50 p-3 font-mono text-sm text-slate-900" data-testid="receipt-formula">{a.formula}</p>
            }.into_any()
        }
    };
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="receipt-part" data-part=part>
            <h2 class="font-semibold text-slate-900">{title.text(locale)}</h2>
            {body}
        </section>
    }
}
