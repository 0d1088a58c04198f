-- End-to-end test: caption files (WebVTT, SubRip) opened in Neovim with no
-- configuration at all show the findings the repository's planted caption
-- fixtures list (tests/fixtures/formats/{webvtt,srt}/planted.expected.md).
--
--   nvim --headless --clean -l editors/nvim/test/captions.lua setup  /path/to/verbatim
--   nvim --headless --clean -l editors/nvim/test/captions.lua enable /path/to/verbatim
--
-- "No configuration" means: the binary is found on PATH, `setup()` is called
-- with no options (or `vim.lsp.enable("verbatim")` alone), and the files sit
-- in a folder with no verbatim.toml and no .git. Nothing tells the plugin or
-- the server that these are transcripts but their extensions.
--
-- Prints one line per check and a closing "N passed, N failed" line; exits 1
-- on any failure.

local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/harness.lua")
local mode, bin = h.args("captions.lua", "captions-")
local fixtures = h.repo .. "/tests/fixtures/formats"
local check, finish = h.check, h.finish

-- Anything shown to the user as a warning or an error is a failure.
h.capture_notices()

--- A diagnostic as "line:col severity rule", 1-based line and column
--- (columns in bytes, which equal characters on the lines planted here:
--- everything before each finding is ASCII).
local names = { "error", "warning", "info", "hint" }
local function key(d)
  return ("%d:%d %s %s"):format(d.lnum + 1, d.col + 1, names[d.severity], tostring(d.code))
end

local function show(list)
  return "{\n  " .. table.concat(list, "\n  ") .. "\n}"
end

--- Waits until the buffer's diagnostics are exactly `want`.
local function wait_diags(buf, want)
  return h.wait_diags(buf, want, key, show)
end

-- A bare folder: no verbatim.toml, no .git, so no project settings either.
local root = h.tempdir("-verbatim-captions-" .. mode)
h.copy(fixtures .. "/webvtt/planted.vtt", root .. "/episode-12.vtt")
h.copy(fixtures .. "/srt/planted.srt", root .. "/ferry.srt")

-- The plugin as a plugin manager loads it; the binary only on PATH.
h.start_unconfigured(mode, bin)

--- Opens `name` from the folder and waits for the server to attach.
local function open(name, filetype)
  vim.cmd.edit(vim.fn.fnameescape(root .. "/" .. name))
  local buf = vim.api.nvim_get_current_buf()
  check(name .. " gets filetype " .. filetype, vim.bo[buf].filetype == filetype, vim.bo[buf].filetype)
  local attached = h.wait_client(buf, true)
  check("the verbatim server attaches to " .. name, attached, vim.inspect(h.notices))
  return buf, attached
end

-- WebVTT: every planted finding of webvtt/planted.expected.md, on its line
-- and column, at its rule's default severity; no info finding besides.
local vtt, vtt_attached = open("episode-12.vtt", "vtt")
if not vtt_attached then
  finish()
end
local vtt_planted = {
  "1:1 error webvtt-header",
  "42:38 warning speaker-name-mismatch",
  "63:26 warning unknown-marker",
  "74:14 warning cue-timestamp-format",
  "84:1 warning cue-timestamp-format",
  "93:4 warning speaker-label-variant",
  "98:32 error unclosed-marker",
  "112:1 error cue-ends-before-start",
  "115:1 warning cue-order",
}
local ok, detail = wait_diags(vtt, vim.deepcopy(vtt_planted))
check("a .vtt shows the planted findings, each on its line and column", ok, detail)

-- SubRip, in the same server: the byte-order mark Neovim strips from the
-- buffer does not shift a column, and CRLF line endings no line.
local srt, srt_attached = open("ferry.srt", "srt")
if not srt_attached then
  finish()
end
check(
  "both files share one server",
  require("verbatim").client(srt).id == require("verbatim").client(vtt).id
)
ok, detail = wait_diags(srt, {
  "11:1 warning cue-timestamp-format",
  "16:1 warning cue-timestamp-format",
  "30:1 warning srt-sequence",
  "57:1 warning speaker-label-variant",
  "60:1 warning srt-sequence",
  "81:18 warning speaker-name-mismatch",
  "85:14 warning cue-timestamp-format",
  "92:12 error unclosed-marker",
  "100:1 error cue-ends-before-start",
  "116:2 warning unknown-marker",
  "119:1 warning cue-order",
})
check("a .srt shows the planted findings, each on its line and column", ok, detail)

local sources = {}
for _, b in ipairs({ vtt, srt }) do
  for _, d in ipairs(vim.diagnostic.get(b)) do
    sources[tostring(d.source)] = true
  end
end
check("every diagnostic's source is verbatim", vim.deep_equal(vim.tbl_keys(sources), { "verbatim" }), vim.inspect(sources))

-- Typing in a cue: a fixed finding goes, the others stay where they are.
vim.api.nvim_set_current_buf(vtt)
local line = vim.api.nvim_buf_get_lines(vtt, 97, 98, false)[1]
vim.api.nvim_buf_set_lines(vtt, 97, 98, false, { line .. "]" })
ok, detail = wait_diags(
  vtt,
  vim.tbl_filter(function(key)
    return key ~= "98:32 error unclosed-marker"
  end, vtt_planted)
)
check("closing the bracket in the cue clears its finding and no other", ok, detail)

h.check_no_warnings()

finish()
