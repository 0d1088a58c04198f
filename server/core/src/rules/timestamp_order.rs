//! `timestamp-order`: A timestamp is earlier than the one before it.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "timestamp-order",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A timestamp is earlier than the one before it.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::None,
};

pub fn check(_ctx: &mut Context) {}
