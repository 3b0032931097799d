/** Git ignore rules for edgefleet's bookkeeping under `.edgefleet/`, which is not part of the tree. */
export const BOOKKEEPING_GITIGNORE_PATH = '.edgefleet/.gitignore';

/** The lock, the journal, the stat cache and temp files: transient or a cache, never committed. */
export const BOOKKEEPING_GITIGNORE =
  '# edgefleet bookkeeping: transient files and a cache, not part of the tree\nlock\nlock.*\njournal.*\nstamps.tsv\n*.edgefleet-tmp\n';
