//! `timestamp-format`: A malformed timestamp.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "timestamp-format",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A malformed timestamp.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
