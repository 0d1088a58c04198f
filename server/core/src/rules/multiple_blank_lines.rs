//! `multiple-blank-lines`: More than one blank line in a row.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "multiple-blank-lines",
    severity: Severity::Info,
    default_enabled: true,
    summary: "More than one blank line in a row.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
