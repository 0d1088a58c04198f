//! Which texts read as transcripts (`Transcript::is_transcript`): every
//! transcript fixture does, with no setting; ordinary text files that are
//! not transcripts (`tests/fixtures/not-transcripts`: a README with a
//! `Q:`/`A:` FAQ, a licence, meeting notes with `Name:` lines, a news
//! article that quotes people) do not. The language server stays silent on
//! plain text that is not a transcript, so a false "yes" here is noise in
//! every editor that opens a README.

use std::path::{Path, PathBuf};

use verbatim_core::{Settings, Transcript};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads `path` as an editor opens it: its extension, no other setting.
fn recognised(path: &Path) -> (bool, String) {
    let text = std::fs::read_to_string(path).expect("fixture exists");
    let settings = Settings {
        extension: path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase),
        ..Settings::default()
    };
    let doc = Transcript::parse(&text, &settings);
    let labels: Vec<&str> = doc.turns.iter().map(|t| doc.slice(&t.label.full)).collect();
    (
        doc.is_transcript(),
        format!("{}: {} turns {labels:?}", doc.format, doc.turns.len()),
    )
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".md"))
        .collect();
    out.sort();
    out
}

#[test]
fn ordinary_text_files_are_not_transcripts() {
    let found = files(&repo().join("tests/fixtures/not-transcripts"));
    assert_eq!(found.len(), 4, "{found:?}");
    for path in found {
        let (yes, why) = recognised(&path);
        assert!(!yes, "{} reads as a transcript: {why}", path.display());
    }
}

#[test]
fn every_transcript_fixture_is_a_transcript() {
    let formats = repo().join("tests/fixtures/formats");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&formats)
        .expect("formats")
        .flat_map(|e| files(&e.expect("entry").path()))
        .collect();
    paths.extend(files(&repo().join("examples")));
    assert!(paths.len() >= 20, "{paths:?}");
    for path in paths {
        let (yes, why) = recognised(&path);
        assert!(
            yes,
            "{} does not read as a transcript: {why}",
            path.display()
        );
    }
}

#[test]
fn a_short_interview_in_a_txt_file_is_a_transcript() {
    // Two speakers, no header, nothing but the generic reader's labels.
    let text = "MR ROBINSON: We spoke (inaudible and then we left.\n\nMR JONES: Yes.\n";
    let settings = Settings {
        extension: Some("txt".into()),
        ..Settings::default()
    };
    assert!(Transcript::parse(text, &settings).is_transcript());
    // One label alone is not enough: `Note:` starts many a README line.
    let text = "Note: fetching a season takes an hour.\n\nRun make test first.\n";
    assert!(!Transcript::parse(text, &settings).is_transcript());
    // Questions and answers alone are a FAQ; with a speaker, a briefing.
    let faq = "Q: Why are episodes missing?\nA: A laptop was stolen.\n\nQ: Can I use the audio?\nA: Ask us.\n";
    assert!(!Transcript::parse(faq, &settings).is_transcript());
    let briefing = "MODERATOR: Questions?\n\nQUESTION: Will the ferry run?\n\nMR ROBINSON: Yes.\n";
    assert!(Transcript::parse(briefing, &settings).is_transcript());
}
