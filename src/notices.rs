//! Messages for the user: errors, warnings and information, shown as dismissable banners;
//! information fades by itself after a few seconds, errors and warnings stay until dismissed.

use leptos::prelude::*;
use std::time::Duration;

/// How long an informational notice stays.
const INFO_LASTS: Duration = Duration::from_secs(6);

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

/// One message in the banner area.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    id: u64,
    pub level: Level,
    pub text: String,
}

/// The app's notices (provided as context).
#[derive(Clone, Copy)]
pub struct Notices(RwSignal<Vec<Notice>>);

impl Notices {
    pub fn new() -> Notices {
        Notices(RwSignal::new(Vec::new()))
    }

    /// Adds a notice; an identical one already shown is not repeated. Information is
    /// removed after [`INFO_LASTS`].
    pub fn push(&self, level: Level, text: impl Into<String>) {
        let text = text.into();
        let mut added = None;
        self.0.update(|v| {
            if !v.iter().any(|n| n.text == text) {
                let id = v.iter().map(|n| n.id + 1).max().unwrap_or(0);
                v.push(Notice { id, level, text });
                added = Some(id);
            }
        });
        if let (Some(id), Level::Info) = (added, level) {
            let list = self.0;
            set_timeout(move || list.try_update(|v| v.retain(|n| n.id != id)).unwrap_or(()), INFO_LASTS);
        }
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(Level::Error, text)
    }

    pub fn warn(&self, text: impl Into<String>) {
        self.push(Level::Warning, text)
    }

    pub fn info(&self, text: impl Into<String>) {
        self.push(Level::Info, text)
    }
}

/// The banner area.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let notices = expect_context::<Notices>();
    view! {
        <section class="notices" aria-live="polite" aria-label="Messages">
            <For each=move || notices.0.get() key=|n| n.id let:n>
                <div
                    class="banner"
                    class:banner-error=n.level == Level::Error
                    class:banner-warning=n.level == Level::Warning
                    class:banner-info=n.level == Level::Info
                    role=if n.level == Level::Error { "alert" } else { "status" }
                >
                    <span>{n.text.clone()}</span>
                    <button
                        class="dismiss"
                        title="Dismiss"
                        aria-label="Dismiss this message"
                        on:click=move |_| notices.0.update(|v| v.retain(|m| m.id != n.id))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </section>
    }
}
