//! Extractors that speak the API's error format: the signed-in actor (401 otherwise), JSON
//! bodies and query strings whose problems become 422s with per-field details.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use sqlx::PgPool;

use crate::ctx::Ctx;
use crate::domain::{FieldCode, FieldError};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::context::RequestContext;

/// The acting user of an API call.
pub struct ApiCtx(pub Ctx);

impl<S: Send + Sync> FromRequestParts<S> for ApiCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let context = parts
            .extensions
            .get::<RequestContext>()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing")))?;
        Ok(ApiCtx(context.require_ctx()?))
    }
}

/// What every service call takes: the pool and the signed-in actor (401 without one).
pub struct Api {
    pub pool: PgPool,
    pub ctx: Ctx,
}

impl FromRequestParts<AppState> for Api {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ApiCtx(ctx) = ApiCtx::from_request_parts(parts, state).await?;
        Ok(Api { pool: state.pool.clone(), ctx })
    }
}

/// Path parameters (ids); one that does not parse names nothing that exists: 404.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|_| AppError::NotFound)
    }
}

/// A JSON body; malformed or mistyped JSON is a 422 naming the problem.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge(None)),
            Err(rejection) => Err(AppError::validation("body", FieldCode::InvalidJson, rejection.body_text())),
        }
    }
}

/// A JSON body that may be left out: no body, only white space or `null` is `T::default()`;
/// anything else must be JSON of the right shape (422 otherwise).
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = axum::body::Bytes::from_request(req, state).await.map_err(|_| AppError::PayloadTooLarge(None))?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        serde_json::from_slice::<Option<T>>(&body)
            .map(|value| OptionalJson(value.unwrap_or_default()))
            .map_err(|e| AppError::validation("body", FieldCode::InvalidJson, e.to_string()))
    }
}

/// Query parameters as text, parsed by the handler so every bad value gets a field error.
pub struct RawQuery(pub Vec<(String, String)>);

impl RawQuery {
    /// A comma-separated list (`status=open,closed`); a value `parse` does not know is a field
    /// error naming the `allowed` ones.
    pub fn list<T>(&self, name: &str, parse: impl Fn(&str) -> Option<T>, allowed: &str) -> Result<Vec<T>, AppError> {
        self.get(name)
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|value| {
                parse(value).ok_or_else(|| {
                    AppError::validation(name, FieldCode::Invalid, format!("{name} must be one of {allowed}"))
                })
            })
            .collect()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    /// An optional integer; text that is not one is a field error.
    pub fn int(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
        let value = self.get(name)?;
        match value.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(name, FieldCode::NotAnInteger, format!("{name} must be an integer")));
                None
            }
        }
    }
}

impl RawQuery {
    /// `page` and `pageSize`, with every problem as a field error.
    /// `?sort=&order=` against the fields the list offers (`None` when the request names no
    /// field: the list's own order); a field or order it does not offer is a 422 naming them.
    pub fn sort(&self, allowed: &[&'static str]) -> Result<Option<crate::domain::Sort>, AppError> {
        let field = self.get("sort");
        let sort = crate::domain::Sort::parse(field, self.get("order"), allowed).map_err(AppError::Validation)?;
        Ok(field.is_some_and(|s| !s.trim().is_empty()).then_some(sort))
    }

    pub fn page_request(&self) -> Result<crate::domain::PageRequest, AppError> {
        let mut errors = Vec::new();
        let (page, size) = (self.int("page", &mut errors), self.int("pageSize", &mut errors));
        match crate::domain::PageRequest::parse(page, size) {
            Ok(request) if errors.is_empty() => Ok(request),
            Ok(_) => Err(AppError::Validation(errors)),
            Err(mut more) => {
                errors.append(&mut more);
                Err(AppError::Validation(errors))
            }
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RawQuery {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(RawQuery(form_urlencoded::parse(query.as_bytes()).into_owned().collect()))
    }
}
