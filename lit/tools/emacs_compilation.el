;;; emacs_compilation.el --- how Emacs' compilation-mode reads a build log  -*- lexical-binding: t -*-

;; lit/tools/emacs_compilation.el, part of perfadvise's tests.
;; usage: emacs --batch -Q [-l editors/perfadvise.el] -l lit/tools/emacs_compilation.el LOG DIR
;; Puts LOG in a compilation-mode buffer whose directory is DIR (where the
;; build ran), lets compilation-mode parse it, and prints one line per
;; message it found on a clang diagnostic line -- TYPE FILE:LINE:COL, TYPE
;; being info, warning or error, FILE as compilation-mode visits it -- then
;; per kind of clang line (remark, warning):
;; `emacs: KIND lines N: info I, warning W, error E, unread U; files found F'.

;;; Code:

(require 'compile)
(require 'cl-lib)

(defun pa-emacs--kind-of-line ()
  "The clang diagnostic kind of the current line, or nil."
  (save-excursion
    (beginning-of-line)
    (when (looking-at "^[^:\n]+:[0-9]+:[0-9]+: \\(remark\\|warning\\|error\\): ")
      (match-string 1))))

(let* ((log (expand-file-name (nth 0 command-line-args-left)))
       (dir (file-name-as-directory (expand-file-name (nth 1 command-line-args-left))))
       (names '((0 . "info") (1 . "warning") (2 . "error")))
       ;; kind -> (lines info warning error found)
       (stats (list (list "remark" 0 0 0 0 0) (list "warning" 0 0 0 0 0))))
  (setq command-line-args-left nil)
  (with-current-buffer (get-buffer-create "*compilation*")
    (insert-file-contents log)
    (setq default-directory dir)
    (compilation-mode)
    (compilation--ensure-parse (point-max))
    (goto-char (point-min))
    (while (not (eobp))
      (let* ((kind (pa-emacs--kind-of-line))
             (row (cdr (assoc (if (equal kind "error") "warning" kind) stats))))
        (when row
          (cl-incf (nth 0 row))
          (let ((msg (get-text-property (point) 'compilation-message)))
            (when msg
              (let* ((type (compilation--message->type msg))
                     (loc (compilation--message->loc msg))
                     (file (caar (compilation--loc->file-struct loc))))
                (cl-incf (nth (1+ type) row))
                (when (file-exists-p (expand-file-name file dir))
                  (cl-incf (nth 4 row)))
                (princ (format "%s %s:%s:%s\n" (cdr (assq type names)) file
                               (compilation--loc->line loc) (compilation--loc->col loc))))))))
      (forward-line 1)))
  (dolist (s stats)
    (let ((row (cdr s)))
      (princ (format "emacs: %s lines %d: info %d, warning %d, error %d, unread %d; files found %d\n"
                     (car s) (nth 0 row) (nth 1 row) (nth 2 row) (nth 3 row)
                     (- (nth 0 row) (nth 1 row) (nth 2 row) (nth 3 row)) (nth 4 row))))))

;;; emacs_compilation.el ends here
