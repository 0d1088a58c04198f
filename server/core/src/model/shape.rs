//! How a new turn is written in this document, for a front end that offers
//! to write one (completion): the format's label shape, refined by what the
//! file itself does where a format allows two shapes (Zoom's `[Name]
//! 18:02:15` or a time line before `Name: text`; an interview's `Name
//! (00:01:26):` among plain `Name:` transcripts), and the time a new label
//! can carry without putting the turns out of order.

use super::formats::{self, LabelShape, LabelTime};
use super::labels::LabelForm;
use super::{Transcript, Turn};
use crate::settings::Format;

impl<'a> Transcript<'a> {
    /// How a label is written at `offset`, the start of a new turn.
    pub fn label_shape_at(&self, offset: usize) -> LabelShape {
        let shape = formats::label_shape(self.format);
        let others = || {
            self.turns
                .iter()
                .filter(|t| !t.label.full.contains(&offset))
        };
        match self.format {
            Format::Zoom => {
                // A file has one shape: bracketed turns, else `Name: text`
                // turns after a time line (FORMATS.md §3.5).
                let bracketed = others().any(|t| t.label.form == LabelForm::Timestamped);
                let timed = || {
                    others().next().is_some()
                        || (self.lines.iter())
                            .any(|l| formats::time_line(self.format, l.text(self.text)).is_some())
                };
                if bracketed || !timed() {
                    return shape;
                }
                let plain = LabelShape {
                    before: "",
                    time: None,
                    after: ": ",
                    ..shape
                };
                if self.time_line_above(offset).is_some() {
                    plain
                } else {
                    LabelShape {
                        time: Some(LabelTime::LineBefore { zero: "00:00:00" }),
                        ..plain
                    }
                }
            }
            Format::Generic | Format::OralHistory => {
                let before = self.turns.partition_point(|t| t.label.full.start < offset);
                // A Markdown transcript's turns are `**Name:** text`: the
                // nearest other turn says whether this file is one.
                let other = |t: &&Turn| !t.label.full.contains(&offset);
                let nearest = self.turns[..before]
                    .iter()
                    .rev()
                    .find(other)
                    .or_else(|| self.turns[before..].iter().find(other));
                if nearest.is_some_and(|t| t.label.form == LabelForm::Markdown) {
                    return LabelShape {
                        before: "**",
                        after: ":** ",
                        ..shape
                    };
                }
                // The nearest `Name (00:01:26):` label, before the cursor or
                // else after it, says how this file writes its times.
                let timed = |t: &&Turn| {
                    t.label.form == LabelForm::Timestamped && !t.label.full.contains(&offset)
                };
                let Some(t) = self.turns[..before]
                    .iter()
                    .rev()
                    .find(timed)
                    .or_else(|| self.turns[before..].iter().find(timed))
                else {
                    return shape;
                };
                let Some(ts) = &t.label.timestamp else {
                    return shape;
                };
                let (open, close) = match self.text[ts.end..].chars().next() {
                    Some(']') => (" [", "]"),
                    _ => (" (", ")"),
                };
                LabelShape {
                    time: Some(LabelTime::InLabel {
                        open,
                        close,
                        zero: "00:00:00",
                    }),
                    after: if t.label.text_follows { ": " } else { ":\n" },
                    ..shape
                }
            }
            _ => shape,
        }
    }

    /// The time a new turn at `offset` can be given so that the turns stay
    /// in order: the time of the turn before it (its label's, or the time
    /// line above a Zoom `Name: text` label), else the time of the turn
    /// after it. `None` when no turn has a time.
    pub fn label_time_near(&self, offset: usize) -> Option<&'a str> {
        let time = |t: &Turn| {
            if t.label.full.contains(&offset) {
                return None;
            }
            t.label
                .timestamp
                .clone()
                .or_else(|| self.time_line_above(t.label.full.start))
        };
        let before = self.turns.partition_point(|t| t.label.full.start < offset);
        let range = self.turns[..before]
            .iter()
            .rev()
            .find_map(time)
            .or_else(|| self.turns[before..].iter().find_map(time))?;
        Some(&self.text[range])
    }

    /// The time on the line just above the line of `offset`, when that line
    /// is a time alone (Zoom's second shape).
    fn time_line_above(&self, offset: usize) -> Option<std::ops::Range<usize>> {
        let i = self.lines.partition_point(|l| l.content_end < offset);
        let above = &self.lines[i.checked_sub(1)?];
        let found = formats::time_line(self.format, above.text(self.text))?;
        Some(above.start + found.start..above.start + found.end)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{LabelTime, Transcript};
    use crate::settings::{Format, Settings};

    fn parse(text: &str, format: Format) -> Transcript<'_> {
        let settings = Settings {
            format: Some(format),
            ..Settings::default()
        };
        Transcript::parse(text, &settings)
    }

    #[test]
    fn otter_labels_carry_the_previous_turns_time() {
        let text = "\nDana Whitfield  0:03  \nHello.\n\nMarcus Okafor  1:12  \nYes.\n\n";
        let doc = parse(text, Format::Otter);
        let shape = doc.label_shape_at(text.len());
        assert_eq!(
            shape.time,
            Some(LabelTime::InLabel {
                open: "  ",
                close: "",
                zero: "0:00"
            })
        );
        assert_eq!(shape.after, "\n");
        assert_eq!(doc.label_time_near(text.len()), Some("1:12"));
        // Before the first turn, the first turn's time.
        assert_eq!(doc.label_time_near(0), Some("0:03"));
    }

    #[test]
    fn zoom_second_shape_writes_the_time_line_unless_one_is_there() {
        let text = "23:56:02\nTobias Lindqvist: Okay.\n\n23:56:19\nAnjali Ferreira: Happy to.\n\n\
                    23:56:31\nTobias Lindqvist: Good.\n\n23:56:40\nAnjali Ferreira: Yes.\n\n23:57:00\n";
        let doc = parse(text, Format::Zoom);
        // After a time line: `Name: ` alone.
        let shape = doc.label_shape_at(text.len());
        assert_eq!((shape.before, shape.time, shape.after), ("", None, ": "));
        // On a blank line after a turn: the time line too.
        let at = text.find("\n\n23:57").unwrap() + 1;
        let shape = doc.label_shape_at(at);
        assert_eq!(shape.time, Some(LabelTime::LineBefore { zero: "00:00:00" }));
        assert_eq!(doc.label_time_near(at), Some("23:56:40"));
    }

    #[test]
    fn an_interview_writes_its_labels_times_in_parentheses() {
        let text = "Dana Whitfield (00:01:26): Hello.\n\nMarcus Lee (00:02:03): Yes.\n\n";
        let doc = parse(text, Format::Generic);
        let shape = doc.label_shape_at(text.len());
        assert_eq!(
            (shape.time, shape.after),
            (
                Some(LabelTime::InLabel {
                    open: " (",
                    close: ")",
                    zero: "00:00:00"
                }),
                ": "
            )
        );
        assert_eq!(doc.label_time_near(text.len()), Some("00:02:03"));
        // Plain labels carry no time.
        let doc = parse("MK: Hello.\n\nTR: Yes.\n\n", Format::OralHistory);
        assert_eq!(doc.label_shape_at(0).time, None);
    }
}
