--- verbatim for Neovim: starts `verbatim server` for transcript buffers.
---
--- Two ways in, both supported:
---   * `require("verbatim").setup({...})` (Neovim >= 0.10), which starts the
---     server with `vim.lsp.start` on every `transcript` buffer;
---   * Neovim 0.11's `vim.lsp.enable("verbatim")`, which reads `lsp/verbatim.lua`.
--- Either way `:VerbatimFixAll` and `:checkhealth verbatim` work, because they
--- look the client up by name instead of keeping state of their own.

local M = {}

M.name = "verbatim"

--- Neovim debounces `didChange` by 150 ms unless told otherwise. The server
--- answers a keystroke in about a millisecond, so that default is what users
--- would feel; a short debounce still batches a burst of typing.
M.default_debounce_ms = 20

M.root_markers = { "verbatim.toml", ".verbatim.toml", ".git" }
M.config_names = { "verbatim.toml", ".verbatim.toml" }

--- Lua patterns (as in `vim.filetype.add`) matched against a buffer's full
--- path. `*.transcript` is an extension and is registered separately.
M.default_patterns = { [".*%.transcript%.txt"] = "transcript" }

--- Caption files are transcripts too. Neovim names `.srt` files `srt` and,
--- in recent versions, `.vtt` files `vtt` (older ones know no `.vtt`:
--- `register_filetype` adds it); the server reads the format from the
--- file's extension, whatever the filetype is called.
M.caption_filetypes = { "vtt", "webvtt", "srt" }

---@class verbatim.Options
---@field cmd? string[] How to start the server. Default: `verbatim server`, found on PATH, else a release build next to this plugin.
---@field filetypes? string[] Filetypes the server attaches to. Default `{ "transcript", "vtt", "webvtt", "srt", "text" }`.
---@field patterns? string[] Extra Lua patterns (matched against the full path) detected as `transcript`, e.g. `".*/transcripts/.*%.txt"`.
---@field root_markers? string[] Files that mark the project root. Default `{ "verbatim.toml", ".verbatim.toml", ".git" }`, in that priority.
---@field settings? table Server settings: `select`, `extendSelect`, `ignore`, `severity`, `knownNames`.
---@field debounce_text_changes? integer Milliseconds. Default 20 (Neovim's own default is 150).
---@field fix_all_on_save? boolean Apply every safe fix before each write. Default false.
---@field log_level? string Server log level (error, warn, info, debug, trace), written to Neovim's LSP log.
---@field on_attach? fun(client: vim.lsp.Client, bufnr: integer)
---@field capabilities? table

---@type verbatim.Options
M.defaults = {
  cmd = nil,
  -- `text` (`*.txt`): the server lints a plain-text buffer only while it
  -- reads as a transcript, and says nothing about a README, a licence or
  -- notes (see the README, "Plain text").
  filetypes = { "transcript", "vtt", "webvtt", "srt", "text" },
  patterns = {},
  root_markers = M.root_markers,
  settings = {},
  debounce_text_changes = M.default_debounce_ms,
  fix_all_on_save = false,
  log_level = nil,
  on_attach = nil,
  capabilities = nil,
}

---@type verbatim.Options?
M.options = nil

--- Where this plugin lives: `<repo>/editors/nvim` when used from a clone.
local function plugin_root()
  local here = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(here, ":p:h:h:h")
end

--- The binary to run: `verbatim` on PATH, else a build in the clone this
--- plugin was installed from (so a plugin manager's `build = "cargo build
--- --release -p verbatim"` step is all a user needs), else plain `verbatim`
--- so that the error names the program that is missing.
---@return string path, string how
function M.find_binary()
  local on_path = vim.fn.exepath("verbatim")
  if on_path ~= "" then
    return on_path, "found on PATH"
  end
  local repo = vim.fn.fnamemodify(plugin_root(), ":h:h")
  for _, profile in ipairs({ "release", "debug" }) do
    local candidate = repo .. "/target/" .. profile .. "/verbatim"
    if vim.fn.executable(candidate) == 1 then
      return candidate, "built in this clone (" .. profile .. ")"
    end
  end
  return "verbatim", "not found"
end

--- The command line that starts the server, with its origin for `:checkhealth`.
---@param opts? verbatim.Options
---@return string[] cmd, string how
function M.server_cmd(opts)
  opts = opts or M.options or M.defaults
  if opts.cmd then
    return vim.deepcopy(opts.cmd), "from setup({ cmd = ... })"
  end
  local bin, how = M.find_binary()
  local cmd = { bin, "server" }
  if opts.log_level then
    vim.list_extend(cmd, { "--log-level", opts.log_level })
  end
  return cmd, how
end

--- Settings the server reads, under the `verbatim` section, the shape used
--- both for `initializationOptions` and `workspace/didChangeConfiguration`.
---@param settings? table
function M.server_settings(settings)
  return { verbatim = vim.deepcopy(settings or {}) }
end

--- Registers the `transcript` filetype. Safe to call more than once.
---@param extra? string[]|table<string,string>
function M.register_filetype(extra)
  local pattern = vim.deepcopy(M.default_patterns)
  for k, v in pairs(extra or {}) do
    if type(k) == "number" then
      pattern[v] = "transcript"
    else
      pattern[k] = v
    end
  end
  local extension = { transcript = "transcript" }
  -- Only where Neovim has no filetype of its own: its own keeps its syntax.
  for _, ext in ipairs({ "vtt", "srt" }) do
    if not vim.filetype.match({ filename = "captions." .. ext }) then
      extension[ext] = ext
    end
  end
  vim.filetype.add({ extension = extension, pattern = pattern })
end

--- Project root for a buffer: the nearest `verbatim.toml`, else the nearest
--- `.git`, else the file's own folder.
---@param bufnr integer
---@param markers? string[]
function M.root_dir(bufnr, markers)
  local root = vim.fs.root(bufnr, markers or M.root_markers)
  if root then
    return root
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return vim.fn.getcwd()
  end
  return vim.fs.dirname(name)
end

--- Calls a client method on Neovim 0.10 (`client.m(...)`) and on 0.11+
--- (`client:m(...)`; the dot form is deprecated there).
local function call(client, method, ...)
  if vim.fn.has("nvim-0.11") == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

--- The running verbatim client attached to a buffer, if any.
---@param bufnr? integer
---@return vim.lsp.Client?
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return vim.lsp.get_clients({ name = M.name, bufnr = bufnr })[1]
end

--- Diagnostics come one way only: the server serves pulls
--- (`textDocument/diagnostic`) to a client that announces them, as Neovim
--- does, and pushes to any other. Neovim pulls after every change it sends,
--- and the server asks it to pull again (`workspace/diagnostic/refresh`)
--- after a configuration change, such as "Add to known names", when it
--- announces that it handles the request. Neovim 0.11 does not handle it
--- itself; the plugin does, for the verbatim client only.
local REFRESH = "workspace/diagnostic/refresh"

--- Whether Neovim handles `workspace/diagnostic/refresh` on its own.
local function native_refresh()
  return vim.lsp.handlers[REFRESH] ~= nil
end

--- `workspace/diagnostic/refresh`: pulls the diagnostics of every buffer the
--- client is attached to again, through Neovim's own pull handler.
function M.on_diagnostic_refresh(_, _, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  for bufnr in pairs(client and client.attached_buffers or {}) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
      call(client, "request", "textDocument/diagnostic", params, nil, bufnr)
    end
  end
  return vim.NIL
end

--- Handlers for the client config: the refresh request, where Neovim has
--- no handler for it.
---@return table<string, function>
function M.handlers()
  if native_refresh() then
    return {}
  end
  return { [REFRESH] = M.on_diagnostic_refresh }
end

--- Adjusts the `initialize` request: announces that the client handles
--- `workspace/diagnostic/refresh` (see `M.handlers`).
---@param params table InitializeParams
function M.before_init(params)
  local caps = params.capabilities
  if caps and not native_refresh() then
    caps.workspace = caps.workspace or {}
    caps.workspace.diagnostics = vim.tbl_extend("force", caps.workspace.diagnostics or {}, { refreshSupport = true })
  end
end

--- Starts (or reuses) the server for a buffer.
---@param bufnr? integer
---@return integer? client_id
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local opts = M.options or M.defaults
  local cmd = M.server_cmd(opts)
  local settings = M.server_settings(opts.settings)
  return vim.lsp.start({
    name = M.name,
    cmd = cmd,
    root_dir = M.root_dir(bufnr, opts.root_markers),
    init_options = settings,
    settings = settings,
    before_init = M.before_init,
    handlers = M.handlers(),
    capabilities = opts.capabilities,
    flags = { debounce_text_changes = opts.debounce_text_changes },
    on_attach = opts.on_attach,
  }, { bufnr = bufnr })
end

--- Applies every safe fix to a buffer through the server's `source.fixAll`
--- code action, and waits for the edit to land so that a `:write` straight
--- after saves the fixed text.
---@param bufnr? integer
---@param timeout_ms? integer
---@return boolean applied, string? err
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  timeout_ms = timeout_ms or 2000
  local client = M.client(bufnr)
  if not client then
    return false, "verbatim: no language server attached to this buffer"
  end
  local last = math.max(vim.api.nvim_buf_line_count(bufnr) - 1, 0)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = last, character = 0 } },
    context = { only = { "source.fixAll" }, diagnostics = {}, triggerKind = 1 },
  }
  -- Passing bufnr makes Neovim flush any debounced didChange first, so the
  -- server fixes the text the user sees.
  local resp, err = call(client, "request_sync", "textDocument/codeAction", params, timeout_ms, bufnr)
  if not resp then
    return false, "verbatim: fix all: " .. tostring(err)
  end
  if resp.err then
    return false, "verbatim: fix all: " .. (resp.err.message or vim.inspect(resp.err))
  end
  local action
  for _, a in ipairs(resp.result or {}) do
    if type(a.kind) == "string" and vim.startswith(a.kind, "source.fixAll") then
      action = a
      break
    end
  end
  if not action then
    return true -- nothing to fix
  end
  if not action.edit and not action.command then
    local resolved =
      call(client, "request_sync", "codeAction/resolve", action, timeout_ms, bufnr)
    if resolved and resolved.result then
      action = resolved.result
    end
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  if action.command then
    local command = type(action.command) == "table" and action.command or action
    -- The server answers the command after its `workspace/applyEdit` has been
    -- handled, so waiting for the answer waits for the edit.
    local done = call(client, "request_sync", "workspace/executeCommand", {
      command = command.command,
      arguments = command.arguments,
    }, timeout_ms, bufnr)
    if not done then
      return false, "verbatim: fix all: the server did not answer in time"
    end
  end
  return true
end

--- `:VerbatimFixAll`
function M.fix_all_command()
  local ok, err = M.fix_all(0)
  if not ok then
    vim.notify(err, vim.log.levels.ERROR)
  end
end

--- Restarts the servers attached to the current buffer (`:VerbatimRestart`).
function M.restart()
  local bufnr = vim.api.nvim_get_current_buf()
  local clients = vim.lsp.get_clients({ name = M.name })
  local buffers = {}
  for _, client in ipairs(clients) do
    for b in pairs(client.attached_buffers) do
      buffers[b] = true
    end
    call(client, "stop")
  end
  buffers[bufnr] = true
  vim.defer_fn(function()
    for b in pairs(buffers) do
      if vim.api.nvim_buf_is_valid(b) and vim.tbl_contains((M.options or M.defaults).filetypes, vim.bo[b].filetype) then
        if M.options then
          M.start(b)
        elseif vim.fn.has("nvim-0.11") == 1 then
          -- Started by vim.lsp.enable: re-run only its FileType autocommand.
          pcall(vim.api.nvim_exec_autocmds, "FileType", {
            group = "nvim.lsp.enable",
            buffer = b,
            modeline = false,
          })
        end
      end
    end
  end, 200)
end

local group = vim.api.nvim_create_augroup("verbatim", { clear = true })

---@param opts? verbatim.Options
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  -- Lists replace rather than merge.
  for _, key in ipairs({ "filetypes", "root_markers", "patterns", "cmd" }) do
    if opts and opts[key] then
      M.options[key] = vim.deepcopy(opts[key])
    end
  end
  M.register_filetype(M.options.patterns)

  vim.api.nvim_clear_autocmds({ group = group })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  if M.options.fix_all_on_save then
    vim.api.nvim_create_autocmd("BufWritePre", {
      group = group,
      callback = function(args)
        if M.client(args.buf) then
          M.fix_all(args.buf)
        end
      end,
    })
  end

  -- Buffers opened before setup() ran (lazy loading) get a server too.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      local ft = vim.bo[buf].filetype
      if ft == "" and vim.api.nvim_buf_get_name(buf) ~= "" then
        ft = vim.filetype.match({ buf = buf }) or ""
        if ft ~= "" then
          vim.bo[buf].filetype = ft -- fires FileType, which starts the server
        end
      elseif vim.tbl_contains(M.options.filetypes, ft) then
        M.start(buf)
      end
    end
  end
end

return M
