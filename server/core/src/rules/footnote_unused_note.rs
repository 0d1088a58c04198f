//! `footnote-unused-note`: A note that nothing references.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-unused-note",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A note that nothing references.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::None,
};

pub fn check(_ctx: &mut Context) {}
