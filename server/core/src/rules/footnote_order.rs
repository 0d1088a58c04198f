//! `footnote-order`: Footnote references are not numbered 1, 2, 3… in order of first appearance.

use crate::diagnostic::Severity;
use crate::rules::{Context, FixKind, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-order",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "Footnote references are not numbered 1, 2, 3… in order of first appearance.",
    docs: r#"TODO

```text
TODO
```
"#,
    fix: FixKind::Safe,
};

pub fn check(_ctx: &mut Context) {}
