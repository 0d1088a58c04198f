const { test } = require("node:test");
const assert = require("node:assert/strict");
const { serverSettings, initializationOptions, didChangeConfigurationSettings, documentSelector, announcedLanguage } = require("../../out/settings.js");

const config = (values) => ({ get: (key) => values[key] });

test("defaults send nothing, so verbatim.toml decides", () => {
  assert.deepEqual(serverSettings(config({ select: null, extendSelect: [], ignore: [], severity: {}, knownNames: [] })), {});
  assert.deepEqual(initializationOptions(config({})), { verbatim: {} });
});

test("rule selection, severity and known names are passed under `verbatim`", () => {
  const c = config({
    select: ["ALL"],
    extendSelect: ["double-space"],
    ignore: ["repeated-word", "mixed-quotes"],
    severity: { "speaker-name-mismatch": "error", "repeated-word": "Hint" },
    knownNames: ["Lavrow", "Robbie"],
    "server.path": "/x/verbatim",
    "trace.server": "verbose",
  });
  const expected = {
    verbatim: {
      select: ["ALL"],
      extendSelect: ["double-space"],
      ignore: ["repeated-word", "mixed-quotes"],
      severity: { "speaker-name-mismatch": "error", "repeated-word": "hint" },
      knownNames: ["Lavrow", "Robbie"],
    },
  };
  assert.deepEqual(initializationOptions(c), expected);
  assert.deepEqual(didChangeConfigurationSettings(c), expected);
});

test("an explicit empty select is kept: it means no rules", () => {
  assert.deepEqual(serverSettings(config({ select: [] })), { select: [] });
});

test("malformed values are dropped rather than sent", () => {
  const s = serverSettings(config({
    select: "ALL",
    ignore: ["repeated-word", 3, "", "  double-space "],
    severity: { "repeated-word": "loud", "empty-turn": 2, "unclosed-marker": "warning" },
    knownNames: { Lavrow: true },
  }));
  assert.deepEqual(s, { ignore: ["repeated-word", "double-space"], severity: { "unclosed-marker": "warning" } });
});

test("the document selector is the transcript and caption languages, plain text on disk, plus the user's globs", () => {
  assert.deepEqual(documentSelector(config({ documentSelector: ["**/transcripts/**/*.txt", "", 7] })), [
    { scheme: "file", language: "transcript" },
    { scheme: "untitled", language: "transcript" },
    { scheme: "file", language: "webvtt" },
    { scheme: "untitled", language: "webvtt" },
    { scheme: "file", language: "srt" },
    { scheme: "untitled", language: "srt" },
    { scheme: "file", language: "plaintext" },
    { scheme: "file", pattern: "**/transcripts/**/*.txt" },
  ]);
});

test("plain text the user's globs name is announced as a transcript; other plain text stays plain", () => {
  assert.equal(announcedLanguage("plaintext", true), "transcript");
  assert.equal(announcedLanguage("plaintext", false), "plaintext");
  // Any other language is announced as it is.
  assert.equal(announcedLanguage("transcript", false), "transcript");
  assert.equal(announcedLanguage("webvtt", true), "webvtt");
  assert.equal(announcedLanguage("markdown", true), "markdown");
});
