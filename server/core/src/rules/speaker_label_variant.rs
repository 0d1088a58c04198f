//! `speaker-label-variant`: One speaker appears under near-identical labels.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "speaker-label-variant",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "One speaker appears under near-identical labels.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Unsafe,
};

pub fn check(_ctx: &mut Context) {}
