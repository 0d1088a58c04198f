//! Which rules exist: the one list, and [`Rule`], each rule's name in code.
//!
//! Adding a rule means adding one line here and one file in `rules/`. The
//! list is a macro so that two layers can read it without depending on each
//! other: this module declares [`Rule`] from it, low enough that a
//! [`crate::Diagnostic`] and a [`crate::Config`] can name a rule; `rules`
//! declares each rule's module from it and finds each rule's `META` and
//! `check` there. Nothing here knows what a rule checks.

/// Calls `$then!` with every rule as `Variant => module`, in the order
/// `verbatim rules` lists them.
macro_rules! with_every_rule {
    ($then:ident) => {
        $then! {
            SpeakerNameMismatch => speaker_name_mismatch,
            SpeakerLabelVariant => speaker_label_variant,
            EmptyTurn => empty_turn,
            FootnoteMissingNote => footnote_missing_note,
            FootnoteUnusedNote => footnote_unused_note,
            FootnoteDuplicateNote => footnote_duplicate_note,
            FootnoteOrder => footnote_order,
            UnclosedMarker => unclosed_marker,
            UnknownMarker => unknown_marker,
            MarkerStyle => marker_style,
            TimestampOrder => timestamp_order,
            TimestampFormat => timestamp_format,
            WebvttHeader => webvtt_header,
            CueTimestampFormat => cue_timestamp_format,
            CueEndsBeforeStart => cue_ends_before_start,
            CueOrder => cue_order,
            CueOverlap => cue_overlap,
            SrtSequence => srt_sequence,
            InterruptionStyle => interruption_style,
            RepeatedWord => repeated_word,
            TrailingWhitespace => trailing_whitespace,
            MultipleBlankLines => multiple_blank_lines,
            DoubleSpace => double_space,
            MixedQuotes => mixed_quotes,
            SpaceBeforePunctuation => space_before_punctuation,
        }
    };
}
pub(crate) use with_every_rule;

macro_rules! declare_rule {
    ($($variant:ident => $module:ident),* $(,)?) => {
        /// Every rule, in the order `verbatim rules` lists them. Its name,
        /// documentation and defaults are its `META` ([`Rule::meta`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant),*
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];
        }
    };
}

with_every_rule!(declare_rule);
