// The WebVTT and SubRip grammars, tokenized by the same engine VS Code uses
// (vscode-textmate with the Oniguruma WebAssembly build).
const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const { loadGrammar, vsctm, pkg } = require("./textmate");

const grammars = {};

before(async () => {
  for (const scope of ["text.webvtt", "text.srt"]) {
    grammars[scope] = await loadGrammar(scope);
  }
});

/** [text, innermost scope] of each token of `lines` (one file), per line. */
function tokenize(scope, lines) {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammars[scope].tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.at(-1)]);
  });
}

/** Asserts that `text` on line `n` of `lines` is a token whose scope starts with `prefix`. */
function has(scope, lines, n, text, prefix) {
  const tokens = tokenize(scope, lines)[n];
  assert.ok(
    tokens.some(([t, s]) => t === text && s.startsWith(prefix)),
    `${JSON.stringify(text)} on line ${n} should be ${prefix}; got ${JSON.stringify(tokens)}`,
  );
}

test("the package.json gives each caption language its grammar", () => {
  const by = Object.fromEntries(pkg.contributes.grammars.map((g) => [g.language, g.scopeName]));
  assert.equal(by.webvtt, "text.webvtt");
  assert.equal(by.srt, "text.srt");
  assert.ok(grammars["text.webvtt"] && grammars["text.srt"]);
});

test("WebVTT: header, blocks, timings, settings, voices, tags, entities, markers", () => {
  const vtt = [
    "WEBVTT - Budget review",
    "",
    "NOTE edited by hand: 00:00:01.000 --> 00:00:02.000 is no cue",
    "",
    "STYLE",
    "::cue { color: yellow }",
    "",
    "intro",
    "00:00:01.000 --> 00:00:04.000 align:start position:10%",
    "<v Dana Whitfield>We start [inaudible] at <00:00:02.500>nine &amp; <i>ten</i>.</v>",
    "",
    "01.000 --> 04.000",
    "<v.loud Dana>Yes &nbsp;(laughs)",
  ];
  has("text.webvtt", vtt, 0, "WEBVTT", "keyword.other.header.webvtt");
  has("text.webvtt", vtt, 2, "NOTE", "keyword.other.note.webvtt");
  // A timing inside a NOTE is the note's text, not a timing.
  assert.ok(tokenize("text.webvtt", vtt)[2].every(([, s]) => !s.startsWith("constant.numeric")));
  has("text.webvtt", vtt, 4, "STYLE", "keyword.other.block.webvtt");
  has("text.webvtt", vtt, 8, "00:00:01.000", "constant.numeric.timestamp.start.webvtt");
  has("text.webvtt", vtt, 8, "-->", "keyword.operator.arrow.webvtt");
  has("text.webvtt", vtt, 8, "00:00:04.000", "constant.numeric.timestamp.end.webvtt");
  has("text.webvtt", vtt, 8, " align:start position:10%", "variable.parameter.cue-settings.webvtt");
  has("text.webvtt", vtt, 9, "v", "entity.name.tag.voice.webvtt");
  has("text.webvtt", vtt, 9, "Dana Whitfield", "entity.name.tag.speaker.webvtt");
  has("text.webvtt", vtt, 9, "inaudible", "keyword.other.marker.webvtt");
  has("text.webvtt", vtt, 9, "00:00:02.500", "constant.numeric.timestamp.webvtt");
  has("text.webvtt", vtt, 9, "&amp;", "constant.character.entity.webvtt");
  has("text.webvtt", vtt, 9, "i", "entity.name.tag.webvtt");
  has("text.webvtt", vtt, 11, "01.000", "constant.numeric.timestamp.start.webvtt");
  has("text.webvtt", vtt, 12, ".loud", "entity.other.attribute-name.class.webvtt");
  has("text.webvtt", vtt, 12, "Dana", "entity.name.tag.speaker.webvtt");
  has("text.webvtt", vtt, 12, "laughs", "keyword.other.marker.webvtt");
});

test("SubRip: numbers, timings, speakers, dash lines, tags, position codes, markers", () => {
  const srt = [
    "1",
    "00:00:01,000 --> 00:00:04,000",
    "DANA WHITFIELD: We start [MUSIC] at <i>nine</i>.",
    "",
    "2",
    "00:00:04,500 --> 00:00:06,000",
    "{\\an8}- MARCUS OKAFOR: Thanks.",
    "- Yes, at 10:30 sharp.",
  ];
  has("text.srt", srt, 0, "1", "constant.numeric.sequence.srt");
  has("text.srt", srt, 1, "00:00:01,000", "constant.numeric.timestamp.start.srt");
  has("text.srt", srt, 1, "-->", "keyword.operator.arrow.srt");
  has("text.srt", srt, 2, "DANA WHITFIELD", "entity.name.tag.speaker.srt");
  has("text.srt", srt, 2, "MUSIC", "keyword.other.marker.srt");
  has("text.srt", srt, 2, "i", "entity.name.tag.srt");
  has("text.srt", srt, 6, "MARCUS OKAFOR", "entity.name.tag.speaker.srt");
  has("text.srt", srt, 6, "{\\an8}", "entity.name.tag.position.srt");
  // Text is not a speaker: a time is no label, nor is a sentence.
  for (const n of [2, 7]) {
    const speakers = tokenize("text.srt", srt)[n].filter(([, s]) => s.startsWith("entity.name.tag.speaker"));
    assert.ok(speakers.every(([t]) => t === "DANA WHITFIELD"), JSON.stringify(speakers));
  }
});
