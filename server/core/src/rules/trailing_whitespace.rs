//! `trailing-whitespace`: Spaces or tabs at the end of a line.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "trailing-whitespace",
    severity: Severity::Info,
    default_enabled: true,
    summary: "Spaces or tabs at the end of a line.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
