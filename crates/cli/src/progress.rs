//! The progress bar of `hanmoto build` on a terminal: reading the site, then the PDF book's
//! chapters laid out and pages written (from `BookPdf`'s progress callback).
//!
//! Drawn on stderr only when stderr is a terminal and `--quiet` is not given, so scripts, CI logs
//! and pipes never see it. The bar is cleared before anything else is printed.

use hanmoto_pdf::{Progress, ProgressFn, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// One bar for the whole build; a no-op when hidden.
pub struct BuildProgress {
    bar: Option<ProgressBar>,
}

impl BuildProgress {
    /// Shown on a terminal unless `quiet`.
    pub fn new(quiet: bool) -> BuildProgress {
        Self::with_target(!quiet && std::io::stderr().is_terminal())
    }

    fn with_target(visible: bool) -> BuildProgress {
        let bar = visible.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar
        });
        BuildProgress { bar }
    }

    /// While the site is read: the model gives no per-post progress, so a spinner with the time.
    pub fn reading_site(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message("reading the site (posts, Liquid, images)");
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// The site is read: `posts` posts.
    pub fn site_read(&self, posts: usize) {
        if let Some(bar) = &self.bar {
            bar.disable_steady_tick();
            bar.println(format!("   read {posts} posts"));
        }
    }

    /// A step without a count (the EPUB).
    pub fn step(&self, message: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_style(spinner_style());
            bar.set_length(0);
            bar.set_position(0);
            bar.set_message(message);
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// The callback for `BookPdf::progress`, or `None` when hidden (the renderer then skips
    /// the calls altogether).
    pub fn pdf_callback(&self) -> Option<ProgressFn> {
        let bar = self.bar.clone()?;
        let state = Arc::new(StageState::default());
        Some(Arc::new(move |p: Progress| state.update(&bar, p)))
    }

    /// Clears the bar, before the diagnostics and the `wrote …` lines are printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Where the bar is: the stage shown and the most done so far in it (callbacks come from the
/// layout threads in any order, so a smaller `done` arriving late must not move the bar back).
#[derive(Default)]
struct StageState {
    /// 0: none yet, 1: layout, 2: images, 3: paint.
    stage: AtomicU8,
    done: AtomicU64,
}

impl StageState {
    fn update(&self, bar: &ProgressBar, p: Progress) {
        let code = match p.stage {
            Stage::Layout => 1,
            Stage::Images => 2,
            Stage::Paint => 3,
        };
        let previous = self.stage.fetch_max(code, Ordering::AcqRel);
        if code < previous {
            return; // a late call from a stage already over
        }
        if code > previous {
            self.done.store(0, Ordering::Release);
            bar.disable_steady_tick();
            bar.set_style(bar_style());
            bar.set_message(match p.stage {
                Stage::Layout => "chapters laid out",
                Stage::Images => "images made",
                Stage::Paint => "pages written",
            });
            bar.set_position(0);
        }
        bar.set_length(p.total as u64);
        let done = p.done as u64;
        let before = self.done.fetch_max(done, Ordering::AcqRel);
        if done > before {
            bar.set_position(done);
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("  [{bar:32}] {pos:>4}/{len:4} {msg} {elapsed}")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden_bar() -> ProgressBar {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    }

    #[test]
    fn hidden_progress_gives_no_callback() {
        let p = BuildProgress::with_target(false);
        assert!(p.bar.is_none());
        assert!(p.pdf_callback().is_none());
        // And its steps are no-ops.
        p.reading_site();
        p.site_read(3);
        p.finish();
    }

    #[test]
    fn late_calls_never_move_the_bar_back_and_stages_reset_it() {
        let bar = hidden_bar();
        let s = StageState::default();
        let at = |stage, done, total| Progress { stage, done, total };
        s.update(&bar, at(Stage::Layout, 3, 10));
        s.update(&bar, at(Stage::Layout, 2, 10));
        assert_eq!((bar.position(), bar.length()), (3, Some(10)));
        s.update(&bar, at(Stage::Paint, 1, 40));
        assert_eq!((bar.position(), bar.length()), (1, Some(40)));
        // A layout thread reporting after painting began changes nothing.
        s.update(&bar, at(Stage::Layout, 10, 10));
        assert_eq!((bar.position(), bar.length()), (1, Some(40)));
        s.update(&bar, at(Stage::Paint, 40, 40));
        assert_eq!(bar.position(), 40);
    }
}
