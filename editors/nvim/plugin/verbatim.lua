if vim.g.loaded_verbatim then
  return
end
vim.g.loaded_verbatim = true

if vim.fn.has("nvim-0.10") == 0 then
  vim.notify_once("verbatim needs Neovim 0.10 or newer", vim.log.levels.WARN)
  return
end

-- Plugin managers that do not source ftdetect/ still get the filetype.
require("verbatim").register_filetype()

vim.api.nvim_create_user_command("VerbatimFixAll", function()
  require("verbatim").fix_all_command()
end, { bar = true, desc = "verbatim: apply every safe fix in this buffer" })

vim.api.nvim_create_user_command("VerbatimRestart", function()
  require("verbatim").restart()
end, { bar = true, desc = "verbatim: restart the language server" })
