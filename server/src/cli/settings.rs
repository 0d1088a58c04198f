//! Which configuration governs each file: `--config`, or the nearest
//! `verbatim.toml` / `.verbatim.toml` walking up from the file, with the
//! command line's `--select` / `--ignore` on top.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use verbatim_core::config::{self, ConfigError};
use verbatim_core::settings::Format;
use verbatim_core::{Config, Rule};

/// Rule selection given on the command line. It replaces (`--select`) or
/// amends (`--extend-select`, `--ignore`) what the configuration file says.
#[derive(Debug, Default)]
pub struct RuleOverrides {
    select: Option<Vec<Rule>>,
    extend_select: Vec<Rule>,
    ignore: Vec<Rule>,
    /// `--format`: `Some(None)` is `auto`.
    format: Option<Option<Format>>,
}

impl RuleOverrides {
    pub fn parse(
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
        format: Option<&str>,
    ) -> Result<RuleOverrides, String> {
        Ok(RuleOverrides {
            format: format
                .map(|f| Format::parse(f).map_err(|m| format!("--format: {m}")))
                .transpose()?,
            select: select
                .map(|names| parse_rules("--select", names))
                .transpose()?,
            extend_select: parse_rules("--extend-select", extend_select)?,
            ignore: parse_rules("--ignore", ignore)?,
        })
    }

    fn apply(&self, config: &mut Config) {
        if let Some(select) = &self.select {
            for &rule in Rule::ALL {
                config.set_enabled(rule, select.contains(&rule));
            }
        }
        for &rule in &self.extend_select {
            config.set_enabled(rule, true);
        }
        for &rule in &self.ignore {
            config.set_enabled(rule, false);
        }
        if let Some(format) = self.format {
            // The command line wins over the file and its overrides.
            config.settings.format = format;
            config.overrides.clear();
        }
    }
}

fn parse_rules(flag: &str, names: &[String]) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if name.eq_ignore_ascii_case("ALL") {
            rules.extend_from_slice(Rule::ALL);
        } else if let Some(rule) = Rule::from_name(name) {
            rules.push(rule);
        } else {
            return Err(format!("{flag}: {}", unknown_rule_message(name)));
        }
    }
    Ok(rules)
}

/// "unknown rule `x`", with the closest real name when one is close.
pub fn unknown_rule_message(name: &str) -> String {
    let best = Rule::ALL
        .iter()
        .map(|r| (strsim::jaro_winkler(name, r.name()), r.name()))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, suggestion)) if score >= 0.8 => format!(
            "unknown rule `{name}`; did you mean `{suggestion}`? (`verbatim rules` lists them all)"
        ),
        _ => format!("unknown rule `{name}`; `verbatim rules` lists them all"),
    }
}

/// A configuration with its file globs compiled.
#[derive(Debug)]
pub struct Settings {
    pub config: Config,
    include: GlobSet,
    exclude: GlobSet,
    /// Globs are relative to the configuration file's directory, or to the
    /// working directory when there is no file.
    base: PathBuf,
}

impl Settings {
    fn new(mut config: Config, overrides: &RuleOverrides, base: PathBuf) -> Settings {
        overrides.apply(&mut config);
        // The core validated every glob when it loaded the file.
        let include = glob_set(&config.include);
        let exclude = glob_set(&config.exclude);
        Settings {
            config,
            include,
            exclude,
            base,
        }
    }

    /// Should a file met while walking a directory be checked? Explicitly
    /// named files skip this test.
    pub fn wants(&self, absolute: &Path) -> bool {
        let rel = absolute.strip_prefix(&self.base).unwrap_or(absolute);
        self.include.is_match(rel) && !self.excludes(absolute)
    }

    /// Does `exclude` cover this file? `exclude = ["drafts"]` covers what is
    /// inside `drafts/`, as in a .gitignore, so every ancestor is tested.
    pub fn excludes(&self, absolute: &Path) -> bool {
        let rel = absolute.strip_prefix(&self.base).unwrap_or(absolute);
        rel.ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| self.exclude.is_match(p))
    }
}

fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        // `*` stays within one directory and `**` crosses them, as in .gitignore.
        if let Ok(g) = GlobBuilder::new(glob).literal_separator(true).build() {
            builder.add(g);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Resolves and caches the settings for each file.
pub struct Resolver {
    overrides: RuleOverrides,
    cwd: PathBuf,
    explicit: Option<Arc<Settings>>,
    default: Option<Arc<Settings>>,
    /// Directory -> the config file governing it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, Result<Arc<Settings>, ConfigError>>,
}

impl Resolver {
    pub fn new(overrides: RuleOverrides, explicit: Option<&Path>) -> Result<Resolver, ConfigError> {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .unwrap_or_else(|_| PathBuf::from("."));
        let explicit = match explicit {
            Some(path) => {
                let config = Config::load(path)?;
                let base = std::fs::canonicalize(path)
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| cwd.clone());
                Some(Arc::new(Settings::new(config, &overrides, base)))
            }
            None => None,
        };
        Ok(Resolver {
            overrides,
            cwd,
            explicit,
            default: None,
            discovered: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The settings for a file (or a directory's files) at `path`.
    pub fn for_path(&mut self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(s) = &self.explicit {
            return Ok(s.clone());
        }
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        let found = self
            .discovered
            .entry(dir.clone())
            .or_insert_with(|| config::discover(&dir))
            .clone();
        match found {
            Some(file) => self
                .loaded
                .entry(file.clone())
                .or_insert_with(|| {
                    let config = Config::load(&file)?;
                    let base = file
                        .parent()
                        .map_or_else(|| self.cwd.clone(), Path::to_path_buf);
                    Ok(Arc::new(Settings::new(config, &self.overrides, base)))
                })
                .clone(),
            None => Ok(self
                .default
                .get_or_insert_with(|| {
                    Arc::new(Settings::new(
                        Config::default(),
                        &self.overrides,
                        self.cwd.clone(),
                    ))
                })
                .clone()),
        }
    }

    /// `path` made absolute against the working directory, for glob tests.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| self.cwd.join(path))
    }
}
