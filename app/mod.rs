//! The Leptos UI: the HTML shell, the routes, pages, components and islands. Rendered on the
//! server; only the islands are compiled to wasm and come alive in the browser.

pub mod components;
pub mod error;
pub mod format;
pub mod i18n;
pub mod islands;
pub mod pages;
pub mod server_fns;
pub mod session;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::{Header, NotFound};
use crate::i18n::{tr, Msg};
use crate::islands::FlashToast;
use crate::pages::account::{ProfilePage, SetPasswordPage};
use crate::pages::admin::AdminPage;
use crate::pages::audit::AuditPage;
use crate::pages::calibration::CalibrationPage;
use crate::pages::competitions::{CompetitionPage, CompetitionsPage, NewCompetitionPage, ReceiptPage};
use crate::pages::cycles::{CycleAdminPage, CyclesAdminPage};
use crate::pages::dashboard::DashboardPage;
use crate::pages::goals::GoalsPage;
use crate::pages::login::LoginPage;
use crate::pages::nominations::{
    CyclePage, LeaderboardPage, NominatePage, NominationArchivePage, NominationHistoryPage, NominationsPage, ReviewPage,
};
use crate::pages::notifications::NotificationsPage;
use crate::pages::people::PeoplePage;
use crate::pages::people_import::PeopleImportPage;
use crate::pages::periods::PeriodsPage;
use crate::pages::stage_weights::StageWeightsPage;
use crate::pages::team_goals::{TeamGoalsPage, TeamSheetPage};
use crate::pages::teams::TeamsPage;
use crate::session::{session, Flash};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = session().locale;
    view! {
        <!DOCTYPE html>
        <html lang=locale.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options islands=true/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let s = session();
    let locale = s.locale;
    let flash = s.flash.map(|flash| match flash {
        Flash::SignedIn => {
            let name = s.user.as_ref().map(|u| u.display_name.as_str()).unwrap_or_default();
            tr!(locale, flash_signed_in, name = name)
        }
        Flash::LocaleChanged => Msg::FlashLocaleChanged.text(locale).to_owned(),
        Flash::PasswordSet => Msg::FlashPasswordSet.text(locale).to_owned(),
        Flash::PasswordChanged => Msg::FlashPasswordChanged.text(locale).to_owned(),
        Flash::ProfileSaved => Msg::FlashProfileSaved.text(locale).to_owned(),
    });
    view! {
        <Title text=Msg::AppName.text(locale)/>
        <Header/>
        <main id="main" class="mx-auto max-w-6xl px-4 py-8">
            <Router>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/people") view=PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/people/import") view=PeopleImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/teams") view=TeamsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/periods") view=PeriodsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/stage-weights") view=StageWeightsPage ssr=SsrMode::Async/>
                    <Route path=path!("/goals") view=GoalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/team/goals") view=TeamGoalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/team/goals/:id") view=TeamSheetPage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations") view=NominationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/history") view=NominationHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/history/:id") view=NominationArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/:id") view=CyclePage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/:id/nominate") view=NominatePage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/:id/review") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/:id/leaderboard") view=LeaderboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/nominations/:id/calibration") view=CalibrationPage ssr=SsrMode::Async/>
                    <Route path=path!("/competitions") view=CompetitionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/competitions/new") view=NewCompetitionPage ssr=SsrMode::Async/>
                    <Route path=path!("/competitions/:slug") view=CompetitionPage ssr=SsrMode::Async/>
                    <Route path=path!("/competitions/:slug/submissions/:id/receipt") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cycles") view=CyclesAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cycles/:id") view=CycleAdminPage ssr=SsrMode::Async/>
                </Routes>
            </Router>
        </main>
        {flash.map(|message| view! { <FlashToast message=message locale=locale/> })}
    }
}
