//! File uploads from islands (competition files, people imports): an XMLHttpRequest, because
//! `fetch` reports no upload progress. Browser only.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The file chosen in a file input, if any.
pub fn chosen_file(input: NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    input.get_untracked().and_then(|el| el.files()).and_then(|files| files.get(0))
}

/// Sends `file` as the multipart field `file`; `done` gets the status and body.
pub fn send(
    url: &str,
    method: &str,
    file: &web_sys::File,
    progress: RwSignal<Option<u32>>,
    done: impl FnOnce(u16, String) + 'static,
) -> Result<(), JsValue> {
    let form = web_sys::FormData::new()?;
    form.append_with_blob_and_filename("file", file, &file.name())?;
    let request = web_sys::XmlHttpRequest::new()?;
    request.open_with_async(method, url, true)?;
    request.set_request_header("Accept", "application/json")?;
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            let pct = (event.loaded() / event.total() * 100.0).round() as u32;
            progress.set(Some(pct.min(100)));
        }
    });
    request.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let answered = request.clone();
    let on_end = Closure::once(move || {
        let status = answered.status().unwrap_or(0);
        let body = answered.response_text().ok().flatten().unwrap_or_default();
        done(status, body);
    });
    request.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    on_end.forget();
    request.send_with_opt_form_data(Some(&form))?;
    Ok(())
}
