//! `unclosed-marker`: An annotation marker is opened and never closed, or closed with the wrong bracket.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "unclosed-marker",
    severity: Severity::Error,
    default_enabled: true,
    summary: "An annotation marker is opened and never closed, or closed with the wrong bracket.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
