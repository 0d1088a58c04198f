-- End-to-end test of the Neovim plugin against the real `verbatim server`.
--
--   nvim --headless --clean -l editors/nvim/test/e2e.lua setup  /path/to/verbatim
--   nvim --headless --clean -l editors/nvim/test/e2e.lua enable /path/to/verbatim
--
-- `setup`  loads the plugin the way a plugin manager does and calls
--          require("verbatim").setup({ cmd = ... }).
-- `enable` uses Neovim 0.11's native vim.lsp.enable("verbatim") with the
--          plugin's lsp/verbatim.lua, finding the binary on PATH.
--
-- Prints one line per check and a closing "N passed, N failed" line; exits 1
-- on any failure.

local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/harness.lua")
local mode, bin = h.args("e2e.lua")
local TIMEOUT = h.TIMEOUT
local say, check, finish = h.say, h.check, h.finish
local read_file, write_file = h.read_file, h.write_file

-- Anything the editor would show the user as a warning or error (a command
-- the server does not advertise, a failed edit) is a failure.
local notices = h.capture_notices()
-- A menu would wait for a keypress that never comes.
vim.ui.select = function(items, _, on_choice)
  table.insert(notices, { msg = "unexpected menu: " .. vim.inspect(items), level = vim.log.levels.ERROR })
  on_choice(nil)
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
end

--- A diagnostic as its (line, rule) pair, 0-based line: "4 speaker-name-mismatch".
local function key(d)
  return ("%d %s"):format(d.lnum, tostring(d.code))
end

local function show(list)
  return "{ " .. table.concat(list, ", ") .. " }"
end

--- Waits until the buffer's diagnostics are exactly `want`.
local function wait_diags(buf, want, namespace)
  return h.wait_diags(buf, want, key, show, namespace)
end

--- Applies the one code action at `line`/`col` whose title matches `title`,
--- through Neovim's own code-action path: no test-side LSP calls.
local function code_action(buf, line, col, title, kind)
  vim.api.nvim_set_current_buf(buf)
  vim.api.nvim_win_set_cursor(0, { line + 1, col })
  local seen, taken = {}, false
  vim.lsp.buf.code_action({
    context = { only = kind and { kind } or nil },
    filter = function(action)
      table.insert(seen, action.title)
      -- Only the first match, so Neovim applies it without asking.
      if not taken and action.title:find(title, 1, true) then
        taken = true
        return true
      end
      return false
    end,
    apply = true,
  })
  return seen
end

-- A fresh project: the transcript, plus a `.git` (setup) or an existing
-- `verbatim.toml` with a comment the server must keep (enable).
local root = h.tempdir("-verbatim-nvim-" .. mode, "transcripts")
local toml = root .. "/verbatim.toml"
local existing_toml = "# House style for the briefing desk.\nignore = []\n"
if mode == "setup" then
  vim.fn.mkdir(root .. "/.git", "p")
else
  write_file(toml, existing_toml)
end

local original = table.concat({
  "Press Briefing",
  "Washington, DC",
  "March 3, 2025",
  "",
  "MODERATOR: Good morning. Deputy Assistant Secretary Christopher Robin is with us today.[1]",
  "",
  "MR ROBINSON: Thank you. (inaudible adopting the resolution, we are pleased.",
  "",
  "QUESTION: Mr. Robinson, did Foreign Minister Lavrow agree to the text?",
  "",
  "MR ROBINSON: Chris Robinson here. He did, and so did we.",
  "",
  "FOREIGN MINISTER LAVROV: (Via interpreter) We agreed to the text this morning.",
  "",
}, "\n")
local file = root .. "/transcripts/briefing.transcript"
write_file(file, original)

-- Load the plugin as a plugin manager would.
h.load_plugin()

if mode == "setup" then
  require("verbatim").setup({
    cmd = { bin, "server" },
    patterns = { ".*/transcripts/.*%.txt" },
  })
  check(
    "setup() registers the transcript filetype and extra patterns",
    vim.filetype.match({ filename = root .. "/a.transcript" }) == "transcript"
      and vim.filetype.match({ filename = root .. "/a.transcript.txt" }) == "transcript"
      and vim.filetype.match({ filename = root .. "/transcripts/a.txt" }) == "transcript"
      and vim.filetype.match({ filename = root .. "/notes.txt" }) ~= "transcript"
  )
else
  if vim.fn.has("nvim-0.11") == 0 then
    say("skip - [enable] vim.lsp.enable needs Neovim 0.11")
    finish()
  end
  -- The default command finds `verbatim` on PATH.
  h.enable(bin)
  check(
    "ftdetect registers the transcript filetype",
    vim.filetype.match({ filename = root .. "/a.transcript" }) == "transcript"
      and vim.filetype.match({ filename = root .. "/a.transcript.txt" }) == "transcript"
  )
end

vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
check("a *.transcript file gets filetype transcript", vim.bo[buf].filetype == "transcript", vim.bo[buf].filetype)

local attached = h.wait_client(buf, true)
if not check("the verbatim server attaches to the buffer", attached, vim.inspect(notices)) then
  finish()
end
local client = require("verbatim").client(buf)
check("the client's root is the project root", client.root_dir == root, client.root_dir)
check(
  "didChange is debounced by 20 ms, not Neovim's 150",
  (client.flags or {}).debounce_text_changes == 20,
  vim.inspect(client.flags)
)

-- 1. Diagnostics: the rule codes and lines.
local ok, detail = wait_diags(buf, {
  "4 speaker-name-mismatch",
  "4 footnote-missing-note",
  "6 unclosed-marker",
  "8 speaker-name-mismatch",
})
check("diagnostics carry the expected rules on the expected lines", ok, detail)
-- Each finding once. The server serves pulls to a client that announces
-- them, as Neovim does, and then pushes nothing: after a request round trip
-- (any publish sent before its answer has been handled by then), the one
-- planted unclosed marker is one diagnostic, in the pull namespace only.
local function round_trip()
  client:request_sync("textDocument/documentSymbol", { textDocument = { uri = vim.uri_from_bufnr(buf) } }, TIMEOUT, buf)
end
local function count_code(code, namespace)
  local n = 0
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = namespace })) do
    if d.code == code then
      n = n + 1
    end
  end
  return n
end
round_trip()
check(
  "the planted unclosed marker shows exactly once",
  count_code("unclosed-marker") == 1,
  vim.inspect(vim.diagnostic.get(buf))
)
check(
  "Neovim pulls the diagnostics and none are pushed",
  count_code("unclosed-marker", vim.lsp.diagnostic.get_namespace(client.id, true)) == 1
    and #vim.diagnostic.get(buf, { namespace = vim.lsp.diagnostic.get_namespace(client.id, false) }) == 0,
  vim.inspect(vim.diagnostic.get(buf))
)
local sources = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  sources[tostring(d.source)] = true
end
check("every diagnostic's source is verbatim", vim.deep_equal(vim.tbl_keys(sources), { "verbatim" }), vim.inspect(sources))
if not ok then
  finish()
end

-- 2. The quick fix for `Robin` -> `Robinson`, through vim.lsp.buf.code_action.
local robin_col = #(vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]:match("^(.-)Robin "))
local titles = code_action(buf, 4, robin_col + 1, "Robinson", "quickfix")
local after_quickfix = original:gsub("Christopher Robin is", "Christopher Robinson is")
local applied = vim.wait(TIMEOUT, function()
  return buffer_text(buf) == after_quickfix
end, 10)
check(
  "the quick fix gives the exact text",
  applied,
  ("actions offered: %s\nbuffer:\n%s"):format(vim.inspect(titles), buffer_text(buf))
)
ok, detail = wait_diags(buf, {
  "4 footnote-missing-note",
  "6 unclosed-marker",
  "8 speaker-name-mismatch",
})
check("the fixed mismatch's diagnostic is gone", ok, detail)

-- 3. :VerbatimFixAll applies the safe fixes before returning, so `:write`
-- straight after saves the fixed text.
vim.cmd("VerbatimFixAll | write")
local after_fix_all = after_quickfix:gsub("%(inaudible adopting", "(inaudible) adopting")
check("VerbatimFixAll gives the exact text", buffer_text(buf) == after_fix_all, buffer_text(buf))
check("a :write straight after VerbatimFixAll saves the fixed text", read_file(file) == after_fix_all, read_file(file))
ok, detail = wait_diags(buf, {
  "4 footnote-missing-note",
  "8 speaker-name-mismatch",
})
check("after VerbatimFixAll only the unsafe-fix diagnostics remain", ok, detail)

-- 4. "Add `Lavrow` to known names": the server edits verbatim.toml itself.
local lavrow_col = #(vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1]:match("^(.-)Lavrow"))
titles = code_action(buf, 8, lavrow_col + 1, "known names")
local listed = vim.wait(TIMEOUT, function()
  local t = read_file(toml) or ""
  return t:find('known%-names%s*=%s*%[[^%]]*"Lavrow"') ~= nil
end, 10)
check(
  "Add to known names writes the name into verbatim.toml",
  listed,
  ("actions offered: %s\nverbatim.toml:\n%s"):format(vim.inspect(titles), tostring(read_file(toml)))
)
if mode == "enable" then
  local t = read_file(toml) or ""
  check(
    "verbatim.toml keeps what it held before",
    t:find("# House style for the briefing desk.", 1, true) ~= nil and t:find("ignore = []", 1, true) ~= nil,
    t
  )
end
-- No edit in between: the server asks Neovim to pull again
-- (workspace/diagnostic/refresh, handled by the plugin).
ok, detail = wait_diags(buf, { "4 footnote-missing-note" })
check("the known name's diagnostic is gone", ok, detail)
check("Add to known names left the transcript alone", buffer_text(buf) == after_fix_all, buffer_text(buf))

-- 5. Typing: diagnostics follow an edit; with fix_all_on_save, :write saves
-- the fixed text.
if mode == "setup" then
  require("verbatim").setup({
    cmd = { bin, "server" },
    patterns = { ".*/transcripts/.*%.txt" },
    fix_all_on_save = true,
  })
  local typed = "MR ROBINSON: Chris Robinson here. (inaudible he did, and so did we."
  vim.api.nvim_buf_set_lines(buf, 10, 11, false, { typed })
  ok, detail = wait_diags(buf, { "4 footnote-missing-note", "10 unclosed-marker" })
  check("diagnostics follow an edit", ok, detail)
  vim.cmd("write")
  local saved = after_fix_all:gsub("Chris Robinson here%. He did", "Chris Robinson here. (inaudible) he did")
  check("fix_all_on_save: :write saves the fixed text", read_file(file) == saved, read_file(file))
  ok, detail = wait_diags(buf, { "4 footnote-missing-note" })
  check("fix_all_on_save: the fixed diagnostic is gone", ok, detail)
end

-- 6. :checkhealth verbatim
vim.cmd("checkhealth verbatim")
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
vim.cmd("bwipeout!")
local version = vim.trim(vim.system({ bin, "--version" }, { text = true }):wait().stdout or "")
check("checkhealth reports the binary", report:find("server binary: " .. bin, 1, true) ~= nil, report)
check("checkhealth reports the version", version ~= "" and report:find("version: " .. version, 1, true) ~= nil, report)
check("checkhealth reports the config", report:find("config: " .. toml, 1, true) ~= nil, report)
check("checkhealth reports no error", not report:find("ERROR", 1, true), report)

-- 7. :VerbatimRestart brings a new server up on the same buffer.
local before = require("verbatim").client(buf).id
vim.cmd("VerbatimRestart")
local restarted = vim.wait(TIMEOUT, function()
  local c = require("verbatim").client(buf)
  return c ~= nil and c.id ~= before and c.initialized
end, 10)
check("VerbatimRestart starts a new server for the buffer", restarted)
local new_client = require("verbatim").client(buf)
ok, detail = wait_diags(buf, { "4 footnote-missing-note" }, vim.lsp.diagnostic.get_namespace(new_client.id, true))
check("the new server's diagnostics are pulled for the buffer", ok, detail)
ok, detail = wait_diags(buf, { "4 footnote-missing-note" })
check("the old server's diagnostics are gone", ok, detail)

h.check_no_warnings()

finish()
