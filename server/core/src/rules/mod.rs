//! Rules and their registry.
//!
//! Each rule lives in its own file with its metadata (`META`) beside its
//! check. The list in [`crate::registry`] is the single source of truth for
//! which rules exist; this module declares a module for each and finds its
//! `META` and `check` there. `verbatim rules`, `verbatim rule NAME`, the
//! README's rule table and the LSP `codeDescription` links all come from the
//! metadata.
//!
//! Rules read the [`Transcript`] model and the [`Settings`] only; none parses
//! text on its own. Which rules run, and at what severity, is decided above
//! them, in [`crate::linter`].

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::model::{LowerCaseLog, MentionFilter, Transcript};
use crate::registry::with_every_rule;
pub use crate::registry::Rule;
use crate::settings::Settings;

/// Whether a rule offers a fix, and how safe it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
        }
    }
}

/// A rule's metadata. Names are kebab-case and stable: pipelines select and
/// ignore rules by them.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub severity: Severity,
    /// Off-by-default rules are enabled with `extend-select` or `select`.
    pub default_enabled: bool,
    pub summary: &'static str,
    /// Markdown: what it finds, why it matters, an example, and the fix.
    pub docs: &'static str,
    pub fix: FixKind,
    /// The parts of the model the check reads. Incremental analysis re-runs
    /// a rule only when an edit changed one of them; a rule that reads the
    /// text beyond its facts declares [`Reads::TEXT`] and runs every time.
    pub reads: Reads,
    /// The part of the model for whose every item the check does real work
    /// (a fuzzy comparison per name mention, a look at each marker's tag),
    /// or empty for a rule that only walks its parts. In a long document
    /// the rules due together are split between two cores by this work.
    pub work_per_item: Reads,
    /// The diagnostic's text is a name that declaring in `known-names`
    /// silences: editors offer "Add to known names" beside the fix.
    pub offers_known_name: bool,
}

bitflags::bitflags! {
    /// Parts of the [`Transcript`] a rule depends on. A part "changes" when an
    /// edit alters one of its items other than by moving it: an item added,
    /// removed or different, or an edit touching the text an item covers.
    /// Every rule also depends on the configuration.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Reads: u32 {
        /// The accepted speaker labels, in order (`Turn::label` only, not
        /// the turns' extents).
        const LABELS = 1 << 0;
        const MENTIONS = 1 << 1;
        const MARKERS = 1 << 2;
        const GROUPS = 1 << 3;
        const FOOTNOTE_REFS = 1 << 4;
        /// The notes and the notes block, and how the notes are spaced
        /// ([`Transcript::note_spacing`]).
        const NOTES = 1 << 5;
        const TIMESTAMPS = 1 << 6;
        const DOUBLED_WORDS = 1 << 7;
        const QUOTES = 1 << 8;
        const CUT_OFFS = 1 << 9;
        /// Trailing whitespace, double spaces and spaces before punctuation.
        const SPACING = 1 << 10;
        /// Anything else: turn extents, lines, blank runs, the text itself.
        /// (Questions asked through the [`Context`], such as
        /// [`Context::uses_in_lower_case`], need no part: their answers are
        /// kept and asked again after an edit.)
        const TEXT = 1 << 11;
        /// Caption cues: their numbers, timings and inline timestamps, and
        /// a WebVTT file's signature line.
        const CUES = 1 << 12;
        /// What a fix that adds lines at the end of the document writes
        /// after and with: where the text ends
        /// ([`Transcript::text_end`]), the document's line ending
        /// ([`Transcript::line_ending`]), and whether a line of its own
        /// reads as text ([`Transcript::bare_lines_are_text`]). A keystroke
        /// in the middle of the document changes none of them, where
        /// [`Reads::TEXT`] would run the rule again.
        const TAIL = 1 << 13;
        /// Which turns say nothing ([`Transcript::says_nothing`]). With the
        /// labels unchanged only a turn an edit touched can change, so the
        /// analysis looks at those turns alone: a keystroke in a turn's
        /// words changes it only when it empties the turn or fills an
        /// empty one, where [`Reads::TEXT`] would run the rule again.
        const TURN_WORDS = 1 << 14;
        /// The notes' words. Typing inside a note's text (after its
        /// label, before its end) changes this and not [`Reads::NOTES`],
        /// which then holds the notes' labels and numbers, where each note
        /// and the notes block start, and that their ends moved with the
        /// edit: a rule that reads what a note says reads this too.
        const NOTE_TEXT = 1 << 15;
    }
}

/// Where each rule's documentation lives online; the LSP `codeDescription`
/// links point here.
pub const DOCS_BASE_URL: &str = "https://verbatim.dev/rules/";

impl RuleMeta {
    pub fn docs_url(&self) -> String {
        format!("{DOCS_BASE_URL}{}", self.name)
    }
}

/// What a rule's check receives.
pub struct Context<'a, 'doc> {
    pub doc: &'a Transcript<'doc>,
    pub settings: &'a Settings,
    out: &'a mut Vec<Diagnostic>,
    /// What incremental analysis keeps of the rule between runs; `None`
    /// for a lint from scratch.
    memory: Option<Memory<'a>>,
    /// How many questions searched the text.
    pub(crate) searches: usize,
}

/// What incremental analysis keeps of a rule between its runs, lent to the
/// next run (see `incremental::memo`).
pub(crate) struct Memory<'a> {
    /// Every [`Context::uses_in_lower_case`] question and its answer: what
    /// incremental analysis asks again before it reuses the rule's
    /// diagnostics after an edit, so any rule may ask.
    pub asked: &'a mut LowerCaseLog,
    /// The mentions the rule said it reads ([`Context::read_mentions`]);
    /// `None` in it means every one.
    pub mentions: &'a mut Option<MentionFilter>,
    /// Answers known to hold for this document without a search: what
    /// incremental analysis kept of the rule's last run, sorted by word: a
    /// name check on a long draft asks hundreds of words, each looked up
    /// here.
    pub known: &'a [(String, Option<Range<usize>>)],
    /// The rule's last run, when the rule kept something of it
    /// ([`Context::keep`]) and what changed since can be told.
    pub since: Option<Since<'a>>,
    /// What the rule keeps of this run for the next ([`Context::keep`]).
    pub keep: &'a mut Option<Kept>,
    /// Whether each turn says nothing, when kept up to date for the rules
    /// that read it ([`Reads::TURN_WORDS`]); empty otherwise.
    pub says_nothing: &'a [bool],
    /// Set when the rule brought its last findings up to date rather than
    /// made them all again ([`Context::brought_up_to_date`]).
    pub updated: &'a mut bool,
    /// Set when the last run's findings stand but for those at these
    /// offsets and in the stretch scanned again
    /// ([`Context::keep_last_findings`]).
    pub kept_findings: &'a mut Option<Vec<usize>>,
}

/// What a rule keeps of a run for its next one ([`Context::keep`]): its
/// own type, which only it reads, moved with the edits made while the rule
/// does not run.
pub trait Keep: std::any::Any + Send + Sync {
    /// Moves what is kept by `change`; `false` when it touched it (it is
    /// then dropped, and the rule runs from scratch).
    fn moved(&mut self, change: Change) -> bool;

    fn as_any(&self) -> &dyn std::any::Any;
}

impl std::fmt::Debug for dyn Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keep")
    }
}

/// See [`Keep`].
pub type Kept = std::sync::Arc<dyn Keep>;

/// Edits, as one: the bytes `start..old_end` of the text then became
/// `start..new_end`.
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Change {
    /// Where the bytes `r` of the text before are now; `None` when the
    /// change touched them (or the bytes right next to them).
    pub fn moved(&self, r: &Range<usize>) -> Option<Range<usize>> {
        if r.end < self.start {
            Some(r.clone())
        } else if r.start > self.old_end {
            let by = self.new_end as isize - self.old_end as isize;
            Some(r.start.checked_add_signed(by)?..r.end.checked_add_signed(by)?)
        } else {
            None
        }
    }

    /// Finding `d` (of the text before) where it is now, its related
    /// places and its fix's edits moved too; `None` when the change touched
    /// any of them.
    pub fn moved_finding(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        d.range = self.moved(&d.range)?;
        for r in d.related.iter_mut() {
            r.range = self.moved(&r.range)?;
        }
        if let Some(f) = &mut d.fix {
            if !f.edits.iter().all(|e| self.moved(&e.range).is_some()) {
                return None;
            }
            // Shared with the kept findings: copied only when it moves.
            if f.edits
                .iter()
                .any(|e| self.moved(&e.range) != Some(e.range.clone()))
            {
                for e in &mut std::sync::Arc::make_mut(f).edits {
                    e.range = self.moved(&e.range).expect("checked above");
                }
            }
        }
        Some(d)
    }

    /// Moves each of `items`' offsets (`at`, in order); `false`, leaving
    /// some moved, when the change touched one.
    pub fn move_offsets<T>(&self, items: &mut [T], at: impl Fn(&mut T) -> &mut usize) -> bool {
        for item in items {
            let offset = at(item);
            match self.moved(&(*offset..*offset)) {
                Some(r) => *offset = r.start,
                None => return false,
            }
        }
        true
    }
}

/// A rule's last run, for a rule that can bring its findings up to date
/// rather than make them all again: given to it when every lower-case
/// answer it was given still holds, the labels changed on the edited lines
/// at most, the configuration and roster are the same, and the model tells
/// which lines it scanned again. The rule keeps that run's findings with
/// [`Context::keep_last_findings`] and pushes only the ones it made again.
pub struct Since<'a> {
    /// What the rule kept of that run, moved to the last lint.
    pub kept: &'a Kept,
    /// Every byte of the lines scanned again since, as one stretch of the
    /// text as it is now (`None`: none was): outside it every line's facts
    /// (its name mentions, markers, words) are the last run's, moved.
    pub rescanned: Option<Range<usize>>,
    /// The edits since the last lint, as one.
    pub change: Change,
    /// The turns whose labels changed: the last lint's turns `.0` are now
    /// the turns `.1`, every other turn the same (both empty when no label
    /// changed); `None` when labels changed elsewhere too.
    pub turns: Option<(Range<usize>, Range<usize>)>,
    /// What changed since, of what the rule reads ([`RuleMeta::reads`]):
    /// the rule brings its findings up to date only when it can tell what
    /// that changed.
    pub changed: Reads,
}

impl Since<'_> {
    /// Where the bytes `r` of the last run's text are now; `None` when an
    /// edit touched them (or the bytes right next to them).
    pub fn moved(&self, r: &Range<usize>) -> Option<Range<usize>> {
        self.change.moved(r)
    }

    /// Does the stretch scanned again hold offset `at`, of the text now?
    pub fn rescanned(&self, at: usize) -> bool {
        self.rescanned.as_ref().is_some_and(|r| r.contains(&at))
    }
}

impl<'a, 'doc> Context<'a, 'doc> {
    pub(crate) fn new(
        doc: &'a Transcript<'doc>,
        settings: &'a Settings,
        out: &'a mut Vec<Diagnostic>,
        memory: Option<Memory<'a>>,
    ) -> Self {
        Context {
            doc,
            settings,
            out,
            memory,
            searches: 0,
        }
    }

    pub fn text(&self) -> &str {
        self.doc.text
    }

    /// The full name of the speaker whose label has the key `key`: the
    /// configured `[roster]`'s, else the one the file names (its header's
    /// roster, `Transcript::roster`), which counts as if configured.
    pub fn roster(&self, key: &str) -> Option<&'a str> {
        match self.settings.roster.get(key) {
            Some(full) => Some(full.as_str()),
            None => self.doc.roster_name(key),
        }
    }

    /// Is `name` declared right: in `known-names`, in the configured
    /// `[roster]`, or a word of a name the file's own roster gives?
    pub fn is_known_name(&self, name: &str) -> bool {
        self.settings.is_known_name(name)
            || self.doc.roster.iter().any(|e| {
                self.doc
                    .slice(&e.name)
                    .split_whitespace()
                    .any(|w| w.to_lowercase() == name.to_lowercase())
            })
    }

    /// Does the spoken text use `word` (exactly, possessive removed) as a
    /// word that starts in lower case? A capitalised word whose lower-case
    /// form the document also uses is an ordinary word, not a name.
    ///
    /// Answered on demand rather than from a set of every word: rules ask
    /// about a handful of words, and a set would cost an allocation per word
    /// of the document on every parse.
    pub fn uses_in_lower_case(&mut self, word: &str) -> bool {
        let known: &[(String, Option<Range<usize>>)] =
            self.memory.as_ref().map_or(&[], |m| m.known);
        let at = known.binary_search_by(|(w, _)| w.as_str().cmp(word));
        let found = match at.ok().map(|i| &known[i]) {
            Some((_, line)) => line.clone(),
            None => {
                self.searches += 1;
                self.doc.lower_case_use(word, 0..self.doc.text.len())
            }
        };
        if let Some(m) = self.memory.as_mut() {
            m.asked.push((word.to_string(), found.clone()));
        }
        found.is_some()
    }

    /// Whether turn `i` of the document says nothing
    /// ([`Transcript::says_nothing`]): in incremental analysis, known
    /// without reading the turn; only the turns an edit reached are read
    /// again.
    pub fn says_nothing(&self, i: usize) -> bool {
        let known = self.memory.as_ref().map_or(&[][..], |m| m.says_nothing);
        if known.len() == self.doc.turns.len() {
            known[i]
        } else {
            self.doc.says_nothing(&self.doc.turns[i])
        }
    }

    /// Says that the rule's findings depend on no name mention `filter`
    /// does not admit: incremental analysis then keeps them after an edit
    /// that changed only other mentions. A rule that reads mentions and
    /// does not say so runs again whenever any mention changes.
    pub fn read_mentions(&mut self, filter: &MentionFilter) {
        if let Some(m) = self.memory.as_mut() {
            *m.mentions = Some(filter.clone());
        }
    }

    /// The rule's last run, to bring up to date (see [`Since`]); `None`
    /// when the rule must make its findings from scratch.
    pub fn since(&mut self) -> Option<Since<'a>> {
        self.memory.as_mut().and_then(|m| m.since.take())
    }

    /// Says that the rule brought the findings of its last run up to date
    /// ([`Context::since`]) rather than made them all again: the tests of
    /// incremental analysis count it.
    pub fn brought_up_to_date(&mut self) {
        if let Some(m) = self.memory.as_mut() {
            *m.updated = true;
        }
    }

    /// Brings the last run's findings up to date ([`Context::since`]): they
    /// stand, moved, but for those that start in the stretch scanned again
    /// or at one of `except` (offsets in the text now, sorted); the rule
    /// pushes only the findings that take their place. A keystroke that
    /// changes none of them hands the front end the last run itself, which
    /// it shows without converting a finding again (with 900 name findings,
    /// copying and sorting them all on each keystroke was a tenth of it).
    pub fn keep_last_findings(&mut self, except: Vec<usize>) {
        if let Some(m) = self.memory.as_mut() {
            debug_assert!(except.is_sorted(), "offsets in order");
            *m.kept_findings = Some(except);
            *m.updated = true;
        }
    }

    /// Keeps `kept` for the rule's next run ([`Context::since`]) in
    /// incremental analysis. A rule that keeps nothing is simply run
    /// again.
    pub fn keep(&mut self, kept: Kept) {
        if let Some(m) = self.memory.as_mut() {
            *m.keep = Some(kept);
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }
}

macro_rules! rule_modules {
    ($($variant:ident => $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        impl Rule {
            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $(Rule::$variant => &$module::META),*
                }
            }

            pub(crate) fn check(self, ctx: &mut Context) {
                match self {
                    $(Rule::$variant => $module::check(ctx)),*
                }
            }
        }
    };
}

with_every_rule!(rule_modules);

impl Rule {
    pub fn name(self) -> &'static str {
        self.meta().name
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Diagnostic {
    /// A finding of `rule` at its default severity; the configured severity
    /// replaces it when the rule runs ([`crate::linter`]).
    pub fn new(rule: Rule, range: Range<usize>, message: impl Into<Message>) -> Self {
        Diagnostic {
            rule,
            severity: rule.meta().severity,
            message: message.into(),
            range,
            fix: None,
            related: Default::default(),
        }
    }
}

#[cfg(test)]
mod doc_examples;
#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let m = rule.meta();
            assert!(seen.insert(m.name), "duplicate rule name {}", m.name);
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
            assert!(
                !m.summary.is_empty() && !m.docs.is_empty(),
                "{} lacks docs",
                m.name
            );
            assert!(m.docs.contains("```"), "{} docs lack an example", m.name);
            assert_eq!(Rule::from_name(m.name), Some(*rule));
        }
    }
}
