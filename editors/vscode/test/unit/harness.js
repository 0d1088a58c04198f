// A stand-in for the `vscode` module and for `vscode-languageclient/node`, so
// the extension's own logic (which binary, which settings, which messages)
// runs under `node --test`. Only the unit tests use it: the end-to-end test
// runs the real workbench and the real server.
const Module = require("module");
const path = require("path");

function emitter() {
  const listeners = [];
  const event = (fn) => {
    listeners.push(fn);
    return { dispose() { listeners.splice(listeners.indexOf(fn), 1); } };
  };
  event.fire = (e) => listeners.slice().forEach((fn) => fn(e));
  return event;
}

function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") { re += ".*"; i++; if (glob[i + 1] === "/") i++; }
    else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`(^|/)${re}$`);
}

function createVscode() {
  const state = {
    settings: {}, // "verbatim.select" -> value
    messages: [], // { level, text, items }
    executed: [], // [command, ...args]
    statusBar: undefined,
    output: [],
    commands: new Map(),
  };
  const onDidOpenTextDocument = emitter();
  const onDidChangeConfiguration = emitter();
  const onDidChangeActiveTextEditor = emitter();
  const vscode = {
    __state: state,
    __fireConfigurationChange(keys) {
      onDidChangeConfiguration.fire({
        affectsConfiguration: (s) => keys.some((k) => k === s || k.startsWith(`${s}.`)),
      });
    },
    __openDocument(doc) {
      vscode.workspace.textDocuments.push(doc);
      onDidOpenTextDocument.fire(doc);
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class { constructor(id) { this.id = id; } },
    Uri: {
      parse: (s) => ({ toString: () => s, fsPath: s.replace(/^file:\/\//, "") }),
      file: (p) => ({ toString: () => `file://${p}`, fsPath: p, scheme: "file" }),
    },
    window: {
      activeTextEditor: undefined,
      onDidChangeActiveTextEditor,
      createOutputChannel: (name) => ({
        name,
        appendLine: (l) => state.output.push(l),
        append: (l) => state.output.push(l),
        show() { state.outputShown = true; },
        dispose() {},
      }),
      createStatusBarItem: (id) => {
        state.statusBar = { id, text: "", tooltip: "", visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
        return state.statusBar;
      },
      showErrorMessage: (text, ...items) => { state.messages.push({ level: "error", text, items }); return Promise.resolve(undefined); },
      showInformationMessage: (text, ...items) => { state.messages.push({ level: "info", text, items }); return Promise.resolve(undefined); },
    },
    workspace: {
      workspaceFolders: undefined,
      textDocuments: [],
      onDidOpenTextDocument,
      onDidChangeConfiguration,
      getConfiguration: (section) => ({
        get: (key) => state.settings[`${section}.${key}`],
      }),
      createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
      asRelativePath: (uri) => uri.fsPath,
    },
    languages: {
      match(selector, doc) {
        return selector.some((f) =>
          (f.scheme === undefined || f.scheme === doc.uri.scheme) &&
          (f.language === undefined || f.language === doc.languageId) &&
          (f.pattern === undefined || globToRegExp(f.pattern).test(doc.uri.fsPath))) ? 10 : 0;
      },
    },
    commands: {
      registerCommand(id, fn) {
        state.commands.set(id, fn);
        return { dispose() { state.commands.delete(id); } };
      },
      executeCommand(id, ...args) {
        state.executed.push([id, ...args]);
        const fn = state.commands.get(id);
        return Promise.resolve(fn ? fn(...args) : undefined);
      },
    },
  };
  return vscode;
}

function createLanguageClientModule() {
  const clients = [];
  const State = { Stopped: 1, Running: 2, Starting: 3 };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions });
      this.notifications = [];
      this.requests = [];
      this.running = false;
      this.stateListeners = [];
      this.initializeResult = { capabilities: { executeCommandProvider: { commands: ["verbatim.fixAll", "verbatim.addKnownName"] } } };
      this.code2ProtocolConverter = { asUri: (uri) => uri.toString() };
      clients.push(this);
    }
    registerFeature(feature) { (this.features ||= []).push(feature); }
    onDidChangeState(fn) { this.stateListeners.push(fn); return { dispose() {} }; }
    async start() { this.running = true; this.stateListeners.forEach((fn) => fn({ oldState: State.Starting, newState: State.Running })); }
    async stop() { this.running = false; this.stopped = true; }
    isRunning() { return this.running; }
    sendNotification(type, params) { this.notifications.push({ method: type.method, params }); return Promise.resolve(); }
    sendRequest(type, params) { this.requests.push({ method: type.method, params }); return Promise.resolve(null); }
  }
  return {
    __clients: clients,
    LanguageClient,
    State,
    TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 },
    DidChangeConfigurationNotification: { type: { method: "workspace/didChangeConfiguration" } },
    ExecuteCommandRequest: { type: { method: "workspace/executeCommand" } },
  };
}

/**
 * Loads a fresh copy of the compiled extension against fresh stand-ins.
 * Returns { extension, vscode, lc }.
 */
function loadExtension() {
  const vscode = createVscode();
  const lc = createLanguageClientModule();
  const out = path.join(__dirname, "..", "..", "out");
  for (const key of Object.keys(require.cache)) if (key.startsWith(out)) delete require.cache[key];
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "vscode") return vscode;
    if (request === "vscode-languageclient/node") return lc;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    const extension = require(path.join(out, "extension.js"));
    return { extension, vscode, lc };
  } finally {
    Module._load = originalLoad;
  }
}

function transcriptDocument(fsPath, languageId = "transcript") {
  return { uri: { scheme: "file", fsPath, toString: () => `file://${fsPath}` }, languageId };
}

module.exports = { loadExtension, transcriptDocument };
