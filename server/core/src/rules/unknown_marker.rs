//! `unknown-marker`: A marker tag that looks like a misspelling of a known tag.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "unknown-marker",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A marker tag that looks like a misspelling of a known tag.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Unsafe,
};

pub fn check(_ctx: &mut Context) {}
