//! Cue timing lines: `00:00:01.000 --> 00:00:04.000 align:start`, read
//! leniently so that a malformed timing (`00:01:9.800`, `->`, `—>`, a comma
//! in WebVTT) is still a cue, with what is wrong and, where the value is
//! certain, how the format writes it.

use std::ops::Range;

use super::CaptionFormat;

/// What is wrong with a cue timestamp or arrow as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimingProblem {
    /// What the format expects, in words.
    pub what: &'static str,
    /// The text as the format writes it, when the value is certain
    /// (padding, the separator, the arrow); `None` when only the author
    /// knows (`00:00:75.000`, `00:00:01,5`).
    pub fixed: Option<String>,
}

/// One timestamp of a timing line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueTime {
    pub range: Range<usize>,
    /// The time in milliseconds, when it can be read.
    pub millis: Option<u64>,
    pub problem: Option<TimingProblem>,
}

/// A cue's timing line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueTiming {
    /// From the start timestamp to the end of the end timestamp.
    pub range: Range<usize>,
    pub start: CueTime,
    pub end: CueTime,
    /// The arrow as written, without the spaces around it.
    pub arrow: Range<usize>,
    pub arrow_problem: Option<TimingProblem>,
    /// Cue settings (WebVTT) or coordinates (SRT) after the end timestamp.
    pub settings: Option<Range<usize>>,
}

impl CueTiming {
    /// Start and end in milliseconds, when both can be read.
    pub fn span(&self) -> Option<(u64, u64)> {
        Some((self.start.millis?, self.end.millis?))
    }
}

fn is_stamp_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b':' | b'.' | b',')
}

/// Length of the timestamp-like run at the start of `s`: digits, colons,
/// full stops and commas, with at least one colon and one digit.
fn stamp_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let len = b.iter().take_while(|&&c| is_stamp_byte(c)).count();
    let run = &b[..len];
    (run.contains(&b':') && run.first().is_some_and(u8::is_ascii_digit)).then_some(len)
}

/// An arrow as people mistype it: dashes (hyphen, en or em dash) and a `>`,
/// possibly spaced (`->`, `—>`, `- ->`, `-- >`, `==>`).
fn is_arrowish(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '-' | '–' | '—' | '>' | '=' | ' ' | '\t'))
        && s.contains(['-', '–', '—', '='])
        && (s.contains('>') || s.contains(['–', '—']))
}

/// Reads `line` (at byte `base`) as a timing line, or `None` when it is not
/// one: two timestamps with something arrow-like between them.
pub(crate) fn parse(line: &str, base: usize, format: CaptionFormat) -> Option<CueTiming> {
    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
    let first = stamp_len(&line[lead..])?;
    let start_range = lead..lead + first;
    // The gap between the two timestamps holds the arrow.
    let rest = &line[start_range.end..];
    let gap_len = rest
        .char_indices()
        .find(|&(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)?;
    let gap = &rest[..gap_len];
    if !is_arrowish(gap) {
        return None;
    }
    let end_start = start_range.end + gap_len;
    let second = stamp_len(&line[end_start..])?;
    let end_range = end_start..end_start + second;
    let after = &line[end_range.end..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let settings_text = after.trim_start_matches([' ', '\t']).trim_end();
    let settings = (!settings_text.is_empty()).then(|| {
        let at = end_range.end + (after.len() - after.trim_start_matches([' ', '\t']).len());
        base + at..base + at + settings_text.len()
    });

    let arrow_text = gap.trim_matches([' ', '\t']);
    // Two times joined by a dash alone (`10:30 – 11:00`) may be prose; a
    // timing with a mistyped arrow still carries milliseconds.
    if arrow_text != "-->" && !line[start_range.clone()].contains(['.', ',']) {
        return None;
    }
    let arrow_at = start_range.end + (gap.len() - gap.trim_start_matches([' ', '\t']).len());
    let spaced = gap.starts_with([' ', '\t']) && gap.ends_with([' ', '\t']);
    // Unspaced, the arrow is fixed with its spaces and covers the gap.
    let (arrow, arrow_problem) = if spaced {
        let problem = (arrow_text != "-->").then(|| TimingProblem {
            what: "the arrow is written `-->`",
            fixed: Some("-->".to_string()),
        });
        (base + arrow_at..base + arrow_at + arrow_text.len(), problem)
    } else {
        let what = if arrow_text == "-->" {
            "the arrow needs a space on each side"
        } else {
            "the arrow is written ` --> `, with a space on each side"
        };
        let problem = TimingProblem {
            what,
            fixed: Some(" --> ".to_string()),
        };
        (base + start_range.end..base + end_start, Some(problem))
    };

    let start = time(&line[start_range.clone()], base + start_range.start, format);
    let end = time(&line[end_range.clone()], base + end_range.start, format);
    Some(CueTiming {
        range: start.range.start..end.range.end,
        start,
        end,
        arrow,
        arrow_problem,
        settings,
    })
}

/// Reads one timestamp, `[hh:]mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SRT).
pub(crate) fn time(s: &str, at: usize, format: CaptionFormat) -> CueTime {
    let range = at..at + s.len();
    let unreadable = |what| CueTime {
        range: range.clone(),
        millis: None,
        problem: Some(TimingProblem { what, fixed: None }),
    };
    let Some(sep_at) = s.rfind(['.', ',']) else {
        return unreadable("a timestamp needs milliseconds");
    };
    let (clock, fraction) = (&s[..sep_at], &s[sep_at + 1..]);
    let fields: Vec<&str> = clock.split(':').collect();
    let all_digits = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&fields.len())
        || !fields.iter().all(|f| all_digits(f))
        || !all_digits(fraction)
    {
        return unreadable("a timestamp is written hh:mm:ss.ttt");
    }
    if fraction.len() != 3 {
        return unreadable("milliseconds are written with three digits");
    }
    let number = |f: &str| f.parse::<u64>().ok();
    let (hours, minutes, seconds) = match fields[..] {
        [h, m, s] => (number(h), number(m), number(s)),
        [m, s] => (Some(0), number(m), number(s)),
        _ => unreachable!("two or three fields"),
    };
    let (Some(hours), Some(minutes), Some(seconds), Some(ms)) =
        (hours, minutes, seconds, number(fraction))
    else {
        return unreadable("a timestamp is written hh:mm:ss.ttt");
    };
    if minutes >= 60 || seconds >= 60 {
        return unreadable("minutes and seconds run from 00 to 59");
    }
    let millis = Some(((hours * 60 + minutes) * 60 + seconds) * 1000 + ms);
    let [m, sec] = [fields[fields.len() - 2], fields[fields.len() - 1]];
    if m.len() > 2 || sec.len() > 2 {
        return CueTime {
            range,
            millis,
            problem: Some(TimingProblem {
                what: "minutes and seconds are written with two digits",
                fixed: None,
            }),
        };
    }
    let (separator, written_hours) = match format {
        CaptionFormat::WebVtt => ('.', fields.len() == 3),
        CaptionFormat::Srt => (',', true),
    };
    let hour_digits = if fields.len() == 3 {
        fields[0].len().max(2)
    } else {
        2
    };
    let fixed = if written_hours {
        format!("{hours:0hour_digits$}:{minutes:02}:{seconds:02}{separator}{ms:03}")
    } else {
        format!("{minutes:02}:{seconds:02}{separator}{ms:03}")
    };
    let problem = (fixed != s).then(|| {
        let sep = s.as_bytes()[sep_at] as char;
        let what = if sep != separator {
            match format {
                CaptionFormat::WebVtt => "WebVTT writes a full stop before the milliseconds",
                CaptionFormat::Srt => "SRT writes a comma before the milliseconds",
            }
        } else if fields.len() == 2 {
            "SRT timestamps always carry hours"
        } else {
            "hours, minutes and seconds are written with two digits"
        };
        TimingProblem {
            what,
            fixed: Some(fixed),
        }
    });
    CueTime {
        range,
        millis,
        problem,
    }
}

/// `00:01:09.800` for a duration or time in milliseconds, for messages and
/// hovers.
pub fn format_millis(ms: u64, format: CaptionFormat) -> String {
    let separator = match format {
        CaptionFormat::WebVtt => '.',
        CaptionFormat::Srt => ',',
    };
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, t) = (rest / 1000, rest % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{t:03}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const VTT: CaptionFormat = CaptionFormat::WebVtt;
    const SRT: CaptionFormat = CaptionFormat::Srt;

    #[test]
    fn a_well_formed_timing_has_no_problem() {
        let t = parse("00:00:01.000 --> 00:00:04.200 region:lower", 10, VTT).unwrap();
        assert_eq!(t.span(), Some((1000, 4200)));
        assert_eq!(t.range, 10..39);
        assert_eq!(t.arrow, 23..26);
        assert_eq!(t.settings, Some(40..52));
        assert!(t.start.problem.is_none() && t.end.problem.is_none() && t.arrow_problem.is_none());
        let t = parse("01:43.500 --> 01:49.000", 0, VTT).unwrap();
        assert_eq!(t.span(), Some((103_500, 109_000)));
        assert!(t.start.problem.is_none());
        let t = parse("00:00:00,500 --> 00:00:03,200", 0, SRT).unwrap();
        assert_eq!(t.span(), Some((500, 3200)));
        assert!(t.start.problem.is_none());
    }

    #[test]
    fn padding_and_separators_are_fixed() {
        let fixed = |s: &str, f| parse(s, 0, f).unwrap().start.problem.and_then(|p| p.fixed);
        assert_eq!(
            fixed("00:01:9.800 --> 00:01:12.000", VTT).as_deref(),
            Some("00:01:09.800")
        );
        assert_eq!(
            fixed("00:00:8,100 --> 00:00:12,300", SRT).as_deref(),
            Some("00:00:08,100")
        );
        assert_eq!(
            fixed("00:00:12.500 --> 00:00:15,000", SRT).as_deref(),
            Some("00:00:12,500")
        );
        assert_eq!(
            fixed("00:00:42,860 --> 00:00:49.910", VTT).as_deref(),
            Some("00:00:42.860")
        );
        assert_eq!(
            fixed("01:43,500 --> 01:49,000", SRT).as_deref(),
            Some("00:01:43,500")
        );
        assert_eq!(fixed("100:00:00.000 --> 100:00:01.000", VTT), None);
    }

    #[test]
    fn values_that_are_not_certain_have_no_fix() {
        let t = parse("00:00:75.000 --> 00:01:20.000", 0, VTT).unwrap();
        assert_eq!(t.start.millis, None);
        assert_eq!(t.start.problem.unwrap().fixed, None);
        let t = parse("00:00:01,5 --> 00:00:02,000", 0, SRT).unwrap();
        assert_eq!(t.start.millis, None);
        assert_eq!(t.start.problem.unwrap().fixed, None);
    }

    #[test]
    fn mistyped_arrows_are_read_and_fixed() {
        let t = parse("00:00:57.100 -> 00:01:03.600", 0, VTT).unwrap();
        assert_eq!(t.arrow, 13..15);
        assert_eq!(t.arrow_problem.unwrap().fixed.as_deref(), Some("-->"));
        let line = "00:01:07,600 —> 00:01:10,300";
        let t = parse(line, 0, SRT).unwrap();
        assert_eq!(&line[t.arrow.clone()], "—>");
        let line = "00:00:01.000-->00:00:02.000";
        let t = parse(line, 0, VTT).unwrap();
        assert_eq!(&line[t.arrow.clone()], "-->");
        assert_eq!(t.arrow_problem.unwrap().fixed.as_deref(), Some(" --> "));
    }

    #[test]
    fn text_is_not_a_timing_line() {
        for line in [
            "1979",
            "It ran 10:30 - 11:00 today",
            "10:30 to 11:00",
            "Kind: captions",
        ] {
            assert!(parse(line, 0, VTT).is_none(), "{line}");
        }
    }
}
