// The VS Code client for `verbatim server`. All linting, fixing and config
// reading happens in the server; this file finds the binary, starts it for the
// right documents, passes settings along, and gives users the commands and
// the status they expect.

import { execFile } from "child_process";
import * as fs from "fs";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

import { bundledPath, findServer, ServerSource } from "./discovery";
import {
  announcedLanguage,
  documentSelector,
  didChangeConfigurationSettings,
  extraPatterns,
  initializationOptions,
  RESTART_SETTINGS,
  serverSettings,
  SETTINGS_SECTION,
} from "./settings";

/** The server-side command behind "Verbatim: Fix all problems". */
const SERVER_FIX_ALL = "verbatim.fixAll";
const FIX_ALL_KIND = "source.fixAll.verbatim";

let extension: VerbatimExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new VerbatimExtension(context);
  context.subscriptions.push(extension);
  await extension.startIfNeeded();
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}

class VerbatimExtension implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private serverDescription = "";

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("Verbatim");
    this.status = vscode.window.createStatusBarItem("verbatim.status", vscode.StatusBarAlignment.Right, 100);
    this.status.name = "Verbatim";
    this.status.command = "verbatim.showServerOutput";
    this.setStatus("idle");

    this.disposables.push(
      this.output,
      this.status,
      vscode.commands.registerCommand("verbatim.fixAllProblems", () => this.fixAll()),
      vscode.commands.registerCommand("verbatim.restartServer", () => this.restart()),
      vscode.commands.registerCommand("verbatim.showServerOutput", () => this.output.show(true)),
      vscode.workspace.onDidOpenTextDocument(() => void this.startIfNeeded()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusVisibility()),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
    );
  }

  private config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  }

  private selector(): vscode.DocumentFilter[] {
    return documentSelector(this.config());
  }

  private isLinted(document: vscode.TextDocument): boolean {
    return vscode.languages.match(this.selector(), document) > 0;
  }

  /** Starts the server once a document it lints is open, and not before. */
  async startIfNeeded(): Promise<void> {
    if (this.client || this.starting) return;
    if (!vscode.workspace.textDocuments.some((d) => this.isLinted(d))) return;
    await this.start();
  }

  private async start(): Promise<void> {
    if (this.starting) return this.starting;
    this.starting = this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.setStatus("starting");
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    restoreExecutableBit(bundledPath(this.context.extensionPath));
    const found = findServer({
      configuredPath: this.config().get<string>("server.path"),
      extensionPath: this.context.extensionPath,
      workspaceFolder: folder,
      envPath: process.env.PATH,
    });
    if (found.kind === "missing") {
      this.output.appendLine(found.message);
      this.setStatus("missing", found.message);
      void vscode.window.showErrorMessage(found.message, "Open Settings", "Show Output").then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", "verbatim.server.path");
        } else if (choice === "Show Output") {
          this.output.show(true);
        }
      });
      return;
    }

    const version = await binaryVersion(found.path);
    this.serverDescription = `${version ?? "verbatim"} (${describeSource(found.source)}: ${found.path})`;
    this.output.appendLine(`Starting ${this.serverDescription}`);

    // No `transport`: with `TransportKind.stdio` the client appends
    // `--stdio` to the arguments, which `verbatim server` rejects. Without
    // it the client still talks over stdin and stdout.
    const serverOptions: ServerOptions = {
      command: found.path,
      args: ["server"],
      options: { cwd: folder },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(this.config()),
      initializationOptions: initializationOptions(this.config()),
      outputChannel: this.output,
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{verbatim,.verbatim}.toml"),
      },
      middleware: {
        // A plain-text file the user's `verbatim.documentSelector` names
        // goes to the server as a transcript (see `announcedLanguage`).
        didOpen: (document, next) => {
          const globs = extraPatterns(this.config(document.uri)).map((pattern) => ({ scheme: "file", pattern }));
          const language = announcedLanguage(document.languageId, vscode.languages.match(globs, document) > 0);
          if (language === document.languageId) return next(document);
          // The document itself, but for the language it is announced in.
          return next(
            new Proxy(document, {
              get: (target, key) => (key === "languageId" ? language : Reflect.get(target, key)),
            }),
          );
        },
        workspace: {
          // A server that pulls its settings gets the same cleaned-up form as
          // the one pushed, not VS Code's raw section.
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) return answers;
            return params.items.map((item, i) => {
              if (item.section !== SETTINGS_SECTION) return answers[i];
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return serverSettings(this.config(scope));
            });
          },
        },
      },
    };

    // Diagnostics: vscode-languageclient announces pull diagnostics (and
    // workspace/diagnostic/refresh), so the server serves pulls to it and
    // pushes nothing; VS Code shows each problem once.
    const client = new LanguageClient("verbatim", "Verbatim", serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.setStatus("running");
      else if (e.newState === State.Starting) this.setStatus("starting");
      else if (this.client === client) this.setStatus("stopped");
    });
    this.client = client;
    try {
      await client.start();
      this.setStatus("running");
    } catch (err) {
      const message = `Verbatim: the server at ${found.path} failed to start: ${errorText(err)}. Check "verbatim.server.path", then run "Verbatim: Restart server".`;
      this.output.appendLine(message);
      this.setStatus("stopped", message);
      void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
        if (choice) this.output.show(true);
      });
    }
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(2000);
      } catch (err) {
        this.output.appendLine(`Stopping the server: ${errorText(err)}`);
      }
    }
    this.setStatus("idle");
  }

  async restart(): Promise<void> {
    this.output.appendLine("Restarting the server.");
    await this.stop();
    await this.start();
  }

  private async fixAll(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage("Verbatim: open a transcript to fix its problems.");
      return;
    }
    const document = editor.document;
    if (!this.isLinted(document)) {
      void vscode.window.showInformationMessage(
        `Verbatim does not lint ${vscode.workspace.asRelativePath(document.uri)}. Use the Transcript language, or add a pattern to "verbatim.documentSelector".`,
      );
      return;
    }
    if (!this.client) await this.start();
    const client = this.client;
    if (!client || !client.isRunning()) {
      void vscode.window.showErrorMessage('Verbatim: the server is not running. Run "Verbatim: Show server output" to see why.');
      return;
    }
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (commands.includes(SERVER_FIX_ALL)) {
      // The server answers with a workspace/applyEdit, which the client applies.
      await client.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_FIX_ALL,
        arguments: [{ uri: client.code2ProtocolConverter.asUri(document.uri) }],
      });
    } else {
      await vscode.commands.executeCommand("editor.action.sourceAction", { kind: FIX_ALL_KIND, apply: "first" });
    }
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
    if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
      if (this.client) void this.restart();
      else void this.startIfNeeded();
      return;
    }
    const client = this.client;
    if (client?.isRunning()) {
      void client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: didChangeConfigurationSettings(this.config()),
      });
    }
  }

  private lastStatus: { state: StatusState; detail?: string } = { state: "idle" };

  private setStatus(state: StatusState, detail?: string): void {
    this.lastStatus = { state, detail };
    const icon = { idle: "$(circle-outline)", starting: "$(sync~spin)", running: "$(check)", stopped: "$(error)", missing: "$(error)" }[state];
    this.status.text = `${icon} Verbatim`;
    const what = {
      idle: "Verbatim: the server starts when a transcript is opened.",
      starting: "Verbatim: starting the server…",
      running: `Verbatim: running ${this.serverDescription}`,
      stopped: "Verbatim: the server stopped. Click to see its output.",
      missing: "Verbatim: the server binary was not found.",
    }[state];
    this.status.tooltip = detail ? `${what}\n${detail}` : what;
    this.status.backgroundColor =
      state === "stopped" || state === "missing" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.updateStatusVisibility();
  }

  private updateStatusVisibility(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const problem = this.lastStatus.state === "stopped" || this.lastStatus.state === "missing";
    if (problem || (doc && this.isLinted(doc))) this.status.show();
    else this.status.hide();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

type StatusState = "idle" | "starting" | "running" | "stopped" | "missing";

function describeSource(source: ServerSource): string {
  return { setting: "from verbatim.server.path", bundled: "bundled", path: "from PATH" }[source];
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `verbatim 0.1.0`, or undefined when the binary does not answer quickly. */
function binaryVersion(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, ["--version"], { timeout: 3000 }, (err, stdout) => {
      resolve(err ? undefined : stdout.trim().split("\n")[0] || undefined);
    });
  });
}

/**
 * Some ways of installing a .vsix (copying the folder by hand, unzipping it
 * with a tool that drops Unix modes) lose the executable bit of the bundled
 * binary; without it the extension would fall through to PATH.
 */
function restoreExecutableBit(file: string): void {
  if (process.platform === "win32") return;
  try {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o111) === 0) fs.chmodSync(file, mode | 0o755);
  } catch {
    // No bundled binary: the search goes on to PATH.
  }
}
