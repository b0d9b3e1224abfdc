" lit/tools/vim_quickfix.vim — how Vim's quickfix list reads a build log.
" usage: vim -Nu NONE -i NONE -es [-c 'source editors/perfadvise.vim']
"            -c 'let g:pa_in = "LOG" | let g:pa_out = "OUT"' -S lit/tools/vim_quickfix.vim
"        nvim --headless --clean (same -c and -S arguments)
" Run from the directory the build ran in. :cgetfile LOG with the current
" 'errorformat', then writes to OUT one line per valid entry (TYPE
" FILE:LINE:COL: TEXT) and
" `vim: remark lines R, warning lines W; valid V: info I, warning W2, error E, untyped U; files found F`.
let s:log = readfile(g:pa_in)
let s:remarks = len(filter(copy(s:log), 'v:val =~# ''^[^:]\+:\d\+:\d\+: remark: '''))
let s:warnings = len(filter(copy(s:log), 'v:val =~# ''^[^:]\+:\d\+:\d\+: \(warning\|error\): '''))
execute 'cgetfile ' . fnameescape(g:pa_in)
let s:valid = filter(getqflist(), 'v:val.valid')
let s:out = []
let s:n = {'I': 0, 'W': 0, 'E': 0, '': 0}
let s:found = 0
for s:e in s:valid
  let s:t = toupper(s:e.type)
  let s:n[has_key(s:n, s:t) ? s:t : ''] += 1
  let s:name = bufname(s:e.bufnr)
  let s:found += filereadable(s:name)
  call add(s:out, (s:t ==# '' ? 'untyped' : s:t) . ' ' . s:name . ':' . s:e.lnum . ':' . s:e.col . ': ' . s:e.text)
endfor
call add(s:out, printf('vim: remark lines %d, warning lines %d; valid %d: info %d, warning %d, error %d, untyped %d; files found %d',
      \ s:remarks, s:warnings, len(s:valid), s:n.I, s:n.W, s:n.E, s:n[''], s:found))
call writefile(s:out, g:pa_out)
qall!
