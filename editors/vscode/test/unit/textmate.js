// The grammars as VS Code tokenizes them: vscode-textmate with the
// Oniguruma WebAssembly build, each grammar found through package.json.
// Shared by the grammar tests; it holds no test of its own.
const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const ROOT = path.join(__dirname, "..", "..");
const pkg = require(path.join(ROOT, "package.json"));

let registry;

/** The grammar of `scopeName`, loaded once Oniguruma is ready. */
async function loadGrammar(scopeName) {
  if (!registry) {
    const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scope) => {
        const g = pkg.contributes.grammars.find((x) => x.scopeName === scope);
        if (!g) return null;
        const file = path.join(ROOT, g.path);
        return vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
      },
    });
  }
  return registry.loadGrammar(scopeName);
}

module.exports = { loadGrammar, vsctm, ROOT, pkg };
