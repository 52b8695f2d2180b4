-- Bookmarks, their named collections, and display preferences. Nothing else is ever stored about the user.
CREATE TABLE collections (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- One bookmark per item, by slug (never a content rowid: those change on every content build).
-- `collection` is '' for bookmarks not in a named collection.
CREATE TABLE bookmarks (
    slug TEXT PRIMARY KEY,
    collection TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE preferences (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
