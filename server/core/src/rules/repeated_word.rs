//! `repeated-word`: The same word twice in a row.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "repeated-word",
    severity: Severity::Info,
    default_enabled: true,
    summary: "The same word twice in a row.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Unsafe,
};

pub fn check(_ctx: &mut Context) {}
