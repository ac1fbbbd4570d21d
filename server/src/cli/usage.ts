export const USAGE = `emotion-lens — the emotional tone of text, sentence by sentence, offline.

Usage:
  emotion-lens check [options] FILE|DIR|GLOB|- ...
      Per-sentence emotions of files. Folders are searched for the prose formats on by
      default (Markdown, MDX, text, LaTeX, Org, reStructuredText, AsciiDoc), honouring
      .gitignore and the ignore list of .emotion-lens.json; globs are expanded.
      Files of a type not in the table of supported formats are read as plain text (one
      note on stderr lists them).
  emotion-lens commits [options] [RANGE]
      The messages of a commit range (A..B, A...B or one commit; default: the commits not
      on the upstream branch, else HEAD). Merges, reverts and fixup!/squash!/amend! that
      git wrote are skipped.
  emotion-lens commit-msg [--fail-on LABELS] [options] FILE
      For commit-msg hooks (pre-commit, husky, lefthook): one message file, silent when
      clean; honours core.commentChar and skips git's own messages.
  emotion-lens classify [--json] [--labels L] [--threshold X] [--model DIR]
      One text per stdin line (no sentence splitting); one result per line, in order.
  emotion-lens hook install [--fail-on LABELS] | hook uninstall
      Adds (or removes) a git commit-msg hook that runs \`commit-msg\`. It warns; it blocks a
      commit only when --fail-on finds a label. It never replaces a hook it did not write.
  emotion-lens eval --data DIR [--model DIR] [--docs DIR] [--check-set FILE] [--novels FILE] [--json]
      Accuracy, F1, confusion matrix, speed and neutral-text figures of a model.

Options:
  --format F         text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)
  --json             the same as --format json
  --fail-on LABELS   exit 1 when a sentence is flagged with one of LABELS (comma-separated)
  --labels LABELS    only these emotions are flagged (default: .emotion-lens.json's, else all)
  --threshold X      flag a sentence when the model is at least X sure it is emotional
                     (1 - neutral; six-output models: the top emotion's probability)
                     (default: .emotion-lens.json's, else the model's)
  --language ID      check: the language of every file (default: from the file name)
  --all              text output: every sentence, not only flagged ones
  --quiet            text output: no summary line
  -j, --jobs N       check, commits: checking processes, one model each (default: one per two cores)
  --max-file-size S  check: skip files (and stop reading devices, pipes, stdin) beyond S
                     (default 8M; K, M, G suffixes)
  --config FILE      use this .emotion-lens.json instead of searching for one
  --no-config        use no .emotion-lens.json
  --no-english-only  also judge paragraphs detected as another language (by default they are
                     left out: the model reads English only and would flag them falsely)
  --model DIR        a transformers.js model folder (default: the bundled model)
  --allow-remote     let --model name a Hugging Face Hub id (downloads it; off by default)
  --version          the version
  -h, --help         this text

Exit status: 0 nothing to fail on; 1 a --fail-on label was found; 2 bad usage or a broken
.emotion-lens.json; 3 could not run (the model cannot load, no input could be read).

Labels: sadness, joy, love, anger, fear, surprise.`;

/** Bad usage or configuration: exit 2, one line and a pointer to --help. */
export class UsageError extends Error {}

/** The work could not be done (model, nothing readable, a hook that is not ours): exit 3. */
export class CannotRunError extends Error {}

export const EXIT = { ok: 0, found: 1, usage: 2, cannotRun: 3 } as const;
