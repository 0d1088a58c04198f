// Finding the `verbatim` binary. Kept free of the `vscode` module so that the
// order of the search and the wording of its errors are unit-tested directly.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where the binary was found; shown in the status bar tooltip. */
export type ServerSource = "setting" | "bundled" | "path";

export type Discovery =
  | { kind: "found"; path: string; source: ServerSource }
  | { kind: "missing"; message: string };

export interface DiscoveryInput {
  /** `verbatim.server.path`, as the user wrote it. */
  configuredPath: string | undefined;
  /** The extension's install folder: a platform `.vsix` carries `server/verbatim` there. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
  /** `process.env.PATH`. */
  envPath?: string;
  platform?: NodeJS.Platform;
  homeDir?: string;
  /** Whether a file exists and may be run; replaced in tests. */
  isExecutable?: (file: string) => boolean;
}

export const BINARY_NAME = "verbatim";

export function defaultIsExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `~`, `${workspaceFolder}` and `${userHome}` expanded; a relative path is taken from the workspace folder. */
export function expandPath(raw: string, workspaceFolder: string | undefined, homeDir: string): string {
  let p = raw.trim();
  if (p === "~" || p.startsWith("~/") || p.startsWith("~\\")) p = homeDir + p.slice(1);
  p = p.replace(/\$\{userHome\}/g, homeDir);
  if (workspaceFolder !== undefined) p = p.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  if (!path.isAbsolute(p) && workspaceFolder !== undefined && (p.includes("/") || p.includes("\\"))) {
    p = path.join(workspaceFolder, p);
  }
  return p;
}

function executableNames(platform: NodeJS.Platform): string[] {
  return platform === "win32" ? [`${BINARY_NAME}.exe`, `${BINARY_NAME}.cmd`, BINARY_NAME] : [BINARY_NAME];
}

export function bundledPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(extensionPath, "server", executableNames(platform)[0]);
}

/**
 * The search order: the `verbatim.server.path` setting, then the binary
 * bundled in a platform `.vsix`, then `verbatim` on `PATH`.
 *
 * A setting that points nowhere is an error rather than a reason to fall
 * through: the user asked for that binary, and silently running another one
 * would hide the mistake.
 */
export function findServer(input: DiscoveryInput): Discovery {
  const platform = input.platform ?? process.platform;
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const homeDir = input.homeDir ?? os.homedir();

  const configured = input.configuredPath?.trim();
  if (configured) {
    const expanded = expandPath(configured, input.workspaceFolder, homeDir);
    const candidates = path.isAbsolute(expanded) ? [expanded] : searchPath(expanded, input.envPath, platform);
    const hit = candidates.find(isExecutable);
    if (hit) return { kind: "found", path: hit, source: "setting" };
    return {
      kind: "missing",
      message:
        `Verbatim: the setting "verbatim.server.path" is "${configured}", but no executable file is there` +
        (expanded !== configured ? ` (looked for ${expanded})` : "") +
        `. Set "verbatim.server.path" to the full path of the verbatim binary, or clear it to use the bundled one.`,
    };
  }

  const bundled = bundledPath(input.extensionPath, platform);
  if (isExecutable(bundled)) return { kind: "found", path: bundled, source: "bundled" };

  for (const name of executableNames(platform)) {
    const hit = searchPath(name, input.envPath, platform).find(isExecutable);
    if (hit) return { kind: "found", path: hit, source: "path" };
  }

  return {
    kind: "missing",
    message:
      'Verbatim: cannot find the verbatim language server. This extension has no bundled binary for this platform, and "verbatim" is not on PATH. ' +
      'Set "verbatim.server.path" to the full path of the verbatim binary (built with `cargo build --release -p verbatim`, it is target/release/verbatim), or put verbatim on PATH.',
  };
}

function searchPath(name: string, envPath: string | undefined, platform: NodeJS.Platform): string[] {
  const sep = platform === "win32" ? ";" : ":";
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  return (envPath ?? "")
    .split(sep)
    .filter((dir) => dir.length > 0)
    .map((dir) => join(dir, name));
}
