//! Timestamps: `00:01:26`, `1:02:03.5`, `12:07`, and malformed ones such as
//! `00:1:2` or `00:01:`.
//!
//! Only timestamps in bracketed contexts count (a label's `(00:01:26)`, a
//! marker's `[inaudible 00:01:42]`, a standalone `[00:01:42]`): a bare
//! `10:30` in prose is a time of day.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampContext {
    Label,
    Marker,
    Standalone,
}

/// What a timestamp counts (FORMATS.md, section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Time since the recording started: labels, markers, `[00:14:22]`.
    /// A new recording starts the count again.
    Elapsed,
    /// The time of day (a meeting's or a court's clock): it runs on across
    /// recordings, and a step back of more than 12 hours is the next day.
    Wall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampProblem {
    /// A minutes or seconds field that is not two digits: `00:1:2`.
    Unpadded,
    /// A field left empty: `00:01:`.
    MissingField,
    /// Minutes or seconds of 60 or more: `00:75:10`.
    OutOfRange,
    /// More than hours, minutes and seconds: `1:02:03:04`.
    TooManyFields,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timestamp {
    pub range: Range<usize>,
    pub context: TimestampContext,
    pub clock: Clock,
    /// Seconds from the start, when the timestamp can be read.
    pub seconds: Option<f64>,
    pub problem: Option<TimestampProblem>,
    /// The fields as written: `[h,] m, s`, `None` where empty.
    pub fields: Vec<Option<u32>>,
    /// The fractional part, with its separator: `.5`.
    pub fraction: Option<String>,
}

impl Timestamp {
    pub fn new(text: &str, start: usize, context: TimestampContext) -> Timestamp {
        let (clock, fraction) = match text.find(['.', ',']) {
            Some(p) => (&text[..p], Some(text[p..].to_string())),
            None => (text, None),
        };
        let raw: Vec<&str> = clock.split(':').collect();
        let fields: Vec<Option<u32>> = raw.iter().map(|f| f.parse().ok()).collect();
        let problem = if fields.len() > 3 {
            Some(TimestampProblem::TooManyFields)
        } else if fields.iter().any(Option::is_none) {
            Some(TimestampProblem::MissingField)
        } else if fields[1..].iter().flatten().any(|&v| v >= 60)
            || (fields.len() == 2 && fields[0].is_some_and(|m| m >= 60))
        {
            Some(TimestampProblem::OutOfRange)
        } else if raw[1..].iter().any(|f| f.len() != 2) {
            Some(TimestampProblem::Unpadded)
        } else {
            None
        };
        let seconds = if fields.len() <= 3 && fields.iter().all(Option::is_some) {
            let mut total = 0f64;
            for v in fields.iter().flatten() {
                total = total * 60.0 + *v as f64;
            }
            let frac: f64 = fraction
                .as_deref()
                .and_then(|f| format!("0.{}", &f[1..]).parse().ok())
                .unwrap_or(0.0);
            Some(total + frac)
        } else {
            None
        };
        Timestamp {
            range: start..start + text.len(),
            context,
            clock: Clock::Elapsed,
            seconds,
            problem,
            fields,
            fraction,
        }
    }

    /// The value in seconds when it can be trusted: the fields are all there
    /// and in range. An unpadded timestamp still reads unambiguously.
    pub fn reliable_seconds(&self) -> Option<f64> {
        match self.problem {
            None | Some(TimestampProblem::Unpadded) => self.seconds,
            _ => None,
        }
    }

    /// `written` (this timestamp's text) with minutes and seconds padded to
    /// two digits: `00:1:2.5` -> `00:01:02.5`. The hours field stays as
    /// written. `None` unless the only problem is padding.
    pub fn padded(&self, written: &str) -> Option<String> {
        if self.problem != Some(TimestampProblem::Unpadded) {
            return None;
        }
        let hours_end = written.find(':')?;
        let mut out = written[..hours_end].to_string();
        for v in self.fields[1..].iter() {
            out.push_str(&format!(":{:02}", (*v)?));
        }
        if let Some(f) = &self.fraction {
            out.push_str(f);
        }
        Some(out)
    }

    /// A bracketed `(3:1)` or `[9:6]` outside a label or marker is a ratio,
    /// a score or a verse, not a clock: recording tools always pad seconds.
    pub fn looks_like_ratio(&self) -> bool {
        self.context == TimestampContext::Standalone
            && self.fields.len() == 2
            && self.problem == Some(TimestampProblem::Unpadded)
    }
}

/// Length of a timestamp at the start of `s`, if one is there: one to three
/// digits, then one or two `:`-fields of up to two digits (possibly empty, so
/// `00:01:` is found and reported), then an optional fraction.
pub fn match_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize, max: usize| {
        let mut n = 0;
        while n < max && b.get(from + n).is_some_and(u8::is_ascii_digit) {
            n += 1;
        }
        n
    };
    let mut i = digits(0, 3);
    if i == 0 || b.get(i) != Some(&b':') {
        return None;
    }
    let mut colons = 0;
    while colons < 2 && b.get(i) == Some(&b':') {
        let n = digits(i + 1, 2);
        i += 1 + n;
        colons += 1;
        if n == 0 {
            break;
        }
    }
    if matches!(b.get(i), Some(b'.') | Some(b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1 + digits(i + 1, 3);
    }
    // `12:30pm`, `3:16am`: a clock time, not a timestamp.
    if b.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::new(s, 0, TimestampContext::Standalone)
    }

    #[test]
    fn reads_values() {
        assert_eq!(ts("00:01:26").seconds, Some(86.0));
        assert_eq!(ts("1:02:03.5").seconds, Some(3723.5));
        assert_eq!(ts("12:07").seconds, Some(727.0));
        assert_eq!(ts("00:01:26").problem, None);
    }

    #[test]
    fn problems() {
        assert_eq!(ts("00:1:2").problem, Some(TimestampProblem::Unpadded));
        assert_eq!(ts("00:01:").problem, Some(TimestampProblem::MissingField));
        assert_eq!(ts("00:75:10").problem, Some(TimestampProblem::OutOfRange));
        assert_eq!(ts("75:10").problem, Some(TimestampProblem::OutOfRange));
        assert_eq!(ts("00:1:75").problem, Some(TimestampProblem::OutOfRange));
        assert_eq!(
            ts("1:02:03:04").problem,
            Some(TimestampProblem::TooManyFields)
        );
        assert_eq!(ts("1:02:03:04").seconds, None);
        assert_eq!(ts("75:").problem, Some(TimestampProblem::MissingField));
        assert_eq!(ts("1:02:03").problem, None);
    }

    #[test]
    fn padding() {
        let pad = |s: &str| ts(s).padded(s);
        assert_eq!(pad("00:1:2").as_deref(), Some("00:01:02"));
        assert_eq!(pad("0:1:2.5").as_deref(), Some("0:01:02.5"));
        assert_eq!(pad("12:7").as_deref(), Some("12:07"));
        assert_eq!(pad("00:01:02"), None);
        assert_eq!(pad("00:01:"), None);
        assert_eq!(pad("00:1:75"), None);
    }

    #[test]
    fn ratios() {
        assert!(ts("3:1").looks_like_ratio());
        assert!(!ts("03:01").looks_like_ratio());
        assert!(!Timestamp::new("3:1", 0, TimestampContext::Marker).looks_like_ratio());
    }

    #[test]
    fn matching() {
        assert_eq!(match_at("00:01:42]"), Some(8));
        assert_eq!(match_at("00:01:]"), Some(6));
        assert_eq!(match_at("1:2"), Some(3));
        assert_eq!(match_at("12:30pm"), None);
        assert_eq!(match_at("abc"), None);
    }
}
