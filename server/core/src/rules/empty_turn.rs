//! `empty-turn`: A speaker label is followed by no words.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "empty-turn",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A speaker label is followed by no words.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::None,
};

pub fn check(_ctx: &mut Context) {}
