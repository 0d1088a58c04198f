-- `*.transcript` and `*.transcript.txt` are transcripts. More patterns:
-- require("verbatim").setup({ patterns = { ".*/transcripts/.*%.txt" } }).
require("verbatim").register_filetype()
