--- `:checkhealth verbatim`: the binary, its version, the config file, the clients.

local M = {}

local health = vim.health

--- The command line Neovim will run: the one given to setup(), else the one
--- in `vim.lsp.config("verbatim")` (Neovim 0.11), else the plugin's default.
local function effective_cmd()
  local verbatim = require("verbatim")
  if verbatim.options then
    local cmd, how = verbatim.server_cmd(verbatim.options)
    return cmd, "setup(): " .. how
  end
  if vim.fn.has("nvim-0.11") == 1 then
    local ok, cfg = pcall(function()
      return vim.lsp.config[verbatim.name]
    end)
    if ok and cfg and type(cfg.cmd) == "table" then
      return cfg.cmd, "vim.lsp.config(\"verbatim\")"
    end
  end
  local cmd, how = verbatim.server_cmd(verbatim.defaults)
  return cmd, how
end

local function check_binary()
  local cmd, how = effective_cmd()
  local bin = cmd[1]
  local path = vim.fn.exepath(bin)
  if path == "" then
    health.error(("server binary `%s` not found (%s)"):format(bin, how), {
      "Install it: `cargo install --path server` in a clone of verbatim, or put `verbatim` on PATH",
      'Or point at it: require("verbatim").setup({ cmd = { "/path/to/verbatim", "server" } })',
    })
    return
  end
  health.ok(("server binary: %s (%s)"):format(path, how))
  health.info("command: " .. table.concat(cmd, " "))

  local ok, res = pcall(function()
    return vim.system({ path, "--version" }, { text = true }):wait(5000)
  end)
  if ok and res and res.code == 0 then
    health.ok("version: " .. vim.trim(res.stdout or ""))
  else
    local why = ok and res and vim.trim((res.stderr or "") .. " exit " .. tostring(res.code)) or tostring(res)
    health.error(("`%s --version` failed: %s"):format(path, why))
  end
end

--- The files to report a config for: every buffer a verbatim server is
--- attached to, else the buffer `:checkhealth` was run from.
local function files_of_interest()
  local verbatim = require("verbatim")
  local seen, files = {}, {}
  local function add(buf)
    if buf and buf > 0 and vim.api.nvim_buf_is_valid(buf) then
      local name = vim.api.nvim_buf_get_name(buf)
      if name ~= "" and not name:match("^%a+://") and not seen[name] then
        seen[name] = true
        table.insert(files, name)
      end
    end
  end
  for _, client in ipairs(vim.lsp.get_clients({ name = verbatim.name })) do
    for buf in pairs(client.attached_buffers or {}) do
      add(buf)
    end
  end
  if #files == 0 then
    -- :checkhealth runs in its own buffer; the one before it is the user's.
    add(vim.fn.bufnr("#"))
    add(vim.api.nvim_get_current_buf())
  end
  return files
end

local function check_config()
  local verbatim = require("verbatim")
  local files = files_of_interest()
  local dirs = {}
  for _, f in ipairs(files) do
    table.insert(dirs, vim.fs.dirname(f))
  end
  if #dirs == 0 then
    dirs = { vim.fn.getcwd() }
  end
  local reported = {}
  for _, dir in ipairs(dirs) do
    local found = vim.fs.find(verbatim.config_names, { upward = true, path = dir, type = "file" })[1]
    local line = found and ("config: " .. vim.fs.normalize(found))
      or ("config: no verbatim.toml above %s; the built-in defaults apply"):format(dir)
    if not reported[line] then
      reported[line] = true
      if found then
        health.ok(line)
      else
        health.info(line)
      end
    end
  end
end

local function check_clients()
  local verbatim = require("verbatim")
  local clients = vim.lsp.get_clients({ name = verbatim.name })
  if #clients == 0 then
    health.info("no verbatim server running (open a *.transcript file to start one)")
    return
  end
  for _, client in ipairs(clients) do
    local buffers = vim.tbl_count(client.attached_buffers or {})
    health.ok(
      ("server %d running, root %s, %d buffer(s), debounce %s ms"):format(
        client.id,
        client.root_dir or client.config.root_dir or "(none)",
        buffers,
        tostring((client.flags or {}).debounce_text_changes or 150)
      )
    )
  end
end

function M.check()
  health.start("verbatim")
  if vim.fn.has("nvim-0.10") == 1 then
    health.ok("Neovim " .. tostring(vim.version()))
  else
    health.error("Neovim 0.10 or newer is needed")
  end
  check_binary()
  check_config()
  check_clients()
end

return M
