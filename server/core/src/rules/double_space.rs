//! `double-space`: Two or more spaces between words.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "double-space",
    severity: Severity::Hint,
    default_enabled: false,
    summary: "Two or more spaces between words.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
