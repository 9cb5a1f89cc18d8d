//! hanmoto-pdf: Book → PDF. So far the font layer (`fonts`: built-in faces, fallback, shaping,
//! subsetting) and the paragraph line breaker (`layout`: pure data, no fonts); page layout,
//! painting and `hanmoto handout` come next.

pub mod fonts;
pub mod layout;
