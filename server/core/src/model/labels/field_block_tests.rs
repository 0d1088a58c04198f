use crate::model::Transcript;
use crate::settings::Settings;

fn keys(text: &str) -> Vec<String> {
    Transcript::parse(text, &Settings::default())
        .turns
        .iter()
        .map(|t| t.label.key.to_string())
        .collect()
}

#[test]
fn metadata_fields_are_not_speakers() {
    let text = "Files: *\nCopyright: 2001 Example maintainers\nLicense: MIT\n\nFiles: debian/*\nCopyright: 2008 Someone Else\nLicense: MIT\n";
    assert!(keys(text).is_empty());
    let oral_history = "Title: Life on the river\nInterviewer: Ann Moore\nDate: March 3, 1994\n\nAnn Moore: Where were you born?\n\nJoe Hall: In Memphis.\n\nAnn Moore: And your parents?\n\nJoe Hall: Farmers, both of them.\n";
    assert_eq!(
        keys(oral_history),
        vec!["ANN MOORE", "JOE HALL", "ANN MOORE", "JOE HALL"]
    );
}

#[test]
fn a_short_exchange_without_blank_lines_is_still_a_dialogue() {
    let text = "Marcus Lee: Ready?\nDana Whitfield: Yes.\nMarcus Lee: Then let us start.\nDana Whitfield: Fine.\n";
    assert_eq!(
        keys(text),
        vec![
            "MARCUS LEE",
            "DANA WHITFIELD",
            "MARCUS LEE",
            "DANA WHITFIELD"
        ]
    );
}
