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

local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h") .. "/harness.lua")
local mode, bin = h.args("plaintext.lua", "plaintext-")
local fixtures = h.repo .. "/tests/fixtures/not-transcripts"
local TIMEOUT = h.TIMEOUT
local check, finish = h.check, h.finish

local notices = h.capture_notices()

local function diag_keys(buf)
  return h.diag_keys(buf, function(d)
    return ("%d %s"):format(d.lnum + 1, tostring(d.code))
  end)
end

-- A bare folder: no verbatim.toml, no .git.
local root = h.tempdir("-verbatim-plaintext-" .. mode)
local plain = { "README.txt", "LICENSE.txt", "meeting-notes.txt", "article.txt" }
for _, name in ipairs(plain) do
  h.copy(fixtures .. "/" .. name, root .. "/" .. name)
end
h.write_file(
  root .. "/interview.txt",
  "MR ROBINSON: We spoke (inaudible and then we left.\n\nMR JONES: Yes.\n"
)

h.start_unconfigured(mode, bin)

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(root .. "/" .. name))
  local buf = vim.api.nvim_get_current_buf()
  local attached = h.wait_client(buf)
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

-- Pulls the buffer's diagnostics as Neovim itself does. Neovim cancels
-- every pending pull of a buffer when it starts one of its own (after
-- attaching, on an edit), ours included, and a cancelled request gets no
-- answer: so a pull that Neovim cancelled is sent again, until one is
-- answered or the deadline passes. Returns { err = ..., result = ... } or nil.
local function pull(client, buf)
  local deadline = vim.uv.now() + TIMEOUT
  while vim.uv.now() < deadline do
    local answer
    local sent, id = client:request(
      "textDocument/diagnostic",
      { textDocument = { uri = vim.uri_from_bufnr(buf) } },
      function(err, result)
        answer = { err = err, result = result }
      end,
      buf
    )
    if not sent then
      return nil
    end
    vim.wait(deadline - vim.uv.now(), function()
      local pending = client.requests[id]
      return answer ~= nil or pending == nil or pending.type == "cancel"
    end, 10)
    -- -32800: RequestCancelled, answered to a pull Neovim cancelled.
    if answer and not (answer.err and answer.err.code == -32800) then
      return answer
    end
  end
  return nil
end

-- The files that are not transcripts: what the server answers to a pull
-- for each, and what the buffer shows: nothing.
for _, name in ipairs(plain) do
  local buf, attached = open(name)
  if attached then
    local client = require("verbatim").client(buf)
    local resp = pull(client, buf)
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

h.check_no_warnings()

finish()
