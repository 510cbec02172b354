//! `/admin/periods`: evaluation periods for admins — plan one (name, start, end), open it
//! (one at a time), close it (its sheets become read-only).

use leptos::prelude::*;
use uuid::Uuid;

use super::LoadError;
use crate::app::error::PageError;
use crate::components::{Guarded, PageHeader};
use crate::domain::Role;
use crate::i18n::Msg;
use crate::islands::PeriodsEditor;
use crate::periods::{Period, PeriodInput};
use crate::session::session;

#[server(endpoint = "periods/list")]
pub async fn list_periods() -> Result<Vec<Period>, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    ctx.require(Role::can_administer)?;
    Ok(crate::periods::service::list(&state.pool, &ctx).await?)
}

#[server(endpoint = "periods/create")]
pub async fn create_period(input: PeriodInput) -> Result<Period, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(crate::periods::service::create(&state.pool, &ctx, &input).await?)
}

#[server(endpoint = "periods/set-open")]
pub async fn set_period_open(id: Uuid, open: bool) -> Result<Period, PageError> {
    let (state, ctx) = crate::web::context::server_fn_ctx()?;
    Ok(if open {
        crate::periods::service::open(&state.pool, &ctx, id).await?
    } else {
        crate::periods::service::close(&state.pool, &ctx, id).await?
    })
}

#[component]
pub fn PeriodsPage() -> impl IntoView {
    view! {
        <Guarded allow=Role::can_administer>
            <PeriodsContent/>
        </Guarded>
    }
}

#[component]
fn PeriodsContent() -> impl IntoView {
    let locale = session().locale;
    let data = Resource::new(|| (), |_| list_periods());
    view! {
        <PageHeader title=Msg::PeriodsTitle intro=Msg::PeriodsIntro/>
        <Suspense fallback=move || view! { <p class="text-sm text-slate-500">{Msg::Loading.text(locale)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error=error/> }.into_any(),
                    Ok(periods) => view! { <PeriodsEditor periods=periods locale=locale/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
