//! `marker-style`: One document writes the same marker in different bracket or case styles.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "marker-style",
    severity: Severity::Info,
    default_enabled: true,
    summary: "One document writes the same marker in different bracket or case styles.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
