//! `speaker-name-mismatch`: A name in the text nearly matches a speaker label but is spelled differently.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "speaker-name-mismatch",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A name in the text nearly matches a speaker label but is spelled differently.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Unsafe,
};

pub fn check(_ctx: &mut Context) {}
