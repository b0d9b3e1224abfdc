" editors/perfadvise.vim — clang remarks (perfadvise findings) in Vim's and
" Neovim's quickfix list as entries of type info ('I'), and clang's warnings
" (perfadvise's [-Wperfadvise-KIND] ones included) as type warning.
" Documented in docs/editors.md; tested with real Vim by
" lit/editors_vim.test (:cgetfile on real remark output).
"
" Vim's default 'errorformat' reads `file:line:col: remark: ...` with no
" type (shown like an error). Install: copy to ~/.vim/plugin/ (Neovim:
" ~/.config/nvim/plugin/), or :source it. Then :make, or
" :cgetfile build.log, and :copen.
" A compiler plugin that sets a buffer-local 'errorformat' (:compiler gcc)
" replaces the global value: run :PerfadviseErrorformat after it.

function! s:Add() abort
  " %I: an info entry; %t: the type from the first letter of "warning".
  " A prepended entry is tried before the compiler's own.
  for l:fmt in ['%f:%l:%c:\ %tarning:\ %m', '%I%f:%l:%c:\ remark:\ %m']
    execute 'setlocal errorformat-=' . l:fmt
    execute 'setlocal errorformat^=' . l:fmt
    execute 'setglobal errorformat-=' . l:fmt
    execute 'setglobal errorformat^=' . l:fmt
  endfor
endfunction

command! PerfadviseErrorformat call s:Add()
call s:Add()
