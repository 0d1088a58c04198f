// End to end in the real VS Code workbench: code-server (a complete VS Code
// build from npm) in headless Chromium, driven by playwright-core as a user
// would drive it. The extension is the real .vsix with the real `verbatim`
// binary inside; nothing is mocked. A second extension, test only (probe/),
// reads what the workbench holds through vscode.languages.getDiagnostics, so
// the test can count findings (each must be there exactly once).
//
// Env: CODE_SERVER (code-server binary), VSIX (the packaged extension),
// E2E_ROOT (scratch folder), ARTIFACTS (screenshots and logs), CHROMIUM.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const net = require("net");
const path = require("path");
const { spawn, execFileSync } = require("child_process");
const { chromium } = require("playwright-core");

const HERE = __dirname;
const REPO = path.resolve(HERE, "../../../..");
const ROOT = process.env.E2E_ROOT || path.join(REPO, ".e2e/vscode");
const CODE_SERVER = process.env.CODE_SERVER || path.join(ROOT, "cs/node_modules/.bin/code-server");
const VSIX = process.env.VSIX;
const ARTIFACTS = process.env.ARTIFACTS || path.join(REPO, "artifacts/vscode");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FIXTURE = path.join(HERE, "fixtures/briefing.transcript");
const CAPTIONS = path.join(REPO, "tests/fixtures/formats/webvtt/planted.vtt");
// A test-only extension whose command writes vscode.languages.getDiagnostics
// for each open document to a file (see probe/extension.js).
const PROBE = path.join(HERE, "probe");
const VSCE = path.join(HERE, "../../node_modules/.bin/vsce");

let run, port, server, ctx, page, probeOut;
let serverLog = "";
const t0 = Date.now();
const log = (...a) => console.log(`# [${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const shot = async (name) => {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  log(`screenshot ${name}.png`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nbsp = (s) => s.replace(/\u00a0/g, " ");

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`timeout waiting for ${url}\n${serverLog}`);
}

async function waitForFile(file, pred, ms = 15000) {
  const end = Date.now() + ms;
  let text = fs.readFileSync(file, "utf8");
  while (!pred(text) && Date.now() < end) {
    await sleep(200);
    text = fs.readFileSync(file, "utf8");
  }
  return text;
}

before(async () => {
  assert.ok(VSIX && fs.existsSync(VSIX), `VSIX must name the packaged extension (got ${VSIX})`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.mkdirSync(path.join(ROOT, "runs"), { recursive: true });
  run = fs.mkdtempSync(path.join(ROOT, "runs/run-"));
  for (const d of ["ud/User", "ext", "ws", "xdg", "chrome"]) fs.mkdirSync(path.join(run, d), { recursive: true });
  fs.writeFileSync(
    path.join(run, "ud/User/settings.json"),
    JSON.stringify(
      {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "update.mode": "none",
        "workbench.enableExperiments": false,
        "git.enabled": false,
        "files.autoSave": "off",
        "chat.disableAIFeatures": true,
      },
      null,
      2,
    ),
  );
  fs.copyFileSync(FIXTURE, path.join(run, "ws/briefing.transcript"));
  // The repository's planted WebVTT fixture, as is: nothing in the
  // workspace names caption files (the one setting below is for .txt files
  // under transcripts/), so it is linted for its extension alone.
  fs.copyFileSync(CAPTIONS, path.join(run, "ws/episode-12.vtt"));
  // Plain text with no setting: a README (not a transcript, with trailing
  // spaces and doubled blank lines a transcript rule would report) and an
  // interview, neither named by the setting below.
  fs.copyFileSync(path.join(REPO, "tests/fixtures/not-transcripts/README.txt"), path.join(run, "ws/README.txt"));
  fs.writeFileSync(path.join(run, "ws/ferry-interview.txt"), "DANA: When does the new wharf open?\n\nFARAHANI: In (inaudible the spring.\n");
  // A plain .txt file is linted only through verbatim.documentSelector.
  fs.mkdirSync(path.join(run, "ws/transcripts"), { recursive: true });
  fs.mkdirSync(path.join(run, "ws/.vscode"), { recursive: true });
  fs.writeFileSync(path.join(run, "ws/transcripts/interview.txt"), "MR ROBINSON: We spoke (inaudible and then we left.\n\nMR JONES: Yes.\n");
  fs.writeFileSync(path.join(run, "ws/.vscode/settings.json"), JSON.stringify({ "verbatim.documentSelector": ["**/transcripts/**/*.txt"] }));
  // Only the binary inside the .vsix may answer: no setting, nothing on PATH.
  probeOut = path.join(run, "probe-diagnostics.json");
  const env = {
    ...process.env,
    PATH: (process.env.PATH || "").split(":").filter((d) => !fs.existsSync(path.join(d, "verbatim"))).join(":"),
    XDG_DATA_HOME: `${run}/xdg/data`,
    XDG_CONFIG_HOME: `${run}/xdg/config`,
    XDG_CACHE_HOME: `${run}/xdg/cache`,
    VERBATIM_PROBE_OUT: probeOut,
  };
  const common = ["--config", `${run}/config.yaml`, "--user-data-dir", `${run}/ud`, "--extensions-dir", `${run}/ext`];
  let t = Date.now();
  execFileSync(CODE_SERVER, [...common, "--install-extension", VSIX], { env, stdio: "pipe" });
  log(`extension installed in ${Date.now() - t} ms`);
  // The probe is packaged from a copy, so nothing is written into the source tree.
  const probeSrc = path.join(run, "probe-src");
  fs.cpSync(PROBE, probeSrc, { recursive: true });
  const probeVsix = path.join(run, "probe.vsix");
  execFileSync(VSCE, ["package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "-o", probeVsix], {
    cwd: probeSrc,
    stdio: "pipe",
  });
  execFileSync(CODE_SERVER, [...common, "--install-extension", probeVsix], { env, stdio: "pipe" });
  log("probe extension installed");
  port = await freePort();
  t = Date.now();
  server = spawn(
    CODE_SERVER,
    [...common, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check",
      "--disable-workspace-trust", `${run}/ws`],
    { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000);
  log(`code-server up on ${port} in ${Date.now() - t} ms`);
  ctx = await chromium.launchPersistentContext(`${run}/chrome`, {
    executablePath: CHROMIUM,
    viewport: { width: 1400, height: 900 },
    env: { ...env, HOME: `${run}/xdg` },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = ctx.pages()[0] || (await ctx.newPage());
});

after(async () => {
  if (page) await shot("final").catch(() => {});
  if (ctx) await ctx.close().catch(() => {});
  if (server) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  }
  if (run) {
    fs.writeFileSync(path.join(ARTIFACTS, "code-server.log"), serverLog);
    // The extension host's logs, including the Verbatim output channel.
    const logs = path.join(run, "ud/logs");
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(ARTIFACTS, "logs"), { recursive: true });
  }
  log(`artifacts in ${ARTIFACTS}`);
});

/** Runs a command from the command palette by its title. */
async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: 15000 });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15000 });
}

/** Moves the caret with "Go to Line/Column" (1-based). */
async function goTo(line, column) {
  await page.locator(".monaco-editor .view-line").first().click();
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: 15000 });
  // The widget opens with `:` typed; filling replaces it, so it goes back in.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15000 });
}

/** The rule codes in the Problems panel, one per row, with the row texts. */
async function problemRows() {
  const rows = page.locator(".markers-panel .monaco-list-row");
  const texts = (await rows.allInnerTexts()).map(nbsp);
  return texts.filter((t) => /verbatim/.test(t));
}

/**
 * The verbatim diagnostics VS Code holds for the open document whose path
 * ends with `name`, as vscode.languages.getDiagnostics(uri) returns them,
 * through the probe extension's command.
 */
async function heldDiagnostics(name) {
  fs.rmSync(probeOut, { force: true });
  await runCommand("Verbatim probe: Dump diagnostics");
  const end = Date.now() + 15000;
  while (!fs.existsSync(probeOut)) {
    if (Date.now() > end) throw new Error("the probe wrote no diagnostics file");
    await sleep(100);
  }
  const dump = JSON.parse(fs.readFileSync(probeOut, "utf8"));
  // The whole file name: `ferry-interview.txt` ends with `interview.txt`.
  const doc = dump.documents.find((d) => d.path.split(/[\\/]/).pop() === name);
  assert.ok(doc, `${name} is not open: ${JSON.stringify(dump.documents.map((d) => d.path))}`);
  return doc.diagnostics.filter((d) => d.source === "verbatim");
}

/**
 * Dumps what the workbench holds for `name` until `done` accepts it or the
 * deadline passes, and returns the last dump: the server lints after the
 * document opens, so the first dumps may come before its diagnostics.
 */
async function waitHeld(name, done, ms = 60000) {
  const end = Date.now() + ms;
  let held = await heldDiagnostics(name);
  while (!done(held) && Date.now() < end) held = await heldDiagnostics(name);
  return held;
}

/** Diagnostics as sorted "line:column severity code", 1-based. */
function placed(diagnostics) {
  return diagnostics.map((d) => `${d.line + 1}:${d.character + 1} ${d.severity} ${d.code}`).sort();
}

/** How often each rule code occurs, as sorted "code xN" strings. */
function codeCounts(diagnostics) {
  const n = new Map();
  for (const d of diagnostics) n.set(d.code, (n.get(d.code) || 0) + 1);
  return [...n].map(([code, k]) => `${code} x${k}`).sort();
}

// The workbench shows `verbatim(rule-name)`; the parentheses are drawn by CSS,
// so the text reads `verbatimrule-name`.
const CODE = /verbatim\s*\(?\s*([a-z]+(?:-[a-z]+)+)/g;

function codesOf(rows) {
  return rows.flatMap((r) => [...r.matchAll(CODE)].map((m) => m[1])).sort();
}

/** Hovers every squiggle and returns the rule codes the hovers name. */
async function squiggleCodes() {
  const codes = [];
  const squiggles = page.locator(".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning");
  const n = await squiggles.count();
  for (let i = 0; i < n; i++) {
    const sq = squiggles.nth(i);
    const cls = await sq.getAttribute("class");
    // A hover the workbench missed (it was still busy, or the pointer was
    // already there and never moved) is asked for once more, from
    // elsewhere: the hover itself is what is tested, not its first try.
    let shown = false;
    for (let attempt = 0; attempt < 2 && !shown; attempt++) {
      if (attempt > 0) {
        await page.mouse.move(5, 5);
        await hoverGone();
      }
      await sq.hover({ force: true });
      try {
        await page.locator(".monaco-hover", { hasText: "verbatim" }).first().waitFor({ state: "visible", timeout: 10000 });
        shown = true;
      } catch {
        log(`no hover for ${cls} on try ${attempt + 1}`);
      }
    }
    if (!shown) {
      codes.push(`(no hover for ${cls})`);
      continue;
    }
    const text = nbsp(await page.locator(".monaco-hover", { hasText: "verbatim" }).first().innerText());
    const found = [...text.matchAll(CODE)].map((m) => m[1]);
    codes.push(...found.map((c) => `${/error/.test(cls) ? "error" : "warning"}:${c}`));
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");
    // The next squiggle's hover is told apart from this one only once this
    // one is gone.
    await hoverGone();
  }
  return [...new Set(codes)].sort();
}

/** Waits until no verbatim hover is shown. */
async function hoverGone() {
  await page.locator(".monaco-hover", { hasText: "verbatim" }).first().waitFor({ state: "hidden", timeout: 10000 });
}

test("diagnostics, a quick fix and Fix all problems with the bundled server", async () => {
  const file = path.join(run, "ws/briefing.transcript");
  const original = fs.readFileSync(file, "utf8");

  await page.goto(`http://127.0.0.1:${port}/?folder=${run}/ws`);
  await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
  log("workbench visible");

  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: "briefing.transcript" });
  await row.click({ timeout: 90000 });
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30000 });
  log("editor open");

  // The language the extension contributes, and its status bar item.
  await page.locator(".statusbar-item", { hasText: "Transcript" }).first().waitFor({ timeout: 30000 });
  await page.waitForSelector(".monaco-editor .squiggly-error", { timeout: 90000 });
  await page.waitForSelector(".monaco-editor .squiggly-warning", { timeout: 30000 });
  log("squiggles visible");
  await page.locator(".statusbar-item", { hasText: "Verbatim" }).first().waitFor({ timeout: 30000 });
  await shot("1-diagnostics");

  const hovered = await squiggleCodes();
  log("squiggle hovers:", JSON.stringify(hovered));
  assert.deepEqual(hovered, ["error:footnote-missing-note", "error:unclosed-marker", "warning:speaker-name-mismatch"]);

  // Each finding exactly once in what VS Code holds. The hovers above were
  // requests answered by the server, so anything it had sent for the open
  // document (a push beside the pulls would be a second copy) is in by now.
  let held = await heldDiagnostics("briefing.transcript");
  log("held diagnostics:", JSON.stringify(codeCounts(held)));
  assert.equal(held.filter((d) => d.code === "unclosed-marker").length, 1, JSON.stringify(held));
  assert.deepEqual(codeCounts(held), ["footnote-missing-note x1", "speaker-name-mismatch x1", "unclosed-marker x1"]);

  await page.keyboard.press("Control+Shift+M");
  await page.locator(".markers-panel .monaco-list-row", { hasText: "unclosed-marker" }).waitFor({ timeout: 15000 });
  let rows = await problemRows();
  log("problems rows:", JSON.stringify(rows));
  assert.deepEqual(codesOf(rows), ["footnote-missing-note", "speaker-name-mismatch", "unclosed-marker"]);
  assert.ok(rows.some((r) => /Lavrow/.test(r) && /\[Ln 4, Col 47\]/.test(r)), "the name mismatch is on line 4 at `Lavrow`");
  await shot("2-problems");

  // Quick fix: caret on `Lavrow`, Ctrl+. opens the code actions, Enter applies the focused one.
  await goTo(4, 48);
  await page.keyboard.press("Control+Period");
  const menu = page.locator(".action-widget .monaco-list-row");
  await menu.first().waitFor({ timeout: 15000 });
  await shot("3-quickfix-menu");
  const titles = (await menu.allInnerTexts()).map(nbsp);
  log("code actions:", JSON.stringify(titles));
  assert.ok(titles.some((t) => /Lavrov/.test(t)), "a quick fix offers the label's spelling");
  // The preferred fix comes first; step down to it only if the widget put another on top.
  for (let i = 0; i < titles.length; i++) {
    const focused = nbsp(await page.locator(".action-widget .monaco-list-row.focused").innerText().catch(() => ""));
    if (/Lavrov/.test(focused) && !/known names/i.test(focused)) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  await page.locator(".monaco-editor .view-line", { hasText: "Foreign Minister Lavrov and I" }).waitFor({ timeout: 15000 });
  await page.keyboard.press("Control+S");
  const afterQuickFix = original.replace("Foreign Minister Lavrow and I", "Foreign Minister Lavrov and I");
  assert.notEqual(afterQuickFix, original);
  assert.equal(await waitForFile(file, (t) => t === afterQuickFix), afterQuickFix);
  await page.locator(".monaco-editor .squiggly-warning").waitFor({ state: "detached", timeout: 15000 });
  log("quick fix applied and saved");
  await shot("4-after-quickfix");

  // Fix all problems: the safe fix (close the marker) applies; the missing
  // note needs a person, so it stays.
  await runCommand("Verbatim: Fix all problems");
  await page.locator(".monaco-editor .view-line", { hasText: "We did (inaudible) and we agreed" }).waitFor({ timeout: 15000 });
  await page.keyboard.press("Control+S");
  const afterFixAll = afterQuickFix.replace("We did (inaudible and", "We did (inaudible) and");
  assert.notEqual(afterFixAll, afterQuickFix);
  assert.equal(await waitForFile(file, (t) => t === afterFixAll), afterFixAll);
  await page.locator(".markers-panel .monaco-list-row", { hasText: "unclosed-marker" }).waitFor({ state: "detached", timeout: 15000 });
  rows = await problemRows();
  log("problems rows after fix all:", JSON.stringify(rows));
  assert.deepEqual(codesOf(rows), ["footnote-missing-note"]);
  await shot("5-after-fix-all");

  // The server that answered is the one inside the .vsix.
  await runCommand("Verbatim: Show server output");
  const output = page.locator(".panel .monaco-editor .view-lines", { hasText: "Starting verbatim" });
  await output.first().waitFor({ timeout: 15000 });
  // The output view wraps long lines.
  const outputText = nbsp(await output.first().innerText()).replace(/\n/g, "");
  log("server output:", JSON.stringify(outputText.split("\n").slice(0, 3)));
  assert.match(outputText, /Starting verbatim \S+ \(bundled: .*\/ext\/verbatim\.verbatim-[^/]+\/server\/verbatim\)/);
  await shot("6-server-output");

  // Restart server: a new server process starts and answers again.
  await runCommand("Verbatim: Restart server");
  await page
    .locator(".panel .monaco-editor .view-lines", { hasText: /Restarting\sthe\sserver\.[\s\S]*Starting\sverbatim/ })
    .first()
    .waitFor({ timeout: 30000 });
  await page.locator(".statusbar-item", { hasText: "Verbatim" }).locator(".codicon-check").first().waitFor({ timeout: 30000 });
  log("server restarted");

  // verbatim.documentSelector: a .txt under transcripts/ is linted too.
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "transcripts" }).click();
  // By its exact name: `ferry-interview.txt`, at the top of the folder,
  // holds "interview.txt" too, and is listed before the folder opens.
  const exactly = /(?<![\w-])interview\.txt/;
  await page.locator('.explorer-folders-view .monaco-list-row[aria-label="interview.txt"]').click({ timeout: 15000 });
  await page.locator(".tab.active", { has: page.getByText("interview.txt", { exact: true }) }).waitFor({ timeout: 15000 });
  await page.keyboard.press("Control+Shift+M");
  await page.locator(".markers-panel .monaco-list-row", { hasText: exactly }).first().waitFor({ timeout: 30000 });
  await page.waitForSelector(".monaco-editor .squiggly-error", { timeout: 30000 });
  rows = (await problemRows()).filter((r) => /inaudible/.test(r));
  log("problems rows with interview.txt open:", JSON.stringify(rows));
  assert.deepEqual(codesOf(rows), ["unclosed-marker"]);
  held = await heldDiagnostics("interview.txt");
  log("held diagnostics for interview.txt:", JSON.stringify(codeCounts(held)));
  assert.deepEqual(codeCounts(held), ["unclosed-marker x1"]);
  await shot("7-document-selector");
});

test("a .vtt file shows its planted findings with no configuration", async () => {
  // Whatever the test before left open (a menu, a quick input) goes first.
  await page.keyboard.press("Escape");
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "episode-12.vtt" }).click({ timeout: 30000 });
  await page.locator(".tab.active", { hasText: "episode-12.vtt" }).waitFor({ timeout: 15000 });
  // The language the extension contributes for .vtt files.
  await page.locator(".statusbar-item", { hasText: "WebVTT" }).first().waitFor({ timeout: 30000 });

  // Every finding tests/fixtures/formats/webvtt/planted.expected.md lists,
  // each once, on its line and column (the characters before each are
  // ASCII, so UTF-16 columns are the file's), at its rule's default
  // severity, and nothing else (no info finding either).
  const want = [
    "1:1 error webvtt-header",
    "112:1 error cue-ends-before-start",
    "115:1 warning cue-order",
    "42:38 warning speaker-name-mismatch",
    "63:26 warning unknown-marker",
    "74:14 warning cue-timestamp-format",
    "84:1 warning cue-timestamp-format",
    "93:4 warning speaker-label-variant",
    "98:32 error unclosed-marker",
  ].sort();
  const held = await waitHeld("episode-12.vtt", (h) => JSON.stringify(placed(h)) === JSON.stringify(want));
  log("held diagnostics for episode-12.vtt:", JSON.stringify(placed(held)));
  assert.deepEqual(placed(held), want);

  // And the user sees them: squiggles in the editor, rows in Problems.
  await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 30000 });
  if (!(await page.locator(".markers-panel").isVisible())) await page.keyboard.press("Control+Shift+M");
  const header = page.locator(".markers-panel .monaco-list-row", { hasText: "webvtt-header" });
  await header.waitFor({ timeout: 30000 });
  const headerRow = nbsp(await header.first().innerText());
  log("problems row:", JSON.stringify(headerRow));
  assert.match(headerRow, /\[Ln 1, Col 1\]/);
  await shot("8-webvtt");
});

test("plain text: a .txt transcript is linted with no setting, a README shows nothing", async () => {
  await page.keyboard.press("Escape");
  // The README first, so that its lint is asked for before the interview's;
  // a double click keeps it open (a single click opens a preview, which the
  // next file replaces).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "README.txt" }).dblclick({ timeout: 30000 });
  await page.locator(".tab.active", { hasText: "README.txt" }).waitFor({ timeout: 15000 });
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "ferry-interview.txt" }).click({ timeout: 30000 });
  await page.locator(".tab.active", { hasText: "ferry-interview.txt" }).waitFor({ timeout: 15000 });
  const want = ["3:14 error unclosed-marker"];
  const held = await waitHeld("ferry-interview.txt", (h) => JSON.stringify(placed(h)) === JSON.stringify(want));
  log("held diagnostics for ferry-interview.txt:", JSON.stringify(placed(held)));
  assert.deepEqual(placed(held), want);
  await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 30000 });
  // The server has answered for the interview, opened after the README:
  // the README, which it does not read as a transcript, has nothing.
  const readme = await heldDiagnostics("README.txt");
  log("held diagnostics for README.txt:", JSON.stringify(placed(readme)));
  assert.deepEqual(placed(readme), []);
  await shot("9-plain-text");
});
