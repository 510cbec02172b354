//! Sign-in and sessions: password hashing, the sign-in throttle, the sign-in service and the
//! axum-login backend that keeps the signed-in user in the session.

pub mod backend;
pub mod password;
pub mod service;
pub mod session_store;
pub mod throttle;

pub use backend::{AuthSession, Backend, SessionUser};
