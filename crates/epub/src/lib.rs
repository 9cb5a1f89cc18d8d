//! hanmoto-epub: Book → EPUB 3. Arrives with the EPUB issue.
