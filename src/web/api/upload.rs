//! Uploads of files (multipart field `file`): competition predictions and answer keys, people
//! imports. Each is capped before it is read and reads only within the memory budget.

use axum::extract::Request;

use crate::domain::FieldCode;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::limits::UploadRoom;

/// Room for the multipart framing around the file: boundaries and part headers.
const MULTIPART_OVERHEAD: usize = 64 * 1024;
/// The file's bytes reach the multipart parser in blocks of this size at most once: the parser
/// searches its whole buffer for the end of a part's headers each time a block arrives, so
/// small blocks would let an endless header cost time quadratic in its length.
const PARSE_BLOCK: usize = 1024 * 1024;

fn too_large(max_bytes: usize) -> AppError {
    AppError::PayloadTooLarge(Some(max_bytes))
}

/// The body as blocks of at least [`PARSE_BLOCK`] bytes (the last may be shorter).
fn in_blocks(body: axum::body::Body) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, axum::Error>> {
    use futures_util::StreamExt;
    let chunks = body.into_data_stream();
    futures_util::stream::unfold((chunks, false), |(mut chunks, done)| async move {
        if done {
            return None;
        }
        let mut block = Vec::new();
        while block.len() < PARSE_BLOCK {
            match chunks.next().await {
                Some(Ok(chunk)) => block.extend_from_slice(&chunk),
                Some(Err(e)) => return Some((Err(e), (chunks, true))),
                None if block.is_empty() => return None,
                None => return Some((Ok(block.into()), (chunks, true))),
            }
        }
        Some((Ok(block.into()), (chunks, false)))
    })
}

/// A file read from an upload, with the memory it holds until it is dropped.
pub struct FileUpload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub room: UploadRoom,
}

/// Reads the multipart field `file` of at most `max_bytes` within the uploads' memory budget.
/// An upload must announce its length (browsers and curl do): one over the cap is refused
/// before any of it is read (413), one without a length too (411), and reading never goes past
/// what was announced. `working` is how many times its length handling the file takes in
/// memory; that much room is reserved before reading starts.
pub async fn receive(
    state: &AppState,
    ctx: &crate::ctx::Ctx,
    request: Request,
    max_bytes: usize,
    working: u64,
) -> Result<FileUpload, AppError> {
    let whole = max_bytes + MULTIPART_OVERHEAD;
    let length = crate::web::limits::announced_length(&request).ok_or(AppError::LengthRequired)?;
    if length > whole as u64 {
        return Err(too_large(max_bytes));
    }
    let room = state.upload_budget.reserve(ctx.user_id(), length.saturating_mul(working)).await?;
    let (file_name, bytes) = read_file(request, max_bytes, length as usize).await?;
    Ok(FileUpload { file_name, bytes, room })
}

async fn read_file(request: Request, max_bytes: usize, length: usize) -> Result<(String, Vec<u8>), AppError> {
    let whole = max_bytes + MULTIPART_OVERHEAD;
    let boundary = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())
        .ok_or_else(|| {
            AppError::validation("file", FieldCode::Multipart, "expected multipart/form-data with a boundary")
        })?;
    let limits = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(whole as u64).for_field("file", max_bytes as u64));
    let mut multipart = multer::Multipart::with_constraints(
        // Never past what the upload announced, whatever the connection carries on.
        in_blocks(axum::body::Body::new(http_body_util::Limited::new(request.into_body(), length))),
        boundary,
        limits,
    );
    let problem = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => too_large(max_bytes),
        other => AppError::validation("file", FieldCode::Multipart, other.to_string()),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(problem)? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("upload.csv").to_owned();
        let mut bytes = Vec::with_capacity(length.min(max_bytes));
        while let Some(chunk) = field.chunk().await.map_err(problem)? {
            bytes.extend_from_slice(&chunk);
        }
        return Ok((file_name, bytes));
    }
    Err(AppError::validation("file", FieldCode::Required, "send the CSV as the multipart field \"file\""))
}

#[cfg(test)]
mod tests {
    //! R3: whatever a client sends as an upload, reading it answers a 4xx or a file within the
    //! cap — never a panic, never a 5xx, never more than was announced.
    use super::*;
    use proptest::prelude::*;

    const CAP: usize = 4096;

    fn read(content_type: &str, body: Vec<u8>) -> Result<(String, Vec<u8>), AppError> {
        let length = body.len();
        let request = Request::builder()
            .method("POST")
            .header("content-type", content_type)
            .body(axum::body::Body::from(body))
            .expect("a request");
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(read_file(request, CAP, length))
    }

    fn multipart(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (headers, data) in parts {
            out.extend_from_slice(b"--b\r\n");
            out.extend_from_slice(headers.as_bytes());
            out.extend_from_slice(b"\r\n\r\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--b--\r\n");
        out
    }

    fn part() -> impl Strategy<Value = (String, Vec<u8>)> {
        let headers = prop_oneof![
            Just("Content-Disposition: form-data; name=\"file\"; filename=\"x.csv\"".to_owned()),
            Just("Content-Disposition: form-data; name=\"other\"".to_owned()),
            Just("Content-Disposition: form-data; name=\"file\"".to_owned()),
            Just("X".repeat(20_000)),
            "[ -~]{0,80}",
        ];
        (headers, prop::collection::vec(any::<u8>(), 0..(CAP + 200)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_multipart_body_is_a_file_or_a_client_error(
            parts in prop::collection::vec(part(), 0..4),
            noise in prop::collection::vec(any::<u8>(), 0..300),
            framed in any::<bool>(),
        ) {
            let body = if framed { multipart(&parts) } else { noise };
            for content_type in ["multipart/form-data; boundary=b", "multipart/form-data", "text/csv"] {
                match read(content_type, body.clone()) {
                    Ok((_, bytes)) => prop_assert!(bytes.len() <= CAP),
                    Err(e) => prop_assert!(e.status().is_client_error(), "{e:?}"),
                }
            }
        }
    }

    #[test]
    fn a_file_over_the_cap_is_413() {
        let body = multipart(&[(
            "Content-Disposition: form-data; name=\"file\"; filename=\"x.csv\"".to_owned(),
            vec![b'1'; CAP + 1],
        )]);
        match read("multipart/form-data; boundary=b", body) {
            Err(error) => assert_eq!(error.status(), axum::http::StatusCode::PAYLOAD_TOO_LARGE),
            Ok((_, bytes)) => panic!("{} bytes accepted over a cap of {CAP}", bytes.len()),
        }
    }
}
