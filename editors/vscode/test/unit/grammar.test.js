// The TextMate grammar, tokenized by the same engine VS Code uses
// (vscode-textmate with the Oniguruma WebAssembly build).
const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { loadGrammar, vsctm, ROOT } = require("./textmate");

let grammar;

before(async () => {
  grammar = await loadGrammar("text.transcript");
});

/** [text, scope] pairs for one line, for tokens that carry a transcript scope. */
function scoped(line) {
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  return tokens
    .map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.filter((s) => s !== "text.transcript").at(-1)])
    .filter(([, s]) => s !== undefined);
}

const has = (line, text, scopePrefix) =>
  assert.ok(
    scoped(line).some(([t, s]) => t === text && s.startsWith(scopePrefix)),
    `${JSON.stringify(text)} in ${JSON.stringify(line)} should be ${scopePrefix}; got ${JSON.stringify(scoped(line))}`,
  );
const plain = (line, text) =>
  assert.ok(!scoped(line).some(([t]) => t.includes(text)), `${JSON.stringify(text)} should not be highlighted: ${JSON.stringify(scoped(line))}`);

test("the package.json points at this grammar for the transcript language", () => {
  const pkg = require(path.join(ROOT, "package.json"));
  const g = pkg.contributes.grammars.find((x) => x.language === "transcript");
  assert.equal(g.scopeName, "text.transcript");
  assert.ok(fs.existsSync(path.join(ROOT, g.path)));
  assert.deepEqual(pkg.contributes.languages[0].extensions, [".transcript", ".transcript.txt", ".transcript.md"]);
  // Caption files are languages of their own, activated and linted with no setting.
  const ext = Object.fromEntries(pkg.contributes.languages.map((l) => [l.id, l.extensions]));
  assert.deepEqual([ext.webvtt, ext.srt], [[".vtt"], [".srt"]]);
  assert.ok(pkg.activationEvents.includes("onLanguage:webvtt") && pkg.activationEvents.includes("onLanguage:srt"));
});

test("speaker labels in each house style", () => {
  has("SECRETARY KERRY: So thank you all.", "SECRETARY KERRY", "entity.name.tag.speaker");
  has("MR. ROBINSON:\u00a0Thanks.", "MR. ROBINSON", "entity.name.tag.speaker");
  has("Dana Whitfield (00:01:26):", "Dana Whitfield", "entity.name.tag.speaker");
  has("Dana Whitfield (00:01:26):", "00:01:26", "constant.numeric.timestamp");
  has("**Marcus Lee:** Right.", "Marcus Lee", "entity.name.tag.speaker");
  has("Speaker 1: Hello.", "Speaker 1", "entity.name.tag.speaker");
});

test("prose that ends in a colon is not a label", () => {
  plain("Watch: the video is below.", "Watch");
  plain("He said this: we will go.", "He said this");
});

test("markers, with timestamps inside them", () => {
  has("We have (inaudible) here.", "inaudible", "keyword.other.marker");
  has("(Laughter.)", "Laughter", "keyword.other.marker");
  has("Yes [crosstalk 00:06:51] no.", "crosstalk", "keyword.other.marker");
  has("Yes [crosstalk 00:06:51] no.", "00:06:51", "constant.numeric.timestamp");
  has("(Via interpreter) Thank you.", "Via interpreter", "keyword.other.marker");
  plain("He met (privately) with them.", "privately");
});

test("footnote references, notes and the notes heading", () => {
  has("as agreed in Geneva.[1]", "[1]", "markup.underline.link.footnote");
  has("as agreed[^12] there.", "[^12]", "markup.underline.link.footnote");
  has("[1] The call took place at nine.", "[1]", "entity.name.label.footnote");
  has("[^2]: A note.", "[^2]:", "entity.name.label.footnote");
  has("Notes", "Notes", "markup.heading.notes");
  has("## Footnotes", "## Footnotes", "markup.heading.notes");
});

test("standalone timestamps", () => {
  has("[00:01:42] Music plays.", "00:01:42", "constant.numeric.timestamp");
});
