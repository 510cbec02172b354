//! `/admin/people/import`: bulk import of people from CSV for admins and HR — a dry-run
//! preview first (creates, updates with their changed fields, every problem per line and
//! column), then one click applies it, all rows or none.

use leptos::prelude::*;

use crate::components::{Guarded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::PeopleImport;
use crate::session::session;

#[component]
pub fn PeopleImportPage() -> impl IntoView {
    let locale = session().locale;
    view! {
        <Guarded allow=Role::can_list_users>
            <PageHeader title=Msg::ImportTitle intro=Msg::ImportIntro/>
            <div class="mb-4 rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-700 shadow-sm">
                <p class="font-medium">{Msg::ImportColumnsHeading.text(locale)}</p>
                <pre class="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs">
                    "email,name,role,stage,team,manager_email\n"
                    "aiko@example.com,Aiko Tanaka,employee,6,Sales,ken@example.com\n"
                    "ken@example.com,Ken Sato,manager,4,,"
                </pre>
                <p class="mt-2">{Msg::ImportColumnsHelp.text(locale)}</p>
                <p class="mt-2"><a href="/api/v1/users/export.csv" download="people.csv" class="font-medium text-indigo-700 hover:underline">{Msg::ImportExportHint.text(locale)}</a></p>
            </div>
            <PeopleImport locale=locale/>
        </Guarded>
    }
}
