//! `mixed-quotes`: One document mixes straight and curly quotes.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "mixed-quotes",
    severity: Severity::Hint,
    default_enabled: false,
    summary: "One document mixes straight and curly quotes.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
