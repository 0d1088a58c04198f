//! `verbatim rules` and `verbatim rule NAME`: the registry, printed.

use std::io::Write;
use std::process::ExitCode;

use verbatim_core::rules::FixKind;
use verbatim_core::{Rule, RuleMeta};

use super::args::{RuleArgs, RulesArgs, RulesFormat};

pub fn rules(args: RulesArgs) -> ExitCode {
    let text = match args.format {
        RulesFormat::Text => text_table(),
        RulesFormat::Markdown => markdown_table(),
        RulesFormat::Json => json_list(),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    ExitCode::SUCCESS
}

pub fn rule(args: RuleArgs) -> ExitCode {
    match Rule::from_name(args.name.trim()) {
        Some(rule) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(rule_doc(rule.meta()).as_bytes());
            ExitCode::SUCCESS
        }
        None => {
            super::error(&super::settings::unknown_rule_message(&args.name));
            ExitCode::from(2)
        }
    }
}

fn default_state(meta: &RuleMeta) -> &'static str {
    if meta.default_enabled {
        "on"
    } else {
        "off"
    }
}

fn fix_label(fix: FixKind) -> &'static str {
    match fix {
        FixKind::None => "—",
        FixKind::Safe => "safe",
        FixKind::Unsafe => "unsafe",
    }
}

fn text_table() -> String {
    let metas: Vec<&RuleMeta> = Rule::ALL.iter().map(|r| r.meta()).collect();
    let name_w = metas.iter().map(|m| m.name.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<name_w$}  {:<8}  {:<7}  {:<6}  SUMMARY\n",
        "RULE", "SEVERITY", "DEFAULT", "FIX"
    );
    for m in metas {
        out.push_str(&format!(
            "{:<name_w$}  {:<8}  {:<7}  {:<6}  {}\n",
            m.name,
            m.severity.as_str(),
            default_state(m),
            m.fix.as_str(),
            m.summary
        ));
    }
    out
}

/// The README's rule table; a test keeps the README in step with it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| Rule | Severity | Default | Fix | What it finds |\n|---|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        let m = rule.meta();
        out.push_str(&format!(
            "| [`{}`]({}) | {} | {} | {} | {} |\n",
            m.name,
            m.docs_url(),
            m.severity.as_str(),
            default_state(m),
            fix_label(m.fix),
            m.summary.replace('|', "\\|")
        ));
    }
    out
}

fn json_list() -> String {
    let rows: Vec<serde_json::Value> = Rule::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            serde_json::json!({
                "name": m.name,
                "severity": m.severity.as_str(),
                "default_enabled": m.default_enabled,
                "fix": m.fix.as_str(),
                "summary": m.summary,
                "url": m.docs_url(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
    s.push('\n');
    s
}

fn rule_doc(m: &RuleMeta) -> String {
    let fix = match m.fix {
        FixKind::None => "none",
        FixKind::Safe => "safe (applied by `--fix`)",
        FixKind::Unsafe => "unsafe (applied by `--fix --unsafe-fixes`)",
    };
    let mut out = format!(
        "# {}\n\n{}\n\nSeverity: {}\nDefault: {}\nFix: {}\nDocs: {}\n\n",
        m.name,
        m.summary,
        m.severity.as_str(),
        if m.default_enabled {
            "on"
        } else {
            "off (enable with `extend-select`)"
        },
        fix,
        m.docs_url()
    );
    out.push_str(m.docs.trim_end());
    out.push('\n');
    out
}
