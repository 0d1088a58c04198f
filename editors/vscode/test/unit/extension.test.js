const { test, beforeEach, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { loadExtension, transcriptDocument } = require("./harness.js");

let dir, binary, ext, vscode, lc, context;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "verbatim-ext-"));
  binary = path.join(dir, "verbatim");
  fs.writeFileSync(binary, "#!/bin/sh\necho 'verbatim 9.9.9'\n", { mode: 0o755 });
  ({ extension: ext, vscode, lc } = loadExtension());
  context = { extensionPath: path.join(dir, "no-bundle"), subscriptions: [] };
});

afterEach(async () => {
  await ext.deactivate();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lastClient = () => lc.__clients[lc.__clients.length - 1];

test("no transcript open: the server is not started", async () => {
  // Markdown is not sent to the server unless a pattern names it.
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/notes.md", "markdown"));
  await ext.activate(context);
  assert.equal(lc.__clients.length, 0);
  assert.deepEqual(vscode.__state.messages, []);
});

test("plain text opens: the server starts with no setting, and decides what it lints", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  await ext.activate(context);
  assert.equal(lc.__clients.length, 0);
  vscode.__openDocument(transcriptDocument("/ws/notes.txt", "plaintext"));
  await new Promise((r) => setImmediate(r));
  await waitFor(() => lastClient()?.running);
  // Announced as plain text: the server lints it only if it reads as a transcript.
  const { didOpen } = lastClient().clientOptions.middleware;
  const sent = [];
  didOpen(transcriptDocument("/ws/notes.txt", "plaintext"), (d) => sent.push([d.uri.fsPath, d.languageId]));
  assert.deepEqual(sent, [["/ws/notes.txt", "plaintext"]]);
});

test("plain text a documentSelector pattern names is announced as a transcript", async () => {
  Object.assign(vscode.__state.settings, {
    "verbatim.server.path": binary,
    "verbatim.documentSelector": ["**/transcripts/**/*.txt"],
  });
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/transcripts/geneva.txt", "plaintext"));
  await ext.activate(context);
  await waitFor(() => lastClient()?.running);
  const { didOpen } = lastClient().clientOptions.middleware;
  const sent = [];
  const next = (d) => sent.push([d.uri.fsPath, d.languageId]);
  didOpen(transcriptDocument("/ws/transcripts/geneva.txt", "plaintext"), next);
  didOpen(transcriptDocument("/ws/README.txt", "plaintext"), next);
  didOpen(transcriptDocument("/ws/a.transcript", "transcript"), next);
  assert.deepEqual(sent, [
    ["/ws/transcripts/geneva.txt", "transcript"],
    ["/ws/README.txt", "plaintext"],
    ["/ws/a.transcript", "transcript"],
  ]);
});

test("a transcript opens: the server starts from the setting with `server` and the user's settings", async () => {
  Object.assign(vscode.__state.settings, {
    "verbatim.server.path": binary,
    "verbatim.ignore": ["repeated-word"],
    "verbatim.severity": { "speaker-name-mismatch": "error" },
    "verbatim.knownNames": ["Lavrow"],
    "verbatim.documentSelector": ["**/transcripts/**/*.txt"],
  });
  await ext.activate(context);
  assert.equal(lc.__clients.length, 0);
  vscode.__openDocument(transcriptDocument("/ws/transcripts/2016/geneva.txt", "plaintext"));
  await new Promise((r) => setImmediate(r));
  await waitFor(() => lastClient()?.running);
  const client = lastClient();
  assert.equal(client.id, "verbatim", "the id makes vscode-languageclient read verbatim.trace.server");
  assert.equal(client.serverOptions.command, binary);
  assert.deepEqual(client.serverOptions.args, ["server"]);
  // A transport would make vscode-languageclient append `--stdio`, which `verbatim server` rejects.
  assert.equal(client.serverOptions.transport, undefined);
  assert.deepEqual(client.clientOptions.initializationOptions, {
    verbatim: { ignore: ["repeated-word"], severity: { "speaker-name-mismatch": "error" }, knownNames: ["Lavrow"] },
  });
  assert.deepEqual(client.clientOptions.documentSelector, [
    { scheme: "file", language: "transcript" },
    { scheme: "untitled", language: "transcript" },
    { scheme: "file", language: "webvtt" },
    { scheme: "untitled", language: "webvtt" },
    { scheme: "file", language: "srt" },
    { scheme: "untitled", language: "srt" },
    { scheme: "file", language: "plaintext" },
    { scheme: "file", pattern: "**/transcripts/**/*.txt" },
  ]);
  assert.match(vscode.__state.statusBar.text, /\$\(check\) Verbatim/);
  assert.match(vscode.__state.statusBar.tooltip, /verbatim 9\.9\.9 \(from verbatim\.server\.path/);
});

test("a caption file opens: the server starts with no setting", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  await ext.activate(context);
  assert.equal(lc.__clients.length, 0);
  vscode.__openDocument(transcriptDocument("/ws/episodes/12.vtt", "webvtt"));
  await new Promise((r) => setImmediate(r));
  await waitFor(() => lastClient()?.running);
  const selector = lastClient().clientOptions.documentSelector;
  const linted = (fsPath, languageId) => vscode.languages.match(selector, transcriptDocument(fsPath, languageId)) > 0;
  assert.ok(linted("/ws/episodes/12.vtt", "webvtt"));
  assert.ok(linted("/ws/news/ferry.srt", "srt"));
});

test("a changed rule setting is sent with didChangeConfiguration, without a restart", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
  await ext.activate(context);
  const client = lastClient();
  vscode.__state.settings["verbatim.select"] = ["ALL"];
  vscode.__state.settings["verbatim.extendSelect"] = ["double-space"];
  vscode.__fireConfigurationChange(["verbatim.select", "verbatim.extendSelect"]);
  assert.deepEqual(client.notifications, [
    { method: "workspace/didChangeConfiguration", params: { settings: { verbatim: { select: ["ALL"], extendSelect: ["double-space"] } } } },
  ]);
  assert.equal(lc.__clients.length, 1);
  assert.ok(!client.stopped);
});

test("a changed server path restarts the server with the new binary", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
  await ext.activate(context);
  const first = lastClient();
  const other = path.join(dir, "verbatim-other");
  fs.copyFileSync(binary, other);
  fs.chmodSync(other, 0o755);
  vscode.__state.settings["verbatim.server.path"] = other;
  vscode.__fireConfigurationChange(["verbatim.server.path"]);
  await waitFor(() => lc.__clients.length === 2 && lastClient().running);
  assert.ok(first.stopped);
  assert.equal(lastClient().serverOptions.command, other);
});

test("no binary anywhere: an error that names the setting, and an error status", async () => {
  vscode.__state.settings["verbatim.server.path"] = "";
  const savedPath = process.env.PATH;
  process.env.PATH = dir + "/empty";
  try {
    vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
    await ext.activate(context);
  } finally {
    process.env.PATH = savedPath;
  }
  assert.equal(lc.__clients.length, 0);
  const errors = vscode.__state.messages.filter((m) => m.level === "error");
  assert.equal(errors.length, 1);
  assert.match(errors[0].text, /cannot find the verbatim language server/);
  assert.match(errors[0].text, /Set "verbatim\.server\.path"/);
  assert.deepEqual(errors[0].items, ["Open Settings", "Show Output"]);
  assert.match(vscode.__state.statusBar.text, /\$\(error\)/);
  assert.ok(vscode.__state.statusBar.visible);
});

test("the bundled binary is used when the setting is empty", async () => {
  const ext2 = path.join(dir, "ext");
  fs.mkdirSync(path.join(ext2, "server"), { recursive: true });
  fs.copyFileSync(binary, path.join(ext2, "server", "verbatim"));
  fs.chmodSync(path.join(ext2, "server", "verbatim"), 0o755);
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript.md"));
  await ext.activate({ ...context, extensionPath: ext2 });
  assert.equal(lastClient().serverOptions.command, path.join(ext2, "server", "verbatim"));
});

test("Fix all problems asks the server's verbatim.fixAll for the active document", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  const doc = transcriptDocument("/ws/a.transcript");
  vscode.workspace.textDocuments.push(doc);
  vscode.window.activeTextEditor = { document: doc };
  await ext.activate(context);
  await vscode.commands.executeCommand("verbatim.fixAllProblems");
  assert.deepEqual(lastClient().requests, [
    { method: "workspace/executeCommand", params: { command: "verbatim.fixAll", arguments: [{ uri: "file:///ws/a.transcript" }] } },
  ]);
});

test("Fix all problems on a file verbatim does not lint says how to lint it", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  const doc = transcriptDocument("/ws/readme.md", "markdown");
  vscode.workspace.textDocuments.push(doc);
  vscode.window.activeTextEditor = { document: doc };
  await ext.activate(context);
  await vscode.commands.executeCommand("verbatim.fixAllProblems");
  assert.equal(lc.__clients.length, 0);
  assert.match(vscode.__state.messages[0].text, /verbatim\.documentSelector/);
});

test("Restart server stops the running client and starts a new one", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
  await ext.activate(context);
  const first = lastClient();
  await vscode.commands.executeCommand("verbatim.restartServer");
  assert.ok(first.stopped);
  assert.equal(lc.__clients.length, 2);
  assert.ok(lastClient().running);
});

test("a server that pulls its settings gets the cleaned-up form", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  vscode.__state.settings["verbatim.ignore"] = ["repeated-word", 4];
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
  await ext.activate(context);
  const mw = lastClient().clientOptions.middleware.workspace.configuration;
  const answers = await mw({ items: [{ section: "verbatim" }, { section: "editor" }] }, undefined, async () => ["raw", { tabSize: 4 }]);
  assert.deepEqual(answers, [{ ignore: ["repeated-word"] }, { tabSize: 4 }]);
});

test("the client keeps vscode-languageclient's pull diagnostics: the server then pushes nothing", async () => {
  vscode.__state.settings["verbatim.server.path"] = binary;
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
  await ext.activate(context);
  const caps = {
    textDocument: { diagnostic: { dynamicRegistration: true }, publishDiagnostics: { versionSupport: true } },
    workspace: { diagnostics: { refreshSupport: true } },
  };
  const before = JSON.parse(JSON.stringify(caps));
  for (const f of lastClient().features || []) f.fillClientCapabilities(caps);
  assert.deepEqual(caps, before);
});

async function waitFor(pred, ms = 2000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

test("a bundled binary that lost its executable bit gets it back and is used", async () => {
  const ext2 = path.join(dir, "ext");
  fs.mkdirSync(path.join(ext2, "server"), { recursive: true });
  const bundled = path.join(ext2, "server", "verbatim");
  fs.copyFileSync(binary, bundled);
  fs.chmodSync(bundled, 0o644);
  vscode.workspace.textDocuments.push(transcriptDocument("/ws/a.transcript"));
  await ext.activate({ ...context, extensionPath: ext2 });
  assert.equal(lastClient().serverOptions.command, bundled);
  assert.equal(fs.statSync(bundled).mode & 0o111, 0o111);
});
