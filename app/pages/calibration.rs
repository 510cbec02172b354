//! `/nominations/:id/calibration`: for hr and admins, a closed or finalized cycle's official raw
//! ranking beside the one with each nominator's scores standardized, the nominators' habits,
//! and each nomination's scores raw and as z-scores. The official result stays the raw ranking.

use leptos::prelude::*;

use super::{id_param, with_id};
use crate::components::{Badge, CycleStatusBadge, Guarded, Loaded, Table, Tone};
use crate::domain::nominations::points_text;
use crate::domain::{Locale, Role};
use crate::i18n::{tr, Msg};
use crate::nominations::{CycleCalibration, CycleStatus};
use crate::server_fns::nominations::cycle_calibration;
use crate::session::session;

const LINK: &str = "text-sm font-medium text-indigo-700 hover:underline";

#[component]
pub fn CalibrationPage() -> impl IntoView {
    let locale = session().locale;
    let id = id_param();
    view! {
        <Guarded allow=Role::can_run_cycles>
            {
                let data = Resource::new(|| (), move |_| with_id(id, cycle_calibration));
                view! { <Loaded data=data let:calibration>{calibration_view(calibration, locale)}</Loaded> }
            }
        </Guarded>
    }
}

fn two(value: f64) -> String {
    format!("{value:.2}")
}

fn signed(value: f64) -> String {
    format!("{value:+.2}")
}

fn calibration_view(c: CycleCalibration, locale: Locale) -> impl IntoView {
    let cycle = c.cycle;
    let back = if cycle.status == CycleStatus::Finalized {
        format!("/nominations/history/{}", cycle.id)
    } else {
        format!("/nominations/{}/leaderboard", cycle.id)
    };
    let criteria: Vec<(uuid::Uuid, String)> = cycle.criteria.iter().map(|k| (k.id, k.name.clone())).collect();
    let name_of = |id: uuid::Uuid, list: &[(uuid::Uuid, String)]| {
        list.iter().find(|(k, _)| *k == id).map(|(_, n)| n.clone()).unwrap_or_default()
    };
    let nominee_names: Vec<(uuid::Uuid, String)> =
        c.nominees.iter().map(|n| (n.ranks.nominee_id, n.name.clone())).collect();
    let nominator_names: Vec<(uuid::Uuid, String)> =
        c.nominators.iter().map(|n| (n.habits.nominator_id, n.name.clone())).collect();
    let nominee_headers = [
        Msg::CalibrationRawRank,
        Msg::Nominee,
        Msg::CalibrationRawTotal,
        Msg::CalibrationCalibratedRank,
        Msg::CalibrationCalibratedTotal,
        Msg::CalibrationMoved,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    let nominator_headers = [
        Msg::Submitter,
        Msg::CalibrationNominations,
        Msg::CalibrationMean,
        Msg::CalibrationSpread,
        Msg::CalibrationScaleUsed,
    ]
    .iter()
    .map(|m| m.text(locale).to_owned())
    .collect();
    let nomination_headers =
        [Msg::Nominee, Msg::Submitter, Msg::CalibrationScores, Msg::WeightedScore, Msg::CalibrationCalibratedScore]
            .iter()
            .map(|m| m.text(locale).to_owned())
            .collect();
    let min = c.min_nominations;
    let notable_move = c.notable_move;
    view! {
        <a href=back class=LINK>"← " {cycle.name.clone()}</a>
        <div class="mt-4">
            <h1 class="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
                {tr!(locale, calibration_title, cycle = cycle.name.clone())}
                <CycleStatusBadge status=cycle.status locale=locale/>
            </h1>
            <p class="mt-2 max-w-3xl text-sm text-slate-600">{Msg::CalibrationIntro.text(locale)}</p>
            <p class="mt-2 text-sm text-slate-700" data-testid="calibration-scale">
                {tr!(locale, calibration_scale, mean = two(c.mean), spread = two(c.spread), min = min.to_string())}
            </p>
        </div>
        <section class="mt-6" aria-labelledby="calibration-nominees">
            <h2 id="calibration-nominees" class="mb-3 font-semibold text-slate-900">{Msg::CalibrationNomineesHeading.text(locale)}</h2>
            <Table caption=Msg::CalibrationNomineesHeading.text(locale) headers=nominee_headers testid="calibration-nominees">
                {c.nominees.into_iter().map(|n| {
                    let r = n.ranks;
                    let class = if r.notable { "bg-amber-50" } else { "" };
                    let moved = match r.moved {
                        0 => "—".to_owned(),
                        m if m > 0 => format!("↑{m}"),
                        m => format!("↓{}", -m),
                    };
                    view! {
                        <tr data-testid="calibration-nominee" data-name=n.name.clone() data-raw-rank=r.raw_rank
                            data-calibrated-rank=r.calibrated_rank data-notable=r.notable.to_string() class=class>
                            <td class="px-4 py-2.5 font-semibold tabular-nums">{r.raw_rank}</td>
                            <td class="px-4 py-2.5">{n.name.clone()}</td>
                            <td class="px-4 py-2.5 tabular-nums">{points_text(r.raw_total)}</td>
                            <td class="px-4 py-2.5 font-semibold tabular-nums">{r.calibrated_rank}</td>
                            <td class="px-4 py-2.5 tabular-nums">{two(r.calibrated_total)}</td>
                            <td class="px-4 py-2.5 tabular-nums">
                                {moved}
                                {r.notable.then(|| view! { <span class="ml-2"><Badge tone=Tone::Warning>{tr!(locale, calibration_notable, places = notable_move.to_string())}</Badge></span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </section>
        <section class="mt-8" aria-labelledby="calibration-nominators">
            <h2 id="calibration-nominators" class="mb-3 font-semibold text-slate-900">{Msg::CalibrationNominatorsHeading.text(locale)}</h2>
            <Table caption=Msg::CalibrationNominatorsHeading.text(locale) headers=nominator_headers testid="calibration-nominators">
                {c.nominators.into_iter().map(|n| {
                    let h = n.habits;
                    view! {
                        <tr data-testid="calibration-nominator" data-standardized=h.standardized.to_string()>
                            <td class="px-4 py-2.5">{n.name.clone()}</td>
                            <td class="px-4 py-2.5 tabular-nums">{h.nominations}</td>
                            <td class="px-4 py-2.5 tabular-nums">{two(h.mean)}</td>
                            <td class="px-4 py-2.5 tabular-nums">{two(h.spread)}</td>
                            <td class="px-4 py-2.5">
                                {if h.standardized {
                                    view! { <Badge tone=Tone::Success>{Msg::CalibrationStandardized.text(locale)}</Badge> }.into_any()
                                } else {
                                    view! { <Badge tone=Tone::Neutral>{tr!(locale, calibration_kept_raw, min = min.to_string())}</Badge> }.into_any()
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </section>
        <section class="mt-8" aria-labelledby="calibration-nominations">
            <h2 id="calibration-nominations" class="mb-3 font-semibold text-slate-900">{Msg::CalibrationNominationsHeading.text(locale)}</h2>
            <Table caption=Msg::CalibrationNominationsHeading.text(locale) headers=nomination_headers testid="calibration-nominations">
                {c.nominations.into_iter().filter(|n| n.approved).map(|n| {
                    let scores = n.scores.iter().map(|s| {
                        let z = s.z.map(|z| format!(" (z {})", signed(z))).unwrap_or_else(|| " (raw)".to_owned());
                        format!("{}: {}{z}", name_of(s.criterion_id, &criteria), s.raw)
                    }).collect::<Vec<_>>().join(" · ");
                    view! {
                        <tr data-testid="calibration-nomination" data-standardized=n.standardized.to_string()>
                            <td class="px-4 py-2.5">{name_of(n.nominee_id, &nominee_names)}</td>
                            <td class="px-4 py-2.5">{name_of(n.nominator_id, &nominator_names)}</td>
                            <td class="px-4 py-2.5 text-xs text-slate-700" data-testid="calibration-z">{scores}</td>
                            <td class="px-4 py-2.5 tabular-nums">{points_text(n.raw_weighted)}</td>
                            <td class="px-4 py-2.5 tabular-nums">{two(n.calibrated_weighted)}</td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </section>
    }
}
