-- Neovim 0.11+: `vim.lsp.enable("verbatim")` reads this file from 'runtimepath'.
-- Override any field with `vim.lsp.config("verbatim", { ... })`, for example
--   vim.lsp.config("verbatim", { settings = { verbatim = { ignore = { "repeated-word" } } } })
local verbatim = require("verbatim")

return {
  cmd = verbatim.server_cmd(verbatim.defaults),
  filetypes = verbatim.defaults.filetypes,
  -- In priority order: the nearest verbatim.toml wins over an outer .git.
  root_markers = verbatim.root_markers,
  settings = verbatim.server_settings(),
  -- The server reads its settings at startup too: send the same table as
  -- `initializationOptions`, after any `vim.lsp.config` overrides are merged.
  -- Neovim pulls diagnostics; the plugin lets the server ask it to pull
  -- again after a configuration change (see `verbatim.handlers`).
  before_init = function(params, config)
    params.initializationOptions = config.settings
    verbatim.before_init(params)
  end,
  handlers = verbatim.handlers(),
  flags = { debounce_text_changes = verbatim.default_debounce_ms },
}
