-- End-to-end test: plain-text files (`*.txt`, filetype `text`) in Neovim
-- with no configuration. The plugin sends them to the server, which lints
-- one that reads as a transcript and stays silent on the others: the
-- repository's README, licence, meeting notes and article fixtures
-- (tests/fixtures/not-transcripts) show nothing, though each holds
-- blemishes a transcript rule would report.
--
--   nvim --headless --clean -l editors/nvim/test/plaintext.lua setup  /path/to/verbatim
--   nvim --headless --clean -l editors/nvim/test/plaintext.lua enable /path/to/verbatim
--
-- Prints one line per check and a closing "N passed, N failed" line; exits 1
-- on any failure.

local mode = arg[1]
local bin = arg[2]
assert(mode == "setup" or mode == "enable", "usage: plaintext.lua setup|enable /path/to/verbatim")
assert(bin and vim.fn.executable(bin) == 1, "not an executable: " .. tostring(bin))
bin = vim.fn.fnamemodify(bin, ":p")

local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local plugin_dir = vim.fn.fnamemodify(here, ":h")
local repo = vim.fn.fnamemodify(plugin_dir, ":h:h")
local fixtures = repo .. "/tests/fixtures/not-transcripts"
local TIMEOUT = 10000

local function say(s)
  io.stdout:write(s, "\n")
  io.stdout:flush()
end

local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    say(("ok - [plaintext-%s] %s"):format(mode, name))
  else
    failed = failed + 1
    say(("not ok - [plaintext-%s] %s"):format(mode, name))
    if detail then
      say("    " .. tostring(detail):gsub("\n", "\n    "))
    end
  end
  return ok
end

local function finish()
  say(("%d passed, %d failed"):format(passed, failed))
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  os.exit(failed == 0 and 0 or 1)
end

local notices = {}
vim.notify = function(msg, level)
  table.insert(notices, { msg = msg, level = level or vim.log.levels.INFO })
end
vim.notify_once = vim.notify

local function copy(from, to)
  local f = assert(io.open(from, "rb"))
  local s = f:read("*a")
  f:close()
  f = assert(io.open(to, "wb"))
  f:write(s)
  f:close()
end

local function write_file(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

local function diag_keys(buf)
  local keys = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(keys, ("%d %s"):format(d.lnum + 1, tostring(d.code)))
  end
  table.sort(keys)
  return keys
end

-- A bare folder: no verbatim.toml, no .git.
local root = vim.fn.tempname() .. "-verbatim-plaintext-" .. mode
vim.fn.mkdir(root, "p")
root = vim.uv.fs_realpath(root)
local plain = { "README.txt", "LICENSE.txt", "meeting-notes.txt", "article.txt" }
for _, name in ipairs(plain) do
  copy(fixtures .. "/" .. name, root .. "/" .. name)
end
write_file(
  root .. "/interview.txt",
  "MR ROBINSON: We spoke (inaudible and then we left.\n\nMR JONES: Yes.\n"
)

vim.opt.rtp:prepend(plugin_dir)
vim.cmd("runtime! plugin/verbatim.lua")
vim.env.PATH = vim.fs.dirname(bin) .. ":" .. vim.env.PATH
if mode == "setup" then
  require("verbatim").setup()
else
  vim.cmd("runtime! ftdetect/transcript.lua")
  vim.lsp.enable("verbatim")
end

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(root .. "/" .. name))
  local buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(TIMEOUT, function()
    return require("verbatim").client(buf) ~= nil
  end, 10)
  check(name .. " (filetype " .. vim.bo[buf].filetype .. ") has the server attached", attached, vim.inspect(notices))
  return buf, attached
end

-- A transcript in a .txt file: linted with no setting.
local interview, ok = open("interview.txt")
if not ok then
  finish()
end
check("interview.txt has filetype text", vim.bo[interview].filetype == "text", vim.bo[interview].filetype)
local shown = vim.wait(TIMEOUT, function()
  return vim.deep_equal(diag_keys(interview), { "1 unclosed-marker" })
end, 10)
check("a .txt transcript shows its finding", shown, vim.inspect(diag_keys(interview)))

-- The files that are not transcripts: Neovim pulls for each when it opens
-- it; a second pull, answered after the first (one server, in order),
-- shows what the server says, and the buffer shows the same: nothing.
for _, name in ipairs(plain) do
  local buf, attached = open(name)
  if attached then
    local client = require("verbatim").client(buf)
    local resp = client:request_sync(
      "textDocument/diagnostic",
      { textDocument = { uri = vim.uri_from_bufnr(buf) } },
      TIMEOUT,
      buf
    )
    local items = resp and resp.result and resp.result.items
    check(name .. ": the server reports nothing", items ~= nil and #items == 0, vim.inspect(resp))
    check(name .. ": the buffer shows no diagnostic", #vim.diagnostic.get(buf) == 0, vim.inspect(diag_keys(buf)))
    local symbols = client:request_sync(
      "textDocument/documentSymbol",
      { textDocument = { uri = vim.uri_from_bufnr(buf) } },
      TIMEOUT,
      buf
    )
    check(
      name .. ": no outline either",
      symbols ~= nil and symbols.err == nil and (symbols.result == nil or symbols.result == vim.NIL or #symbols.result == 0),
      vim.inspect(symbols)
    )
  end
end

-- One server for the folder, not one per file.
local ids = {}
for _, c in ipairs(vim.lsp.get_clients({ name = "verbatim" })) do
  ids[#ids + 1] = c.id
end
check("one server serves every buffer of the folder", #ids == 1, vim.inspect(ids))

local bad = {}
for _, n in ipairs(notices) do
  if n.level >= vim.log.levels.WARN then
    table.insert(bad, n.msg)
  end
end
check("no warning or error was shown to the user", #bad == 0, table.concat(bad, "\n"))

finish()
