//! What the handlers answer, declared once: the success replies, and the error answers the
//! endpoints share in the OpenAPI document. An endpoint lists those by name in
//! `responses(...)`, beside its own success answer and any error it explains further.

use axum::http::StatusCode;
use axum::Json;

use crate::error::{AppError, ErrorBody};

/// A JSON answer with status 200, or the error's answer.
pub type Reply<T> = Result<Json<T>, AppError>;

/// A JSON answer with status 201, or the error's answer.
pub type Created<T> = Result<(StatusCode, Json<T>), AppError>;

/// The 201 answer for what was just made.
pub fn created<T>(value: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(value))
}

macro_rules! shared_errors {
    ($($name:ident => $status:tt, $description:tt;)*) => {$(
        #[doc = $description]
        #[derive(utoipa::IntoResponses)]
        #[response(status = $status, description = $description)]
        pub struct $name(pub ErrorBody);
    )*};
}

shared_errors! {
    Unauthorized => 401, "Not signed in, or the session has ended";
    Forbidden => 403, "The caller's role does not allow this";
    NotFound => 404, "Nothing in the caller's organization has this id";
    Conflict => 409, "The item's current state does not allow this";
    Invalid => 422, "Invalid input: `details` names each field with its code";
}

/// A file to download: served with `Content-Disposition: attachment` under `file_name`, and
/// `X-Content-Type-Options: nosniff` so a browser never renders it. A name outside plain ASCII
/// (people name their files in Japanese) travels as RFC 6266's `filename*`, with an ASCII
/// stand-in for old clients.
pub struct Attachment {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// A CSV file (UTF-8).
    pub fn csv(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { file_name: file_name.into(), content_type: "text/csv; charset=utf-8", bytes: bytes.into() }
    }

    fn disposition(&self) -> String {
        let plain: String = self
            .file_name
            .chars()
            .map(|c| if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '/' | ';' | '%') { c } else { '_' })
            .collect();
        // RFC 5987's attr-char keeps letters, digits and a few marks as they are.
        const KEEP: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'_');
        let encoded = percent_encoding::utf8_percent_encode(&self.file_name, KEEP);
        format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
    }
}

impl axum::response::IntoResponse for Attachment {
    fn into_response(self) -> axum::response::Response {
        use axum::http::header;
        let disposition = self.disposition();
        (
            [
                (header::CONTENT_TYPE, self.content_type.to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            self.bytes,
        )
            .into_response()
    }
}

/// A file download, or the error's answer.
pub type Download = Result<Attachment, AppError>;

#[cfg(test)]
mod tests {
    use super::Attachment;

    #[test]
    fn a_file_name_travels_plain_and_encoded() {
        let file = Attachment::csv("予測 v2\"a.csv", "x");
        assert_eq!(
            file.disposition(),
            "attachment; filename=\"___v2_a.csv\"; filename*=UTF-8''%E4%BA%88%E6%B8%AC%20v2%22a.csv"
        );
        assert_eq!(
            Attachment::csv("people.csv", "").disposition(),
            "attachment; filename=\"people.csv\"; filename*=UTF-8''people.csv"
        );
    }
}
