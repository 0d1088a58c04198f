//! `interruption-style`: One document uses both `--` and `—` for cut-offs.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "interruption-style",
    severity: Severity::Info,
    default_enabled: true,
    summary: "One document uses both `--` and `—` for cut-offs.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
