//! `footnote-missing-note`: A footnote reference has no note.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-missing-note",
    severity: Severity::Error,
    default_enabled: true,
    summary: "A footnote reference has no note.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Unsafe,
};

pub fn check(_ctx: &mut Context) {}
