export const USAGE = `emotion-lens — the emotional tone of text, sentence by sentence, offline.

Usage:
  emotion-lens classify [--json] [--model DIR] [--threshold X]
      One text per stdin line (no sentence splitting); one result per line, in order.
  emotion-lens check [--json] [--all] [--threshold X] [--fail-on LABELS] [--language ID] [--model DIR] FILE...|-
      Per-sentence emotions of files (Markdown, commit messages, plain text) and a summary.
      Exit 1 when a sentence is flagged with one of LABELS (comma-separated), 2 on bad usage.
  emotion-lens hook install [--fail-on LABELS] | hook uninstall
      Adds (or removes) a git commit-msg hook that runs \`check\` on each commit message.
      It warns; it blocks a commit only with --fail-on. It never replaces a hook it did not write.
  emotion-lens eval --data DIR [--model DIR] [--check-set FILE] [--json]
      Accuracy, F1, confusion matrix, speed and neutral-text figures of a model.

Options:
  --model DIR        a transformers.js model folder (default: the bundled model)
  --allow-remote     let --model name a Hugging Face Hub id (downloads it; off by default)
  --threshold X      flag a sentence when its emotion's probability is at least X (default: the model's)
  --json             machine-readable output
  -h, --help         this text

Labels: sadness, joy, love, anger, fear, surprise.`;

export class UsageError extends Error {}
