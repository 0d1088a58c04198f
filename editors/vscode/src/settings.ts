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
 * Plain text on disk (`*.txt`): sent to the server with no setting. The
 * server lints such a file only while it reads as a transcript, and stays
 * silent on a README, a licence or notes.
 */
export const PLAIN_TEXT = "plaintext";

/**
 * The documents the server is sent: the `transcript` language and the
 * caption languages (on disk and unsaved), plain text on disk, plus files
 * matching the user's globs.
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
    { scheme: "file", language: PLAIN_TEXT },
    ...extraPatterns(config).map((pattern) => ({ scheme: "file", pattern })),
  ];
}

/**
 * The language a document is announced to the server in: a plain-text file
 * that the user's globs name is a transcript, since they said so, and is
 * linted whatever it holds; other plain text stays `plaintext`, which the
 * server lints only while it reads as a transcript.
 */
export function announcedLanguage(languageId: string, namedByUserGlob: boolean): string {
  return languageId === PLAIN_TEXT && namedByUserGlob ? "transcript" : languageId;
}

/** Settings whose change needs a new server process rather than a notification. */
export const RESTART_SETTINGS = ["verbatim.server.path", "verbatim.documentSelector"];
