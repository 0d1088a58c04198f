// What the extension tells the server. The server reads the same keys from
// `initializationOptions` and from `workspace/didChangeConfiguration`, under
// `verbatim`. Keys the user left at their defaults are left out, so that
// `verbatim.toml` decides them.

/** The part of `vscode.WorkspaceConfiguration` this module reads. */
export interface ConfigReader {
  get<T>(section: string): T | undefined;
}

export type Severity = "error" | "warning" | "info" | "hint";
const SEVERITIES: readonly string[] = ["error", "warning", "info", "hint"];

export interface ServerSettings {
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  knownNames?: string[];
}

/** The section the server's settings live under, in both messages. */
export const SETTINGS_SECTION = "verbatim";

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === "string" && v.trim().length > 0).map((v) => v.trim());
}

/** Reads the `verbatim` configuration section and keeps only well-formed values. */
export function serverSettings(config: ConfigReader): ServerSettings {
  const out: ServerSettings = {};
  // `null` (the default) means "no opinion", which is not the same as `[]`,
  // an explicit request to run no rule.
  const select = stringList(config.get<unknown>("select"));
  if (select !== undefined) out.select = select;
  const extendSelect = stringList(config.get<unknown>("extendSelect"));
  if (extendSelect?.length) out.extendSelect = extendSelect;
  const ignore = stringList(config.get<unknown>("ignore"));
  if (ignore?.length) out.ignore = ignore;
  const knownNames = stringList(config.get<unknown>("knownNames"));
  if (knownNames?.length) out.knownNames = knownNames;

  const severity = config.get<unknown>("severity");
  if (severity && typeof severity === "object" && !Array.isArray(severity)) {
    const entries = Object.entries(severity as Record<string, unknown>)
      .filter((e): e is [string, string] => typeof e[1] === "string")
      .map(([rule, level]) => [rule.trim(), level.trim().toLowerCase()] as const)
      .filter(([rule, level]) => rule.length > 0 && SEVERITIES.includes(level));
    if (entries.length) out.severity = Object.fromEntries(entries) as Record<string, Severity>;
  }
  return out;
}

/** `initializationOptions` for `initialize`. */
export function initializationOptions(config: ConfigReader): { [SETTINGS_SECTION]: ServerSettings } {
  return { [SETTINGS_SECTION]: serverSettings(config) };
}

/** The `settings` of `workspace/didChangeConfiguration`. */
export function didChangeConfigurationSettings(config: ConfigReader): { [SETTINGS_SECTION]: ServerSettings } {
  return { [SETTINGS_SECTION]: serverSettings(config) };
}

/** Globs from `verbatim.documentSelector`, cleaned of blanks and non-strings. */
export function extraPatterns(config: ConfigReader): string[] {
  return stringList(config.get<unknown>("documentSelector")) ?? [];
}

/** Caption files are transcripts: linted with no setting. */
export const CAPTION_LANGUAGES = ["webvtt", "srt"];

/**
 * The documents the server lints: the `transcript` language and the caption
 * languages (on disk and unsaved), plus files matching the user's globs.
 */
export type DocumentFilter = { scheme: string; language: string } | { scheme: string; pattern: string };

export function documentSelector(config: ConfigReader): DocumentFilter[] {
  return [
    { scheme: "file", language: "transcript" },
    { scheme: "untitled", language: "transcript" },
    ...CAPTION_LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    ...extraPatterns(config).map((pattern) => ({ scheme: "file", pattern })),
  ];
}

/** Settings whose change needs a new server process rather than a notification. */
export const RESTART_SETTINGS = ["verbatim.server.path", "verbatim.documentSelector"];
