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

fn sentence(rng: &mut Lcg, out: &mut String) {
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

pub fn transcript(size: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(size + 4096);
    out.push_str("Remarks With Foreign Minister Sergey Lavrov at a Press Availability\n\n");
    out.push_str("John Kerry\nSecretary of State\nGeneva, Switzerland\nSeptember 9, 2016\n\n");
    let mut footnotes = 0;
    while out.len() < size {
        let speaker = rng.pick(SPEAKERS);
        out.push_str(speaker);
        out.push_str(":\u{a0}");
        if speaker == "FOREIGN MINISTER LAVROV" {
            out.push_str("(Via interpreter) ");
        }
        let paragraphs = 1 + rng.below(3);
        for p in 0..paragraphs {
            if p > 0 {
                out.push_str("\n\n");
            }
            let sentences = 2 + rng.below(5);
            for s in 0..sentences {
                if s > 0 {
                    out.push(' ');
                }
                sentence(&mut rng, &mut out);
                match rng.below(30) {
                    0 => out.push_str(" (Laughter.)"),
                    1 => out.push_str(" (inaudible)"),
                    2 if footnotes < 999 => {
                        footnotes += 1;
                        out.pop();
                        out.push_str(&format!("[{footnotes}]."));
                    }
                    _ => {}
                }
            }
        }
        out.push_str("\n\n");
    }
    if footnotes > 0 {
        out.push_str("Notes\n\n");
        for n in 1..=footnotes {
            out.push_str(&format!("[{n}] Source document {n}.\n"));
        }
    }
    out
}
