//! A deterministic generator of briefing-style transcripts at any size.
//!
//! The output looks like a real State Department press availability: a
//! header block, all-caps labels with no-break spaces, curly quotes, spaced
//! dashes, markers, and footnote references with a trailing notes block. It
//! is clean (no warning or error), so latency measures the lint and not the
//! size of a diagnostics payload.

/// A small linear congruential generator: reproducible across platforms and
/// releases, which a benchmark input must be.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SPEAKERS: &[&str] = &[
    "SECRETARY KERRY",
    "FOREIGN MINISTER LAVROV",
    "MR DE MISTURA",
    "QUESTION",
    "MR KIRBY",
    "MODERATOR",
];

const WORDS: &[&str] = &[
    "we",
    "believe",
    "ceasefire",
    "humanitarian",
    "access",
    "agreement",
    "process",
    "political",
    "transition",
    "people",
    "Syria",
    "Geneva",
    "support",
    "council",
    "resolution",
    "work",
    "together",
    "important",
    "parties",
    "opposition",
    "regime",
    "talks",
    "progress",
    "today",
    "tomorrow",
    "question",
    "answer",
    "clear",
    "very",
    "much",
    "about",
    "with",
    "from",
    "their",
    "this",
    "that",
    "have",
    "been",
    "will",
    "would",
    "could",
    "should",
    "next",
    "steps",
    "group",
    "international",
    "community",
    "violence",
    "aid",
    "delivery",
    "cities",
    "besieged",
    "United",
    "States",
    "Russia",
    "colleague",
    "Sergey",
    "John",
    "Staffan",
    "friend",
    "everybody",
    "also",
    "indeed",
    "frankly",
    "course",
    "meeting",
    "week",
    "month",
    "year",
    "day",
    "hope",
    "reason",
];

/// What to plant, and how densely.
#[derive(Debug, Clone, Copy, Default)]
pub struct Findings {
    /// Findings per 1,000 bytes of text; 0 gives the clean document.
    pub per_kb: f64,
    /// Also plant `double-space` findings (a rule that is off by default).
    pub double_space: bool,
}

/// The rules a planted finding belongs to, in the order they are taken.
pub const PLANTED_RULES: [&str; 4] = [
    "footnote-missing-note",
    "speaker-name-mismatch",
    "unclosed-marker",
    "double-space",
];

/// A generated document and the findings planted in it, per rule (in the
/// order of [`PLANTED_RULES`]).
pub struct Generated {
    pub text: String,
    pub planted: [usize; 4],
}

/// Footnote numbers have at most three digits; the model reads no others.
const MAX_FOOTNOTE: u32 = 999;

/// The planting state, kept apart from the text's random stream so that a
/// density of zero writes exactly the clean document.
struct Planter {
    findings: Findings,
    planted: [usize; 4],
    /// The next kind to plant (an index into [`PLANTED_RULES`]).
    turn: usize,
    /// Footnote numbers given out so far, with and without notes.
    footnotes: u32,
    /// The numbers planted without a note.
    unnoted: Vec<u32>,
    /// A near-miss of `LAVROV` is one only once that label is in the text.
    lavrov_seen: bool,
    /// One unclosed marker per line: a second one opened inside the first
    /// would make how many are reported a matter of the rule's reading.
    line_has_unclosed: bool,
}

impl Planter {
    fn total(&self) -> usize {
        self.planted.iter().sum()
    }

    /// Plants what the text so far is owed before the next word of a
    /// sentence: at most one finding of each kind, so a dense document gets
    /// `word[12] Lavrow (inaudible  next` and never two of one kind at once.
    fn before_word(&mut self, out: &mut String) {
        let kinds = if self.findings.double_space { 4 } else { 3 };
        for _ in 0..kinds {
            let owed = (out.len() as f64 * self.findings.per_kb / 1000.0) as usize;
            if owed <= self.total() {
                return;
            }
            let kind = self.turn % kinds;
            self.turn += 1;
            let planted = match kind {
                0 if self.footnotes < MAX_FOOTNOTE => {
                    // Straight after the previous word, numbered in order of
                    // appearance with the others (so `footnote-order` stays
                    // quiet), and left out of the notes block.
                    self.footnotes += 1;
                    self.unnoted.push(self.footnotes);
                    out.push_str(&format!("[{}]", self.footnotes));
                    true
                }
                1 if self.lavrov_seen => {
                    out.push_str(" Lavrow");
                    true
                }
                2 if !self.line_has_unclosed => {
                    self.line_has_unclosed = true;
                    out.push_str(" (inaudible");
                    true
                }
                3 => {
                    // The word's own separator follows: two spaces.
                    out.push(' ');
                    true
                }
                _ => false,
            };
            if planted {
                self.planted[kind] += 1;
            }
        }
    }
}

fn sentence(rng: &mut Lcg, out: &mut String, planter: &mut Planter) {
    let len = 8 + rng.below(14) as usize;
    let mut last = "";
    for i in 0..len {
        let mut w = rng.pick(WORDS);
        while w == last {
            w = rng.pick(WORDS);
        }
        last = w;
        if i == 0 {
            let mut c = w.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            out.push_str(&first);
            out.push_str(c.as_str());
        } else {
            planter.before_word(out);
            out.push(' ');
            match rng.below(40) {
                0 => {
                    out.push('“');
                    out.push_str(w);
                    out.push('”');
                }
                1 => {
                    out.push_str("– ");
                    out.push_str(w);
                }
                _ => out.push_str(w),
            }
        }
    }
    out.push('.');
}

/// A document of about `size` bytes with findings planted at the given
/// density.
pub fn generate(size: usize, seed: u64, findings: Findings) -> Generated {
    let mut rng = Lcg(seed);
    let mut planter = Planter {
        findings,
        planted: [0; 4],
        turn: 0,
        footnotes: 0,
        unnoted: Vec::new(),
        lavrov_seen: false,
        line_has_unclosed: false,
    };
    let mut out = String::with_capacity(size + 4096);
    out.push_str("Remarks With Foreign Minister Sergey Lavrov at a Press Availability\n\n");
    out.push_str("John Kerry\nSecretary of State\nGeneva, Switzerland\nSeptember 9, 2016\n\n");
    while out.len() < size {
        let speaker = rng.pick(SPEAKERS);
        out.push_str(speaker);
        out.push_str(":\u{a0}");
        if speaker == "FOREIGN MINISTER LAVROV" {
            planter.lavrov_seen = true;
            out.push_str("(Via interpreter) ");
        }
        let paragraphs = 1 + rng.below(3);
        for p in 0..paragraphs {
            if p > 0 {
                out.push_str("\n\n");
                planter.line_has_unclosed = false;
            }
            let sentences = 2 + rng.below(5);
            for s in 0..sentences {
                if s > 0 {
                    out.push(' ');
                }
                sentence(&mut rng, &mut out, &mut planter);
                match rng.below(30) {
                    0 => out.push_str(" (Laughter.)"),
                    1 => out.push_str(" (inaudible)"),
                    2 if planter.footnotes < MAX_FOOTNOTE => {
                        planter.footnotes += 1;
                        out.pop();
                        out.push_str(&format!("[{}].", planter.footnotes));
                    }
                    _ => {}
                }
            }
        }
        out.push_str("\n\n");
        planter.line_has_unclosed = false;
    }
    let noted: Vec<u32> = (1..=planter.footnotes)
        .filter(|n| !planter.unnoted.contains(n))
        .collect();
    if !noted.is_empty() {
        out.push_str("Notes\n\n");
        for n in noted {
            out.push_str(&format!("[{n}] Source document {n}.\n"));
        }
    }
    Generated {
        text: out,
        planted: planter.planted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use verbatim_core::config::ConfigFile;
    use verbatim_core::Config;

    fn transcript(size: usize, seed: u64) -> String {
        generate(size, seed, Findings::default()).text
    }

    /// What `verbatim check` reports for `text`, per planted rule, and
    /// everything else it reports.
    fn reported(text: &str, double_space: bool) -> ([usize; 4], Vec<String>) {
        let mut config = Config::default();
        if double_space {
            let file = ConfigFile {
                extend_select: vec!["double-space".into()],
                ..ConfigFile::default()
            };
            config.apply(&file, "", None).unwrap();
        }
        let mut counts = [0; 4];
        let mut others = Vec::new();
        for d in verbatim_core::lint(text, &config) {
            let name = d.rule.meta().name;
            match PLANTED_RULES.iter().position(|r| *r == name) {
                Some(i) => counts[i] += 1,
                None => others.push(format!("{name}: {}", d.message)),
            }
        }
        (counts, others)
    }

    #[test]
    fn the_clean_document_has_no_findings_at_warning_or_above() {
        let text = transcript(60_000, 1);
        let (counts, others) = reported(&text, true);
        assert_eq!(counts, [0; 4]);
        assert_eq!(others, Vec::<String>::new());
    }

    #[test]
    fn a_density_of_zero_writes_the_clean_document() {
        let g = generate(20_000, 3, Findings::default());
        assert_eq!(g.text, transcript(20_000, 3));
        assert_eq!(g.planted, [0; 4]);
    }

    #[test]
    fn the_findings_it_plants_are_the_findings_reported() {
        for (size, seed, per_kb, double_space) in [
            (30_000, 1, 1.0, false),
            (30_000, 2, 5.0, true),
            (60_000, 3, 20.0, true),
            (100_000, 4, 40.0, false),
            // More footnotes than three digits can number: the other kinds
            // take their turn.
            (200_000, 5, 25.0, true),
        ] {
            let findings = Findings {
                per_kb,
                double_space,
            };
            let g = generate(size, seed, findings);
            let total: usize = g.planted.iter().sum();
            let density = total as f64 * 1000.0 / g.text.len() as f64;
            // The notes block carries none, and a line may have no room
            // for an unclosed marker.
            assert!(
                (density - per_kb).abs() <= per_kb * 0.05,
                "{size} {per_kb}: planted {total}, {density:.2} per KB"
            );
            let (counts, others) = reported(&g.text, double_space);
            assert_eq!(counts, g.planted, "{size} {seed} {per_kb}");
            assert_eq!(others, Vec::<String>::new(), "{size} {seed} {per_kb}");
        }
    }
}
