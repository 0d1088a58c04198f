//! Clock segments: which timestamps count from the same start.
//!
//! A recording's clock restarts with each new file, tape, side or session
//! (`[Begin File 2]`, `[End of Tape 1, Side A]`, `[Tape 2]`, `[Session 2]`,
//! `START OF TAPE 1, SIDE B`) and at a timestamp of zero. Those boundary
//! lines are found line by line; the segments are counted when they are
//! asked for, so that a boundary typed in an editor moves no timestamp.

use std::ops::Range;

use super::timestamps::Timestamp;
use super::Transcript;

/// Words that name a recording's unit in a boundary line.
const UNITS: &[&str] = &[
    "file",
    "tape",
    "side",
    "session",
    "track",
    "part",
    "recording",
    "interview",
    "disc",
    "cd",
    "reel",
    "cassette",
    "video",
    "audio",
];

/// Words that open a boundary line before its unit.
const LEADS: &[&str] = &[
    "begin",
    "beginning",
    "start",
    "end",
    "resume",
    "resuming",
    "continuation",
];

/// Is `line` a recording boundary: a whole line such as `[Begin File 2]`,
/// `[End of Tape 1, Side A]`, `[Tape 2]`, `[Session 2]`, `[END OF TRACK
/// name]`, or in capitals without brackets `START OF TAPE 1, SIDE B`,
/// `END OF INTERVIEW`?
pub(crate) fn is_boundary(line: &str) -> bool {
    let t = line.trim();
    let (inner, bracketed) = match t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    // Unbracketed, only a line in capitals is a boundary: `End of file.`
    // in prose is not.
    if inner.len() > 60 || (!bracketed && inner.chars().any(char::is_lowercase)) {
        return false;
    }
    let lower = inner.trim().trim_end_matches('.').to_ascii_lowercase();
    let mut words = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    let lead = words.next_if(|w| LEADS.contains(w)).is_some();
    if lead {
        words.next_if_eq(&"of");
        words.next_if_eq(&"the");
    }
    if words.next_if(|w| UNITS.contains(w)).is_none() {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    if lead {
        rest.len() <= 6
    } else {
        // `[Tape 2]`, `[Session 2, Side B]`: the unit and its number.
        !rest.is_empty()
            && rest.len() <= 4
            && rest[0].len() <= 3
            && rest[0].chars().all(|c| c.is_ascii_alphanumeric())
    }
}

impl<'a> Transcript<'a> {
    /// The timestamps that tell recording time, each with its clock
    /// segment: timestamps of one segment count from the same start, and
    /// only those are compared. A segment ends at a recording boundary line
    /// (see [`is_boundary`]) and before a timestamp of zero. Timestamps in
    /// the header (before the first turn: file durations such as
    /// `HW-017_File1.wav (00:41:52)`) tell no time of the recording.
    pub fn clocks(&self) -> impl Iterator<Item = (&Timestamp, usize)> + '_ {
        let header = self.header.clone().unwrap_or(0..0);
        let mut boundaries = self.clock_boundaries.iter().peekable();
        let mut segment = 0;
        self.timestamps
            .iter()
            .filter(move |t| !in_range(&header, t.range.start))
            .map(move |t| {
                while boundaries.next_if(|b| b.start < t.range.start).is_some() {
                    segment += 1;
                }
                if t.seconds == Some(0.0) {
                    segment += 1;
                }
                (t, segment)
            })
    }
}

fn in_range(r: &Range<usize>, at: usize) -> bool {
    r.start <= at && at < r.end
}

#[cfg(test)]
mod tests {
    use super::is_boundary;

    #[test]
    fn boundaries() {
        for line in [
            "[Begin File 2]",
            "[End of File 1]",
            "[Tape 2]",
            "[End of Tape 1, Side A]",
            "START OF TAPE 1, SIDE B",
            "END OF TAPE 1, SIDE B",
            "[Session 2]",
            "[END OF TRACK kowalski_02]",
            "[Begin Track 2]",
            "END OF INTERVIEW",
            "[END OF INTERVIEW.]",
            "  [Side B]  ",
        ] {
            assert!(is_boundary(line), "{line:?}");
        }
        for line in [
            "End of file.",
            "[Tape]",
            "[The tape was lost in the flood]",
            "Tape 2 was never found.",
            "[inaudible 00:14:22]",
            "[End of the discussion about the files]",
            "SESSION",
        ] {
            assert!(!is_boundary(line), "{line:?}");
        }
    }
}
