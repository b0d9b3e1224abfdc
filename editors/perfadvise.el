;;; perfadvise.el --- clang remarks (perfadvise findings) in compilation-mode  -*- lexical-binding: t -*-

;; editors/perfadvise.el, part of perfadvise. Documented in docs/editors.md,
;; tested with real Emacs in batch mode by lit/editors_emacs.test.

;;; Commentary:

;; Emacs' stock `gnu' entry of `compilation-error-regexp-alist' reads a
;; clang remark
;;
;;   render.c:15:22: remark: malloc(128) runs once per iteration ... [-Rpass-missed=perfadvise-loopalloc]
;;
;; as an *error*: `next-error' stops on it and the mode line counts it with
;; the errors.  This file adds an entry, `clang-remark', that reads every
;; `FILE:LINE[:COL]: remark: ...' line as an *info* message (type 0), ahead
;; of `gnu' so that it wins.  perfadvise's warnings (PERFADVISE_WARNINGS=1,
;; tagged [-Wperfadvise-KIND]) are ordinary warnings, which `gnu' already
;; reads correctly.
;;
;; Use: (load "/path/to/perfadvise/editors/perfadvise.el") in your init
;; file, or put it on `load-path' and (require 'perfadvise).  Then M-x
;; compile; `compilation-skip-threshold' 2 makes `next-error' skip the
;; remarks, 0 visits them.

;;; Code:

(require 'compile)

(defconst perfadvise-clang-remark-regexp
  '(clang-remark
    "^\\([^:\n]+\\):\\([0-9]+\\):\\(?:\\([0-9]+\\):\\)? remark: "
    1 2 3 0)
  "`compilation-error-regexp-alist-alist' entry: a clang remark is info.")

;;;###autoload
(defun perfadvise-compilation-setup ()
  "Read clang remarks as info messages in `compilation-mode'."
  (setq compilation-error-regexp-alist-alist
        (cons perfadvise-clang-remark-regexp
              (assq-delete-all 'clang-remark compilation-error-regexp-alist-alist)))
  ;; First in the list: the first entry that matches a line wins.
  (setq compilation-error-regexp-alist
        (cons 'clang-remark (delq 'clang-remark compilation-error-regexp-alist))))

(perfadvise-compilation-setup)

(provide 'perfadvise)

;;; perfadvise.el ends here
