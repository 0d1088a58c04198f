-- What the Neovim test files share: the paths, the command line, the
-- ok/not ok reporting, the captured notices, a bare temporary folder, the
-- plugin loaded as a plugin manager loads it, and waits with a deadline.
-- Not a test itself (scripts/test.sh names the files it runs); each test
-- loads it by its own folder:
--
--   local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/harness.lua")

local M = {}

M.here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
M.plugin_dir = vim.fn.fnamemodify(M.here, ":h")
M.repo = vim.fn.fnamemodify(M.plugin_dir, ":h:h")
--- How long any wait lasts at the most, in milliseconds.
M.TIMEOUT = 10000
--- What stands in brackets in every check's line: "[<label>] name".
M.label = "test"

--- `nvim -l FILE setup|enable /path/to/verbatim`: the mode and the binary's
--- full path, checked. The checks' label is `prefix` and the mode.
function M.args(file, prefix)
  local mode, bin = arg[1], arg[2]
  assert(mode == "setup" or mode == "enable", ("usage: %s setup|enable /path/to/verbatim"):format(file))
  assert(bin and vim.fn.executable(bin) == 1, "not an executable: " .. tostring(bin))
  M.label = (prefix or "") .. mode
  return mode, vim.fn.fnamemodify(bin, ":p")
end

-- print() in `nvim -l` goes through the message grid and puts the newline
-- before the text; write lines whole so the log reads line by line.
function M.say(s)
  io.stdout:write(s, "\n")
  io.stdout:flush()
end

M.passed, M.failed = 0, 0

--- One "ok - [label] name" or "not ok - [label] name" line, with the
--- detail indented below a failure. Returns `ok`.
function M.check(name, ok, detail)
  if ok then
    M.passed = M.passed + 1
    M.say(("ok - [%s] %s"):format(M.label, name))
  else
    M.failed = M.failed + 1
    M.say(("not ok - [%s] %s"):format(M.label, name))
    if detail then
      M.say("    " .. tostring(detail):gsub("\n", "\n    "))
    end
  end
  return ok
end

--- The closing "N passed, N failed" line; stops every client and exits 1
--- on any failure.
function M.finish()
  M.say(("%d passed, %d failed"):format(M.passed, M.failed))
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  os.exit(M.failed == 0 and 0 or 1)
end

--- Everything vim.notify and vim.notify_once would show the user goes into
--- the returned list (also M.notices) as { msg, level } instead.
function M.capture_notices()
  local notices = {}
  vim.notify = function(msg, level)
    table.insert(notices, { msg = msg, level = level or vim.log.levels.INFO })
  end
  vim.notify_once = vim.notify
  M.notices = notices
  return notices
end

--- Whether the plugin said the server quit.
function M.quit_notice()
  for _, n in ipairs(M.notices) do
    if tostring(n.msg):find("quit with exit code", 1, true) then
      return true
    end
  end
  return false
end

--- Anything shown to the user as a warning or an error is a failure.
function M.check_no_warnings()
  local bad = {}
  for _, n in ipairs(M.notices) do
    if n.level >= vim.log.levels.WARN then
      table.insert(bad, n.msg)
    end
  end
  return M.check("no warning or error was shown to the user", #bad == 0, table.concat(bad, "\n"))
end

function M.read_file(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local s = f:read("*a")
  f:close()
  return s
end

function M.write_file(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

function M.copy(from, to)
  local f = assert(io.open(from, "rb"))
  local s = f:read("*a")
  f:close()
  M.write_file(to, s)
end

--- A new folder named after a temporary name and `suffix` (with `sub`
--- made inside it when given); its real path.
function M.tempdir(suffix, sub)
  local root = vim.fn.tempname() .. suffix
  vim.fn.mkdir(sub and (root .. "/" .. sub) or root, "p")
  return vim.uv.fs_realpath(root)
end

--- The plugin as a plugin manager loads it.
function M.load_plugin()
  vim.opt.rtp:prepend(M.plugin_dir)
  vim.cmd("runtime! plugin/verbatim.lua")
end

--- `bin`'s folder first on PATH, where the plugin's default command finds it.
function M.bin_on_path(bin)
  vim.env.PATH = vim.fs.dirname(bin) .. ":" .. vim.env.PATH
end

--- Neovim 0.11's native path: ftdetect, the binary on PATH and
--- vim.lsp.enable("verbatim") with the plugin's lsp/verbatim.lua.
function M.enable(bin)
  vim.cmd("runtime! ftdetect/transcript.lua")
  M.bin_on_path(bin)
  vim.lsp.enable("verbatim")
end

--- The plugin with no configuration at all: loaded, the binary only on
--- PATH, and `setup()` with no options (mode "setup") or vim.lsp.enable
--- alone (mode "enable").
function M.start_unconfigured(mode, bin)
  M.load_plugin()
  if mode == "setup" then
    M.bin_on_path(bin)
    require("verbatim").setup()
  else
    M.enable(bin)
  end
end

--- Waits until the verbatim client is attached to `buf`. With `watch_quit`,
--- gives up as soon as the plugin says the server quit, and counts that as
--- not attached.
function M.wait_client(buf, watch_quit)
  if not watch_quit then
    return vim.wait(M.TIMEOUT, function()
      return require("verbatim").client(buf) ~= nil
    end, 10)
  end
  return vim.wait(M.TIMEOUT, function()
    return require("verbatim").client(buf) ~= nil or M.quit_notice()
  end, 10) and not M.quit_notice()
end

--- The buffer's diagnostics (of `namespace`, else all), each written as
--- `key(d)`, sorted.
function M.diag_keys(buf, key, namespace)
  local keys = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = namespace })) do
    table.insert(keys, key(d))
  end
  table.sort(keys)
  return keys
end

--- Waits until the buffer's diagnostics, as M.diag_keys writes them, are
--- exactly `want` (sorted here). Returns whether they came to that, and a
--- "want ...\n got ..." detail with each list written by `show`.
function M.wait_diags(buf, want, key, show, namespace)
  table.sort(want)
  local ok = vim.wait(M.TIMEOUT, function()
    return vim.deep_equal(M.diag_keys(buf, key, namespace), want)
  end, 10)
  return ok, ("want %s\n got %s"):format(show(want), show(M.diag_keys(buf, key, namespace)))
end

return M
