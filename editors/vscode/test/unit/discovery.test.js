const { test } = require("node:test");
const assert = require("node:assert/strict");
const { findServer, expandPath, bundledPath } = require("../../out/discovery.js");

// A file system with exactly these executables.
const only = (...files) => (f) => files.includes(f);
const base = { extensionPath: "/ext", homeDir: "/home/ed", platform: "linux", envPath: "/usr/local/bin:/usr/bin" };

test("the setting wins over the bundled binary and PATH", () => {
  const r = findServer({ ...base, configuredPath: "/opt/verbatim/bin/verbatim",
    isExecutable: only("/opt/verbatim/bin/verbatim", "/ext/server/verbatim", "/usr/bin/verbatim") });
  assert.deepEqual(r, { kind: "found", path: "/opt/verbatim/bin/verbatim", source: "setting" });
});

test("the bundled binary wins over PATH", () => {
  const r = findServer({ ...base, configuredPath: "", isExecutable: only("/ext/server/verbatim", "/usr/bin/verbatim") });
  assert.deepEqual(r, { kind: "found", path: "/ext/server/verbatim", source: "bundled" });
});

test("PATH is searched in order when nothing is bundled", () => {
  const r = findServer({ ...base, configuredPath: undefined, isExecutable: only("/usr/local/bin/verbatim", "/usr/bin/verbatim") });
  assert.deepEqual(r, { kind: "found", path: "/usr/local/bin/verbatim", source: "path" });
  const r2 = findServer({ ...base, configuredPath: "  ", isExecutable: only("/usr/bin/verbatim") });
  assert.deepEqual(r2, { kind: "found", path: "/usr/bin/verbatim", source: "path" });
});

test("a setting that points nowhere is an error that names the setting, not a silent fallback", () => {
  const r = findServer({ ...base, configuredPath: "~/bin/verbatim", isExecutable: only("/ext/server/verbatim") });
  assert.equal(r.kind, "missing");
  assert.match(r.message, /"verbatim\.server\.path" is "~\/bin\/verbatim"/);
  assert.match(r.message, /looked for \/home\/ed\/bin\/verbatim/);
});

test("nothing found: the error says what to set", () => {
  const r = findServer({ ...base, configuredPath: "", isExecutable: only() });
  assert.equal(r.kind, "missing");
  assert.match(r.message, /Set "verbatim\.server\.path" to the full path of the verbatim binary/);
  assert.match(r.message, /on PATH/);
});

test("the setting may name a command on PATH", () => {
  const r = findServer({ ...base, configuredPath: "verbatim-dev", isExecutable: only("/usr/bin/verbatim-dev") });
  assert.deepEqual(r, { kind: "found", path: "/usr/bin/verbatim-dev", source: "setting" });
});

test("~, ${userHome}, ${workspaceFolder} and workspace-relative paths expand", () => {
  assert.equal(expandPath("~/bin/verbatim", "/ws", "/home/ed"), "/home/ed/bin/verbatim");
  assert.equal(expandPath("${userHome}/v", "/ws", "/home/ed"), "/home/ed/v");
  assert.equal(expandPath("${workspaceFolder}/target/release/verbatim", "/ws", "/home/ed"), "/ws/target/release/verbatim");
  assert.equal(expandPath("target/release/verbatim", "/ws", "/home/ed"), "/ws/target/release/verbatim");
  assert.equal(expandPath("verbatim", "/ws", "/home/ed"), "verbatim");
  const r = findServer({ ...base, configuredPath: "./target/release/verbatim", workspaceFolder: "/ws",
    isExecutable: only("/ws/target/release/verbatim") });
  assert.deepEqual(r, { kind: "found", path: "/ws/target/release/verbatim", source: "setting" });
});

test("Windows: the bundled binary is verbatim.exe and PATH uses ;", () => {
  assert.equal(bundledPath("/ext", "win32").replace(/\\/g, "/"), "/ext/server/verbatim.exe");
  const r = findServer({ ...base, platform: "win32", envPath: "C:\\tools;C:\\bin", configuredPath: "",
    isExecutable: only("C:\\bin\\verbatim.exe") });
  assert.deepEqual(r, { kind: "found", path: "C:\\bin\\verbatim.exe", source: "path" });
});
