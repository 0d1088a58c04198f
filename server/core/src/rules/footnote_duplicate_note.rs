//! `footnote-duplicate-note`: Two notes have the same number.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-duplicate-note",
    severity: Severity::Error,
    default_enabled: true,
    summary: "Two notes have the same number.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::None,
};

pub fn check(_ctx: &mut Context) {}
