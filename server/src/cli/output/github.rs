//! `--output-format github`: GitHub Actions workflow commands, which show up
//! as annotations on the pull request's changed lines.

use std::io::{self, Write};

use verbatim_core::Severity;

use super::{for_each_finding, FileReport};

pub fn write(files: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
    for_each_finding(files, |_, file, locator, d| {
        let (start, end) = locator.range(&d.range);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("verbatim ({})", d.rule.name())),
            escape_data(&format!(
                "{}:{}:{}: {} {}",
                file.path,
                start.line,
                start.column,
                d.rule.name(),
                d.message
            )),
        )
    })
}

/// The escaping GitHub's runner expects in a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Properties also reserve `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
