//! `--diff`: what `--fix` would change, as a unified diff.

use similar::TextDiff;

/// A unified diff from `old` to `new` with `a/` and `b/` headers, or an empty
/// string when they are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // `a//tmp/x.txt` would confuse `patch -p1`; absolute paths lose their root.
    let rel = path.trim_start_matches('/');
    let diff = TextDiff::configure()
        // Diffing a huge file line by line must not stall a CI job; past the
        // deadline `similar` falls back to a coarser (still correct) diff.
        .timeout(std::time::Duration::from_secs(10))
        .diff_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified("a.txt", "one\ntwo  \nthree\n", "one\ntwo\nthree\n");
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two  \n+two\n three\n"
        );
        assert_eq!(unified("a.txt", "same", "same"), "");
    }
}
