//! What the modal and the drawer share: focus moves to their close button when they open, and
//! Escape closes them.

use leptos::prelude::*;

/// Wires Escape to close `open` and returns the close button's ref, focused on opening.
pub fn dismissable(open: RwSignal<bool>) -> NodeRef<leptos::html::Button> {
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(button) = close_button.get() {
                let _ = button.focus();
            }
        }
    });
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
        }
    });
    on_cleanup(move || handle.remove());
    close_button
}
