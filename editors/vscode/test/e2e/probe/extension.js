// Test only, installed by the end-to-end test beside the real extension.
// "Verbatim probe: Dump diagnostics" writes what the workbench holds for each
// open document, read with vscode.languages.getDiagnostics(uri), to the JSON
// file named by VERBATIM_PROBE_OUT (else probe-diagnostics.json beside the
// workspace folder), so the test can count findings exactly instead of
// reading rows off the screen.
const fs = require("fs");
const path = require("path");
const vscode = require("vscode");

function outFile() {
  if (process.env.VERBATIM_PROBE_OUT) return process.env.VERBATIM_PROBE_OUT;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return path.join(path.dirname(folder || "."), "probe-diagnostics.json");
}

function dump() {
  const documents = vscode.workspace.textDocuments
    .filter((d) => d.uri.scheme === "file")
    .map((d) => ({
      path: d.uri.fsPath,
      version: d.version,
      diagnostics: vscode.languages.getDiagnostics(d.uri).map((x) => ({
        code: typeof x.code === "object" && x.code !== null ? String(x.code.value) : x.code === undefined ? null : String(x.code),
        source: x.source ?? null,
        // vscode.DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
        severity: ["error", "warning", "info", "hint"][x.severity] ?? null,
        line: x.range.start.line,
        character: x.range.start.character,
        message: x.message,
      })),
    }));
  const file = outFile();
  // Written whole, then renamed, so a reader never sees half of it.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), documents }, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand("verbatimProbe.dumpDiagnostics", dump));
};
exports.deactivate = () => {};
