//! The core's top-level modules depend on each other without a cycle.
//!
//! A cycle is what made the model impossible to build without a whole
//! `Config`, and `fix` impossible to read without the rules: each module
//! must be understandable, and testable, with only the modules below it.
//! This test reads the crate's source, collects every `crate::` path
//! (in `use` items, in code and in macro bodies) and every `super::` that
//! leaves a top-level module, outside `#[cfg(test)]` code, and fails on a
//! cycle, naming the files that make it. It also fails when a module uses
//! the crate root, which re-exports everything and so sits above all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// The node that stands for `lib.rs` and its items.
const ROOT: &str = "(crate root)";

/// A dependency of one top-level module on another, and a file that makes it.
type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

#[test]
fn the_core_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&read_sources(&src));

    // The reading is not vacuous: dependencies every version of the core has.
    for (from, to) in [
        ("rules", "model"),
        ("incremental", "model"),
        ("rules", "fix"),
    ] {
        assert!(
            graph.get(from).is_some_and(|deps| deps.contains_key(to)),
            "the test no longer sees `{from}` use `{to}`: is it still reading the source? {graph:#?}"
        );
    }

    let on_root: Vec<String> = graph
        .iter()
        .filter(|(from, _)| from.as_str() != ROOT)
        .filter_map(|(from, deps)| {
            deps.get(ROOT)
                .map(|file| format!("{from} ({})", file.display()))
        })
        .collect();
    assert!(
        on_root.is_empty(),
        "modules use the crate root, which only re-exports: {on_root:?}; \
         use the module that defines the item instead"
    );

    if let Some(cycle) = find_cycle(&graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], graph[&w[0]][&w[1]].display()))
            .collect();
        panic!(
            "the core's modules form a cycle:\n  {}\nsee the layers in ARCHITECTURE.md",
            steps.join("\n  ")
        );
    }
}

#[test]
fn a_cycle_is_found() {
    let files = vec![
        (
            PathBuf::from("lib.rs"),
            "pub mod a; pub mod b; pub mod c; pub use a::A;".to_string(),
        ),
        (
            PathBuf::from("a.rs"),
            "use crate::b::B; pub struct A;".to_string(),
        ),
        (
            PathBuf::from("b/mod.rs"),
            "mod inner; pub struct B;".to_string(),
        ),
        (
            PathBuf::from("b/inner.rs"),
            "fn f() { super::super::c::g() }".to_string(),
        ),
        (
            PathBuf::from("c.rs"),
            "pub fn g() {} #[cfg(test)] mod tests { use crate::b::B; }\n\
             macro_rules! m { () => { crate::a::A } }"
                .to_string(),
        ),
    ];
    let graph = module_graph(&files);
    assert_eq!(
        graph["b"].keys().collect::<Vec<_>>(),
        ["c"],
        "super::super from b/inner.rs"
    );
    assert_eq!(
        graph["c"].keys().collect::<Vec<_>>(),
        ["a"],
        "a macro body counts, a test module does not"
    );
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );

    let mut acyclic = files;
    acyclic[4].1 = "pub fn g() {}".to_string();
    assert_eq!(find_cycle(&module_graph(&acyclic)), None);
}

/// Every `.rs` file under `dir`, as (path relative to `dir`, text).
fn read_sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("src is readable") {
            let path = entry.expect("src is readable").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), text));
            }
        }
    }
    out.sort();
    out
}

/// The module path of a source file: `lib.rs` is `[]`, `a/mod.rs` and
/// `a.rs` are `[a]`, `a/b.rs` is `[a, b]`.
fn module_path(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Which top-level module depends on which, from `crate::` and `super::`
/// paths outside test code. Files declared under `#[cfg(test)]` are test
/// code throughout.
fn module_graph(files: &[(PathBuf, String)]) -> Graph {
    let parsed: Vec<(Vec<String>, &PathBuf, syn::File)> = files
        .iter()
        .map(|(path, text)| {
            let file = syn::parse_file(text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            (module_path(path), path, file)
        })
        .collect();
    let mut test_only: BTreeSet<Vec<String>> = BTreeSet::new();
    for (module, _, file) in &parsed {
        for item in &file.items {
            if let syn::Item::Mod(m) = item {
                if m.content.is_none() && is_test_only(&m.attrs) {
                    let mut child = module.clone();
                    child.push(m.ident.to_string());
                    test_only.insert(child);
                }
            }
        }
    }
    let top_level: BTreeSet<String> = parsed
        .iter()
        .filter_map(|(module, ..)| module.first().cloned())
        .collect();
    let mut graph = Graph::new();
    for (module, path, file) in &parsed {
        if (1..=module.len()).any(|n| test_only.contains(&module[..n])) {
            continue;
        }
        let from = node(module);
        let mut paths = Paths {
            module,
            top_level: &top_level,
            found: Vec::new(),
        };
        paths.visit_file(file);
        let deps = graph.entry(from.clone()).or_default();
        for to in paths.found {
            if to != from {
                deps.entry(to).or_insert_with(|| (*path).clone());
            }
        }
    }
    graph
}

/// The top-level module a module path belongs to.
fn node(module: &[String]) -> String {
    module.first().cloned().unwrap_or_else(|| ROOT.to_string())
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Collects the top-level module each `crate::`/`super::` path names.
struct Paths<'m> {
    module: &'m [String],
    top_level: &'m BTreeSet<String>,
    found: Vec<String>,
}

impl Paths<'_> {
    /// Records the top-level module a path's segments name, if it starts
    /// with `crate` or `super`.
    fn resolve(&mut self, segments: &[String]) {
        let mut at = self.module.to_vec();
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                at.clear();
                rest = &rest[1..];
            }
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    at.pop();
                    rest = &rest[1..];
                }
            }
            _ => return,
        }
        if !at.is_empty() {
            self.found.push(node(&at));
            return;
        }
        // From the root: `crate::model::x` names `model`; `crate::lint`, an
        // item of the root itself (or a glob of it), names the root. A bare
        // `crate` is a visibility, `pub(crate)`.
        match rest.first() {
            None => {}
            Some(name) if self.top_level.contains(name) => self.found.push(name.clone()),
            Some(_) => self.found.push(ROOT.to_string()),
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.use_leaf(prefix, n.ident.to_string()),
            syn::UseTree::Rename(r) => self.use_leaf(prefix, r.ident.to_string()),
            syn::UseTree::Glob(_) => self.use_leaf(prefix, "*".to_string()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    fn use_leaf(&mut self, prefix: &[String], last: String) {
        let mut segments = prefix.to_vec();
        segments.push(last);
        self.resolve(&segments);
    }

    /// `crate::a::b` and `super::x` in a macro's tokens, which are not
    /// parsed as paths.
    fn tokens(&mut self, tokens: TokenStream) {
        let flat: Vec<TokenTree> = flatten(tokens);
        for (i, t) in flat.iter().enumerate() {
            let TokenTree::Ident(id) = t else { continue };
            if id != "crate" && id != "super" {
                continue;
            }
            // Preceded by `::` means it is not a path's start.
            if i >= 1 && matches!(&flat[i - 1], TokenTree::Punct(p) if p.as_char() == ':') {
                continue;
            }
            let mut segments = vec![id.to_string()];
            let mut j = i + 1;
            loop {
                let colons = matches!(flat.get(j), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && matches!(flat.get(j + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                match (colons, flat.get(j + 2)) {
                    (true, Some(TokenTree::Ident(next))) => {
                        segments.push(next.to_string());
                        j += 3;
                    }
                    _ => break,
                }
            }
            if segments.len() > 1 {
                self.resolve(&segments);
            }
        }
    }
}

fn flatten(tokens: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for t in tokens {
        match t {
            TokenTree::Group(g) => out.extend(flatten(g.stream())),
            other => out.push(other),
        }
    }
    out
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Macro(i) => &i.attrs,
            syn::Item::Mod(i) => &i.attrs,
            syn::Item::Static(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Trait(i) => &i.attrs,
            syn::Item::Type(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test_only(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve(&segments);
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }
}

/// A cycle among the modules, as a list that starts and ends with the same
/// module, or `None`.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        n: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(n) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = stack.iter().position(|s| s == n).unwrap();
                let mut cycle = stack[from..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(n.to_string(), Mark::Open);
        stack.push(n.to_string());
        for next in graph.get(n).into_iter().flat_map(|d| d.keys()) {
            // The root uses everything; nothing may use it (checked apart).
            if next == ROOT {
                continue;
            }
            if let Some(c) = visit(next, graph, marks, stack) {
                return Some(c);
            }
        }
        stack.pop();
        marks.insert(n.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for n in graph.keys().filter(|n| n.as_str() != ROOT) {
        if let Some(c) = visit(n, graph, &mut marks, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}
