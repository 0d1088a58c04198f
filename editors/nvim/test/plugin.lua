-- Tests of the plugin's own logic that need no server:
--   nvim --headless --clean -l editors/nvim/test/plugin.lua
-- Prints one line per check and a closing "N passed, N failed" line.

local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/harness.lua")
h.label = "plugin"
local check = h.check

local notices = {}
vim.notify = function(msg, level)
  table.insert(notices, { msg = msg, level = level or vim.log.levels.INFO })
end

local function touch(path, text)
  vim.fn.mkdir(vim.fs.dirname(path), "p")
  local f = assert(io.open(path, "wb"))
  f:write(text or "")
  f:close()
end

h.load_plugin()
local verbatim = require("verbatim")

-- Filetype detection from plugin/ alone (no setup() call).
check(
  "*.transcript and *.transcript.txt are transcripts without setup()",
  vim.filetype.match({ filename = "/x/a.transcript" }) == "transcript"
    and vim.filetype.match({ filename = "/x/a.transcript.txt" }) == "transcript"
    and vim.filetype.match({ filename = "/x/a.txt" }) ~= "transcript"
    and vim.filetype.match({ filename = "/x/transcript.txt" }) ~= "transcript"
)
check(
  "*.vtt and *.srt have a filetype the server attaches to",
  vim.tbl_contains(verbatim.defaults.filetypes, vim.filetype.match({ filename = "/x/a.vtt" }))
    and vim.tbl_contains(verbatim.defaults.filetypes, vim.filetype.match({ filename = "/x/a.srt" }))
)

check(
  "the commands exist",
  vim.fn.exists(":VerbatimFixAll") == 2 and vim.fn.exists(":VerbatimRestart") == 2
)

-- Roots: the nearest verbatim.toml wins over an outer .git; else .git; else
-- the file's own folder.
local tmp = vim.uv.fs_realpath(vim.fn.fnamemodify(vim.fn.tempname(), ":h"))
local base = tmp .. "/verbatim-plugin-roots"
vim.fn.delete(base, "rf")
vim.fn.mkdir(base .. "/repo/.git", "p")
touch(base .. "/repo/desk/verbatim.toml", "")
touch(base .. "/repo/desk/2025/briefing.transcript", "")
touch(base .. "/repo/other/talk.transcript", "")
touch(base .. "/loose/talk.transcript", "")

local function root_of(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local r = verbatim.root_dir(vim.api.nvim_get_current_buf())
  vim.cmd("bwipeout!")
  return r
end
local r = root_of(base .. "/repo/desk/2025/briefing.transcript")
check("root: the nearest verbatim.toml", r == base .. "/repo/desk", r)
r = root_of(base .. "/repo/other/talk.transcript")
check("root: else the repository (.git)", r == base .. "/repo", r)
r = root_of(base .. "/loose/talk.transcript")
check("root: else the file's folder", r == base .. "/loose", r)

-- The server command.
local cmd, how = verbatim.server_cmd({ cmd = { "/opt/verbatim", "server" } })
check("cmd from setup() is used as given", cmd[1] == "/opt/verbatim" and cmd[2] == "server", how)
cmd = verbatim.server_cmd({ log_level = "debug" })
check(
  "log_level is passed to the server",
  cmd[2] == "server" and cmd[3] == "--log-level" and cmd[4] == "debug",
  vim.inspect(cmd)
)
check(
  "settings travel under the verbatim section",
  vim.deep_equal(verbatim.server_settings({ ignore = { "repeated-word" } }), {
    verbatim = { ignore = { "repeated-word" } },
  })
)

-- The native 0.11 config resolves and carries the plugin's defaults.
if vim.fn.has("nvim-0.11") == 1 then
  local cfg = vim.lsp.config.verbatim
  check(
    "lsp/verbatim.lua is found by vim.lsp.config",
    cfg ~= nil
      and vim.deep_equal(cfg.filetypes, { "transcript", "vtt", "webvtt", "srt", "text" })
      and vim.deep_equal(cfg.root_markers, verbatim.root_markers)
      and cfg.flags.debounce_text_changes == verbatim.default_debounce_ms
      and type(cfg.cmd) == "table"
      and cfg.cmd[#cfg.cmd] == "server",
    vim.inspect(cfg)
  )
end

-- setup(): extra patterns, list options replaced rather than merged.
verbatim.setup({ patterns = { ".*/transcripts/.*%.txt" }, root_markers = { "verbatim.toml" } })
check(
  "setup({ patterns }) adds patterns",
  vim.filetype.match({ filename = "/x/transcripts/a.txt" }) == "transcript"
)
check(
  "setup() replaces list options",
  vim.deep_equal(verbatim.options.root_markers, { "verbatim.toml" }),
  vim.inspect(verbatim.options.root_markers)
)
check("setup() keeps the short debounce", verbatim.options.debounce_text_changes == 20)

-- No server: :VerbatimFixAll says so, :checkhealth names what to set.
verbatim.setup({ cmd = { base .. "/no-such-verbatim", "server" } })
vim.cmd.enew()
notices = {}
vim.cmd("VerbatimFixAll")
check(
  ":VerbatimFixAll without a server reports it",
  #notices == 1 and notices[1].msg:find("no language server", 1, true) ~= nil,
  vim.inspect(notices)
)
vim.cmd("checkhealth verbatim")
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
check(
  ":checkhealth names the missing binary and how to set it",
  report:find("no-such-verbatim", 1, true) ~= nil
    and report:find("ERROR", 1, true) ~= nil
    and report:find("cmd = {", 1, true) ~= nil,
  report
)

vim.fn.delete(base, "rf")
h.finish()
